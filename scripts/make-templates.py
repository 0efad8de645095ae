#!/usr/bin/env python3
"""Generate the shipped templates of programs qhd-2021 and kaifu-2022 (DOCX with python-docx,
ODT by converting the DOCX with LibreOffice headless), reproducibly.

    scripts/make-templates.py [--program ID] [--outdir DIR] [--no-odt]

Writes, into templates/programs/<id>/ (or DIR, with one --program): for qhd-2021 the
application form (附件2 申报推荐表), the self-assessment report and the summary sheet (推荐汇总表);
for kaifu-2022 the application (创建申报书) and the self-assessment report, as the seed
describes them (相关指标考察内容 per indicator). Each as .docx and .odt. The templates of no
one program (ranking.docx) go into templates/ (or --generic-outdir; into DIR with --outdir).
Same script, same bytes: zip entries and document properties carry a fixed time. Tags are written one per run
so they stay unsplit. See docs/templates.md.
"""
import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

try:
    import docx
except ImportError:
    # Debian's python3-docx lives in the system interpreter; a pyenv shim may hide it.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

import datetime
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED_TIME = datetime.datetime(2021, 11, 25, 0, 0, 0)
ZIP_TIME = (2021, 11, 25, 0, 0, 0)

# Fonts by the names Chinese templates use; Latin text in Times New Roman.
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN = "Times New Roman"
# Chinese sizes (DESIGN.md): 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5.
ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO = 22, 16, 14, 12, 10.5

# GB/T 9704 margins (mm) and the usual form margins for wide tables.
MARGINS_GB9704 = dict(top=37, bottom=35, left=28, right=26)
MARGINS_FORM = dict(top=25, bottom=25, left=25, right=25)

# 服务对象 options of qhd-2021 in form order: (id, label as worded on the form).
SERVICE_TARGETS = [
    ("youth", "青少年"), ("farmers", "农民"), ("workers", "产业工人"),
    ("elderly", "老年人"), ("officials", "领导干部和公务员"),
    ("comprehensive", "综合类行动"), ("resources", "科技资源科普化工程"),
    ("informatization", "科普信息化提升工程"), ("infrastructure", "科普基础设施工程"),
    ("grassroots", "基层科普服务能力提升工程"), ("exchange", "科学素质交流与合作工程"),
    ("other", "其他类工程"),
]


# What differs between the programs' documents: their names, issuers and sections.
PROGRAMS = {
    "qhd-2021": {
        "unit": "秦皇岛市公民科学素质教育示范单位",
        "form_label": "附件2",
        "form_name": "申报推荐表",
        "form_issuer": "秦皇岛市全民科学素质工作领导小组办公室制",
        "targets": True,
        "criteria_doc": "《秦皇岛市公民科学素质教育示范单位创建效果评估指标体系》",
        "summary_label": "科学\n素质\n工作\n总结",
        "summary_hint": "(申报单位三年来全民科学素质工作的具体做法、主要成效、社会评价)",
        "plan_label": "示范\n宣传\n项目\n内容",
        "plan_hint": "(或今后几年的工作计划)",
        "report_name": "创建效果自评报告",
        "templates": ("application-form", "self-assessment", "summary-sheet"),
    },
    # 开福区建设“2021—2025年度全国科普示范区”工作实施方案 (seed 002): the district's
    # application as a 全国科普示范区 creating unit, its materials per indicator (相关指标考察内容)
    # and the self-assessment against 工作评估指标分解及责任分工 (A1..A3, 95 points).
    "kaifu-2022": {
        "unit": "2021—2025年度全国科普示范区",
        "form_label": "附件",
        "form_name": "创建申报书",
        "form_issuer": "中共长沙市开福区委办公室　长沙市开福区人民政府办公室制",
        "targets": False,
        "criteria_doc": "《开福区建设“2021—2025年度全国科普示范区”工作评估指标分解及责任分工》",
        "summary_label": "科普\n工作\n总结",
        "summary_hint": "(2020年以来科普工作的具体做法、主要成效、典型经验和社会评价)",
        "plan_label": "创建\n工作\n计划",
        "plan_hint": "(2021—2025年建设全国科普示范区的目标、任务和保障措施)",
        "report_name": "创建工作自评报告",
        "templates": ("application-form", "self-assessment"),
    },
}
P = PROGRAMS["qhd-2021"]  # the program being written (main() sets it)


# ---------------------------------------------------------------- low-level helpers

def set_run_font(run, east=BODY_FONT, size=XIAOSI, bold=False, latin=LATIN, underline=False):
    """Font of a run for East Asian and Latin text, as Word writes it."""
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    run.font.size = Pt(size)
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(szcs)
    if bold:
        run.font.bold = True
    if underline:
        run.font.underline = True


def fmt_para(p, align=None, first_indent_chars=0, size=XIAOSI, before=0, after=0,
             line=None, keep_next=False, page_break_before=False):
    pf = p.paragraph_format
    if align is not None:
        p.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Pt(line)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    if first_indent_chars:
        pf.first_line_indent = Pt(size * first_indent_chars)
        # Word's own "2 characters" indent, so the indent follows the font size.
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(first_indent_chars * 100))
    if keep_next:
        pf.keep_with_next = True
    if page_break_before:
        pf.page_break_before = True


def add_text(p, text, east=BODY_FONT, size=XIAOSI, bold=False, underline=False):
    """Add text; '\n' becomes a line break. Each line is one run, so tags stay whole."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        set_run_font(run, east, size, bold, underline=underline)
        if i < len(lines) - 1:
            run.add_break()
    return p


def clear_cell(cell):
    for p in list(cell._tc.iterchildren(qn("w:p"))):
        cell._tc.remove(p)


def cell_paras(cell, paras, valign="center"):
    """Replace the cell's content with paragraphs: each (text, options dict)."""
    clear_cell(cell)
    for item in paras:
        text, opt = (item, {}) if isinstance(item, str) else item
        p = cell.add_paragraph()
        size = opt.get("size", XIAOSI)
        fmt_para(p, align=opt.get("align", WD_ALIGN_PARAGRAPH.LEFT),
                 first_indent_chars=opt.get("indent", 0), size=size,
                 before=opt.get("before", 0), after=opt.get("after", 0), line=opt.get("line"))
        add_text(p, text, opt.get("font", BODY_FONT), size, opt.get("bold", False))
    tcpr = cell._tc.get_or_add_tcPr()
    va = OxmlElement("w:vAlign")
    va.set(qn("w:val"), valign)
    tcpr.append(va)
    return cell


def label(cell, text, size=XIAOSI):
    return cell_paras(cell, [(text, {"align": WD_ALIGN_PARAGRAPH.CENTER, "size": size})])


_bookmark_id = [0]


def bookmark(paragraph, name):
    """Wrap the paragraph's runs in a bookmark called name (the renderer finds seal boxes so)."""
    _bookmark_id[0] += 1
    bid = str(_bookmark_id[0])
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bid)
    runs = paragraph._p.findall(qn("w:r"))
    runs[0].addprevious(start)
    runs[-1].addnext(end)


def seal_box(cell, opinion_path, seal_name, min_lines=4):
    """An opinion box: the opinion text, space, (公章) and 年 月 日 on the right. Callers give
    the box at least 50 x 50 mm: a round 公章 is 40-42 mm across."""
    paras = []
    if opinion_path:
        # A section, so that a box whose opinion is not written yet stays blank for the pen.
        paras += [("{{#%s}}" % opinion_path, {}), ("{{.}}", {"indent": 2}),
                  ("{{/%s}}" % opinion_path, {})]
    paras += [""] * min_lines
    paras.append(("(公章)", {"align": WD_ALIGN_PARAGRAPH.RIGHT}))
    paras.append(("年　　月　　日", {"align": WD_ALIGN_PARAGRAPH.RIGHT, "after": 6}))
    cell_paras(cell, paras, valign="top")
    seal_par = [p for p in cell.paragraphs if p.text == "(公章)"][0]
    # Right-aligned lines keep some room from the border, as a hand-filled form does.
    for p in cell.paragraphs[-2:]:
        p.paragraph_format.right_indent = Pt(XIAOSI * 2)
    bookmark(seal_par, seal_name)


def field(p, instr, shown, size):
    """A simple field (PAGE, NUMPAGES) showing `shown` until a reader updates it."""
    run = p.add_run(shown)
    set_run_font(run, east="宋体", size=size)
    f = OxmlElement("w:fldSimple")
    f.set(qn("w:instr"), " %s " % instr)
    run._r.addprevious(f)
    f.append(run._r)


def page_numbers(doc):
    """第 X 页 共 Y 页, centred in the footer, 五号 宋体 as official documents number pages."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    fmt_para(p, align=WD_ALIGN_PARAGRAPH.CENTER, size=WUHAO)
    add_text(p, "第 ", "宋体", WUHAO)
    field(p, "PAGE", "1", WUHAO)
    add_text(p, " 页 共 ", "宋体", WUHAO)
    field(p, "NUMPAGES", "1", WUHAO)
    add_text(p, " 页", "宋体", WUHAO)


def set_borders(tbl, size=4, style="single"):
    tblpr = tbl._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement("w:" + side)
        b.set(qn("w:val"), style)
        b.set(qn("w:sz"), str(size if style != "nil" else 0))
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000" if style != "nil" else "auto")
        borders.append(b)
    tblpr.append(borders)


def cell_border(cell, side, style="single", size=4):
    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.append(borders)
    b = OxmlElement("w:" + side)
    b.set(qn("w:val"), style)
    b.set(qn("w:sz"), str(size))
    b.set(qn("w:space"), "0")
    b.set(qn("w:color"), "000000")
    borders.append(b)


def make_table(doc, widths_mm, rows, borders=True, cell_lr_mm=1.4):
    """A fixed-layout table with the given column widths (mm), centred."""
    tbl = doc.add_table(rows=rows, cols=len(widths_mm))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    tblpr = tbl._tbl.tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.append(layout)
    layout.set(qn("w:type"), "fixed")
    if borders:
        set_borders(tbl)
    else:
        set_borders(tbl, style="nil")
    mar = OxmlElement("w:tblCellMar")
    for side, mm in (("top", 0.5), ("left", cell_lr_mm), ("bottom", 0.5), ("right", cell_lr_mm)):
        e = OxmlElement("w:" + side)
        e.set(qn("w:w"), str(Mm(mm).twips))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    tblpr.append(mar)
    for gc, w in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        gc.set(qn("w:w"), str(Mm(w).twips))
    for row in tbl.rows:
        for c, w in zip(row.cells, widths_mm):
            c.width = Mm(w)
    return tbl


def row_height(row, mm, rule=WD_ROW_HEIGHT_RULE.AT_LEAST):
    row.height = Mm(mm)
    row.height_rule = rule


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:tblHeader")
    trpr.append(e)


def cant_split(row):
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def new_document(margins, title, subject, keywords=None):
    doc = docx.Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    sec.left_margin, sec.right_margin = Mm(margins["left"]), Mm(margins["right"])
    sec.header_distance, sec.footer_distance = Mm(15), Mm(15)
    # Normal: 仿宋_GB2312 小四, Chinese language, single spacing.
    normal = doc.styles["Normal"]
    normal.font.size = Pt(XIAOSI)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for k in ("ascii", "hAnsi", "cs"):
        rfonts.set(qn("w:" + k), LATIN)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    npf = normal.paragraph_format
    npf.space_before, npf.space_after = Pt(0), Pt(0)
    npf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # The first (empty) body paragraph of python-docx's default document is not wanted.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    cp = doc.core_properties
    cp.author = "tianbiao"
    cp.last_modified_by = "tianbiao"
    cp.title = title
    cp.subject = subject
    cp.keywords = keywords or P["id"]
    cp.comments = "Generated by scripts/make-templates.py; tags: docs/tags.md"
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    return doc


def para(doc, text, east=BODY_FONT, size=XIAOSI, align=WD_ALIGN_PARAGRAPH.LEFT, bold=False,
         **kw):
    p = doc.add_paragraph()
    fmt_para(p, align=align, size=size, **kw)
    add_text(p, text, east, size, bold)
    return p


def wide_title(p):
    """A 20-character title at 二号 needs 155 mm: let it reach a little into the margins so
    that substituted fonts (wider than 方正小标宋) do not wrap it."""
    p.paragraph_format.left_indent = Mm(-6)
    p.paragraph_format.right_indent = Mm(-6)
    return p


# ---------------------------------------------------------------- 附件2 申报推荐表

class Grid:
    """A table laid out by column boundaries in mm: span(r, x0, x1) is the (merged) cell of
    row r between boundaries x0 and x1, so rows may divide the width differently, as the
    official form does, while Word and LibreOffice see one consistent grid."""

    def __init__(self, doc, stops, rows):
        self.stops = stops
        widths = [b - a for a, b in zip(stops, stops[1:])]
        self.table = make_table(doc, widths, rows)

    def span(self, r, x0, x1):
        i, j = self.stops.index(x0), self.stops.index(x1) - 1
        cell = self.table.cell(r, i)
        return cell if i == j else cell.merge(self.table.cell(r, j))


def application_form():
    doc = new_document(MARGINS_FORM, P["unit"] + P["form_name"],
                       "%s %s (%s)" % (P["form_label"], P["form_name"], P["id"]))

    # Cover page.
    para(doc, P["form_label"], HEI, SANHAO)
    para(doc, P["unit"], TITLE_FONT, ERHAO,
         WD_ALIGN_PARAGRAPH.CENTER, before=110, line=36)
    para(doc, P["form_name"], TITLE_FONT, ERHAO, WD_ALIGN_PARAGRAPH.CENTER, line=36, after=110)
    cover = make_table(doc, [32, 118], 3, borders=False)
    for row, (lab, tag) in zip(cover.rows, [
            ("申报单位：", "{{applicant/name}}"),
            ("推荐单位：", "{{recommender/name}}"),
            ("申报日期：", "{{date | cn_date}}")]):
        row_height(row, 14)
        cell_paras(row.cells[0], [(lab, {"size": SANHAO, "align": WD_ALIGN_PARAGRAPH.DISTRIBUTE})],
                   valign="bottom")
        cell_paras(row.cells[1], [(tag, {"size": SANHAO, "align": WD_ALIGN_PARAGRAPH.CENTER})],
                   valign="bottom")
        cell_border(row.cells[1], "bottom")
    para(doc, P["form_issuer"], BODY_FONT, SANHAO,
         WD_ALIGN_PARAGRAPH.CENTER, before=150)

    # Main table page.
    wide_title(para(doc, P["unit"] + P["form_name"], TITLE_FONT, ERHAO,
                    WD_ALIGN_PARAGRAPH.CENTER, after=12, page_break_before=True))

    # Column boundaries (mm, 160 mm wide): section label 0-13, field labels 13-37.5, ...
    # the opinion row divides the width at 20/80/100.
    stops = [0, 13, 20, 37.5, 60, 80, 100, 108, 128, 160]
    basic_labels = ["服务对象", "人员情况", "获奖情况", "经费情况", "固定场所\n情况", "证明材料"]
    if not P["targets"]:
        basic_labels = basic_labels[1:]
    nrows = 4 + len(basic_labels) + 3
    g = Grid(doc, stops, nrows)
    R = g.table.rows

    # Rows 0..3: label value label value (row 2: three pairs).
    for r, (l1, v1, l2, v2) in ((0, ("申报单位", "{{applicant/name}}", "邮编", "{{applicant/postcode}}")),
                                (1, ("通讯地址", "{{applicant/address}}", "主管部门",
                                     "{{applicant/authority}}")),
                                (3, ("电子信箱", "{{applicant/contact/email}}", "传真",
                                     '{{applicant/contact/fax | default("无")}}'))):
        label(g.span(r, 13, 37.5), l1)
        cell_paras(g.span(r, 37.5, 108), [v1])
        label(g.span(r, 108, 128), l2)
        cell_paras(g.span(r, 128, 160), [v2])
    label(g.span(2, 13, 37.5), "联系人姓名")
    cell_paras(g.span(2, 37.5, 60), ["{{applicant/contact/name}}"])
    label(g.span(2, 60, 80), "联系电话")
    cell_paras(g.span(2, 80, 108), ["{{applicant/contact/phone}}"])
    label(g.span(2, 108, 128), "手机")
    cell_paras(g.span(2, 128, 160), ["{{applicant/contact/mobile}}"])
    for r in range(4):
        row_height(R[r], 10)

    # Rows 4..9: the rest of 基本情况.
    checks = "；".join("(%d) %s{{service-targets/target[@ref='%s'] | check}}" % (i + 1, lab, ref)
                      for i, (ref, lab) in enumerate(SERVICE_TARGETS))
    contents = [
        ["可多项选定并在□内划√：" + checks],
        ["专兼职管理服务人员 ({{staff/@total}}) 人，其中专职 ({{staff/@full-time}}) 人、"
         "兼职 ({{staff/@part-time}}) 人"],
        # Standalone section tags repeat paragraphs: one line per award, or 无.
        ["{{#awards/award}}",
         "{{@year}}年　{{title}}（{{@level}}，{{issuer}}）",
         "{{/awards/award}}",
         "{{^awards/award}}",
         "无",
         "{{/awards/award}}"],
        ["年度活动经费 ({{funding/@total}}) 万元。来源：财政资助 ({{funding/fiscal}}) 万元；"
         "创建单位自筹 ({{funding/self}}) 万元；上级部门资助 ({{funding/superior}}) 万元；"
         "其他来源 ({{funding/other}}) 万元"],
        ["科学素质教育和技能培训场所使用面积 ({{facilities/area}}) 平方米。"
         "每月开放 ({{facilities/open-days}}) 天。",
         "室内设备：桌椅 ({{facilities/desk-sets}}) 套，可供 ({{facilities/capacity}}) 人参与活动，"
         "配有计算机 ({{facilities/computers}}) 台、电视机 ({{facilities/tvs}}) 台，"
         "科普图书室 ({{facilities/library-rooms}}) 间、图书 ({{facilities/books}}) 册、"
         "技术培训教材 ({{facilities/training-materials}}) 套",
         "室外设施：科普画廊或科普橱窗展示长度 ({{facilities/gallery-length}}) 米，"
         "每 ({{facilities/gallery-update-months}}) 个月一更换。",
         '其他设备设施情况：{{facilities/other | default("无")}}'],
        ["按照" + P["criteria_doc"] + "(见附件) 的规定，"
         "进行自我评估，提交书面评估报告，提供相关证明材料。",
         "{{#attachments/attachment}}",
         "{{count(preceding-sibling::attachment) + 1}}. {{title}}",
         "{{/attachments/attachment}}"],
    ]
    if not P["targets"]:
        contents = contents[1:]
    for i, (lab, paras) in enumerate(zip(basic_labels, contents)):
        r = 4 + i
        label(g.span(r, 13, 37.5), lab)
        cell_paras(g.span(r, 37.5, 160), paras)
        row_height(R[r], 12)
    # 基本情况 runs down the left over rows 0..9 (a vertical merge), one character a line.
    basic = g.table.cell(0, 0).merge(g.table.cell(3 + len(basic_labels), 0))
    label(basic, "基\n\n本\n\n情\n\n况")

    # Long texts: label on the left, content over the rest; rows grow (at-least heights).
    r = 4 + len(basic_labels)
    label(g.span(r, 0, 13), P["summary_label"])
    cell_paras(g.span(r, 13, 160),
               [(P["summary_hint"],
                 {"align": WD_ALIGN_PARAGRAPH.CENTER, "after": 6}),
                ("{{summary}}", {"indent": 2})], valign="top")
    row_height(R[r], 95)
    r += 1
    label(g.span(r, 0, 13), P["plan_label"])
    cell_paras(g.span(r, 13, 160),
               [(P["plan_hint"], {"align": WD_ALIGN_PARAGRAPH.CENTER, "after": 6}),
                ("{{plan}}", {"indent": 2})], valign="top")
    row_height(R[r], 70)
    r += 1
    # Opinion boxes: 申报单位意见 | box | 推荐单位意见 | box; each box is a seal place.
    label(g.span(r, 0, 20), "申报单位\n意见")
    seal_box(g.span(r, 20, 80), "opinions/applicant", "tb_seal_applicant")
    label(g.span(r, 80, 100), "推荐单位\n意见")
    seal_box(g.span(r, 100, 160), "opinions/recommender", "tb_seal_recommender")
    row_height(R[r], 60)
    cant_split(R[r])
    return doc


# ---------------------------------------------------------------- 自评报告

def self_assessment():
    doc = new_document(MARGINS_GB9704, P["unit"] + P["report_name"],
                       "自评报告 (%s)" % P["id"])
    para(doc, P["unit"], TITLE_FONT, ERHAO, WD_ALIGN_PARAGRAPH.CENTER,
         line=36)
    para(doc, P["report_name"], TITLE_FONT, ERHAO, WD_ALIGN_PARAGRAPH.CENTER, line=36, after=12)
    for text in ("申报单位：{{applicant/name}}", "推荐单位：{{recommender/name}}",
                 "自评日期：{{date | cn_date}}"):
        para(doc, text, BODY_FONT, SIHAO, line=28)
    p = doc.add_paragraph()
    fmt_para(p, size=SIHAO, line=28, first_indent_chars=2, after=6)
    add_text(p, "按照" + P["criteria_doc"] + "逐项自评如下"
                "（满分 {{total/@max}} 分，自评得分 {{total/@claimed}} 分，"
                "得分率 {{total/@percent}}%）：", BODY_FONT, SIHAO)

    # The chart box: the PDF report draws its bar chart (claimed against maximum points per
    # level-1 indicator) as vectors into the cell holding the bookmark tb_box_chart. In the
    # DOCX/ODT report it stays an empty band.
    box = make_table(doc, [156], 1, borders=False)
    cell_paras(box.cell(0, 0), [""])
    bookmark(box.cell(0, 0).paragraphs[0], "tb_box_chart")
    row_height(box.rows[0], 62, WD_ROW_HEIGHT_RULE.EXACTLY)
    cant_split(box.rows[0])
    para(doc, "", after=6)

    # 156 mm = 210 - 28 - 26. 说明 is the widest column (about 15 characters of 五号 a line):
    # it holds the applicant's explanation, the longest text of a row.
    widths = [50, 11, 12, 57, 26]
    t = make_table(doc, widths, 8)
    R = t.rows
    c = lambda r, k: t.cell(r, k)
    small = {"size": WUHAO}
    center = {"size": WUHAO, "align": WD_ALIGN_PARAGRAPH.CENTER}
    for k, h in enumerate(["指标", "权重", "自评\n得分", "说明", "证明材料"]):
        cell_paras(c(0, k), [(h, dict(center, font=HEI))])
    repeat_header(R[0])
    # Level 1 heading (opens level1, rows 1..5 repeat per level-1 indicator).
    cell_paras(c(1, 0).merge(c(1, 4)),
               [("{{#level1}}{{@id}}. {{@title}}（{{@max}}分）", dict(small, font=HEI))])
    # Level 2 heading (opens level2, rows 2..4 repeat per level-2 indicator).
    cell_paras(c(2, 0).merge(c(2, 4)),
               [("{{#level2}}{{@id}} {{@title}}（{{@max}}分）", dict(small, bold=True))])
    # One row per indicator (open and close in the same row).
    cell_paras(c(3, 0), [("{{#indicator}}{{@id}} {{@title}}", small)], valign="top")
    cell_paras(c(3, 1), [("{{@weight}}", center)])
    # A claim counted for less than stated says so beside the number (the problems section
    # of the report gives the reasons): a claim never shows as a silent 0.
    cell_paras(c(3, 2), [("{{@claimed}}", center),
                         ("{{#adjusted}}（自评{{@stated}}）{{/adjusted}}", dict(center, size=9))])
    # A section around the explanation: an indicator without one leaves the cell empty
    # instead of being a missing-data error; {{.}} expands its <p> into paragraphs.
    cell_paras(c(3, 3), [("{{#explanation}}", small), ("{{.}}", small), ("{{/explanation}}", small)],
               valign="top")
    cell_paras(c(3, 4), [("{{#attachment}}", small), ("{{.}}", small),
                         ("{{/attachment}}", small), ("{{/indicator}}", small)], valign="top")
    # Level-2 subtotal (closes level2).
    cell_paras(c(4, 0), [("{{@id}} 小计", dict(center, align=WD_ALIGN_PARAGRAPH.RIGHT))])
    cell_paras(c(4, 1), [("{{@max}}", center)])
    cell_paras(c(4, 2), [("{{@claimed}}", center)])
    cell_paras(c(4, 3).merge(c(4, 4)), [("得分率 {{@percent}}%{{/level2}}", small)])
    # Level-1 subtotal (closes level1).
    cell_paras(c(5, 0), [("{{@id}}. {{@title}} 小计", dict(center, font=HEI, align=WD_ALIGN_PARAGRAPH.RIGHT))])
    cell_paras(c(5, 1), [("{{@max}}", dict(center, font=HEI))])
    cell_paras(c(5, 2), [("{{@claimed}}", dict(center, font=HEI))])
    cell_paras(c(5, 3).merge(c(5, 4)), [("得分率 {{@percent}}%{{/level1}}", dict(small, font=HEI))])
    # Total.
    cell_paras(c(6, 0), [("合计", dict(center, font=HEI))])
    cell_paras(c(6, 1), [("{{total/@max}}", dict(center, font=HEI))])
    cell_paras(c(6, 2), [("{{total/@claimed}}", dict(center, font=HEI))])
    cell_paras(c(6, 3).merge(c(6, 4)), [("得分率 {{total/@percent}}%", dict(small, font=HEI))])
    for r in range(7):
        row_height(R[r], 8)
    # The seal place: the table's last row, without lines, kept on the page of the total
    # (keep-with-next on the total row), so it never stands alone on the last page.
    left, right = c(7, 0).merge(c(7, 2)), c(7, 3).merge(c(7, 4))
    cell_paras(left, [""])
    seal_box(right, None, "tb_seal_applicant", min_lines=2)
    right.paragraphs[-2].runs[0].text = "申报单位(公章)"
    for cell, sides in ((left, ("left", "bottom", "right")), (right, ("left", "bottom", "right"))):
        for side in sides:
            cell_border(cell, side, style="nil", size=0)
    row_height(R[7], 50)
    cant_split(R[7])
    for k in range(5):
        for p in c(6, k).paragraphs:
            p.paragraph_format.keep_with_next = True
    page_numbers(doc)
    return doc


# ---------------------------------------------------------------- 推荐汇总表

def summary_sheet():
    doc = new_document(MARGINS_FORM, P["unit"] + "推荐汇总表",
                       "推荐汇总表 (%s)" % P["id"])
    wide_title(para(doc, P["unit"] + "推荐汇总表", TITLE_FONT, ERHAO,
                    WD_ALIGN_PARAGRAPH.CENTER, line=36, after=12))
    head = make_table(doc, [80, 80], 2, borders=False, cell_lr_mm=0)
    cell_paras(head.cell(0, 0).merge(head.cell(0, 1)),
               [("推荐单位：{{recommender/name}}", {"size": SIHAO})])
    cell_paras(head.cell(1, 0), [("推荐名额：{{recommender/quota}} 个", {"size": SIHAO})])
    cell_paras(head.cell(1, 1), [("填报日期：{{date | cn_date}}",
                                  {"size": SIHAO, "align": WD_ALIGN_PARAGRAPH.RIGHT})])
    para(doc, "", after=4)

    widths = [10.5, 33, 24, 14, 27.5, 21.5, 14, 15.5]  # 160 mm
    t = make_table(doc, widths, 2)
    center = {"size": WUHAO, "align": WD_ALIGN_PARAGRAPH.CENTER}
    left = {"size": WUHAO}
    heads = ["序号", "申报单位", "主管部门", "联系人", "联系电话", "服务对象", "自评\n得分", "是否在\n名额内"]
    for k, h in enumerate(heads):
        cell_paras(t.cell(0, k), [(h, dict(center, font=HEI))])
    repeat_header(t.rows[0])
    row = [
        [("{{#applicant}}{{@rank}}", center)],
        [("{{name}}", left)],
        [("{{authority}}", left)],
        [("{{contact/name}}", center)],
        [("{{contact/phone}}", center), ("{{contact/mobile}}", center)],
        [("{{targets}}", left)],
        [("{{score}}", center)],
        # <within-quota>false</within-quota> is false for sections (docs/tags.md).
        [("{{#within-quota}}是{{/within-quota}}{{^within-quota}}否{{/within-quota}}{{/applicant}}",
          center)],
    ]
    for k, paras in enumerate(row):
        cell_paras(t.cell(1, k), paras)
    row_height(t.rows[0], 12)
    row_height(t.rows[1], 12)
    cant_split(t.rows[1])

    para(doc, "", after=12)
    sign = make_table(doc, [80, 80], 1, borders=False)
    # 填表人 comes from the batch (--preparer, --preparer-phone): <preparer> of the data.
    cell_paras(sign.cell(0, 0), [("填表人：{{#preparer}}{{name}}{{/preparer}}", {"size": SIHAO}),
                                 ("", {}),
                                 ("联系电话：{{#preparer}}{{phone}}{{/preparer}}", {"size": SIHAO})],
               valign="top")
    seal_box(sign.cell(0, 1), None, "tb_seal_recommender", min_lines=2)
    sign.cell(0, 1).paragraphs[-2].runs[0].text = "推荐单位(公章)"
    row_height(sign.rows[0], 50)
    cant_split(sign.rows[0])
    return doc


TEMPLATES = {
    "application-form": application_form,
    "self-assessment": self_assessment,
    "summary-sheet": summary_sheet,
}


# ---------------------------------------------------------------- 推荐排名表 (any program)
def ranking():
    """An office's ranking as the library computes it (tb_rank_write's <batch> data, with the
    program's title added as the root's `title` by `tianbiao serve`): rank, applicant,
    points that count, within the quota or not, disqualification."""
    doc = new_document(MARGINS_FORM, "推荐排名表", "推荐排名表", keywords="ranking")
    wide_title(para(doc, "推荐排名表", TITLE_FONT, ERHAO, WD_ALIGN_PARAGRAPH.CENTER, line=36,
                    after=6))
    para(doc, "{{@title}}", size=SIHAO, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    head = make_table(doc, [80, 80], 2, borders=False, cell_lr_mm=0)
    cell_paras(head.cell(0, 0).merge(head.cell(0, 1)),
               [("推荐单位：{{recommender/name}}", {"size": SIHAO})])
    cell_paras(head.cell(1, 0), [("推荐名额：{{recommender/quota}} 个", {"size": SIHAO})])
    cell_paras(head.cell(1, 1), [("日期：{{date | cn_date}}",
                                  {"size": SIHAO, "align": WD_ALIGN_PARAGRAPH.RIGHT})])
    para(doc, "", after=4)

    widths = [14, 70, 22, 24, 30]  # 160 mm
    t = make_table(doc, widths, 2)
    center = {"size": WUHAO, "align": WD_ALIGN_PARAGRAPH.CENTER}
    left = {"size": WUHAO}
    for k, h in enumerate(["名次", "申报单位", "自评得分", "是否在\n名额内", "备注"]):
        cell_paras(t.cell(0, k), [(h, dict(center, font=HEI))])
    repeat_header(t.rows[0])
    row = [
        [("{{#applicant}}{{@rank}}", center)],
        [("{{name}}", left)],
        [("{{score}}", center)],
        [("{{#within-quota}}是{{/within-quota}}{{^within-quota}}否{{/within-quota}}", center)],
        [("{{#disqualified}}取消资格：{{@reason}}{{/disqualified}}{{/applicant}}", left)],
    ]
    for k, paras in enumerate(row):
        cell_paras(t.cell(1, k), paras)
    row_height(t.rows[0], 12)
    row_height(t.rows[1], 10)
    cant_split(t.rows[1])
    para(doc, "", after=6)
    para(doc, "按计入的自评得分排序；得分相同者名次相同。", size=WUHAO)
    return doc


# Templates of no one program: templates/<name>.docx (DOCX only).
GENERIC = {
    "ranking": ranking,
}


# ---------------------------------------------------------------- reproducible packaging

def rezip(data, order_first=(), stored=()):
    """Rewrite a zip with fixed entry times (and the given entries first/stored)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names = [n for n in order_first if n in names] + [n for n in names if n not in order_first]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for n in names:
            zi = zipfile.ZipInfo(n, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_STORED if n in stored else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(n))
    return out.getvalue()


# Child order of property elements in ECMA-376 (Word refuses files that break it). Helpers
# above append where convenient; schema_order() puts everything in place before saving.
SCHEMA_ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
             "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
             "tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
            "tcFitText vAlign hideMark",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
           "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
           "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
           "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
           "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
           "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
           "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
}


def schema_order(root):
    for parent, order in SCHEMA_ORDER.items():
        rank = {qn("w:" + n): i for i, n in enumerate(order.split())}
        for el in root.iter(qn("w:" + parent)):
            kids = list(el)
            if any(k.tag not in rank for k in kids):
                unknown = [k.tag for k in kids if k.tag not in rank]
                raise SystemExit("schema_order: unknown child %s of w:%s" % (unknown, parent))
            kids.sort(key=lambda k: rank[k.tag])  # stable: repeated elements keep their order
            for k in kids:
                el.remove(k)
            el.extend(kids)


def end_paragraph(doc):
    """Word wants a paragraph after a table that ends the body; a 1 pt one adds no page."""
    p = doc.add_paragraph()
    fmt_para(p, size=1, line=1)
    p.paragraph_format.space_after = Pt(0)
    rpr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "2")
    mark.append(sz)
    rpr.append(mark)


def docx_bytes(doc):
    if doc.element.body[-2].tag == qn("w:tbl"):  # [-1] is the sectPr
        end_paragraph(doc)
    schema_order(doc.element)
    schema_order(doc.styles.element)
    buf = io.BytesIO()
    doc.save(buf)
    return rezip(buf.getvalue(), order_first=("[Content_Types].xml",))


def soffice_convert(src, fmt, outdir):
    """LibreOffice headless conversion with a private profile (parallel runs do not clash)."""
    with tempfile.TemporaryDirectory(prefix="tb-lo-") as prof:
        cmd = ["soffice", "-env:UserInstallation=file://" + prof, "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", outdir, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
    base = os.path.splitext(os.path.basename(src))[0]
    out = os.path.join(outdir, base + "." + fmt.split(":")[0])
    if not os.path.exists(out):
        sys.exit("soffice did not write " + out)
    return out


FIXED_ISO = "2021-11-25T00:00:00"


def normalize_odt(data):
    """Fix what LibreOffice writes differently on each run: dates, duration, generator, rsid."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    meta = parts["meta.xml"].decode("utf-8")
    meta = re.sub(r"(<meta:creation-date>)[^<]*(</meta:creation-date>)", r"\g<1>%s\2" % FIXED_ISO, meta)
    meta = re.sub(r"(<dc:date>)[^<]*(</dc:date>)", r"\g<1>%s\2" % FIXED_ISO, meta)
    meta = re.sub(r"(<meta:print-date>)[^<]*(</meta:print-date>)", r"\g<1>%s\2" % FIXED_ISO, meta)
    meta = re.sub(r"(<meta:editing-duration>)[^<]*(</meta:editing-duration>)", r"\1PT0S\2", meta)
    meta = re.sub(r"(<meta:generator>)[^<]*(</meta:generator>)", r"\1tianbiao make-templates.py\2", meta)
    parts["meta.xml"] = meta.encode("utf-8")
    # A random revision-save id per conversion.
    parts["settings.xml"] = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+',
                                   rb"\g<1>1", parts["settings.xml"])
    # Thumbnails are a picture of the first page: not needed, and not stable.
    names = [n for n in src.namelist() if not n.startswith("Thumbnails/")]
    manifest = parts["META-INF/manifest.xml"].decode("utf-8")
    manifest = re.sub(r'\s*<manifest:file-entry[^>]*manifest:full-path="Thumbnails/[^"]*"[^>]*/>', "",
                      manifest)
    parts["META-INF/manifest.xml"] = manifest.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for n in ["mimetype"] + [n for n in names if n != "mimetype"]:
            zi = zipfile.ZipInfo(n, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, parts[n])
    return out.getvalue()


def main():
    global P
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--program", choices=sorted(PROGRAMS), action="append",
                    help="only this program (default: all)")
    ap.add_argument("--outdir", help="write here instead of templates/programs/<id>/ "
                    "(one program; qhd-2021 when --program is not given)")
    ap.add_argument("--no-odt", action="store_true", help="write only the DOCX files")
    ap.add_argument("--generic-outdir", default=None,
                    help="where templates of no one program go (default: templates/, or --outdir when given)")
    args = ap.parse_args()
    # --outdir alone keeps its old meaning: the qhd-2021 templates into DIR
    programs = args.program or (["qhd-2021"] if args.outdir else sorted(PROGRAMS))
    if args.outdir and len(programs) != 1:
        sys.exit("--outdir goes with one --program")
    generic = args.generic_outdir or args.outdir or os.path.join(ROOT, "templates")
    if args.generic_outdir or not args.program:
        os.makedirs(generic, exist_ok=True)
        for name, build in GENERIC.items():
            _bookmark_id[0] = 0
            path = os.path.join(generic, name + ".docx")
            with open(path, "wb") as f:
                f.write(docx_bytes(build()))
            print("wrote", os.path.relpath(path))
    for pid in programs:
        P = dict(PROGRAMS[pid], id=pid)
        outdir = args.outdir or os.path.join(ROOT, "templates", "programs", pid)
        os.makedirs(outdir, exist_ok=True)
        for name in P["templates"]:
            build = TEMPLATES[name]
            _bookmark_id[0] = 0
            path = os.path.join(outdir, name + ".docx")
            with open(path, "wb") as f:
                f.write(docx_bytes(build()))
            print("wrote", os.path.relpath(path))
            if args.no_odt:
                continue
            with tempfile.TemporaryDirectory(prefix="tb-odt-") as tmp:
                odt = soffice_convert(path, "odt", tmp)
                with open(odt, "rb") as f:
                    data = normalize_odt(f.read())
            opath = os.path.join(outdir, name + ".odt")
            with open(opath, "wb") as f:
                f.write(data)
            print("wrote", os.path.relpath(opath))


if __name__ == "__main__":
    main()
