#!/usr/bin/env python3
"""Generate N applicant folders (evidence.xml + attachments) for batch tests and benches,
from the sample samples/qhd-haigang-youth: each gets its own name, recommending body, e-mail
and a random photo (attachment a3, 003-青少年机器人工作坊活动照片.jpg).

usage: gen_applicants.py OUTDIR N [--bodies K] [--bad I,J] [--size BYTES] [--vary-text]
Applicants are spread over K recommending bodies (county associations, quota 2 each; default
one body per 2 applicants); --bad makes the listed ones invalid (an attachment that does not
exist). --vary-text gives each applicant its own prose: every paragraph and explanation of the
sample is replaced by as many characters of sentences drawn from the Chinese text of the
repository's programs and samples, so that applicants, as in a real round, do not all write
with the same characters. Deterministic: same arguments, same bytes."""
import argparse
import os
import random
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "samples", "qhd-haigang-youth")

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("n", type=int)
p.add_argument("--bodies", type=int, default=0)
p.add_argument("--bad", default="")
p.add_argument("--size", type=int, default=20000, help="bytes of the random photo")
p.add_argument("--vary-text", action="store_true", help="each applicant writes its own prose")
a = p.parse_args()
bad = {int(x) for x in a.bad.split(",") if x}
bodies = a.bodies or max(1, (a.n + 1) // 2)
src = open(os.path.join(SAMPLE, "evidence.xml"), encoding="utf-8").read()
# the photo gets new bytes: drop any digest recorded for it
src = re.sub(r'(path="files/robotics-workshop.jpg"[^>]*?) sha256="[0-9a-f]*"', r"\1", src)
rnd = random.Random(42)


def sentence_pool():
    """Sentences of Chinese prose (at least 12 characters, no markup) from the repository."""
    root = os.path.join(HERE, "..", "..")
    texts = []
    for sub in ("templates/programs", "samples"):
        for dp, _, fs in os.walk(os.path.join(root, sub)):
            texts += [open(os.path.join(dp, f), encoding="utf-8").read() for f in sorted(fs) if f.endswith(".xml")]
    pool = set()
    for t in texts:
        for chunk in re.findall(r">([^<>]+)<", t):
            for sen in re.findall(r"[^。；！？\n]+[。；！？]", chunk.strip()):
                sen = sen.strip()
                if len(sen) >= 12 and len(re.findall(r"[\u4e00-\u9fff]", sen)) * 2 >= len(sen):
                    pool.add(sen.replace("&", "和"))
    return sorted(pool)


POOL = sentence_pool() if a.vary_text else []


def vary(ev, r):
    """Every <p> and <explanation> of the sample, rewritten to as many characters of other prose."""
    def prose(m):
        want, out = len(m.group(2)), ""
        while len(out) < want:
            out += r.choice(POOL)
        return m.group(1) + out[:max(want - 1, 1)].rstrip("。；！？") + "。" + m.group(3)
    return re.sub(r"(<(?:p|explanation)(?:\s[^>]*)?>)([^<]{20,})(</(?:p|explanation)>)", prose, ev)

for i in range(1, a.n + 1):
    d = os.path.join(a.out, "A%04d" % i)
    shutil.copytree(os.path.join(SAMPLE, "files"), os.path.join(d, "files"), dirs_exist_ok=True)
    with open(os.path.join(d, "files", "robotics-workshop.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + rnd.randbytes(a.size))
    body = (i - 1) % bodies + 1
    ev = src.replace("<name>秦皇岛市海港区青少年科技活动中心</name>", f"<name>第{i}号科普示范单位</name>")
    ev = ev.replace("<name>秦皇岛市海港区科学技术协会</name>", f"<name>第{body}区科学技术协会</name>")
    ev = ev.replace("kjzx@example.cn", f"kjzx{i}@example.cn")
    if a.vary_text:
        ev = vary(ev, random.Random(i))
    if i in bad:
        ev = ev.replace("</attachments>", '  <attachment id="a9" path="files/missing.pdf"><title>缺失的材料</title></attachment>\n  </attachments>')
    with open(os.path.join(d, "evidence.xml"), "w", encoding="utf-8") as f:
        f.write(ev)
