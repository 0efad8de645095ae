#!/usr/bin/env python3
"""make_data.py: writes the hand-made scoring test evidence in this folder (committed; rerun
after changing it). Each file's expected totals are asserted in tests/score/test_score.c."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

QHD_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<evidence program="qhd-2021" version="1">
  <applicant>
    <name>{name}</name>
    <postcode>066000</postcode>
    <address>河北省秦皇岛市海港区文化路12号</address>
    <authority>{authority}</authority>
    <contact>
      <name>李明</name>
      <phone>0335-3068277</phone>
      <mobile>13031886730</mobile>
      <email>kjzx@example.cn</email>
    </contact>
  </applicant>
  <recommender kind="county-association">
    <name>秦皇岛市海港区科学技术协会</name>
  </recommender>
  <date>{date}</date>
  <service-targets>
{targets}  </service-targets>
  <staff total="12" full-time="5" part-time="7"/>
  <funding total="35.5">
    <fiscal>20</fiscal>
    <self>10.5</self>
    <superior>5</superior>
    <other>0</other>
  </funding>
  <facilities>
    <area>320</area>
    <open-days>22</open-days>
    <desk-sets>40</desk-sets>
    <capacity>80</capacity>
    <computers>30</computers>
    <tvs>4</tvs>
    <library-rooms>1</library-rooms>
    <books>3500</books>
    <training-materials>60</training-materials>
    <gallery-length>25</gallery-length>
    <gallery-update-months>2</gallery-update-months>
  </facilities>
  <summary><p>三年来开展科学素质教育工作。</p></summary>
  <plan><p>今后三年继续开展工作。</p></plan>
  <opinions>
    <applicant><p>同意申报。</p></applicant>
    <recommender><p>同意推荐。</p></recommender>
  </opinions>
  <attachments>
    <attachment id="a1" path="files/minutes.txt">
      <title>专题会议纪要</title>
    </attachment>
    <attachment id="a2" path="files/photo.txt" supports="2.2.1">
      <title>场所照片</title>
    </attachment>
  </attachments>
  <self-assessment>
"""

KAIFU_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<evidence program="kaifu-2022" version="1">
  <applicant>
    <name>{name}</name>
  </applicant>
  <date>2022-06-30</date>
  <attachments>
    <attachment id="k1" path="files/report.txt">
      <title>工作情况报告</title>
    </attachment>
  </attachments>
  <self-assessment>
"""

TAIL = """  </self-assessment>
</evidence>
"""


def item(ind, pts, att="a1", expl="说明。", inner=""):
    a = f' attachments="{att}"' if att else ""
    return (f'    <item indicator="{ind}" points="{pts}"{a}>\n'
            f"      <explanation>{expl}</explanation>\n{inner}    </item>\n")


def crit(ref, pts, units=None):
    u = f' units="{units}"' if units is not None else ""
    return f'      <criterion ref="{ref}" points="{pts}"{u}/>\n'


def cond(ref, met, indent="      "):
    return f'{indent}<condition ref="{ref}" met="{met}"/>\n'


def targets(*ids):
    return "".join(f'    <target ref="{t}"/>\n' for t in ids)


def write(rel, text, files=("minutes.txt", "photo.txt")):
    d = os.path.join(HERE, rel)
    os.makedirs(os.path.join(d, "files"), exist_ok=True)
    with open(os.path.join(d, "evidence.xml"), "w", encoding="utf-8") as f:
        f.write(text)
    for name in files:
        with open(os.path.join(d, "files", name), "w", encoding="utf-8") as f:
            f.write("attachment " + name + "\n")


def qhd(rel, name, items, tg=("youth", "elderly"), authority="秦皇岛市海港区教育局",
        date="2021-11-30"):
    write(rel, QHD_HEAD.format(name=name, authority=authority, date=date,
                               targets=targets(*tg)) + "".join(items) + TAIL)


# qhd-clean: no findings. 1.1 = 4+2.5+1+1.5 = 9, 1.2 = 3+0.25 = 3.25, 1 = 12.25; 2.1.1 = 8
# 2.2.1 = 7 (backed by a2's supports), 2 = 15; 3.1 = 5, 3.4 = 1.5, 3 = 6.5; total 33.75.
qhd("qhd-clean", "秦皇岛市海港区青少年科技活动中心", [
    item("1.1.1", "4"), item("1.1.2", "2.5"), item("1.1.3", "1"), item("1.1.4", "1.5"),
    item("1.2.1", "3"), item("1.2.2", "0.25"),
    item("2.1.1", "8"),
    item("2.2.1", "7", att=None),  # supported by a2's supports="2.2.1"
    item("3.1.1", "1"), item("3.1.2", "1"), item("3.1.3", "1"), item("3.1.4", "1"),
    item("3.1.5", "1"),
    item("3.4.1", "1"), item("3.4.2", "0.5"),
])

# qhd-checks: one finding per check.
exact200 = "科" * 200
over201 = "普" * 201
qhd("qhd-checks", "秦皇岛市海港区科普中心", [
    item("1.1.1", "5"),                        # over-weight (4): counts 4
    item("1.1.2", "3", att=None),              # no evidence: counts 0 (3 if lenient)
    item("4.1.2", "1", expl=over201),          # too long (200): counts 1
    item("4.1.3", "1", expl=exact200),         # exactly the limit: fine
    item("3.2.1", "1"),                        # farmers not selected: 0 (1 if lenient)
    item("3.1.1", "0", att=None),              # 0 points need no evidence
    item("1.2.1", "3", inner=crit("1.2.1.1", "3")),  # no criteria to break down: rule, counts 3
], tg=("youth", "resources"))

# kaifu-rules: every rule kind. Expected counted points:
# A1-1 4 (breakdown ok), A1-3 2.5 (judged) -> A1 6.5
# A2-1 5 stated: A2-1.1 3 not a fixed sum -> 2, A2-1.2 2 -> 4
# A2-2 2.5: A2-2.1 0.5 below the tiered/judged minimum 1 -> 0, A2-2.2 2 -> 2
# A2-4 4.5: A2-4.1 3, A2-4.2 1.5 above judged max 1 -> 1 -> 4            => A2 10
# A3-1 3: A3-1.1 3, cap 2 (condition undeclared) -> 2
# A3-3 4: cap lifted (informants-not-top-30-percent declared false) -> 4
# A3-5 7: A3-5.1 3 judged, A3-5.3 4 with 3 units (2 each, max 4) -> 7
# A3-4 3 stated but criteria add up to 2 -> 2                            => A3 15
# total 31.5 of 95 (33.2%)
write("kaifu-rules", KAIFU_HEAD.format(name="长沙市开福区科学技术协会") + "".join([
    item("A1-1", "4", att="k1", inner=crit("A1-1.1", "1") + crit("A1-1.2", "1") + crit("A1-1.4", "2")),
    item("A1-3", "2.5", att="k1"),
    item("A2-1", "5", att="k1", inner=crit("A2-1.1", "3") + crit("A2-1.2", "2")),
    item("A2-2", "2.5", att="k1", inner=crit("A2-2.1", "0.5") + crit("A2-2.2", "2")),
    item("A2-4", "4.5", att="k1", inner=crit("A2-4.1", "3") + crit("A2-4.2", "1.5")),
    item("A3-1", "3", att="k1", inner=crit("A3-1.1", "3")),
    item("A3-3", "4", att="k1", inner=cond("informants-not-top-30-percent", "false")),
    item("A3-5", "7", att="k1", inner=crit("A3-5.1", "3") + crit("A3-5.3", "4", units=3)),
    item("A3-4", "3", att="k1", inner=crit("A3-4.1", "2")),
]) + TAIL, files=("report.txt",))

# kaifu-capped: A3-1.1 3 with its cap lifted -> 3; A3-3 4 with the cap's condition met -> 2;
# A3-5.3 3 without units: per-unit gives 2 or 4 -> 2. A3 7, total 7.
write("kaifu-capped", KAIFU_HEAD.format(name="长沙市开福区青竹湖街道") + "".join([
    item("A3-1", "3", att="k1", inner=crit("A3-1.1", "3") + cond("no-civilization-center-activity", "false")),
    item("A3-3", "4", att="k1"),
    item("A3-5", "3", att="k1", inner=crit("A3-5.3", "3")),
]) + cond("informants-not-top-30-percent", "true", indent="    ") + TAIL, files=("report.txt",))

# kaifu-disq: A1-3 3, A3-2 5 (judged 0-3 + 0-3), but a superstition incident is declared:
# disqualified, total 0.
write("kaifu-disq", KAIFU_HEAD.format(name="长沙市开福区某街道") + "".join([
    item("A1-3", "3", att="k1"),
    item("A3-2", "5", att="k1"),
]) + '    <condition ref="superstition-incident" met="true"><p>2021年辖区发生一起伪科学活动。</p></condition>\n'
  + TAIL, files=("report.txt",))

# rank: five applicants of one county association (quota 2). Totals 30, 25, 25, 20, 10:
# two tie at 25 across the cut-off.
S1 = [("1.1.1", "4"), ("1.1.2", "3"), ("1.1.3", "1"), ("1.1.4", "2"),
      ("1.2.1", "3"), ("1.2.2", "3"), ("1.2.3", "2"), ("1.2.4", "2")]
RANK = [
    ("r1", "北港科普中心", "秦皇岛市教育局", S1 + [("2.1.1", "8"), ("2.1.2", "2")]),
    ("r2", '海港区"科普"中心,二部', "=SUM(1+1)", S1 + [("2.2.1", "5")]),
    ("r3", "抚宁区科技馆", "抚宁区科协", S1[4:] + [("2.1.1", "8"), ("2.2.1", "7")]),
    ("r4", "昌黎县科普站", "昌黎县科协", S1),
    ("r5", "卢龙县农技中心", "卢龙县农业农村局", S1[:4]),
]
for folder, name, auth, claims in RANK:
    qhd(os.path.join("rank", folder), name, [item(i, p) for i, p in claims], authority=auth)

# rank-kaifu: a program without quotas: nobody is within a quota; the disqualified applicant
# ranks last even below one that claims nothing.
write("rank-kaifu/k1", KAIFU_HEAD.format(name="开福区甲街道") + "".join([
    item("A1-3", "2", att="k1"),
]) + TAIL, files=("report.txt",))
write("rank-kaifu/k2", KAIFU_HEAD.format(name="开福区乙街道") + "".join([
    item("A1-3", "3", att="k1"),
]) + '    <condition ref="superstition-incident" met="true"/>\n' + TAIL, files=("report.txt",))
write("rank-kaifu/k3", KAIFU_HEAD.format(name="开福区丙街道") + '    <condition ref="superstition-incident" met="false"/>\n' + TAIL, files=("report.txt",))
