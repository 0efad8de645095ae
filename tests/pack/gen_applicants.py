#!/usr/bin/env python3
"""Generate N applicant folders (evidence.xml + attachments) for batch tests and benches,
from the sample samples/qhd-haigang-youth: each gets its own name, recommending body, e-mail
and a random photo (attachment a3, 003-青少年机器人工作坊活动照片.jpg).

usage: gen_applicants.py OUTDIR N [--bodies K] [--bad I,J] [--size BYTES]
Applicants are spread over K recommending bodies (county associations, quota 2 each; default
one body per 2 applicants); --bad makes the listed ones invalid (an attachment that does not
exist). Deterministic: same arguments, same bytes."""
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
a = p.parse_args()
bad = {int(x) for x in a.bad.split(",") if x}
bodies = a.bodies or max(1, (a.n + 1) // 2)
src = open(os.path.join(SAMPLE, "evidence.xml"), encoding="utf-8").read()
# the photo gets new bytes: drop any digest recorded for it
src = re.sub(r'(path="files/robotics-workshop.jpg"[^>]*?) sha256="[0-9a-f]*"', r"\1", src)
rnd = random.Random(42)
for i in range(1, a.n + 1):
    d = os.path.join(a.out, "A%04d" % i)
    shutil.copytree(os.path.join(SAMPLE, "files"), os.path.join(d, "files"), dirs_exist_ok=True)
    with open(os.path.join(d, "files", "robotics-workshop.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + rnd.randbytes(a.size))
    body = (i - 1) % bodies + 1
    ev = src.replace("<name>秦皇岛市海港区青少年科技活动中心</name>", f"<name>第{i}号科普示范单位</name>")
    ev = ev.replace("<name>秦皇岛市海港区科学技术协会</name>", f"<name>第{body}区科学技术协会</name>")
    ev = ev.replace("kjzx@example.cn", f"kjzx{i}@example.cn")
    if i in bad:
        ev = ev.replace("</attachments>", '  <attachment id="a9" path="files/missing.pdf"><title>缺失的材料</title></attachment>\n  </attachments>')
    with open(os.path.join(d, "evidence.xml"), "w", encoding="utf-8") as f:
        f.write(ev)
