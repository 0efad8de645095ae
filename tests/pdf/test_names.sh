#!/bin/bash
# test_names.sh: every character of a name (issue 13). A contact named 王𰻞芳 (U+30EDE, CJK
# Extension G) comes out in the PDF's text; a character no installed face has (U+2EBF0,
# Extension I, newer than every Debian 12 font) stops fill, report and build with exit 1 and
# font.missing-glyph naming the evidence field and the code point, and writes nothing;
# --allow-missing-glyphs leaves it out with a warning. --font-map works on fill, report,
# build and batch.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
TPL="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
S="$TB_SRC/samples/qhd-port-workers"

mkdir g i
cp -r "$S"/. g/
cp -r "$S"/. i/
sed -i 's|<name>张国强</name>|<name>王𰻞芳</name>|' g/evidence.xml
sed -i 's|<name>张国强</name>|<name>王𮯰芳</name>|' i/evidence.xml
grep -q '王𰻞芳' g/evidence.xml && grep -q '王𮯰芳' i/evidence.xml || fail "sample changed: sed did not apply"
line=$(grep -n '王𮯰芳' i/evidence.xml | cut -d: -f1)

# Extension G: drawn (a fallback face has it) and extracted.
"$TB" fill "$TPL" g/evidence.xml -o g.pdf 2>err.txt || { cat err.txt >&2; fail "fill with 𰻞"; }
! grep -q 'font.missing-glyph\|font.substituted' err.txt || { cat err.txt >&2; fail "warnings with 𰻞"; }
pdftotext g.pdf - | tr -d ' \n' | grep -qF '王𰻞芳' || fail "王𰻞芳 not in the PDF's text"
python3 "$TB_SRC/tests/pdf/check_notdef.py" g.pdf >/dev/null || fail ".notdef drawn"
"$TB" report g/evidence.xml -o gr.pdf 2>err.txt || { cat err.txt >&2; fail "report with 𰻞"; }

# No face has U+2EBF0: exit 1, the field and the code point, nothing written.
for cmd in "fill $TPL i/evidence.xml -o i.pdf" "report i/evidence.xml -o i.pdf" "build i/evidence.xml -o i.zip"; do
	set +e
	# shellcheck disable=SC2086
	"$TB" $cmd >out.txt 2>err.txt
	rc=$?
	set -e
	[ "$rc" = 1 ] || { cat err.txt >&2; fail "$cmd: exit $rc, expected 1"; }
	grep -q "evidence.xml:$line:[0-9]*: error\[font.missing-glyph\]" err.txt || { cat err.txt >&2; fail "$cmd: no error at evidence.xml:$line"; }
	grep -qF 'U+2EBF0' err.txt || fail "$cmd: code point not named"
	grep -qF '/contact/name' err.txt || { cat err.txt >&2; fail "$cmd: field not named"; }
	[ ! -e i.pdf ] && [ ! -e i.zip ] || fail "$cmd: wrote an output"
done
# Allowed: a warning, the character left out, the PDF written.
"$TB" fill "$TPL" i/evidence.xml -o i.pdf --allow-missing-glyphs 2>err.txt || { cat err.txt >&2; fail "--allow-missing-glyphs"; }
grep -q 'warning\[font.missing-glyph\].*U+2EBF0' err.txt || { cat err.txt >&2; fail "no warning"; }
pdftotext i.pdf - | tr -d ' \n' | grep -qF '王芳' || fail "the rest of the name is lost"
python3 "$TB_SRC/tests/pdf/check_notdef.py" i.pdf >/dev/null || fail ".notdef drawn for a missing character"

# --font-map on fill, report, build and batch: every face from the map.
cat > map.xml <<'XML'
<fontmap><face id='h' class='east-asian' family='WenQuanYi Zen Hei'/>
<face id='s' class='latin' family='Liberation Sans'/><face id='d' class='latin' family='DejaVu Sans'/>
<default class='east-asian' face='h'/><default class='latin' face='s'/>
<fallback class='east-asian'>h</fallback><fallback class='latin'>s d</fallback></fontmap>
XML
only_map_faces() {
	pdffonts "$1" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u > faces.txt
	[ -s faces.txt ] && ! grep -v -E '^(WenQuanYiZenHei|LiberationSans(-Bold)?|DejaVuSans)$' faces.txt || { cat faces.txt >&2; fail "$1: faces not from --font-map"; }
}
"$TB" fill "$TPL" "$S/evidence.xml" -o m.pdf --font-map map.xml 2>err.txt || { cat err.txt >&2; fail "fill --font-map"; }
only_map_faces m.pdf
"$TB" report "$S/evidence.xml" -o mr.pdf --font-map map.xml 2>err.txt || { cat err.txt >&2; fail "report --font-map"; }
only_map_faces mr.pdf
"$TB" build "$S/evidence.xml" -o mb.zip --font-map map.xml 2>err.txt || { cat err.txt >&2; fail "build --font-map"; }
mkdir mb && (cd mb && bsdtar -xf ../mb.zip)
n=0
while IFS= read -r -d '' pdf; do only_map_faces "$pdf"; n=$((n + 1)); done < <(find mb -path '*/application/*.pdf' -print0)
[ "$n" -ge 2 ] || fail "build: only $n PDFs"
mkdir batch && cp -r "$S" batch/a && cp -r "$TB_SRC/samples/qhd-haigang-youth" batch/b
"$TB" batch batch -o bo -j 2 --font-map map.xml >out.txt 2>err.txt || { cat err.txt >&2; fail "batch --font-map"; }
mkdir bx && for z in bo/packages/*.zip; do (cd bx && bsdtar -xf "../$z"); done
n=0
while IFS= read -r -d '' pdf; do only_map_faces "$pdf"; n=$((n + 1)); done < <(find bx -path '*/application/*.pdf' -print0)
[ "$n" -ge 4 ] || fail "batch: only $n PDFs"
echo "ok: 王𰻞芳 in the text; U+2EBF0 stops fill/report/build naming the field; --allow-missing-glyphs; --font-map on fill, report, build, batch"
