"""tianbiao serve in a real browser (Debian's chromium + chromium-driver through selenium):
an applicant starts, makes and fixes three mistakes, uploads the supporting files, downloads
a package that `tianbiao verify` accepts and whose PDFs are byte-identical to the CLI's; an
office imports an XLSX of 5 applicants, builds the batch and the year's bundle; a kaifu-2022
applicant gets its criteria. Every page is screenshotted into serve-shots/ (look at them)."""
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_util import SRC, TB, Server  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


SHOTS = os.path.join(os.getcwd(), "serve-shots")
shutil.rmtree(SHOTS, ignore_errors=True)
os.makedirs(SHOTS)


def shot(drv, name, full=True):
    if full:
        h = drv.execute_script("return document.documentElement.scrollHeight")
        drv.set_window_size(1280, min(max(h, 800), 6000))
    drv.save_screenshot(os.path.join(SHOTS, name + ".png"))
    drv.set_window_size(1280, 900)


def browser(tmp):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(tmp, "chrome"), "--window-size=1280,900",
              "--lang=zh-CN"):
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def cookie_get(drv, url, path):
    """Fetch with the browser's cookies (what a click on a download link sends)."""
    cookies = "; ".join("%s=%s" % (c["name"], c["value"]) for c in drv.get_cookies()
                        if path.startswith(c.get("path", "/")))
    req = urllib.request.Request(url.rstrip("/") + path, headers={"Cookie": cookies})
    with urllib.request.urlopen(req, timeout=300) as r:
        return r.status, r.read()


def click(drv, css):
    e = drv.find_element(By.CSS_SELECTOR, css)
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", e)
    e.click()


def gone(element):
    """Has the page that held element been replaced? Chromium answers a node of a page being
    torn down either as stale or, in a short window, with an inspector error (seen in a loaded
    full run): both mean the old page is gone."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in str(e):
            return True
        raise


def submit(drv, css=None, element=None):
    """Click something that loads a new page, and wait for the new page."""
    old = drv.find_element(By.TAG_NAME, "html")
    e = element or drv.find_element(By.CSS_SELECTOR, css)
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", e)
    e.click()
    WebDriverWait(drv, 300).until(lambda d: gone(old))
    WebDriverWait(drv, 300).until(lambda d: d.execute_script("return document.readyState") == "complete")


def setv(drv, name, value):
    drv.execute_script(
        "var e=document.getElementsByName(arguments[0])[0]; if(!e) throw 'no field '+arguments[0];"
        "e.value=arguments[1]; e.dispatchEvent(new Event('input',{bubbles:true}));", name, value)


def typev(drv, name, value):
    e = drv.find_element(By.NAME, name)
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", e)
    e.clear()
    e.send_keys(value)


def paras(el):
    return "\n\n".join((p.text or "").strip() for p in el.findall("p")) if el is not None else ""


def diag_text(drv, css):
    return " ".join(e.text for e in drv.find_elements(By.CSS_SELECTOR, css + " .field-diags li.error"))


def fill_from_sample(drv, sample):
    """Type the sample's values into the form (through the page's own inputs)."""
    ev = ET.parse(sample).getroot()
    simple = ["applicant/name", "applicant/postcode", "applicant/address", "applicant/authority",
              "applicant/contact/name", "applicant/contact/phone", "applicant/contact/mobile",
              "applicant/contact/email", "applicant/contact/fax", "recommender/name", "date",
              "funding/fiscal", "funding/self", "funding/superior", "funding/other"]
    simple += ["facilities/" + c.tag for c in ev.find("facilities")]
    for p in simple:
        setv(drv, "f:" + p, ev.findtext(p) or "")
    for p in ("staff/@total", "staff/@full-time", "staff/@part-time", "funding/@total"):
        el, attr = p.split("/@")
        setv(drv, "f:" + p, ev.find(el).get(attr))
    drv.execute_script("document.getElementsByName('f:recommender/@kind')[0].value=arguments[0]",
                       ev.find("recommender").get("kind"))
    for p in ("summary", "plan", "opinions/applicant", "opinions/recommender"):
        setv(drv, "f:" + p, paras(ev.find(p)))
    for t in ev.find("service-targets"):
        click(drv, "input[name=targets][value='%s']" % t.get("ref"))
    for i, a in enumerate(ev.find("awards")):
        if i > 0:
            click(drv, "[data-add-row=awards]")
        setv(drv, "aw.%d.year" % i, a.get("year"))
        setv(drv, "aw.%d.level" % i, a.get("level"))
        setv(drv, "aw.%d.title" % i, a.findtext("title"))
        setv(drv, "aw.%d.issuer" % i, a.findtext("issuer"))
    for it in ev.find("self-assessment").findall("item"):
        ind = it.get("indicator")
        setv(drv, "pt." + ind, it.get("points"))
        setv(drv, "ex." + ind, it.findtext("explanation") or "")
    return ev


def save(drv):
    submit(drv, ".savebar button")


tmp = tempfile.mkdtemp(prefix="tb-serve-browser-")
srv = Server(os.path.join(tmp, "data"), password="office-pass-123")
drv = browser(tmp)
try:
    base = srv.url
    # ---- the applicant ----
    drv.get(base)
    shot(drv, "01-start")
    check("申报" in drv.page_source, "start page in Chinese")
    click(drv, "select[name=program] option[value='qhd-2021']")
    submit(drv, "form[action='/new'] button")
    link = drv.find_element(By.ID, "private-link").text
    shot(drv, "02-started")
    check("/a/2021-0001/?key=" in link, "private link shown: " + link)
    app = "2021-0001"
    submit(drv, element=drv.find_element(By.ID, "continue"))
    check(drv.current_url.endswith("/a/%s/" % app), "key taken out of the address bar")
    shot(drv, "03-empty-form")
    check("必填栏目" in drv.page_source or "必填" in drv.page_source, "empty required fields listed")

    sample = os.path.join(SRC, "samples", "qhd-haigang-youth", "evidence.xml")
    ev = fill_from_sample(drv, sample)
    # three mistakes: staff that do not add up, a mobile number one digit short, points above
    # an indicator's weight
    setv(drv, "f:staff/@part-time", "6")
    setv(drv, "f:applicant/contact/mobile", "1303188673")
    setv(drv, "pt.1.1.1", "5")
    live = drv.find_element(By.CSS_SELECTOR, "[data-sum-out=staff]").text
    check("11" in live and "12" in live, "live sum shows the staff mismatch before saving: " + live)
    save(drv)
    shot(drv, "04-three-mistakes")
    staff = diag_text(drv, "#f-staff")
    mobile = diag_text(drv, "#f-applicant-contact-mobile")
    item = diag_text(drv, "#item-1-1-1")
    check("12" in staff and "11" in staff, "staff.sum shown beside the staff fields: " + staff)
    check(mobile != "", "format.mobile shown beside 手机: " + mobile)
    check(item != "", "claim.points shown beside indicator 1.1.1: " + item)
    problems = drv.find_element(By.CSS_SELECTOR, "ol.problems").text
    check("手机" in problems, "problem list names the field by the form's label")
    typev(drv, "f:staff/@part-time", "7")
    typev(drv, "f:applicant/contact/mobile", ev.findtext("applicant/contact/mobile"))
    typev(drv, "pt.1.1.1", "4")
    save(drv)
    # (1.1.1 still lacks its supporting file until the uploads below: only the points error goes)
    check(diag_text(drv, "#f-staff") == "" and diag_text(drv, "#f-applicant-contact-mobile") == ""
          and item.split("\n")[0] not in diag_text(drv, "#item-1-1-1"), "the three mistakes are gone after fixing")

    # supporting files, uploaded through the page's upload form
    for a in ev.find("attachments"):
        f = os.path.join(os.path.dirname(sample), a.get("path"))
        drv.find_element(By.CSS_SELECTOR, "input[type=file][form=upload-form]").send_keys(f)
        typev(drv, "title", a.findtext("title"))
        typev(drv, "supports", a.get("supports"))
        submit(drv, "button[form=upload-form]")
    rows = drv.find_elements(By.CSS_SELECTOR, "#f-attachments tbody tr")
    check(len(rows) == 6, "six files uploaded (%d rows)" % len(rows))
    for it in ev.find("self-assessment").findall("item"):
        for aid in (it.get("attachments") or "").split():
            drv.execute_script("document.querySelector(\"input[name='at.%s'][value='%s']\").checked=true"
                               % (it.get("indicator"), aid))
    save(drv)
    shot(drv, "05-complete")
    status = drv.find_element(By.CSS_SELECTOR, "section.status").text
    check("没有错误" in status, "no errors once complete: " + status[:200])

    # the package: verify accepts it, its PDFs are the CLI's for the same evidence
    st, pkg = cookie_get(drv, base, "/a/%s/package.zip" % app)
    check(st == 200 and pkg[:2] == b"PK", "package downloaded")
    web = os.path.join(tmp, "web", app + ".zip")
    os.makedirs(os.path.dirname(web))
    open(web, "wb").write(pkg)
    r = subprocess.run([TB, "verify", web], capture_output=True, text=True)
    check(r.returncode == 0, "tianbiao verify accepts the downloaded package " + r.stderr[-300:])
    cli = os.path.join(tmp, "cli", app + ".zip")
    os.makedirs(os.path.dirname(cli))
    evpath = os.path.join(tmp, "data", "applicants", app, "evidence.xml")
    r = subprocess.run([TB, "build", evpath, "-o", cli], capture_output=True, text=True)
    check(r.returncode == 0, "CLI builds the same evidence " + r.stderr[-300:])
    zw, zc = zipfile.ZipFile(web), zipfile.ZipFile(cli)
    pdfs = [n for n in zw.namelist() if n.endswith(".pdf") and "/application/" in n]
    check(len(pdfs) == 2, "two generated PDFs in the package: %s" % pdfs)
    for n in pdfs:
        check(zw.read(n) == zc.read(n), "byte-identical to the CLI's: " + n)
    check(pkg == open(cli, "rb").read(), "the whole package is byte-identical to the CLI's")
    st, prev = cookie_get(drv, base, "/a/%s/form.pdf" % app)
    form = [n for n in pdfs if "附件2" in n][0]
    check(st == 200 and prev == zw.read(form), "the form preview is the package's PDF, byte for byte")
    ref = os.path.join(tmp, "sample-form.pdf")
    tpl = os.path.join(SRC, "templates", "programs", "qhd-2021", "application-form.docx")
    if os.path.exists(tpl):
        r = subprocess.run([TB, "fill", tpl, sample, "-o", ref], capture_output=True, text=True)
        same = r.returncode == 0 and open(ref, "rb").read() == prev
        print("info the form typed in the browser %s the sample's form PDF (CLI fill)" %
              ("is byte-identical to" if same else "differs from"))
    st, rep = cookie_get(drv, base, "/a/%s/report.pdf" % app)
    check(st == 200 and rep[:5] == b"%PDF-", "report preview is a PDF")

    # ---- the office ----
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    head = ["申报单位", "推荐单位", "推荐单位类别", "邮编", "通讯地址", "主管部门", "联系人姓名", "联系电话", "手机",
            "电子信箱", "服务对象", "申报日期", "备注"]
    ws.append(head)
    for i in range(5):
        ws.append(["测试申报单位%d" % (i + 1), "秦皇岛市第%d区科学技术协会" % (i + 1), "县区科协", "06600%d" % i,
                   "河北省秦皇岛市测试路%d号" % (i + 1), "秦皇岛市教育局", "联系人%d" % i, "0335-306827%d" % i,
                   "1303188673%d" % i, "t%d@example.cn" % i, "青少年、老年人", "2021-11-30", "x"])
    xlsx = os.path.join(tmp, "applicants.xlsx")
    wb.save(xlsx)
    drv.get(base + "office/")
    shot(drv, "06-office-login")
    typev(drv, "password", "office-pass-123")
    submit(drv, "form[action='/office/login'] button")
    drv.find_element(By.CSS_SELECTOR, "input[name=sheet]").send_keys(xlsx)
    submit(drv, "form[action='/office/import'] button")
    shot(drv, "07-imported")
    imported = drv.find_elements(By.CSS_SELECTOR, "#imported tbody tr")
    check(len(imported) == 5, "5 applicants imported (%d)" % len(imported))
    check("备注" in drv.page_source, "the column that is no field is reported")
    e2 = ET.parse(os.path.join(tmp, "data", "applicants", "2021-0002", "evidence.xml")).getroot()
    check(e2.findtext("applicant/name") == "测试申报单位1" and e2.find("recommender").get("kind") == "county-association"
          and [t.get("ref") for t in e2.find("service-targets")] == ["youth", "elderly"],
          "imported values in the evidence (name, kind from its label, targets from labels)")
    drv.get(base + "office/")
    shot(drv, "08-office-list")
    rows = drv.find_elements(By.CSS_SELECTOR, "#applicants tbody tr")
    check(len(rows) == 6, "office lists 6 applicants")
    check("名额内" in rows[0].text or "名额内" in drv.page_source, "rank within the quota shown")
    st, x = cookie_get(drv, base, "/office/export/applicants.xlsx")
    open(os.path.join(tmp, "export.xlsx"), "wb").write(x)
    sheet = openpyxl.load_workbook(os.path.join(tmp, "export.xlsx")).active
    names = [sheet.cell(row=i, column=2).value for i in range(2, sheet.max_row + 1)]
    check(st == 200 and len(names) == 6 and "测试申报单位3" in names, "applicants exported as XLSX: %s" % names)

    drv.get(base + "office/batch")
    click(drv, "input[name=over]")
    submit(drv, "form[action='/office/batch'] button")
    shot(drv, "09-batch-running", full=False)
    for _ in range(600):
        if "data-batch-progress=\"0\"" in drv.page_source:
            break
        import time
        time.sleep(0.5)
        if _ % 6 == 5:
            drv.refresh()
    shot(drv, "10-batch-done")
    result = drv.find_element(By.CSS_SELECTOR, ".progress-text").text
    check("完成" in result, "batch finished: " + result)
    check("/office/batch/packages/2021-0001.zip" in drv.page_source, "the complete applicant's package is in the batch")
    check("field.missing" in drv.page_source, "the drafts' problems are reported")
    drv.get(base + "office/archive")
    submit(drv, "form[action='/office/archive'] button")
    shot(drv, "11-archive")
    check("校验通过" in drv.page_source, "bundle built and verified")
    bundle = os.path.join(tmp, "data", "bundles", "X001-WS-2021.zip")
    r = subprocess.run([TB, "verify", bundle], capture_output=True, text=True)
    check(r.returncode == 0, "tianbiao verify accepts the bundle")

    # ---- a program without a <form>: kaifu-2022 ----
    drv.delete_all_cookies()
    drv.get(base)
    click(drv, "select[name=program] option[value='kaifu-2022']")
    submit(drv, "form[action='/new'] button")
    submit(drv, element=drv.find_element(By.ID, "continue"))
    kapp = drv.current_url.rstrip("/").split("/")[-1]
    check(len(drv.find_elements(By.CSS_SELECTOR, "input[name^='cr.A1-1.']")) == 6, "kaifu criteria of A1-1 as inputs")
    setv(drv, "cr.A1-1.A1-1.1", "1")
    setv(drv, "pt.A1-1", "1")
    save(drv)
    shot(drv, "12-kaifu")
    k = ET.parse(os.path.join(tmp, "data", "applicants", kapp, "evidence.xml")).getroot()
    item = [i for i in k.find("self-assessment").findall("item") if i.get("indicator") == "A1-1"][0]
    check(item.find("criterion") is not None and item.find("criterion").get("points") == "1",
          "criterion saved inside its item")
    # the other applicant's page is closed to a browser holding only the kaifu applicant's key
    drv.get(base + "a/%s/" % app)
    drv.delete_all_cookies()  # the first applicant's key (its cookie's path is that page)
    drv.get(base + "a/%s/" % app)
    check("专属链接" in drv.page_source and "秦皇岛市海港区" not in drv.page_source,
          "one applicant cannot open another's page")
    drv.get(base + "lang?l=en")
    drv.get(base)
    check("Start a new application" in drv.page_source, "English on request")
finally:
    drv.quit()
    rc, err = srv.stop()
    check(rc == 0, "server stops cleanly on SIGTERM (exit %s)" % rc)
    if "ERROR: AddressSanitizer" in err or "runtime error" in err:
        fails.append("sanitizer report")
        print(err[-3000:])

print("%d passed, %d failed" % (0 if fails else 1, len(fails)))
if fails:
    print("FAILED:", fails)
    sys.exit(1)
shutil.rmtree(tmp, ignore_errors=True)
