#!/usr/bin/env python3
"""Tamper with ZIP archives for verify tests (never used by the product).

zipedit.py flip ZIP NAME        rewrite ZIP with one byte of entry NAME changed
zipedit.py remove ZIP NAME      rewrite ZIP without entry NAME
zipedit.py add ZIP NAME TEXT    rewrite ZIP with one more entry
zipedit.py replace ZIP NAME OLD NEW   rewrite ZIP with OLD replaced by NEW inside entry NAME
zipedit.py hostile KIND OUT     write a hostile archive: dotdot, absolute, backslash, symlink,
                                duplicate, bomb, many, nonutf8
Rewritten entries keep their names, times and methods; CRCs are recomputed, so only the
digests recorded by tianbiao can tell."""
import sys
import warnings
import zipfile


def rewrite(path, fn):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    items = fn(items)
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            z.writestr(info, data, compress_type=info.compress_type)


def main():
    op = sys.argv[1]
    if op == "flip":
        def f(items):
            out = []
            for info, data in items:
                if info.filename == sys.argv[3]:
                    data = bytes([data[0] ^ 1]) + data[1:]
                out.append((info, data))
            return out
        rewrite(sys.argv[2], f)
    elif op == "remove":
        rewrite(sys.argv[2], lambda items: [x for x in items if x[0].filename != sys.argv[3]])
    elif op == "add":
        def f(items):
            info = zipfile.ZipInfo(sys.argv[3], date_time=(2021, 12, 1, 0, 0, 0))
            info.flag_bits |= 0x800
            return items + [(info, sys.argv[4].encode())]
        rewrite(sys.argv[2], f)
    elif op == "replace":
        def f(items):
            out = []
            for info, data in items:
                if info.filename == sys.argv[3]:
                    new = data.replace(sys.argv[4].encode(), sys.argv[5].encode())
                    assert new != data, "nothing replaced"
                    data = new
                out.append((info, data))
            return out
        rewrite(sys.argv[2], f)
    elif op == "hostile":
        kind, out = sys.argv[2], sys.argv[3]
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("pkg/manifest.xml", "<manifest/>")
            if kind == "dotdot":
                z.writestr("pkg/../../evil.txt", "x")
            elif kind == "absolute":
                z.writestr(zipfile.ZipInfo("/etc/evil.txt"), "x")
            elif kind == "backslash":
                z.writestr("pkg\\..\\evil.txt", "x")
            elif kind == "symlink":
                info = zipfile.ZipInfo("pkg/link")
                info.create_system = 3
                info.external_attr = 0o120777 << 16
                z.writestr(info, "/etc/passwd")
            elif kind == "duplicate":
                z.writestr("pkg/a.txt", "one")
                z.writestr("pkg/a.txt", "two")
            elif kind == "bomb":
                z.writestr("pkg/zeros.txt", b"\0" * (20 << 20))
            elif kind == "many":
                for i in range(10050):
                    z.writestr("pkg/f%05d.txt" % i, "")
            elif kind == "nonutf8":
                info = zipfile.ZipInfo("pkg/\u4e2d\u6587.txt")
                z.writestr(info, "x")
            elif kind == "declared":
                z.writestr("pkg/big.txt", "abcdefghij" * 500)
        if kind == "nonutf8":
            # clear the UTF-8 flag python set: the name becomes unflagged UTF-8 bytes
            data = bytearray(open(out, "rb").read())
            name = "pkg/\u4e2d\u6587.txt".encode()
            for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
                pos = 0
                while (pos := data.find(sig, pos)) >= 0:
                    flags = int.from_bytes(data[pos + off:pos + off + 2], "little")
                    data[pos + off:pos + off + 2] = (flags & ~0x800).to_bytes(2, "little")
                    pos += 4
            open(out, "wb").write(bytes(data))
        if kind == "declared":
            # declare 1000 bytes where 5000 inflate, in both headers so they agree
            data = bytearray(open(out, "rb").read())
            for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
                pos = 0
                while (pos := data.find(sig, pos)) >= 0:
                    if int.from_bytes(data[pos + off:pos + off + 4], "little") == 5000:
                        data[pos + off:pos + off + 4] = (1000).to_bytes(4, "little")
                    pos += 4
            open(out, "wb").write(bytes(data))
    else:
        sys.exit("unknown operation " + op)


main()
