#!/usr/bin/env python3
"""Every shipped qhd-2021 template filled with every sample, checked by other programs:
python-docx opens the DOCX; LibreOffice converts DOCX and ODT without complaint and its text
holds every form field's value (fields and their evidence paths come from program.xml);
tianbiao's own PDF passes qpdf, pdffonts (every font embedded, subset, with a Unicode map)
and pdftotext (no warnings); and every seal field is signed with poppler's pdfsig using a
throw-away certificate, and the signature verifies."""
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import docx

TB = os.environ["TB"]
SRC = os.environ["TB_SRC"]
PROG = os.path.join(SRC, "templates", "programs", "qhd-2021")
failed = passed = 0


def check(cond, what):
    global failed, passed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def squash(s):
    return re.sub(r"\s+", "", s)


def field_values(evidence):
    """The text of every form field of program.xml, as the evidence gives it."""
    prog = ET.parse(os.path.join(PROG, "program.xml")).getroot()
    ev = ET.parse(evidence).getroot()
    values = []
    for f in prog.iter("field"):
        path = f.get("path")
        if "/@" in path:
            el, attr = path.rsplit("/@", 1)
            node = ev.find(el)
            if node is not None and node.get(attr):
                values.append(node.get(attr))
            continue
        if path == "date" or path == "service-targets/target":
            continue  # formatted (年月日) or shown as check boxes
        for node in ev.findall(path):
            paras = node.findall(".//p")
            if path == "attachments/attachment":
                values.append(node.findtext("title").strip())
            elif path == "awards/award":
                values.append(node.findtext("title").strip())
            elif paras:
                # Long texts: the start of every paragraph.
                values += [squash(p.text or "")[:12] for p in paras if (p.text or "").strip()]
            elif (node.text or "").strip():
                values.append(node.text.strip())
    return [v for v in values if v]


def lo_convert(files, fmt, outdir):
    p = run("soffice", "--headless", "-env:UserInstallation=file://" + outdir + "/profile",
            "--convert-to", fmt, "--outdir", outdir, *files, timeout=600)
    return p


def main():
    tmp = tempfile.mkdtemp(prefix="tb-samples-")
    samples = sorted(glob.glob(os.path.join(SRC, "samples", "qhd-*", "evidence.xml")))
    check(len(samples) >= 3, "at least three qhd-2021 samples")
    filled = []
    for ev in samples:
        name = os.path.basename(os.path.dirname(ev))
        for ext in ("docx", "odt"):
            out = os.path.join(tmp, "%s-form.%s" % (name, ext))
            p = run(TB, "fill", os.path.join(PROG, "application-form." + ext), ev, "-o", out)
            check(p.returncode == 0, "%s: fill %s: %s" % (name, ext, p.stderr[-300:]))
            filled.append((name, ev, out))
        rep = os.path.join(tmp, "%s-report.docx" % name)
        p = run(TB, "report", ev, "-o", rep)
        check(p.returncode == 0, "%s: report: %s" % (name, p.stderr[-300:]))
        for path in (os.path.join(tmp, "%s-form.docx" % name), rep):
            try:
                docx.Document(path)
                check(True, "")
            except Exception as e:  # noqa: BLE001
                check(False, "python-docx opens %s: %s" % (path, e))

    # LibreOffice: every filled form and report converts; the form's text has every value.
    lo_dir = os.path.join(tmp, "lo")
    os.makedirs(lo_dir)
    docs = [f for _, _, f in filled] + glob.glob(os.path.join(tmp, "*-report.docx"))
    p = lo_convert(docs, "txt:Text", lo_dir)
    check(p.returncode == 0, "LibreOffice converts to text: " + p.stderr[-300:])
    p = lo_convert(docs, "pdf", lo_dir)
    check(p.returncode == 0, "LibreOffice converts to PDF: " + p.stderr[-300:])
    for d in docs:
        base = os.path.splitext(os.path.basename(d))[0]
        check(os.path.getsize(os.path.join(lo_dir, base + ".pdf")) > 1000, "LibreOffice PDF of " + base)
    for name, ev, out in filled:
        base = os.path.splitext(os.path.basename(out))[0]
        with open(os.path.join(lo_dir, base + ".txt"), encoding="utf-8-sig") as f:
            text = squash(f.read())
        missing = [v for v in field_values(ev) if squash(v) not in text]
        check(not missing, "%s: values missing from LibreOffice's text: %s" % (out, missing[:5]))
        check("{{" not in text, "%s: a tag left unfilled" % out)

    # tianbiao's own PDFs of every template (forms, reports, and the office summary sheets of
    # a batch), checked and signed.
    nss = os.path.join(tmp, "nss")
    os.makedirs(nss)
    for cmd in (["certutil", "-N", "-d", "sql:" + nss, "--empty-password"],
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "30",
                 "-subj", "/CN=Test Signer/O=tianbiao tests/C=CN", "-keyout", tmp + "/key.pem",
                 "-out", tmp + "/cert.pem"],
                ["openssl", "pkcs12", "-export", "-inkey", tmp + "/key.pem", "-in", tmp + "/cert.pem",
                 "-name", "signer", "-passout", "pass:test", "-out", tmp + "/signer.p12"],
                ["pk12util", "-i", tmp + "/signer.p12", "-d", "sql:" + nss, "-W", "test"],
                ["certutil", "-M", "-d", "sql:" + nss, "-n", "signer", "-t", "CT,C,C"]):
        p = run(*cmd)
        check(p.returncode == 0, "signing set-up: %s: %s" % (cmd[0], p.stderr[-200:]))
    pdfs = []
    for name, ev, out in filled:
        pdf = out + ".pdf"
        p = run(TB, "render", out, "-o", pdf)
        check(p.returncode == 0, "render %s: %s" % (out, p.stderr[-300:]))
        pdfs.append(pdf)
    for ev in samples:
        name = os.path.basename(os.path.dirname(ev))
        pdf = os.path.join(tmp, "%s-report.pdf" % name)
        p = run(TB, "report", ev, "-o", pdf)
        check(p.returncode == 0, "report pdf %s" % name)
        pdfs.append(pdf)
    office = os.path.join(tmp, "office")
    os.makedirs(office)
    for ev in samples:
        os.symlink(os.path.dirname(ev), os.path.join(office, os.path.basename(os.path.dirname(ev))))
    p = run(TB, "batch", office, "-o", os.path.join(tmp, "batch"), "-j", "2")
    check(p.returncode == 0, "batch: " + p.stderr[-300:])
    sheets = sorted(glob.glob(os.path.join(tmp, "batch", "summary", "*.pdf")))
    check(len(sheets) == len(samples), "one summary sheet per recommending body")
    pdfs += sheets

    for pdf in pdfs:
        p = run("qpdf", "--check", pdf)
        check(p.returncode == 0, "qpdf --check %s: %s" % (pdf, p.stdout[-200:]))
        p = run("pdffonts", pdf)
        rows = p.stdout.splitlines()[2:]
        check(p.returncode == 0 and not p.stderr and rows, "pdffonts %s: %s" % (pdf, p.stderr[:200]))
        for r in rows:
            cols = r.split()
            check(re.match(r"^[A-Z]{6}\+", cols[0]) and cols[-5:-2] == ["yes", "yes", "yes"],
                  "%s: font not embedded+subset+unicode: %s" % (pdf, r))
        p = run("pdftotext", pdf, "-")
        check(p.returncode == 0 and not p.stderr, "pdftotext %s: %s" % (pdf, p.stderr[:200]))
        fields = re.findall(r"Signature Field Name: (\S+)", run("pdfsig", pdf).stdout)
        check(fields, "%s: no seal field" % pdf)
        signed = pdf
        for i, field in enumerate(fields):
            out = "%s.signed%d.pdf" % (pdf, i)
            p = run("pdfsig", "-nssdir", "sql:" + nss, "-sign", field, "-nick", "signer", signed, out)
            check(p.returncode == 0 and os.path.exists(out), "pdfsig -sign %s %s: %s" % (field, pdf, p.stderr[-200:]))
            signed = out
        report = run("pdfsig", "-nssdir", "sql:" + nss, signed).stdout
        check(report.count("Signature Validation: Signature is Valid.") == len(fields),
              "%s: %d fields, signatures valid: %s" % (pdf, len(fields), report[-400:]))
        check("Total document signed" in report, "%s: last signature covers the document" % pdf)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
