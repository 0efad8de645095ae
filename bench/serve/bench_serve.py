#!/usr/bin/env python3
"""Load on `tianbiao serve`: N simulated applicants (threads, one cookie jar each) saving their
form and previewing the application form as PDF for a fixed time on loopback. Prints requests
per second and p50/p95 latency for saves and previews separately, the previews served from the
cache, the errors, and the saves lost (the last acknowledged save of every applicant must be
what the evidence file holds at the end).

--change-every N: only every Nth save changes the evidence (the others send the same values
again, like a second click on Save or an autosave that finds nothing new), so the previews in
between are of unchanged evidence. 1 (the default) is the worst case: every preview renders.

  bench/serve/bench_serve.py [--tb build/tianbiao] [--clients 50] [--seconds 60]
                             [--preview-every 1] [--change-every 1]
"""
import argparse
import os
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "serve"))
os.environ.setdefault("TIANBIAO_DATADIR", os.path.join(HERE, "..", ".."))


def pct(v, p):
    if not v:
        return 0.0
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100.0))]


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc): what the server spent,
    whatever else the machine was doing."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tb", default=os.path.join(HERE, "..", "..", "build", "tianbiao"))
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--preview-every", type=int, default=1, help="preview after every Nth save")
    ap.add_argument("--change-every", type=int, default=1, help="change the evidence on every Nth save")
    a = ap.parse_args()
    os.environ["TB"] = os.path.abspath(a.tb)
    import serve_util
    serve_util.TB = os.environ["TB"]
    from serve_util import Client, Server

    tmp = tempfile.mkdtemp(prefix="tb-bench-serve-")
    srv = Server(os.path.join(tmp, "data"))
    lock = threading.Lock()
    lat = {"save": [], "preview": [], "cached": [], "made": []}
    cached = [0]
    errors = []
    last = {}
    clients = []
    for i in range(a.clients):
        c = Client(srv.url)
        app, _ = c.new_applicant()
        clients.append((c, app))
    cpu0 = cpu_seconds(srv.proc.pid)
    load0 = os.getloadavg()[0]
    stop = time.time() + a.seconds
    t0 = time.time()

    def run(c, app):
        n = 0
        v = 0
        while time.time() < stop:
            n += 1
            if (n - 1) % a.change_every == 0:
                v += 1
            addr = "河北省秦皇岛市测试路%d号" % v
            t = time.time()
            st, _, _ = c.post("/a/%s/save" % app, {"f:applicant/address": addr, "f:staff/@total": str(v % 50),
                                                  "pt.1.1.1": str(v % 5), "ex.1.1.1": "第%d次修改的说明。" % v})
            d = time.time() - t
            with lock:
                if st != 303:
                    errors.append(("save", st))
                else:
                    lat["save"].append(d)
                    last[app] = addr
            if a.preview_every and n % a.preview_every == 0 and time.time() < stop:
                t = time.time()
                st, hdrs, body = c.get("/a/%s/form.pdf" % app)
                d = time.time() - t
                with lock:
                    if st != 200 or body[:5] != b"%PDF-":
                        errors.append(("preview", st))
                    else:
                        lat["preview"].append(d)
                        hit = hdrs.get("X-Tianbiao-Preview") == "cached"
                        cached[0] += hit
                        lat["cached" if hit else "made"].append(d)

    threads = [threading.Thread(target=run, args=ca) for ca in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    cpu = cpu_seconds(srv.proc.pid) - cpu0
    load1 = os.getloadavg()[0]
    lost = 0
    for c, app in clients:
        ev = ET.parse(os.path.join(tmp, "data", "applicants", app, "evidence.xml")).getroot()
        if app in last and ev.findtext("applicant/address") != last[app]:
            lost += 1
    rc, err = srv.stop()
    total = len(lat["save"]) + len(lat["preview"])
    print("clients %d, change every %d save(s), %.1f s, %d requests, %.1f requests/s" %
          (a.clients, a.change_every, wall, total, total / wall))
    for k in ("save", "preview", "cached", "made"):
        if k in ("cached", "made") and not cached[0]:
            continue
        print("%-8s %6d  %6.1f req/s  p50 %.3f s  p95 %.3f s  max %.3f s" %
              (k, len(lat[k]), len(lat[k]) / wall, pct(lat[k], 50), pct(lat[k], 95), max(lat[k]) if lat[k] else 0))
    print("previews from the cache: %d of %d" % (cached[0], len(lat["preview"])))
    print("server CPU %.1f s (%.0f ms per request); load average %.1f before, %.1f after, %d processors" %
          (cpu, 1000.0 * cpu / max(total, 1), load0, load1, os.cpu_count()))
    print("errors %d, lost saves %d, server exit %d" % (len(errors), lost, rc))
    if errors:
        print("first errors:", errors[:5])
    return 0 if not errors and lost == 0 and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
