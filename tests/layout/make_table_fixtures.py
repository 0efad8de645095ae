#!/usr/bin/python3
"""make_table_fixtures.py: the table and ODT fixtures of the golden layout tests, written as
XML the way Word, WPS and LibreOffice write it (fixturekit.py), for what python-docx cannot
express: cell margins and insets, row height rules, border conflicts, table styles with
conditional formatting, rows taller than a page, relative ODF columns, ODF paragraph
spacing. Run from the repository root when a fixture must change, then regenerate the
goldens (TB_UPDATE_GOLDEN=1) and compare with LibreOffice (locompare.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixturekit as K  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
TEXT = ("根据《关于开展2024年度优秀项目申报工作的通知》要求，各单位应于2024年5月1日前完成申报材料的"
        "整理与提交。申报材料包括申报书、证明材料和推荐意见（盖章），所有材料须真实、准确、完整。")

# Word 2010+ styles part: docDefaults with 宋体 10.5 pt, Normal, Table Normal.
DOCX_STYLES = (
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" '
    'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="21"/>'
    '<w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault/></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
    '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')


def settings(mode=15):
    return (f'<w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="156"/>'
            f'<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
            f'<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>'
            f'<w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="{mode}"/>'
            f'</w:compat>')


def p(text, ppr="", rpr=""):
    run = f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f'<w:p>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{run}</w:p>'


def borders(tag="tblBorders", sz=4, sides=("top", "left", "bottom", "right", "insideH", "insideV"), val="single"):
    return f'<w:{tag}>' + "".join(f'<w:{s} w:val="{val}" w:sz="{sz}" w:space="0" w:color="auto"/>' for s in sides) + f'</w:{tag}>'


def tc(width, content, tcpr=""):
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{tcpr}</w:tcPr>{content}</w:tc>'


def tr(cells, trpr=""):
    return f'<w:tr>{"<w:trPr>" + trpr + "</w:trPr>" if trpr else ""}{cells}</w:tr>'


def tbl(grid, rows, tblpr=""):
    g = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(grid)}" w:type="dxa"/>{tblpr}'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{g}</w:tblGrid>{rows}</w:tbl>')


def table_cells():
    """Cell margins (defaults, tblCellMar, tcMar), insets with thick borders, row height
    rules (exact clips, atLeast, auto and no rule are minimums), vertical alignment."""
    grid = [2000, 2600, 2600, 1096]
    hrow = lambda rule, h, label: tr(
        tc(2000, p(label)) + tc(2600, p(TEXT[:40])) + tc(2600, p("居中"), '<w:vAlign w:val="center"/>')
        + tc(1096, p("底"), '<w:vAlign w:val="bottom"/>'),
        f'<w:trHeight w:val="{h}"' + (f' w:hRule="{rule}"' if rule else "") + '/>')
    body = p("一、行高与垂直对齐")
    body += tbl(grid, hrow("exact", 500, "固定值") + hrow("atLeast", 900, "最小值") + hrow("auto", 900, "自动")
                + hrow(None, 900, "未注明"), borders())
    body += p("二、单元格边距与粗边框")
    mar = ('<w:tblCellMar><w:top w:w="100" w:type="dxa"/><w:left w:w="200" w:type="dxa"/>'
           '<w:bottom w:w="100" w:type="dxa"/><w:right w:w="200" w:type="dxa"/></w:tblCellMar>')
    rows = tr(tc(2000, p("表边距")) + tc(2600, p(TEXT[:30])) + tc(2600, p("单元格边距为零"),
              '<w:tcMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tcMar>')
              + tc(1096, p("右")))
    rows += tr(tc(2000, p("粗边框")) + tc(2600, p("六磅边框" + TEXT[:20]), borders("tcBorders", 48, ("top", "left", "bottom", "right")))
               + tc(2600, p("上下边距")) + tc(1096, p("末")))
    body += tbl(grid, rows, borders(sz=12) + mar)
    body += p("三、缩进的表格")
    body += tbl([3000, 3000], tr(tc(3000, p("缩进五百")) + tc(3000, p("右列"))), '<w:tblInd w:w="500" w:type="dxa"/>' + borders())
    body += p("表后段落。")
    K.docx(os.path.join(OUT, "table_cells.docx"), body, DOCX_STYLES, settings(15))



ODT_PSTYLES = (
    '<style:default-style style:family="paragraph"><style:paragraph-properties '
    'style:tab-stop-distance="1.25cm" style:text-autospace="ideograph-alpha" style:writing-mode="page"/>'
    '<style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" '
    'style:font-name-asian="宋体" style:font-size-asian="10.5pt" fo:language="en" fo:country="US" '
    'style:language-asian="zh" style:country-asian="CN"/></style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
    '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" '
    'style:parent-style-name="Standard" style:class="extra"/>')


def op(text, style="Standard"):
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def odt_table():
    """LibreOffice tables: columns sized only by style:rel-column-width, cell padding and
    borders of different widths (insets), a vertical span whose covered cells sit in the
    middle of a row, a horizontal span, repeated cells, minimum and exact row heights."""
    auto = (
        '<style:style style:name="T1" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>'
        '<style:style style:name="T1.A" style:family="table-column"><style:table-column-properties style:rel-column-width="2000*"/></style:style>'
        '<style:style style:name="T1.B" style:family="table-column"><style:table-column-properties style:rel-column-width="4000*"/></style:style>'
        '<style:style style:name="T1.C" style:family="table-column"><style:table-column-properties style:rel-column-width="3000*"/></style:style>'
        '<style:style style:name="T1.r1" style:family="table-row"><style:table-row-properties style:min-row-height="1.5cm"/></style:style>'
        '<style:style style:name="T1.r2" style:family="table-row"><style:table-row-properties style:row-height="0.8cm"/></style:style>'
        '<style:style style:name="T1.A1" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" '
        'fo:border-left="0.5pt solid #000000" fo:border-right="none" fo:border-top="0.5pt solid #000000" fo:border-bottom="0.5pt solid #000000"/></style:style>'
        '<style:style style:name="T1.D1" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>'
        '<style:style style:name="T1.thick" style:family="table-cell"><style:table-cell-properties fo:padding-left="0.3cm" fo:padding-right="0.1cm" '
        'fo:padding-top="0.2cm" fo:padding-bottom="0.1cm" fo:border="3pt solid #000000" style:vertical-align="middle"/></style:style>'
        '<style:style style:name="T1.bottom" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" style:vertical-align="bottom"/></style:style>'
        '<style:style style:name="T2" style:family="table"><style:table-properties style:width="10cm" fo:margin-left="1cm" table:align="left"/></style:style>'
        '<style:style style:name="T2.A" style:family="table-column"><style:table-column-properties style:rel-column-width="1*"/></style:style>'
    )
    c = lambda st, text, extra="": f'<table:table-cell table:style-name="{st}" office:value-type="string"{extra}>{op(text, "Table_20_Contents")}</table:table-cell>'
    cov = lambda st="T1.D1": f'<table:covered-table-cell table:style-name="{st}"/>'
    body = op("一、相对列宽的表格（LibreOffice 保存）")
    body += ('<table:table table:name="表格1" table:style-name="T1">'
             '<table:table-column table:style-name="T1.A"/><table:table-column table:style-name="T1.B"/>'
             '<table:table-column table:style-name="T1.C" table:number-columns-repeated="2"/>'
             '<table:table-header-rows><table:table-row>'
             + c("T1.A1", "项目") + c("T1.A1", "内容") + c("T1.A1", "金额") + c("T1.D1", "备注") +
             '</table:table-row></table:table-header-rows>'
             '<table:table-row table:style-name="T1.r1">' + c("T1.thick", "粗边框居中") + c("T1.A1", TEXT[:50], ' table:number-rows-spanned="2"')
             + c("T1.bottom", "底部") + c("T1.D1", "甲") + '</table:table-row>'
             '<table:table-row table:style-name="T1.r2">' + c("T1.A1", "固定行高") + cov() + c("T1.A1", "乙") + c("T1.D1", "丙") + '</table:table-row>'
             '<table:table-row>' + c("T1.A1", "横跨三列：" + TEXT[:30], ' table:number-columns-spanned="3"') + cov() + cov()
             + c("T1.D1", "丁") + '</table:table-row>'
             '<table:table-row>' + c("T1.A1", "重复", ' table:number-columns-repeated="3"') + c("T1.D1", "末") + '</table:table-row>'
             '</table:table>')
    body += op("二、左缩进的表格")
    body += ('<table:table table:name="表格2" table:style-name="T2"><table:table-column table:style-name="T2.A" table:number-columns-repeated="2"/>'
             '<table:table-row>' + c("T1.D1", "左") + c("T1.D1", "右") + '</table:table-row></table:table>')
    body += op("表后段落。")
    settings = {"AddParaTableSpacing": ("boolean", "true"), "AddParaTableSpacingAtStart": ("boolean", "true"),
                "AddExternalLeading": ("boolean", "true"), "AddParaSpacingToTableCells": ("boolean", "true"),
                "PropLineSpacingShrinksFirstLine": ("boolean", "true"), "CollapseEmptyCellPara": ("boolean", "true"),
                "CharacterCompressionType": ("short", "0")}
    K.odt(os.path.join(OUT, "odt_table.odt"), body, auto_styles=auto, styles=ODT_PSTYLES, settings=settings)


def table_breaks():
    """A row marked can't split that is taller than a page (split anyway), a page break and
    a paragraph with page-break-before inside cells: LibreOffice ignores both (a column
    break inside a cell makes LibreOffice 7.4 drop the whole table, so none here)."""
    grid = [2000, 6296]
    long = "".join(p(f"第{i}行：" + TEXT[:24]) for i in range(1, 61))
    rows = tr(tc(2000, p("申请理由")) + tc(6296, long), '<w:cantSplit/>')
    rows += tr(tc(2000, p("分页符")) + tc(6296, '<w:p><w:r><w:t>分页之前</w:t></w:r><w:r><w:br w:type="page"/></w:r>'
                                         '<w:r><w:t>分页之后</w:t></w:r></w:p>'))
    rows += tr(tc(2000, p("段前分页")) + tc(6296, p("本段之前") + p("本段段前分页", "<w:pageBreakBefore/>")))
    body = p("一、不可跨页断行但高于一页的行") + tbl(grid, rows, borders()) + p("表后段落。")
    K.docx(os.path.join(OUT, "table_breaks.docx"), body, DOCX_STYLES, settings(15))


def table_merge_turned():
    """Vertically merged cells taller than their rows, in a line grid: the last row grows by
    the overflow, except when the merged cell's covered cell in that row has vertical text
    (LibreOffice 7.4 then lets the text run over the rows below and ends the table as much
    lower); a vertical covered cell in a middle row changes nothing (measured alone: a second
    table after the first in one document makes LibreOffice 7.4 drop it from the page)."""
    vert = '<w:textDirection w:val="tbRlV"/>'
    ex = '<w:spacing w:line="180" w:lineRule="exact"/><w:jc w:val="center"/>'
    rp = '<w:sz w:val="15"/>'
    h = '<w:trHeight w:val="394"/>'
    grid = [3000, 3000, 2296]

    long = "".join(p(f"第{i}行合并内容", ex, rp) for i in range(1, 7))
    first = '<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>'
    rows = tr(tc(3000, long, first) + tc(3000, p("第一行")) + tc(2296, p("甲")), h)
    rows += tr(tc(3000, p("", ex, rp), '<w:vMerge/>' + vert) + tc(3000, p("第二行")) + tc(2296, p("乙")), h)
    rows += tr(tc(3000, p("竖排"), vert) + tc(3000, p("第三行")) + tc(2296, p("丙")), h)
    rows += tr(tc(3000, p("下一行")) + tc(3000, p("第四行")) + tc(2296, p("丁")), h)
    body = p("一、末行的被合并单元格竖排") + tbl(grid, rows, borders()) + p("表后段落。")
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" '
            'w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" '
            'w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>')
    K.docx(os.path.join(OUT, "table_merge_turned.docx"), body, DOCX_STYLES, settings(15), sect)


def table_merge_split():
    """A vertically merged cell taller than its two rows, at a page foot: the last row grows
    by the overflow and splits; the part on page 1 goes down as far as the merged cell's
    lines that fit, the part on page 2 is as tall as its remaining lines (LibreOffice 7.4),
    not the rest of the grown height."""
    grid = [3000, 5296]
    fill = "".join(p(f"第{i}段：" + TEXT[:20]) for i in range(1, 47))
    long = "".join(p(f"合并单元格第{i}行") for i in range(1, 9))
    rows = tr(tc(3000, p("左列第一行") + p("左列第二行")) + tc(5296, long, '<w:vMerge w:val="restart"/>'),
              '<w:trHeight w:val="497"/>')
    rows += tr(tc(3000, p("")) + tc(5296, p(""), '<w:vMerge/>'), '<w:trHeight w:val="90"/>')
    rows += tr(tc(3000, p("下一行")) + tc(5296, p("右列")))
    body = fill + tbl(grid, rows, borders()) + p("表后段落。")
    K.docx(os.path.join(OUT, "table_merge_split.docx"), body, DOCX_STYLES, settings(15))


def table_prex():
    """Borders given per row (w:tblPrEx) in a table without its own: drawn, and the text
    inset as for the table's borders, each row one border width taller than its text
    (LibreOffice 7.4)."""
    ex = '<w:tblPrEx>' + borders() + '</w:tblPrEx>'
    grid = [3000, 5296]
    rows = "".join(f'<w:tr>{ex}' + tc(3000, p(f"第{i}行甲") + p("第二段")) + tc(5296, p("右")) + '</w:tr>'
                   for i in range(1, 7))
    body = p("一、行例外边框") + tbl(grid, rows, "") + p("表后段落。")
    K.docx(os.path.join(OUT, "table_prex.docx"), body, DOCX_STYLES, settings(15))


STYLE_GRID = (
    '<w:style w:type="table" w:styleId="a3"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/><w:uiPriority w:val="39"/>'
    '<w:tblPr>' + borders() + '</w:tblPr></w:style>')
# As Word 2013+ writes "Grid Table 4 Accent 1", reduced: header fill and white bold text,
# bold first column and last row (with a double top border), banded rows.
STYLE_BANDED = (
    '<w:style w:type="table" w:styleId="4-1"><w:name w:val="Grid Table 4 Accent 1"/><w:basedOn w:val="a1"/><w:uiPriority w:val="49"/>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
    '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:left w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:right w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/></w:tblBorders></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr><w:tblPr/><w:tcPr>'
    '<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="4472C4"/><w:left w:val="single" w:sz="4" w:space="0" w:color="4472C4"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="4472C4"/><w:right w:val="single" w:sz="4" w:space="0" w:color="4472C4"/>'
    '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="4472C4"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="lastRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/><w:tcPr><w:tcBorders>'
    '<w:top w:val="double" w:sz="4" w:space="0" w:color="4472C4"/></w:tcBorders></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>'
    '<w:tblStylePr w:type="lastCol"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Vert"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>'
    '</w:style>')


def table_style():
    """w:tblStyle with conditional formatting switched by w:tblLook (first row, last row,
    first column, banded rows; no column bands), and border conflicts: a cell saying nil
    or none next to one that draws a line, cell borders over a table without borders."""
    grid = [1800, 2200, 2200, 2096]
    look = lambda fr, lr, fc, lc, nh, nv: (f'<w:tblLook w:val="0000" w:firstRow="{fr}" w:lastRow="{lr}" w:firstColumn="{fc}" '
                                          f'w:lastColumn="{lc}" w:noHBand="{nh}" w:noVBand="{nv}"/>')
    rows = tr("".join(tc(w, p(t)) for w, t in zip(grid, ("项目", "二〇二二年", "二〇二三年", "增减"))), '<w:tblHeader/>')
    for name, a, b in (("收入", "120", "150"), ("支出", "80", "95"), ("结余", "40", "55"), ("其他", "5", "6")):
        rows += tr("".join(tc(w, p(t)) for w, t in zip(grid, (name, a, b, str(int(b) - int(a))))))
    rows += tr("".join(tc(w, p(t)) for w, t in zip(grid, ("合计", "245", "306", "61"))))

    def styled(look_xml):
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="4-1"/><w:tblW w:w="{sum(grid)}" w:type="dxa"/>{look_xml}</w:tblPr>'
                '<w:tblGrid>' + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid) + f'</w:tblGrid>{rows}</w:tbl>')
    body = p("一、表格样式：首行、末行、首列、镶边行")
    body += styled(look(1, 1, 1, 0, 0, 1))
    body += p("二、同一样式，只开首行")
    body += styled(look(1, 0, 0, 0, 1, 1))
    body += p("三、边框冲突：无框线的一侧不抹去邻格的框线")
    nil = lambda side: f'<w:{side} w:val="nil"/>'
    one = lambda side, sz=4: f'<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="auto"/>'
    cells = (tc(2000, p("右框线单线"), '<w:tcBorders>' + one("right") + '</w:tcBorders>')
             + tc(2000, p("左框线nil"), '<w:tcBorders>' + nil("left") + nil("top") + '</w:tcBorders>')
             + tc(2000, p("右框线none"), '<w:tcBorders><w:right w:val="none" w:sz="0" w:space="0" w:color="auto"/></w:tcBorders>')
             + tc(2296, p("左框线粗"), '<w:tcBorders>' + one("left", 18) + '</w:tcBorders>'))
    cells2 = (tc(2000, p("下一行"), '<w:tcBorders>' + nil("top") + '</w:tcBorders>') + tc(2000, p("下一行"))
              + tc(2000, p("全无"), '<w:tcBorders>' + nil("top") + nil("left") + nil("bottom") + nil("right") + '</w:tcBorders>')
              + tc(2296, p("下一行")))
    body += ('<w:tbl><w:tblPr><w:tblStyle w:val="a3"/><w:tblW w:w="0" w:type="auto"/>'
             + look(1, 0, 1, 0, 0, 1) + '</w:tblPr><w:tblGrid>' + "".join(f'<w:gridCol w:w="{w}"/>' for w in (2000, 2000, 2000, 2296))
             + f'</w:tblGrid>{tr(cells)}{tr(cells2)}</w:tbl>')
    body += p("四、表格无框线，单元格自带框线")
    cells3 = "".join(tc(2074, p(t), '<w:tcBorders>' + one("top") + one("left") + one("bottom") + one("right") + '</w:tcBorders>')
                     for t in ("甲", "乙", "丙", "丁"))
    body += tbl([2074] * 4, tr(cells3), '<w:tblBorders>' + "".join(f'<w:{s} w:val="none" w:sz="0" w:space="0" w:color="auto"/>'
                                                                     for s in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders>')
    body += p("表后段落。")
    K.docx(os.path.join(OUT, "table_style.docx"), body, DOCX_STYLES + STYLE_GRID + STYLE_BANDED, settings(15))


def odt_para():
    """ODF paragraph spacing as LibreOffice saves it: proportional, exact and at-least line
    heights, leading (style:line-spacing), justified text with the last line centred or
    justified, margins and first-line indent, contextual spacing, paragraph borders with
    padding, letter spacing, a style chain with the default style's sizes."""
    long = TEXT + TEXT[:40]
    st = lambda name, pprops="", tprops="", parent="Standard": (
        f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}">'
        f'<style:paragraph-properties {pprops}/><style:text-properties {tprops}/></style:style>')
    auto = (st("P150", 'fo:line-height="150%"') + st("Pexact", 'fo:line-height="20pt"')
            + st("Pleast", 'style:line-height-at-least="24pt"') + st("Plead", 'style:line-spacing="6pt"')
            + st("Pjust", 'fo:text-align="justify"') + st("Pjustc", 'fo:text-align="justify" fo:text-align-last="center"')
            + st("Pjustj", 'fo:text-align="justify" fo:text-align-last="justify"')
            + st("Pmar", 'fo:margin-left="1cm" fo:margin-right="2cm" fo:margin-top="0.5cm" fo:margin-bottom="0.3cm" fo:text-indent="0.74cm"')
            + st("Pctx", 'fo:margin-top="0.4cm" fo:margin-bottom="0.4cm" style:contextual-spacing="true"')
            + st("Pbox", 'fo:margin-top="0.2cm" fo:padding="0.2cm" fo:border="0.5pt solid #000000"')
            + st("Pspaced", '', 'fo:letter-spacing="0.05cm"')
            + st("Pbig", '', 'fo:font-size="14pt" style:font-size-asian="16pt"'))
    body = "".join(op(t, s_) for s_, t in (
        ("Standard", "默认段落：" + TEXT[:40]), ("P150", "一倍半行距：" + long), ("Pexact", "固定行距20磅：" + long),
        ("Pleast", "最小行距24磅：" + long), ("Plead", "行间距6磅：" + long), ("Pjust", "两端对齐：" + long),
        ("Pjustc", "两端对齐末行居中：" + long), ("Pjustj", "两端对齐末行也对齐：" + long), ("Pmar", "缩进与段距：" + long),
        ("Pctx", "上下文间距一"), ("Pctx", "上下文间距二"), ("Pbox", "带边框与内边距的段落：" + TEXT[:50]),
        ("Pspaced", "字距加宽：" + TEXT[:30]), ("Pbig", "小四号西文与三号中文 Latin 14pt"), ("Standard", "末段。")))
    settings = {"AddParaTableSpacing": ("boolean", "true"), "AddParaTableSpacingAtStart": ("boolean", "true"),
                "AddExternalLeading": ("boolean", "true"), "PropLineSpacingShrinksFirstLine": ("boolean", "true"),
                "CharacterCompressionType": ("short", "0")}
    K.odt(os.path.join(OUT, "odt_para.odt"), body, auto_styles=auto, styles=ODT_PSTYLES, settings=settings)


def table_vertical():
    """Vertical text in cells (w:textDirection): btLr turns every glyph counterclockwise
    and stacks the lines from the left; tbRl (and tbRlV) stacks them from the right with
    Chinese upright and Latin turned clockwise; vAlign moves the lines across the cell.
    The first table's rows get their heights from a rule or the horizontal cells, and the
    vertical text wraps at that height, as LibreOffice does. In the second, an automatic
    row of vertical text only, LibreOffice 7.4 draws nothing (the row has no height); we
    grow the row to the text's length, as Word does."""
    td = lambda v: f'<w:textDirection w:val="{v}"/>'
    grid = [1200, 2400, 1200, 1200, 2296]
    rows = tr(tc(1200, p("这是一个很长的竖排文字用于测试固定行高"), td("btLr")) + tc(2400, p("固定行高 1000"))
              + tc(1200, p("固定行高的竖排文字，也很长。"), td("tbRl")) + tc(1200, p("短")) + tc(2296, p("Exact row text")),
              '<w:trHeight w:val="1000" w:hRule="exact"/>')
    rows += tr(tc(1200, p("第一段") + p("第二段"), td("btLr") + '<w:vAlign w:val="center"/>')
               + tc(2400, p("最小行高 2000，竖排居中"))
               + tc(1200, p("Mixed 中文 text") + p("二"), td("tbRl") + '<w:vAlign w:val="bottom"/>')
               + tc(1200, p("底"), td("btLr") + '<w:vAlign w:val="bottom"/>')
               + tc(2296, p("Two lines of rotated Latin text"), td("btLr")), '<w:trHeight w:val="2000" w:hRule="atLeast"/>')
    rows += tr(tc(1200, p("申请单位名称"), td("btLr")) + tc(2400, p("一") + p("二") + p("三") + p("四"))
               + tc(1200, p("个人简历（一）"), td("tbRlV")) + tc(1200, p("右起竖排"), td("tbRl")) + tc(2296, p("ABC", "<w:jc w:val=\"center\"/>"), td("btLr")))
    body = p("一、竖排文字：行高由规则或横排单元格决定") + tbl(grid, rows, borders())
    body += p("二、只有竖排文字的自动行高")
    body += tbl([1200, 1200, 5896], tr(tc(1200, p("申请单位名称"), td("btLr")) + tc(1200, p("个人简历"), td("tbRl"))
                                       + tc(5896, p("Applicant", "<w:jc w:val=\"center\"/>"), td("btLr"))), borders())
    body += p("表后段落。")
    K.docx(os.path.join(OUT, "table_vertical.docx"), body, DOCX_STYLES, settings(15))


def odt_vertical():
    """Vertical text in ODT cells: style:writing-mode tb-rl, bt-lr as LibreOffice writes it
    (loext:) and in the style namespace, with each vertical alignment; a cell's
    style:rotation-angle, which Writer ignores."""
    cellst = lambda name, extra: (f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties '
                                  f'fo:padding="0.1cm" fo:border="0.5pt solid #000000" {extra}/></style:style>')
    auto = ('<style:style style:name="T1" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>'
            '<style:style style:name="T1.A" style:family="table-column"><style:table-column-properties style:column-width="2.8333cm" style:rel-column-width="1*"/></style:style>'
            '<style:style style:name="T1.r" style:family="table-row"><style:table-row-properties style:min-row-height="3cm"/></style:style>'
            + "".join(cellst(f"{w}{a}", f'style:vertical-align="{a}" ' + ('loext:writing-mode="bt-lr"' if w == "B" else 'style:writing-mode="tb-rl"'))
                      for w in "BT" for a in ("top", "middle", "bottom"))
            + cellst("SBT", 'style:writing-mode="bt-lr"') + cellst("R90", 'style:rotation-angle="90"') + cellst("N", ""))
    c = lambda st, text: f'<table:table-cell table:style-name="{st}" office:value-type="string">{op(text, "Table_20_Contents")}</table:table-cell>'
    body = op("一、竖排与垂直对齐")
    body += ('<table:table table:name="T1" table:style-name="T1"><table:table-column table:style-name="T1.A" table:number-columns-repeated="6"/>'
             '<table:table-row table:style-name="T1.r">' + "".join(c(f"{w}{a}", f"{w}{a}，中。") for w in "BT" for a in ("top", "middle", "bottom"))
             + '</table:table-row><table:table-row table:style-name="T1.r">' + c("SBT", "style bt-lr 竖排") + c("R90", "旋转角度不适用")
             + c("N", "横排：" + TEXT[:30]) + c("Ttop", "申请单位名称") + c("Bbottom", "申请单位名称") + c("N", "")
             + '</table:table-row></table:table>')
    body += op("表后段落。")
    K.odt(os.path.join(OUT, "odt_vertical.odt"), body, auto_styles=auto, styles=ODT_PSTYLES, settings={})


def odt_template():
    """An ODF table template (table:table-template, LibreOffice's table styles) as
    LibreOffice 7.x writes it: cell styles in office:styles for the template's parts, the
    corners as loext: elements, the table's table:template-name with its use-*-styles flags.
    The first row is bold and shaded with its own first cell (loext:first-row-start-column),
    the first column grey, body rows banded, the last row has a thick top border; a cell with
    its own automatic style keeps its own shading over the template's."""
    tcs = lambda name, cell, text="": (f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties '
                                       f'fo:padding="0.1cm" {cell}/>{text}</style:style>')
    bold = '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>'
    styles = (ODT_PSTYLES
              + tcs("模板.1", 'fo:background-color="#4472c4" fo:border="0.5pt solid #000000"', bold)
              + tcs("模板.2", 'fo:background-color="#dae3f3" fo:border="0.5pt solid #000000"')
              + tcs("模板.3", 'fo:background-color="#ffffff" fo:border="0.5pt solid #000000"')
              + tcs("模板.4", 'fo:background-color="#ffe699" fo:border-top="2.25pt solid #000000" '
                    'fo:border-left="0.5pt solid #000000" fo:border-right="0.5pt solid #000000" fo:border-bottom="0.5pt solid #000000"', bold)
              + tcs("模板.5", 'fo:background-color="#c00000" fo:border="0.5pt solid #000000"', bold)
              + tcs("模板.6", 'fo:background-color="#eeeeee" fo:border="0.5pt solid #000000"')
              + '<table:table-template table:name="模板" table:first-row-end-column="row" table:first-row-start-column="row" '
              'table:last-row-end-column="row" table:last-row-start-column="row">'
              '<table:first-row table:style-name="模板.1"/><table:last-row table:style-name="模板.4"/>'
              '<table:first-column table:style-name="模板.6"/><table:last-column table:style-name="模板.6"/>'
              '<table:body table:style-name="模板.3"/><table:even-rows table:style-name="模板.2"/>'
              '<table:odd-rows table:style-name="模板.3"/><table:even-columns table:style-name="模板.3"/>'
              '<table:odd-columns table:style-name="模板.3"/><table:background table:style-name="模板.3"/>'
              '<loext:first-row-start-column table:style-name="模板.5"/>'
              '</table:table-template>')
    auto = ('<style:style style:name="T1" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>'
            '<style:style style:name="T1.A" style:family="table-column"><style:table-column-properties style:rel-column-width="1*"/></style:style>'
            '<style:style style:name="own" style:family="table-cell"><style:table-cell-properties fo:background-color="#a9d18e"/></style:style>')
    c = lambda text, st="": (f'<table:table-cell{f" table:style-name={chr(34)}{st}{chr(34)}" if st else ""} office:value-type="string">'
                             f'{op(text, "Table_20_Contents")}</table:table-cell>')
    rows = [["角", "项目", "金额", "备注"], ["一", "甲", "100", "奇数行"], ["二", "乙", "200", "偶数行"],
            ["三", "丙", "300", "own"], ["合计", "", "600", "末行"]]
    body = op("一、表格模板（table:table-template）")
    body += ('<table:table table:name="T1" table:style-name="T1" table:template-name="模板" '
             'table:use-first-row-styles="true" table:use-last-row-styles="true" table:use-first-column-styles="true" '
             'table:use-banding-rows-styles="true">'
             '<table:table-column table:style-name="T1.A" table:number-columns-repeated="4"/>'
             + "".join('<table:table-row>' + "".join(c(t, "own" if t == "own" else "") for t in row) + '</table:table-row>'
                       for row in rows) + '</table:table>')
    body += op("表后段落。")
    K.odt(os.path.join(OUT, "odt_template.odt"), body, auto_styles=auto, styles=styles, settings={})


def odt_lists():
    """ODF lists and headings as LibreOffice saves them: a numbered list style in
    label-alignment mode (1. / a) with a tab to the list tab stop, a nested level, a list
    that continues the numbering, a list header (indented, no label), bullets; headings
    numbered by the outline style in the older label-width-and-position mode (1.1.Title, no
    space); a bullet in OpenSymbol (LibreOffice's bullet face, drawn with the paragraph's
    face, no font warning); a header whose paragraph has space below (HeaderSpacingBelowLastPara off: it
    does not count) and fo:margin-bottom between header and body."""
    ll = lambda lvl, pos, fmt: (
        f'<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        f'<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="{pos}cm" '
        f'fo:text-indent="-0.635cm" fo:margin-left="{pos}cm"/></style:list-level-properties>')
    styles = ODT_PSTYLES + (
        '<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">'
        '<style:paragraph-properties fo:margin-bottom="0.3cm"/></style:style>'
        '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.212cm"/></style:style>'
        '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body">'
        '<style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/>'
        '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>'
        '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" '
        'style:default-outline-level="1"><style:text-properties fo:font-size="16pt"/></style:style>'
        '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" '
        'style:default-outline-level="2"><style:text-properties fo:font-style="italic"/></style:style>'
        '<text:outline-style style:name="Outline">'
        '<text:outline-level-style text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties/></text:outline-level-style>'
        '<text:outline-level-style text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"><style:list-level-properties/></text:outline-level-style>'
        '</text:outline-style>'
        '<text:list-style style:name="Num">'
        f'<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">{ll(1, "1.27", "1")}</text:list-level-style-number>'
        f'<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a">{ll(2, "1.905", "a")}</text:list-level-style-number>'
        '</text:list-style>'
        '<text:list-style style:name="Bul">'
        f'<text:list-level-style-bullet text:level="1" text:bullet-char="•">{ll(1, "1.27", "")}</text:list-level-style-bullet>'
        '</text:list-style>' + (
        '<text:list-style style:name="Sym">'
        f'<text:list-level-style-bullet text:level="1" text:bullet-char="\u2022">{ll(1, "1.27", "")}'
        '<style:text-properties style:font-name="OpenSymbol"/></text:list-level-style-bullet>'
        '</text:list-style>'))
    long = ("A list item long enough to wrap onto a second line, so that the hanging indent of the "
            "label-alignment mode shows where the following lines of the item begin.")
    tp = lambda t: op(t, "Text_20_body")
    item = lambda *ps: '<text:list-item>' + "".join(ps) + '</text:list-item>'
    body = ('<text:h text:style-name="Heading_20_1" text:outline-level="1">Introduction</text:h>'
            + tp("The first heading is numbered by the outline style; its space above counts at the top of the page.")
            + '<text:list text:style-name="Num">' + item(tp(long))
            + item(tp("Second item with a sublist:"), '<text:list>' + item(tp("first sub-item")) + item(tp(long)) + '</text:list>')
            + item(tp("Third item"), tp("A second paragraph of the third item has no label.")) + '</text:list>'
            + tp("A paragraph between two lists.")
            + '<text:list text:style-name="Num" text:continue-numbering="true">' + item(tp("Fourth item, numbering continued"))
            + '<text:list-header>' + tp("A list header: indented, without a label.") + '</text:list-header>'
            + item(tp("Fifth item")) + '</text:list>'
            + '<text:h text:style-name="Heading_20_2" text:outline-level="2">Details</text:h>'
            + '<text:list text:style-name="Bul">' + item(tp("A bullet")) + item(tp(long)) + '</text:list>'
            + '<text:list text:style-name="Num">' + item(tp("A new list starts again at one")) + '</text:list>'
            + '<text:list text:style-name="Sym">' + item(tp("A bullet in OpenSymbol, drawn in the paragraph's face")) + '</text:list>'
            + '<text:h text:style-name="Heading_20_1" text:outline-level="1">Second chapter</text:h>'
            + '<text:h text:style-name="Heading_20_2" text:outline-level="2">Numbered under it</text:h>'
            + tp("The end."))
    header = '<style:header><text:p text:style-name="Header">Header line</text:p></style:header>'
    hstyle = ('<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-left="0cm" '
              'fo:margin-right="0cm" fo:margin-bottom="0.499cm"/></style:header-style>')
    settings = {"AddParaTableSpacing": ("boolean", "true"), "AddParaTableSpacingAtStart": ("boolean", "true"),
                "AddExternalLeading": ("boolean", "true"), "HeaderSpacingBelowLastPara": ("boolean", "false")}
    K.odt(os.path.join(OUT, "odt_lists.odt"), body, styles=styles, master=header, settings=settings,
          layout_children=hstyle)


def odt_unknown_font():
    """Fonts neither in the map nor installed, as a LibreOffice document on another machine
    names them (zh-lo-28: "Roboto, sans-serif" and 'Droid Sans Fallback' for Chinese text):
    LibreOffice's fontconfig (fonts/fontconfig.conf) gives Liberation Sans, whose line height
    the lines keep, with the ideographs from its glyph fallback, Noto Sans CJK; bold too; a
    name fontconfig calls serif (Palatino Linotype) gets Liberation Serif; a list whose first
    name is mapped ('宋体, SimSun') takes that name."""
    fonts = ('<style:font-face style:name="Roboto" svg:font-family="Roboto, sans-serif"/>'
             '<style:font-face style:name="Droid Sans Fallback" svg:font-family="&apos;Droid Sans Fallback&apos;" '
             'style:font-family-generic="system" style:font-pitch="variable"/>'
             '<style:font-face style:name="Palatino Linotype" svg:font-family="&apos;Palatino Linotype&apos;" '
             'style:font-family-generic="roman"/>'
             '<style:font-face style:name="SongList" svg:font-family="宋体, SimSun" style:font-pitch="variable"/>')
    ps = lambda name, props: (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
                              f'<style:text-properties {props}/></style:style>')
    styles = ODT_PSTYLES + (
        ps("R", 'style:font-name-asian="Roboto" style:font-size-asian="12pt"')
        + ps("D", 'style:font-name-asian="Droid Sans Fallback" style:font-size-asian="12pt"')
        + ps("DB", 'style:font-name-asian="Droid Sans Fallback" style:font-size-asian="16pt" style:font-weight-asian="bold"')
        + ps("DS", 'style:font-name="Droid Sans Fallback" fo:font-size="12pt" style:font-name-asian="Droid Sans Fallback" '
                   'style:font-size-asian="12pt"')
        + ps("P", 'style:font-name="Palatino Linotype" fo:font-size="12pt" style:font-name-asian="Palatino Linotype" '
                  'style:font-size-asian="12pt"')
        + ps("S", 'style:font-name-asian="SongList" style:font-size-asian="12pt"'))
    t = "每条记录由十一个变量构成，三个是标称变量，分别描述水样收集的季节，河流大小和河水速度，剩下的八个变量是水样的化学参数。" * 2
    t2 = "有200个水样，每条记录是同一条河流在该年的同一个季节的三个月内收集的水样的平均值。每条记录由11个变量构成，3个是标称变量。"
    body = (op(t, "R") + op(t2, "R") + op(t, "D") + op(t2, "DB") + op(t2, "DS")
            + op("Palatino Linotype is serif to fontconfig: Liberation Serif, " + t2, "P") + op(t2, "S"))
    K.odt(os.path.join(OUT, "odt_unknown_font.odt"), body, styles=styles, fonts=fonts)


def odt_notes_widows():
    """Footnotes and page breaks as LibreOffice lays out a document that sets no widow or
    orphan control (fr-lo-38): LibreOffice's default is none, so a paragraph may leave one line
    at the top of the next page; and the footnote separator of the page layout
    (style:footnote-sep: 0.101 cm, a 0.018 cm line, 0.101 cm), narrower than the DOCX
    default, leaves room for one more body line above the notes."""
    styles = ODT_PSTYLES + (
        '<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>'
        '<style:text-properties fo:font-size="10pt"/></style:style>'
        '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.212cm"/></style:style>')
    sep = ('<style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.101cm" '
           'style:distance-after-sep="0.101cm" style:line-style="solid" style:adjustment="left" '
           'style:rel-width="25%" style:color="#000000"/>')
    words = ("The radio series and the later versions greatly benefited from the narration of "
             "the comedy actor who read the book with a sonorous, avuncular tone that gave the "
             "series a tranquil air quite at odds with the tenor of the piece. ")
    note = lambda n, t: (f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                         f'<text:note-body><text:p text:style-name="Footnote">{t}</text:p></text:note-body></text:note>')
    ref = ("Simpson, M. J. (2005). The Pocket Essential Hitchhiker's Guide (second ed.). "
           "Pocket Essentials. p. 120. ISBN 1904048463.")
    body = ""
    n = 0
    for i in range(14):
        k = 3 + (i * 5) % 4
        txt = words * k
        if i % 2 == 1:
            n += 1
            txt = txt[:200] + note(n, ref * (1 + i % 3)) + txt[200:]
        body += op(txt, "Text_20_body")
    K.odt(os.path.join(OUT, "odt_notes_widows.odt"), body, styles=styles, layout_props=sep)


def main():
    table_cells()
    odt_para()
    table_style()
    table_breaks()
    odt_table()
    table_vertical()
    odt_vertical()
    odt_template()
    odt_lists()
    odt_unknown_font()
    odt_notes_widows()
    table_merge_turned()
    table_merge_split()
    table_prex()


if __name__ == "__main__":
    main()
