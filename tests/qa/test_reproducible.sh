#!/bin/bash
# Same input, same bytes out, end to end: fill (DOCX, ODT, PDF, PDF/A), report (DOCX, PDF) and
# build give identical files when run twice, in another time zone, in another locale and
# from another working folder; the dates inside come from SOURCE_DATE_EPOCH.
set -u
: "${TB:?}" "${TB_SRC:?}"
export LANG=C LANGUAGE= LC_ALL=
export SOURCE_DATE_EPOCH=1638316800 # 2021-12-01 00:00:00 UTC
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
EV="$TB_SRC/samples/qhd-haigang-youth/evidence.xml"
DOCX="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
ODT="$TB_SRC/templates/programs/qhd-2021/application-form.odt"

# run DIR ENV...: every output into DIR, with extra environment settings.
run() {
	local d=$1
	shift
	mkdir -p "$tmp/$d"
	(
		cd "$tmp/$d" || exit 1
		env "$@" "$TB" fill "$DOCX" "$EV" -o form.docx 2>/dev/null || echo "fill docx failed"
		env "$@" "$TB" fill "$ODT" "$EV" -o form.odt 2>/dev/null || echo "fill odt failed"
		env "$@" "$TB" fill "$DOCX" "$EV" -o form.pdf 2>/dev/null || echo "fill pdf failed"
		env "$@" "$TB" fill --pdfa "$DOCX" "$EV" -o forma.pdf 2>/dev/null || echo "fill pdfa failed"
		env "$@" "$TB" report "$EV" -o report.docx 2>/dev/null || echo "report docx failed"
		env "$@" "$TB" report "$EV" -o report.pdf 2>/dev/null || echo "report pdf failed"
		env "$@" "$TB" build "$EV" -o app.zip 2>/dev/null || echo "build failed"
	) >"$tmp/$d.log"
	[ -s "$tmp/$d.log" ] && bad "$d: $(cat "$tmp/$d.log")"
}

run a TZ=UTC
run b TZ=UTC
run c TZ=Asia/Shanghai
run d TZ=Pacific/Kiritimati LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
files="form.docx form.odt form.pdf forma.pdf report.docx report.pdf app.zip"
for f in $files; do
	[ -s "$tmp/a/$f" ] || { bad "no $f"; continue; }
	for d in b c d; do
		cmp -s "$tmp/a/$f" "$tmp/$d/$f" || bad "$f differs between runs a and $d"
	done
done

# The dates inside are the epoch's, in UTC, whatever the time zone.
for f in form.pdf report.pdf; do
	pdfinfo -isodates "$tmp/c/$f" | grep -q '^CreationDate: *2021-12-01T00:00:00' ||
		bad "$f: creation date: $(pdfinfo -isodates "$tmp/c/$f" | grep Date)"
done
unzip -l "$tmp/c/app.zip" | awk '$2 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ {print $2, $3}' | sort -u >"$tmp/dates"
[ "$(cat "$tmp/dates")" = "2021-12-01 00:00" ] || bad "package entry dates: $(cat "$tmp/dates")"

# Another epoch gives another PDF (the epoch is really used), with that date.
(cd "$tmp/b" && SOURCE_DATE_EPOCH=1700000000 "$TB" fill "$DOCX" "$EV" -o other.pdf 2>/dev/null) ||
	bad "fill with another epoch"
cmp -s "$tmp/a/form.pdf" "$tmp/b/other.pdf" && bad "SOURCE_DATE_EPOCH does not change the PDF"
pdfinfo -isodates "$tmp/b/other.pdf" | grep -q '^CreationDate: *2023-11-14T22:13:20' ||
	bad "other epoch: $(pdfinfo -isodates "$tmp/b/other.pdf" | grep Date)"

exit $fail
