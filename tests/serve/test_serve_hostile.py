"""Hostile requests to tianbiao serve are refused: path traversal, oversized and malformed
multipart, a missing or wrong token or key, CSRF (no token, wrong token, foreign Origin),
files that are not what they say, a foreign Host; and the server survives all of it."""
import http.client
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_util import Client, Server  # noqa: E402

fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


tmp = tempfile.mkdtemp(prefix="tb-serve-hostile-")
data = os.path.join(tmp, "data")
srv = Server(data, extra=["--max-upload", "1"])
try:
    a = Client(srv.url)
    app, key = a.new_applicant()
    b = Client(srv.url)
    other, okey = b.new_applicant()
    # one applicant cannot see or change another's
    st, _, _ = a.get("/a/%s/" % other)
    check(st == 403, "applicant A cannot open B's form (%d)" % st)
    st, _, _ = a.get("/a/%s/evidence.xml" % other)
    check(st == 403, "applicant A cannot download B's evidence (%d)" % st)
    st, _, _ = a.post("/a/%s/save" % other, {"f:applicant/name": "hijack"})
    check(st == 403, "applicant A cannot save B's form (%d)" % st)
    st, _, _ = a.get("/a/%s/?key=%s" % (other, key))
    check(st == 403, "A's key does not open B (%d)" % st)
    st, _, _ = a.get("/a/%s/?key=%s" % (other, "0" * 32))
    check(st == 403, "a wrong key is refused (%d)" % st)
    st, _, _ = a.get("/a/%s/?key=../../etc/passwd" % other)
    check(st == 403, "a malformed key is refused (%d)" % st)
    fresh = Client(srv.url)
    st, _, _ = fresh.get("/a/%s/" % app)
    check(st == 403, "no key, no page (%d)" % st)
    # office pages need the password
    st, _, _ = fresh.get("/office/batch")
    check(st == 403, "office page without signing in (%d)" % st)
    st, _, _ = fresh.get("/office/export/applicants.xlsx")
    check(st == 403, "office export without signing in (%d)" % st)
    fresh.get("/office/")
    st, _, _ = fresh.post("/office/login", {"password": "wrong"})
    check(st == 403, "wrong office password (%d)" % st)
    st, _, _ = fresh.get("/office/batch")
    check(st == 403, "still no office page after a wrong password (%d)" % st)
    # CSRF
    a.get("/a/%s/" % app)
    st, _, _ = a.post("/a/%s/save" % app, {"f:applicant/name": "x"}, csrf=False)
    check(st == 403, "save without a CSRF token (%d)" % st)
    st, _, _ = a.post("/a/%s/save" % app, [("f:applicant/name", "x"), ("csrf", "f" * 64)], csrf=False)
    check(st == 403, "save with a wrong CSRF token (%d)" % st)
    st, _, _ = a.request("/a/%s/save" % app, ("f:applicant/name=x&csrf=" + a.csrf).encode(),
                         {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
    check(st == 403, "save from a foreign Origin (%d)" % st)
    st, _, _ = b.post("/a/%s/save" % other, [("f:applicant/name", "x"), ("csrf", a.csrf)], csrf=False)
    check(st == 403, "another visitor's token does not work (%d)" % st)
    st, _, _ = a.post("/a/%s/save" % app, {"f:applicant/name": "合法的名称"})
    check(st == 303, "the same save with the token works (%d)" % st)
    ev = open(os.path.join(data, "applicants", app, "evidence.xml"), encoding="utf-8").read()
    check("合法的名称" in ev and "hijack" not in open(os.path.join(data, "applicants", other, "evidence.xml"),
                                                      encoding="utf-8").read(), "only the good save reached the files")
    # path traversal
    for p in ("/a/../../etc/passwd", "/a/%s/file/../../../etc/passwd" % app, "/a/%s/file/-1" % app,
              "/static/../serve.h", "/static/layout.html", "/a/%s/../%s/" % (app, other),
              "/a/%2e%2e/", "/office/batch/../../.serve/secret", "/office/bundle/..%2f.serve%2fsecret"):
        st, _, body = a.get(p)
        check(st in (403, 404) and b"root:" not in body, "traversal %s refused (%d)" % (p, st))
    st, _, _ = a.post("/a/%s/save" % app, {"f:../../x": "1", "f:attachments/attachment/@path": "/etc/passwd"})
    ev = open(os.path.join(data, "applicants", app, "evidence.xml"), encoding="utf-8").read()
    check("/etc/passwd" not in ev, "form field names cannot write arbitrary paths into the evidence")
    # uploads: type by content, size, malformed multipart, filename tricks
    st, _, _ = a.post_multipart("/a/%s/attach" % app, {"title": "t"}, {"file": ("../../evil.pdf", b"%PDF-1.4\n%%EOF\n")})
    check(st == 303, "a PDF is accepted whatever its name says (%d)" % st)
    files = os.listdir(os.path.join(data, "applicants", app, "files"))
    check(files == ["a1.pdf"] and not os.path.exists(os.path.join(data, "evil.pdf")),
          "the server names the file inside the applicant's folder: %s" % files)
    st, _, _ = a.post_multipart("/a/%s/attach" % app, {"title": "t"}, {"file": ("photo.jpg", b"#!/bin/sh\nrm -rf /\n")})
    check(st == 415, "a script named .jpg is refused by its content (%d)" % st)
    st, _, _ = a.post_multipart("/a/%s/attach" % app, {"title": "t"}, {"file": ("big.pdf", b"%PDF-" + b"x" * (1 << 20))})
    check(st == 413, "a file over --max-upload is refused (%d)" % st)
    leftovers = os.listdir(os.path.join(data, ".serve", "tmp"))
    check(leftovers == [], "refused uploads leave nothing behind: %s" % leftovers)
    st, _, _ = a.post_multipart("/a/%s/save" % app, {"title": "t"}, {"file": ("x.pdf", b"%PDF-1.4")})
    check(st == 400, "files sent to a page that takes none are refused (%d)" % st)
    st, _, _ = a.request("/a/%s/attach" % app, b"--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-trunc",
                         {"Content-Type": "multipart/form-data; boundary=zz", "X-CSRF-Token": a.csrf})
    check(st == 400, "truncated multipart refused (%d)" % st)
    st, _, _ = a.request("/a/%s/attach" % app, b"garbage without any boundary at all\r\n",
                         {"Content-Type": "multipart/form-data; boundary=zz", "X-CSRF-Token": a.csrf})
    check(st == 400, "malformed multipart refused (%d)" % st)
    st, _, _ = a.request("/a/%s/attach" % app, b"x" * 10,
                         {"Content-Type": "multipart/form-data", "X-CSRF-Token": a.csrf})
    check(st == 400, "multipart without a boundary refused (%d)" % st)
    # a declared body larger than any page takes is refused before it is read
    host, port = srv.url[7:-1].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    c.putrequest("POST", "/a/%s/save" % app)
    c.putheader("Content-Type", "application/x-www-form-urlencoded")
    c.putheader("Content-Length", str(1 << 30))
    c.putheader("Cookie", "; ".join("%s=%s" % (k.name, k.value) for k in a.jar))
    c.putheader("X-CSRF-Token", a.csrf)
    c.endheaders()
    r = c.getresponse()
    check(r.status == 413, "a 1 GiB body is refused from its header (%d)" % r.status)
    c.close()
    # DNS rebinding: a page served under another name
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    c.request("GET", "/", headers={"Host": "evil.example:%s" % port})
    check(c.getresponse().status == 421, "a foreign Host is refused")
    c.close()
    st, _, _ = a.request("/", b"", method="DELETE")
    check(st == 405 or st == 404, "unknown methods refused (%d)" % st)
    st, _, body = a.get("/a/%s/" % app)
    check(st == 200, "the server still answers after all of this")
    # listening beyond loopback needs a password
    import subprocess
    r = subprocess.run([os.environ.get("TB", "tianbiao"), "serve", "--data", data, "--listen", "0.0.0.0:0"],
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "serve.password" in r.stderr, "0.0.0.0 without --password-file is refused")
finally:
    rc, err = srv.stop()
    check(rc == 0, "server stops cleanly (exit %s)" % rc)
    if "AddressSanitizer" in err or "runtime error" in err:
        fails.append("sanitizer report")
        print(err[-3000:])

print("%d passed, %d failed" % (0 if fails else 1, len(fails)))
sys.exit(1 if fails else 0)
