"""tianbiao serve, over HTTP: previews come from the cache while the evidence is unchanged
and are made again when it changes; a fresh form counts what is still to fill in instead of
marking every field (marks after the first save, or when asked); the office takes in
applicants' submission packages (verified, unpacked as applicant folders that the list, the
ranking and the batch use; tampered packages and other ZIPs refused; a newer package of the
same applicant replaces the older); the ranking as PDF, filled and rendered by the library
with its CJK fonts embedded (a PNG of page 1 is left in serve-shots/ranking.png to look at)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_util import SRC, TB, Client, Server  # noqa: E402

fails = []
SHOTS = os.path.join(os.getcwd(), "serve-shots")


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def stop(srv):
    rc, err = srv.stop()
    check(rc == 0, "server stops cleanly (exit %s)" % rc)
    if "AddressSanitizer" in err or "runtime error" in err or "LeakSanitizer" in err:
        fails.append("sanitizer report")
        print(err[-4000:])


tmp = tempfile.mkdtemp(prefix="tb-serve-office-")

# ---- previews and the first view of a form ---------------------------------------------
srv = Server(os.path.join(tmp, "data1"))
try:
    a = Client(srv.url)
    app, _ = a.new_applicant()
    st, h, p1 = a.get("/a/%s/form.pdf" % app)
    check(st == 200 and p1[:5] == b"%PDF-" and h.get("X-Tianbiao-Preview") == "made",
          "first preview is made (%s, %s)" % (st, h.get("X-Tianbiao-Preview")))
    st, h, p2 = a.get("/a/%s/form.pdf" % app)
    check(st == 200 and h.get("X-Tianbiao-Preview") == "cached" and p2 == p1,
          "the same evidence: the same PDF, from the cache (%s)" % h.get("X-Tianbiao-Preview"))
    st, h, r1 = a.get("/a/%s/report.pdf" % app)
    check(st == 200 and r1[:5] == b"%PDF-" and h.get("X-Tianbiao-Preview") == "made",
          "the report is cached apart from the form (%s)" % h.get("X-Tianbiao-Preview"))
    st, _, _ = a.post("/a/%s/save" % app, {"f:applicant/name": "缓存测试学校"})
    check(st == 303, "save (%d)" % st)
    st, h, p3 = a.get("/a/%s/form.pdf" % app)
    check(st == 200 and h.get("X-Tianbiao-Preview") == "made" and p3 != p1,
          "changed evidence: made again, and different (%s)" % h.get("X-Tianbiao-Preview"))
    check("缓存测试学校".encode("utf-16-be") in p3 or b"%PDF-" == p3[:5], "preview of the new evidence")
    a.post("/a/%s/save" % app, {"f:applicant/name": "缓存测试学校"})
    st, h, p4 = a.get("/a/%s/form.pdf" % app)
    check(h.get("X-Tianbiao-Preview") == "cached" and p4 == p3,
          "saving the same values again keeps the cached preview (%s)" % h.get("X-Tianbiao-Preview"))
    st, h, r2 = a.get("/a/%s/report.pdf" % app)
    check(h.get("X-Tianbiao-Preview") == "made", "the report of the changed evidence is made again")
    cache = os.path.join(srv.data, ".serve", "previews", app)
    names = sorted(os.listdir(cache))
    check(len(names) == 2 and names[0].startswith("form-") and names[1].startswith("report-"),
          "one cached preview per kind is kept: %s" % names)

    b = Client(srv.url)
    fresh, _ = b.new_applicant()
    st, _, body = b.get("/a/%s/" % fresh)
    text = body.decode()
    m = re.search(r'id="to-fill">([^<]*)', text)
    nums = [int(x) for x in re.findall(r"\d+", m.group(1))] if m else []
    check(nums == [34, 72], "a fresh qhd form counts 34 fields and 72 items to fill in (%s)" % nums)
    check("has-error" not in text and "field-diags" not in text,
          "and marks none of them (%d marked fields)" % text.count("has-error"))
    check('class="bad"' not in text, "no red problem count on a fresh form")
    st, _, body = b.get("/a/%s/?check=1" % fresh)
    check(body.count(b"has-error") >= 34 and b'id="to-fill"' not in body,
          "?check=1 marks them all (%d)" % body.count(b"has-error"))
    b.get("/a/%s/" % fresh)
    b.post("/a/%s/save" % fresh, {"f:applicant/name": "第一次保存"})
    st, _, body = b.get("/a/%s/?saved=1" % fresh)
    check(body.count(b"has-error") >= 33 and b'id="to-fill"' not in body,
          "after the first save every empty field is marked (%d)" % body.count(b"has-error"))
    # a real mistake is shown at once, even on a form never saved
    c = Client(srv.url)
    third, _ = c.new_applicant()
    ev = os.path.join(srv.data, "applicants", third, "evidence.xml")
    with open(ev, encoding="utf-8") as f:
        x = f.read()
    x2 = re.sub(r'(<item indicator="1\.1\.1"[^>]*points=")[^"]*"', r'\g<1>9"', x, count=1)
    if x2 == x:
        x2 = x.replace('<item indicator="1.1.1"', '<item indicator="1.1.1" points="9"', 1)
    with open(ev, "w", encoding="utf-8") as f:
        f.write(x2)
    st, _, body = c.get("/a/%s/" % third)
    m = re.search(rb'id="to-fill">([^<]*)', body)
    nums = [int(x) for x in re.findall(rb"\d+", m.group(1))] if m else []
    check(b'id="item-1-1-1"' in body and re.search(rb'class="item has-error" id="item-1-1-1"', body) is not None,
          "points over the weight are marked before any save")
    check(nums == [34, 71], "and that item is not counted as still to fill in (%s)" % nums)
finally:
    stop(srv)

# ---- the office takes in packages ---------------------------------------------------------
def make_applicant(dst, name=None, points=None):
    shutil.copytree(os.path.join(SRC, "samples", "qhd-haigang-youth"), dst)
    p = os.path.join(dst, "evidence.xml")
    with open(p, encoding="utf-8") as f:
        x = f.read()
    if name:
        x = x.replace("秦皇岛市海港区青少年科技活动中心", name)
    if points is not None:
        x = re.sub(r'(<item indicator="1\.1\.1"[^>]*points=")[^"]*"', r'\g<1>%s"' % points, x, count=1)
    with open(p, "w", encoding="utf-8") as f:
        f.write(x)
    return p


def build(ev, out):
    r = subprocess.run([TB, "build", ev, "-o", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(out, "rb") as f:
        return f.read()


pk = os.path.join(tmp, "packages")
os.makedirs(pk)
zip_a = build(make_applicant(os.path.join(tmp, "A")), os.path.join(pk, "2021-0101.zip"))
zip_b = build(make_applicant(os.path.join(tmp, "B"), name="秦皇岛市海港区第二实验中学", points="1"),
              os.path.join(pk, "2021-0102.zip"))
zip_a2 = build(make_applicant(os.path.join(tmp, "A2"), points="0"), os.path.join(pk, "2021-0101b.zip"))
# tampered: one attachment's bytes changed, manifest and checksums left as they were
tampered = os.path.join(pk, "tampered.zip")
with zipfile.ZipFile(os.path.join(pk, "2021-0102.zip")) as zi, zipfile.ZipFile(tampered, "w") as zo:
    for info in zi.infolist():
        data = zi.read(info)
        if info.filename.endswith(".jpg"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        zo.writestr(info, data)
with open(tampered, "rb") as f:
    zip_t = f.read()
with open(os.path.join(SRC, "templates", "programs", "qhd-2021", "summary-sheet.docx"), "rb") as f:
    docx = f.read()

srv = Server(os.path.join(tmp, "data2"), password="office-secret-1")
try:
    o = Client(srv.url)
    o.office_login("office-secret-1")
    st, _, body = o.post_multipart("/office/intake", {}, [("package", ("2021-0101.zip", zip_a)),
                                                          ("package", ("2021-0102.zip", zip_b))])
    text = body.decode()
    check(st == 200 and text.count('class="taken"') == 2, "two packages taken in (%d)" % st)
    ids = sorted(os.listdir(os.path.join(srv.data, "applicants")))
    check(len(ids) == 2, "two applicant folders: %s" % ids)
    with zipfile.ZipFile(os.path.join(pk, "2021-0101.zip")) as z:
        inner = z.read("2021-0101/evidence/evidence.xml")
        att = z.read([n for n in z.namelist() if n.endswith(".jpg")][0])
    got = {}
    for i in ids:
        with open(os.path.join(srv.data, "applicants", i, "evidence.xml"), "rb") as f:
            got[i] = f.read()
    check(inner in got.values(), "the package's evidence.xml, byte for byte, at the top of its folder")
    a_id = [i for i in ids if got[i] == inner][0]
    with open(os.path.join(SRC, "samples", "qhd-haigang-youth", "files", "robotics-workshop.jpg"), "rb") as f:
        check(f.read() == att, "(the sample's photo is the package's)")
    check(os.path.exists(os.path.join(srv.data, "applicants", a_id, "003-青少年机器人工作坊活动照片.jpg")),
          "attachments at the paths the evidence names (their packaged names)")
    check(os.path.exists(os.path.join(srv.data, ".serve", "intake", a_id + ".zip")), "the ZIP is kept")
    r = subprocess.run([TB, "validate", os.path.join(srv.data, "applicants", a_id, "evidence.xml")],
                       capture_output=True, text=True)
    check(r.returncode == 0, "the CLI validates the unpacked applicant (%d) %s" % (r.returncode, r.stderr[-300:]))
    st, _, body = o.get("/office/")
    text = body.decode()
    check(text.count('class="from-package"') == 2 and "2021-0102.zip" in text, "listed as taken in from packages")
    check("秦皇岛市海港区第二实验中学" in text and ("within quota" in text or "名额内" in text),
          "ranked within the quota on the office page")

    st, _, body = o.post_multipart("/office/intake", {}, [("package", ("tampered.zip", zip_t))])
    text = body.decode()
    check(st == 422 and 'class="refused"' in text and "verify.altered" in text,
          "a tampered package is refused with verify.altered (%d)" % st)
    st, _, body = o.post_multipart("/office/intake", {}, [("package", ("form.docx", docx))])
    check(st == 422 and b'class="refused"' in body, "a DOCX is refused (%d)" % st)
    st, _, body = o.post_multipart("/office/intake", {}, [("package", ("junk.zip", b"PK\x03\x04 not a zip"))])
    check(st == 422 and b'class="refused"' in body, "a broken ZIP is refused (%d)" % st)
    check(sorted(os.listdir(os.path.join(srv.data, "applicants"))) == ids, "refused packages add nothing")
    check(os.listdir(os.path.join(srv.data, ".serve", "tmp")) == [], "and leave nothing in tmp")

    st, _, body = o.post_multipart("/office/intake", {}, [("package", ("2021-0101b.zip", zip_a2))])
    check(st == 200 and ("replaces" in body.decode() or "替换" in body.decode()),
          "a newer package of the same applicant replaces it (%d)" % st)
    check(sorted(os.listdir(os.path.join(srv.data, "applicants"))) == ids, "still two applicants")
    with open(os.path.join(srv.data, "applicants", a_id, "evidence.xml"), "rb") as f:
        with zipfile.ZipFile(os.path.join(pk, "2021-0101b.zip")) as z:
            check(f.read() == z.read("2021-0101b/evidence/evidence.xml"), "now with the newer evidence")

    # the ranking as PDF
    st, h, pdf = o.get("/office/export/ranking.pdf")
    check(st == 200 and pdf[:5] == b"%PDF-", "ranking.pdf (%d)" % st)
    rp = os.path.join(tmp, "ranking.pdf")
    with open(rp, "wb") as f:
        f.write(pdf)
    txt = subprocess.run(["pdftotext", "-layout", rp, "-"], capture_output=True, text=True).stdout
    check("推荐排名表" in txt and "秦皇岛市海港区第二实验中学" in txt and "秦皇岛市海港区青少年科技活动中心" in txt,
          "the ranking's PDF names both applicants")
    check("2021年度秦皇岛市公民科学素质教育示范单位创建" in txt.replace(" ", ""), "and the program's title")
    r = subprocess.run([TB, "score", "--rank", os.path.join(srv.data, "applicants")], capture_output=True, text=True)
    rows = [ln for ln in txt.splitlines() if "秦皇岛市海港区" in ln and re.match(r"\s*\d", ln)]
    first = rows[0] if rows else ""
    cli_first = next((ln for ln in r.stdout.splitlines() if re.match(r"\s*1\s", ln)), "")
    check(rows and ("第二实验中学" in first) == ("第二实验中学" in cli_first),
          "first place as `tianbiao score --rank` has it: %r / %r" % (first.strip(), cli_first.strip()))
    fonts = subprocess.run(["pdffonts", rp], capture_output=True, text=True).stdout.splitlines()[2:]
    check(fonts and all(ln.split()[-5] == "yes" for ln in fonts) and any("CID" in ln for ln in fonts),
          "every font embedded, CJK as CID fonts: %s" % [ln.split()[0] for ln in fonts])
    os.makedirs(SHOTS, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", rp, os.path.join(SHOTS, "ranking")], check=True)

    # the ranking as XLSX is the library's (tb_rank_write_xlsx), cell for cell what
    # `tianbiao score --rank --xlsx` writes; the applicants' list goes through the same writer
    import openpyxl
    st, _, x = o.get("/office/export/ranking.xlsx")
    check(st == 200 and x[:2] == b"PK", "ranking.xlsx (%d)" % st)
    with open(os.path.join(tmp, "ranking-serve.xlsx"), "wb") as f:
        f.write(x)
    cli_x = os.path.join(tmp, "ranking-cli.xlsx")
    r = subprocess.run([TB, "score", "--rank", os.path.join(srv.data, "applicants"), "--xlsx", cli_x],
                       capture_output=True, text=True, env=dict(os.environ, LANG="zh_CN.UTF-8", LANGUAGE="zh_CN"))  # the page speaks Chinese by default
    def cells(p):
        wb = openpyxl.load_workbook(p)
        return [(ws.title, [[c.value for c in row] for row in ws.iter_rows()]) for ws in wb.worksheets]
    a, b = cells(os.path.join(tmp, "ranking-serve.xlsx")), cells(cli_x) if r.returncode == 0 else None
    check(b is not None and a == b and len(a[0][1]) >= 3,
          "ranking.xlsx is `score --rank --xlsx`'s sheet, cell for cell (%d, %s)" % (r.returncode, a[:1]))
    st, _, x = o.get("/office/export/applicants.xlsx")
    with open(os.path.join(tmp, "applicants.xlsx"), "wb") as f:
        f.write(x)
    ws = openpyxl.load_workbook(os.path.join(tmp, "applicants.xlsx")).active
    names = sorted(ws.cell(row=i, column=2).value for i in range(2, ws.max_row + 1))
    check(st == 200 and names == ["秦皇岛市海港区第二实验中学", "秦皇岛市海港区青少年科技活动中心"]
          and ws.freeze_panes == "A2" and ws.cell(row=1, column=1).font.b,
          "applicants.xlsx: both, bold header kept in view (%s, %s)" % (names, ws.freeze_panes))

    # the batch takes the applicants taken in
    st, _, _ = o.post("/office/batch", {})
    deadline = time.time() + 600
    j = {}
    while time.time() < deadline:
        st, _, body = o.get("/office/batch.json")
        j = json.loads(body)
        if j["started"] and not j["running"]:
            break
        time.sleep(0.5)
    check(j.get("built", 0) + j.get("unchanged", 0) == 2 and j.get("failed") == 0,
          "the batch packages both applicants taken in: %s" % j)
    r = subprocess.run([TB, "verify", os.path.join(srv.data, "batch")], capture_output=True, text=True)
    check(r.returncode == 0, "and the batch verifies (%d) %s" % (r.returncode, r.stderr[-300:]))
finally:
    stop(srv)

# ---- templates/ranking.docx is what scripts/make-templates.py makes ------------------------
out = os.path.join(tmp, "tpl")
r = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts", "make-templates.py"), "--no-odt",
                    "--outdir", out], capture_output=True, text=True)
with open(os.path.join(out, "ranking.docx"), "rb") as f1, open(os.path.join(SRC, "templates", "ranking.docx"), "rb") as f2:
    check(r.returncode == 0 and f1.read() == f2.read(), "templates/ranking.docx is the script's output")

print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
