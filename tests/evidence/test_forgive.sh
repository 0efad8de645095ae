#!/bin/bash
# test_forgive.sh: what people type that has one meaning is read with a warning: full-width
# (全角) digits in numbers, phone numbers and points, a Windows backslash in an attachment path,
# typographic quotes around attribute values. What is still wrong names its cause (全角), and an
# XML syntax error is said in plain words with the line and a caret, in Chinese under zh_CN.
set -u
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
export LC_ALL=C.UTF-8
unset LANGUAGE
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cp -r "$TB_SRC/samples/qhd-haigang-youth" "$W/a"
python3 - "$W/a/evidence.xml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
for a, b in [("<postcode>066000</postcode>", "<postcode>０６６０００</postcode>"),
             ("<phone>0335-3068277</phone>", "<phone>０３３５－３０６８２７７</phone>"),
             ('<item indicator="1.1.1" points="4"', '<item indicator="1.1.1" points=“４”'),
             ('<staff total="12"', "<staff total='１２'"),
             ('path="files/robotics-workshop.jpg"', 'path="files\\robotics-workshop.jpg"')]:
    assert a in s, a
    s = s.replace(a, b)
open(p, "w", encoding="utf-8").write(s)
EOF
rc=0; "$TB" validate "$W/a" >"$W/a.out" 2>&1 || rc=$?
[ $rc = 0 ] && ok "accepted (exit 0)" || fail "exit $rc: $(cat "$W/a.out")"
for w in 'warning\[input.fullwidth\]: full-width (全角) characters in "０６６０００" read as "066000"' \
	'warning\[input.fullwidth\]: .*"０３３５－３０６８２７７" read as "0335-3068277"' \
	'warning\[input.fullwidth\]: .*"４" read as "4"' \
	'warning\[input.fullwidth\]: .*"１２" read as "12"' \
	'warning\[attachment.backslash\]: the path "files\\robotics-workshop.jpg" uses backslashes' \
	':98:36: warning\[xml.quotes\]'; do
	grep -q "$w" "$W/a.out" && ok "warned: $w" || fail "no warning $w in $(cat "$W/a.out")"
done
"$TB" score --format json "$W/a/evidence.xml" 2>/dev/null | python3 -c '
import json, sys; d = json.load(sys.stdin)
i = [x for x in d["indicators"] if x["id"] == "1.1.1"][0]
assert i["claimed"] == 4, i' && ok "the full-width points count (1.1.1: 4)" || fail "points not read"
"$TB" build "$W/a/evidence.xml" -o "$W/a.zip" 2>/dev/null && ok "it builds" || fail "build"

# Not one meaning: a full-width letter in a mobile number stays an error naming 全角.
sed -i 's|<mobile>13031886730</mobile>|<mobile>１３０３１８８６７３ｘ</mobile>|' "$W/a/evidence.xml"
rc=0; "$TB" validate "$W/a" >"$W/b.out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q 'error\[format.mobile\]' "$W/b.out" && grep -q 'hint: it contains full-width (全角) characters' "$W/b.out" \
	&& ok "the hint names the cause (全角)" || fail "mobile: exit $rc $(cat "$W/b.out")"
# A backslash that names no file stays an error saying so.
sed -i 's|files\\robotics-workshop.jpg|files\\nothere.jpg|' "$W/a/evidence.xml"
"$TB" validate "$W/a" 2>&1 | grep -q 'error\[attachment.path\]: .*the path contains a backslash' \
	&& ok "an unresolvable backslash path is an error naming the backslash" || fail "backslash error"

# XML syntax errors: plain words, the line, a caret under the place; in Chinese too.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<evidence program="qhd-2021" version="1">\n  <applicant>\n    <name>海港区中心</nam>\n  </applicant>\n</evidence>\n' >"$W/x.xml"
"$TB" validate "$W/x.xml" >"$W/x.out" 2>&1
python3 - "$W/x.out" <<'EOF' && ok "mismatched tag: plain message, excerpt and caret" || fail "xml message: $(cat "$W/x.out")"
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = [k for k, l in enumerate(lines) if "error[xml.malformed]" in l][0]
assert lines[i].endswith("the end tag </nam> does not match <name>, opened on line 4"), lines[i]
assert ":4:" in lines[i], lines[i]
src, caret = lines[i + 1], lines[i + 2]
assert src.strip() == "<name>海港区中心</nam>", src
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
col = caret.index("^")
start = w(src[:src.index("</nam>")])
assert start <= col < start + len("</nam>"), (src, caret)   # the caret is under "</nam>"
EOF
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$TB" validate "$W/x.xml" >"$W/xz.out" 2>&1
grep -q '错误\[xml.malformed\]: 结束标记 </nam> 与第 4 行开始的 <name> 不匹配' "$W/xz.out" && grep -q '提示: ' "$W/xz.out" \
	&& ok "the same in Chinese" || fail "zh: $(cat "$W/xz.out")"
printf '<evidence program="qhd-2021">\n  <item points=4/>\n</evidence>\n' >"$W/y.xml"
"$TB" validate "$W/y.xml" >"$W/y.out" 2>&1
[ "$(grep -c 'error\[xml.malformed\]' "$W/y.out")" = 1 ] && grep -q 'an attribute value is not in quotes' "$W/y.out" \
	&& ok "one mistake, one error (libxml2's repeats at the same place dropped)" || fail "y: $(cat "$W/y.out")"

echo "$fails failure(s)"
[ "$fails" = 0 ]
