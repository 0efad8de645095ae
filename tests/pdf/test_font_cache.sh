#!/bin/bash
# test_font_cache.sh: a reproducible run (SOURCE_DATE_EPOCH set) reads fontconfig's cache of
# each font directory the map adds (<dir>, Fandol in TeX's tree) and does not scan it again.
# fontconfig 2.14 stamps a cache it writes under SOURCE_DATE_EPOCH with the epoch but checks
# it against the directory's real time, so a cache first made by such a run was rejected and
# rewritten by every run after it: 7 ms of a 27 ms fill. scripts/install-deps.sh makes the
# caches without SOURCE_DATE_EPOCH; this checks that they hold, run after run.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
TPL="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
EV="$TB_SRC/samples/qhd-port-workers/evidence.xml"

dirs=$(sed -n 's|^ *<dir>\(.*\)</dir>.*|\1|p' "$TB_SRC/fonts/fontmap.xml")
[ -n "$dirs" ] || fail "fonts/fontmap.xml names no <dir>: nothing to check"
for run in 1 2 3; do
	SOURCE_DATE_EPOCH=1638316800 FC_DEBUG=16 "$TB" fill "$TPL" "$EV" -o "f$run.pdf" > fc$run.txt 2> err.txt ||
		{ cat err.txt >&2; fail "fill (run $run)"; }
	# FC_DEBUG=16 (caches) also shows that fontconfig's debug output is still what we read
	grep -q '^FcCacheTimeValid dir' fc$run.txt || fail "no FC_DEBUG cache lines: fontconfig's output changed?"
done
for d in $dirs; do
	[ -d "$d" ] || continue
	# the first run may make a missing cache; the later runs must read it
	for run in 2 3; do
		if grep -qF "FcDirCacheWriteDir dir \"$d\"" fc$run.txt; then
			fail "run $run scanned $d again (fontconfig's cache of it is rejected under SOURCE_DATE_EPOCH); scripts/install-deps.sh makes it: env -u SOURCE_DATE_EPOCH FONTCONFIG_FILE=fonts/fontconfig.conf fc-cache"
		fi
	done
done
cmp -s f1.pdf f2.pdf && cmp -s f2.pdf f3.pdf || fail "the runs' PDFs differ"
echo "ok: the map's font directories are read from fontconfig's cache"
