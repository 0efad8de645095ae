#!/bin/bash
# test_fontmap.sh: fonts/fontconfig.conf (for LibreOffice) is made from fonts/fontmap.xml and
# maps every family name of the map to the face tianbiao uses (the first installed
# candidate, in the candidate's weight; regular, not the Fandol Bold faces), checked with
# fc-match through that file.
set -eu
conf="$TB_SRC/fonts/fontconfig.conf"
map="$TB_SRC/fonts/fontmap.xml"
xmllint --noout "$conf" "$map"
python3 "$TB_SRC/scripts/make-fontconfig.py" --check
# the layout goldens' map has its fontconfig twin too (test_lo_tables.py)
python3 "$TB_SRC/scripts/make-fontconfig.py" --map "$TB_SRC/tests/layout/fontmap-golden.xml" \
	--conf "$TB_SRC/tests/layout/fontconfig-golden.conf" --check
installed=$(mktemp)
trap 'rm -f "$installed"' EXIT
FONTCONFIG_FILE="$conf" fc-list -f '%{family}\n' | tr ',' '\n' | sort -u > "$installed"
n=0
while IFS=$'\t' read -r name want wstyle; do
	pat=${name//-/\\-} # fc-match reads "-" as the start of a size
	got=$(FONTCONFIG_FILE="$conf" fc-match -f "%{family[0]}\t%{style[0]}" "$pat")
	if [ "${got%%$'\t'*}" != "$want" ]; then
		echo "FAIL: '$name' -> '${got%%$'\t'*}' with fonts/fontconfig.conf, fontmap.xml says '$want'" >&2
		exit 1
	fi
	if [ "${got#*$'\t'}" != "$wstyle" ]; then
		echo "FAIL: '$name' -> $want '${got#*$'\t'}', expected style '$wstyle'" >&2
		exit 1
	fi
	n=$((n + 1))
done < <(python3 - "$map" "$installed" <<'PY'
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
have = set(l.strip() for l in open(sys.argv[2], encoding='utf-8'))
def first(face):
    for c in face.get('family').split(','):
        name, _, w = c.strip().partition(':')
        if name in have:
            return name, ('Bold' if w == 'bold' else 'Regular')
    return None, None
faces = {f.get('id'): f for f in t.findall('face') if f.get('family')}
for fam in t.findall('family'):
    name = fam.get('name')
    if name in have:          # installed under its own name: it wins
        continue
    want, style = first(faces[fam.get('face')])
    if want is None:          # an optional face that is not installed
        continue
    if want.startswith('AR PL') or want == 'WenQuanYi Zen Hei':
        style = {'AR PL UMing CN': 'Light', 'AR PL UKai CN': 'Book'}.get(want, 'Regular')
    print(name + '\t' + want + '\t' + style)
PY
)
[ "$n" -gt 55 ] || { echo "FAIL: only $n names checked" >&2; exit 1; }
# Names neither mapped nor installed: tianbiao asks fontconfig with the configuration the map
# names in <unknown fontconfig=...>, which must be its own twin (the one LibreOffice gets).
# A Latin face's East Asian fallback is fontconfig's glyph fallback for it (LibreOffice's:
# Liberation Sans and 中 give Noto Sans CJK SC).
for pair in "$map:$conf" "$TB_SRC/tests/layout/fontmap-golden.xml:$TB_SRC/tests/layout/fontconfig-golden.conf"; do
	m=${pair%%:*} c=${pair#*:}
	grep -q "<unknown fontconfig=\"$(basename "$c")\"/>" "$m" ||
		{ echo "FAIL: $m has no <unknown fontconfig=\"$(basename "$c")\"/>" >&2; exit 1; }
	k=0
	while IFS=$'\t' read -r latin want; do
		got=$(FONTCONFIG_FILE="$c" fc-match -f '%{family[0]}' "$latin:charset=4e00")
		[ "$got" = "$want" ] ||
			{ echo "FAIL: $m: $latin's East Asian fallback is $want, fontconfig's glyph fallback $got" >&2; exit 1; }
		k=$((k + 1))
	done < <(FONTCONFIG_FILE="$c" python3 - "$m" <<'PY'
import subprocess, sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
faces = {f.get('id'): f for f in t.findall('face') if f.get('family')}
def first(face):
    for c in face.get('family').split(','):
        name = c.strip().partition(':')[0]
        if subprocess.run(['fc-list', name], capture_output=True, text=True).stdout.strip():
            return name
for f in faces.values():
    if f.get('class') != 'latin':
        continue
    for fb in (f.get('fallback') or '').split():
        if fb in faces and faces[fb].get('class') == 'east-asian' and first(f) and first(faces[fb]):
            print(first(f) + '\t' + first(faces[fb]))
            break
PY
)
	[ "$k" -ge 2 ] || { echo "FAIL: $m: only $k Latin faces with an East Asian fallback checked" >&2; exit 1; }
done
echo "ok: $n family names map to the same faces"
