#!/bin/bash
# test_kaifu.sh: kaifu-2022 has its application (创建申报书) and self-assessment report as the
# seed describes them, as DOCX and ODT templates made reproducibly by make-templates.py, and
# both programs get their documents as DOCX, ODT and PDF; a claim counted for less than stated
# says so in the report; 填表人 reaches the summary sheet.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
K="$TB_SRC/templates/programs/kaifu-2022"
EV="$TB_SRC/samples/kaifu-district/evidence.xml"

"$TB" programs kaifu-2022 >/dev/null 2>&1 && ok "program loads with its templates" || fail "programs kaifu-2022"
for t in application-form self-assessment; do
	for ext in docx odt; do
		[ -s "$K/$t.$ext" ] && ok "$t.$ext shipped" || fail "$t.$ext missing"
		"$TB" inspect --format json "$K/$t.$ext" >"$W/i.json" 2>/dev/null && python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert d["problems"] == [], d["problems"]; assert len(d["tags"]) > 5
' "$W/i.json" && ok "inspect $t.$ext: tags, no problem" || fail "inspect $t.$ext"
	done
done
# The application, filled from the sample, as DOCX, ODT and PDF (from either template).
for src in docx odt; do
	for ext in $src pdf; do
		"$TB" fill "$K/application-form.$src" "$EV" -o "$W/form-$src.$ext" 2>/dev/null \
			&& [ -s "$W/form-$src.$ext" ] && ok "application-form.$src -> .$ext" || fail "fill application-form.$src -> .$ext"
	done
done
pdftotext "$W/form-docx.pdf" - | tr -d ' \n' >"$W/form.txt"
for w in 创建申报书 长沙市开福区科学技术协会 长沙市科学技术协会 13874851234 湖南省科普工作先进集体 申报单位意见; do
	grep -q "$w" "$W/form.txt" && ok "form PDF shows $w" || fail "form PDF lacks $w"
done
grep -q '服务对象' "$W/form.txt" && fail "kaifu-2022 has no 服务对象 row" || ok "no 服务对象 row (the program has no targets)"
/usr/bin/python3 -c 'import docx, sys; t = "".join(p.text for p in docx.Document(sys.argv[1]).paragraphs)
for tb in docx.Document(sys.argv[1]).tables:
    for r in tb.rows:
        for c in r.cells: t += c.text
assert "长沙市开福区科学技术协会" in t and "{{" not in t' "$W/form-docx.docx" && ok "python-docx reads the filled DOCX" || fail "python-docx"
pdfsig "$W/form-docx.pdf" 2>/dev/null | grep -q 'Signature Field Name: applicant' && ok "seal field in the form" || fail "seal field"
# The self-assessment report as DOCX and PDF.
for ext in docx pdf; do
	"$TB" report "$EV" -o "$W/report.$ext" 2>/dev/null && [ -s "$W/report.$ext" ] && ok "report .$ext" || fail "report .$ext"
done
pdftotext "$W/report.pdf" - | tr -d ' \n' >"$W/report.txt"
for w in 创建工作自评报告 A1-1 A3-5 自评得分; do
	grep -q "$w" "$W/report.txt" && ok "report PDF shows $w" || fail "report PDF lacks $w"
done
# A package of each program has its documents.
"$TB" build "$EV" -o "$W/kaifu.zip" 2>/dev/null && ok "build kaifu-2022" || fail "build kaifu-2022"
n=$(unzip -Z1 "$W/kaifu.zip" | grep -c '/application/.*\.\(docx\|odt\|pdf\)$')
[ "$n" -eq 5 ] && ok "kaifu package: 5 documents (form DOCX/ODT/PDF, report DOCX/PDF)" || fail "kaifu package has $n documents"
# Reproducible: the script makes the committed DOCX files byte for byte.
python3 "$TB_SRC/scripts/make-templates.py" --program kaifu-2022 --no-odt --outdir "$W/tpl" >/dev/null \
	&& cmp -s "$W/tpl/application-form.docx" "$K/application-form.docx" \
	&& cmp -s "$W/tpl/self-assessment.docx" "$K/self-assessment.docx" \
	&& ok "make-templates.py reproduces the kaifu-2022 DOCX" || fail "kaifu-2022 templates not reproducible"

# One verdict, and never a silent 0: points in a category whose service target is not
# selected count 0; validate says so, report exits 1 and its PDF shows the stated points.
mkdir "$W/q" && cp -r "$TB_SRC/samples/qhd-haigang-youth/." "$W/q/"
sed -i 's|<item indicator="3.2.1" points="0"|<item indicator="3.2.1" points="1"|' "$W/q/evidence.xml"
grep -q '<item indicator="3.2.1" points="1"' "$W/q/evidence.xml" || fail "test set-up: 3.2.1 not claimed"
rc=0; "$TB" validate "$W/q" >"$W/v.out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q 'error\[score.target-not-selected\]' "$W/v.out" && ok "validate reports what scoring refuses" \
	|| fail "validate: exit $rc $(cat "$W/v.out")"
rc=0; "$TB" report "$W/q/evidence.xml" -o "$W/q.pdf" 2>/dev/null || rc=$?
[ $rc = 1 ] && [ -s "$W/q.pdf" ] && ok "report: written, exit 1" || fail "report exit $rc"
pdftotext "$W/q.pdf" - | tr -d ' \n' | grep -q "（自评1）" && ok "the report shows 0（自评1）, not a bare 0" \
	|| fail "stated points not shown"
rc=0; "$TB" build "$W/q/evidence.xml" -o "$W/q.zip" 2>/dev/null || rc=$?
[ $rc = 1 ] && [ ! -e "$W/q.zip" ] && ok "build refuses it (exit 1, nothing written)" || fail "build exit $rc"

echo "$fails failure(s)"
[ "$fails" = 0 ]
