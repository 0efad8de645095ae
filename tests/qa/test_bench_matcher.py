#!/usr/bin/python3
"""The line matcher of the render benchmarks (bench/pdfcmp.py), on made-up pages: lines that
sit where the reference has them, lines moved, broken after another word (Latin and CJK),
read in another order, lost, or on another page. The corpus comparison (bench/corpus) rests
on it, so a wrong match would make every figure there wrong."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("TB_SRC", os.path.join(os.path.dirname(__file__), "..", "..")), "bench"))
import pdfcmp  # noqa: E402

MM = 72 / 25.4
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}")


def line(text, x, y, cw=6.0):
    """A line of words separated by spaces, each character cw points wide."""
    words, cx = [], x
    for w in text.split(" "):
        words.append((w, cx, y, cx + cw * len(w), y + 10))
        cx += cw * (len(w) + 1)
    return {"x": x, "y": y, "words": words}


def statuses(res):
    return [r["status"] for r in res]


# the same page: every line near, similarity 1
ref = [[line("Application for certification", 72, 72), line("Name of the organisation", 72, 90)]]
res, sim = pdfcmp.match_lines(ref, ref)
check(statuses(res) == ["near", "near"] and sim == 1.0, f"identical pages: {statuses(res)} {sim}")

# everything 3 mm lower: far, offset 3 mm, vertical
low = [[line("Application for certification", 72, 72 + 3 * MM), line("Name of the organisation", 72, 90 + 3 * MM)]]
res, sim = pdfcmp.match_lines(ref, low)
s = pdfcmp.summarise_lines(res)
check(statuses(res) == ["far", "far"] and abs(s["median_mm"] - 3) < 0.01 and abs(res[0]["dy"] - 3) < 0.01
      and abs(res[0]["dx"]) < 0.01 and s["share_near"] == 0.0, f"3 mm lower: {res}")
# 1.5 mm is within 2 mm
res, _ = pdfcmp.match_lines(ref, [[line("Application for certification", 72, 72 + 1.5 * MM),
                                   line("Name of the organisation", 72, 90)]])
check(statuses(res) == ["near", "near"], f"1.5 mm: {statuses(res)}")

# a line broken after another word: the first line is in place; the second reference line
# starts with "ddd" at the margin, which the test puts in the middle of its second line
ref = [[line("aaa bbb ccc", 72, 72), line("ddd eee", 72, 90)]]
test = [[line("aaa bbb", 72, 72), line("ccc ddd eee", 72, 90)]]
res, sim = pdfcmp.match_lines(ref, test)
check(statuses(res) == ["near", "far"] and sim == 1.0, f"Latin break: {statuses(res)} {sim}")
check(abs(res[1]["dx"] - 24 / MM) < 0.01 and abs(res[1]["dy"]) < 0.01, f"Latin break offset: {res[1]}")

# CJK: one word per line, broken one character earlier; each character is a token
ref = [[line("报名表格式说明", 72, 72, 12), line("附件一", 72, 90, 12)]]
test = [[line("报名表格式说", 72, 72, 12), line("明附件一", 72, 90, 12)]]
res, sim = pdfcmp.match_lines(ref, test)
check(statuses(res) == ["near", "far"] and sim == 1.0, f"CJK break: {statuses(res)} {sim}")
check(abs(res[1]["dx"] - 12 / MM) < 0.01, f"CJK break offset: {res[1]}")

# the test reads a block in another order (pdftotext's reading order follows the layout):
# the lines are still where the reference has them
ref = [[line("first block of text here", 72, 72), line("second block of text there", 72, 300),
        line("third block closes it", 72, 500)]]
test = [[ref[0][2], ref[0][0], ref[0][1]]]
res, sim = pdfcmp.match_lines(ref, test)
check(statuses(res) == ["near", "near", "near"] and sim == 1.0, f"reading order: {statuses(res)} {sim}")

# a lost line, and text similarity below 1
ref = [[line("kept line one", 72, 72), line("a line the test loses", 72, 90), line("kept line two", 72, 108)]]
test = [[ref[0][0], ref[0][2]]]
res, sim = pdfcmp.match_lines(ref, test)
check(statuses(res) == ["near", "lost", "near"] and 0.5 < sim < 1.0, f"lost line: {statuses(res)} {sim}")
check(pdfcmp.summarise_lines(res)["share_near"] == 2 / 3, "share counts the lost line")

# the same text on the next page
ref = [[line("end of page one", 72, 72)], [line("start of page two", 72, 72)]]
test = [[line("end of page one", 72, 72), line("start of page two", 72, 90)], []]
res, _ = pdfcmp.match_lines(ref, test)
check(statuses(res) == ["near", "other-page"], f"other page: {statuses(res)}")

# normalisation: whitespace, soft hyphens and ligatures do not count; full-width commas do
check(pdfcmp.norm(" of\u00adfi ce \ufb01le ") == "officefile", "norm")
check(pdfcmp.norm("，") != pdfcmp.norm(","), "full-width comma kept")
toks = [t[0] for t in pdfcmp.tokens([[line("报名表ABC12，foo-bar", 72, 72)]])]
check(toks == ["报", "名", "表", "ABC12", "，", "foo", "-", "bar"], f"tokens: {toks}")

# a word hyphenated by one renderer still counts most of its characters as the same text
_, sim = pdfcmp.align(pdfcmp.tokens([[line("documentation", 72, 72)]]),
                      pdfcmp.tokens([[line("documen-", 72, 72), line("tation", 72, 90)]]))
check(sim > 0.9, f"hyphenated word similarity {sim}")

print("bench matcher: " + ("ok" if not failures else f"{failures} failure(s)"))
sys.exit(1 if failures else 0)
