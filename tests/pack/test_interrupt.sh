#!/bin/bash
# test_interrupt.sh: Ctrl-C during a batch stops it cleanly: exit 130, a report of what was
# finished and what was not, no temporary file anywhere, no half-written manifest; the same
# command then finishes the job. On a terminal, progress names the applicant being built and
# the time left, and the progress line is gone before the summary.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 12 --bodies 6 --size 2000
"$TB" batch apps -o out -j2 --name b 2>err &
pid=$!
for _ in $(seq 1 3000); do
	n=$(ls out/.state 2>/dev/null | grep -c '^A.*\.txt$' || true)
	[ "$n" -ge 2 ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.01
done
kill -INT $pid 2>/dev/null
rc=0; wait $pid || rc=$?
done_n=$(ls out/packages 2>/dev/null | wc -l)
if [ "$rc" = 130 ]; then ok "interrupted: exit 130 ($done_n of 12 packages done)"; else
	fail "exit $rc after SIGINT (done $done_n): $(tail -5 err)"; fi
grep -q 'warning\[batch.canceled\]: interrupted: [0-9]* package(s) finished (A0' err && grep -q 'not built (A0' err \
	&& ok "it says what was finished and what was not" || fail "no cancel report: $(cat err)"
grep -q ', interrupted$' err && ok "the summary line says interrupted" || fail "summary line: $(tail -1 err)"
left=$(find out -name '*.tmp*' -o -name '.tmp' -o -name '.input' | head -5)
[ -z "$left" ] && ok "no temporary file left" || fail "left behind: $left"
[ ! -e out/batch-manifest.xml ] && ok "no manifest for an unfinished batch" || fail "manifest written"
for z in out/packages/*.zip; do
	[ -e "$z" ] || continue
	unzip -tq "$z" >/dev/null || fail "$z is damaged"
done
"$TB" batch apps -o out -j2 --name b 2>err2 && grep -q "12 applicants: $((12 - done_n)) built, $done_n unchanged" err2 \
	&& ok "the same command finishes the job" || fail "re-run: $(tail -2 err2)"
"$TB" verify out 2>/dev/null && ok "verifies" || fail "verify"

# On a terminal (script(1) gives a pty): the progress line.
rm -rf out3
script -qec "\"$TB\" batch apps -o out3 -j1 --name b" /dev/null >tty.log 2>&1 </dev/null
grep -aq 'A0012' tty.log && grep -aq 's left' tty.log && ok "progress names the applicant and the time left" \
	|| fail "progress: $(head -c 600 tty.log | od -c | head -20)"
python3 - tty.log <<'EOF' && ok "the progress line is cleared before the summary" || fail "terminal not clean"
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
i = t.rindex("12 applicants:")
j = t.rindex("\r\x1b[K", 0, i)          # the progress line, cleared
assert "/12  " not in t[j + 4:i], repr(t[j:i])   # and not drawn again before the summary
assert t[:j].rstrip().endswith(("s left\x1b[K", "\x1b[K")), repr(t[max(0, j - 80):j])
EOF
echo "$fails failure(s)"
[ "$fails" = 0 ]
