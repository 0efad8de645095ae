#!/usr/bin/env python3
"""Generate N applicant folders (evidence.xml + attachments) for batch tests and benches.

usage: gen_applicants.py OUTDIR N [--bodies K] [--kind KIND] [--bad I,J]
Applicants are spread over K recommending bodies; --bad makes the listed ones invalid
(an attachment that does not exist). Deterministic: same arguments, same bytes."""
import argparse
import os
import random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("n", type=int)
p.add_argument("--bodies", type=int, default=0, help="default: one body per 2 applicants")
p.add_argument("--kind", default="county-association")
p.add_argument("--bad", default="")
p.add_argument("--size", type=int, default=20000, help="bytes of the photo attachment")
a = p.parse_args()
bad = {int(x) for x in a.bad.split(",") if x}
bodies = a.bodies or max(1, (a.n + 1) // 2)
rnd = random.Random(42)
for i in range(1, a.n + 1):
    d = os.path.join(a.out, "A%04d" % i)
    os.makedirs(os.path.join(d, "files"), exist_ok=True)
    with open(os.path.join(d, "files", "meeting.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n% applicant " + str(i).encode() + b"\n" + b"x" * 2000 + b"\n%%EOF\n")
    with open(os.path.join(d, "files", "photo.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + rnd.randbytes(a.size))
    body = (i - 1) % bodies + 1
    missing = '<attachment id="a3" path="files/missing.pdf"><title>缺失</title></attachment>' if i in bad else ""
    pts = (i * 7) % 9 + 1
    with open(os.path.join(d, "evidence.xml"), "w", encoding="utf-8") as f:
        f.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<evidence program="qhd-2021" version="1">
  <applicant>
    <name>第{i}号科普示范单位</name>
    <postcode>066000</postcode>
    <address>河北省秦皇岛市海港区文化路{i}号</address>
    <authority>秦皇岛市海港区教育局</authority>
    <contact><name>李明</name><phone>0335-3068277</phone><mobile>13031886730</mobile><email>kjzx{i}@example.cn</email></contact>
  </applicant>
  <recommender kind="{a.kind}"><name>第{body}区科学技术协会</name></recommender>
  <date>2021-11-{(i % 28) + 1:02d}</date>
  <service-targets><target ref="youth"/><target ref="elderly"/></service-targets>
  <staff total="12" full-time="5" part-time="7"/>
  <funding total="35.5"><fiscal>20</fiscal><self>10.5</self><superior>5</superior><other>0</other></funding>
  <summary><p>三年来工作总结，第{i}号。</p></summary>
  <plan><p>今后工作计划。</p></plan>
  <opinions><applicant><p>同意申报。</p></applicant><recommender><p>同意推荐。</p></recommender></opinions>
  <attachments>
    <attachment id="a1" path="files/meeting.pdf" supports="1.1.1"><title>{2021}年科学素质工作专题会议纪要</title></attachment>
    <attachment id="a2" path="files/photo.jpg"><title>活动照片</title></attachment>
    {missing}
  </attachments>
  <self-assessment>
    <item indicator="1.1.1" points="{pts}" attachments="a1"><explanation>已纳入议事日程。</explanation></item>
    <item indicator="1.1.3" points="2.5" attachments="a1 a2"><explanation>有专题会议。</explanation></item>
  </self-assessment>
</evidence>
""")
