#!/bin/bash
# test_fontmap.sh: fonts/fontconfig.conf (for LibreOffice) maps every family name of
# fonts/fontmap.xml to the same face tianbiao uses, checked with fc-match.
set -eu
conf="$TB_SRC/fonts/fontconfig.conf"
map="$TB_SRC/fonts/fontmap.xml"
xmllint --noout "$conf" "$map"
n=0
while IFS=$'\t' read -r name want; do
	pat=${name//-/\\-} # fc-match reads "-" as the start of a size
	got=$(FONTCONFIG_FILE="$conf" fc-match -f "%{family[0]}" "$pat")
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$name' -> '$got' with fonts/fontconfig.conf, fontmap.xml says '$want'" >&2
		exit 1
	fi
	n=$((n + 1))
done < <(python3 - "$map" <<'PY'
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
faces = {f.get('id'): f.get('family') for f in t.findall('face')}
for fam in t.findall('family'):
    print(fam.get('name') + '\t' + faces[fam.get('face')])
PY
)
[ "$n" -gt 60 ] || { echo "FAIL: only $n names checked" >&2; exit 1; }
echo "ok: $n family names map to the same faces"
