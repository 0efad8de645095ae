"""bench/pdfcmp.py: what the render benchmarks share to compare tianbiao's PDFs with LibreOffice's.

Used by bench/render/bench.py (speed and memory on the fixtures) and bench/corpus/compare.py
(a public corpus; README there). Python 3 and Debian's poppler-utils and LibreOffice only.

- LibreOffice runs headless with FONTCONFIG_FILE=fonts/fontconfig.conf, so both renderers draw
  with the faces fonts/fontmap.xml names, and with a private profile per slot, so two
  conversions can run side by side.
- Text comes from `pdftotext -bbox-layout` (pages, lines, word boxes).
- Lines are matched by their text in reading order, not by equality of whole lines, so a
  line that breaks elsewhere is still found (see match_lines)."""
import difflib
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zlib
import struct

PT_MM = 25.4 / 72
NEAR_MM = 2.0


def repo_root(start):
    """The top of the git worktree holding start (a file or directory)."""
    d = start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start))
    r = subprocess.run(["git", "-C", d, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{start}: not inside a git worktree of tianbiao")
    return r.stdout.strip()


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(cmd, env=None, timeout=None, cwd=None):
    """Run cmd in its own process group; on timeout kill the group (soffice starts soffice.bin).
    Returns (returncode or None on timeout, stdout, stderr, seconds)."""
    import time
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out, err, time.monotonic() - t0
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return None, out, err, time.monotonic() - t0


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


# ---- LibreOffice ----------------------------------------------------------------------------

class LibreOffice:
    """soffice --convert-to pdf on the project's font map. slot picks a private profile
    (-env:UserInstallation=file://<profile>-<slot>); never run two conversions on one slot."""

    def __init__(self, root, profile="/tmp/lo-corpus", timeout=60):
        self.fontconfig = os.path.join(root, "fonts", "fontconfig.conf")
        self.env = dict(os.environ, FONTCONFIG_FILE=self.fontconfig)
        self.profile = profile
        self.timeout = timeout

    def fontconfig_digest(self):
        return file_digest(self.fontconfig)

    def convert(self, doc, out_pdf, slot=0):
        """Convert doc to out_pdf (written whole or not at all). Returns None or why it failed."""
        work = tempfile.mkdtemp(prefix="tb-lo-")
        try:
            ext = os.path.splitext(doc)[1]
            src = os.path.join(work, "doc" + ext)
            shutil.copyfile(doc, src)
            cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{self.profile}-{slot}",
                   "--convert-to", "pdf", "--outdir", work, src]
            rc, out, err, secs = run(cmd, env=self.env, timeout=self.timeout)
            pdf = os.path.join(work, "doc.pdf")
            if rc is None:
                return f"LibreOffice timed out after {self.timeout} s"
            if rc != 0 or not os.path.exists(pdf):
                return f"LibreOffice failed (exit {rc}): {(err or out).strip()[-200:]}"
            tmp = out_pdf + ".tmp"
            shutil.copyfile(pdf, tmp)
            os.replace(tmp, out_pdf)
            return None
        finally:
            shutil.rmtree(work, ignore_errors=True)


# ---- text lines and tokens --------------------------------------------------------------------

_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def norm(s):
    """Text as compared: whitespace and invisible characters removed, ligatures (U+FB00..)
    expanded; nothing else folded (a full-width comma and a comma stay different)."""
    s = re.sub(r"\s+", "", s).translate(_DROP)
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb4f" else c for c in s)


_CJK = "[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]"
_TOKEN = re.compile(f"{_CJK}|(?:(?!{_CJK})\\w)+|\\W")


def is_cjk(c):
    return re.fullmatch(_CJK, c) is not None


def pdf_lines(pdf):
    """[[line]] per page; a line is {"y": yMin, "x": xMin, "words": [(text, x0, y0, x1, y1)]}
    in pdftotext's reading order (its flows and blocks)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    out = re.sub(r'xmlns="[^"]*"', "", out)
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return []
    res = []
    for page in root.iter("page"):
        pl = []
        for line in page.iter("line"):
            words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                     for w in line.iter("word")]
            if any(norm(w[0]) for w in words):
                pl.append({"x": float(line.get("xMin")), "y": float(line.get("yMin")), "words": words})
        res.append(pl)
    return res


def tokens(page_lines):
    """Tokens in reading order: each CJK character alone, other runs of letters and digits
    alone, each other character alone. A token is (text, page, line number on the page, x, y):
    x interpolated inside its word's box by character count, y the word's top."""
    toks = []
    for pi, lines in enumerate(page_lines):
        for li, line in enumerate(lines):
            for wt, x0, y0, x1, _ in line["words"]:
                w = norm(wt)
                if not w:
                    continue
                step = (x1 - x0) / len(w)
                for m in _TOKEN.finditer(w):
                    toks.append((m.group(), pi, li, x0 + step * m.start(), y0))
    return toks


def _lis(cands):
    """Longest chain of (i, j) pairs increasing in both, cands sorted by i (patience sorting)."""
    import bisect
    tails, tails_j, back = [], [], {}
    for k, (i, j) in enumerate(cands):
        pos = bisect.bisect_left(tails_j, j)
        back[k] = tails[pos - 1] if pos else None
        if pos == len(tails):
            tails.append(k)
            tails_j.append(j)
        else:
            tails[pos], tails_j[pos] = k, j
    chain, k = [], tails[-1] if tails else None
    while k is not None:
        chain.append(cands[k])
        k = back[k]
    return chain[::-1]


def _match(ta, tb, a0, a1, b0, b1, out, depth=0):
    """Matched index pairs of ta[a0:a1] and tb[b0:b1], in order, appended to out. Small
    stretches go to difflib directly; large ones are first cut at anchors, tokens (or, failing
    those, 3-token runs) that occur once in each (patience diff), since difflib without its
    junk heuristic is quadratic on repetitive text such as long tables."""
    import collections
    n, m = a1 - a0, b1 - b0
    if n <= 0 or m <= 0:
        return
    if n * m > 1_000_000 and depth < 8:
        for k in (1, 3):
            ka = [tuple(ta[i:i + k]) for i in range(a0, a1 - k + 1)]
            kb = [tuple(tb[j:j + k]) for j in range(b0, b1 - k + 1)]
            ca, cb = collections.Counter(ka), collections.Counter(kb)
            posb = {key: b0 + j for j, key in enumerate(kb) if cb[key] == 1}
            cands = [(a0 + i, posb[key]) for i, key in enumerate(ka) if ca[key] == 1 and key in posb]
            anchors, last = [], (a0 - 1, b0 - 1)
            for i, j in _lis(cands):
                if i > last[0] + k - 1 and j > last[1] + k - 1 or not anchors:
                    anchors.append((i, j))
                    last = (i, j)
            if len(anchors) >= 2 or (anchors and k == 3):
                pa, pb = a0, b0
                for i, j in anchors:
                    _match(ta, tb, pa, i, pb, j, out, depth + 1)
                    out.extend((i + d, j + d) for d in range(k))
                    pa, pb = i + k, j + k
                _match(ta, tb, pa, a1, pb, b1, out, depth + 1)
                return
    sm = difflib.SequenceMatcher(None, ta[a0:a1], tb[b0:b1], autojunk=n * m > 1_000_000)
    for blk in sm.get_matching_blocks():
        out.extend((a0 + blk.a + d, b0 + blk.b + d) for d in range(blk.size))


def align(a, b, passes=4):
    """Match two token lists. The first pass keeps the order (difflib, autojunk off, with
    patience anchors on long texts: _match); later passes align what is left, so a block that
    the two renderings read in another order (pdftotext's reading order follows the layout) is
    still found; there a block counts from 3 tokens or 6 characters. A token still alone meets
    the nearest equal one left on its page. Unmatched stretches between the same matched
    neighbours are then compared character by character (runs of 2 and more), so "foo-" "bar"
    still meets "foobar".
    Returns ({index in a: index in b}, character similarity 0..1 as difflib's ratio)."""
    pairs = {}
    ia, ib = list(range(len(a))), list(range(len(b)))
    for p in range(passes):
        ta, tb = [a[i][0] for i in ia], [b[j][0] for j in ib]
        found = []
        _match(ta, tb, 0, len(ta), 0, len(tb), found)
        found.sort()
        new, k = 0, 0
        while k < len(found):
            e = k + 1
            while e < len(found) and found[e][0] == found[e - 1][0] + 1 and found[e][1] == found[e - 1][1] + 1:
                e += 1
            run = found[k:e]
            if not p or len(run) >= 3 or sum(len(ta[i]) for i, _ in run) >= 6:
                for i, j in run:
                    pairs[ia[i]] = ib[j]
                new += len(run)
            k = e
        if not new:
            break
        done_b = set(pairs.values())
        ia = [i for i in ia if i not in pairs]
        ib = [j for j in ib if j not in done_b]
    # short pieces read in another order (a table cell "Fax"): the same text on the same page,
    # the nearest one
    left = {}
    for j in ib:
        left.setdefault((b[j][0], b[j][1]), []).append(j)
    for i in ia:
        cands = left.get((a[i][0], a[i][1]))
        if cands:
            j = min(cands, key=lambda j: (b[j][3] - a[i][3]) ** 2 + (b[j][4] - a[i][4]) ** 2)
            cands.remove(j)
            pairs[i] = j
    matched = sum(len(a[i][0]) for i in pairs)
    free_b = set(j for js in left.values() for j in js)
    i = 0
    while i < len(a):
        if i in pairs:
            i += 1
            continue
        e = i
        while e < len(a) and e not in pairs:
            e += 1
        jlo = pairs[i - 1] if i > 0 else -1
        jhi = pairs[e] if e < len(a) else len(b)
        if jlo < jhi:
            sa = "".join(a[k][0] for k in range(i, e))
            sb = "".join(b[j][0] for j in range(jlo + 1, jhi) if j in free_b)
            if sa and sb and len(sa) * len(sb) <= 1_000_000:
                matched += sum(m.size for m in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks()
                               if m.size >= 2)
        i = e
    total = sum(len(t[0]) for t in a) + sum(len(t[0]) for t in b)
    return pairs, (2.0 * matched / total if total else 1.0)


def match_lines(ref_lines, test_lines):
    """Where each reference (LibreOffice) line went in the test (tianbiao) rendering.

    Both renderings are cut into tokens in reading order and aligned (align). A reference
    line is represented by its first token that has a partner; the offset is the distance
    between the two tokens' positions (x inside the word, top of the word), so a line that
    breaks after a different word still compares the position of the same text. Returns
    (per reference line: {"page", "line", "status": "near"|"far"|"other-page"|"lost",
    "dist", "dx", "dy" (mm, test minus reference)}, character similarity)."""
    ra, tb = tokens(ref_lines), tokens(test_lines)
    pairs, sim = align(ra, tb)
    first = {}
    for i, t in enumerate(ra):
        key = (t[1], t[2])
        if i in pairs and key not in first:
            first[key] = i
    res = []
    for pi, lines in enumerate(ref_lines):
        for li, _ in enumerate(lines):
            i = first.get((pi, li))
            if i is None:
                res.append({"page": pi, "line": li, "status": "lost"})
                continue
            r, t = ra[i], tb[pairs[i]]
            if r[1] != t[1]:
                res.append({"page": pi, "line": li, "status": "other-page", "test_page": t[1]})
                continue
            dx, dy = (t[3] - r[3]) * PT_MM, (t[4] - r[4]) * PT_MM
            dist = (dx * dx + dy * dy) ** 0.5
            res.append({"page": pi, "line": li, "status": "near" if dist <= NEAR_MM else "far",
                        "dist": dist, "dx": dx, "dy": dy})
    return res, sim


def summarise_lines(res):
    """share of reference lines within NEAR_MM, median offset of the lines found on the same
    page, median |dy|, share within NEAR_MM vertically, counts."""
    n = len(res)
    same = [r for r in res if "dist" in r]
    near = sum(1 for r in same if r["status"] == "near")
    return {
        "lines": n,
        "near": near,
        "share_near": near / n if n else 1.0,
        "share_near_v": sum(1 for r in same if abs(r["dy"]) <= NEAR_MM) / n if n else 1.0,
        "median_mm": statistics.median(r["dist"] for r in same) if same else None,
        "median_dy_mm": statistics.median(abs(r["dy"]) for r in same) if same else None,
        "other_page": sum(1 for r in res if r["status"] == "other-page"),
        "lost": sum(1 for r in res if r["status"] == "lost"),
    }


# ---- side-by-side PNG (no imaging library needed) -----------------------------------------------

def _read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def _write_png(path, w, h, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xffffffff)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
    with open(path + ".tmp", "wb") as f:
        f.write(png)
    os.replace(path + ".tmp", path)


def side_by_side(left_pdf, right_pdf, out_prefix, max_pages=4, dpi=50):
    """Write out_prefix-pN.png: page N of left_pdf | page N of right_pdf (a blank half where
    one has no such page). Returns the files written."""
    work = tempfile.mkdtemp(prefix="tb-png-")
    written = []
    try:
        for name, pdf in (("l", left_pdf), ("r", right_pdf)):
            subprocess.run(["pdftoppm", "-r", str(dpi), "-l", str(max_pages), pdf, os.path.join(work, name)],
                           capture_output=True)
        def page(name, n):
            for cand in os.listdir(work):
                m = re.match(rf"{name}-0*(\d+)\.ppm$", cand)
                if m and int(m.group(1)) == n:
                    return _read_ppm(os.path.join(work, cand))
            return None
        for n in range(1, max_pages + 1):
            l, r = page("l", n), page("r", n)
            if not l and not r:
                break
            lw, lh = (l[0], l[1]) if l else (r[0], r[1])
            rw, rh = (r[0], r[1]) if r else (lw, lh)
            h, gap = max(lh, rh), 6
            w = lw + gap + rw
            rows = []
            for y in range(h):
                lrow = l[2][y * lw * 3:(y + 1) * lw * 3] if l and y < lh else b"\xe0" * (lw * 3)
                rrow = r[2][y * rw * 3:(y + 1) * rw * 3] if r and y < rh else b"\xe0" * (rw * 3)
                rows.append(lrow + b"\x80\x00\x00" * gap + rrow)
            out = f"{out_prefix}-p{n}.png"
            _write_png(out, w, h, rows)
            written.append(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written
