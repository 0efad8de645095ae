#!/usr/bin/python3
"""tinyfont.py: a small TrueType font of our own, for fixtures that embed a font in a
document: printable ASCII drawn as bars of a few heights, monospaced, with the vertical
metrics asked for (so the lines it sets are easy to tell from the font map's faces). No
third-party glyphs, so the fixtures may be committed."""
import struct

UPEM = 1000
ADVANCE = 600
FIRST, LAST = 0x20, 0x7E


def _checksum(data):
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(">%dI" % (len(data) // 4), data)) & 0xFFFFFFFF


def _glyph(x0, y0, x1, y1):
    """One rectangle contour, on-curve points, 16-bit deltas."""
    pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    out = struct.pack(">hhhhhHH", 1, x0, y0, x1, y1, 3, 0) + bytes([0x01] * 4)
    px = py = 0
    xs, ys = b"", b""
    for x, y in pts:
        xs += struct.pack(">h", x - px)
        ys += struct.pack(">h", y - py)
        px, py = x, y
    out += xs + ys
    return out + b"\0" * (-len(out) % 4)


def _name(family, style, ps):
    recs = [(1, family), (2, style), (3, "tianbiao-test:" + ps), (4, family + " " + style), (6, ps)]
    strings = b""
    entries = b""
    for nid, text in recs:
        raw = text.encode("utf-16-be")
        entries += struct.pack(">HHHHHH", 3, 1, 0x409, nid, len(raw), len(strings))
        strings += raw
    return struct.pack(">HHH", 0, len(recs), 6 + 12 * len(recs)) + entries + strings


def tiny_ttf(family, bold=False, ascent=950, descent=350, gap=0):
    """A TrueType file: family name `family`, Regular or Bold, hhea/typo/win metrics
    ascent, descent (positive below) and line gap in units of a 1000-unit em."""
    style = "Bold" if bold else "Regular"
    ps = family.replace(" ", "") + "-" + style
    nglyphs = 2 + (LAST - FIRST)  # .notdef, space, then '!'..'~'
    glyphs = [_glyph(50, 0, 550, 700), b""]
    for cp in range(FIRST + 1, LAST + 1):
        top = 400 + (cp % 4) * 100
        glyphs.append(_glyph(100, 0 if cp % 7 else -200, 500 if not bold else 540, top))
    glyf = b"".join(glyphs)
    offs = [0]
    for g in glyphs:
        offs.append(offs[-1] + len(g))
    loca = struct.pack(">%dI" % len(offs), *offs)
    hmtx = b"".join(struct.pack(">Hh", ADVANCE, 50 if i == 0 else 100) for i in range(nglyphs))
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UPEM,
                       0, 0, 50, -200, 550, 700, 1 if bold else 0, 8, 2, 1, 0)
    hhea = struct.pack(">Ihhh" + "Hhhh" + "hhh" + "hhhh" + "hH", 0x00010000, ascent, -descent, gap,
                       ADVANCE, 50, 50, 550, 1, 0, 0, 0, 0, 0, 0, 0, nglyphs)
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, nglyphs, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    seg_end = [LAST, 0xFFFF]
    seg_start = [FIRST, 0xFFFF]
    delta = [(1 - FIRST) & 0xFFFF, 1]
    segx2 = 2 * len(seg_end)
    sub = struct.pack(">HHHHHHH", 4, 16 + 8 * len(seg_end), 0, segx2, 4, 1, 0)
    sub += struct.pack(">%dH" % len(seg_end), *seg_end) + b"\0\0"
    sub += struct.pack(">%dH" % len(seg_start), *seg_start)
    sub += struct.pack(">%dH" % len(delta), *delta) + b"\0\0" * len(seg_end)
    cmap = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub
    os2 = struct.pack(">HhHHHhhhhhhhhhhh", 4, ADVANCE, 700 if bold else 400, 5, 0,
                      650, 700, 0, 140, 650, 700, 0, 480, 50, 250, 0)
    os2 += bytes(10) + struct.pack(">IIII", 1, 0, 0, 0) + b"TBFX"
    os2 += struct.pack(">HHHhhhHHII", 0x20 if bold else 0x40, FIRST, LAST, ascent, -descent, gap,
                       ascent, descent, 1, 0)
    os2 += struct.pack(">hhHHH", 500, 700, 0, 0x20, 1)
    post = struct.pack(">IihhIIIII", 0x00030000, 0, -100, 50, 1, 0, 0, 0, 0)
    tables = {b"OS/2": os2, b"cmap": cmap, b"glyf": glyf, b"head": head, b"hhea": hhea,
              b"hmtx": hmtx, b"loca": loca, b"maxp": maxp, b"name": _name(family, style, ps),
              b"post": post}
    tags = sorted(tables)
    n = len(tags)
    es = max(k for k in range(5) if 1 << k <= n)
    out = struct.pack(">IHHHH", 0x00010000, n, 16 << es, es, n * 16 - (16 << es))
    offset = 12 + 16 * n
    body = b""
    for tag in tags:
        data = tables[tag]
        out += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(out + body)
    adj = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    hoff = 12 + 16 * n + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index(b"head")])
    font[hoff + 8:hoff + 12] = struct.pack(">I", adj)
    return bytes(font)


def obfuscate(data, guid):
    """Word's .odttf: the first 32 bytes XORed with the GUID's 16 bytes, last byte first."""
    hexs = guid.strip("{}").replace("-", "")
    key = bytes.fromhex(hexs)[::-1]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]
