#!/bin/bash
# The README's main job (scripts/demo.sh) end to end on the bundled samples, and the checks a
# person would make of its outputs.
set -u
fail=0 passed=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { passed=$((passed + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$TB_SRC/scripts/demo.sh" "$TB" "$tmp/out" >"$tmp/log" 2>&1 && ok || { bad "demo.sh failed"; tail -20 "$tmp/log"; }
grep -q 'batch-qhd-2021: verified' "$tmp/log" && ok || bad "qhd batch not verified"
grep -q 'bundle-2021.zip: verified' "$tmp/log" && ok || bad "bundle not verified"

for f in "$tmp"/out/forms/*.pdf "$tmp"/out/reports/*.pdf; do
	qpdf --check "$f" >/dev/null 2>&1 && ok || bad "$f: qpdf --check"
done
[ "$(ls "$tmp"/out/forms/*.pdf | wc -l)" -eq 4 ] && ok || bad "expected 4 forms (3 qhd-2021, 1 kaifu-2022)"
[ -s "$tmp/out/reports/kaifu-district.pdf" ] && pdftotext "$tmp/out/reports/kaifu-district.pdf" - | grep -q '创建工作自评报告' \
	&& ok || bad "kaifu-2022 self-assessment report"
# Every form has both seal fields, empty and ready to be signed.
for f in "$tmp"/out/forms/*.pdf; do
	s=$(pdfsig "$f" 2>/dev/null)
	echo "$s" | grep -q 'Signature Field Name: applicant' && echo "$s" | grep -q 'Signature Field Name: recommender' && ok || bad "$f: seal fields"
done
# Packages: one per qhd applicant, readable by unzip, each with the form as DOCX, ODT and PDF.
for z in "$tmp"/out/batch-qhd-2021/packages/*.zip; do
	unzip -tq "$z" >/dev/null && ok || bad "$z: unzip -t"
	n=$(unzip -Z1 "$z" | grep -c '附件2-申报推荐表\.\(docx\|odt\|pdf\)$')
	[ "$n" -eq 3 ] && ok || bad "$z: $n form files"
done
# kaifu-2022 too: its application and report as DOCX, ODT (form) and PDF in the package.
for z in "$tmp"/out/batch-kaifu-2022/packages/*.zip; do
	n=$(unzip -Z1 "$z" | grep -c '/application/\(附件2-申报推荐表\.\(docx\|odt\|pdf\)\|自评报告\.\(docx\|pdf\)\)$')
	[ "$n" -eq 5 ] && ok || bad "$z: $n kaifu-2022 documents"
done
# One 推荐汇总表 per recommending body (the three samples have three bodies).
[ "$(ls "$tmp"/out/batch-qhd-2021/summary/*.pdf | wc -l)" -eq 3 ] && ok || bad "summary sheets"

# Same inputs, same bytes: a second run into another folder gives identical packages.
"$TB_SRC/scripts/demo.sh" "$TB" "$tmp/again" >/dev/null 2>&1
for z in "$tmp"/out/batch-qhd-2021/packages/*.zip; do
	cmp -s "$z" "$tmp/again/batch-qhd-2021/packages/$(basename "$z")" && ok || bad "$(basename "$z") differs between runs"
done
cmp -s "$tmp/out/bundle-2021.zip" "$tmp/again/bundle-2021.zip" && ok || bad "bundle differs between runs"

# fill validates evidence of a known program first; --no-validate skips it.
inv="$TB_SRC/tests/evidence/invalid/staff-sum.xml"
form="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
"$TB" fill "$form" "$inv" -o "$tmp/x.docx" >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'staff.sum' "$tmp/o" && [ ! -e "$tmp/x.docx" ] && ok || bad "fill of invalid evidence: rc $rc"
"$TB" fill --no-validate "$form" "$inv" -o "$tmp/x.docx" >/dev/null 2>&1 && [ -s "$tmp/x.docx" ] && ok || bad "fill --no-validate"

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
