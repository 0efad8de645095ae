#!/usr/bin/python3
"""bench/render/bench.py: render the same documents with tianbiao and with LibreOffice headless
(on the same faces: FONTCONFIG_FILE=fonts/fontconfig.conf) and compare them side by side.

Usage: bench/render/bench.py [--tb PATH] [--keep DIR] [DOC.docx|DOC.odt ...]
Default documents: tests/layout/fixtures/*.docx and *.odt. Run from the repository root.

Per document it prints: page counts; whether the text is equal (pdftotext, whitespace
removed) and how similar it is; how far each text line's position differs between the two
renderings (lines matched by their text on the same page, from `pdftotext -bbox-layout`;
median and worst distance of the line's top-left corner, in mm); wall time and peak memory
of each renderer (/usr/bin/time -v, one process per document, LibreOffice's profile warmed
up first so its one-time set-up is not counted)."""
import argparse
import difflib
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PT_MM = 25.4 / 72


def timed(cmd, env=None):
    """Run cmd under /usr/bin/time -v; returns (seconds, peak KiB, returncode, stderr)."""
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    secs = 0.0
    if wall:
        h = int(wall.group(1) or 0)
        secs = h * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return secs, int(rss.group(1)) if rss else 0, r.returncode, r.stderr


def pages(pdf):
    m = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout)
    return int(m.group(1)) if m else 0


def text(pdf):
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout


def lines(pdf):
    """{page: [(normalised text, xMin, yMin)]} from pdftotext -bbox-layout."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    out = re.sub(r'xmlns="[^"]*"', "", out)
    res = {}
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return res
    for pi, page in enumerate(root.iter("page")):
        for line in page.iter("line"):
            words = "".join(w.text or "" for w in line.iter("word"))
            res.setdefault(pi, []).append((re.sub(r"\s+", "", words), float(line.get("xMin")), float(line.get("yMin"))))
    return res


def line_offsets(a, b):
    """Distances (mm) between lines with the same text on the same page; unmatched count."""
    dists, unmatched = [], 0
    for page, la in a.items():
        pool = list(b.get(page, []))
        for t, x, y in la:
            hit = next((i for i, (u, _, _) in enumerate(pool) if u == t), None)
            if hit is None:
                unmatched += 1
                continue
            _, x2, y2 = pool.pop(hit)
            dists.append(((x - x2) ** 2 + (y - y2) ** 2) ** 0.5 * PT_MM)
    return dists, unmatched


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
        ta, tl = re.sub(r"\s+", "", text(tb_pdf)), re.sub(r"\s+", "", text(lo_pdf))
        same = "equal" if ta == tl else f"{difflib.SequenceMatcher(None, ta, tl).ratio() * 100:.0f}%"
        dists, unmatched = line_offsets(lines(tb_pdf), lines(lo_pdf))
        nlines = len(dists) + unmatched
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
        print("(lines: matched/total lines of tianbiao's rendering; times are means, memory the peak)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


main()
