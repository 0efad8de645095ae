#!/bin/bash
# ThreadSanitizer on a batch: a separate build of the CLI with -fsanitize=thread (it cannot be
# combined with the suite's AddressSanitizer build) runs `batch -j 2` on the samples; any data
# race in tianbiao's code fails the test. A canary with a deliberate race shows the sanitizer
# is really at work. The build tree is kept in $TB_BUILD/tsan, so a rerun only recompiles
# what changed.
set -u
fail=0 passed=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { passed=$((passed + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree="$TB_BUILD/tsan"
supp="$TB_SRC/tests/tsan/tsan.supp"
jobs=$(nproc 2>/dev/null || echo 2)

start=$(date +%s)
if cmake -S "$TB_SRC" -B "$tree" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTB_TSAN=ON -DTB_TESTS=OFF \
	>"$tmp/cmake.log" 2>&1 && cmake --build "$tree" -j"$jobs" --target tianbiao_cli >>"$tmp/cmake.log" 2>&1; then
	ok
else
	bad "TSan build: $(tail -20 "$tmp/cmake.log")"
	echo "$passed passed, $fail failed"
	exit 1
fi
echo "TSan build: $(($(date +%s) - start)) s"
tb="$tree/tianbiao"
nm "$tb" | grep -q __tsan_init && ok || bad "the CLI is not built with ThreadSanitizer"

export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 suppressions=$supp"

# The canary: two threads write one counter without a lock.
cat >"$tmp/canary.c" <<'C'
#include <pthread.h>
static int counter;
static void *bump(void *p) { for (int i = 0; i < 100000; i++) counter++; return p; }
int main(void)
{
	pthread_t a, b;
	pthread_create(&a, 0, bump, 0);
	pthread_create(&b, 0, bump, 0);
	pthread_join(a, 0);
	pthread_join(b, 0);
	return counter == 0;
}
C
cc -fsanitize=thread -g "$tmp/canary.c" -o "$tmp/canary" -lpthread 2>"$tmp/cc.log"
"$tmp/canary" >/dev/null 2>"$tmp/canary.log"
[ $? -eq 66 ] && grep -q "data race" "$tmp/canary.log" && ok || bad "TSan does not report the canary's race"

# ThreadSanitizer's reports in a run's stderr fail the test, shown.
no_race() {
	if grep -q "ThreadSanitizer" "$1"; then
		bad "data race in $2:"
		sed -n '/WARNING: ThreadSanitizer/,/^SUMMARY/p' "$1" | head -60
	else
		ok
	fi
}

# Three applicants on two threads; then again (nothing changed: the workers only check);
# then on three threads into a fresh folder, every worker writing its package and records
# at once (the temporary names' ring raced there, one run in five on two threads).
mkdir -p "$tmp/office"
for s in qhd-haigang-youth qhd-lulong-farmers qhd-port-workers; do
	cp -r "$TB_SRC/samples/$s" "$tmp/office/"
done
for run in first second third; do
	t0=$(date +%s)
	j=2 out="$tmp/out"
	[ $run = third ] && j=3 out="$tmp/out3"
	"$tb" batch -j $j "$tmp/office" -o "$out" >"$tmp/batch.out" 2>"$tmp/batch.err"
	rc=$?
	echo "batch -j $j ($run run): exit $rc, $(($(date +%s) - t0)) s"
	no_race "$tmp/batch.err" "the $run batch run"
	[ $rc -eq 0 ] && ok || bad "batch ($run run) exited $rc: $(tail -5 "$tmp/batch.err")"
	if [ $run != second ]; then
		cat "$tmp/batch.out" "$tmp/batch.err" | grep -q "3 applicants: 3 built" && ok ||
			bad "the $run run did not build the 3 applicants: $(tail -3 "$tmp/batch.err")"
	fi
done

# A mail merge on three threads: the workers hand their findings to the caller's context in
# the data files' order (one broken file among them) while the others still fill.
form="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
for s in qhd-haigang-youth qhd-lulong-farmers qhd-port-workers; do
	set -- "$@" "$tmp/office/$s/evidence.xml"
done
printf '<evidence><oops></evidence>\n' >"$tmp/broken.xml"
"$tb" fill "$form" "$1" "$tmp/broken.xml" "$2" "$3" -o "$tmp/merged/" -j 3 >"$tmp/merge.out" 2>"$tmp/merge.err"
rc=$?
echo "fill -j 3 (mail merge of 4): exit $rc"
no_race "$tmp/merge.err" "the mail merge"
[ $rc -eq 1 ] && [ "$(ls "$tmp/merged" | wc -l)" = 3 ] && ok ||
	bad "mail merge: exit $rc (want 1), $(ls "$tmp/merged" | wc -l) PDFs (want 3): $(tail -3 "$tmp/merge.err")"

# One fill to PDF: the evidence is validated on the helper thread, after fontconfig's set-up,
# while the main thread fills and lays out (fill/validate_beside.c); valid and invalid.
"$tb" fill "$form" "$1" -o "$tmp/one.pdf" >"$tmp/one.out" 2>"$tmp/one.err"
rc=$?
no_race "$tmp/one.err" "a fill to PDF"
[ $rc -eq 0 ] && [ -s "$tmp/one.pdf" ] && ok || bad "fill to PDF: exit $rc: $(tail -3 "$tmp/one.err")"
sed 's|part-time="[0-9]*"|part-time="999"|' "$1" >"$(dirname "$1")/bad-staff.xml"
"$tb" fill "$form" "$(dirname "$1")/bad-staff.xml" -o "$tmp/bad.pdf" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
no_race "$tmp/bad.err" "a fill of invalid evidence"
[ $rc -eq 1 ] && [ ! -e "$tmp/bad.pdf" ] && grep -q "error\[" "$tmp/bad.err" && ok ||
	bad "fill of invalid evidence: exit $rc (want 1), PDF written: $([ -e "$tmp/bad.pdf" ] && echo yes || echo no)"

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
