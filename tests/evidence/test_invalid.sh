#!/bin/bash
# Every file in tests/evidence/invalid/ provokes exactly one error; its second line says which:
# "<!-- expect: CODE LINE -->". Assert the code and the line in text output (English and, for
# a few, Chinese) and in the JSON output, and exit status 1.
set -u
: "${TB:?}" "${TB_SRC:?}"
dir="$TB_SRC/tests/evidence/invalid"
fail=0
n=0
bad() { echo "FAIL: $*"; fail=1; }

for f in "$dir"/*.xml; do
	name=$(basename "$f")
	read -r code line < <(grep -ao 'expect: [^ ]* [0-9]*' "$f" | head -1 | cut -d' ' -f2-)
	[ -n "${code:-}" ] && [ -n "${line:-}" ] || { bad "$name: no expect comment"; continue; }
	n=$((n + 1))
	out=$(LANG=C LANGUAGE= LC_ALL= "$TB" validate "$f" 2>&1)
	rc=$?
	[ $rc -eq 1 ] || bad "$name: exit $rc, expected 1"
	# exactly one error, with the expected code at the expected line
	errs=$(grep -c ': error\[' <<<"$out")
	[ "$errs" -eq 1 ] || bad "$name: $errs errors, expected 1: $out"
	grep -q "^$f:$line:[0-9]*: error\[$code\]: " <<<"$out" ||
		bad "$name: no error[$code] at line $line: $out"
	grep -q '^  hint: ' <<<"$out" || bad "$name: no hint"
	grep -q "$f: INVALID (1 errors, 0 warnings)" <<<"$out" || bad "$name: no summary line"
done
[ $n -ge 15 ] || bad "only $n invalid files"

# The same through JSON: one run over every file, one document.
"$TB" validate --format json "$dir"/*.xml >json.out 2>/dev/null
[ $? -eq 1 ] || bad "JSON run: exit status"
python3 - json.out <<'PY' || bad "JSON"
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["valid"] == 0 and doc["unreadable"] == 0 and doc["invalid"] == len(doc["files"]), doc
for f in doc["files"]:
    code, line = re.search(rb"expect: (\S+) (\d+)", open(f["file"], "rb").read()).groups()
    assert f["status"] == "invalid" and f["errors"] == 1, f
    d = f["diagnostics"][0]
    assert d["code"] == code.decode() and d["line"] == int(line), (f["file"], d)
    assert d["severity"] == "error" and d["message"] and d["hint"] and d["column"] >= 1, d
    assert d["file"] == f["file"], d
print(len(doc["files"]), "files checked through JSON")
PY

# Chinese: same code and line, translated message and hint.
zh() { # file code pattern-in-message
	local f="$dir/$1" out line
	line=$(grep -ao 'expect: [^ ]* [0-9]*' "$f" | head -1 | cut -d' ' -f3)
	out=$(LANG=zh_CN.UTF-8 LANGUAGE= LC_ALL= "$TB" validate "$f" 2>&1)
	grep -q "^$f:$line:[0-9]*: 错误\[$2\]: .*$3" <<<"$out" || bad "zh $1: $out"
	grep -q '^  提示: ' <<<"$out" || bad "zh $1: hint not translated: $out"
	grep -q '无效' <<<"$out" || bad "zh $1: summary not translated: $out"
}
zh staff-sum.xml staff.sum '专职'
zh funding-sum.xml funding.sum '经费'
zh claim-points.xml claim.points '权重'
zh attachment-sha256.xml attachment.sha256 'SHA-256'
zh schema-bad-number.xml schema.invalid '属性'
zh xxe.xml xml.doctype '文档类型'
zh bad-utf8.xml xml.encoding 'UTF-8'
rm -f json.out
echo "$n invalid files checked"
exit $fail
