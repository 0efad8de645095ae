#!/usr/bin/python3
"""check_notdef.py PDF...: independent check that no text in a PDF is drawn with .notdef.

For every Type0 font shown by a page's content stream, reads the embedded program through
qpdf's JSON (streams decoded): a CIDFontType2's /CIDToGIDMap and TrueType glyph count, or a
CIDFontType0's CFF table (fontTools: the CIDs its charset names). Then checks that every code
of every `<hex> Tj` and `[...] TJ` is a real glyph: not 0 and present in the font. Prints a
summary; exit 1 on a failure."""
import base64
import io
import json
import re
import struct
import subprocess
import sys

from fontTools.cffLib import CFFFontSet


def objects(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", pdf, "-"],
                         capture_output=True, check=True).stdout
    return json.loads(out)["qpdf"][1]


def value(objs, ref):
    o = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None
    if o is None:
        return ref
    return o["stream"]["dict"] if "stream" in o else o["value"]


def data(objs, ref):
    return base64.b64decode(objs["obj:" + ref]["stream"]["data"])


def num_glyphs(ttf):
    ntables = struct.unpack(">H", ttf[4:6])[0]
    for i in range(ntables):
        tag, _, off, _ = struct.unpack(">4sIII", ttf[12 + 16 * i:28 + 16 * i])
        if tag == b"maxp":
            return struct.unpack(">H", ttf[off + 4:off + 6])[0]
    raise ValueError("no maxp")


def font_checker(objs, ref):
    """A function code -> glyph (0 when .notdef or absent), and the font's name."""
    f = value(objs, ref)
    desc = value(objs, f["/DescendantFonts"][0])
    fd = value(objs, desc["/FontDescriptor"])
    if desc["/Subtype"] == "/CIDFontType2":
        n = num_glyphs(data(objs, fd["/FontFile2"]))
        m = desc.get("/CIDToGIDMap", "/Identity")
        cmap = None if m == "/Identity" else data(objs, m)

        def gid(code):
            g = code if cmap is None else (
                struct.unpack(">H", cmap[2 * code:2 * code + 2])[0] if 2 * code + 2 <= len(cmap) else 0)
            return g if g < n else 0
        return gid, f["/BaseFont"]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data(objs, fd["/FontFile3"])), None)
    top = cff[cff.fontNames[0]]
    order = top.charset
    if hasattr(top, "ROS"):  # CID-keyed: glyph names are cidNNNNN
        cids = {int(g[3:]): i for i, g in enumerate(order) if g.startswith("cid")}
    else:                    # name-keyed: CIDs are glyph ids
        cids = {i: i for i in range(len(order))}
    return (lambda code: cids.get(code, 0)), f["/BaseFont"]


def codes_of(stream):
    """(font resource name or None, hex string) in content order."""
    for m in re.finditer(rb"/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ", stream):
        if m.group(1):
            yield m.group(1).decode(), None
        elif m.group(2) is not None:
            yield None, m.group(2)
        else:
            for h in re.findall(rb"<([0-9A-Fa-f\s]*)>", m.group(3)):
                yield None, h


def check(pdf):
    objs = objects(pdf)
    fonts = {}  # font ref -> (checker, name)
    codes = 0
    bad = []
    pages = [k[4:] for k, v in objs.items() if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Page"]
    for pref in pages:
        page = value(objs, pref)
        res = value(objs, page.get("/Resources", {}))
        fres = value(objs, res.get("/Font", {})) if isinstance(res, dict) else {}
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        stream = b"".join(data(objs, r) for r in refs if r)
        font = None
        for name, hexs in codes_of(stream):
            if name:
                ref = fres.get("/" + name)
                if ref not in fonts:
                    fonts[ref] = font_checker(objs, ref)
                font = fonts[ref]
                continue
            hexs = re.sub(rb"\s", b"", hexs)
            for i in range(0, len(hexs), 4):
                code = int(hexs[i:i + 4], 16)
                gid, fname = font
                codes += 1
                if code == 0 or gid(code) == 0:
                    bad.append(f"{pdf}: {fname} code {code:04X} is .notdef")
    return codes, len(fonts), bad


def main():
    failed = False
    for pdf in sys.argv[1:]:
        codes, nfonts, bad = check(pdf)
        for b in bad[:20]:
            print("FAIL:", b, file=sys.stderr)
        if bad or codes == 0:
            failed = True
        print(f"{pdf}: {codes} characters in {nfonts} fonts, {len(bad)} drawn with .notdef")
    sys.exit(1 if failed else 0)


main()
