#!/usr/bin/python3
"""lo_lines.py: where LibreOffice and tianbiao put the text lines of a document.

LibreOffice's side: the document converted to PDF by soffice headless (with fonts/fontconfig.conf,
so both renderers see the same faces); its content streams, decompressed by qpdf, give the
origin of every text object (Writer writes `x y Td` or a `Tm` per portion): the baselines.
tianbiao's side: the trace of `tianbiao render --trace` (glyph runs with their baselines).

Both sides become lines: (page, baseline y from the top in points, x of the first glyph).
As a tool:  lo_lines.py [--tb TB] [--keep DIR] DOC...  prints, per document, LibreOffice's and
tianbiao's baselines side by side and the largest difference. Imported (test_lo_lines.py), it
gives lo_lines(), tb_lines() and compare()."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("TB_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
MM = 72 / 25.4


def soffice_pdfs(docs, outdir, profile="/tmp/lo-tb-lines", fontconfig=None):
    """Convert every document to PDF in outdir with one soffice run; returns {doc: pdf}.
    fontconfig: the configuration LibreOffice sees (default fonts/fontconfig.conf)."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = fontconfig or os.path.join(SRC, "fonts", "fontconfig.conf")
    env.setdefault("HOME", "/tmp")
    subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                    "--convert-to", "pdf", "--outdir", outdir] + list(docs),
                   env=env, capture_output=True, timeout=900)
    out = {}
    for d in docs:
        pdf = os.path.join(outdir, os.path.splitext(os.path.basename(d))[0] + ".pdf")
        if os.path.exists(pdf):
            out[d] = pdf
    return out


def _num(tok):
    return float(tok)


def _cmaps(data):
    """{font resource name: (code bytes, {code: text})} from the ToUnicode CMaps."""
    objs = {}
    for m in re.finditer(r"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S):
        objs[int(m.group(1))] = m.group(2)
    names = {}
    for m in re.finditer(r"/(F\d+) (\d+) 0 R", data):
        names[m.group(1)] = int(m.group(2))
    out = {}
    for name, oid in names.items():
        body = objs.get(oid, "")
        t = re.search(r"/ToUnicode (\d+) 0 R", body)
        if not t:
            continue
        cm = objs.get(int(t.group(1)), "")
        nbytes = 2 if re.search(r"begincodespacerange\s*<[0-9a-fA-F]{4}>", cm) else 1
        table = {}
        for blk in re.findall(r"beginbfchar(.*?)endbfchar", cm, re.S):
            for a, b in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk):
                table[int(a, 16)] = bytes.fromhex(b).decode("utf-16-be", "replace")
        for blk in re.findall(r"beginbfrange(.*?)endbfrange", cm, re.S):
            for a, b, c in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk):
                base = int(c, 16)
                for k in range(int(a, 16), int(b, 16) + 1):
                    table[k] = chr(base + k - int(a, 16))
        out[name] = (nbytes, table)
    return out


def _decode(tok, font):
    nbytes, table = font if font else (1, {})
    if tok.startswith("<"):
        raw = bytes.fromhex(re.sub(r"\s", "", tok[1:-1]))
    elif tok.startswith("("):
        raw = re.sub(r"\\([0-7]{1,3}|.)", lambda m: chr(int(m.group(1), 8))
                     if m.group(1)[0] in "01234567" else
                     {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(
                         m.group(1), m.group(1)), tok[1:-1]).encode("latin-1", "replace")
    else:
        return ""
    out = []
    for k in range(0, len(raw) - nbytes + 1, nbytes):
        code = int.from_bytes(raw[k:k + nbytes], "big")
        out.append(table.get(code, "?"))
    return "".join(out)


def pdf_lines(pdf):
    """[(page, y_from_top, x, text)] of every text object, in content order per page."""
    with tempfile.TemporaryDirectory() as tmp:
        q = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q],
                       capture_output=True)
        data = open(q, "rb").read().decode("latin-1")
    fonts = _cmaps(data)
    heights = [float(m.group(1)) for m in
               re.finditer(r"/MediaBox\s*\[\s*[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s*\]", data)]
    out = []
    page_of = {}
    for m in re.finditer(r"%% Contents for page (\d+)\n%% Original object ID: [^\n]*\n(\d+) 0 obj",
                         data):
        page_of[int(m.group(2))] = int(m.group(1))
    for obj, page in sorted(page_of.items(), key=lambda kv: kv[1]):
        m = re.search(r"\n%d 0 obj\n<<.*?>>\nstream\n(.*?)endstream" % obj, data, re.S)
        if not m:
            continue
        h = heights[page - 1] if page - 1 < len(heights) else heights[-1]
        tokens = re.findall(r"\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|[^\s\[\]()<>]+",
                            m.group(1))
        stack = []
        tm = None  # text line origin (x, y)
        ctm = [(1, 0, 0, 1, 0, 0)]
        cur = None  # current item [page, y, x, text]
        font = None
        for t in tokens:
            if t == "q":
                ctm.append(ctm[-1])
            elif t == "Q":
                if len(ctm) > 1:
                    ctm.pop()
            elif t == "cm" and len(stack) >= 6:
                a, b, c, d, e, f = (_num(x) for x in stack[-6:])
                A, B, C, D, E, F = ctm[-1]
                ctm[-1] = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                           e * A + f * C + E, e * B + f * D + F)
            elif t == "BT":
                tm = (0.0, 0.0)
                cur = None
            elif t == "Tf" and len(stack) >= 2:
                font = fonts.get(stack[-2].lstrip("/"))
            elif t == "Td" and len(stack) >= 2 and tm is not None:
                tm = (tm[0] + _num(stack[-2]), tm[1] + _num(stack[-1]))
                cur = None
            elif t == "Tm" and len(stack) >= 6:
                tm = (_num(stack[-2]), _num(stack[-1]))
                cur = None
            elif t in ("Tj", "TJ", "'", '"') and tm is not None:
                txt = "".join(_decode(x, font) for x in stack if x[:1] in "<(")
                if cur is None:
                    A, B, C, D, E, F = ctm[-1]
                    x = tm[0] * A + tm[1] * C + E
                    y = tm[0] * B + tm[1] * D + F
                    cur = [page, round(h - y, 2), round(x, 2), ""]
                    out.append(cur)
                cur[3] += txt
            if t in ("[",):
                stack.append(t)
            elif t == "]":
                pass
            elif re.match(r"^[A-Za-z'\"*]+$", t):
                stack = []
            else:
                stack.append(t)
    return [tuple(x) for x in out]


def tb_render(tb, doc, outdir):
    """Render with tianbiao; returns the trace's path (None on failure)."""
    base = os.path.join(outdir, os.path.splitext(os.path.basename(doc))[0])
    env = dict(os.environ)
    env.setdefault("TIANBIAO_DATADIR", SRC)
    r = subprocess.run([tb, "render", doc, "-o", base + ".tb.pdf", "--trace", base + ".trace"],
                       capture_output=True, text=True, env=env)
    return base + ".trace" if r.returncode in (0, 1) and os.path.exists(base + ".trace") else None


def trace_lines(trace):
    """[(page, y, x, text)] of every glyph run in a tianbiao trace."""
    out = []
    for line in open(trace, encoding="utf-8"):
        m = re.match(r'(\d+) glyphs x=([-\d.]+) y=([-\d.]+) .*?"((?:\\.|[^"\\])*)"', line)
        if m:
            txt = re.sub(r"\\(.)", r"\1", m.group(4))
            out.append((int(m.group(1)), float(m.group(3)), float(m.group(2)), txt))
    return out


def baselines(items, merge=0.35):
    """{page: sorted distinct baselines} (runs within `merge` points are one line)."""
    pages = {}
    for p, y, _x, *_t in items:
        pages.setdefault(p, []).append(y)
    for p in pages:
        ys = sorted(pages[p])
        lines = []
        for y in ys:
            if lines and y - lines[-1][-1] <= merge:
                lines[-1].append(y)
            else:
                lines.append([y])
        pages[p] = [sum(v) / len(v) for v in lines]
    return pages


def compare(lo, tb, tol=2 * MM):
    """Lines of each page matched in order (a line pairs with the other side's next line
    when they are within `tol` points): (pages_lo, pages_tb, pairs, worst) where pairs is
    [(page, y_lo, y_tb)] (None for a line without a partner) and worst the largest
    |difference| of a pair in points, inf if some line has no partner."""
    pairs, worst = [], 0.0
    for p in sorted(set(lo) | set(tb)):
        a, b = lo.get(p, []), tb.get(p, [])
        i = j = 0
        while i < len(a) or j < len(b):
            if i < len(a) and j < len(b) and abs(a[i] - b[j]) <= tol:
                pairs.append((p, a[i], b[j]))
                worst = max(worst, abs(a[i] - b[j]))
                i += 1
                j += 1
            elif j >= len(b) or (i < len(a) and a[i] < b[j]):
                pairs.append((p, a[i], None))
                worst = float("inf")
                i += 1
            else:
                pairs.append((p, None, b[j]))
                worst = float("inf")
                j += 1
    return (max(lo) if lo else 0), (max(tb) if tb else 0), pairs, worst


def text_lines(items, merge=1.0):
    """{page: [(y, text)]}: runs on (nearly) one baseline joined left to right."""
    pages = {}
    for p, y, x, t in items:
        pages.setdefault(p, []).append((y, x, t))
    out = {}
    for p, runs in pages.items():
        runs.sort()
        lines = []
        for y, x, t in runs:
            if lines and y - lines[-1][0] <= merge:
                lines[-1][2].append((x, t))
            else:
                lines.append([y, y, [(x, t)]])
        out[p] = [(ly, "".join(t for _x, t in sorted(parts)).replace(" ", ""),
                   min(x for x, _t in parts)) for ly, _l, parts in lines]
    return out


def compare_text(lo, tb):
    """Lines of both sides aligned by their text (difflib), page by page in document
    order: [(page_lo, y_lo, page_tb, y_tb, text, dx)] for matched lines (dx: how far right
    tianbiao starts the line); unmatched lines have None on the other side."""
    import difflib
    seq_a = [(p, y, t, x) for p in sorted(lo) for y, t, x in lo[p] if t]
    seq_b = [(p, y, t, x) for p in sorted(tb) for y, t, x in tb[p] if t]
    sm = difflib.SequenceMatcher(None, [a[2] for a in seq_a], [b[2] for b in seq_b],
                                 autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                a, b = seq_a[i1 + k], seq_b[j1 + k]
                out.append((a[0], a[1], b[0], b[1], a[2], b[3] - a[3]))
        else:
            for a in seq_a[i1:i2]:
                out.append((a[0], a[1], None, None, a[2], None))
            for b in seq_b[j1:j2]:
                out.append((None, None, b[0], b[1], b[2], None))
    return out


def main(argv):
    tb = os.path.join(SRC, "build-dev", "tianbiao")
    keep = None
    docs = []
    i = 0
    while i < len(argv):
        if argv[i] == "--tb":
            tb = argv[i + 1]
            i += 2
        elif argv[i] == "--keep":
            keep = argv[i + 1]
            i += 2
        else:
            docs.append(argv[i])
            i += 1
    work = keep or tempfile.mkdtemp(prefix="lo-lines-")
    os.makedirs(work, exist_ok=True)
    pdfs = soffice_pdfs(docs, work)
    for d in docs:
        print("==", d)
        if d not in pdfs:
            print("   LibreOffice gave no PDF")
            continue
        tr = tb_render(tb, d, work)
        if not tr:
            print("   tianbiao failed")
            continue
        lo_items, tb_items = pdf_lines(pdfs[d]), trace_lines(tr)
        np_lo, np_tb, _pairs, worst = compare(baselines(lo_items), baselines(tb_items))
        rows = compare_text(text_lines(lo_items), text_lines(tb_items))
        near = 0
        wdx = 0.0
        for pa, ya, pb, yb, t, dx in rows:
            da = "p%-2d %7.2f" % (pa, ya) if pa is not None else "          -"
            db = "p%-2d %7.2f" % (pb, yb) if pb is not None else "          -"
            diff = ""
            if pa is not None and pb is not None:
                diff = "%+6.2f" % (yb - ya) if pa == pb else "page"
                near += pa == pb and abs(yb - ya) <= 2 * MM
                wdx = max(wdx, abs(dx))
            print("  lo %s  tb %s  %6s  %6s  %s" % (da, db, diff,
                                                  "%+5.1f" % dx if dx is not None else "", t[:30]))
        nlo = sum(1 for r in rows if r[0] is not None)
        print("   pages lo %d tb %d, worst %.2f pt (%.2f mm), text lines within 2 mm %d/%d, "
              "worst x %.1f pt" % (np_lo, np_tb, worst, worst / MM, near, nlo, wdx))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
