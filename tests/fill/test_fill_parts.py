"""test_fill_parts.py: tags in a text box, a footnote and a comment (DOCX), ODF form checkboxes and
control characters: the output is well-formed and opens in python-docx and LibreOffice."""
import os
import re
import shutil
import sys
import zipfile
from xml.dom import minidom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit as K  # noqa: E402

K.ensure_docx()
import docx  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402

DATA = """<d><name>文本框&amp;脚注</name><note>脚注内容 &lt;1&gt;</note><yes>true</yes><no>false</no>
<ctl>a\x0bb\x0cc</ctl></d>""".replace("\x0b", "").replace("\x0c", "")

TEXTBOX = ('<w:r %s xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="tb1" style="width:200pt;height:40pt">'
           '<v:textbox><w:txbxContent><w:p><w:r><w:t>框内：{{name}}</w:t></w:r></w:p></w:txbxContent>'
           '</v:textbox></v:shape></w:pict></w:r>')


def add_footnote(src, dst):
    """python-docx cannot write footnotes: add word/footnotes.xml by hand."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    foot = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="%s">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">注：{{no</w:t></w:r><w:r><w:t>te}}</w:t></w:r></w:p></w:footnote>'
            '</w:footnotes>' % W)
    comments = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="%s">'
                '<w:comment w:id="0" w:author="审核"><w:p><w:r><w:t>批注：{{name}}</w:t></w:r></w:p></w:comment>'
                '</w:comments>' % W)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                                    b'<Override PartName="/word/comments.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFoot1" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                    b'<Relationship Id="rIdCom1" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                                    b"</Relationships>")
            elif item.filename == "word/document.xml":
                data = data.replace(b"FOOTNOTE-HERE</w:t></w:r>",
                                    b'FOOTNOTE-HERE</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>')
            zout.writestr(item, data)
        zout.writestr("word/footnotes.xml", foot)
        zout.writestr("word/comments.xml", comments)


def docx_parts():
    d = docx.Document()
    p = d.add_paragraph("正文 {{name}} ")
    p._p.append(parse_xml(TEXTBOX % nsdecls("w")))
    d.add_paragraph("FOOTNOTE-HERE")
    d.add_paragraph("控制字符：{{ctl}}")
    tmp = K.path("parts0.docx")
    d.save(tmp)
    tpl = K.path("parts.docx")
    add_footnote(tmp, tpl)
    data = K.write("parts.xml", DATA.replace("<ctl>a", "<ctl>a&#9;"))
    out = K.path("parts-out.docx")
    rc, msg = K.run_fill(tpl, data, out)
    K.check(rc == 0, "text box and footnote template fills: " + msg)
    if rc:
        return
    body, foot = [re.sub(r"<[^>]+>", "", K.part(out, n)) for n in ("word/document.xml", "word/footnotes.xml")]
    K.check("框内：文本框&amp;脚注" in body, "tag in a text box filled")
    K.check("注：脚注内容 &lt;1&gt;" in foot, "split tag in a footnote filled")
    com = re.sub(r"<[^>]+>", "", K.part(out, "word/comments.xml"))
    K.check("批注：文本框&amp;脚注" in com, "tag in a comment filled: %r" % com)
    for name in ("word/document.xml", "word/footnotes.xml", "word/comments.xml"):
        minidom.parseString(K.part(out, name).encode())  # raises if not well-formed
    docx.Document(out)
    text = "".join(K.lo_text(out).split())
    K.check("正文文本框&脚注" in text and "脚注内容<1>" in text, "LibreOffice shows body and footnote values")


def odt_form():
    d = docx.Document()
    d.add_paragraph("表单：{{name}}")
    src = K.path("form.docx")
    d.save(src)
    odt = K.soffice(src, "odt")
    K.check(odt is not None, "LibreOffice makes an ODT")
    if not odt:
        return
    tpl = K.path("form-tpl.odt")
    with zipfile.ZipFile(odt) as zin, zipfile.ZipFile(tpl, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":
                s = data.decode()
                forms = ('<office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="F">'
                         '<form:checkbox form:name="{{yes}}" form:id="c1" form:current-state="unchecked"/>'
                         '<form:checkbox form:name="Check Box 2" form:title="no" form:id="c2" form:current-state="checked"/>'
                         '<form:checkbox form:name="Check Box 3" form:id="c3" form:current-state="checked"/>'
                         '</form:form></office:forms>')
                if "xmlns:form=" not in s:
                    s = s.replace("<office:document-content ", '<office:document-content xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" ', 1)
                s = re.sub(r"<office:text([^>]*)>", lambda m: "<office:text%s>%s" % (m.group(1), forms), s, count=1)
                data = s.encode()
            zout.writestr(item, data, compress_type=item.compress_type)
    out = K.path("form-out.odt")
    rc, msg = K.run_fill(tpl, K.write("form.xml", DATA), out)
    K.check(rc == 0, "ODT with form checkboxes fills: " + msg)
    if rc:
        return
    content = K.part(out, "content.xml")
    boxes = {re.search(r'form:id="(c\d)"', b).group(1): re.search(r'form:current-state="(\w+)"', b).group(1)
             for b in re.findall(r"<form:checkbox[^>]*>", content)}
    K.check(boxes == {"c1": "checked", "c2": "unchecked", "c3": "checked"},
            "form checkboxes follow the data; default-named ones are left alone: %r" % boxes)
    K.check("表单：文本框&amp;脚注" in re.sub(r"<[^>]+>", "", content), "ODT text filled next to a form")


docx_parts()
odt_form()
K.finish()
