#!/bin/bash
# test_no_temp_files.sh: fill-then-render, the report, build and batch hand their stages'
# results over in memory. Every file a run creates (seen with strace) must be one of its
# outputs, or that output's own temporary file (<output>.tmp<pid>.<n>, libzip's
# <name>.XXXXXX) renamed over it; a temporary document between stages (out.pdf.tmp1.2.docx,
# report data .xml) fails the test.
set -u
TMP=$(mktemp -d /tmp/tb-notmp-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
EV="$TB_SRC/samples/qhd-haigang-youth/evidence.xml"
TPL="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
fails=0

# run NAME ARGS...: run the CLI under strace; then check what it created under $TMP.
run() {
	local name=$1
	shift
	# LeakSanitizer cannot run under ptrace; the other tests check leaks.
	if ! ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat,creat -o "$TMP/$name.strace" "$TB" "$@" >"$TMP/$name.out" 2>&1; then
		echo "FAIL $name: tianbiao $* exited non-zero"
		tail -5 "$TMP/$name.out"
		fails=$((fails + 1))
		return
	fi
	local created bad=0 n=0 p base
	created=$(grep -E 'O_CREAT|creat\(' "$TMP/$name.strace" | grep -o "\"$TMP/[^\"]*\"" | tr -d '"' | sort -u)
	for p in $created; do
		p=$(printf '%b' "$p") # strace writes non-ASCII bytes (Chinese file names) as \ooo
		[ -d "$p" ] && continue
		n=$((n + 1))
		base=$(echo "$p" | sed -E 's/\.tmp[0-9]+\.[0-9]+(\.[A-Za-z0-9]{6})?$//; t; s/\.[A-Za-z0-9]{6}$//')
		# batch stages each package in <out>/.tmp/ and renames it into <out>/packages/
		case $base in */.tmp/*) base="${base%/.tmp/*}/packages/${base##*/}" ;; esac
		if [ ! -e "$p" ] && [ ! -e "$base" ]; then
			echo "FAIL $name: created ${p#$TMP/}, which is not an output"
			bad=1
		fi
	done
	if [ "$n" -eq 0 ]; then
		echo "FAIL $name: strace saw no file created under $TMP"
		bad=1
	fi
	[ $bad -eq 0 ] && echo "ok   $name: $n file(s) created, all outputs or their own temporary files"
	fails=$((fails + bad))
}

mkdir -p "$TMP/fill" "$TMP/report" "$TMP/build" "$TMP/apps/a"
run fill-pdf fill "$TPL" "$EV" -o "$TMP/fill/form.pdf"
run fill-png fill "$TPL" "$EV" -o "$TMP/fill/form.png" --page 1
run report-pdf report "$EV" -o "$TMP/report/self.pdf"
run report-docx report "$EV" -o "$TMP/report/self.docx"
run build build "$EV" -o "$TMP/build/2021-0001.zip"
cp -r "$TB_SRC/samples/qhd-haigang-youth/." "$TMP/apps/a/"
run batch batch "$TMP/apps" -o "$TMP/batch"

# The outputs are real: the package holds the generated PDFs.
if unzip -l "$TMP/build/2021-0001.zip" | grep -q "application/自评报告.pdf" &&
	unzip -l "$TMP/build/2021-0001.zip" | grep -q "application/附件2-申报推荐表.pdf"; then
	echo "ok   build: the package holds the rendered form and report"
else
	echo "FAIL build: the package lacks the rendered documents"
	fails=$((fails + 1))
fi
if [ -s "$TMP/batch/summary/秦皇岛市海港区科学技术协会.pdf" ] && [ -s "$TMP/batch/summary/秦皇岛市海港区科学技术协会.docx" ]; then
	echo "ok   batch: summary sheet as DOCX and PDF"
else
	echo "FAIL batch: no summary sheet"
	fails=$((fails + 1))
fi
echo "$fails failure(s)"
[ $fails -eq 0 ]
