#!/bin/sh
# The main job on the bundled samples, as an office would run it:
#   validate every applicant -> score -> 附件2 and the self-assessment report as PDF ->
#   one batch per program (packages, 推荐汇总表 per recommending body) -> verify ->
#   the year's BagIt bundle for archivists -> verify.
# Usage: scripts/demo.sh [TIANBIAO_BINARY] [OUTDIR]
set -eu
cd "$(dirname "$0")/.."
tb=${1:-build/tianbiao}
out=${2:-out}
case $tb in /*) ;; *) tb="$PWD/$tb" ;; esac
export TIANBIAO_DATADIR="$PWD"
: "${SOURCE_DATE_EPOCH:=1638316800}" # 2021-12-01: same samples, same bytes
export SOURCE_DATE_EPOCH
mkdir -p "$out/forms" "$out/reports" "$out/offices"
"$tb" --version

echo "== validate"
"$tb" validate samples/*/evidence.xml
"$tb" validate --format json samples/*/evidence.xml >"$out/validation.json"
"$tb" init --program qhd-2021 --force -o "$out/qhd-2021-skeleton.xml"

echo "== score, forms and reports"
for dir in samples/*/; do
	name=$(basename "$dir")
	program=$(sed -n 's/.*<evidence[^>]* program="\([^"]*\)".*/\1/p' "$dir/evidence.xml" | head -n 1)
	"$tb" score "$dir/evidence.xml"
	if [ -f "templates/programs/$program/application-form.docx" ]; then
		"$tb" fill "templates/programs/$program/application-form.docx" "$dir/evidence.xml" \
			-o "$out/forms/$name.pdf" 2>/dev/null
		"$tb" report "$dir/evidence.xml" -o "$out/reports/$name.pdf" 2>/dev/null
	fi
	# Offices batch their own applicants: group the samples by program.
	mkdir -p "$out/offices/$program"
	ln -sfn "$PWD/$dir" "$out/offices/$program/$name"
done

echo "== batches"
for office in "$out"/offices/*/; do
	program=$(basename "$office")
	"$tb" batch "$office" -o "$out/batch-$program" 2>/dev/null
	"$tb" verify "$out/batch-$program"
done

echo "== yearly bundle"
rm -rf "$out/bundle-2021.zip"
"$tb" archive --year 2021 "$out/batch-qhd-2021" -o "$out/bundle-2021.zip"
"$tb" verify "$out/bundle-2021.zip"
echo "outputs in $out/"
