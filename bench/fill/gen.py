"""gen.py OUTDIR [N]: a stand-in 附件2-style template (python-docx) and N applicants' data, as
XML for tianbiao and JSON for docxtemplater. The template uses only tags both engines read
the same way ({{name}}, {{#list}}…{{/list}} row and paragraph loops)."""
import json
import os
import random
import sys

import docx

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
os.makedirs(os.path.join(out, "data"), exist_ok=True)

d = docx.Document()
d.add_heading("秦皇岛市公民科学素质教育示范单位申报推荐表", 0)
for label, tag in [("申报单位", "name"), ("推荐单位", "recommender"), ("申报日期", "date")]:
    d.add_paragraph("%s：{{%s}}" % (label, tag))
t = d.add_table(rows=0, cols=4)
fields = [("通讯地址", "address"), ("邮编", "postcode"), ("主管部门", "authority"), ("联系人", "contact"),
          ("电话", "phone"), ("手机", "mobile"), ("电子信箱", "email"), ("人员总数", "staff"),
          ("专职", "fulltime"), ("兼职", "parttime"), ("经费合计（万元）", "funding"), ("场所面积", "area")]
for i in range(0, len(fields), 2):
    r = t.add_row().cells
    r[0].text, r[1].text = fields[i][0], "{{%s}}" % fields[i][1]
    r[2].text, r[3].text = fields[i + 1][0], "{{%s}}" % fields[i + 1][1]
d.add_paragraph("获奖情况")
t = d.add_table(rows=2, cols=3)
t.rows[0].cells[0].text, t.rows[0].cells[1].text, t.rows[0].cells[2].text = "年份", "奖项", "授予单位"
t.rows[1].cells[0].text = "{{#awards}}{{year}}"
t.rows[1].cells[1].text = "{{title}}"
t.rows[1].cells[2].text = "{{issuer}}{{/awards}}"
d.add_paragraph("科学素质工作总结")
d.add_paragraph("{{#summary}}")
d.add_paragraph("{{text}}")
d.add_paragraph("{{/summary}}")
d.add_paragraph("申报单位意见：{{opinion}}")
d.save(os.path.join(out, "template.docx"))

rnd = random.Random(42)
words = "科学 普及 青少年 社区 活动 讲座 展览 培训 实验 志愿者 农民 老年人 创新 实践 基地".split()


def para():
    return "".join(rnd.choice(words) for _ in range(rnd.randint(40, 120))) + "。"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


for k in range(n):
    v = {"name": "第%d科技活动中心" % (k + 1), "recommender": "海港区科学技术协会", "date": "2021-11-%02d" % (k % 28 + 1),
         "address": "河北省秦皇岛市海港区文化路%d号" % k, "postcode": "066000", "authority": "海港区教育局",
         "contact": "李明", "phone": "0335-3068277", "mobile": "1303188%04d" % k, "email": "a%d@example.cn" % k,
         "staff": str(10 + k % 7), "fulltime": "5", "parttime": str(5 + k % 7), "funding": "35.5", "area": "320",
         "opinion": "同意申报。"}
    awards = [{"year": str(2018 + i % 4), "title": "科普工作先进集体%d" % i, "issuer": "秦皇岛市科学技术协会"}
              for i in range(rnd.randint(1, 6))]
    summary = [{"text": para()} for _ in range(rnd.randint(2, 5))]
    with open(os.path.join(out, "data", "%03d.json" % k), "w", encoding="utf-8") as f:
        json.dump(dict(v, awards=awards, summary=summary), f, ensure_ascii=False)
    xml = ["<applicant>"] + ["<%s>%s</%s>" % (a, esc(b), a) for a, b in v.items()]
    xml += ["<awards><year>%s</year><title>%s</title><issuer>%s</issuer></awards>" %
            (a["year"], esc(a["title"]), esc(a["issuer"])) for a in awards]
    xml += ["<summary><text>%s</text></summary>" % esc(s["text"]) for s in summary]
    xml.append("</applicant>")
    with open(os.path.join(out, "data", "%03d.xml" % k), "w", encoding="utf-8") as f:
        f.write("\n".join(xml))
