#!/usr/bin/python3
"""bench/render/bench.py: render the same documents with tianbiao and with LibreOffice headless
(on the same faces: FONTCONFIG_FILE=fonts/fontconfig.conf) and compare them side by side.

Usage: bench/render/bench.py [--tb PATH] [--keep DIR] [DOC.docx|DOC.odt ...]
Default documents: tests/layout/fixtures/*.docx and *.odt. Run from the repository root.

Per document it prints: page counts; whether the text is equal and how similar it is
(bench/pdfcmp.py: whitespace removed, difflib on tokens); how far each of LibreOffice's text
lines is from where tianbiao puts the same text (bench/pdfcmp.py match_lines: lines matched by
their text in reading order, even where they break differently; median and worst distance,
in mm; lines found on another page or not at all are counted, not measured); wall time and peak memory
of each renderer (/usr/bin/time -v, one process per document, LibreOffice's profile warmed
up first so its one-time set-up is not counted)."""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pdfcmp import match_lines, pages, pdf_lines, timed  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tb", default="build-pdf-rel/tianbiao", help="the tianbiao binary (a Release build)")
    ap.add_argument("--keep", help="keep the PDFs in this directory")
    ap.add_argument("docs", nargs="*")
    args = ap.parse_args()
    root = os.getcwd()
    docs = args.docs or sorted(glob.glob("tests/layout/fixtures/*.docx") + glob.glob("tests/layout/fixtures/*.odt"))
    if not os.access(args.tb, os.X_OK):
        sys.exit(f"no tianbiao binary at {args.tb} (build one: cmake -B build-pdf-rel -DCMAKE_BUILD_TYPE=Release)")
    work = args.keep or tempfile.mkdtemp(prefix="tb-bench-")
    os.makedirs(work, exist_ok=True)
    lo_env = dict(os.environ, FONTCONFIG_FILE=os.path.join(root, "fonts", "fontconfig.conf"))
    profile = f"-env:UserInstallation=file://{work}/lo-profile"
    soffice = ["soffice", "--headless", "--norestore", profile, "--convert-to", "pdf"]
    # warm-up: LibreOffice creates its profile on the first start
    if docs:
        subprocess.run(soffice + ["--outdir", os.path.join(work, "warm"), docs[0]], capture_output=True, env=lo_env)

    head = (f"{'document':<22} {'pages tb/lo':>11} {'text':>9} {'lines':>9} {'median mm':>9} {'worst mm':>8} "
            f"{'tb s':>6} {'lo s':>6} {'tb MiB':>7} {'lo MiB':>7}")
    print(head)
    print("-" * len(head))
    tot = {"tb": [], "lo": [], "tbm": [], "lom": [], "d": []}
    for doc in docs:
        name = os.path.splitext(os.path.basename(doc))[0]
        ext = os.path.splitext(doc)[1].lstrip(".")
        tb_pdf = os.path.join(work, f"{name}.{ext}.tb.pdf")
        lo_dir = os.path.join(work, f"lo-{name}-{ext}")
        tb_s, tb_kb, rc, err = timed([args.tb, "render", doc, "-o", tb_pdf])
        if rc != 0:
            print(f"{name:<22} tianbiao failed: {err.strip().splitlines()[-1] if err.strip() else rc}")
            continue
        lo_s, lo_kb, rc, err = timed(soffice + ["--outdir", lo_dir, doc], env=lo_env)
        lo_pdf = os.path.join(lo_dir, os.path.splitext(os.path.basename(doc))[0] + ".pdf")
        if not os.path.exists(lo_pdf):
            print(f"{name:<22} LibreOffice failed")
            continue
        res, sim = match_lines(pdf_lines(lo_pdf), pdf_lines(tb_pdf))
        same = "equal" if sim == 1.0 else f"{sim * 100:.0f}%"
        dists = [r["dist"] for r in res if "dist" in r]
        nlines = len(res)
        med = statistics.median(dists) if dists else float("nan")
        worst = max(dists) if dists else float("nan")
        tot["tb"].append(tb_s)
        tot["lo"].append(lo_s)
        tot["tbm"].append(tb_kb)
        tot["lom"].append(lo_kb)
        tot["d"].extend(dists)
        print(f"{name + '.' + ext:<22} {pages(tb_pdf):>5}/{pages(lo_pdf):<5} {same:>9} {len(dists):>4}/{nlines:<4} "
              f"{med:>9.1f} {worst:>8.1f} {tb_s:>6.2f} {lo_s:>6.2f} {tb_kb / 1024:>7.1f} {lo_kb / 1024:>7.1f}")
    if tot["tb"]:
        print("-" * len(head))
        d = tot["d"]
        print(f"{'all (' + str(len(tot['tb'])) + ' documents)':<22} {'':>11} {'':>9} {len(d):>9} "
              f"{statistics.median(d) if d else float('nan'):>9.1f} {max(d) if d else float('nan'):>8.1f} "
              f"{statistics.mean(tot['tb']):>6.2f} {statistics.mean(tot['lo']):>6.2f} "
              f"{max(tot['tbm']) / 1024:>7.1f} {max(tot['lom']) / 1024:>7.1f}")
        print("(lines: LibreOffice's lines found on the same page in tianbiao's rendering/all of them; times are "
              "means, memory the peak)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


main()
