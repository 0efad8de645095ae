#!/bin/bash
# A batch killed half-way (SIGKILL) and run again ends byte for byte like an uninterrupted
# run; a re-run rebuilds only the applicants whose inputs changed.
set -eu
export LC_ALL=C.UTF-8
: "${TB:?}" "${TB_SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 30 --bodies 15 --size 300000
"$TB" batch apps -o ref -j2 --name office-2021 2>ref.err || { cat ref.err; fail "reference batch"; }

"$TB" batch apps -o run -j2 --name office-2021 2>/dev/null &
pid=$!
# wait until some, not all, packages are done, then kill without warning
for _ in $(seq 1 2000); do
	n=$(ls run/.state 2>/dev/null | grep -c '\.txt$' || true)
	[ "$n" -ge 6 ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.01
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
done_before=$(ls run/.state | grep -c '\.txt$' || true)
if [ "$done_before" -gt 0 ] && [ "$done_before" -lt 30 ]; then
	ok "killed with $done_before of 30 packages done"
else
	fail "the kill did not land half-way ($done_before of 30 done)"
fi
[ ! -e run/batch-manifest.xml ] && ok "no batch manifest yet after the kill" || fail "manifest before end"

"$TB" batch apps -o run -j2 --name office-2021 2>run.err || { cat run.err; fail "re-run"; }
grep -q "unchanged" run.err && ok "re-run: $(tail -1 run.err)" || fail "re-run summary"
if diff -r ref run >/dev/null; then ok "re-run equals an uninterrupted run (diff -r, hidden files too)"; else
	diff -r ref run | head; fail "re-run differs"; fi
(cd ref && find . -type f | sort) > ref.list; (cd run && find . -type f | sort) > run.list
cmp -s ref.list run.list && ok "same file list" || fail "file lists differ"
while read -r f; do cmp -s "ref/$f" "run/$f" || fail "byte difference in $f"; done < ref.list
"$TB" verify run 2>/dev/null && ok "killed-and-resumed batch verifies" || fail "verify run"

# only what changed is rebuilt
cp run/packages/A0007.zip a7-before.zip
printf 'more' >> apps/A0007/files/robotics-workshop.jpg
"$TB" batch apps -o run -j2 --name office-2021 2>again.err || { cat again.err; fail "third run"; }
grep -q "30 applicants: 1 built, 29 unchanged, 0 failed" again.err && ok "one applicant rebuilt" \
	|| fail "rebuild count: $(tail -1 again.err)"
cmp -s a7-before.zip run/packages/A0007.zip && fail "A0007 not rebuilt" || ok "A0007 rebuilt"
cmp -s ref/packages/A0008.zip run/packages/A0008.zip && ok "A0008 untouched" || fail "A0008 changed"
"$TB" verify run 2>/dev/null && ok "verifies after the rebuild" || fail "verify after rebuild"
# a withdrawn applicant disappears from the batch
rm -rf apps/A0030
"$TB" batch apps -o run -j2 --name office-2021 2>/dev/null || fail "run after withdrawal"
[ ! -e run/packages/A0030.zip ] && ! grep -q A0030 run/batch-manifest.xml && ok "withdrawn applicant removed" \
	|| fail "withdrawn applicant still there"
"$TB" verify run 2>/dev/null && ok "verifies after withdrawal" || fail "verify after withdrawal"

echo "$fails failure(s)"
[ "$fails" = 0 ]
