"""test_fill_docx.py: fill a python-docx template covering the tag language, check the result
with python-docx and LibreOffice, then the same template saved by LibreOffice (ODT and DOCX)."""
import os
import struct
import subprocess
import sys
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit as K  # noqa: E402

K.ensure_docx()
import docx  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def png(w, h):
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def sdt_checkbox(expr):
    return parse_xml(
        '<w:sdt %s %s><w:sdtPr><w:tag w:val="%s"/><w14:checkbox><w14:checked w14:val="0"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        '<w:sdtContent><w:r><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>' % (nsdecls("w"), W14, expr))


def make_template(p):
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "页眉 {{applicant.name}}"
    sec.footer.paragraphs[0].text = "页脚 {{date | cn_date_upper}}"
    # A tag split over runs with different formatting, a spell-check mark and a bookmark.
    para = d.add_paragraph("申报单位：")
    r1 = para.add_run("{{appl")
    r1.bold = True
    para._p.append(parse_xml('<w:proofErr %s w:type="spellStart"/>' % nsdecls("w")))
    para._p.append(parse_xml('<w:bookmarkStart %s w:id="7" w:name="tb_seal_applicant"/>' % nsdecls("w")))
    para.add_run("icant").italic = True
    para._p.append(parse_xml('<w:bookmarkEnd %s w:id="7"/>' % nsdecls("w")))
    para.add_run(".name}}（盖章）")
    # A tracked insertion holding the start of a tag, and a language change in the middle.
    para = d.add_paragraph("INS=")
    para._p.append(parse_xml('<w:ins %s w:id="9" w:author="a" w:date="2021-01-01T00:00:00Z">'
                             '<w:r><w:t>{{da</w:t></w:r></w:ins>' % nsdecls("w")))
    para._p.append(parse_xml('<w:r %s><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>te | cn_d</w:t></w:r>' % nsdecls("w")))
    para.add_run("ate}}")
    for line in ["D1={{date | cn_date}}", "D2={{date | cn_date_upper}}",
                 "M={{funding/@total | money(2)}}", "W={{amount | wan(2)}}",
                 "T={{amount | thousands}}", "R={{amount | rmb_upper}}",
                 'DF={{nothing | default("无")}}',
                 "C1={{service-targets/target[@ref='youth'] | check}}",
                 "C2={{service-targets/target[@ref='farmer'] | check(\"√\",\"×\")}}",
                 "N={{count(awards/award)}}", "S={{special}}"]:
        d.add_paragraph(line)
    d.add_paragraph("BEFORE-LOOP")
    d.add_paragraph("{{#awards/award}}")
    d.add_paragraph("奖项：{{title}}（{{applicant.name}}）")
    d.add_paragraph("  {{/awards/award}} ")
    d.add_paragraph("AFTER-LOOP")
    # Row loop.
    t = d.add_table(rows=2, cols=3)
    t.rows[0].cells[0].text = "ROWLOOP"
    t.rows[1].cells[0].text = "{{#awards/award}}{{title}}"
    t.rows[1].cells[1].text = "{{issuer}}"
    t.rows[1].cells[2].text = "{{@year}}{{/}}"
    # Two rows per record.
    t = d.add_table(rows=3, cols=2)
    t.rows[0].cells[0].text = "MULTIROW"
    t.rows[1].cells[0].text = "{{#awards/award}}名称"
    t.rows[1].cells[1].text = "{{title}}"
    t.rows[2].cells[0].text = "年份"
    t.rows[2].cells[1].text = "{{@year}}{{/}}"
    # A label merged down over the repeated row and the total row below it.
    t = d.add_table(rows=3, cols=3)
    t.rows[0].cells[0].text = "MERGED"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "获奖情况"
    t.rows[1].cells[1].text = "{{#awards/award}}{{title}}"
    t.rows[1].cells[2].text = "{{@year}}{{/}}"
    t.rows[2].cells[1].text = "合计"
    t.rows[2].cells[2].text = "{{count(awards/award)}}"
    # An empty list: its table disappears.
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = "{{#nothing/item}}{{.}}"
    t.rows[0].cells[1].text = "GONE{{/}}"
    # Nested sections, lookup in the enclosing scope, inverted sections.
    d.add_paragraph("{{#awards/award}}")
    d.add_paragraph("{{#issuer}}颁发：{{.}}，{{@level}}，{{applicant/name}}{{/issuer}}")
    d.add_paragraph("{{/}}")
    d.add_paragraph("{{^awards/award[@level='国家级']}}无国家级奖项{{/}}")
    d.add_paragraph("{{^awards/award}}不应出现{{/}}")
    d.add_paragraph("{{#flag}}FLAG-ON{{/flag}}{{#off}}FLAG-OFF{{/off}}")
    # Multi-paragraph value in a styled paragraph.
    d.add_paragraph("总结：{{summary}}——完", style="Quote")
    # Content-control checkboxes.
    para = d.add_paragraph("青少年")
    para._p.append(sdt_checkbox("service-targets/target[@ref='youth']"))
    para.add_run(" 农民")
    para._p.append(sdt_checkbox("service-targets/target[@ref='farmer']"))
    d.add_paragraph("照片：{{%photo}}")
    d.save(p)


DATA = """<?xml version="1.0" encoding="UTF-8"?>
<evidence>
  <applicant><name>海港区青少年科技活动中心</name></applicant>
  <date>2021-11-25</date>
  <service-targets><target ref="youth"/></service-targets>
  <funding total="35.5"/>
  <amount>100010001.01</amount>
  <flag>true</flag><off>false</off>
  <awards>
    <award year="2020" level="市级"><title>先进集体</title><issuer>市科协</issuer></award>
    <award year="2021" level="省级"><title>示范单位</title><issuer>省科协</issuer></award>
  </awards>
  <summary><p>第一段。</p><p>第二段
第二行。</p><p>第三段 &amp; &lt;结束&gt;</p></summary>
  <special>a &lt; b &gt; c &amp; d "q" 'a'\x7f</special>
  <photo>img/photo.png</photo>
</evidence>
""".replace("\\x7f", "\x7f")

EXPECT = ["申报单位：海港区青少年科技活动中心（盖章）", "INS=2021年11月25日", "D1=2021年11月25日", "D2=二〇二一年十一月二十五日",
          "M=35.50", "W=10001.00", "T=100,010,001.01", "R=壹亿零壹万零壹元零壹分", "DF=无", "C1=☑",
          "C2=×", "N=2", "S=a < b > c & d \"q\" 'a'", "奖项：先进集体（海港区青少年科技活动中心）",
          "奖项：示范单位（海港区青少年科技活动中心）", "颁发：市科协，市级，海港区青少年科技活动中心",
          "颁发：省科协，省级，海港区青少年科技活动中心", "无国家级奖项", "FLAG-ON", "总结：第一段。",
          "第三段 & <结束>——完"]


def squash(s):
    return "".join(s.split())


def check_common(out, kind, lines):
    text = "\n".join(lines)
    flat = squash(text)  # PDF text extraction spaces CJK and Latin freely
    for e in EXPECT:
        K.check(squash(e) in flat, "%s: %r in the output" % (kind, e))
    for bad in ["{{", "}}", "不应出现", "GONE", "FLAG-OFF", "undefined"]:
        K.check(bad not in text, "%s: %r not in the output" % (kind, bad))
    K.check("页眉海港区青少年科技活动中心" in flat, kind + ": header filled")
    K.check("页脚二〇二一年十一月二十五日" in flat, kind + ": footer filled")


def main():
    tpl = K.path("t.docx")
    make_template(tpl)
    os.makedirs(K.path("img"))
    with open(K.path("img/photo.png"), "wb") as f:
        f.write(png(40, 20))
    data = K.write("data.xml", DATA)
    out = K.path("out.docx")
    rc, msg = K.run_fill(tpl, data, out)
    K.check(rc == 0, "fill exits 0: " + msg)
    if rc != 0:
        K.finish()
    doc = docx.Document(out)
    lines = K.docx_text(out)
    check_common(out, "docx", lines)
    paras = [p.text for p in doc.paragraphs]
    i, j = paras.index("BEFORE-LOOP"), paras.index("AFTER-LOOP")
    K.check(j - i == 3, "paragraph loop leaves exactly its two items, no empty paragraphs: %r" % paras[i:j + 1])
    K.check("第二段\n第二行。" in paras, "single newline is a line break, blank line a paragraph")
    styled = [p for p in doc.paragraphs if p.text.startswith(("总结：", "第二段", "第三段"))]
    K.check(len(styled) == 3 and all(p.style.name == "Quote" for p in styled),
            "extra paragraphs keep the template paragraph's style")
    first = doc.paragraphs[0]
    K.check([r.bold for r in first.runs if "海港区" in r.text] == [True],
            "the value takes the formatting of the tag's first run")
    tables = doc.tables
    K.check(len(tables) == 3, "the table of an empty list is removed (%d tables)" % len(tables))
    K.check([[c.text for c in r.cells] for r in tables[0].rows][1:] ==
            [["先进集体", "市科协", "2020"], ["示范单位", "省科协", "2021"]], "row loop")
    K.check([[c.text for c in r.cells] for r in tables[1].rows][1:] ==
            [["名称", "先进集体"], ["年份", "2020"], ["名称", "示范单位"], ["年份", "2021"]], "multi-row loop")
    K.check(len(tables) == 3, "three tables stay")
    m = tables[2]
    K.check([[c.text for c in r.cells][1:] for r in m.rows][1:] == [["先进集体", "2020"], ["示范单位", "2021"], ["合计", "2"]],
            "merged-label table: rows repeated")
    K.check(m.cell(1, 0)._tc is m.cell(2, 0)._tc is m.cell(3, 0)._tc and m.cell(1, 0).text == "获奖情况",
            "a label merged over the repeated row spans every copy")
    body = K.part(out, "word/document.xml")
    K.check('w:name="tb_seal_applicant"' in body, "bookmarks are kept")
    K.check(body.count('w14:checked w14:val="1"') == 1 and body.count('w14:checked w14:val="0"') == 1,
            "content-control checkboxes set from data")
    K.check("\u2612" in body, "checked content control shows its checked glyph")
    K.check("tbf" not in body, "no internal markers left")
    with zipfile.ZipFile(out) as z, zipfile.ZipFile(tpl) as zt:
        names = z.namelist()
        K.check("word/media/tb_image1.png" in names, "image added to the package")
        K.check(names[:len(zt.namelist())] == zt.namelist(), "parts keep their original order")
        K.check(z.read("word/styles.xml") == zt.read("word/styles.xml"), "untouched parts are copied unchanged")
        rels = z.read("word/_rels/document.xml.rels").decode()
        K.check("media/tb_image1.png" in rels, "image relationship")
        ext = body.split("<wp:extent ")[1].split("/>")[0] if "<wp:extent " in body else ""
        K.check('cx="1440000"' in ext and 'cy="720000"' in ext, "image fits 40x30 mm keeping 2:1: " + ext)
    out2 = K.path("out2.docx")
    K.run_fill(tpl, data, out2)
    K.check(open(out, "rb").read() == open(out2, "rb").read(), "same input, same bytes")
    check_common(out, "docx/LibreOffice", K.lo_text(out).splitlines())

    # The same template saved by LibreOffice, as ODT and again as DOCX.
    odt_tpl = K.soffice(tpl, "odt")
    K.check(odt_tpl is not None, "LibreOffice makes the ODT template")
    if odt_tpl:
        out_odt = K.path("out.odt")
        rc, msg = K.run_fill(odt_tpl, data, out_odt)
        K.check(rc == 0, "ODT fill exits 0: " + msg)
        check_common(out_odt, "odt", K.lo_text(out_odt).splitlines())
        lines = K.lo_text(out_odt, "txt").splitlines()
        i, j = lines.index("BEFORE-LOOP"), lines.index("AFTER-LOOP")
        K.check(j - i == 3, "ODT: paragraph loop leaves no empty paragraphs: %r" % lines[i:j + 1])
        with zipfile.ZipFile(out_odt) as z:
            info = z.infolist()[0]
            K.check(info.filename == "mimetype" and info.compress_type == zipfile.ZIP_STORED,
                    "ODT: mimetype first and stored")
            K.check(any(n.startswith("Pictures/tb_image") for n in z.namelist()), "ODT: image added")
            K.check("Pictures/tb_image1.png" in z.read("META-INF/manifest.xml").decode(), "ODT: manifest")
        lo_docx_dir = K.path("lo")
        os.makedirs(lo_docx_dir)
        lo_docx = K.soffice(odt_tpl, "docx:MS Word 2007 XML", lo_docx_dir)
        K.check(lo_docx is not None, "LibreOffice saves the DOCX template")
        if lo_docx:
            out3 = K.path("out-lo.docx")
            rc, msg = K.run_fill(lo_docx, data, out3)
            K.check(rc == 0, "LibreOffice-saved DOCX fills: " + msg)
            if rc == 0:
                check_common(out3, "lo-docx", K.docx_text(out3))
    K.finish()


main()
