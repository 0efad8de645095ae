#!/usr/bin/env python3
"""Differential test: docxtemplater itself (npm, pinned in tests/fill/dt/package-lock.json)
and tianbiao fill the same templates from the same JSON; the two documents must have the same
text, paragraph by paragraph, in every part that holds text (the main document wherever its
relationships put it, headers, footers, footnotes, endnotes, comments).

The cases are tests/fill/dt/cases/*/ (template.docx + data.json); tests/fill/dt/cases.json
says where each template comes from. docxtemplater runs as its users configure it
(dt_fill.js: angular expressions, paragraphLoop, linebreaks); tianbiao runs with no option
at all: the syntax is detected from the template.

docxtemplater comes from tests/fill/dt/node_modules (scripts/install-deps.sh --test runs
`npm ci` there); when it is missing, the test installs the pinned versions into the build
folder with `npm ci`, and fails if it cannot."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

SRC = os.environ.get("TB_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
TB = os.environ.get("TB", "tianbiao")
BUILD = os.environ.get("TB_BUILD", tempfile.gettempdir())
DT = os.path.abspath(os.path.join(SRC, "tests", "fill", "dt"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def node_modules():
    """The folder holding docxtemplater's node_modules (installed by npm ci if needed)."""
    if os.path.isdir(os.path.join(DT, "node_modules", "docxtemplater")):
        return DT
    work = os.path.join(BUILD, "dt-npm")
    if os.path.isdir(os.path.join(work, "node_modules", "docxtemplater")):
        return work
    os.makedirs(work, exist_ok=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(DT, f), work)
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("docxtemplater is not installed and `npm ci` failed (run scripts/install-deps.sh --test):\n"
                 + r.stderr[-2000:])
    return work


def text_parts(z):
    """Names of the parts that hold text: the main part through _rels/.rels, then the parts
    it relates to as header, footer, footnotes, endnotes or comments."""
    main = "word/document.xml"
    rels = ET.fromstring(z.read("_rels/.rels"))
    for r in rels.iter(R + "Relationship"):
        if r.get("Type", "").endswith("/officeDocument"):
            main = r.get("Target").lstrip("/")
    parts = [main]
    d, base = os.path.split(main)
    relname = os.path.join(d, "_rels", base + ".rels")
    if relname in z.namelist():
        for r in ET.fromstring(z.read(relname)).iter(R + "Relationship"):
            kind = r.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("header", "footer", "footnotes", "endnotes", "comments") and r.get("TargetMode") != "External":
                parts.append(os.path.normpath(os.path.join(d, r.get("Target"))))
    return sorted(set(parts), key=parts.index)


def paragraphs(root):
    """Each w:p's own text in document order: w:t, w:tab as a tab, w:br and w:cr as a newline
    (a page break as a form feed); a paragraph nested in a text box is a paragraph of its own."""
    out = []

    def own(p, el, acc):
        for c in el:
            if c.tag == W + "p":
                continue
            if c.tag == W + "t":
                acc.append(c.text or "")
            elif c.tag == W + "tab" and el.tag == W + "r":
                acc.append("\t")
            elif c.tag in (W + "br", W + "cr"):
                acc.append("\f" if c.get(W + "type") == "page" else "\n")
            own(p, c, acc)

    for p in root.iter(W + "p"):
        acc = []
        own(p, p, acc)
        out.append("".join(acc))
    return out


def document_text(path):
    with zipfile.ZipFile(path) as z:
        return {name: paragraphs(ET.fromstring(z.read(name))) for name in text_parts(z)}


def main():
    manifest = json.load(open(os.path.join(DT, "cases.json"), encoding="utf-8"))
    cases = [c for c in manifest["cases"] if c.get("enabled", True)]
    pending = [c for c in manifest["cases"] if not c.get("enabled", True)]
    npm = node_modules()
    out = tempfile.mkdtemp(prefix="dt-diff-")
    dt_out, tb_out = os.path.join(out, "dt"), os.path.join(out, "tb")
    os.makedirs(dt_out)
    os.makedirs(tb_out)
    env = dict(os.environ, NODE_PATH=os.path.join(npm, "node_modules"))
    r = subprocess.run(["node", os.path.join(DT, "dt_fill.js"), os.path.join(DT, "cases"), dt_out]
                       + [c["case"] for c in cases], capture_output=True, text=True, env=env, cwd=npm)
    if r.returncode != 0:
        sys.exit("dt_fill.js failed:\n" + r.stderr)
    dt_status = {j["case"]: j for j in map(json.loads, r.stdout.splitlines())}
    passed = failed = 0
    for c in cases:
        name = c["case"]
        cdir = os.path.join(DT, "cases", name)
        problems = []
        if "error" in dt_status.get(name, {"error": "not run"}):
            problems.append("docxtemplater: " + dt_status.get(name, {}).get("error", "not run"))
        t = subprocess.run([TB, "fill", os.path.join(cdir, "template.docx"), os.path.join(cdir, "data.json"),
                            "-o", os.path.join(tb_out, name + ".docx")] + c.get("tianbiao_args", []),
                           capture_output=True, text=True)
        if t.returncode != 0:
            problems.append("tianbiao fill exit %d:\n%s" % (t.returncode, t.stderr))
        if not problems:
            a = document_text(os.path.join(dt_out, name + ".docx"))
            b = document_text(os.path.join(tb_out, name + ".docx"))
            if list(a) != list(b):
                problems.append("parts differ: docxtemplater %s, tianbiao %s" % (list(a), list(b)))
            for part in a:
                pa, pb = a[part], b.get(part, [])
                if pa != pb:
                    lines = ["%s: %d paragraphs (docxtemplater) vs %d (tianbiao)" % (part, len(pa), len(pb))]
                    for i in range(max(len(pa), len(pb))):
                        x = pa[i] if i < len(pa) else "∅"
                        y = pb[i] if i < len(pb) else "∅"
                        lines.append("%s %3d dt=%r tb=%r" % ("  " if x == y else "!!", i + 1, x, y))
                    problems.append("\n".join(lines))
        if problems:
            failed += 1
            print("FAIL %s (%s)\n  %s" % (name, c["source"], "\n  ".join(problems)))
        else:
            passed += 1
            print("ok   %s (%s): %d paragraphs" % (name, c["source"], sum(map(len, document_text(
                os.path.join(tb_out, name + ".docx")).values()))))
    for c in pending:
        print("pending %s: %s" % (c["case"], c.get("why", "")))
    shutil.rmtree(out, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed < 30 else 0


if __name__ == "__main__":
    sys.exit(main())
