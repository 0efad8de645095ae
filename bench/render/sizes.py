#!/usr/bin/python3
"""bench/render/sizes.py: how big the PDFs are (issue 13: the 3-page 附件2 at most 60 KiB, the
10-page report at most 120 KiB), beside LibreOffice's PDF of the same filled document on the
same faces (FONTCONFIG_FILE=fonts/fontconfig.conf).

Usage: bench/render/sizes.py [--tb PATH] [--sample DIR]   (from the repository root)

For the application form (附件2) and the self-assessment report of one sample applicant it
prints: pages, tianbiao's size (plain and --pdfa), LibreOffice's size, and where the bytes
go, part by part as stored: font programs (each face: glyphs, bytes, bytes per glyph),
ToUnicode CMaps, widths, content streams, images, seal appearances, the object stream's
other dictionaries, the cross-reference, file structure. `--pdf FILE` breaks down any PDF."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kib(n):
    return "%.1f KiB" % (n / 1024.0)


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def qpdf_objects(pdf):
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=none", pdf],
                                  capture_output=True, text=True, check=True).stdout)
    return j["qpdf"][1]


def stream_data(pdf, ref):
    """The decoded data of stream `ref` ("12 0 R")."""
    return subprocess.run(["qpdf", "--show-object=" + ref.split()[0], "--filtered-stream-data", pdf],
                          capture_output=True, check=True).stdout


def bracketed(text, start):
    """The end of the [...] array that starts at text[start]."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def breakdown(pdf):
    """Where the file's bytes go, as stored: [(part, bytes, note)], plus the fonts as
    [(name, glyphs, bytes)]. Streams count at their stored (deflated) length. The widths
    (/W arrays) live in the object stream: their share is what the object stream costs with
    them minus without them, both deflated at level 9."""
    objs = qpdf_objects(pdf)
    size = os.path.getsize(pdf)
    with open(pdf, "rb") as f:
        raw = f.read()

    def obj(ref):
        o = objs.get("obj:" + ref, {}) if isinstance(ref, str) else {}
        return o.get("value") if "value" in o else o.get("stream", {}).get("dict")

    def stored(ref):
        n = objs["obj:" + ref]["stream"]["dict"].get("/Length", 0)
        return obj(n) if isinstance(n, str) else n  # LibreOffice: /Length 12 0 R

    parts, seen, fonts = {}, set(), []

    def add(part, ref, note=""):
        if ("obj:" + ref) not in objs or "stream" not in objs["obj:" + ref]:
            return 0
        n = stored(ref)
        if ref in seen:
            return n  # counted once, under its first part
        seen.add(ref)
        p = parts.setdefault(part, [0, 0])
        p[0] += n
        p[1] += 1
        return n

    for k, v in objs.items():
        if not k.startswith("obj:"):
            continue
        ref = k[4:]
        d = v.get("value") if "value" in v else v.get("stream", {}).get("dict")
        if not isinstance(d, dict):
            continue
        if d.get("/Type") == "/Font" and d.get("/Subtype") == "/Type0":
            cid = obj(d["/DescendantFonts"][0])
            fd = obj(cid["/FontDescriptor"])
            prog = fd.get("/FontFile3") or fd.get("/FontFile2")
            tu = d.get("/ToUnicode")
            glyphs = 0
            if tu:
                cmap = stream_data(pdf, tu).decode("latin-1")
                glyphs = len(re.findall(r"^<[0-9A-F]+> <[0-9A-F]+>$", cmap, re.M))
                for a, b in re.findall(r"^<([0-9A-F]+)> <([0-9A-F]+)> <[0-9A-F]+>$", cmap, re.M):
                    glyphs += int(b, 16) - int(a, 16) + 1
                add("ToUnicode CMaps", tu)
            fonts.append((d["/BaseFont"][1:], glyphs, add("font programs", prog)))
            if cid.get("/CIDToGIDMap", "/Identity") != "/Identity":
                add("CIDToGIDMaps, CIDSets", cid["/CIDToGIDMap"])
            if fd.get("/CIDSet"):
                add("CIDToGIDMaps, CIDSets", fd["/CIDSet"])
        elif d.get("/Type") == "/Font" and d.get("/ToUnicode"):
            add("ToUnicode CMaps", d["/ToUnicode"])  # simple fonts (LibreOffice's Type1C)
        elif d.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if d.get(key):
                    add("font programs", d[key])
        elif d.get("/Type") == "/Page":
            c = d.get("/Contents")
            for r in (c if isinstance(c, list) else [c]):
                add("content streams", r)
        elif d.get("/Subtype") == "/Image":
            add("images", ref)
        elif d.get("/Subtype") == "/Form":
            add("appearance streams (seal fields)", ref)
        elif d.get("/Type") == "/Metadata":
            add("XMP metadata, ICC profile", ref)
        elif d.get("/Type") == "/XRef":
            add("cross-reference", ref)
        elif d.get("/Type") == "/ObjStm":
            n = add("object stream (dictionaries, arrays)", ref)
            body = stream_data(pdf, ref).decode("latin-1")
            stripped, w_raw, i = "", 0, 0
            for m in re.finditer(r"/W\s*\[", body):
                end = bracketed(body, m.end() - 1)
                stripped += body[i:m.start()]
                w_raw += end - m.start()
                i = end
            stripped += body[i:]
            full_z, strip_z = len(zlib.compress(body.encode("latin-1"), 9)), \
                len(zlib.compress(stripped.encode("latin-1"), 9))
            parts["object stream (dictionaries, arrays)"][0] -= full_z - strip_z
            p = parts.setdefault("widths (/W arrays)", [0, 0, ""])
            p[0] += full_z - strip_z
            p[2] = "%d bytes before deflate" % w_raw
        elif d.get("/S") == "/GTS_PDFA1" and d.get("/DestOutputProfile"):
            add("XMP metadata, ICC profile", d["/DestOutputProfile"])
    # A classic table (--pdfa): the xref section, and the /W arrays as written.
    m = re.search(rb"\nxref\n", raw)
    if m and "cross-reference" not in parts:
        t = raw.find(b"trailer", m.start())
        parts["cross-reference"] = [t - m.start(), 1]
    if "widths (/W arrays)" not in parts:
        # outside streams only (font programs may hold "/W[" by chance)
        text = re.sub(r"stream\r?\n.*?endstream", "", raw.decode("latin-1"), flags=re.S)
        w = sum(bracketed(text, m.end() - 1) - m.start() for m in re.finditer(r"/W\s*\[", text))
        parts["widths (/W arrays)"] = [w, 0, "not compressed"]
    accounted = sum(p[0] for p in parts.values())
    if "object stream (dictionaries, arrays)" not in parts:
        parts["dictionaries and file structure"] = [size - accounted, 0]
    else:
        parts["file structure (object headers, stream dictionaries, trailer)"] = [size - accounted, 0]
    rows = [(k, v[0], v[2] if len(v) > 2 else ("%d streams" % v[1] if v[1] > 1 else ""))
            for k, v in parts.items()]
    return sorted(rows, key=lambda r: -r[1]), sorted(fonts, key=lambda f: -f[2])


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
    ap.add_argument("--pdf", help="only break down this PDF")
    a = ap.parse_args()
    if a.pdf:
        rows, fonts = breakdown(a.pdf)
        for part, n, note in rows:
            print("%-60s %10s  %s" % (part, kib(n), note))
        for name, glyphs, fn in fonts:
            print("  font %-54s %10s  %4d glyphs" % (name, kib(fn), glyphs))
        return
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
            for label, f in (("", pdf), ("--pdfa: ", os.path.join(work, base + "-a.pdf"))):
                rows, fonts = breakdown(f)
                total = os.path.getsize(f)
                print("  %swhere the bytes go (as stored)" % label)
                for part, n, note in rows:
                    print("    %-58s %10s %5.1f%%  %s" % (part, kib(n), 100.0 * n / total, note))
                    if part == "font programs":
                        for name, glyphs, fn in fonts:
                            print("      %-56s %10s  %4d glyphs, %4.0f B/glyph" % (
                                name, kib(fn), glyphs, fn / glyphs if glyphs else 0))
                if label:
                    continue
                if lo:
                    lrows, lfonts = breakdown(lo)
                    print("  LibreOffice's file: " + ", ".join(
                        "%s %s" % (p, kib(n)) for p, n, _ in lrows if n > 0))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
