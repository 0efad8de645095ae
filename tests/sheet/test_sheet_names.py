#!/usr/bin/env python3
"""The XLSX the ranking writes opens in openpyxl: one sheet per recommending body with a
name spreadsheet programs accept, a bold header row, scores as numbers, Chinese headers under
zh_CN."""
import os, subprocess, sys, tempfile
try:
    import openpyxl
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

TB, SRC = os.environ["TB"], os.environ["TB_SRC"]
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "rank.xlsx")
    env = dict(os.environ, LANG="zh_CN.UTF-8", LANGUAGE="zh_CN")
    subprocess.run([TB, "score", "--rank", os.path.join(SRC, "tests/score/data/rank"),
                    "--xlsx", out, "--preparer", "王芳"], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["秦皇岛市海港区科学技术协会"], wb.sheetnames
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    head = [i for i, r in enumerate(rows) if r[0] == "名次"][0]
    assert rows[head][:3] == ("名次", "申报单位", "主管部门"), rows[head]
    assert ws.cell(row=head + 1, column=1).font.b, "header not bold"
    body = rows[head + 1:]
    assert [r[0] for r in body] == [1, 2, 2, 4, 5], body
    assert [r[8] for r in body] == [30, 25, 25, 20, 10], body
    assert body[2][10] == "否" and body[2][11] == "超出名额", body[2]
    assert any("王芳" in str(c) for r in rows[:head] for c in r if c), rows[:head]
    print("ok: %d rows, sheet %s" % (len(rows), wb.sheetnames[0]))
