#!/usr/bin/python3
"""bench/render/sizes.py: how big the PDFs are (issue 13: the 3-page 附件2 at most 60 KiB, the
10-page report at most 120 KiB), beside LibreOffice's PDF of the same filled document on the
same faces (FONTCONFIG_FILE=fonts/fontconfig.conf).

Usage: bench/render/sizes.py [--tb PATH] [--sample DIR]   (from the repository root)

For the application form (附件2) and the self-assessment report of one sample applicant it
prints: pages, tianbiao's size (plain and --pdfa), LibreOffice's size, and where tianbiao's
bytes go: each embedded font program (glyphs, compressed size), content streams, the rest."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kib(n):
    return "%.1f KiB" % (n / 1024.0)


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def breakdown(pdf):
    """(font name, glyph count, bytes of its program as stored) and content bytes."""
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=none", pdf],
                                  capture_output=True, text=True).stdout)
    objs = j["qpdf"][1]
    val = lambda ref: (objs.get("obj:" + ref, {}).get("value") or objs.get("obj:" + ref, {}).get("stream", {}).get("dict")) if isinstance(ref, str) and ref.endswith(" R") else ref
    slen = lambda ref: objs["obj:" + ref]["stream"]["dict"].get("/Length", 0)
    fonts, content = [], 0
    for k, v in objs.items():
        d = v.get("value")
        if isinstance(d, dict) and d.get("/Type") == "/Font" and d.get("/Subtype") == "/Type0":
            cid = val(d["/DescendantFonts"][0])
            fd = val(cid["/FontDescriptor"])
            prog = fd.get("/FontFile3") or fd.get("/FontFile2")
            fonts.append((d["/BaseFont"][1:], slen(prog)))
        if isinstance(d, dict) and d.get("/Type") == "/Page":
            c = d.get("/Contents")
            for r in (c if isinstance(c, list) else [c]):
                content += slen(r)
    return sorted(fonts, key=lambda f: -f[1]), content


def lo_pdf(docx, outdir, env):
    r = subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://%s/lo" % outdir,
                        "--convert-to", "pdf", "--outdir", outdir, docx],
                       capture_output=True, text=True, env=env, timeout=300)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(docx))[0] + ".pdf")
    return pdf if os.path.exists(pdf) else None


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tb", default=os.path.join(ROOT, "build-release", "tianbiao"))
    ap.add_argument("--sample", default=os.path.join(ROOT, "samples", "qhd-port-workers"))
    a = ap.parse_args()
    tb = a.tb if os.path.exists(a.tb) else shutil.which("tianbiao")
    if not tb:
        sys.exit("no tianbiao binary: build it or pass --tb")
    ev = os.path.join(a.sample, "evidence.xml")
    tpl = os.path.join(ROOT, "templates", "programs", "qhd-2021", "application-form.docx")
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(ROOT, "fonts", "fontconfig.conf"))
    work = tempfile.mkdtemp(prefix="tb-sizes-")
    try:
        docs = []
        run([tb, "fill", tpl, ev, "-o", os.path.join(work, "form.docx")])
        run([tb, "render", os.path.join(work, "form.docx"), "-o", os.path.join(work, "form.pdf")])
        run([tb, "render", os.path.join(work, "form.docx"), "-o", os.path.join(work, "form-a.pdf"), "--pdfa"])
        docs.append(("附件2 application form", "form", 60))
        run([tb, "report", ev, "-o", os.path.join(work, "report.pdf")])
        run([tb, "report", ev, "-o", os.path.join(work, "report-a.pdf"), "--pdfa"])
        run([tb, "report", ev, "-o", os.path.join(work, "report.docx")])
        docs.append(("self-assessment report", "report", 120))
        print("%-26s %5s %12s %12s %12s %8s %7s" % ("document", "pages", "tianbiao", "--pdfa",
                                                   "LibreOffice", "tb/LO", "target"))
        for title, base, target in docs:
            pdf = os.path.join(work, base + ".pdf")
            size = os.path.getsize(pdf)
            lodir = os.path.join(work, "lo-" + base)
            os.makedirs(lodir)
            lo = lo_pdf(os.path.join(work, base + ".docx"), lodir, env)
            los = os.path.getsize(lo) if lo else 0
            print("%-26s %5d %12s %12s %12s %8s %7s" % (
                title, pages(pdf), kib(size), kib(os.path.getsize(os.path.join(work, base + "-a.pdf"))),
                kib(los) if los else "-", "%.2f" % (size / los) if los else "-", "%d KiB" % target))
            fonts, content = breakdown(pdf)
            for name, n in fonts:
                print("    font %-44s %10s" % (name, kib(n)))
            print("    content streams %33s" % kib(content))
            print("    everything else %33s" % kib(size - content - sum(n for _, n in fonts)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
