#!/usr/bin/python3
"""make_fixtures.py: builds the DOCX inputs of the golden layout tests with python-docx
(Debian python3-docx) and the ODT ones with LibreOffice headless from them where noted.
Run it from the repository root when a fixture must change, then regenerate the goldens
(TB_UPDATE_GOLDEN=1) and check them by eye. The fixtures are committed, so the tests
themselves need neither tool."""
import os
import sys

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

TEXT = ("根据《关于开展2024年度优秀项目申报工作的通知》要求，各单位应于2024年5月1日前完成申报材料的"
        "整理与提交。申报材料包括申报书、证明材料和推荐意见（盖章），所有材料须真实、准确、完整。")
LATIN = "The quick brown fox jumps over the lazy dog, and PDF/A-1b files stay searchable."


def a4(doc, margins_cm=(2.54, 3.17, 2.54, 3.17)):
    for s in doc.sections:
        s.page_width = Cm(21.0)
        s.page_height = Cm(29.7)
        s.top_margin, s.right_margin, s.bottom_margin, s.left_margin = [Cm(m) for m in margins_cm]
        s.header_distance = Cm(1.5)
        s.footer_distance = Cm(1.75)


def ea_font(run, name):
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def set_defaults(doc, ea="宋体", latin="Times New Roman", size=10.5):
    st = doc.styles["Normal"]
    st.font.name = latin
    st.font.size = Pt(size)
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), ea)


def ind_chars(p, first=None, hanging=None):
    ppr = p._element.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    if first is not None:
        ind.set(qn("w:firstLineChars"), str(first))
    if hanging is not None:
        ind.set(qn("w:hangingChars"), str(hanging))
    ppr.append(ind)


def field(p, instr, size=None):
    def r(kind=None, text=None):
        run = p.add_run()
        if size:
            run.font.size = Pt(size)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._element.append(fc)
        if text:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            run._element.append(it)
        return run
    r("begin")
    r(text=" %s " % instr)
    r("separate")
    r().text = "1"
    r("end")


def bookmark(p, name):
    bs = OxmlElement("w:bookmarkStart")
    bs.set(qn("w:id"), str(abs(hash(name)) % 1000))
    bs.set(qn("w:name"), name)
    be = OxmlElement("w:bookmarkEnd")
    be.set(qn("w:id"), bs.get(qn("w:id")))
    p._element.insert(1 if p._element.pPr is not None else 0, bs)
    p._element.append(be)


def borders(table, sz=4):
    tblpr = table._element.tblPr
    b = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement("w:" + side)
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), str(sz))
        e.set(qn("w:color"), "000000")
        b.append(e)
    tblpr.append(b)


def shade(cell, fill):
    tcpr = cell._element.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def valign(cell, v):
    tcpr = cell._element.get_or_add_tcPr()
    e = OxmlElement("w:vAlign")
    e.set(qn("w:val"), v)
    tcpr.append(e)


def row_flag(row, name, attrs=None):
    trpr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:" + name)
    for k, v in (attrs or {}).items():
        e.set(qn("w:" + k), v)
    trpr.append(e)


def save(doc, name):
    doc.save(os.path.join(OUT, name))


def para_align():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    for align in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                  WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.DISTRIBUTE):
        p = doc.add_paragraph(TEXT[:70])
        p.alignment = align
    p = doc.add_paragraph(TEXT)
    ind_chars(p, first=200)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p = doc.add_paragraph(TEXT)
    p.paragraph_format.left_indent = Cm(2)
    p.paragraph_format.right_indent = Cm(1)
    p.paragraph_format.first_line_indent = Cm(-0.74)
    p = doc.add_paragraph("段前12磅段后6磅。" + TEXT[:30])
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(6)
    for rule, val in ((WD_LINE_SPACING.ONE_POINT_FIVE, None), (WD_LINE_SPACING.EXACTLY, Pt(20)),
                      (WD_LINE_SPACING.AT_LEAST, Pt(30)), (WD_LINE_SPACING.MULTIPLE, 2.0)):
        p = doc.add_paragraph(TEXT[:60])
        p.paragraph_format.line_spacing_rule = rule
        if val is not None:
            p.paragraph_format.line_spacing = val
    p = doc.add_paragraph()
    r = p.add_run("粗体")
    r.bold = True
    r = p.add_run("斜体")
    r.italic = True
    r = p.add_run("下划线")
    r.underline = True
    r = p.add_run("红色")
    r.font.color.rgb = RGBColor(0xC0, 0, 0)
    p.add_run("m")
    r = p.add_run("2")
    r.font.superscript = True
    p.add_run("H")
    r = p.add_run("2")
    r.font.subscript = True
    p.add_run("O，三号字：")
    r = p.add_run("标题")
    r.font.size = Pt(16)
    p = doc.add_paragraph("第一行")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("换行后第二行")
    save(doc, "para_align.docx")


def cjk_break():
    doc = Document()
    a4(doc, (2.54, 8.0, 2.54, 8.0))  # a narrow column: 5 cm, about 13 characters
    set_defaults(doc)
    cases = [
        "一二三四五六七八九十一二，三四五",      # comma would start line 2
        "一二三四五六七八九十一二三（四五六）",  # opening bracket would end line 1
        "一二三四五六七八九十一——二三四五",      # dash pair would split
        "一二三四五六七八九十……一二三四五六",    # ellipsis pair
        "一二三四五六七八2024年5月1日前提交",    # date unit stays with number
        "使用Liberation字体排版PDF/A文件",        # Latin words unsplit, Latin face
        "马克·吐温与北京—上海1949～1986",        # connecting marks
        "他说：“你好”。一二三四五六七八九十",     # quotes
    ]
    for c in cases:
        p = doc.add_paragraph(c)
    p = doc.add_paragraph(TEXT[:80])
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p = doc.add_paragraph(LATIN)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p = doc.add_paragraph("申报单位")
    p.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    save(doc, "cjk_break.docx")


def table_merge():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    doc.add_paragraph("合并单元格")
    t = doc.add_table(rows=4, cols=4)
    borders(t)
    widths = [Cm(3), Cm(4), Cm(4), Cm(3.5)]
    for row in t.rows:
        for i, c in enumerate(row.cells):
            c.width = widths[i]
    t.cell(0, 0).text = "项目名称"
    a = t.cell(0, 1).merge(t.cell(0, 3))
    a.text = "横向合并三列"
    b = t.cell(1, 0).merge(t.cell(3, 0))
    b.text = "纵向合并三行"
    valign(b, "center")
    shade(t.cell(1, 1), "D9D9D9")
    t.cell(1, 1).text = "灰色底纹"
    t.cell(1, 2).text = "普通"
    t.cell(1, 3).text = "右"
    t.cell(1, 3).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    c = t.cell(2, 1).merge(t.cell(3, 2))
    c.text = "二乘二合并：" + TEXT[:40]
    t.cell(2, 3).text = "甲"
    t.cell(3, 3).text = "乙"
    doc.add_paragraph("表后段落")
    save(doc, "table_merge.docx")


def table_split():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    doc.add_paragraph("跨页表格与重复标题行")
    t = doc.add_table(rows=1, cols=3)
    borders(t)
    hdr = t.rows[0]
    row_flag(hdr, "tblHeader")
    for i, txt in enumerate(("序号", "名称", "说明")):
        hdr.cells[i].text = txt
        shade(hdr.cells[i], "EEEEEE")
    for n in range(1, 31):
        r = t.add_row()
        r.cells[0].text = str(n)
        r.cells[1].text = "项目%d" % n
        r.cells[2].text = TEXT[: 20 + (n % 4) * 20]
        if n == 12:
            row_flag(r, "cantSplit")
            r.cells[2].text = TEXT * 2
        if n == 20:
            r.cells[2].text = "\n".join([TEXT] * 6)  # a tall row that splits
        if n == 5:
            row_flag(r, "trHeight", {"val": "900", "hRule": "exact"})
        if n == 6:
            row_flag(r, "trHeight", {"val": "1200", "hRule": "atLeast"})
    save(doc, "table_split.docx")


def header_footer():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    s = doc.sections[0]
    s.header.paragraphs[0].text = "优秀项目申报书"
    s.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = s.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("第 ")
    field(fp, "PAGE")
    fp.add_run(" 页 共 ")
    field(fp, "NUMPAGES")
    fp.add_run(" 页")
    for i in range(3):
        doc.add_paragraph("第%d部分。" % (i + 1) + TEXT)
        if i < 2:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    p = doc.add_paragraph("分页前")
    p.paragraph_format.page_break_before = True
    save(doc, "header_footer.docx")


def styles():
    doc = Document()
    a4(doc)
    # docDefaults: 仿宋 16 pt (GB/T 9704), by hand in styles.xml.
    dd = doc.styles.element.find(qn("w:docDefaults"))
    rpr = dd.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for e in list(rpr):
        if e.tag in (qn("w:rFonts"), qn("w:sz")):
            rpr.remove(e)
    f = OxmlElement("w:rFonts")
    f.set(qn("w:ascii"), "Times New Roman")
    f.set(qn("w:hAnsi"), "Times New Roman")
    f.set(qn("w:eastAsia"), "仿宋_GB2312")
    rpr.append(f)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "32")
    rpr.append(sz)
    normal = doc.styles["Normal"]
    nrpr = normal.element.get_or_add_rPr()
    for e in list(nrpr):
        nrpr.remove(e)
    from docx.enum.style import WD_STYLE_TYPE
    base = doc.styles.add_style("TbBase", WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = normal
    base.font.bold = True
    base.paragraph_format.space_after = Pt(10)
    child = doc.styles.add_style("TbTitle", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    child.font.size = Pt(22)
    child.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    child.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h = doc.styles.add_style("TbHei", WD_STYLE_TYPE.CHARACTER)
    h.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    doc.add_paragraph("关于申报工作的通知", style="TbTitle")
    doc.add_paragraph("继承加粗与段后距", style="TbBase")
    p = doc.add_paragraph("默认仿宋三号，")
    p.add_run("一、黑体字符样式").style = h
    r = p.add_run("，直接格式楷体小四")
    r.font.size = Pt(12)
    ea_font(r, "楷体")
    p = doc.add_paragraph("Latin 123 与中文混排")
    save(doc, "styles.docx")


def seal():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    doc.add_paragraph("推荐意见")
    t = doc.add_table(rows=2, cols=2)
    borders(t)
    t.cell(0, 0).text = "申报单位（公章）"
    t.cell(0, 1).text = "推荐单位（公章）"
    bookmark(t.cell(0, 0).paragraphs[0], "tb_seal_applicant")
    bookmark(t.cell(0, 1).paragraphs[0], "tb_seal_recommender")
    t.rows[0].height = Cm(4)
    t.cell(1, 0).text = "年  月  日"
    t.cell(1, 1).text = "年  月  日"
    p = doc.add_paragraph("单位负责人签字：")
    bookmark(p, "tb_seal_head")
    save(doc, "seal.docx")


def image():
    import struct
    import zlib
    w = h = 8
    raw = b"".join(b"\x00" + bytes([255, 0, 0] * w) for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path = os.path.join(OUT, "red.png.tmp")
    open(path, "wb").write(png)
    doc = Document()
    a4(doc)
    set_defaults(doc)
    p = doc.add_paragraph("照片：")
    p.add_run().add_picture(path, width=Cm(2.5))
    doc.add_paragraph().add_run().add_picture(path, width=Cm(30))  # scaled to fit
    os.remove(path)
    save(doc, "image.docx")


def landscape():
    doc = Document()
    a4(doc)
    set_defaults(doc)
    s = doc.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = s.page_height, s.page_width
    doc.add_paragraph("横向页面。" + TEXT)
    save(doc, "landscape.docx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for fn in (para_align, cjk_break, table_merge, table_split, header_footer, styles, seal,
               image, landscape):
        fn()
    print("fixtures written to", OUT)
