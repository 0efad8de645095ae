#!/bin/bash
# run.sh [N]: fill one DOCX template for N (default 200) generated applicants with tianbiao
# (one `tianbiao fill` process per document) and with docxtemplater (npm, installed into a
# temporary folder, one Node process for all documents), and print ms per document and the
# ratio. TB = the tianbiao binary (use a release build). Needs python3-docx, node and npm.
set -euo pipefail
N=${1:-200}
TB=${TB:-tianbiao}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PY=python3
python3 -c 'import docx' 2>/dev/null || PY=$(PATH=/usr/bin:$PATH command -v python3)
"$PY" "$HERE/gen.py" "$WORK" "$N"
mkdir -p "$WORK/tb" "$WORK/dt" "$WORK/npm"
(cd "$WORK/npm" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund docxtemplater pizzip >/dev/null)
cp "$HERE/dt.js" "$WORK/npm/"

TIMEFORMAT='%R %U %S'
{ time (for f in "$WORK"/data/*.xml; do
	b=${f##*/}
	"$TB" fill "$WORK/template.docx" "$f" -o "$WORK/tb/${b%.xml}.docx"
done) ; } 2> "$WORK/tb.time"
read -r tb_real tb_user tb_sys < "$WORK/tb.time"
# The same number of bare process starts, to show what is start-up rather than filling.
{ time (for f in "$WORK"/data/*.xml; do "$TB" version >/dev/null; done) ; } 2> "$WORK/start.time"
read -r st_real st_user st_sys < "$WORK/start.time"
dt_json=$(cd "$WORK/npm" && node dt.js "$WORK/template.docx" "$WORK/data" "$WORK/dt")
dt_ms=$(echo "$dt_json" | sed 's/.*"ms":\([0-9.]*\).*/\1/')
dt_cpu=$(echo "$dt_json" | sed 's/.*"cpu":\([0-9.]*\).*/\1/')
dt_ver=$(cd "$WORK/npm" && node -p 'require("docxtemplater/package.json").version')
# Both outputs must hold the data: spot-check the first document of each.
unzip -p "$WORK/tb/000.docx" word/document.xml | grep -q '第1科技活动中心'
unzip -p "$WORK/dt/000.docx" word/document.xml | grep -q '第1科技活动中心'
awk -v n="$N" -v tr="$tb_real" -v tu="$tb_user" -v ts="$tb_sys" -v dt="$dt_ms" -v dc="$dt_cpu" \
    -v sr="$st_real" -v su="$st_user" -v ss="$st_sys" -v v="$dt_ver" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	tb = tr * 1000 / n; tbc = (tu + ts) * 1000 / n
	printf "documents: %d (load average %s)\n", n, load
	printf "tianbiao fill, one process per document (startup, fsync included): %.2f ms/document wall, %.2f ms CPU\n", tb, tbc
	printf "  of which process start-up (tianbiao version):                  %.2f ms/document wall, %.2f ms CPU\n", sr * 1000 / n, (su + ss) * 1000 / n
	printf "docxtemplater %s, one Node process, in memory:                    %.2f ms/document wall, %.2f ms CPU\n", v, dt / n, dc / n
	printf "ratio tianbiao/docxtemplater: wall %.2f, CPU %.2f\n", tb / (dt / n), tbc / (dc / n)
}'

# The shipped 附件2 template (XPath tags docxtemplater cannot read), when present: tianbiao
# alone, filling it N times from the test evidence.
SRC=$(cd "$HERE/../.." && pwd)
AF="$SRC/templates/programs/qhd-2021/application-form.docx"
EV="$SRC/tests/templates/data/evidence.xml"
if [ -f "$AF" ] && [ -f "$EV" ]; then
	mkdir -p "$WORK/af"
	{ time (for i in $(seq 1 "$N"); do "$TB" fill "$AF" "$EV" -o "$WORK/af/$i.docx"; done) ; } 2> "$WORK/af.time"
	read -r ar au as < "$WORK/af.time"
	awk -v n="$N" -v r="$ar" -v u="$au" -v s="$as" 'BEGIN {
		printf "tianbiao, shipped 附件2 template (application-form.docx), sample evidence: %.2f ms/document wall, %.2f ms CPU\n", r * 1000 / n, (u + s) * 1000 / n
	}'
fi
