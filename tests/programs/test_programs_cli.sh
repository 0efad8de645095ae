#!/bin/bash
# test_programs_cli.sh: `tianbiao programs` output (text and JSON), exit codes, messages.
set -u
: "${TB:?TB must name the tianbiao binary}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }
expect_rc() { # name expected actual
	if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else bad "$1: exit $3, expected $2"; fi
}
expect_grep() { # name pattern file
	if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: no '$2' in $(basename "$3")"; sed 's/^/    /' "$3"; fi
}

# List, text.
"$TB" programs >"$tmp/list.txt" 2>"$tmp/list.err"
expect_rc "list" 0 $?
expect_grep "list header" '^ID  *YEAR  *TOTAL  *INDICATORS  *TITLE$' "$tmp/list.txt"
expect_grep "list qhd-2021" '^qhd-2021  *2021  *100  *92  2021年度秦皇岛市公民科学素质教育示范单位创建$' "$tmp/list.txt"
expect_grep "list kaifu-2022" '^kaifu-2022  *2022  *95  *15  开福区建设' "$tmp/list.txt"
[ "$(sed -n 2p "$tmp/list.txt" | cut -d' ' -f1)" = "kaifu-2022" ] && ok "list sorted" || bad "list sorted"
[ -s "$tmp/list.err" ] && bad "list wrote to stderr" || ok "list stderr empty"

# List, JSON: parse it with a real JSON parser.
"$TB" programs --format json >"$tmp/list.json"
expect_rc "list json" 0 $?
python3 - "$tmp/list.json" <<'EOF' && ok "list json content" || bad "list json content"
import json, sys
d = json.load(open(sys.argv[1]))
p = {x["id"]: x for x in d["programs"]}
assert list(p) == ["kaifu-2022", "qhd-2021"], list(p)
q = p["qhd-2021"]
assert q["year"] == 2021 and q["total"] == 100 and q["indicators"] == 92 and q["leaves"] == 72, q
assert q["deadline"] == "2021-12-06"
k = p["kaifu-2022"]
assert k["total"] == 95 and k["indicators"] == 15 and k["deadline"] is None, k
EOF

# One program, text: the tree is aligned in display columns (CJK = 2 columns).
"$TB" programs qhd-2021 >"$tmp/qhd.txt"
expect_rc "show qhd-2021" 0 $?
expect_grep "show total" 'Total: 100 points, 92 indicators (72 leaves)' "$tmp/qhd.txt"
expect_grep "show level 1" '^1  *20  组织管理与工作机制$' "$tmp/qhd.txt"
expect_grep "show level 2" '^  3\.3  *5    产业工人科学素质提升行动$' "$tmp/qhd.txt"
expect_grep "show level 3" '^    4\.5\.1  *2      围绕提升科学素质' "$tmp/qhd.txt"
python3 - "$tmp/qhd.txt" <<'EOF' && ok "show columns aligned" || bad "show columns aligned"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("ID "))
head = lines[start]
# The weight column ends where the WEIGHT header ends, on every row.
end = head.index("WEIGHT") + len("WEIGHT")
rows = lines[start + 1:]
assert len(rows) == 92, len(rows)
for r in rows:
    assert r[end - 1] != " " and r[end] == " ", r
    # Titles are cut to 60 columns.
    assert width(r) <= end + 2 + 6 + 60, (width(r), r)
EOF

# One program, JSON.
"$TB" programs --format=json kaifu-2022 >"$tmp/kaifu.json"
expect_rc "show kaifu-2022 json" 0 $?
python3 - "$tmp/kaifu.json" <<'EOF' && ok "show json content" || bad "show json content"
import json, sys
from decimal import Decimal
d = json.load(open(sys.argv[1]), parse_float=Decimal)
assert d["id"] == "kaifu-2022" and d["total"] == 95
inds = {i["id"]: i for i in d["indicators"]}
assert [i["id"] for i in d["indicators"] if i["level"] == 1] == ["A1", "A2", "A3"]
for top in ("A1", "A2", "A3"):
    kids = [i for i in d["indicators"] if i["parent"] == top]
    assert sum(Decimal(str(k["weight"])) for k in kids) == inds[top]["weight"], top
assert inds["A3-5"]["weight"] == 16 and len(inds["A3-5"]["criteria"]) == 4
assert inds["A3-3"]["char_limit"] == 500
# Every leaf's criteria add up to its weight; A3-2's disqualifier weighs nothing.
for i in d["indicators"]:
    if i["criteria"]:
        assert sum(c["max"] for c in i["criteria"]) == i["weight"], i["id"]
c = {c["id"]: c for i in d["indicators"] for c in i["criteria"]}
assert len(c) == 38
assert c["A3-2.3"]["max"] == 0 and "取消创建资格" in c["A3-2.3"]["text"]
assert c["A1-1.6"]["max"] == 1 and c["A3-5.3"]["text"].startswith("每承担 1 项")
EOF

# Criteria rows under their leaves, one level deeper.
"$TB" programs --criteria kaifu-2022 >"$tmp/kaifu.txt"
expect_rc "show criteria" 0 $?
expect_grep "criteria row" '^    A3-5\.3  *4      每承担 1 项试点、活动或会议，得 2 分，最高不超过 4 分。$' "$tmp/kaifu.txt"
expect_grep "criteria half point" '^    A1-1\.6  *1      市级党委' "$tmp/kaifu.txt"
[ "$(grep -c '^    A[123]-[0-9]\.[0-9]' "$tmp/kaifu.txt")" = 38 ] && ok "38 criteria rows" || bad "38 criteria rows"
"$TB" programs kaifu-2022 | grep -q 'A3-5\.3' && bad "criteria hidden by default" || ok "criteria hidden by default"

# Errors: unknown id, bad option, bad format.
"$TB" programs no-such-program >"$tmp/unk.out" 2>"$tmp/unk.err"
expect_rc "unknown id" 3 $?
expect_grep "unknown id message" 'error\[program.unknown\]: no program "no-such-program" is installed' "$tmp/unk.err"
expect_grep "unknown id hint" "tianbiao programs" "$tmp/unk.err"
"$TB" programs --format json no-such-program >"$tmp/unk.json" 2>/dev/null
expect_rc "unknown id json" 3 $?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[0]["code"]=="program.unknown"' "$tmp/unk.json" \
	&& ok "unknown id json diagnostics" || bad "unknown id json diagnostics"
"$TB" programs --bogus >/dev/null 2>"$tmp/opt.err"
expect_rc "unknown option" 2 $?
"$TB" programs --format xml >/dev/null 2>&1
expect_rc "bad format" 2 $?
"$TB" programs qhd-2021 kaifu-2022 >/dev/null 2>&1
expect_rc "two ids" 2 $?
"$TB" programs --help >"$tmp/help.txt"
expect_rc "help" 0 $?
expect_grep "help text" 'Usage: tianbiao programs' "$tmp/help.txt"
"$TB" --help | grep -q '^  programs ' && ok "listed in tianbiao --help" || bad "listed in tianbiao --help"

# A broken program in the data folder: reported with its code, the others still listed.
mkdir -p "$tmp/data/templates/programs/broken" "$tmp/data/templates/programs/qhd-2021"
cp "$TB_SRC/templates/programs/program.xsd" "$tmp/data/templates/programs/"
cp "$TB_SRC/templates/programs/qhd-2021/program.xml" "$tmp/data/templates/programs/qhd-2021/"
sed 's/id="bad-weights"/id="broken"/' "$TB_SRC/tests/programs/bad/weights.xml" \
	>"$tmp/data/templates/programs/broken/program.xml"
TIANBIAO_DATADIR="$tmp/data" "$TB" programs >"$tmp/broken.txt" 2>"$tmp/broken.err"
expect_rc "broken program" 1 $?
expect_grep "broken program listed others" '^qhd-2021 ' "$tmp/broken.txt"
expect_grep "broken program code" 'broken/program.xml:9:.*error\[program.weights\]' "$tmp/broken.err"

# Chinese messages when LANG=zh_CN.UTF-8.
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$TB" programs no-such-program 2>"$tmp/zh.err"
expect_rc "unknown id zh" 3 $?
expect_grep "unknown id in Chinese" '未安装' "$tmp/zh.err"
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$TB" programs qhd-2021 >"$tmp/zh.txt"
expect_grep "tree header in Chinese" '^编号  *权重  *标题$' "$tmp/zh.txt"

exit $fail
