"""Shared by the serve tests: start `tianbiao serve` on a free loopback port, talk to it as a
browser does (cookies, CSRF token from the page), stop it."""
import http.cookiejar
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

TB = os.environ.get("TB", "tianbiao")
SRC = os.environ.get("TB_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))


class Server:
    def __init__(self, data, password=None, extra=()):
        self.data = data
        os.makedirs(data, exist_ok=True)
        args = [TB, "serve", "--data", data, "--listen", "127.0.0.1:0"]
        self.password = password
        if password:
            pw = os.path.join(data, "..", "office-password")
            with open(pw, "w") as f:
                f.write(password + "\n")
            args += ["--password-file", pw]
        args += list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://[^ ]+/)", line)
        if not m:
            raise RuntimeError("serve did not start: %r %s" % (line, self.proc.stderr.read()))
        self.url = m.group(1)
        if not password:
            m = re.search(r": ([0-9a-f]+)$", self.proc.stdout.readline().strip())
            self.password = m.group(1)

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        err = self.proc.stderr.read()
        return rc, err


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """A browser-like client: a cookie jar, the CSRF token of the last page."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = None

    def request(self, path, data=None, headers=None, method=None):
        req = urllib.request.Request(self.base.rstrip("/") + path, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=300) as r:
                body = r.read()
                status = r.status
                hdrs = r.headers
        except urllib.error.HTTPError as e:
            body = e.read()
            status = e.code
            hdrs = e.headers
        m = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body)
        if m:
            self.csrf = m.group(1).decode()
        return status, hdrs, body

    def get(self, path):
        return self.request(path)

    def post(self, path, fields, csrf=True):
        f = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            f.append(("csrf", self.csrf))
        return self.request(path, urllib.parse.urlencode(f).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path, fields, files, csrf=True):
        boundary = "----tbtest%d" % int(time.time() * 1000)
        parts = []
        f = list(fields.items())
        if csrf:
            f.append(("csrf", self.csrf))
        for k, v in f:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
        # files: {field: (name, content)} or [(field, (name, content)), ...] (a field repeated)
        for k, (name, content) in (files.items() if isinstance(files, dict) else files):
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                          "Content-Type: application/octet-stream\r\n\r\n" % (boundary, k, name)).encode() + content + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        return self.request(path, b"".join(parts), {"Content-Type": "multipart/form-data; boundary=" + boundary})

    def new_applicant(self, program="qhd-2021"):
        self.get("/")
        st, h, body = self.post("/new", {"program": program})
        m = re.search(rb'href="(/a/([0-9-]+)/\?key=([0-9a-f]+))"', body)
        assert st == 200 and m, (st, body[:500])
        st, h, _ = self.get(m.group(1).decode())
        assert st == 303, st
        self.get("/a/%s/" % m.group(2).decode())
        return m.group(2).decode(), m.group(3).decode()

    def office_login(self, password):
        self.get("/office/")
        st, h, _ = self.post("/office/login", {"password": password})
        assert st == 303, st
        self.get("/office/")
