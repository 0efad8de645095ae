#!/usr/bin/python3
"""check_notdef.py PDF...: independent check that no text in a PDF is drawn with .notdef.

For every Type0 font shown by a page's content stream, reads its /CIDToGIDMap and embedded
TrueType program (through qpdf's JSON, streams decoded), then checks that every code of every
`<hex> Tj` maps to a glyph that is not 0 and exists in the font. Prints a summary; exit 1 on
a failure."""
import base64
import json
import re
import struct
import subprocess
import sys


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


def check(pdf):
    objs = objects(pdf)
    fonts = {}  # font ref -> (cid-to-gid bytes, numGlyphs, name)
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
        for m in re.finditer(rb"/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj", stream):
            if m.group(1):
                ref = fres.get("/" + m.group(1).decode())
                if ref not in fonts:
                    f = value(objs, ref)
                    desc = value(objs, f["/DescendantFonts"][0])
                    fd = value(objs, desc["/FontDescriptor"])
                    fonts[ref] = (data(objs, desc["/CIDToGIDMap"]), num_glyphs(data(objs, fd["/FontFile2"])),
                                  f["/BaseFont"])
                font = fonts[ref]
                continue
            hexs = re.sub(rb"\s", b"", m.group(2))
            for i in range(0, len(hexs), 4):
                code = int(hexs[i:i + 4], 16)
                cmap, n, name = font
                gid = struct.unpack(">H", cmap[2 * code:2 * code + 2])[0] if 2 * code + 2 <= len(cmap) else 0
                codes += 1
                if gid == 0 or gid >= n:
                    bad.append(f"{pdf}: {name} code {code:04X} -> glyph {gid}")
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
