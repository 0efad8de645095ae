#!/usr/bin/python3
"""make_corpus.py: small valid and broken DOCX/ODT packages for fuzz/corpus/docread/ (run
from the repository root; the files are committed)."""
import io
import os
import zipfile

OUT = os.path.join("fuzz", "corpus", "docread")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def docx(body, styles=None, extra=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body))
        if styles:
            z.writestr("word/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><w:styles %s>%s</w:styles>' % (W, styles))
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return b.getvalue()


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def odt(text, auto=""):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:automatic-styles>%s</office:automatic-styles><office:body><office:text>%s</office:text></office:body></office:document-content>' % (ODT_NS, auto, text))
    return b.getvalue()


P = '<w:p><w:pPr><w:jc w:val="both"/><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="24"/></w:rPr><w:t>申报单位（公章）：Latin 2024年5月1日</w:t></w:r></w:p>'
TBL = ('<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:insideH w:val="single"/></w:tblBorders></w:tblPr>'
       '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>'
       '<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>%s</w:tc></w:tr>'
       '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>%s</w:tc><w:tc>%s</w:tc></w:tr>'
       '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:bookmarkStart w:id="1" w:name="tb_seal_x"/><w:r><w:t>章</w:t></w:r></w:p></w:tc></w:tr></w:tbl>') % (P, P, P)
FOOT = '<w:p><w:r><w:t>第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
STY = ('<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>'
       '<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/><w:rPr><w:b/></w:rPr></w:style>'
       '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>')

files = {
    "docx_para.docx": docx(P * 3),
    "docx_table.docx": docx(TBL + P),
    "docx_styles_loop.docx": docx('<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>环</w:t></w:r></w:p>', STY),
    "docx_footer.docx": docx(P + '<w:sectPr><w:footerReference w:type="default" r:id="rId1"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>', None, {
        "word/_rels/document.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="footer1.xml" Type="footer"/></Relationships>',
        "word/footer1.xml": '<?xml version="1.0"?><w:ftr %s>%s</w:ftr>' % (W, FOOT)}),
    "docx_breaks.docx": docx('<w:p><w:r><w:t>一</w:t><w:br w:type="page"/><w:t>二</w:t><w:br/><w:tab/><w:sym w:char="F0FE"/></w:r></w:p>' * 2),
    "docx_bad_span.docx": docx('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'),
    "docx_tiny_page.docx": docx(P + '<w:sectPr><w:pgSz w:w="10" w:h="10"/><w:pgMar w:top="999999" w:left="-5"/></w:sectPr>'),
    "docx_bad_xml.docx": docx('<w:p><w:r><w:t>未闭合'),
    "odt_para.odt": odt('<text:p text:style-name="P1">申报单位<text:s text:c="3"/>（公章）<text:tab/><text:line-break/>第<text:page-number/>页</text:p>',
                        '<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="2cm"/><style:text-properties fo:font-size="12pt"/></style:style>'),
    "odt_table.odt": odt('<table:table><table:table-column table:number-columns-repeated="3"/><table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>甲</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-rows-spanned="2"><text:p><text:bookmark text:name="tb_seal_y"/>章</text:p></table:table-cell></table:table-row></table:table-header-rows><table:table-row><table:table-cell><text:p>乙</text:p></table:table-cell><table:table-cell/><table:covered-table-cell/></table:table-row></table:table>'),
    "odt_bad_repeat.odt": odt('<table:table><table:table-column table:number-columns-repeated="999999999"/><table:table-row table:number-rows-repeated="99999999"><table:table-cell table:number-columns-repeated="9999999"/></table:table-row></table:table>'),
}
os.makedirs(OUT, exist_ok=True)
for name, data in files.items():
    open(os.path.join(OUT, name), "wb").write(data)
# Broken containers.
open(os.path.join(OUT, "truncated.docx"), "wb").write(files["docx_table.docx"][:300])
open(os.path.join(OUT, "empty.bin"), "wb").write(b"")
open(os.path.join(OUT, "not_zip.txt"), "wb").write(b"PK\x03\x04 not really a zip")
print("corpus written to", OUT)
