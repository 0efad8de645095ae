#!/usr/bin/python3
"""bench/corpus/compare.py: render real documents with tianbiao and with LibreOffice (same font
map) and measure how far apart they are: page counts, text similarity, share of LibreOffice's
lines that tianbiao puts within 2 mm, median offset, tianbiao's diagnostics.

  python3 bench/corpus/compare.py [--tb build/tianbiao] [--only REGEX] [-j N] [--json OUT]
                                  [--png DIR] [--fixtures | DOC ...]

Documents: the corpus in bench/corpus/manifest.tsv (files looked up in bench/corpus/docs, then
in each directory of $TB_CORPUS and --corpus), or --fixtures (tests/layout/fixtures), or the
files named. LibreOffice's PDFs are cached by document digest and font map digest (--cache,
default $TB_LO_CACHE or ~/.cache/tianbiao/lo-cache), so a re-run only renders with tianbiao.
Method and columns: bench/corpus/README.md. Exit status: 0, or 2 when a document of the
manifest is missing or differs from its recorded sha256."""
import argparse
import concurrent.futures
import glob
import json
import os
import queue
import re
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import pdfcmp  # noqa: E402

ROOT = pdfcmp.repo_root(HERE)
GROUPS = [("all", lambda r: True), ("docx", lambda r: r["format"] == "docx"), ("odt", lambda r: r["format"] == "odt"),
          ("zh", lambda r: r["lang"] == "zh"), ("other", lambda r: r["lang"] != "zh")]


def load_manifest(path):
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def locate(entry, dirs):
    for d in dirs:
        p = os.path.join(d, entry["file"])
        if os.path.isfile(p):
            return p
    return None


def cjk_share(s):
    s = pdfcmp.norm(s)
    return sum(1 for c in s if pdfcmp.is_cjk(c)) / len(s) if s else 0.0


class Runner:
    def __init__(self, args):
        self.args = args
        self.lo = pdfcmp.LibreOffice(ROOT, profile=args.lo_profile, timeout=args.timeout)
        self.fc = self.lo.fontconfig_digest()[:12]
        os.makedirs(args.cache, exist_ok=True)
        self.slots = queue.Queue()
        for s in range(max(1, min(2, args.jobs, args.lo_jobs))):
            self.slots.put(s)
        self.work = args.keep or tempfile.mkdtemp(prefix="tb-corpus-")
        os.makedirs(self.work, exist_ok=True)

    def lo_pdf(self, doc, sha):
        """LibreOffice's PDF from the cache, made if missing. Returns (path, None) or (None, why)."""
        key = f"{sha[:24]}-{self.fc}"
        pdf = os.path.join(self.args.cache, key + ".pdf")
        fail = os.path.join(self.args.cache, key + ".fail")
        if self.args.refresh:
            for p in (pdf, fail):
                if os.path.exists(p):
                    os.remove(p)
        if os.path.exists(pdf):
            return pdf, None
        if os.path.exists(fail):
            with open(fail, encoding="utf-8") as f:
                return None, f.read().strip() + " (cached; --refresh retries)"
        slot = self.slots.get()
        try:
            why = self.lo.convert(doc, pdf, slot)
        finally:
            self.slots.put(slot)
        if why:
            with open(fail + ".tmp", "w", encoding="utf-8") as f:
                f.write(why + "\n")
            os.replace(fail + ".tmp", fail)
            return None, why
        return pdf, None

    def tb_pdf(self, doc, out):
        """tianbiao's rendering; returns (ok, diagnostics by severity, codes, seconds, why)."""
        rc, so, se, secs = pdfcmp.run([self.args.tb, "render", doc, "-o", out, "--format", "json"],
                                      timeout=self.args.timeout)
        diags = []  # --format json prints them on stdout
        m = re.search(r"^\[.*\]\s*$", so, re.S | re.M)
        if m:
            try:
                diags = json.loads(m.group(0))
            except ValueError:
                diags = []
        sev = {"error": 0, "warning": 0}
        codes = {}
        for d in diags:
            sev[d.get("severity", "warning")] = sev.get(d.get("severity", "warning"), 0) + 1
            codes[d.get("code", "?")] = codes.get(d.get("code", "?"), 0) + 1
        if rc is None:
            return False, sev, codes, secs, f"tianbiao timed out after {self.args.timeout} s"
        if rc != 0 or not os.path.exists(out):
            last = (se.strip().splitlines() or [f"exit {rc}"])[-1]
            return False, sev, codes, secs, f"tianbiao failed (exit {rc}): {last[:200]}"
        return True, sev, codes, secs, None

    def one(self, e):
        r = {k: e.get(k) for k in ("id", "file", "format", "producer")}
        r["lang"] = e.get("language")
        r["status"] = "ok"
        doc = e.get("path")
        if not doc:
            r["status"], r["why"] = "missing", e.get("why", "no local copy")
            return r
        sha = pdfcmp.file_digest(doc)
        if e.get("sha256") and sha != e["sha256"]:
            r["status"], r["why"] = "sha-mismatch", f"{doc} has sha256 {sha[:12]}…, the manifest {e['sha256'][:12]}…"
            return r
        lo, why = self.lo_pdf(doc, sha)
        tb = os.path.join(self.work, r["id"] + ".tb.pdf")
        ok, sev, codes, secs, twhy = self.tb_pdf(doc, tb)
        r.update(tb_errors=sev.get("error", 0), tb_warnings=sev.get("warning", 0), tb_codes=codes,
                 tb_seconds=round(secs, 3))
        if lo is None:
            r["status"], r["why"] = ("lo-timeout" if "timed out" in why else "lo-failed"), why
            return r
        lo_lines = pdfcmp.pdf_lines(lo)
        r["pages_lo"] = len(lo_lines)
        if r["lang"] is None:
            r["lang"] = "zh" if cjk_share("".join(w[0] for p in lo_lines for l in p for w in l["words"])) > 0.2 else "other"
        if not ok:
            r["status"], r["why"] = ("tb-timeout" if "timed out" in twhy else "tb-failed"), twhy
            r.update(pages_tb=0, pages_equal=False, text_similarity=0.0, lines=sum(map(len, lo_lines)), share_near=0.0,
                     share_near_v=0.0, median_mm=None, median_dy_mm=None)
            return r
        tb_lines = pdfcmp.pdf_lines(tb)
        res, sim = pdfcmp.match_lines(lo_lines, tb_lines)
        s = pdfcmp.summarise_lines(res)
        r.update(pages_tb=len(tb_lines), pages_equal=len(tb_lines) == len(lo_lines), text_similarity=round(sim, 4),
                 **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()})
        first = [x for x in res if x["page"] == 0 and "dy" in x]
        r["page1_median_dy_mm"] = round(statistics.median(abs(x["dy"]) for x in first), 3) if first else None
        r["_tb"], r["_lo"] = tb, lo
        return r


def summary(results):
    out = {}
    for name, pred in GROUPS:
        rs = [r for r in results if pred(r) and "pages_lo" in r]
        if not rs:
            continue
        meds = [r["median_mm"] for r in rs if r.get("median_mm") is not None]
        out[name] = {
            "documents": len(rs),
            "pages_equal": sum(1 for r in rs if r["pages_equal"]),
            "share_pages_equal": sum(1 for r in rs if r["pages_equal"]) / len(rs),
            "mean_text_similarity": statistics.mean(r["text_similarity"] for r in rs),
            "min_text_similarity": min(r["text_similarity"] for r in rs),
            "mean_share_near": statistics.mean(r["share_near"] for r in rs),
            "median_share_near": statistics.median(r["share_near"] for r in rs),
            "mean_share_near_v": statistics.mean(r["share_near_v"] for r in rs),
            "median_of_median_mm": statistics.median(meds) if meds else None,
            "tb_failed": sum(1 for r in rs if r["status"] in ("tb-failed", "tb-timeout")),
            "tb_errors": sum(r.get("tb_errors", 0) for r in rs),
            "tb_warnings": sum(r.get("tb_warnings", 0) for r in rs),
        }
    return out


def fmt(v, spec, none="-"):
    return none if v is None else format(v, spec)


def print_table(results, summ, skipped):
    head = (f"{'document':<28} {'fmt':<4} {'lang':<5} {'pages tb/lo':>11} {'text':>6} {'≤2mm':>6} {'lines':>9} "
            f"{'med mm':>7} {'|dy| mm':>7} {'≤2mm v':>6} {'E/W':>7}  note")
    print(head)
    print("-" * len(head))
    for r in results:
        if "pages_lo" not in r:
            print(f"{r['id']:<28} {r.get('format') or '':<4} {r.get('lang') or '':<5} {r['status'].upper()}: {r.get('why', '')}")
            continue
        note = "" if r["status"] == "ok" else f"{r['status'].upper()}: {r.get('why', '')}"
        if r["status"] == "ok" and not r["pages_equal"]:
            note = "pages differ"
        pg = f"{r['pages_tb']}/{r['pages_lo']}"
        print(f"{r['id']:<28} {r['format']:<4} {r['lang']:<5} {pg:>11} {r['text_similarity']:>6.3f} "
              f"{r['share_near']:>6.2f} {str(r.get('near', 0)) + '/' + str(r['lines']):>9} "
              f"{fmt(r.get('median_mm'), '7.1f'):>7} {fmt(r.get('median_dy_mm'), '7.1f'):>7} {r['share_near_v']:>6.2f} "
              f"{str(r.get('tb_errors', 0)) + '/' + str(r.get('tb_warnings', 0)):>7}  {note}")
    print()
    h2 = (f"{'group':<8} {'docs':>5} {'pages equal':>13} {'text mean':>9} {'text min':>8} {'≤2mm mean':>9} "
          f"{'≤2mm med':>8} {'≤2mm v':>6} {'med mm':>7} {'tb fail':>7} {'E/W':>9}")
    print(h2)
    print("-" * len(h2))
    for name, s in summ.items():
        pe = f"{s['pages_equal']}/{s['documents']} {s['share_pages_equal'] * 100:3.0f}%"
        print(f"{name:<8} {s['documents']:>5} {pe:>13} {s['mean_text_similarity']:>9.3f} {s['min_text_similarity']:>8.3f} "
              f"{s['mean_share_near']:>9.3f} {s['median_share_near']:>8.3f} {s['mean_share_near_v']:>6.2f} "
              f"{fmt(s['median_of_median_mm'], '7.1f'):>7} {s['tb_failed']:>7} {str(s['tb_errors']) + '/' + str(s['tb_warnings']):>9}")
    for r in skipped:
        print(f"NOT COMPARED {r['id']}: {r['status']}: {r.get('why', '')}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tb", default=os.path.join(ROOT, "build", "tianbiao"), help="the tianbiao binary (a Release build)")
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest.tsv"))
    ap.add_argument("--corpus", action="append", default=[], help="another directory holding local copies")
    ap.add_argument("--fixtures", action="store_true", help="measure tests/layout/fixtures instead of the corpus")
    ap.add_argument("--only", help="only documents whose id or file name matches this regular expression")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="documents at once (LibreOffice: at most 2)")
    ap.add_argument("--lo-jobs", type=int, default=2, help=argparse.SUPPRESS)
    ap.add_argument("--cache", default=os.environ.get("TB_LO_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "tianbiao", "lo-cache")),
                    help="LibreOffice's PDFs, by document and font map digest")
    ap.add_argument("--refresh", action="store_true", help="convert again with LibreOffice, ignoring the cache")
    ap.add_argument("--lo-profile", default="/tmp/lo-corpus", help="LibreOffice profile prefix (-0, -1 per slot)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds before a renderer is stopped")
    ap.add_argument("--json", help="write the results here (machine-readable, to diff before/after)")
    ap.add_argument("--png", help="write side-by-side pages (tianbiao | LibreOffice) of the worst documents here")
    ap.add_argument("--worst", type=int, default=10, help="how many worst documents --png shows and the summary lists")
    ap.add_argument("--png-pages", type=int, default=3)
    ap.add_argument("--keep", help="keep tianbiao's PDFs in this directory")
    ap.add_argument("docs", nargs="*", help="documents to compare instead of the manifest")
    args = ap.parse_args()
    if not os.access(args.tb, os.X_OK):
        sys.exit(f"no tianbiao binary at {args.tb} (build one: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "
                 f"-DTB_TESTS=OFF && cmake --build build -j2)")
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        sys.exit("needs soffice (libreoffice-writer) and pdftotext (poppler-utils)")

    if args.docs or args.fixtures:
        paths = args.docs or sorted(glob.glob(os.path.join(ROOT, "tests/layout/fixtures/*.docx")) +
                                    glob.glob(os.path.join(ROOT, "tests/layout/fixtures/*.odt")))
        entries = [{"id": os.path.basename(p), "file": os.path.basename(p), "path": os.path.abspath(p),
                    "format": os.path.splitext(p)[1].lstrip(".").lower(), "lang": None, "producer": None} for p in paths]
    else:
        dirs = [os.path.join(HERE, "docs")] + [d for d in os.environ.get("TB_CORPUS", "").split(":") if d] + args.corpus
        entries = load_manifest(args.manifest)
        for e in entries:
            e["path"] = locate(e, dirs)
            e["why"] = "no local copy in " + ", ".join(os.path.relpath(d) for d in dirs) + \
                ("" if os.environ.get("TB_CORPUS") else " ($TB_CORPUS is not set)")
    if args.only:
        rx = re.compile(args.only)
        entries = [e for e in entries if rx.search(e["id"]) or rx.search(e["file"])]

    run = Runner(args)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(run.one, entries))
    compared = [r for r in results if "pages_lo" in r]
    skipped = [r for r in results if "pages_lo" not in r]
    summ = summary(results)
    print_table(results, summ, skipped)

    # the worst: fewest lines within 2 mm, then the most lines (a long document says more)
    worst = sorted(compared, key=lambda r: (round(r["share_near"], 2), -r["lines"]))[:args.worst]
    if worst:
        print(f"\nworst {len(worst)} by share within 2 mm: " + ", ".join(f"{r['id']} ({r['share_near']:.2f})" for r in worst))
    if args.png:
        os.makedirs(args.png, exist_ok=True)
        for r in worst:
            if r.get("_tb") and os.path.exists(r["_tb"]):
                files = pdfcmp.side_by_side(r["_tb"], r["_lo"], os.path.join(args.png, r["id"]), max_pages=args.png_pages)
                print(f"  {r['id']}: {' '.join(os.path.basename(f) for f in files)} (left tianbiao, right LibreOffice)")
    missing = [r for r in results if r["status"] in ("missing", "sha-mismatch")]
    if missing:
        print(f"\n{len(missing)} document(s) of the manifest not compared: no local copy or a different one. The "
              f"copies live outside the repository; point TB_CORPUS (or --corpus) at them (README).", file=sys.stderr)
    if args.json:
        data = {"tianbiao": os.path.abspath(args.tb), "fontconfig_digest": run.fc, "summary": summ,
                "documents": [{k: v for k, v in r.items() if not k.startswith("_")} for r in results]}
        with open(args.json + ".tmp", "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(args.json + ".tmp", args.json)
    if not args.keep:
        shutil.rmtree(run.work, ignore_errors=True)
    return 2 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
