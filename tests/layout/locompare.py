#!/usr/bin/python3
"""locompare.py: where tianbiao puts the words of a document compared with where LibreOffice
puts them. Both PDFs go through `pdftotext -bbox-layout`; the words of each page are matched
in reading order (difflib on their text), and each matched word's offset is the larger of its
horizontal and vertical distance (top-left corners, points).

    locompare.py DOC [DOC...]          convert with soffice and tianbiao, print the figures
    locompare.py --png DOC             also write side-by-side page images (pdftoppm -r 60)

Used by test_lo_tables.py, which asserts the figures of the table and ODT fixtures. LibreOffice
runs with fonts/fontconfig.conf so both renderers use the same faces."""
import difflib
import os
import re
import subprocess
import sys
import tempfile

SRC = os.environ.get("TB_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MM2 = 72 / 25.4 * 2  # 2 mm in points


def origins(pdf):
    """Per page, the origins (x, baseline from the top) where text objects start: `x y Td`
    (LibreOffice) or `1 0 0 1 x y Tm` (tianbiao) right after BT, from qpdf's QDF form."""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True, check=True).stdout.decode("latin-1")
    heights = [float(m.group(1)) for m in re.finditer(r"/MediaBox \[\s*[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)", qdf)]
    pages = []
    for k, part in enumerate(re.split(r"%% Contents for page \d+", qdf)[1:]):
        h = heights[min(k, len(heights) - 1)] if heights else 841.89
        body = part.split("endstream")[0]
        pts = []
        for m in re.finditer(r"BT\s+(?:/\S+ [\d.]+ Tf\s+)?(?:([-\d.]+) ([-\d.]+) Td|1 0 0 1 ([-\d.]+) ([-\d.]+) Tm)", body):
            x = float(m.group(1) or m.group(3))
            y = float(m.group(2) or m.group(4))
            pts.append((x, h - y))
        pages.append(pts)
    return pages


def words(pdf):
    """[[(text, x, baseline), ...] per page] in pdftotext's reading order. The baseline is
    the origin of the text object the word starts (pdftotext's boxes depend on each PDF's
    font descriptors, so their tops differ between producers); other words take their box
    bottom less the document's usual descent."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    orig = origins(pdf)
    pages, raw, desc = [], [], []
    for k, page in enumerate(re.split(r"<page ", out)[1:]):
        ws = []
        pts = orig[k] if k < len(orig) else []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page):
            x, y0, y1 = float(m.group(1)), float(m.group(2)), float(m.group(3))
            best = None
            for px, py in pts:
                if abs(px - x) < 0.6 and y0 - 1 <= py <= y1 + 1:
                    if best is None or abs(py - y1) < abs(best - y1):
                        best = py
            if best is not None:
                desc.append((y1 - y0, y1 - best))
            ws.append([m.group(4), x, best, y0, y1])
        raw.append(ws)
    for ws in raw:
        for w in ws:
            if w[2] is None:  # descent in proportion to the box height, as measured
                ratios = [d / hh for hh, d in desc if hh > 0]
                r = sorted(ratios)[len(ratios) // 2] if ratios else 0.2
                w[2] = w[4] - r * (w[4] - w[3])
        pages.append([(w[0], w[1], w[2]) for w in ws])
    return pages


def chars(ws):
    """Split words into characters with interpolated x so that different word grouping
    (pdftotext joins CJK runs by spacing) still matches."""
    out = []
    for text, x, y in ws:
        for i, c in enumerate(text):
            out.append((c, x, y, i == 0, text))
    return out


def compare(ours_pdf, lo_pdf):
    """Figures: pages of each, share of matched words within 2 mm, median offset, text
    similarity (matched characters / LibreOffice's characters)."""
    a, b = words(ours_pdf), words(lo_pdf)
    offs = []
    nchars_lo = sum(len(w[0]) for p in b for w in p)
    matched = 0
    for pa, pb in zip(a, b):
        ca, cb = chars(pa), chars(pb)
        sm = difflib.SequenceMatcher(None, [c[0] for c in ca], [c[0] for c in cb], autojunk=False)
        for blk in sm.get_matching_blocks():
            matched += blk.size
            for k in range(blk.size):
                x, y = ca[blk.a + k], cb[blk.b + k]
                if x[3] and y[3]:  # word starts in both: a comparable position
                    offs.append(max(abs(x[1] - y[1]), abs(x[2] - y[2])))
    # text similarity over the whole document, independent of pagination
    ta = "".join(w[0] for p in a for w in p)
    tb = "".join(w[0] for p in b for w in p)
    sim = difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio() if ta or tb else 1.0
    offs.sort()
    return {
        "pages": len(a), "lo_pages": len(b),
        "within": sum(1 for o in offs if o <= MM2) / len(offs) if offs else 0.0,
        "median": offs[len(offs) // 2] if offs else 0.0,
        "n": len(offs), "similarity": sim,
    }


def lo_pdf(doc, outdir):
    """LibreOffice's PDF of doc (cached next to outdir by name)."""
    os.makedirs(outdir, exist_ok=True)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(doc))[0] + ".pdf")
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(SRC, "fonts", "fontconfig.conf"))
    prof = "file://" + os.path.join(tempfile.gettempdir(), "lo-tables-%d" % os.getuid())
    subprocess.run(["soffice", "-env:UserInstallation=" + prof, "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", outdir, doc], capture_output=True, env=env,
                   check=True, timeout=600)
    if not os.path.exists(pdf):
        raise RuntimeError("soffice did not write " + pdf)
    return pdf


def tb_pdf(doc, outdir, tb):
    os.makedirs(outdir, exist_ok=True)
    pdf = os.path.join(outdir, os.path.basename(doc) + ".pdf")
    subprocess.run([tb, "render", doc, "-o", pdf], capture_output=True, check=True)
    return pdf


def side_by_side(ours, lo, prefix):
    """PNG pairs: prefix-ours-N.png and prefix-lo-N.png at 60 dpi."""
    subprocess.run(["pdftoppm", "-r", "60", "-png", ours, prefix + "-ours"], check=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", lo, prefix + "-lo"], check=True)


def main(argv):
    png = "--png" in argv
    docs = [a for a in argv if not a.startswith("--")]
    tb = os.environ.get("TB") or os.path.join(SRC, "build-dev", "tianbiao")
    work = tempfile.mkdtemp(prefix="locompare-")
    for d in docs:
        ext = os.path.splitext(d)[1][1:]
        lo = lo_pdf(d, os.path.join(work, "lo-" + ext))
        ours = tb_pdf(d, os.path.join(work, "tb"), tb)
        r = compare(ours, lo)
        print("%-40s pages %d/%d  within2mm %.2f  median %.1fpt  sim %.3f  (%d words)" % (
            os.path.basename(d), r["pages"], r["lo_pages"], r["within"], r["median"],
            r["similarity"], r["n"]))
        if png:
            side_by_side(ours, lo, os.path.join(work, os.path.basename(d)))
    print("work:", work)


if __name__ == "__main__":
    main(sys.argv[1:])


def pairs(ours_pdf, lo_pdf, page=0):
    """Matched word starts on one page: (LibreOffice's word, our x, y, LibreOffice's x, y)."""
    a, b = words(ours_pdf), words(lo_pdf)
    if page >= len(a) or page >= len(b):
        return []
    ca, cb = chars(a[page]), chars(b[page])
    sm = difflib.SequenceMatcher(None, [c[0] for c in ca], [c[0] for c in cb], autojunk=False)
    out = []
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            x, y = ca[blk.a + k], cb[blk.b + k]
            if x[3] and y[3]:
                out.append((y[4], x[1], x[2], y[1], y[2]))
    return out
