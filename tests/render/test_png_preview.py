#!/usr/bin/env python3
"""test_png_preview.py: the PNG preview device against poppler's rendering of our own PDF.

The same document is rendered by `tianbiao render --to png` and, as PDF, by pdftoppm at the
same resolution; both images must have the same size and nearly the same ink in the same
places (anti-aliasing differs a little). Twice: a fixture, and a page of the official form
set in FandolFang (CFF outlines). Also: the CLI's --page/--dpi/--to, errors for
options the format lacks, and reproducible bytes."""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

TB = os.environ["TB"]
SRC = os.environ["TB_SRC"]
DOC = os.path.join(SRC, "tests/layout/fixtures/form.docx")
DPI = 60

failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


def read_png(path):
    """Width, height and grey levels (0..255) of an 8-bit RGB/RGBA/grey PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    i, idat = 8, b""
    while i < len(data):
        n, = struct.unpack(">I", data[i:i + 4])
        kind, body = data[i + 4:i + 8], data[i + 8:i + 8 + n]
        crc, = struct.unpack(">I", data[i + 8 + n:i + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xffffffff, "bad CRC in %s" % kind
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8
        elif kind == b"IDAT":
            idat += body
        i += 12 + n
    bpp = {0: 1, 2: 3, 6: 4}[ctype]
    raw, stride = zlib.decompress(idat), w * bpp
    prev, grey = bytearray(stride), []
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = row[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                row[x] = (row[x] + a) & 255
            elif f == 2:
                row[x] = (row[x] + b) & 255
            elif f == 3:
                row[x] = (row[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = row
        if bpp == 1:
            grey.extend(row)
        else:
            grey.extend((row[k] + row[k + 1] + row[k + 2]) // 3 for k in range(0, stride, bpp))
    return w, h, grey


def run(*args):
    return subprocess.run([TB, *args], capture_output=True, text=True)


def compare(tmp, name, pdf, png, page):
    """Our PNG of `page` against pdftoppm's of the PDF: size, ink, and where the ink is."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", pdf,
                    os.path.join(tmp, name + "-ref")], check=True)
    ref = [f for f in os.listdir(tmp) if f.startswith(name + "-ref")][0]
    w1, h1, g1 = read_png(png)
    w2, h2, g2 = read_png(os.path.join(tmp, ref))
    check((w1, h1) == (w2, h2), "%s: same size as poppler's: %dx%d, %dx%d" % (name, w1, h1, w2, h2))
    n = min(len(g1), len(g2))
    diff = sum(abs(a - b) for a, b in zip(g1[:n], g2[:n])) / n
    dark1 = sum(1 for v in g1 if v < 128)
    dark2 = sum(1 for v in g2 if v < 128)
    print("   %s: mean grey difference %.2f; dark pixels %d (ours), %d (poppler)"
          % (name, diff, dark1, dark2))
    check(dark2 > 2000, "%s: the page has ink (poppler: %d dark pixels)" % (name, dark2))
    check(abs(dark1 - dark2) <= 0.08 * dark2, "%s: dark pixels within 8%% of poppler's" % name)
    check(diff < 10, "%s: mean grey difference below 10 of 255" % name)
    # Ink in the same places: compare 8x8-pixel tiles. Poppler (Splash) sets each glyph on a
    # whole pixel row, we draw at the exact baseline: a tile inked on one side only agrees
    # when the other has ink within one pixel above or below it.
    def ink(g, w, tx, ty, pad):
        return any(g[y * w + tx + x] < 160 for y in range(max(ty - pad, 0), min(ty + 8 + pad, h1))
                   for x in range(8))
    tiles, agree = 0, 0
    for ty in range(0, h1 - 8, 8):
        for tx in range(0, w1 - 8, 8):
            s1, s2 = ink(g1, w1, tx, ty, 0), ink(g2, w2, tx, ty, 0)
            if s1 or s2:
                tiles += 1
                agree += s1 == s2 or (s1 and ink(g2, w2, tx, ty, 1)) or (s2 and ink(g1, w1, tx, ty, 1))
    check(tiles > 100 and agree >= 0.95 * tiles,
          "%s: inked tiles agree: %d of %d" % (name, agree, tiles))


def main():
    tmp = tempfile.mkdtemp(prefix="tb-png-")
    pdf, png = os.path.join(tmp, "form.pdf"), os.path.join(tmp, "form.png")
    check(run("render", DOC, "-o", pdf).returncode == 0, "renders to PDF")
    r = run("render", DOC, "-o", png, "--dpi", str(DPI), "--page", "2")
    check(r.returncode == 0, "renders page 2 to PNG (%s)" % r.stderr.strip()[:200])
    compare(tmp, "form", pdf, png, 2)

    # A page set in FangSong: the official form's body face is FandolFang, a CFF face (cubic
    # outlines through hb_font_draw_glyph), the title Noto Serif CJK (CFF too).
    form = os.path.join(SRC, "templates/programs/qhd-2021/application-form.docx")
    ev = os.path.join(SRC, "samples/qhd-port-workers/evidence.xml")
    fpdf, fpng = os.path.join(tmp, "fang.pdf"), os.path.join(tmp, "fang.png")
    check(run("fill", form, ev, "-o", fpdf).returncode == 0, "fills the form to PDF")
    r = run("fill", form, ev, "-o", fpng, "--dpi", str(DPI), "--page", "3")
    check(r.returncode == 0, "fills the form to PNG, page 3 (%s)" % r.stderr.strip()[:200])
    fonts = subprocess.run(["pdffonts", "-f", "3", "-l", "3", fpdf], capture_output=True,
                           text=True).stdout
    check(any("FandolFang" in l and "Type 0C" in l for l in fonts.splitlines()),
          "page 3 is set in FandolFang, a CFF face")
    compare(tmp, "fang", fpdf, fpng, 3)

    # --to overrides the extension; same input, same bytes.
    a, b = os.path.join(tmp, "a.bin"), os.path.join(tmp, "b.bin")
    check(run("render", DOC, "-o", a, "--to", "png").returncode == 0, "--to png with any name")
    run("render", DOC, "-o", b, "--to", "png")
    with open(a, "rb") as fa, open(b, "rb") as fb:
        da, db = fa.read(), fb.read()
    check(da[:4] == b"\x89PNG" and da == db, "PNG bytes are reproducible")
    w3, h3, _ = read_png(a)
    check((w3, h3) == (794, 1123), "96 dpi by default: A4 is 794x1123 (%dx%d)" % (w3, h3))

    r = run("render", DOC, "-o", os.path.join(tmp, "x.png"), "--pdfa")
    check(r.returncode != 0 and "render.option" in r.stderr, "--pdfa with PNG is refused")
    r = run("render", DOC, "-o", os.path.join(tmp, "x.png"), "--page", "99")
    check(r.returncode != 0 and "render.page" in r.stderr, "a page past the end is refused")
    r = run("render", DOC, "-o", os.path.join(tmp, "x.png"), "--to", "ofd")
    check(r.returncode == 2, "an unknown format is a usage error")
    check(not os.path.exists(os.path.join(tmp, "x.png")), "failed renders leave no file")
    r = run("render", "--help")
    check(all(("  %s " % k) in r.stdout for k in ("pdf", "png", "trace")) and "--to FORMAT" in r.stdout,
          "--help lists the formats from the table")

    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
