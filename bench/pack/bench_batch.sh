#!/bin/bash
# Batch benchmark: N generated applicants (default 1000) built into one batch; prints
# applicants per second and peak memory (from /usr/bin/time -v), for a first run and for a
# re-run where nothing changed. When the fill and render commands are in the CLI and
# docxtemplater + LibreOffice are installed, it also times both producing the application
# form PDF for a sample of the same applicants (--compare N, default 50).
#
# usage: bench/pack/bench_batch.sh [N] [--jobs J] [--compare M]
# env:   TB = the tianbiao binary (default: a Release build in build-bench/, made if missing)
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=1000 JOBS=$(nproc) CMP=50
while [ $# -gt 0 ]; do
	case $1 in
	--jobs) JOBS=$2; shift 2 ;;
	--compare) CMP=$2; shift 2 ;;
	*) N=$1; shift ;;
	esac
done
if [ -z "${TB:-}" ]; then
	if [ ! -x "$SRC/build-bench/tianbiao" ]; then
		cmake -S "$SRC" -B "$SRC/build-bench" -DCMAKE_BUILD_TYPE=Release -DTB_TESTS=OFF >/dev/null
		cmake --build "$SRC/build-bench" -j2 --target tianbiao_cli >/dev/null
	fi
	TB=$SRC/build-bench/tianbiao
fi
export TIANBIAO_DATADIR=${TIANBIAO_DATADIR:-$SRC} SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1638316800}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

echo "generating $N applicants (sample evidence, 5 attachments each, 20 KB random photo)..."
# 20 recommending bodies, as in a city-wide round; quotas are not what is measured here
python3 "$SRC/tests/pack/gen_applicants.py" "$W/apps" "$N" --bodies 20 --size 20000
du -sh "$W/apps" | awk '{print "input: " $1}'

run() { # label, then the command
	local label=$1; shift
	/usr/bin/time -v "$@" 2>"$W/time.txt" >/dev/null || { tail -5 "$W/time.txt"; exit 1; }
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$W/time.txt" |
		awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time.txt")
	awk -v l="$label" -v n="$N" -v w="$wall" -v r="$rss" -v j="$JOBS" \
		'BEGIN { printf "%-28s %6d applicants  %7.2f s  %8.1f applicants/s  peak RSS %6.1f MB  (-j %d)\n", l, n, w, (w > 0 ? n / w : 0), r / 1024, j }'
}
run "batch (first run)" "$TB" batch "$W/apps" -o "$W/out" -j "$JOBS" --allow-over-quota
run "batch (re-run, unchanged)" "$TB" batch "$W/apps" -o "$W/out" -j "$JOBS" --allow-over-quota
run "verify batch" "$TB" verify "$W/out"
du -sh "$W/out" | awk '{print "output: " $1}'

# The comparison: the application form PDF of the first M applicants, by tianbiao (fill and
# render in one process per applicant) and by docxtemplater (node, same template) + LibreOffice
# (one soffice run converting them all, which favours it).
if ! "$TB" render --help >/dev/null 2>&1 || ! "$TB" fill --help >/dev/null 2>&1; then
	echo "comparison skipped: this tianbiao has no fill/render commands"
	exit 0
fi
TPL=$TIANBIAO_DATADIR/templates/programs/qhd-2021/application-form.docx
NPM=$SRC/build-bench/npm
if ! NODE_PATH=$NPM/node_modules node -e "require('docxtemplater'); require('pizzip'); require('@xmldom/xmldom')" 2>/dev/null; then
	mkdir -p "$NPM" && npm install --no-audit --no-fund --prefix "$NPM" docxtemplater pizzip >/dev/null 2>&1 || true
fi
if ! command -v soffice >/dev/null || ! NODE_PATH=$NPM/node_modules node -e "require('docxtemplater')" 2>/dev/null; then
	echo "comparison skipped: needs soffice and the npm packages docxtemplater + pizzip"
	exit 0
fi
mkdir -p "$W/ref" "$W/own"
ls "$W/apps" | head -n "$CMP" > "$W/sample.txt"
start=$(date +%s.%N)
while read -r a; do
	"$TB" fill "$TPL" "$W/apps/$a/evidence.xml" -o "$W/own/$a.pdf" 2>/dev/null
done < "$W/sample.txt"
own=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
while read -r a; do
	NODE_PATH=$NPM/node_modules node "$SRC/bench/pack/docxtemplater_fill.js" "$TPL" "$W/apps/$a/evidence.xml" "$W/ref/$a.docx"
done < "$W/sample.txt"
mid=$(date +%s.%N)
soffice --headless --convert-to pdf --outdir "$W/ref" "$W"/ref/*.docx >/dev/null 2>&1
end=$(date +%s.%N)
ref=$(echo "$end - $start" | bc)
nown=$(ls "$W"/own/*.pdf 2>/dev/null | wc -l)
nref=$(ls "$W"/ref/*.pdf 2>/dev/null | wc -l)
awk -v n="$CMP" -v a="$own" -v b="$ref" -v f="$(echo "$mid - $start" | bc)" -v no="$nown" -v nr="$nref" 'BEGIN {
	printf "form PDF, tianbiao fill+render:        %4d PDFs in %7.2f s = %7.2f applicants/s\n", no, a, n / a
	printf "form PDF, docxtemplater + LibreOffice: %4d PDFs in %7.2f s = %7.2f applicants/s (fill %.2f s)\n", nr, b, n / b, f }'
