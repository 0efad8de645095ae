#!/usr/bin/env python3
"""test_fill_json.py: JSON data, docxtemplater templates and the four misses of issue 15,
each on its own:

1. Word for the web (main part word/document2.xml) fills: docxtemplater's own office365.docx.
2. Paragraph loops: a paragraph holding only a section tag goes, no blank paragraph is left
   and no text moves between copies (docxtemplater's paragraph-loops.docx, its output as
   docxtemplater gives it, written down here).
3. Values as given: "Hello " + "Foo" stays "Hello Foo" (JSON; XML with xml:space="preserve"),
   pretty-printing indentation is not text.
4. No silent emptiness: a misspelt condition warns with the nearest value, full-width braces
   warn, typographic quotes in default(“无”) work.
Also: the JSON mapping (truth, null, [], keys that are not XML names, nested arrays), JSON
errors with line:column, row numbers ($index, $position, $count, position(), last())."""
import json
import os
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit  # noqa: E402
from fillkit import check, path, run_fill, write  # noqa: E402

fillkit.ensure_docx()
import docx  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = os.path.join(fillkit.SRC, "tests", "fill", "dt", "cases")


def paragraphs(docx_path, part=None):
    with zipfile.ZipFile(docx_path) as z:
        if part is None:
            rels = ET.fromstring(z.read("_rels/.rels"))
            part = [r.get("Target").lstrip("/") for r in rels if r.get("Type", "").endswith("/officeDocument")][0]
        root = ET.fromstring(z.read(part))
    out = []
    for p in root.iter(W + "p"):
        s = ""
        for el in p.iter():
            if el.tag == W + "t":
                s += el.text or ""
            elif el.tag == W + "br":
                s += "\n"
        out.append(s)
    return out


def template(name, *paras):
    d = docx.Document()
    for p in paras:
        d.add_paragraph(p)
    d.save(path(name))
    return path(name)


def fill(tpl, data, *opts):
    out = path(os.path.basename(tpl) + "-" + os.path.basename(data) + ".docx")
    rc, msg = run_fill(tpl, data, out, *opts)
    return rc, msg, paragraphs(out) if rc == 0 else []


# 1. Word for the web
rc, msg, paras = fill(os.path.join(CASES, "dt-office365", "template.docx"),
                      write("o365.json", '{"test": "Hello ", "test2": "World"}'))
check(rc == 0, "office365.docx (word/document2.xml) fills: %s" % msg)
check(paras[:1] == ["Hello  "] and "World" in paras, "office365.docx values: %r" % paras)

# 2. paragraph loops as docxtemplater does them
rc, msg, paras = fill(os.path.join(CASES, "dt-paragraph-loops", "template.docx"),
                      os.path.join(CASES, "dt-paragraph-loops", "data.json"))
check(rc == 0, "paragraph-loops.docx fills: %s" % msg)
expected = ["This is a paragraph loop :", "", "My paragraph loop", "My paragraph loop", ""] + \
    ["My paragraph loop"] * 6 + ["", "These are all not paragraph loops :", "", "Types of loops ", "Cond", "",
                                 "Cond", "", "", "fweffwef", "", "placeholder-value", "Cond",
                                 "placeholder-value", "Cond", "", "", "", "Cond", "", "Cond",
                                 "placeholder-value", "", "test", "Cond", "", "Cond", "", "", "testtest", "Cond",
                                 "test", "Cond", ""]
check(paras == expected, "paragraph loops: tag paragraphs removed, loops between paragraphs as "
      "docxtemplater: got %r" % paras)
tpl = template("ploop.docx", "Team:", "{#users}", "{name}", "{/users}", "End")
rc, msg, paras = fill(tpl, write("users.json", '{"users": [{"name": "A"}, {"name": "B"}]}'))
check(paras == ["Team:", "A", "B", "End"], "no blank paragraph left by {#users}/{/users}: %r" % paras)

# 3. values as given
tpl = template("space.docx", "{greeting}{name}!")
rc, msg, paras = fill(tpl, write("space.json", '{"greeting": "Hello ", "name": "Foo"}'))
check(paras == ["Hello Foo!"], "JSON \"Hello \" keeps its space: %r %s" % (paras, msg))
tpl = template("space2.docx", "{{greeting}}{{name}}! [{{indented}}] [{{mixed}}]")
xml = write("space.xml", """<data>
  <greeting xml:space="preserve">Hello </greeting>
  <name>
      Foo
  </name>
  <indented>
    <a>x</a>
    <b>y</b>
  </indented>
  <mixed xml:space="preserve">
    <a> p </a>
    <b>q</b>
  </mixed>
</data>""")
rc, msg, paras = fill(tpl, xml)
check(paras == ["Hello Foo! [xy] [ p q]"],
      "XML: xml:space=preserve kept, indentation dropped: %r %s" % (paras, msg))

# 4a. a misspelt condition warns, with the nearest value
tpl = template("targets.docx", "青少年{{service-targets/target[@ref='youth'] | check}} "
                               "农民{{service-targets/target[@ref='farmer'] | check}}",
               "{{#awrds/award}}{{title}}{{/}}", "{{#awards/award}}{{title}}{{/}}")
ev = write("targets.xml", "<evidence><service-targets><target ref='youth'/><target ref='farmers'/>"
                          "</service-targets><awards><award><title>T</title></award></awards></evidence>")
rc, msg, paras = fill(tpl, ev)
check(rc == 0 and paras[0] == "青少年☑ 农民□", "check boxes filled: %r" % paras)
check("warning[fill.no-match]" in msg and "paragraph 1" in msg and "'farmer'" in msg and '"farmers"' in msg,
      "misspelt @ref='farmer' warns with its place and \"farmers\": %s" % msg)
check("awrds" in msg and '"awards"' in msg and "paragraph 2" in msg, "misspelt section name warns: %s" % msg)
check(msg.count("fill.no-match") == 2, "only the two misspelt conditions warn: %s" % msg)
# conditions are found anywhere: deeper than the root's children, at the root itself, and
# under the second of two parents; a value found nowhere warns
tpl = template("deep.docx", "a{{#a/b[@c='d']}}1{{/}}{{#x/a/b[@c='q']}}5{{/}}",
               "{{#data}}2{{/}}{{#b[@c='f']}}3{{/}}{{#a/b[@c='e']}}4{{/}}")
ev = write("deep.xml", "<data><x><a><b c='q'/></a></x><y><a><b c='d'/></a><a><b c='f'/></a></y></data>")
rc, msg, paras = fill(tpl, ev)
check(rc == 0 and paras == ["a5", ""] and msg.count("fill.no-match") == 1 and "'e'" in msg,
      "conditions anywhere in the data; only a/b[@c='e'] warns: %r %s" % (paras, msg))
rc, msg, _ = fill(os.path.join(fillkit.SRC, "templates/programs/qhd-2021/application-form.docx"),
                  os.path.join(fillkit.SRC, "samples/qhd-haigang-youth/evidence.xml"))
check(rc == 0 and "no-match" not in msg, "boxes this applicant leaves unticked are not warned about: %s" % msg[-600:])
rc, msg, _ = fill(template("empty.docx", "{#users}{name}{/users}{^none}-{/none}"),
                  write("empty.json", '{"users": [], "none": null}'))
check(rc == 0 and "no-match" not in msg, "an empty list or null in JSON is data, not a misspelling: %s" % msg)
rc, msg, _ = fill(template("emptymiss.docx", "{#user}{name}{/user}"), write("emptymiss.json", '{"users": []}'))
check("no-match" in msg and '"users"' in msg, "{#user} against users warns: %s" % msg)

# 4b. full-width braces warn; 4c. typographic quotes work
tpl = template("fw.docx", "申报单位：｛｛applicant.name｝｝", "日期：{{date | default(“无”)}}")
rc, msg, paras = fill(tpl, write("fw.xml", "<e><applicant><name>X</name></applicant></e>"))
check(rc == 0 and "warning[fill.fullwidth]" in msg and "paragraph 1" in msg and "｛｛applicant.name｝｝" in msg,
      "full-width braces warn: %s" % msg)
check(paras == ["申报单位：｛｛applicant.name｝｝", "日期：无"], "default(“无”) works: %r" % paras)
tpl = template("sq.docx", "{{x[@k=‘a’]}} {{concat(“a”, ‘b’)}} {{y | default(\"“引”\")}}")
rc, msg, paras = fill(tpl, write("sq.xml", "<e><x k='a'>1</x></e>"))
check(paras == ["1 ab “引”"], "typographic quotes as string quotes, kept inside ASCII ones: %r %s" % (paras, msg))

# JSON mapping
tpl = template("map.docx",
               "{{#t}}T{{/}}{{^f}}F{{/}}{{#s}}S{{/}}{{^zero}}0{{/}}{{^empty}}E{{/}}{{^nil}}N{{/}}{{#obj}}O{{/}}",
               "{{first_x0020_name}}|{{_x0031_st}}|{{a.b}}|{{n}}|{{big}}",
               "{{#m}}[{{#item}}{{.}}{{/}}]{{/}}", "{{#list}}{{.}}{{$index}}{{/list}}")
data = write("map.json", json.dumps({"t": True, "f": False, "s": "false", "zero": 0, "empty": "", "nil": None,
                                     "obj": {}, "first name": "Ann", "1st": "one", "a": {"b": "ab"}, "n": 1.50,
                                     "big": 1e21, "m": [[1, 2], [3]], "list": ["x", "y"]}))
rc, msg, paras = fill(tpl, data)
check(paras == ["TFS0ENO", "Ann|one|ab|1.5|1e+21", "[12][3]", "x0y1"],
      "JSON truth, names, numbers as JavaScript prints them, nested arrays: %r %s" % (paras, msg))
bad = write("bad.json", '{\n  "a": 1,\n  "b": [1, 2,]\n}')
rc, msg, _ = fill(tpl, bad)
check(rc == 1 and "bad.json:3:14" in msg and "json.syntax" in msg, "JSON error with line:column: %s" % msg)
rc, msg, _ = fill(tpl, write("arr.json", "[1, 2]"))
check(rc == 1 and "fill.data" in msg, "a JSON array at the top is refused: %s" % msg)

# row numbers
tpl = template("rows.docx", "{{#r}}{{$index}}/{{$position}}/{{$count}}/{{position()}}/{{last()}} {{/r}}",
               "{{#r}}{{#c}}{{$position}}.{{position()}}{{/c}};{{/r}}", "out:{{$index}}/{{$count}}")
rc, msg, paras = fill(tpl, write("rows.xml", "<d><r><c/><c/></r><r><c/></r></d>"))
check(paras == ["0/1/2/1/2 1/2/2/2/2 ", "1.12.2;1.1;", "out:0/1"], "row numbers: %r %s" % (paras, msg))
tpl = template("rowsdt.docx", "{#rows}{$index + 1}. {name} ({$index}) {/rows}")
rc, msg, paras = fill(tpl, write("rowsdt.json", '{"rows": [{"name": "a"}, {"name": "b"}]}'))
check(paras == ["1. a (0) 2. b (1) "], "docxtemplater's $index: %r %s" % (paras, msg))

# syntax choice
tpl = template("both.docx", "{name} {{name}}")
rc, msg, paras = fill(tpl, write("both.json", '{"name": "N"}'))
check(paras == ["{name} N"], "{{ }} anywhere: tianbiao's syntax: %r" % paras)
tpl = template("single.docx", "{name}")
rc, msg, paras = fill(tpl, path("both.json"))
check(paras == ["N"], "{tags} only: docxtemplater's syntax: %r %s" % (paras, msg))
rc, msg, paras = fill(tpl, path("both.json"), "--syntax", "tianbiao")
check(paras == ["{name}"], "--syntax tianbiao leaves {name}: %r %s" % (paras, msg))
rc, msg, paras = fill(tpl, path("both.json"), "--syntax", "docxtemplater", "--delimiters", "{ }")
check(paras == ["N"], "--syntax docxtemplater: %r %s" % (paras, msg))
rc, msg, paras = fill(template("prose.docx", "集合 {a, b} 与 {1}"), path("both.json"))
check(rc == 0 and paras == ["集合 {a, b} 与 {1}"], "braces in prose do not make a docxtemplater template: %r %s"
      % (paras, msg))
rc, msg, _ = fill(template("raw.docx", "{@raw}"), write("raw.json", '{"raw": "<w:p/>"}'))
check(rc == 1 and "fill.syntax" in msg and "raw XML" in msg, "{@raw} is refused clearly: %s" % msg)

print("%d failed" % len(fillkit.failures))
sys.exit(1 if fillkit.failures else 0)
