#!/usr/bin/env python3
"""throughput.py: the figures of issue 16, each next to the reference tools timed in the same run.

  start-up   `tianbiao --version` in a fresh process, R runs (at least 10): median ms (wall and
             CPU), and the shared libraries it loads (lines of `ldd`)
  batch      N generated applicants, `tianbiao batch -j J`: applicants/s and peak RSS (first run)
  fill       附件2 (qhd-2021 application form) filled to PDF by one fresh `tianbiao fill` process,
             R times: median ms and peak RSS
  merge      `tianbiao fill TEMPLATE DATA.xml... -o DIR/` (mail merge, one process) for M
             applicants: ms per PDF (skipped when this tianbiao has no mail merge)
  docxtemplater               the same form filled from the same evidence in one Node process,
                              M documents: ms per document (fills only, template read once)
  docxtemplater + LibreOffice the same, then one `soffice --convert-to pdf` run over all M:
                              ms per document (favours LibreOffice: one start-up for all)

Each tianbiao figure is also printed as a ratio to both references (reference time / tianbiao
time per document: above 1 means tianbiao is faster). Peak RSS is the maximum resident set
size from /usr/bin/time (GNU time, `-f %M`), which covers the process and its threads.

usage: bench/throughput.py [-n N] [-j J] [-m M] [-r R] [--tb BINARY] [--json FILE]
The npm packages docxtemplater, pizzip and @xmldom/xmldom are installed with npm into
build-bench/npm (as bench/pack/bench_batch.sh does) when missing; the references are skipped,
with a note, when node, npm or soffice are missing. TB defaults to a Release build in
build-bench/ (made if missing). Runs with SOURCE_DATE_EPOCH set, so outputs are reproducible."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM = os.path.join(SRC, "templates", "programs", "qhd-2021", "application-form.docx")
DTFILL = os.path.join(SRC, "bench", "pack", "docxtemplater_fill.js")
GEN = os.path.join(SRC, "tests", "pack", "gen_applicants.py")


def timed(cmd, env, **kw):
    """Runs cmd under GNU time: (wall seconds, peak RSS KiB, stdout, CPU seconds user+sys).
    CPU is given beside wall time because the machine is shared: under load the wall figures
    of tianbiao and of the references all stretch, CPU much less."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%M %U %S"] + cmd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
        rss, user, sys_ = tf.read().strip().splitlines()[-1].split()
    return wall, int(rss), p.stdout, float(user) + float(sys_)


def build_tb():
    tb = os.path.join(SRC, "build-bench", "tianbiao")
    if not os.access(tb, os.X_OK):
        subprocess.run(["cmake", "-S", SRC, "-B", os.path.join(SRC, "build-bench"),
                        "-DCMAKE_BUILD_TYPE=Release", "-DTB_TESTS=OFF"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", os.path.join(SRC, "build-bench"), "-j2", "--target",
                        "tianbiao_cli"], check=True, stdout=subprocess.DEVNULL)
    return tb


def npm_ready(env):
    """NODE_PATH with docxtemplater, pizzip and @xmldom/xmldom, or None."""
    if not shutil.which("node"):
        return None
    npm = os.path.join(SRC, "build-bench", "npm")
    env = dict(env, NODE_PATH=os.path.join(npm, "node_modules"))
    probe = ["node", "-e", "require('docxtemplater'); require('pizzip'); require('@xmldom/xmldom')"]
    if subprocess.run(probe, env=env, stderr=subprocess.DEVNULL).returncode != 0 and shutil.which("npm"):
        os.makedirs(npm, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", npm, "docxtemplater",
                        "pizzip", "@xmldom/xmldom"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if subprocess.run(probe, env=env, stderr=subprocess.DEVNULL).returncode != 0:
        return None
    return env["NODE_PATH"]


def has_merge(tb, env, work, evs):
    """Does this tianbiao fill several data files in one process (`-o DIR/`)?"""
    out = os.path.join(work, "merge-probe") + "/"
    p = subprocess.run([tb, "fill", FORM, evs[0], evs[1], "-o", out], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return p.returncode == 0 and len(os.listdir(out)) == 2


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=200, help="applicants in the batch (default 200)")
    ap.add_argument("-j", type=int, default=2, help="batch worker threads (default 2)")
    ap.add_argument("-m", type=int, default=50,
                    help="documents for mail merge and the references (default 50)")
    ap.add_argument("-r", type=int, default=20, help="fresh `fill` runs (default 20)")
    ap.add_argument("--tb", default=os.environ.get("TB"))
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args()
    tb = os.path.abspath(a.tb) if a.tb else build_tb()
    env = dict(os.environ, TIANBIAO_DATADIR=os.environ.get("TIANBIAO_DATADIR", SRC),
               SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1638316800"))
    work = tempfile.mkdtemp(prefix="tb-throughput-")
    fig = {"n": a.n, "jobs": a.j, "m": a.m, "fill_runs": a.r,
           "load_before": os.getloadavg()[0], "tianbiao": tb}
    try:
        apps = os.path.join(work, "apps")
        m = max(a.m, 2)
        gen = lambda d, k: subprocess.run([sys.executable, GEN, d, str(k), "--bodies", "20", "--size", "20000"],
                                          check=True, stdout=subprocess.DEVNULL)
        gen(apps, a.n)
        docs = apps  # the documents' evidence: the batch's applicants, more when M > N
        if m > a.n:
            docs = os.path.join(work, "apps-m")
            gen(docs, m)
        evs = [os.path.join(docs, x, "evidence.xml") for x in sorted(os.listdir(docs))[:m]]

        # batch, first run (nothing to reuse)
        wall, rss, _, cpu = timed([tb, "batch", apps, "-o", os.path.join(work, "out"), "-j", str(a.j),
                              "--allow-over-quota"], env)
        pk = os.listdir(os.path.join(work, "out", "packages"))
        if len(pk) != a.n:
            sys.exit("batch built %d packages of %d" % (len(pk), a.n))
        fig.update(batch_s=wall, batch_cpu_ms=1000 * cpu / a.n, batch_per_s=a.n / wall, batch_ms=1000 * wall / a.n, batch_rss_mib=rss / 1024)

        # fill 附件2 to PDF in a fresh process, R times
        walls, rsss, cpus = [], [], []
        for i in range(a.r):
            out = os.path.join(work, "fill-%d.pdf" % i)
            w, r, _, c = timed([tb, "fill", FORM, evs[i % len(evs)], "-o", out], env)
            walls.append(w)
            cpus.append(c)
            rsss.append(r)
            with open(out, "rb") as f:
                if not f.read(5) == b"%PDF-":
                    sys.exit("fill wrote no PDF: " + out)
        fig.update(fill_ms=1000 * statistics.median(walls), fill_cpu_ms=1000 * statistics.median(cpus), fill_ms_min=1000 * min(walls),
                   fill_rss_mib=max(rsss) / 1024)

        # start-up alone: what every fresh process pays before its work (libraries opened on
        # first use, src/core/lazylib.h, are not in it)
        lines = subprocess.run(["ldd", tb], capture_output=True, text=True).stdout.splitlines()
        walls, cpus = [], []
        for i in range(max(a.r, 10)):
            w, _, _, c = timed([tb, "--version"], env)
            walls.append(w)
            cpus.append(c)
        fig.update(startup_libs=len([x for x in lines if x.strip()]), startup_ms=1000 * statistics.median(walls),
                   startup_cpu_ms=1000 * statistics.median(cpus))

        # mail merge (one process, template parsed once), when the CLI has it
        if has_merge(tb, env, work, evs):
            out = os.path.join(work, "merge") + "/"
            w, r, _, c = timed([tb, "fill", FORM] + evs + ["-o", out], env)
            if len([x for x in os.listdir(out) if x.endswith(".pdf")]) != len(evs):
                sys.exit("mail merge wrote %d PDFs of %d" % (len(os.listdir(out)), len(evs)))
            fig.update(merge_ms=1000 * w / len(evs), merge_cpu_ms=1000 * c / len(evs), merge_rss_mib=r / 1024)

        # the references: docxtemplater in one Node process, then LibreOffice over all of them
        node_path = npm_ready(env)
        if node_path:
            dt = os.path.join(work, "dt")
            os.makedirs(dt)
            w, r, so, _ = timed(["node", DTFILL, FORM, "--outdir", dt] + evs, dict(env, NODE_PATH=node_path))
            res = json.loads(so.strip().splitlines()[-1])
            ver = subprocess.run(["node", "-p", "require('docxtemplater/package.json').version"],
                                 env=dict(env, NODE_PATH=node_path), capture_output=True, text=True).stdout.strip()
            fig.update(dt_version=ver, dt_ms=res["ms"] / res["docs"], dt_process_ms=1000 * w / res["docs"],
                       dt_rss_mib=r / 1024)
            if shutil.which("soffice"):
                prof = os.path.join(work, "lo-profile")
                docs = sorted(os.path.join(dt, x) for x in os.listdir(dt))
                lw, lr, _, lc = timed(["soffice", "-env:UserInstallation=file://" + prof, "--headless",
                                   "--convert-to", "pdf", "--outdir", os.path.join(work, "lo")] + docs, env)
                got = len(os.listdir(os.path.join(work, "lo")))
                if got != len(docs):
                    sys.exit("LibreOffice converted %d of %d" % (got, len(docs)))
                fig.update(lo_ms=1000 * lw / len(docs), dtlo_ms=res["ms"] / res["docs"] + 1000 * lw / len(docs),
                           lo_rss_mib=lr / 1024, lo_cpu_ms=1000 * lc / len(docs),
                           dtlo_cpu_ms=res.get("cpu", res["ms"]) / res["docs"] + 1000 * lc / len(docs))
        fig["load_after"] = os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def ratios(ms, cpu_ms=None):
        s = ""
        if "dt_ms" in fig:
            s += "  x%.2f vs docxtemplater" % (fig["dt_ms"] / ms)
        if "dtlo_ms" in fig:
            s += "  x%.2f vs docxtemplater+LO" % (fig["dtlo_ms"] / ms)
        if cpu_ms and "dtlo_cpu_ms" in fig:
            s += " (CPU %.1f ms: x%.2f vs docxtemplater+LO's CPU)" % (cpu_ms, fig["dtlo_cpu_ms"] / cpu_ms)
        return s

    print("tianbiao %s; load average %.2f before, %.2f after" % (tb, fig["load_before"], fig["load_after"]))
    print("batch -j %d, %d applicants (附件2 + report as DOCX, ODT, PDF, zipped): %.2f s = %.1f applicants/s"
          " = %.1f ms/applicant, peak RSS %.1f MiB%s"
          % (a.j, a.n, fig["batch_s"], fig["batch_per_s"], fig["batch_ms"], fig["batch_rss_mib"],
             ratios(fig["batch_ms"], fig["batch_cpu_ms"])))
    print("fill 附件2 to PDF, fresh process, %d runs: median %.1f ms (min %.1f), peak RSS %.1f MiB%s"
          % (a.r, fig["fill_ms"], fig["fill_ms_min"], fig["fill_rss_mib"], ratios(fig["fill_ms"], fig["fill_cpu_ms"])))
    print("start-up (`tianbiao --version`), %d runs: median %.1f ms, CPU %.1f ms; %d shared libraries (ldd)"
          % (max(a.r, 10), fig["startup_ms"], fig["startup_cpu_ms"], fig["startup_libs"]))
    if "merge_ms" in fig:
        print("mail merge, one process, %d PDFs: %.1f ms/PDF, peak RSS %.1f MiB%s"
              % (m, fig["merge_ms"], fig["merge_rss_mib"], ratios(fig["merge_ms"], fig["merge_cpu_ms"])))
    else:
        print("mail merge: this tianbiao has no `fill TEMPLATE DATA.xml... -o DIR/`")
    if "dt_ms" in fig:
        print("docxtemplater %s, one Node process, %d documents: %.1f ms/document (fills only; %.1f with"
              " Node start-up), peak RSS %.1f MiB" % (fig["dt_version"], m, fig["dt_ms"], fig["dt_process_ms"],
                                                     fig["dt_rss_mib"]))
    else:
        print("docxtemplater: skipped (needs node and the npm packages docxtemplater, pizzip, @xmldom/xmldom)")
    if "dtlo_ms" in fig:
        print("docxtemplater + LibreOffice (one soffice run for all %d): %.1f ms/document (LibreOffice %.1f),"
              " CPU %.1f ms/document, soffice peak RSS %.1f MiB"
              % (m, fig["dtlo_ms"], fig["lo_ms"], fig["dtlo_cpu_ms"], fig["lo_rss_mib"]))
    else:
        print("docxtemplater + LibreOffice: skipped (needs soffice and docxtemplater)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(fig, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
