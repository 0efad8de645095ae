"""fillkit.py: helpers shared by the fill tests: a python3 that has python-docx, running the
CLI, LibreOffice conversions and reading results back."""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile


def ensure_docx():
    """Re-run this script under a python3 that has python-docx (Debian's python3-docx)."""
    try:
        import docx  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("TB_FILL_REEXEC"):
        sys.exit("python-docx is not installed (apt install python3-docx)")
    path = os.pathsep.join(["/usr/bin", os.environ.get("PATH", "")])
    for cand in ("python3", "python3.11", "python3.12", "python3.13"):
        exe = shutil.which(cand, path=path)
        if exe and os.path.realpath(exe) != os.path.realpath(sys.executable):
            env = dict(os.environ, TB_FILL_REEXEC="1")
            os.execve(exe, [exe] + sys.argv, env)
    sys.exit("python-docx is not installed (apt install python3-docx)")


TB = os.environ.get("TB", "tianbiao")
SRC = os.environ.get("TB_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = tempfile.mkdtemp(prefix="tb-fill-")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def path(name):
    return os.path.join(WORK, name)


def run_fill(template, data, out, *opts):
    p = subprocess.run([TB, "fill", template, data, "-o", out] + list(opts),
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def write(name, text):
    with open(path(name), "w", encoding="utf-8") as f:
        f.write(text)
    return path(name)


def soffice(src, fmt, outdir=None):
    """Convert with LibreOffice; returns the output path (or None)."""
    outdir = outdir or os.path.dirname(src)
    base = os.path.splitext(os.path.basename(src))[0]
    ext = fmt.split(":")[0]
    out = os.path.join(outdir, base + "." + ext)
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, HOME=os.path.join(WORK, "lohome"))
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", fmt, "--outdir", outdir, src],
                   capture_output=True, timeout=240, env=env)
    return out if os.path.exists(out) else None


def lo_text(src, fmt="pdf"):
    """Text of a document as LibreOffice renders it: PDF (headers and footers included) read
    back with pdftotext, or LibreOffice's own text export (fmt="txt")."""
    d = tempfile.mkdtemp(dir=WORK)
    out = soffice(src, "pdf" if fmt == "pdf" else "txt:Text", d)
    check(out is not None, "LibreOffice converts %s" % os.path.basename(src))
    if not out:
        return ""
    if fmt == "pdf":
        p = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True)
        check(p.returncode == 0, "pdftotext reads the PDF of %s" % os.path.basename(src))
        return p.stdout
    with open(out, encoding="utf-8-sig") as f:
        return f.read()


def docx_text(p):
    import docx
    d = docx.Document(p)
    lines = [x.text for x in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            lines.append(" | ".join(c.text for c in r.cells))
    for s in d.sections:
        lines += [x.text for x in s.header.paragraphs] + [x.text for x in s.footer.paragraphs]
    return lines


def part(p, name):
    with zipfile.ZipFile(p) as z:
        return z.read(name).decode("utf-8")


def finish():
    shutil.rmtree(WORK, ignore_errors=True)
    if failures:
        print("%d checks failed" % len(failures))
        sys.exit(1)
    print("all checks passed")
