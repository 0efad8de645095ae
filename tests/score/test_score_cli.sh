#!/bin/bash
# test_score_cli.sh: `tianbiao score`: the terminal table (every row the same display width,
# in English and in Chinese), JSON parsed by python3, the report XML checked by xmllint, the
# ranking's CSV (BOM, RFC 4180 quoting, GB18030 round trip through iconv), the <batch> data,
# exit codes and reproducible bytes.
set -u
: "${TB:?TB must name the tianbiao binary}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
export LC_ALL=C.UTF-8
unset LANGUAGE
D="$TB_SRC/tests/score/data"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }
expect_rc() { # name expected actual
	if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else bad "$1: exit $3, expected $2"; fi
}

# Every line of the table (from the first rule to the last) has the same display width,
# with East Asian wide and fullwidth characters counted as two columns.
check_aligned() { # name file
	python3 - "$2" <<'EOF' && ok "$1" || bad "$1"
import sys, unicodedata
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or ord(ch) < 32:
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
rules = [i for i, l in enumerate(lines) if l and set(l) == {"-"}]
assert len(rules) >= 3, rules
table = lines[rules[0]:rules[-1] + 1]
widths = {width(l) for l in table}
assert len(widths) == 1, sorted(widths)
assert any(width(l) != len(l) for l in table), "no wide characters in the table"
print("   ", len(table), "rows of", widths.pop(), "columns")
EOF
}

# 1. Table, English and Chinese.
"$TB" score "$D/qhd-clean/evidence.xml" >"$tmp/clean.txt" 2>"$tmp/clean.err"
expect_rc "score qhd-clean" 0 $?
check_aligned "table aligned" "$tmp/clean.txt"
grep -q '^Total  .* 33\.75 *100 *33\.8' "$tmp/clean.txt" && ok "table total row" || bad "table total row"
grep -q '^    1\.1\.2 ' "$tmp/clean.txt" && ok "level-3 rows indented" || bad "level-3 rows indented"
[ -s "$tmp/clean.err" ] && bad "clean evidence wrote diagnostics" || ok "no diagnostics"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$TB" score "$D/kaifu-rules/evidence.xml" >"$tmp/zh.txt" 2>/dev/null
expect_rc "score kaifu-rules (zh)" 1 $?
check_aligned "table aligned (zh, kaifu)" "$tmp/zh.txt"
grep -q '合计' "$tmp/zh.txt" && ok "Chinese headers" || bad "Chinese headers"

# 2. JSON, parsed.
"$TB" score "$D/qhd-checks/evidence.xml" --format json >"$tmp/checks.json" 2>"$tmp/checks.err"
expect_rc "score --format json with findings" 1 $?
python3 - "$tmp/checks.json" <<'EOF' && ok "json content" || bad "json content"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["program"] == "qhd-2021" and d["year"] == 2021
assert d["total"] == {"claimed": 9, "max": 100, "percent": 9.0}, d["total"]
ind = {i["id"]: i for i in d["indicators"]}
assert ind["1.1.1"]["stated"] == 5 and ind["1.1.1"]["claimed"] == 4
assert ind["1.1.2"]["stated"] == 3 and ind["1.1.2"]["claimed"] == 0
assert ind["1"]["claimed"] == 7 and ind["1"]["level"] == 1 and ind["1"]["parent"] is None
assert ind["1.1.1"]["attachments"] == ["a1"]
codes = sorted((x["code"], x["indicator"], x["line"]) for x in d["diagnostics"] if x["code"].startswith("score."))
assert codes == [("score.no-evidence", "1.1.2", 61), ("score.over-weight", "1.1.1", 58),
                 ("score.rule", "1.2.1", 78), ("score.target-not-selected", "3.2.1", 70),
                 ("score.too-long", "4.1.2", 64)], codes
assert all(x["severity"] == "error" for x in d["diagnostics"])
EOF
grep -q 'error\[score.over-weight\]' "$tmp/checks.err" && ok "diagnostics on stderr" || bad "diagnostics on stderr"
"$TB" score "$D/kaifu-capped/evidence.xml" --format json >"$tmp/capped.json" 2>/dev/null
python3 - "$tmp/capped.json" <<'EOF' && ok "json criteria" || bad "json criteria"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ind = {i["id"]: i for i in d["indicators"]}
c = {x["id"]: x for x in ind["A3-5"]["criteria"]}
assert c["A3-5.3"] == {"id": "A3-5.3", "max": 4, "stated": 3, "claimed": 2}, c["A3-5.3"]
assert c["A3-5.1"]["stated"] is None
assert d["total"]["claimed"] == 7
EOF

# 3. Report data XML: well-formed, deterministic, written atomically to -o.
"$TB" score "$D/kaifu-disq/evidence.xml" --format xml -o "$tmp/report.xml" 2>/dev/null
expect_rc "score --format xml" 1 $?
xmllint --noout "$tmp/report.xml" && ok "report is well-formed (xmllint)" || bad "report well-formed"
"$TB" score "$D/kaifu-disq/evidence.xml" --format xml >"$tmp/report2.xml" 2>/dev/null
cmp -s "$tmp/report.xml" "$tmp/report2.xml" && ok "report bytes reproducible" || bad "report bytes reproducible"
[ "$(xmllint --xpath 'string(/report/disqualified)' "$tmp/report.xml")" = "true" ] && ok "report disqualified" || bad "report disqualified"
[ "$(xmllint --xpath 'string(/report/total/@claimed)' "$tmp/report.xml")" = "0" ] && ok "report total zero" || bad "report total zero"
[ "$(xmllint --xpath 'count(/report/level1)' "$tmp/report.xml")" = "3" ] && ok "report level1 count" || bad "report level1 count"
[ "$(xmllint --xpath 'string(/report/level1[@id="A3"]/@claimed)' "$tmp/report.xml")" = "5" ] && ok "report level1 claimed" || bad "report level1 claimed"
python3 - "$tmp/report.xml" <<'EOF' && ok "report keeps line breaks in attributes" || bad "report line breaks"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ind = r.find(".//indicator[@id='A1-1']")
assert "\n" in ind.get("evidence"), ind.get("evidence")[:80]
assert [c.get("id") for c in ind.findall("criterion")][:2] == ["A1-1.1", "A1-1.2"]
EOF
ls "$tmp" | grep -q '\.tmp' && bad "temporary file left behind" || ok "no temporary files left"

# 4. Ranking: table, CSV with BOM, GB18030 round trip, <batch>.
"$TB" score --rank "$D/rank" --csv "$tmp/rank.csv" >"$tmp/rank.txt" 2>"$tmp/rank.err"
expect_rc "score --rank" 0 $?
check_aligned "rank table aligned" "$tmp/rank.txt"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$TB" score --rank "$D/rank" >"$tmp/rank-zh.txt" 2>/dev/null
check_aligned "rank table aligned (zh)" "$tmp/rank-zh.txt"
grep -q '名额内' "$tmp/rank-zh.txt" && ok "rank table in Chinese" || bad "rank table in Chinese"
grep -q 'warning\[score.quota-tie\]' "$tmp/rank.err" && ok "tie across the quota warned" || bad "quota tie warning"
[ "$(head -c 3 "$tmp/rank.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok "CSV starts with a UTF-8 BOM" || bad "CSV BOM"
python3 - "$tmp/rank.csv" <<'EOF' && ok "CSV parsed (csv module)" || bad "CSV parsed"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), "CRLF rows"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0][:3] == ["Recommending body", "Rank", "Applicant"], rows[0]
assert len(rows) == 6, len(rows)
assert {r[0] for r in rows[1:]} == {"秦皇岛市海港区科学技术协会"}
rows = [r[1:] for r in rows]
assert [r[0] for r in rows[1:]] == ["1", "2", "2", "4", "5"]
assert rows[3][1] == '海港区"科普"中心,二部', rows[3][1]
assert rows[3][2] == "'=SUM(1+1)", rows[3][2]
assert [r[10] for r in rows[1:]] == ["yes", "yes", "no", "no", "no"]
assert [r[11] for r in rows[1:]] == ["", "", "over quota", "over quota", "over quota"]
assert [r[8] for r in rows[1:]] == ["30", "25", "25", "20", "10"]
EOF
"$TB" score --rank "$D/rank" --csv "$tmp/rank-gb.csv" --encoding gb18030 >/dev/null 2>&1
expect_rc "score --rank --encoding gb18030" 0 $?
iconv -f GB18030 -t UTF-8 "$tmp/rank-gb.csv" >"$tmp/rank-back.csv" && ok "iconv reads the GB18030 CSV" || bad "iconv GB18030"
tail -c +4 "$tmp/rank.csv" | cmp -s - "$tmp/rank-back.csv" && ok "GB18030 round trip equals the UTF-8 CSV" || bad "GB18030 round trip"
cmp -s "$tmp/rank-gb.csv" "$tmp/rank-back.csv" && bad "GB18030 file is not converted" || ok "GB18030 bytes differ from UTF-8"
"$TB" score --rank "$D/rank" --format xml -o "$tmp/batch.xml" 2>/dev/null
expect_rc "score --rank --format xml" 0 $?
python3 - "$tmp/batch.xml" <<'EOF' && ok "batch data" || bad "batch data"
import sys, xml.etree.ElementTree as ET
b = ET.parse(sys.argv[1]).getroot()
assert b.tag == "batch" and b.get("program") == "qhd-2021" and b.get("year") == "2021"
assert b.find("recommender").get("kind") == "county-association"
assert b.findtext("recommender/quota") == "2"
assert b.findtext("date") == "2021-12-01"  # SOURCE_DATE_EPOCH of the test run
a = b.findall("applicant")
assert [x.get("rank") for x in a] == ["1", "2", "2", "4", "5"]
assert [x.findtext("within-quota") for x in a] == ["true", "true", "false", "false", "false"]
assert a[0].findtext("score") == "30" and a[0].findtext("targets") == "青少年、老年人"
assert a[0].findtext("contact/mobile") == "13031886730"
EOF
"$TB" score --rank "$D/rank" --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert len(d["bodies"]) == 1
b = d["bodies"][0]
assert b["quota"] == 2 and len(b["applicants"]) == 5 and b["recommender"] == "秦皇岛市海港区科学技术协会"
assert b["applicants"][1]["within_quota"] and not b["applicants"][2]["within_quota"]
' && ok "rank json" || bad "rank json"

# 5. Usage and failures.
"$TB" score >/dev/null 2>&1; expect_rc "no argument" 2 $?
"$TB" score "$D/qhd-clean/evidence.xml" --format yaml >/dev/null 2>&1; expect_rc "bad --format" 2 $?
"$TB" score "$D/qhd-clean/evidence.xml" --csv x.csv >/dev/null 2>&1; expect_rc "--csv without --rank" 2 $?
"$TB" score --rank "$D/rank" --encoding latin1 >/dev/null 2>&1; expect_rc "bad --encoding" 2 $?
"$TB" score "$tmp/none.xml" >/dev/null 2>&1; expect_rc "missing evidence" 3 $?
"$TB" score --rank "$tmp" >/dev/null 2>"$tmp/empty.err"; expect_rc "empty rank dir" 1 $?
grep -q 'score.rank-empty' "$tmp/empty.err" && ok "empty rank dir diagnostic" || bad "empty rank dir diagnostic"
sed 's/program="qhd-2021"/program="no-such-program"/' "$D/qhd-clean/evidence.xml" >"$tmp/unknown.xml"
"$TB" score "$tmp/unknown.xml" >/dev/null 2>"$tmp/unknown.err"; expect_rc "unknown program" 1 $?
grep -q 'score.no-program' "$tmp/unknown.err" && ok "unknown program diagnostic" || bad "unknown program diagnostic"
"$TB" score --help | grep -q -- '--rank DIR' && ok "help" || bad "help"

exit $fail
