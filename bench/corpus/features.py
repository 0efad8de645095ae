#!/usr/bin/python3
"""bench/corpus/features.py: which layout features each corpus document uses, from its XML, so
the comparison's losses can be put next to their likely causes (issues 9 and 10).

  python3 bench/corpus/features.py [--only REGEX] [--json OUT] [--fixtures | DOC ...]

Documents are found as compare.py finds them (bench/corpus/docs, $TB_CORPUS, --corpus).
Columns (a count, or the kinds found; empty when absent):
  grid    document grid: w:docGrid type (lines, linesAndChars, snapToChars) and linePitch
          (pt); ODF style:layout-grid-mode other than none
  notes   footnote/endnote references (w:footnoteReference, w:endnoteReference, text:note)
  boxes   text boxes and frames (wps:txbx, v:textbox, w:framePr, draw:text-box)
  images  image parts by type (word/media, Pictures), OLE objects as "ole"
  cols    sections with more than one column (w:cols w:num, fo:column-count)
  tstyle  tables with a table style that has conditional formatting (w:tblStylePr),
          ODF table templates
  ffield  legacy form fields (FORMCHECKBOX, FORMTEXT, FORMDROPDOWN)
  sdt     content controls (w:sdt), "+cb" when one is a check box
  sym     symbol-font characters: w:sym, runs in Symbol/Wingdings/Webdings (ODF: font names)
  hfld    fields in headers and footers (PAGE, NUMPAGES, DATE ...; ODF page-number ...)
  vert    vertical text (w:textDirection, style:writing-mode tb-rl)"""
import argparse
import collections
import glob
import json
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare import ROOT, load_manifest, locate  # noqa: E402

SYMBOL_FONTS = rb"(?:Symbol|Wingdings(?: 2| 3)?|Webdings)"
COLS = ["grid", "notes", "boxes", "images", "cols", "tstyle", "ffield", "sdt", "sym", "hfld", "vert"]


def parts(z, rx):
    return [z.read(n) for n in z.namelist() if re.fullmatch(rx, n)]


def docx_features(z):
    body = b"".join(parts(z, r"word/document\d*\.xml"))
    hf = parts(z, r"word/(header|footer)\d*\.xml")
    styles = b"".join(parts(z, r"word/styles\.xml"))
    f = {}
    grids = set()
    for g in re.finditer(rb"<w:docGrid\b([^>]*)/?>", body):
        t = re.search(rb'w:type="(\w+)"', g.group(1))
        p = re.search(rb'w:linePitch="(\d+)"', g.group(1))
        if t and t.group(1) in (b"lines", b"linesAndChars", b"snapToChars"):
            grids.add(f"{t.group(1).decode() if t else 'none'}/{int(p.group(1)) / 20:g}" if p else t.group(1).decode())
    f["grid"] = " ".join(sorted(grids))
    f["notes"] = len(re.findall(rb"<w:(?:footnote|endnote)Reference\b", body))
    f["boxes"] = len(re.findall(rb"<wps:txbx\b|<v:textbox\b|<w:framePr\b", body + b"".join(hf)))
    media = collections.Counter(os.path.splitext(n)[1].lower().lstrip(".") for n in z.namelist()
                                if n.startswith("word/media/"))
    ole = len(re.findall(rb"<o:OLEObject\b", body))
    if ole:
        media["ole"] = ole
    f["images"] = " ".join(f"{k}{'' if v == 1 else v}" for k, v in sorted(media.items()))
    f["cols"] = len([m for m in re.findall(rb'<w:cols\b[^>]*w:num="(\d+)"', body) if int(m) > 1])
    cond = set(re.findall(rb'<w:style\b[^>]*w:styleId="([^"]+)"(?:(?!</w:style>).)*<w:tblStylePr\b', styles, re.S))
    used = re.findall(rb'<w:tblStyle w:val="([^"]+)"', body)
    f["tstyle"] = sum(1 for u in used if u in cond)
    f["ffield"] = len(re.findall(rb"FORM(?:CHECKBOX|TEXT|DROPDOWN)", body))
    sdt = len(re.findall(rb"<w:sdt>|<w:sdt\b", body + b"".join(hf)))
    cb = "+cb" if re.search(rb"<w14:checkbox\b", body) else ""
    f["sdt"] = f"{sdt}{cb}" if sdt else ""
    f["sym"] = len(re.findall(rb"<w:sym\b", body)) + len(re.findall(
        rb'<w:rFonts\b[^>]*w:(?:ascii|hAnsi|eastAsia)="' + SYMBOL_FONTS + rb'"', body))
    names = set()
    for x in hf:
        for instr in re.findall(rb'w:instr="\s*([A-Z]+)', x) + re.findall(rb"<w:instrText[^>]*>\s*([A-Z]+)", x):
            names.add(instr.decode())
    f["hfld"] = " ".join(sorted(names))
    f["vert"] = len(re.findall(rb'<w:textDirection w:val="(?:tbRl|btLr|tbRlV|tbLrV|tb|bt)', body))
    return f


def odt_features(z):
    content = b"".join(parts(z, r"content\.xml"))
    styles = b"".join(parts(z, r"styles\.xml"))
    both = content + styles
    f = {}
    f["grid"] = " ".join(sorted(set(m.decode() for m in re.findall(rb'style:layout-grid-mode="(\w+)"', both)) - {"none"}))
    f["notes"] = len(re.findall(rb"<text:note\b", content))
    f["boxes"] = len(re.findall(rb"<draw:text-box\b", both))
    media = collections.Counter(os.path.splitext(n)[1].lower().lstrip(".") for n in z.namelist()
                                if n.startswith("Pictures/"))
    ole = len(re.findall(rb"<draw:object\b|<draw:object-ole\b", content))
    if ole:
        media["ole"] = ole
    f["images"] = " ".join(f"{k}{'' if v == 1 else v}" for k, v in sorted(media.items()))
    f["cols"] = len([m for m in re.findall(rb'fo:column-count="(\d+)"', both) if int(m) > 1])
    f["tstyle"] = len(re.findall(rb"<table:table-template\b|table:template-name=", both))
    f["ffield"] = len(re.findall(rb"<form:checkbox\b|<form:text\b|<form:listbox\b|<text:drop-down\b", content))
    f["sdt"] = ""
    f["sym"] = len(re.findall(rb'style:font-name(?:-asian|-complex)?="' + SYMBOL_FONTS + rb'"', both))
    master = b"".join(re.findall(rb"<style:master-page\b.*?</style:master-page>", styles, re.S))
    f["hfld"] = " ".join(sorted(set(m.decode() for m in re.findall(
        rb"<text:(page-number|page-count|date|time|chapter|title|file-name|author-name)\b", master))))
    f["vert"] = len(re.findall(rb'style:writing-mode="tb', both))
    return f


def features(path):
    with zipfile.ZipFile(path) as z:
        return odt_features(z) if "content.xml" in z.namelist() else docx_features(z)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest.tsv"))
    ap.add_argument("--corpus", action="append", default=[])
    ap.add_argument("--fixtures", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("docs", nargs="*")
    args = ap.parse_args()
    if args.docs or args.fixtures:
        paths = args.docs or sorted(glob.glob(os.path.join(ROOT, "tests/layout/fixtures/*.docx")) +
                                    glob.glob(os.path.join(ROOT, "tests/layout/fixtures/*.odt")))
        entries = [{"id": os.path.basename(p), "file": os.path.basename(p), "path": p} for p in paths]
    else:
        dirs = [os.path.join(HERE, "docs")] + [d for d in os.environ.get("TB_CORPUS", "").split(":") if d] + args.corpus
        entries = load_manifest(args.manifest)
        for e in entries:
            e["path"] = locate(e, dirs)
    if args.only:
        entries = [e for e in entries if re.search(args.only, e["id"])]
    rows, missing = [], 0
    for e in entries:
        if not e["path"]:
            print(f"{e['id']}: no local copy (set TB_CORPUS)", file=sys.stderr)
            missing += 1
            continue
        rows.append((e["id"], features(e["path"])))
    widths = {c: max([len(c)] + [len(str(f[c] or "")) for _, f in rows]) for c in COLS}
    if args.markdown:
        print("| document | " + " | ".join(COLS) + " |")
        print("|---|" + "---|" * len(COLS))
        for i, f in rows:
            print(f"| {i} | " + " | ".join(str(f[c] or "") for c in COLS) + " |")
    else:
        print(f"{'document':<28} " + " ".join(f"{c:<{widths[c]}}" for c in COLS))
        for i, f in rows:
            print(f"{i:<28} " + " ".join(f"{str(f[c] or ''):<{widths[c]}}" for c in COLS))
    counts = {c: sum(1 for _, f in rows if f[c]) for c in COLS}
    print(f"{'documents with it':<28} " + " ".join(f"{counts[c]:<{widths[c]}}" for c in COLS) if not args.markdown
          else "| documents with it | " + " | ".join(str(counts[c]) for c in COLS) + " |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({i: f for i, f in rows}, fh, ensure_ascii=False, indent=1)
    return 2 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
