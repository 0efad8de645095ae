#!/usr/bin/env python3
"""test_word_web.py: packages told apart by their relationships, not by part names.

Word for the web saves the main part as word/document2.xml (named by _rels/.rels); other
generators move styles too. Such a template must fill and render exactly like the original:
the filled documents lay out to the same trace. A package whose main part is a workbook is
refused with package.format, saying so."""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

TB = os.environ["TB"]
SRC = os.environ["TB_SRC"]
TEMPLATE = os.path.join(SRC, "templates/programs/qhd-2021/application-form.docx")
EVIDENCE = os.path.join(SRC, "samples/qhd-haigang-youth/evidence.xml")
APPLICANT = "秦皇岛市海港区青少年科技活动中心"

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL", what)
    else:
        print("ok  ", what)


def rewrite(src, dst, renames, edit=None):
    """Copy a package renaming parts; `edit(name, bytes)` may change any part's bytes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            name = renames.get(info.filename, info.filename)
            if edit:
                data = edit(name, data)
            zout.writestr(name, data)


def word_web(src, dst, move_styles=False):
    renames = {"word/document.xml": "word/document2.xml",
               "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels"}
    if move_styles:
        renames["word/styles.xml"] = "word/web-styles.xml"

    def edit(name, data):
        if name == "_rels/.rels":
            data = data.replace(b'Target="word/document.xml"', b'Target="word/document2.xml"')
        elif name == "[Content_Types].xml":
            data = data.replace(b'PartName="/word/document.xml"', b'PartName="/word/document2.xml"')
            if move_styles:
                data = data.replace(b'PartName="/word/styles.xml"', b'PartName="/word/web-styles.xml"')
        elif name == "word/_rels/document2.xml.rels" and move_styles:
            data = data.replace(b'Target="styles.xml"', b'Target="web-styles.xml"')
        return data

    rewrite(src, dst, renames, edit)


def run(*args):
    return subprocess.run([TB, *args], capture_output=True, text=True)


def main():
    tmp = tempfile.mkdtemp(prefix="tb-wordweb-")
    web = os.path.join(tmp, "web.docx")
    moved = os.path.join(tmp, "moved.docx")
    word_web(TEMPLATE, web)
    word_web(TEMPLATE, moved, move_styles=True)
    with zipfile.ZipFile(moved) as z:
        names = z.namelist()
    check("word/document2.xml" in names and "word/document.xml" not in names and
          "word/web-styles.xml" in names and "word/styles.xml" not in names,
          "the variants have no word/document.xml (and no word/styles.xml)")

    traces = {}
    for label, tpl in (("original", TEMPLATE), ("web", web), ("moved", moved)):
        out = os.path.join(tmp, label + "-filled.docx")
        r = run("fill", tpl, EVIDENCE, "-o", out)
        check(r.returncode == 0, f"{label}: fill exits 0 ({r.stderr.strip()[:200]})")
        if r.returncode:
            continue
        with zipfile.ZipFile(out) as z:
            main = "word/document.xml" if label == "original" else "word/document2.xml"
            xml = z.read(main).decode("utf-8")
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
        check(APPLICANT in text, f"{label}: the applicant's name is filled into {main}")
        check("{{" not in text, f"{label}: no tag is left")
        trace = os.path.join(tmp, label + ".trace")
        r = run("render", out, "-o", trace)
        check(r.returncode == 0, f"{label}: renders to a trace ({r.stderr.strip()[:200]})")
        if r.returncode == 0:
            with open(trace, encoding="utf-8") as f:
                traces[label] = f.read()
    if "original" in traces:
        check(APPLICANT in traces["original"], "the trace shows the applicant's name")
        for label in ("web", "moved"):
            check(traces.get(label) == traces["original"],
                  f"{label}: lays out exactly like the original (same trace)")

    # Straight to PDF, and python-docx reads the result.
    pdf = os.path.join(tmp, "web.pdf")
    r = run("fill", web, EVIDENCE, "-o", pdf)
    check(r.returncode == 0, "web: fill straight to PDF exits 0")
    if r.returncode == 0:
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        check(APPLICANT in text.replace(" ", ""), "web: the PDF's text has the applicant's name")
    try:
        import docx  # python3-docx
        d = docx.Document(os.path.join(tmp, "web-filled.docx"))
        body = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
        body += "\n".join(p.text for p in d.paragraphs)
        check(APPLICANT in body, "web: python-docx reads the filled document")
    except ImportError:
        check(False, "python3-docx is installed (scripts/install-deps.sh --test)")

    # A workbook is not a text document, whatever its parts are called.
    book = os.path.join(tmp, "book.docx")

    def as_workbook(name, data):
        if name == "[Content_Types].xml":
            data = data.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
        return data
    rewrite(TEMPLATE, book, {}, as_workbook)
    r = run("fill", book, EVIDENCE, "-o", os.path.join(tmp, "book-out.docx"))
    check(r.returncode == 1 and "package.format" in r.stderr and "spreadsheet" in r.stderr,
          "a workbook is refused with package.format, named as a spreadsheet")
    r = run("render", book, "-o", os.path.join(tmp, "book.pdf"))
    check(r.returncode == 1 and "package.format" in r.stderr, "render refuses it the same way")
    check(not os.path.exists(os.path.join(tmp, "book-out.docx")) and
          not os.path.exists(os.path.join(tmp, "book.pdf")), "and writes nothing")

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
