#!/usr/bin/env python3
"""make_own.py: writes the differential test's own templates (cases/word-*, wps-*, lo-*),
each with its data.json. Run it again only to change them; the outputs are committed.

- word-*: DOCX XML as Word writes it: rsid attributes, w14:paraId, tags split over several
  runs by spell-check marks (w:proofErr) and revision ids, the _GoBack bookmark, headers.
- wps-*: DOCX XML as WPS Office writes it: w:rFonts w:hint="eastAsia", zh-CN language marks,
  widths in dxa, docProps/custom.xml with KSOProductBuildVer.
- lo-*: flat ODF written here, then saved as DOCX by LibreOffice itself
  (soffice --headless --convert-to docx), so the DOCX is LibreOffice's own.
Only what docxtemplater does without add-ons is used: names, dotted paths, loops, inverted
sections, and angular expressions (comparisons, +, ?:, $index, .length)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
FIXED = (1980, 1, 1, 0, 0, 0)

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>%s<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>%s</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>%s</Relationships>"""
NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
      'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ')
WPS_NS = NS + 'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData" '
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:eastAsia="SimSun" w:hAnsi="Calibri"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>"""


class Word:
    """Paragraphs and runs as Word writes them."""

    def __init__(self, flavour):
        self.flavour = flavour
        self.n = 0x1A2B3C00

    def pid(self):
        self.n += 0x111
        return "%08X" % self.n

    def run(self, text, rsid="00A1B2C3", bold=False):
        if self.flavour == "wps":
            rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/>%s<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>' % (
                "<w:b/>" if bold else "")
        else:
            rpr = "<w:rPr>%s</w:rPr>" % ("<w:b/>" if bold else "") if bold else ""
        rs = ' w:rsidR="%s"' % rsid if self.flavour == "word" else ""
        sp = ' xml:space="preserve"' if text != text.strip() else ""
        return "<w:r%s>%s<w:t%s>%s</w:t></w:r>" % (rs, rpr, sp, escape(text))

    def para(self, *pieces, style=None, jc=None):
        """pieces: text runs; a tuple ("split", text) splits text into Word-like runs around
        spell-check marks; ("raw", xml) is inserted as it is."""
        body = []
        for p in pieces:
            if isinstance(p, tuple) and p[0] == "split":
                t = p[1]
                a, b = max(1, len(t) // 3), max(2, 2 * len(t) // 3)
                body.append(self.run(t[:a], "00D4E5F6"))
                body.append('<w:proofErr w:type="spellStart"/>')
                body.append(self.run(t[a:b], "00F1E2D3"))
                body.append('<w:proofErr w:type="spellEnd"/>')
                body.append(self.run(t[b:], "00D4E5F6"))
            elif isinstance(p, tuple) and p[0] == "raw":
                body.append(p[1])
            elif isinstance(p, tuple) and p[0] == "bold":
                body.append(self.run(p[1], bold=True))
            else:
                body.append(self.run(p))
        ppr = ""
        if style or jc or self.flavour == "wps":
            ppr = "<w:pPr>%s%s%s</w:pPr>" % (
                '<w:pStyle w:val="%s"/>' % style if style else "",
                '<w:jc w:val="%s"/>' % jc if jc else "",
                '<w:rPr><w:rFonts w:hint="eastAsia"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
                if self.flavour == "wps" else "")
        attrs = ' w14:paraId="%s" w14:textId="77777777" w:rsidR="00C0FFEE" w:rsidRDefault="00C0FFEE"' % self.pid() \
            if self.flavour == "word" else ""
        return "<w:p%s>%s%s</w:p>" % (attrs, ppr, "".join(body))

    def table(self, rows, widths):
        grid = "".join('<w:gridCol w:w="%d"/>' % w for w in widths)
        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="%s"/>'
               '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>%s</w:tblGrid>'
               % (sum(widths) if self.flavour == "wps" else 0, "dxa" if self.flavour == "wps" else "auto", grid)]
        for row in rows:
            out.append('<w:tr%s>' % (' w:rsidR="00C0FFEE"' if self.flavour == "word" else ""))
            for w, cell in zip(widths, row):
                cell = cell if isinstance(cell, list) else [cell]
                out.append('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>'
                           % (w, "".join(c if c.startswith("<w:p") else self.para(c) for c in cell)))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)


def write_docx(path, flavour, body, header=None, footer=None):
    w_ns = WPS_NS if flavour == "wps" else NS
    ign = ' mc:Ignorable="w14 w15 wp14"'
    sect = '<w:sectPr%s>%s%s<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>' % (
        ' w:rsidR="00C0FFEE"' if flavour == "word" else "",
        '<w:headerReference w:type="default" r:id="rId8"/>' if header else "",
        '<w:footerReference w:type="default" r:id="rId9"/>' if footer else "")
    goback = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>' if flavour == "word" else ""
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s%s><w:body>%s%s%s</w:body></w:document>' % (
        w_ns, ign, body, goback, sect)
    overrides, rels = [], ['<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>']
    files = {"word/document.xml": doc, "word/styles.xml": STYLES}
    for rid, kind, xml in (("rId8", "header", header), ("rId9", "footer", footer)):
        if xml:
            tag = "hdr" if kind == "header" else "ftr"
            files["word/%s1.xml" % kind] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:%s %s%s>%s</w:%s>' % (
                tag, w_ns, ign, xml, tag)
            overrides.append('<Override PartName="/word/%s1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.%s+xml"/>' % (kind, kind))
            rels.append('<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s1.xml"/>' % (rid, kind, kind))
    files["word/_rels/document.xml.rels"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % "".join(rels)
    app = "WPS Office_11.1.0.11664_F1E327BC-269C-435d-A152-05C5408002CA" if flavour == "wps" else "Microsoft Office Word"
    files["docProps/app.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>%s</Application></Properties>' % app
    files["docProps/core.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>tianbiao tests</dc:creator></cp:coreProperties>'
    extra_ct, extra_rel = "", ""
    if flavour == "wps":
        files["docProps/custom.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-11.1.0.11664</vt:lpwstr></property></Properties>'
        extra_ct = '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        extra_rel = '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
    files["[Content_Types].xml"] = CT % ("".join(overrides), extra_ct)
    files["_rels/.rels"] = RELS % extra_rel
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", "_rels/.rels"] + sorted(k for k in files if k not in ("[Content_Types].xml", "_rels/.rels")):
            z.writestr(zipfile.ZipInfo(name, FIXED), files[name].encode("utf-8"), zipfile.ZIP_DEFLATED)


def case(name, data, make):
    d = os.path.join(CASES, name)
    os.makedirs(d, exist_ok=True)
    make(os.path.join(d, "template.docx"))
    with open(os.path.join(d, "data.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def word_cases():
    W = Word("word")
    case("word-letter", {
        "company": {"name": "秦皇岛市科技馆", "phone": "0335-1234567"},
        "recipient": {"name": "张三", "title": "先生"},
        "greeting": "Hello ",
        "date": "2024年5月1日",
        "items": [{"name": "展厅讲解", "price": 120}, {"name": "科普讲座", "price": 80.5}],
        "note": "请于开馆时间内到访。\n周一闭馆。"},
        lambda p: write_docx(p, "word", "".join([
            W.para(("split", "{company.name}"), " 邀请函", style="Heading1", jc="center"),
            W.para("尊敬的", ("split", "{recipient.name}"), ("split", "{recipient.title}"), "："),
            W.para(("split", "{greeting}"), ("split", "{recipient.name}"), "，您好！"),
            W.para("{#items}"),
            W.para("{$index + 1}. ", ("split", "{name}"), "：", "{price}", " 元"),
            W.para("{/items}"),
            W.para("共 {items.length} 项。"),
            W.para("备注：", "{note}"),
            W.para("{date}", jc="right")]),
            header=W.para("{company.name}　电话：{company.phone}"),
            footer=W.para("— {recipient.name} —")))
    case("word-table", {
        "title": "2023年度活动统计",
        "rows": [{"name": "科普讲座", "times": 12, "people": 1500, "tags": ["青少年", "社区"]},
                 {"name": "流动科技馆", "times": 4, "people": 3200, "tags": ["农村"]},
                 {"name": "线上直播", "times": 20, "people": 18000, "tags": []}],
        "total": {"times": 36, "people": 22700}},
        lambda p: write_docx(p, "word", "".join([
            W.para("{title}", style="Heading1"),
            W.table([["序号", "活动", "场次", "人次", "对象"],
                     ["{#rows}{$index + 1}", ("{name}"), "{times}", "{people}", "{#tags}{.} {/tags}{^tags}—{/tags}{/rows}"],
                     ["合计", "", "{total.times}", "{total.people}", ""]],
                    [800, 2400, 1000, 1200, 2000]),
            W.para("平均每场 {total.people / total.times} 人次。")])))
    case("word-conditions", {
        "vip": False, "status": "paid", "age": 17, "list": ["a", "b"], "empty": [], "flag": "false",
        "score": 0, "name": "李四", "nickname": ""},
        lambda p: write_docx(p, "word", "".join([
            W.para("客户：{name}（{#vip}VIP{/vip}{^vip}普通{/vip}）"),
            W.para("{#status == “paid”}已付款{/}{#status != 'paid'}未付款{/}"),
            W.para("{age >= 18 ? '成年' : '未成年'}，{age + 1} 岁生日将至"),
            W.para("{#list.length}共{list.length}项{/}{^empty.length}（空列表）{/}"),
            W.para("flag 为字符串 \"false\"：{#flag}真{/flag}；score 为 0：{^score}假{/score}"),
            W.para("称呼：{nickname || name}；{#vip && status == 'paid'}VIP 已付{/}{^vip && status == 'paid'}非 VIP 或未付{/}"),
            W.para("{#list}{.}{#$index < list.length - 1}，{/}{/list}")])))
    case("word-para-chunks", {
        "groups": [{"name": "一", "members": ["甲", "乙"]}, {"name": "二", "members": ["丙"]}],
        "cond": True},
        lambda p: write_docx(p, "word", "".join([
            W.para("名单：{#groups}"),
            W.para("第{name}组"),
            W.para("{/groups}（完）"),
            W.para("{#groups}"),
            W.para("组{name}：{#members}"),
            W.para("成员{.}"),
            W.para("{/members}"),
            W.para("{/groups}"),
            W.para("开始{#cond}中间"),
            W.para("结束{/cond}尾")])))


def wps_cases():
    W = Word("wps")
    case("wps-form", {
        "unit": {"name": "某某社区科普活动中心", "code": "91130300MA0XXXXX1Y", "address": "河北省秦皇岛市海港区"},
        "targets": {"youth": True, "farmers": False, "elderly": True},
        "members": [{"name": "王五", "role": "主任", "phone": "13800000001"},
                    {"name": "赵六", "role": "干事", "phone": "13800000002"}],
        "summary": "本单位长期开展科普活动，\n服务社区居民。",
        "signDate": "2024年6月"},
        lambda p: write_docx(p, "wps", "".join([
            W.para(("bold", "科普教育基地申报表"), jc="center"),
            W.table([["单位名称", "{unit.name}"],
                     ["统一社会信用代码", "{unit.code}"],
                     ["地址", "{unit.address}"],
                     ["服务对象", "青少年{#targets.youth}☑{/}{^targets.youth}□{/} 农民{#targets.farmers}☑{/}{^targets.farmers}□{/} 老年人{#targets.elderly}☑{/}{^targets.elderly}□{/}"]],
                    [2400, 6000]),
            W.para("工作人员"),
            W.table([["姓名", "职务", "电话"],
                     ["{#members}{name}", "{role}", "{phone}{/members}"]],
                    [2000, 2000, 4400]),
            W.para("工作概述："),
            W.para("{summary}"),
            W.para("{signDate}", jc="right")]),
            footer=W.para("{unit.name}")))
    case("wps-report", {
        "year": 2023,
        "sections": [{"title": "一、基本情况", "paras": ["单位成立于2010年。", "现有职工 25 人。"]},
                     {"title": "二、工作成效", "paras": ["全年接待 3 万人次。"]}],
        "prefix": "  ", "suffix": " 。"},
        lambda p: write_docx(p, "wps", "".join([
            W.para("{year}年度工作报告", style="Heading1", jc="center"),
            W.para("{#sections}"),
            W.para("{title}", style="Heading1"),
            W.para("{#paras}"),
            W.para("{prefix}{.}"),
            W.para("{/paras}"),
            W.para("{/sections}"),
            W.para("以上{sections.length}部分{suffix}")])))


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles><style:style style:name="Standard" style:family="paragraph"/><style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style></office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0cm"/></style:footer-style></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">%s</style:master-page></office:master-styles>
<office:body><office:text>%s</office:text></office:body></office:document>"""


def lo_para(text, style="Standard"):
    return '<text:p text:style-name="%s">%s</text:p>' % (style, escape(text))


def lo_table(rows):
    cols = max(len(r) for r in rows)
    out = ['<table:table table:name="T1"><table:table-column table:number-columns-repeated="%d"/>' % cols]
    for r in rows:
        out.append("<table:table-row>" + "".join(
            '<table:table-cell office:value-type="string">%s</table:table-cell>' % lo_para(c) for c in r) + "</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def lo_case(name, data, body, header=""):
    def make(path):
        tmp = tempfile.mkdtemp(prefix="lo-")
        src = os.path.join(tmp, "template.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(FODT % (header, body))
        r = subprocess.run(["soffice", "-env:UserInstallation=file://%s/profile" % tmp, "--headless",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src],
                           capture_output=True, text=True, timeout=300)
        out = os.path.join(tmp, "template.docx")
        if not os.path.exists(out):
            sys.exit("soffice did not write %s: %s" % (out, r.stderr))
        shutil.copy(out, path)
        shutil.rmtree(tmp, ignore_errors=True)
    case(name, data, make)


def lo_cases():
    lo_case("lo-invoice", {
        "client": "某某学校", "invoice": {"no": "NO.2024-0017", "date": "2024-05-20"},
        "lines": [{"item": "科普展板", "qty": 10, "unit": 150}, {"item": "实验器材", "qty": 3, "unit": 980}],
        "paid": False},
        lo_para("发票 {invoice.no}", "Heading_20_1") + lo_para("客户：{client}　日期：{invoice.date}") +
        lo_table([["项目", "数量", "单价", "金额"],
                  ["{#lines}{item}", "{qty}", "{unit}", "{qty * unit}{/lines}"]]) +
        lo_para("{^paid}尚未付款{/paid}{#paid}已付款{/paid}"))
    lo_case("lo-list", {
        "title": "志愿者名单", "volunteers": [{"name": "小明", "hours": 12}, {"name": "小红", "hours": 30}],
        "none": [], "thanks": "感谢大家！"},
        lo_para("{title}", "Heading_20_1") + lo_para("{#volunteers}") +
        lo_para("{$index + 1}、{name}（{hours} 小时{#hours > 20}，优秀{/}）") + lo_para("{/volunteers}") +
        lo_para("{#none}") + lo_para("不应出现") + lo_para("{/none}") +
        lo_para("{^none}") + lo_para("没有待定人员。") + lo_para("{/none}") + lo_para("{thanks}"))
    lo_case("lo-header", {
        "org": "秦皇岛市科学技术协会", "doc": {"title": "通知", "number": "秦科协〔2024〕5号"},
        "body": ["各有关单位：", "现将有关事项通知如下。"]},
        lo_para("{doc.number}") + lo_para("{doc.title}", "Heading_20_1") +
        lo_para("{#body}") + lo_para("{.}") + lo_para("{/body}"),
        header='<style:header>%s</style:header><style:footer>%s</style:footer>' % (
            lo_para("{org}"), lo_para("{doc.number}　第 1 页")))


if __name__ == "__main__":
    word_cases()
    wps_cases()
    if shutil.which("soffice"):
        lo_cases()
    else:
        print("soffice not found: the lo-* cases were not rewritten")
