#!/usr/bin/env python3
"""Characters that draw nothing (a soft hyphen inside a line, zero-width space and joiner, a
variation selector) are not missing glyphs: `render` must succeed without
--allow-missing-glyphs and say nothing about them. A real LibreOffice-saved ODT in the corpus
(en-lo-36) stopped with font.missing-glyph for U+00AD: the PDF device had its own, shorter list
of such characters."""
import os
import subprocess
import sys
import tempfile

import docx  # python3-docx

TB = os.environ.get("TB", "tianbiao")


def main():
    work = tempfile.mkdtemp(prefix="tb-ignorable-")
    src = os.path.join(work, "soft.docx")
    d = docx.Document()
    d.add_paragraph("app\u00adlication zero\u200bwidth join\u200dner text\ufe0f end")
    d.add_paragraph("申\u00ad报\u200b推荐表")
    d.save(src)
    out = os.path.join(work, "soft.pdf")
    r = subprocess.run([TB, "render", src, "-o", out], capture_output=True, text=True)
    fails = []
    if r.returncode != 0:
        fails.append("render exited %d: %s" % (r.returncode, r.stderr.strip()[:300]))
    if "missing-glyph" in r.stderr:
        fails.append("a missing glyph was reported: " + r.stderr.strip()[:300])
    if not fails:
        txt = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
        for word in ("zero", "end", "推荐表"):
            if word not in txt:
                fails.append("%r not in the PDF's text" % word)
    for f in fails:
        print("FAIL:", f)
    if not fails:
        print("ok: ignorable characters render without a missing-glyph report")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
