#!/usr/bin/env python3
"""The shipped qhd-2021 templates: they open (python-docx, LibreOffice), have the official page
set-up and fonts, every tag names only data of docs/evidence-format.md and
docs/report-formats.md, the seal places are named bookmarks in the right cells, the form's
wording is kept, and the committed DOCX files are what scripts/make-templates.py makes.
When the CLI has `fill`, each template is filled from tests/templates/data/ and the output's
text must contain the data's values."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
import xml.etree.ElementTree as ET

try:
    import docx
except ImportError:
    # Debian's python3-docx is installed for the system interpreter; a pyenv shim may hide it.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from docx.shared import Mm

SRC = os.environ.get("TB_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TPL = os.path.join(SRC, "templates", "programs", "qhd-2021")
DATA = os.path.join(SRC, "tests", "templates", "data")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"

GB9704 = dict(top=37, bottom=35, left=28, right=26)
FORM = dict(top=25, bottom=25, left=25, right=25)
# name -> (data root documented in, page margins, seal bookmarks, a label next to each seal)
TEMPLATES = {
    "application-form": ("evidence", FORM, {"tb_seal_applicant": "申报单位意见",
                                            "tb_seal_recommender": "推荐单位意见"}),
    "self-assessment": ("report", GB9704, {"tb_seal_applicant": None}),
    "summary-sheet": ("batch", FORM, {"tb_seal_recommender": None}),
}
TITLE_FONTS = {"方正小标宋简体", "黑体"}
BODY_FONTS = {"仿宋_GB2312", "宋体"}
LATIN = "Times New Roman"
FORMATTERS = {"cn_date", "cn_date_upper", "money", "wan", "thousands", "rmb_upper", "default",
              "check", "image", "trim"}
XPATH_WORDS = {"and", "or", "div", "mod"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- the data contracts

def doc_examples():
    """The XML examples of the two contract documents, parsed: {'evidence': root, ...}."""
    out = {}
    for md in ("evidence-format.md", "report-formats.md"):
        for block in re.findall(r"```xml\n(.*?)```", read(os.path.join(SRC, "docs", md)), re.S):
            root = ET.fromstring(block.encode("utf-8"))
            out[root.tag] = root
    # report-formats.md: <report>'s applicant and recommender are "copied from the evidence".
    rep, ev = out["report"], out["evidence"]
    for name in ("applicant", "recommender"):
        old = rep.find(name)
        rep.remove(old)
        rep.insert(1, ev.find(name))
    return out


def target_ids():
    """qhd-2021 service targets in form order, from evidence-format.md: [(id, label)]."""
    text = read(os.path.join(SRC, "docs", "evidence-format.md"))
    para = text.split("Service targets, in form order:")[1].split("\n\n")[0]
    return re.findall(r"`([a-z-]+)` ([^·`\s.]+)", para)


# ---------------------------------------------------------------- reading templates

def docx_paragraphs(path):
    """Text of every paragraph of the main part, headers and footers (w:t, tabs, breaks)."""
    out = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if not re.match(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", n):
                continue
            root = ET.fromstring(z.read(n))
            for p in root.iter(W + "p"):
                s = []
                for e in p.iter():
                    if e.tag == W + "t":
                        s.append(e.text or "")
                    elif e.tag == W + "tab":
                        s.append("\t")
                    elif e.tag in (W + "br", W + "cr"):
                        s.append("\n")
                out.append("".join(s))
    return out


def odf_text(e):
    s = [e.text or ""]
    for c in e:
        if c.tag == TEXT + "s":
            s.append(" " * int(c.get(TEXT + "c", "1")))
        elif c.tag == TEXT + "tab":
            s.append("\t")
        elif c.tag == TEXT + "line-break":
            s.append("\n")
        else:
            s.append(odf_text(c))
        s.append(c.tail or "")
    return "".join(s)


def odt_paragraphs(path):
    out = []
    with zipfile.ZipFile(path) as z:
        for n in ("content.xml", "styles.xml"):
            root = ET.fromstring(z.read(n))
            for p in root.iter():
                if p.tag in (TEXT + "p", TEXT + "h"):
                    out.append(odf_text(p))
    return out


def paragraphs(path):
    return docx_paragraphs(path) if path.endswith(".docx") else odt_paragraphs(path)


def tags_of(paras):
    return [t for p in paras for t in re.findall(r"\{\{(.*?)\}\}", p, re.S)]


# ---------------------------------------------------------------- checking tags

def split_pipes(tag):
    """'expr | f(1) | g' -> ['expr', 'f(1)', 'g'], ignoring pipes inside quotes."""
    parts, cur, quote = [], "", None
    for ch in tag:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "|":
            parts.append(cur.strip())
            cur = ""
            continue
        cur += ch
    parts.append(cur.strip())
    return parts


PLAIN = re.compile(r"^(?:\.\./)*(?:[A-Za-z_][\w-]*(?:\[[^\]]*\])?/)*(?:[A-Za-z_][\w-]*(?:\[[^\]]*\])?|@[\w-]+)$")


class TagChecker:
    """Walks the tags in order with a stack of sections, resolving every plain path in the
    contract example as tianbiao does (current node, then enclosing sections, then root)."""

    def __init__(self, root, vocabulary, ids):
        self.root, self.vocab, self.ids = root, vocabulary, ids
        self.parent = {c: p for p in root.iter() for c in p}
        self.stack = [[root]]
        self.opened = []
        self.errors = []

    def resolve_in(self, nodes, path):
        for step in path.split("/"):
            if step == "..":
                nodes = [self.parent[n] for n in nodes if n in self.parent]
            elif step.startswith("@"):
                return [n for n in nodes if step[1:] in n.attrib] and nodes
            else:
                m = re.match(r"([\w-]+)(?:\[@([\w-]+)='([^']*)'\])?$", step)
                name, attr, val = m.group(1), m.group(2), m.group(3)
                if attr is not None:
                    if attr != "ref" or val not in self.ids:
                        self.errors.append("predicate [@%s='%s'] names no option id" % (attr, val))
                nodes = [c for n in nodes for c in n if c.tag == name and
                         (attr is None or attr in c.attrib)]
            if not nodes:
                return []
        return nodes

    def resolve(self, path):
        for ctx in reversed(self.stack):
            found = self.resolve_in(ctx, path)
            if found:
                return found
        return []

    def names_ok(self, expr, tag):
        bare = re.sub(r"'[^']*'|\"[^\"]*\"", "", expr)
        for m in re.finditer(r"(@?)([A-Za-z_][\w-]*)(\s*\(|::)?", bare):
            at, name, call = m.groups()
            if call or name in XPATH_WORDS:
                continue
            if (at + name) not in self.vocab:
                self.errors.append("{{%s}}: %s%s is not a data name of the contract" % (tag, at, name))

    def check(self, tag):
        raw = tag.strip()
        kind = raw[0] if raw[:1] in "#^?/" else ""
        body = raw[1:].strip() if kind else raw
        if kind == "/":
            if not self.opened:
                self.errors.append("{{%s}} closes nothing" % tag)
                return
            want = self.opened.pop()
            self.stack.pop()
            if body and body != want:
                self.errors.append("{{%s}} closes {{#%s}}" % (tag, want))
            return
        parts = split_pipes(body)
        expr = parts[0]
        for f in parts[1:]:
            name = re.match(r"[\w]+", f)
            if not name or name.group(0) not in FORMATTERS:
                self.errors.append("{{%s}}: unknown formatter %r" % (tag, f))
        nodes = None
        if expr == ".":
            nodes = self.stack[-1]
        elif PLAIN.match(expr):
            nodes = self.resolve(expr)
            if not nodes:
                self.errors.append("{{%s}}: %s selects nothing in the contract's example" % (tag, expr))
            self.names_ok(expr, tag)
        else:
            self.names_ok(expr, tag)
        if kind:
            self.opened.append(expr)
            self.stack.append(nodes if nodes and not expr.startswith("@") else self.stack[-1])

    def finish(self):
        if self.opened:
            self.errors.append("sections never closed: %s" % self.opened)
        return self.errors


def vocabulary(root):
    v = set()
    for e in root.iter():
        v.add(e.tag)
        v.update("@" + a for a in e.attrib)
    return v


# ---------------------------------------------------------------- LibreOffice

def soffice_pdf(paths, outdir):
    with tempfile.TemporaryDirectory(prefix="tb-lo-") as prof:
        r = subprocess.run(["soffice", "-env:UserInstallation=file://" + prof, "--headless",
                            "--norestore", "--convert-to", "pdf", "--outdir", outdir] + paths,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def pdftext(pdf, first=None, last=None):
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [pdf, "-"], check=True, stdout=subprocess.PIPE).stdout.decode()


def flat(text):
    return re.sub(r"\s+", "", text)


def files(ext):
    return [(n, os.path.join(TPL, n + "." + ext)) for n in TEMPLATES]


# ---------------------------------------------------------------- tests

class Structure(unittest.TestCase):

    def test_files_exist(self):
        for ext in ("docx", "odt"):
            for name, path in files(ext):
                self.assertTrue(os.path.isfile(path), path)
                self.assertLess(os.path.getsize(path), 200 * 1024, path)

    def test_docx_page_setup(self):
        for name, path in files("docx"):
            d = docx.Document(path)
            margins = TEMPLATES[name][1]
            self.assertEqual(len(d.sections), 1, name)
            s = d.sections[0]
            # A4 portrait, margins in mm (python-docx rounds to twips / EMU).
            self.assertAlmostEqual(s.page_width.mm, 210, delta=0.1, msg=name)
            self.assertAlmostEqual(s.page_height.mm, 297, delta=0.1, msg=name)
            for side in ("top", "bottom", "left", "right"):
                self.assertAlmostEqual(getattr(s, side + "_margin").mm, margins[side], delta=0.1,
                                       msg="%s %s margin" % (name, side))
            self.assertEqual(d.core_properties.author, "tianbiao")

    def test_odt_page_setup(self):
        def mm(v):
            n, unit = float(re.match(r"[\d.]+", v).group(0)), re.sub(r"[\d.]+", "", v)
            return n * {"cm": 10, "mm": 1, "in": 25.4, "pt": 25.4 / 72}[unit]
        for name, path in files("odt"):
            with zipfile.ZipFile(path) as z:
                root = ET.fromstring(z.read("styles.xml"))
            # Every page layout that sets a size (LibreOffice also writes size-less ones).
            props = [e.attrib for e in root.iter(STYLE + "page-layout-properties")
                     if FO + "page-width" in e.attrib]
            self.assertTrue(props, name)
            margins = TEMPLATES[name][1]
            for p in props:
                self.assertAlmostEqual(mm(p[FO + "page-width"]), 210, delta=0.3, msg=name)
                self.assertAlmostEqual(mm(p[FO + "page-height"]), 297, delta=0.3, msg=name)
                # (top/bottom: LibreOffice moves Word's header distance out of the margin)
                self.assertAlmostEqual(mm(p[FO + "margin-left"]), margins["left"], delta=0.3, msg=name)
                self.assertAlmostEqual(mm(p[FO + "margin-right"]), margins["right"], delta=0.3,
                                       msg=name)

    def test_docx_fonts(self):
        for name, path in files("docx"):
            d = docx.Document(path)
            rpr = d.styles["Normal"].element.rPr
            rf = rpr.find(W + "rFonts")
            self.assertEqual(rf.get(W + "eastAsia"), "仿宋_GB2312", name)
            self.assertEqual(rf.get(W + "ascii"), LATIN, name)
            seen = set()
            with zipfile.ZipFile(path) as z:
                body = ET.fromstring(z.read("word/document.xml"))
            for r in body.iter(W + "r"):
                text = "".join(t.text or "" for t in r.iter(W + "t"))
                if not text.strip():
                    continue
                rf = r.find(W + "rPr/" + W + "rFonts")
                self.assertIsNotNone(rf, "%s: run %r has no fonts" % (name, text))
                east = rf.get(W + "eastAsia")
                self.assertIn(east, TITLE_FONTS | BODY_FONTS, "%s: %r" % (name, text))
                self.assertEqual(rf.get(W + "ascii"), LATIN, text)
                self.assertEqual(rf.get(W + "hAnsi"), LATIN, text)
                sz = r.find(W + "rPr/" + W + "sz")
                size = int(sz.get(W + "val")) / 2
                seen.add((east, size))
                if text.startswith("秦皇岛市公民科学素质教育示范单位") and len(text) <= 22:
                    # Titles: 方正小标宋简体 (or 黑体) 二号.
                    self.assertIn(east, TITLE_FONTS, text)
                    self.assertEqual(size, 22, text)
            # Body text in 仿宋 四号 or 小四 somewhere, and a title at 二号.
            self.assertTrue(any(f in BODY_FONTS and s in (12, 14) for f, s in seen), name)
            self.assertTrue(any(f in TITLE_FONTS and s == 22 for f, s in seen), name)

    def test_odt_fonts(self):
        for name, path in files("odt"):
            with zipfile.ZipFile(path) as z:
                xml = z.read("styles.xml").decode() + z.read("content.xml").decode()
            asian = set(re.findall(r'style:font-name-asian="([^"]+)"', xml))
            self.assertIn("仿宋_GB2312", asian, name)
            self.assertIn("方正小标宋简体", asian, name)
            self.assertIn("Times New Roman", set(re.findall(r'style:font-name="([^"]+)"', xml)), name)

    def test_tags_use_contract_names(self):
        examples = doc_examples()
        ids = {i for i, _ in target_ids()}
        for ext in ("docx", "odt"):
            for name, path in files(ext):
                root = examples[TEMPLATES[name][0]]
                tags = tags_of(paragraphs(path))
                self.assertGreater(len(tags), 10, path)
                checker = TagChecker(root, vocabulary(root), ids)
                for t in tags:
                    checker.check(t)
                self.assertEqual(checker.finish(), [], path)

    def test_tag_checker_catches_mistakes(self):
        # The checker above must be able to fail.
        ev = doc_examples()["evidence"]
        for bad in ["applicant/nmae", "#awards/award", "staff/@sum", "date | cndate",
                    "service-targets/target[@ref='kids'] | check", "count(award/titel)"]:
            c = TagChecker(ev, vocabulary(ev), {i for i, _ in target_ids()})
            c.check(bad)
            self.assertNotEqual(c.finish(), [], bad)

    def test_odt_tags_match_docx(self):
        for name, path in files("docx"):
            odt = path[:-4] + "odt"
            tags = tags_of(paragraphs(odt))
            self.assertEqual(tags_of(paragraphs(path)), tags, name)
            # LibreOffice's conversion left every tag in one text node (unsplit).
            with zipfile.ZipFile(odt) as z:
                raw = z.read("content.xml").decode("utf-8")
            self.assertEqual(len(re.findall(r"\{\{[^<]*?\}\}", raw)), len(tags), name)

    def test_service_targets_worded_as_form(self):
        targets = target_ids()
        self.assertEqual(len(targets), 12)
        want = "可多项选定并在□内划√：" + "；".join(
            "(%d) %s{{service-targets/target[@ref='%s'] | check}}" % (i + 1, label, ref)
            for i, (ref, label) in enumerate(targets))
        for ext in ("docx", "odt"):
            text = "\n".join(paragraphs(os.path.join(TPL, "application-form." + ext)))
            self.assertIn(want, text, ext)
        # The seed's garbled "(6) 综合类行动□科技；(7) 资源科普化工程□", read right.
        self.assertIn("(6) 综合类行动{{", want)
        self.assertIn("(7) 科技资源科普化工程{{", want)

    def test_form_rows(self):
        labels = ["申报单位", "邮编", "通讯地址", "主管部门", "联系人姓名", "联系电话", "手机",
                  "电子信箱", "传真", "基本情况", "服务对象", "人员情况", "获奖情况", "经费情况",
                  "固定场所情况", "证明材料", "科学素质工作总结", "示范宣传项目内容",
                  "申报单位意见", "推荐单位意见", "(公章)", "年月日", "推荐单位：", "申报日期：",
                  "秦皇岛市全民科学素质工作领导小组办公室制",
                  "专兼职管理服务人员({{staff/@total}})人，其中专职({{staff/@full-time}})人、"
                  "兼职({{staff/@part-time}})人",
                  "年度活动经费({{funding/@total}})万元。来源：财政资助({{funding/fiscal}})万元；"
                  "创建单位自筹({{funding/self}})万元；上级部门资助({{funding/superior}})万元；"
                  "其他来源({{funding/other}})万元",
                  "(申报单位三年来全民科学素质工作的具体做法、主要成效、社会评价)",
                  "(或今后几年的工作计划)", "{{summary}}", "{{plan}}",
                  "其他设备设施情况：", "每({{facilities/gallery-update-months}})个月一更换",
                  "按照《秦皇岛市公民科学素质教育示范单位创建效果评估指标体系》(见附件)的规定，"
                  "进行自我评估，提交书面评估报告，提供相关证明材料。"]
        for ext in ("docx", "odt"):
            text = flat("".join(paragraphs(os.path.join(TPL, "application-form." + ext))))
            for lab in labels:
                self.assertIn(flat(lab), text, "%s: %s" % (ext, lab))

    def test_docx_table_structure(self):
        d = docx.Document(os.path.join(TPL, "application-form.docx"))
        self.assertEqual(len(d.tables), 2)  # cover fields, main table
        main = d.tables[1]._tbl
        grid = [int(g.get(W + "w")) for g in main.find(W + "tblGrid")]
        # Fits the 160 mm between the margins.
        self.assertLessEqual(sum(grid), Mm(160).twips + 5)
        self.assertEqual(main.find(W + "tblPr/" + W + "tblLayout").get(W + "type"), "fixed")
        rows = main.findall(W + "tr")
        self.assertEqual(len(rows), 13)
        # 基本情况: a vertical merge over the ten rows 申报单位 .. 证明材料.
        vm = [tr.find(W + "tc/" + W + "tcPr/" + W + "vMerge") for tr in rows]
        self.assertEqual(vm[0].get(W + "val"), "restart")
        self.assertTrue(all(v is not None and v.get(W + "val") in (None, "continue") for v in vm[1:10]))
        self.assertIsNone(vm[10])
        # Long-text rows grow: no exact heights anywhere.
        for tr in rows:
            h = tr.find(W + "trPr/" + W + "trHeight")
            if h is not None:
                self.assertNotEqual(h.get(W + "hRule"), "exact")
        # Horizontal merges exist (value cells span grid columns).
        self.assertTrue(main.findall(".//" + W + "gridSpan"))

    def test_docx_body_ends_with_paragraph(self):
        # Word wants the body (and every cell) to end with a paragraph.
        for name, path in files("docx"):
            with zipfile.ZipFile(path) as z:
                body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
            kids = [k.tag for k in body]
            self.assertEqual(kids[-1], W + "sectPr", name)
            self.assertEqual(kids[-2], W + "p", name)
            for tc in body.iter(W + "tc"):
                self.assertEqual(tc[-1].tag, W + "p", name)

    def test_docx_schema_order(self):
        # Word refuses documents whose property elements are out of ECMA-376 order.
        order = {
            "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize "
                     "tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd "
                     "tblLayout tblCellMar tblLook",
            "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar "
                    "textDirection tcFitText vAlign hideMark",
            "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
                   "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
                   "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
                   "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
                   "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
                   "sectPr pPrChange",
            "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow "
                   "emboss imprint noProof snapToGrid vanish webHidden color spacing w kern "
                   "position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
                   "lang eastAsianLayout specVanish oMath",
        }
        for name, path in files("docx"):
            with zipfile.ZipFile(path) as z:
                for part in ("word/document.xml", "word/styles.xml"):
                    root = ET.fromstring(z.read(part))
                    for parent, names in order.items():
                        rank = {W + n: i for i, n in enumerate(names.split())}
                        for el in root.iter(W + parent):
                            ranks = [rank.get(k.tag, -1) for k in el]
                            self.assertNotIn(-1, ranks, "%s %s: unknown child of %s" % (name, part, parent))
                            self.assertEqual(ranks, sorted(ranks), "%s %s: %s children %s" % (
                                name, part, parent, [k.tag.split("}")[1] for k in el]))

    def test_seal_bookmarks_docx(self):
        for name, path in files("docx"):
            with zipfile.ZipFile(path) as z:
                body = ET.fromstring(z.read("word/document.xml"))
            parent = {c: p for p in body.iter() for c in p}
            found = {}
            for bm in body.iter(W + "bookmarkStart"):
                n = bm.get(W + "name")
                if not n.startswith("tb_seal_"):
                    continue
                tc = bm
                while tc is not None and tc.tag != W + "tc":
                    tc = parent.get(tc)
                self.assertIsNotNone(tc, "%s: %s not in a table cell" % (name, n))
                text = "".join(t.text or "" for t in tc.iter(W + "t"))
                self.assertIn("公章", text, n)
                self.assertRegex(text, "年\\s*月\\s*日", n)
                # The bookmark is not alone with a section tag (docs/tags.md).
                p = parent[bm]
                self.assertNotIn("{{", "".join(t.text or "" for t in p.iter(W + "t")))
                tr = parent[tc]
                # Room for a round seal of 42 mm: the box is at least 45 mm wide and high.
                tcw = int(tc.find(W + "tcPr/" + W + "tcW").get(W + "w"))
                trh = tr.find(W + "trPr/" + W + "trHeight")
                self.assertGreaterEqual(tcw, Mm(45).twips, "%s: %s box width" % (name, n))
                self.assertIsNotNone(trh, "%s: %s row has no height" % (name, n))
                self.assertGreaterEqual(int(trh.get(W + "val")), Mm(45).twips,
                                        "%s: %s box height" % (name, n))
                cells = tr.findall(W + "tc")
                left = cells[cells.index(tc) - 1] if cells.index(tc) else None
                found[n] = flat("".join(t.text or "" for t in left.iter(W + "t"))) if left is not None else None
            want = TEMPLATES[name][2]
            self.assertEqual(set(found), set(want), name)
            ends = {e.get(W + "id") for e in body.iter(W + "bookmarkEnd")}
            starts = {e.get(W + "id") for e in body.iter(W + "bookmarkStart")}
            self.assertEqual(starts, ends, name)
            for n, lab in want.items():
                if lab:
                    self.assertEqual(found[n], lab, "%s: %s is beside %r" % (name, n, found[n]))

    def test_seal_bookmarks_odt(self):
        for name, path in files("odt"):
            with zipfile.ZipFile(path) as z:
                root = ET.fromstring(z.read("content.xml"))
            parent = {c: p for p in root.iter() for c in p}
            found = set()
            for bm in root.iter(TEXT + "bookmark-start"):
                n = bm.get(TEXT + "name")
                cell = bm
                while cell is not None and cell.tag != TABLE + "table-cell":
                    cell = parent.get(cell)
                self.assertIsNotNone(cell, n)
                self.assertIn("公章", "".join(cell.itertext()), n)
                found.add(n)
            self.assertEqual(found, set(TEMPLATES[name][2]), name)

    def test_docx_reproducible(self):
        # The committed DOCX files are exactly what the script makes.
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, os.path.join(SRC, "scripts", "make-templates.py"),
                            "--no-odt", "--outdir", tmp], check=True, stdout=subprocess.DEVNULL)
            for name, path in files("docx"):
                with open(path, "rb") as a, open(os.path.join(tmp, name + ".docx"), "rb") as b:
                    self.assertEqual(a.read(), b.read(),
                                     "%s differs from scripts/make-templates.py's output" % name)


class LibreOffice(unittest.TestCase):

    def test_convert_to_pdf(self):
        keys = {
            "application-form": ["申报推荐表", "申报单位", "推荐单位", "申报日期", "服务对象", "人员情况",
                                 "获奖情况", "经费情况", "固定场所", "证明材料", "(公章)", "青少年",
                                 "领导小组办公室制"],
            # (narrow header cells such as 自评得分 wrap, and pdftotext interleaves them)
            "self-assessment": ["自评报告", "指标", "权重", "说明", "证明材料", "合计", "公章"],
            "summary-sheet": ["推荐汇总表", "序号", "申报单位", "主管部门", "联系人", "联系电话",
                              "服务对象", "公章"],
        }
        for ext in ("docx", "odt"):
            with tempfile.TemporaryDirectory() as out:
                paths = [p for _, p in files(ext)]
                rc, log = soffice_pdf(paths, out)
                self.assertEqual(rc, 0, log)
                for name in TEMPLATES:
                    pdf = os.path.join(out, name + ".pdf")
                    self.assertTrue(os.path.isfile(pdf), "%s.%s: %s" % (name, ext, log))
                    text = flat(pdftext(pdf))
                    for k in keys[name]:
                        self.assertIn(flat(k), text, "%s.%s" % (name, ext))
                # The cover is a page of its own.
                cover = flat(pdftext(os.path.join(out, "application-form.pdf"), 1))
                self.assertIn("申报推荐表", cover)
                self.assertIn("领导小组办公室制", cover)
                self.assertNotIn("服务对象", cover)


# ---------------------------------------------------------------- filling (tianbiao fill)

def tb():
    exe = os.environ.get("TB") or shutil.which("tianbiao")
    if not exe:
        raise AssertionError("the tianbiao CLI is needed: run under ctest (it sets $TB)")
    return exe


def fill(template, data, out, *opts):
    r = subprocess.run([tb(), "fill", template, data, "-o", out] + list(opts),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def cn_date(iso):
    y, m, d = iso.split("-")
    return "%d年%d月%d日" % (int(y), int(m), int(d))


def texts(e, path):
    return [x.text.strip() for x in e.findall(path) if x.text and x.text.strip()]


def evidence_expectations(ev):
    """What the filled 申报推荐表 must say, built from the evidence file itself."""
    a = ev.find("applicant")
    want = texts(a, "*") + texts(a, "contact/*")
    want += texts(ev, "recommender/name") + [cn_date(ev.findtext("date"))]
    chosen = {t.get("ref") for t in ev.findall("service-targets/target")}
    for i, (ref, label) in enumerate(target_ids()):
        want.append("(%d) %s%s" % (i + 1, label, "☑" if ref in chosen else "□"))
    st = ev.find("staff")
    want.append("专兼职管理服务人员 (%s) 人，其中专职 (%s) 人、兼职 (%s) 人"
                % (st.get("total"), st.get("full-time"), st.get("part-time")))
    f = ev.find("funding")
    want.append("年度活动经费 (%s) 万元。来源：财政资助 (%s) 万元；创建单位自筹 (%s) 万元；"
                "上级部门资助 (%s) 万元；其他来源 (%s) 万元" % (
                    f.get("total"), f.findtext("fiscal"), f.findtext("self"),
                    f.findtext("superior"), f.findtext("other")))
    fa = {e.tag: e.text for e in ev.find("facilities")}
    want += ["使用面积 (%s) 平方米。每月开放 (%s) 天。" % (fa["area"], fa["open-days"]),
             "桌椅 (%s) 套，可供 (%s) 人参与活动，配有计算机 (%s) 台、电视机 (%s) 台，"
             "科普图书室 (%s) 间、图书 (%s) 册、技术培训教材 (%s) 套" % (
                 fa["desk-sets"], fa["capacity"], fa["computers"], fa["tvs"],
                 fa["library-rooms"], fa["books"], fa["training-materials"]),
             "展示长度 (%s) 米，每 (%s) 个月一更换。" % (fa["gallery-length"],
                                                fa["gallery-update-months"]),
             "其他设备设施情况：%s" % fa.get("other", "无")]
    for aw in ev.findall("awards/award"):
        want.append("%s年　%s（%s，%s）" % (aw.get("year"), aw.findtext("title"),
                                        aw.get("level"), aw.findtext("issuer")))
    for i, t in enumerate(ev.findall("attachments/attachment/title")):
        want.append("%d. %s" % (i + 1, t.text))
    want += texts(ev, "summary/p") + texts(ev, "plan/p") + texts(ev, "opinions/*/p")
    return want


def report_expectations(rep):
    want = texts(rep, "applicant/name") + texts(rep, "recommender/name")
    want.append(cn_date(rep.findtext("date")))
    for l1 in rep.findall("level1"):
        want.append("%s. %s（%s分）" % (l1.get("id"), l1.get("title"), l1.get("max")))
        want.append("得分率 %s%%" % l1.get("percent"))
        for l2 in l1.findall("level2"):
            want.append("%s %s（%s分）" % (l2.get("id"), l2.get("title"), l2.get("max")))
            want.append("%s 小计%s%s得分率 %s%%" % (l2.get("id"), l2.get("max"), l2.get("claimed"),
                                                l2.get("percent")))
            for ind in l2.findall("indicator"):
                want.append("%s %s%s%s" % (ind.get("id"), ind.get("title"), ind.get("weight"),
                                           ind.get("claimed")))
                want += texts(ind, "explanation/p") + texts(ind, "attachment")
    t = rep.find("total")
    want.append("合计%s%s得分率 %s%%" % (t.get("max"), t.get("claimed"), t.get("percent")))
    return want


def batch_expectations(b):
    want = ["推荐单位：" + b.findtext("recommender/name"),
            "推荐名额：%s 个" % b.findtext("recommender/quota"),
            "填报日期：" + cn_date(b.findtext("date"))]
    for a in b.findall("applicant"):
        # One table row per applicant, cells in the header's order.
        want.append("".join([a.get("rank"), a.findtext("name"), a.findtext("authority"),
                             a.findtext("contact/name"), a.findtext("contact/phone"),
                             a.findtext("contact/mobile"), a.findtext("targets"),
                             a.findtext("score"),
                             "是" if a.findtext("within-quota") == "true" else "否"]))
    return want


def evidence_in_pdf(ev):
    # Values that stand in wide cells or body lines: pdftotext keeps them contiguous.
    return texts(ev, "applicant/postcode") + texts(ev, "applicant/contact/*") + \
        texts(ev, "recommender/name") + [cn_date(ev.findtext("date")), "☑"]


def report_in_pdf(rep):
    return texts(rep, "applicant/name") + texts(rep, "recommender/name") + \
        [cn_date(rep.findtext("date")), "得分率 %s%%" % rep.find("total").get("percent")]


def batch_in_pdf(b):
    return texts(b, "recommender/name") + [cn_date(b.findtext("date"))] + \
        texts(b, "applicant/contact/name") + texts(b, "applicant/score")


FILL_CASES = [("application-form", "evidence.xml", evidence_expectations, evidence_in_pdf),
              ("self-assessment", "report.xml", report_expectations, report_in_pdf),
              ("summary-sheet", "batch.xml", batch_expectations, batch_in_pdf)]


class Fill(unittest.TestCase):

    def check_filled(self, name, ext, data, want, tmp):
        out = os.path.join(tmp, "%s-filled.%s" % (name, ext))
        rc, log = fill(os.path.join(TPL, name + "." + ext), data, out)
        self.assertEqual(rc, 0, "%s.%s: %s" % (name, ext, log))
        if ext == "docx":
            docx.Document(out)  # python-docx opens it
        text = flat("".join(paragraphs(out)))
        self.assertNotIn("{{", text, name)
        self.assertNotIn("undefined", text, name)
        for w in want:
            self.assertIn(flat(w), text, "%s.%s lacks %r" % (name, ext, w))
        return out, text

    def test_inspect_agrees(self):
        # tianbiao's own view of each template: no problem, and the same tags as read here.
        for ext in ("docx", "odt"):
            for name, path in files(ext):
                r = subprocess.run([tb(), "inspect", "--format", "json", path],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
                self.assertEqual(r.returncode, 0, r.stdout.decode("utf-8", "replace"))
                report = json.loads(r.stdout.decode("utf-8"))
                self.assertEqual(report["problems"], [], path)
                self.assertEqual([t["text"] for t in report["tags"]],
                                 ["{{%s}}" % t for t in tags_of(paragraphs(path))], path)

    def test_fill_each_template(self):
        for ext in ("docx", "odt"):
            with tempfile.TemporaryDirectory() as tmp:
                outs = []
                for name, data, expect, in_pdf in FILL_CASES:
                    root = ET.parse(os.path.join(DATA, data)).getroot()
                    want = expect(root)
                    self.assertGreater(len(want), 5, name)
                    out, text = self.check_filled(name, ext, os.path.join(DATA, data), want, tmp)
                    outs.append((out, in_pdf(root)))
                    if name == "application-form":
                        # Awards given: no 无 line; fax given: no default; three targets ticked.
                        self.assertNotIn(flat("协会）无"), text)
                        self.assertEqual(text.count("☑"), 3)
                # LibreOffice converts the filled files without complaint (one run for all).
                pdfdir = os.path.join(tmp, "pdf")
                rc, log = soffice_pdf([o for o, _ in outs], pdfdir)
                self.assertEqual(rc, 0, log)
                for out, want in outs:
                    pdf = os.path.join(pdfdir, os.path.basename(out).rsplit(".", 1)[0] + ".pdf")
                    self.assertTrue(os.path.isfile(pdf), log)
                    ptext = flat(pdftext(pdf))
                    self.assertGreater(len(want), 3, out)
                    for w in want:
                        self.assertIn(flat(w), ptext, "%s PDF lacks %r" % (out, w))

    def test_fill_empty_lists_and_optional_fields(self):
        # No awards, no fax, no 其他设备设施, no recommender opinion yet: 无 / blank box.
        root = ET.parse(os.path.join(DATA, "evidence.xml")).getroot()
        root.remove(root.find("awards"))
        root.find("applicant/contact").remove(root.find("applicant/contact/fax"))
        root.find("facilities").remove(root.find("facilities/other"))
        root.find("opinions").remove(root.find("opinions/recommender"))
        for ext in ("docx", "odt"):
            with tempfile.TemporaryDirectory() as tmp:
                data = os.path.join(tmp, "evidence.xml")
                ET.ElementTree(root).write(data, encoding="UTF-8", xml_declaration=True)
                # The attachments travel with the evidence (validation looks for them).
                shutil.copytree(os.path.join(DATA, "files"), os.path.join(tmp, "files"))
                want = [w for w in evidence_expectations(root) if w != "其他设备设施情况：无"]
                out, text = self.check_filled("application-form", ext, data, want, tmp)
                self.assertIn(flat("获奖情况无经费情况"), text, ext)
                self.assertIn(flat("传真无"), text, ext)
                self.assertIn(flat("其他设备设施情况：无证明材料"), text, ext)
                self.assertIn(flat("推荐单位意见(公章)"), text, ext)
                self.assertNotIn("同意推荐", text, ext)


if __name__ == "__main__":
    unittest.main(verbosity=2)
