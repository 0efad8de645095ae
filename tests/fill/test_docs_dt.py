#!/usr/bin/env python3
"""test_docs_dt.py: the examples of docs/tags.md, "Coming from docxtemplater", are true.

Each example is a ```docx block (one template paragraph per line; a line `| a | b |` is a
table row), a ```json block and a ```text block. The template is built, filled by tianbiao
and by docxtemplater itself (as test_dt_diff.py runs it), and both documents' text must be
the text block, line by line (a table row as `| a | b |`)."""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit  # noqa: E402
import test_dt_diff as dtd  # noqa: E402

fillkit.ensure_docx()
import docx  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def examples():
    text = open(os.path.join(fillkit.SRC, "docs", "tags.md"), encoding="utf-8").read()
    sec = text.split("\n## Coming from docxtemplater", 1)
    if len(sec) < 2:
        sys.exit("docs/tags.md has no \"Coming from docxtemplater\" section")
    sec = sec[1].split("\n## ", 1)[0]
    out = []
    for title, body in re.findall(r"\n### ([^\n]+)\n(.*?)(?=\n### |\Z)", sec, re.S):
        blocks = dict(re.findall(r"```(docx|json|text)\n(.*?)```", body, re.S))
        if set(blocks) == {"docx", "json", "text"}:
            out.append((title, blocks["docx"].rstrip("\n").split("\n"), blocks["json"],
                        blocks["text"].rstrip("\n").split("\n")))
    return out


def build(lines, dest):
    d = docx.Document()
    rows = []

    def flush():
        if rows:
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    t.cell(i, j).text = c
            rows.clear()

    for line in lines:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        else:
            flush()
            d.add_paragraph(line)
    flush()
    d.save(dest)


def para_text(p):
    s = ""
    for el in p.iter():
        if el.tag == W + "t":
            s += el.text or ""
        elif el.tag == W + "br":
            s += "\n"
    return s


def body_lines(path):
    with zipfile.ZipFile(path) as z:
        body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
    out = []
    for el in body:
        if el.tag == W + "p":
            out.append(para_text(el))
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                cells = [" ".join(para_text(p) for p in tc.iter(W + "p")) for tc in tr.iter(W + "tc")]
                out.append("| " + " | ".join(cells) + " |")
    return out


def main():
    ex = examples()
    npm = dtd.node_modules()
    work = tempfile.mkdtemp(prefix="docs-dt-")
    cases = os.path.join(work, "cases")
    passed = failed = 0
    for i, (title, lines, data, _) in enumerate(ex):
        d = os.path.join(cases, "ex%d" % i)
        os.makedirs(d)
        build(lines, os.path.join(d, "template.docx"))
        with open(os.path.join(d, "data.json"), "w", encoding="utf-8") as f:
            f.write(data)
    os.makedirs(os.path.join(work, "dt"))
    env = dict(os.environ, NODE_PATH=os.path.join(npm, "node_modules"))
    r = subprocess.run(["node", os.path.join(dtd.DT, "dt_fill.js"), cases, os.path.join(work, "dt")],
                       capture_output=True, text=True, env=env, cwd=npm)
    status = {j["case"]: j for j in map(json.loads, r.stdout.splitlines())}
    for i, (title, lines, data, expected) in enumerate(ex):
        d = os.path.join(cases, "ex%d" % i)
        out = os.path.join(work, "tb%d.docx" % i)
        t = subprocess.run([fillkit.TB, "fill", os.path.join(d, "template.docx"), os.path.join(d, "data.json"),
                            "-o", out], capture_output=True, text=True)
        problems = []
        if t.returncode:
            problems.append("tianbiao: " + t.stderr)
        elif body_lines(out) != expected:
            problems.append("tianbiao gives %r" % body_lines(out))
        if "error" in status.get("ex%d" % i, {"error": "not run"}):
            problems.append("docxtemplater: %s" % status.get("ex%d" % i, {}).get("error", "not run"))
        elif body_lines(os.path.join(work, "dt", "ex%d.docx" % i)) != expected:
            problems.append("docxtemplater gives %r" % body_lines(os.path.join(work, "dt", "ex%d.docx" % i)))
        if problems:
            failed += 1
            print("FAIL %s: expected %r\n  %s" % (title, expected, "\n  ".join(problems)))
        else:
            passed += 1
            print("ok   %s" % title)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed < 5 else 0


if __name__ == "__main__":
    sys.exit(main())
