#!/bin/bash
# test_report_look.sh: the self-assessment report looks like an official document (issue 13):
# "第 X 页 共 Y 页" on every page, the seal place on the page of the table's total, chart
# labels whole (wrapped, not cut with an ellipsis), a 说明 column wide enough to read, the
# GB/T 9704 stand-in faces, and no font.substituted warning.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TB" report "$TB_SRC/samples/qhd-port-workers/evidence.xml" -o r.pdf 2>err.txt || { cat err.txt >&2; fail "report"; }
! grep -q 'font\.' err.txt || { cat err.txt >&2; fail "font warnings"; }
pages=$(pdfinfo r.pdf | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 2 ] || fail "$pages pages"
for ((p = 1; p <= pages; p++)); do
	pdftotext -f $p -l $p r.pdf - | grep -q "第 *$p *页 *共 *$pages *页" || fail "page $p: no '第 $p 页 共 $pages 页'"
done
last=$(pdftotext -f "$pages" -l "$pages" r.pdf - | tr -d ' \n')
case "$last" in *合计*) ;; *) fail "the total is not on the last page";; esac
case "$last" in *申报单位\(公章\)*) ;; *) fail "the seal place is not on the page of the total";; esac
[ "$(pdftotext -f "$pages" -l "$pages" r.pdf - | grep -c '合计')" -ge 1 ] || fail "no total"
first=$(pdftotext -f 1 -l 1 r.pdf - | tr -d ' \n')
for label in '1组织管理与工作机制' '3公民科学素质教育示范(重点人群)' '4公民科学素质示范工程(重点工程)'; do
	case "$first" in *"$label"*) ;; *) echo "$first" >&2; fail "chart label '$label' cut";; esac
done
case "$first" in *…*) fail "a chart label is cut with an ellipsis";; esac
pdffonts r.pdf | grep -q 'FandolFang' || fail "body not in FangSong"
pdffonts r.pdf | grep -q 'NotoSerifCJKsc-Bold' || fail "title not in the 小标宋 stand-in"
python3 - "$TB_SRC/templates/programs/qhd-2021/self-assessment.docx" <<'PY' || fail "说明 column"
import re, sys, zipfile
doc = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
grids = re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", doc)
cols = [[int(w) / 56.7 for w in re.findall(r'w:w="(\d+)"', g)] for g in grids]
main = [c for c in cols if len(c) == 5][0]      # 指标 权重 自评得分 说明 证明材料 (mm)
assert main[3] >= 55 and main[3] == max(main), main
PY
echo "ok: page numbers on $pages pages, seal with the total, chart labels whole, 说明 wide"
