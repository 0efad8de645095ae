"""test_fill_cases.py: the committed LibreOffice-saved templates with tags split across runs,
template errors reported all together (inspect and fill), missing data, delimiters, CLI
usage errors."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit as K  # noqa: E402

K.ensure_docx()
import docx  # noqa: E402

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

DATA = """<data><applicant><name>甲&amp;乙单位</name></applicant><date>2024-02-29</date>
<amount>1000000.10</amount><items><item n="1"><name>一号</name></item><item n="2"><name>二号</name></item></items></data>"""


def squash(s):
    return "".join(s.split())


def fixtures():
    data = K.write("split.xml", DATA)
    for name in ("split-lo.odt", "split-lo.docx"):
        ext = name.rsplit(".", 1)[1]
        out = K.path("split-out." + ext)
        rc, msg = K.run_fill(os.path.join(FIX, name), data, out)
        K.check(rc == 0, "%s fills: %s" % (name, msg))
        if rc:
            continue
        text = squash(K.lo_text(out))
        for e in ["单位：甲&乙单位。", "日期：2024年2月29日", "金额：壹佰万元壹角整", "一号1", "二号2"]:
            K.check(e in text, "%s: %r in LibreOffice's rendering" % (name, e))
        K.check("{" not in text and "}" not in text, name + ": no tag text left")
        if ext == "docx":
            d = docx.Document(out)
            runs = [r for r in d.paragraphs[0].runs if "甲" in r.text]
            K.check(len(runs) == 1 and runs[0].bold, "split tag value takes its first run's formatting (bold)")


def errors():
    d = docx.Document()
    d.add_paragraph("{{/stray}}")
    d.add_paragraph("开头 {{#never/closed}} 文字")
    d.add_paragraph("值 {{x | nosuch}} 后")
    d.add_paragraph("坏 {{a[ }} 式")
    d.add_paragraph("函数 {{nosuchfn(1)}}")
    d.add_paragraph("切开的 {{applicant")
    d.add_paragraph("name}} 标签")
    t = d.add_table(rows=1, cols=1)
    t.rows[0].cells[0].text = "格 {{y | money(\"x\")}}"
    tpl = K.path("bad.docx")
    d.save(tpl)
    p = subprocess.run([K.TB, "inspect", tpl, "--format", "json"], capture_output=True, text=True)
    K.check(p.returncode == 1, "inspect exits 1 on template errors (%d)" % p.returncode)
    try:
        j = json.loads(p.stdout)
    except ValueError:
        K.check(False, "inspect --format json prints JSON: " + p.stdout[:300])
        return
    codes = [x["code"] for x in j["problems"]]
    for c in ["fill.section", "fill.formatter", "fill.xpath", "fill.split-tag"]:
        K.check(c in codes, "inspect reports %s: %r" % (c, codes))
    K.check(codes.count("fill.section") == 2, "unclosed and unopened sections both reported")
    K.check(codes.count("fill.xpath") == 2, "syntax error and unknown function both reported")
    K.check(codes.count("fill.formatter") == 2, "unknown formatter and wrong argument both reported")
    msgs = " ".join(x["message"] for x in j["problems"])
    K.check("paragraph 3" in msgs and "nosuch" in msgs and "值 ⟦{{x | nosuch}}⟧ 后" in msgs,
            "problems say where, which tag, and the text around it: " + msgs[:400])
    K.check("table 1, row 1, cell 1" in msgs, "problems in tables give table/row/cell")
    K.check(all(x["file"].endswith("bad.docx:word/document.xml") for x in j["problems"]),
            "problems name the part")
    kinds = [t["kind"] for t in j["tags"]]
    K.check("section" in kinds and "close" in kinds and "value" in kinds, "inspect lists tags with kinds")
    out = K.path("bad-out.docx")
    rc, msg = K.run_fill(tpl, K.write("e.xml", "<d/>"), out)
    K.check(rc == 1 and not os.path.exists(out), "fill refuses a broken template and writes nothing")
    K.check(msg.count("error[fill.") == len(codes), "fill reports every problem at once")


def missing_and_options():
    d = docx.Document()
    d.add_paragraph("名：{name}，无：{nothing}，默认：{nothing | default(\"无\")}")
    tpl = K.path("single.docx")
    d.save(tpl)
    data = K.write("m.xml", "<r><name>张三</name></r>")
    out = K.path("m.docx")
    rc, msg = K.run_fill(tpl, data, out, "--delimiters", "{ }")
    K.check(rc == 1 and "fill.missing" in msg and "paragraph 1" in msg and not os.path.exists(out),
            "missing data is an error with its location: " + msg)
    K.check("undefined" not in msg, "never 'undefined'")
    rc, msg = K.run_fill(tpl, data, out, "--delimiters", "{ }", "--missing", "empty")
    K.check(rc == 0, "--missing empty fills: " + msg)
    if rc == 0:
        K.check(K.docx_text(out)[0] == "名：张三，无：，默认：无", "single-brace delimiters: %r" % K.docx_text(out)[0])
    g = docx.Document()
    g.add_paragraph("是{{name | check}} 否{{nothing | check}} 自定{{name | check(\"Y\",\"N\")}}")
    gt = K.path("glyphs.docx")
    g.save(gt)
    rc, msg = K.run_fill(gt, data, K.path("glyphs-out.docx"), "--check-glyphs", "√ ×")
    K.check(rc == 0 and K.docx_text(K.path("glyphs-out.docx"))[0] == "是√ 否× 自定Y",
            "--check-glyphs sets the default glyphs: " + msg)
    p = subprocess.run([K.TB, "inspect", tpl, "--delimiters", "{ }"], capture_output=True, text=True)
    K.check(p.returncode == 0 and p.stdout.count("\tvalue\t") == 3, "inspect lists tags: " + p.stdout)
    # A .pdf output fills and renders in one step.
    rc, msg = K.run_fill(tpl, data, K.path("x.pdf"), "--delimiters", "{ }", "--missing", "empty")
    K.check(rc == 0 and open(K.path("x.pdf"), "rb").read(5) == b"%PDF-", "a .pdf output is rendered: %d %s" % (rc, msg))
    rc, msg = K.run_fill(tpl, data, out, "--delimiters", "{")
    K.check(rc == 2, "bad delimiters are a usage error")
    rc, msg = K.run_fill(tpl, data, out, "--missing", "maybe")
    K.check(rc == 2, "bad --missing is a usage error")
    rc, msg = K.run_fill(K.path("nofile.docx"), data, out)
    K.check(rc == 3, "a missing template exits 3")


def lists():
    """A paragraph loop over bulleted items; in ODT each item is a text:list-item."""
    d = docx.Document()
    d.add_paragraph("LIST-START")
    d.add_paragraph("{{#items/item}}", style="List Bullet")
    d.add_paragraph("项：{{name}}", style="List Bullet")
    d.add_paragraph("{{/}}", style="List Bullet")
    d.add_paragraph("LIST-END")
    tpl = K.path("list.docx")
    d.save(tpl)
    data = K.write("list.xml", DATA)
    for t in (tpl, K.soffice(tpl, "odt")):
        K.check(t is not None, "list template made")
        if not t:
            continue
        out = K.path("list-out." + t.rsplit(".", 1)[1])
        rc, msg = K.run_fill(t, data, out)
        K.check(rc == 0, "list loop fills: " + msg)
        lines = [x.strip() for x in K.lo_text(out, "txt").splitlines()]
        i, j = lines.index("LIST-START"), lines.index("LIST-END")
        got = [x.lstrip("•●·- \t") for x in lines[i + 1:j]]
        K.check(got == ["项：一号", "项：二号"], "%s: list items repeated, tag items gone: %r" % (out, lines[i:j + 1]))
        if out.endswith(".odt"):
            K.check(K.part(out, "content.xml").count("xmlns:text=") == 1, "copies do not redeclare namespaces")


fixtures()
lists()
errors()
missing_and_options()
K.finish()
