#!/bin/bash
# The report command (DOCX, ODT, PDF with its chart) and fill straight to PDF.
set -u
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
ok() { passed=$((passed + 1)); }

for ev in "$TB_SRC"/samples/qhd-*/evidence.xml; do
	name=$(basename "$(dirname "$ev")")
	for ext in docx odt pdf; do
		"$TB" report "$ev" -o "$tmp/$name.$ext" 2>"$tmp/err" || { bad "$name.$ext: exit $?: $(cat "$tmp/err")"; continue; }
		[ -s "$tmp/$name.$ext" ] && ok || bad "$name.$ext missing"
	done
	# The DOCX opens in python-docx and shows the applicant and the total line.
	applicant=$(python3 -c 'import sys,xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).find("applicant/name").text.strip())' "$ev")
	python3 - "$tmp/$name.docx" "$applicant" <<'PY' && ok || bad "$name.docx content"
import sys, docx
d = docx.Document(sys.argv[1])
text = "\n".join(p.text for p in d.paragraphs)
for t in d.tables:
    for row in t.rows:
        for c in row.cells:
            text += "\n" + c.text
assert sys.argv[2] in text, "applicant name missing"
assert "{{" not in text, "unfilled tag left"
PY
	qpdf --check "$tmp/$name.pdf" >/dev/null 2>&1 && ok || bad "$name.pdf: qpdf --check"
	pdftotext "$tmp/$name.pdf" "$tmp/$name.txt" 2>"$tmp/pt.err"
	[ -s "$tmp/pt.err" ] && bad "$name.pdf: pdftotext warnings: $(head -2 "$tmp/pt.err")"
	# The chart is vector graphics with searchable labels: its title and every level-1
	# indicator with "claimed / max".
	grep -q '自评得分与满分' "$tmp/$name.txt" && ok || bad "$name.pdf: chart title missing"
	for id in 1 2 3 4; do
		grep -Eq "^$id 组织|^$id 经费|^$id 公民" "$tmp/$name.txt" && ok || bad "$name.pdf: chart label $id missing"
	done
	grep -Eq '[0-9.]+ / 20' "$tmp/$name.txt" && ok || bad "$name.pdf: chart values missing"
	tr -d ' \n' < "$tmp/$name.txt" | grep -qF "$(echo "$applicant" | tr -d ' ')" && ok || bad "$name.pdf: applicant missing"
done

# The chart is drawn into the template's chart box on the first page, not on a page of its
# own; the box is a named rectangle in the layout's trace.
ev="$TB_SRC/samples/qhd-lulong-farmers/evidence.xml"
"$TB" report "$ev" -o "$tmp/box.pdf" 2>/dev/null
pdftotext -f 1 -l 1 "$tmp/box.pdf" - 2>/dev/null | grep -q '自评得分与满分' && ok || bad "chart not on page 1"
"$TB" report "$ev" -o "$tmp/box.docx" 2>/dev/null
"$TB" render "$tmp/box.docx" -o "$tmp/box2.pdf" --trace "$tmp/box.trace" 2>/dev/null
grep -Eq '^.*box [0-9.]+,[0-9.]+ [0-9.]+x[0-9.]+ name=chart$' "$tmp/box.trace" && ok || bad "no chart box in the trace"
# The box draws nothing itself: a plain render of the DOCX has no chart.
pdftotext "$tmp/box2.pdf" - 2>/dev/null | grep -q '自评得分与满分' && bad "plain render drew a chart" || ok

# Same input, same bytes.
ev="$TB_SRC/samples/qhd-haigang-youth/evidence.xml"
"$TB" report "$ev" -o "$tmp/a.pdf" 2>/dev/null; "$TB" report "$ev" -o "$tmp/b.pdf" 2>/dev/null
cmp -s "$tmp/a.pdf" "$tmp/b.pdf" && ok || bad "report PDF not reproducible"

# fill -o OUT.pdf fills and renders in one step; no temporary file is left behind.
mkdir "$tmp/one"
"$TB" fill "$TB_SRC/templates/programs/qhd-2021/application-form.docx" "$ev" -o "$tmp/one/form.pdf" 2>"$tmp/err" || bad "fill to pdf: $(cat "$tmp/err")"
[ "$(ls "$tmp/one")" = "form.pdf" ] && ok || bad "fill to pdf left: $(ls "$tmp/one")"
pdftotext "$tmp/one/form.pdf" - 2>/dev/null | grep -q '申报推荐表' && ok || bad "fill to pdf: title missing"
pdfsig "$tmp/one/form.pdf" 2>/dev/null | grep -q 'Signature Field Name: applicant' && ok || bad "fill to pdf: no applicant seal field"

# Bad output name: a usage error with a clear code.
"$TB" report "$ev" -o "$tmp/r.txt" >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q 'report.format' "$tmp/o" && ok || bad "report -o r.txt: rc $rc"

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
