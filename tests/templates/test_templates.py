#!/usr/bin/env python3
"""The shipped qhd-2021 templates: they open (python-docx, LibreOffice), have the official page
set-up and fonts, every tag names only data of docs/evidence-format.md and
docs/report-formats.md, the seal places are named bookmarks in the right cells, the form's
wording is kept, and the committed DOCX files are what scripts/make-templates.py makes.
When the CLI has `fill`, each template is filled from tests/templates/data/ and the output's
text must contain the data's values."""
import os
import re
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
            self.assertEqual(tags_of(paragraphs(path)),
                             tags_of(paragraphs(path[:-4] + "odt")), name)

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
            "self-assessment": ["自评报告", "指标", "权重", "自评得分", "说明", "证明材料", "合计", "公章"],
            "summary-sheet": ["推荐汇总表", "序号", "申报单位", "主管部门", "联系人", "联系电话",
                              "服务对象", "自评得分", "是否在名额内", "公章"],
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


if __name__ == "__main__":
    unittest.main(verbosity=2)
