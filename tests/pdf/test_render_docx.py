#!/usr/bin/python3
"""test_render_docx.py: `tianbiao render` end to end on a form made with python-docx (and its
ODT twin made by LibreOffice): qpdf, pdffonts, pdftotext (exact text incl. an Extension B
character), pdfinfo, pdfsig (fields listed, then signed and verified), same bytes twice,
--trace, --pdfa with PDFBox Preflight, --font-map."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import docx  # noqa: F401  (Debian's python3-docx)
except ImportError:
    # A python3 earlier on PATH (pyenv, venv) may lack the distribution's packages.
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TB = os.environ["TB"]
J = "/usr/share/java"
PREFLIGHT = ":".join(f"{J}/{j}" for j in ("preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar",
                                          "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar"))
failures = []
TITLE = "登记表 & <测试>"  # escaped in XMP, UTF-16 in Info


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def ea(run_, name):
    rpr = run_._element.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsia"), name)
    rpr.insert(0, fonts)


def bookmark(par, name):
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(abs(hash(name)) % 1000))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    par._p.insert(0, start)
    par._p.append(end)


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000040802000000269309290000001049444154"
    "78da633821270747 0cc47100b1631041d34acc0d0000000049454e44ae426082".replace(" ", ""))


def make_jpeg(work):
    """A real JPEG without an image library: PDFBox renders a one-page PDF to JPEG."""
    from_pdf = os.path.join(work, "for-jpeg.pdf")
    with open(from_pdf, "wb") as f:
        f.write(b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]/Contents 4 0 R>>endobj\n"
                b"4 0 obj<</Length 29>>stream\n0 0 1 rg 10 10 52 52 re f\nendstream endobj\n"
                b"trailer<</Root 1 0 R>>\n")
    cp = ":".join(f"{J}/{j}" for j in ("pdfbox2-tools.jar", "pdfbox2.jar", "fontbox2.jar", "commons-logging.jar"))
    subprocess.run(["java", "-cp", cp, "org.apache.pdfbox.tools.PDFToImage", "-imageType", "jpg", "-dpi", "36",
                    "-outputPrefix", os.path.join(work, "pic"), from_pdf], capture_output=True)
    return os.path.join(work, "pic1.jpg")


def make_form(path, jpeg=None, png=None):
    doc = Document()
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.top_margin = s.bottom_margin = Cm(2.54)
        s.left_margin = s.right_margin = Cm(3.17)
    t = doc.add_paragraph()
    r = t.add_run("个人信息登记表")
    r.bold = True
    r.font.size = Pt(18)
    ea(r, "黑体")
    for line in ("姓名：张𡈼　Name: Zhang Ji", "出生日期：1990年1月1日",
                 "联系电话：010-12345678", "本人承诺以上信息真实、准确、完整。"):
        r = doc.add_paragraph().add_run(line)
        r.font.name = "Times New Roman"
        ea(r, "宋体")
    r = doc.add_paragraph().add_run("正文仿宋三号")
    r.font.size = Pt(16)
    ea(r, "仿宋_GB2312")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for i, (name, label) in enumerate((("applicant", "申报单位（公章）"), ("recommender", "推荐单位（公章）"))):
        cell = table.cell(0, i)
        cell.paragraphs[0].add_run(label)
        for _ in range(5):
            cell.add_paragraph("")
        bookmark(cell.paragraphs[0], "tb_seal_" + name)
    if jpeg and os.path.exists(jpeg):
        doc.add_paragraph().add_run().add_picture(jpeg, width=Cm(2))
    if png:
        doc.add_paragraph().add_run().add_picture(png, width=Cm(2))
    doc.core_properties.title = "登记表"
    doc.core_properties.author = "测试"
    doc.save(path)


def normalise(s):
    return re.sub(r"\s+", "", s)


def check_pdf(pdf, label, pdfa=False):
    r = run("qpdf", "--check", pdf)
    check(r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout, f"{label}: qpdf --check")
    r = run("pdffonts", pdf)
    check(r.stderr == "", f"{label}: pdffonts stderr {r.stderr!r}")
    rows = r.stdout.splitlines()[2:]
    check(len(rows) >= 2, f"{label}: fonts {rows}")
    for row in rows:
        check(re.match(r"^[A-Z]{6}\+\S+ +CID (Type 0C|TrueType) +Identity-H +yes +yes +yes ", row), f"{label}: font row {row}")
    r = run("pdftotext", pdf, "-")
    check(r.stderr == "", f"{label}: pdftotext stderr {r.stderr!r}")
    text = normalise(r.stdout)
    for want in ("个人信息登记表", "姓名：张𡈼NameZhangJi", "出生日期：1990年1月1日", "联系电话：010-12345678",
                 "本人承诺以上信息真实、准确、完整。", "正文仿宋三号", "申报单位（公章）", "推荐单位（公章）"):
        check(normalise(want).replace(":", "") in text.replace(":", ""), f"{label}: text {want!r} in {r.stdout!r}")
    r = run(sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_notdef.py"), pdf)
    check(r.returncode == 0, f"{label}: .notdef drawn: {r.stdout} {r.stderr}")
    r = run("pdfinfo", pdf)
    check("A4" in r.stdout and re.search(r"Form: +AcroForm", r.stdout), f"{label}: pdfinfo {r.stdout}")
    check(re.search(r"Title: +登记表 & <测试>", r.stdout), f"{label}: title from --title")
    check(bool(re.search(r"PDF version: +1\.4", r.stdout)) == pdfa, f"{label}: version")
    r = run("pdfsig", pdf)
    for name in ("applicant", "recommender"):
        check(f"Signature Field Name: {name}" in r.stdout, f"{label}: field {name}")
    check(r.stdout.count("The signature form field is not signed.") == 2, f"{label}: two empty fields")
    if pdfa:
        r = run("java", "-cp", PREFLIGHT, "org.apache.pdfbox.preflight.Validator_A1b", pdf)
        check(r.returncode == 0 and "is a valid PDF/A-1b file" in r.stdout, f"{label}: Preflight {r.stdout}")


def sign_all(pdf, work):
    db = os.path.join(work, "nssdb")
    os.mkdir(db)
    for cmd in (["certutil", "-N", "-d", "sql:" + db, "--empty-password"],
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "3650",
                 "-subj", "/CN=Test Signer/O=Example/C=CN", "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"],
                ["openssl", "pkcs12", "-export", "-inkey", f"{work}/key.pem", "-in", f"{work}/cert.pem",
                 "-name", "signer", "-passout", "pass:test", "-out", f"{work}/s.p12"],
                ["pk12util", "-i", f"{work}/s.p12", "-d", "sql:" + db, "-W", "test"],
                ["certutil", "-M", "-d", "sql:" + db, "-n", "signer", "-t", "CT,C,C"]):
        subprocess.run(cmd, check=True, capture_output=True)
    cur = pdf
    for i, name in enumerate(("applicant", "recommender")):
        out = os.path.join(work, f"signed{i}.pdf")
        run("pdfsig", "-nssdir", "sql:" + db, "-sign", name, "-nick", "signer", cur, out)
        cur = out
    r = run("pdfsig", "-nssdir", "sql:" + db, cur)
    check(r.stdout.count("Signature Validation: Signature is Valid.") == 2, f"signed: valid {r.stdout}")
    check("Total document signed" in r.stdout, "signed: total document")
    check(r.stdout.count("Certificate Validation: Certificate is Trusted.") == 2, "signed: trusted")


def main():
    work = tempfile.mkdtemp()
    try:
        docx = os.path.join(work, "form.docx")
        png = os.path.join(work, "pic.png")
        with open(png, "wb") as f:
            f.write(TINY_PNG)
        jpeg = make_jpeg(work)
        check(os.path.exists(jpeg), "PDFBox made a JPEG")
        make_form(docx, jpeg, png)
        a, b = os.path.join(work, "a.pdf"), os.path.join(work, "b.pdf")
        trace = os.path.join(work, "a.trace")
        r = run(TB, "render", docx, "-o", a, "--trace", trace, "--title", TITLE)
        check(r.returncode == 0, f"render: {r.stderr}")
        # 仿宋_GB2312 is drawn with a FangSong (FandolFang): nothing is substituted
        check("font.substituted" not in r.stderr, f"render warnings: {r.stderr}")
        check("FandolFang" in run("pdffonts", a).stdout, "仿宋_GB2312 drawn with FandolFang")
        check("font.missing-glyph" not in r.stderr, "no missing glyph")
        check(os.path.exists(trace) and "seal" in open(trace, encoding="utf-8").read(), "trace written")
        check_pdf(a, "docx")
        imgs = run("pdfimages", "-list", a).stdout.splitlines()[2:]
        encs = sorted(l.split()[8] for l in imgs if l.split()[2] == "image")
        check(encs == ["image", "jpeg"], f"images embedded (PNG as flate, JPEG as DCT): {imgs}")
        r = run(TB, "render", docx, "-o", b, "--title", TITLE)
        check(open(a, "rb").read() == open(b, "rb").read(), "same input, same bytes")
        sign_all(a, work)

        p = os.path.join(work, "p.pdf")
        r = run(TB, "render", docx, "-o", p, "--pdfa", "--title", TITLE)
        check(r.returncode == 0, f"render --pdfa: {r.stderr}")
        check_pdf(p, "docx --pdfa", pdfa=True)

        # ODT: LibreOffice converts the same form; tianbiao renders it the same way.
        odt_dir = os.path.join(work, "odt")
        r = run("soffice", "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to", "odt",
                "--outdir", odt_dir, docx, timeout=180)
        odt = os.path.join(odt_dir, "form.odt")
        check(os.path.exists(odt), f"LibreOffice made no ODT: {r.stderr}")
        if os.path.exists(odt):
            o = os.path.join(work, "o.pdf")
            r = run(TB, "render", odt, "-o", o, "--title", TITLE)
            check(r.returncode == 0, f"render odt: {r.stderr}")
            if r.returncode == 0:
                check_pdf(o, "odt")

        # A font map of one's own: every name drawn with Liberation Sans / WenQuanYi.
        fmap = os.path.join(work, "map.xml")
        with open(fmap, "w", encoding="utf-8") as f:
            f.write("<fontmap><face id='h' class='east-asian' family='WenQuanYi Zen Hei'/>"
                    "<face id='s' class='latin' family='Liberation Sans'/>"
                    "<default class='east-asian' face='h'/><default class='latin' face='s'/>"
                    "<fallback class='east-asian'>h</fallback><fallback class='latin'>s</fallback></fontmap>")
        m = os.path.join(work, "m.pdf")
        # WenQuanYi has no 𡈼 (Extension B): an error, unless missing glyphs are allowed.
        r = run(TB, "render", docx, "-o", m, "--font-map", fmap)
        check(r.returncode == 1 and "error[font.missing-glyph]" in r.stderr and "U+2123C" in r.stderr
              and not os.path.exists(m), f"render --font-map without 𡈼: {r.returncode} {r.stderr}")
        r = run(TB, "render", docx, "-o", m, "--font-map", fmap, "--allow-missing-glyphs")
        check(r.returncode == 0 and "warning[font.missing-glyph]" in r.stderr,
              f"render --font-map --allow-missing-glyphs: {r.stderr}")
        fonts = run("pdffonts", m).stdout
        check("WenQuanYiZenHei" in fonts and "LiberationSans" in fonts and "Fandol" not in fonts,
              f"--font-map faces: {fonts}")
        r = run(TB, "render", os.path.join(work, "missing.docx"), "-o", m)
        check(r.returncode != 0, "missing input fails")

        # Fonts the document embeds (an obfuscated .odttf, a plain .ttf, a damaged one): the
        # PDF embeds subsets of the document's own faces; the damaged one is a warning and
        # its text takes the map's face.
        fix = os.path.join(os.environ.get("TB_SRC", "."), "tests", "layout", "fixtures",
                           "metrics_embedded_font.docx")
        e = os.path.join(work, "e.pdf")
        r = run(TB, "render", fix, "-o", e)
        check(r.returncode == 0, f"render embedded fonts: {r.stderr}")
        check(r.stderr.count("warning[font.embedded]") == 1 and "Tianbiao Damaged" in r.stderr,
              f"damaged embedded font warned once: {r.stderr}")
        fonts = run("pdffonts", e).stdout
        for face in ("TianbiaoTestMono-Regular", "TianbiaoTestMono-Bold", "LiberationSans"):
            check(re.search(r"\+%s\s.*\byes\s+yes\s+yes" % face, fonts) is not None,
                  f"{face} embedded as a subset: {fonts}")
        r = run("qpdf", "--check", e)
        check(r.returncode == 0, f"embedded fonts: qpdf --check {r.stdout}")
        text = normalise(run("pdftotext", e, "-").stdout)
        check("Embeddedbold:thequickbrownfox" in text and "Mixed中文text" in text,
              f"embedded fonts: text {text!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(1)
    print("ok: render DOCX/ODT end to end")


main()
