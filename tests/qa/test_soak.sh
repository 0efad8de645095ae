#!/bin/bash
# test_soak.sh: random kills during build, batch and archive (issue 17 item 6). Each trial
# starts one of them, sends SIGINT, SIGTERM, two of either, or SIGKILL at a random moment,
# then checks: no temporary is left unless the process was SIGKILLed; the same command run
# again succeeds, leaves no temporary at all (it sweeps what a SIGKILL left), and its output
# passes `verify`. CI runs it for SOAK_SECONDS (default 8); bench/hostile/soak.sh runs it
# long and prints the counts. SOAK_SEED makes a run repeatable.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
SECONDS_WANTED=${SOAK_SECONDS:-8}
RANDOM=${SOAK_SEED:-$$}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
fails=0 trials=0 kills=0 sigkills=0 finished=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 2 --size 3000 >/dev/null
# A bigger attachment (no sha256 in the evidence), so kills also land while archives are written.
head -c $((6 << 20)) /dev/urandom >> apps/A0001/files/robotics-workshop.jpg
mkdir out

command_of() { # kind -> the command line
	case $1 in
	build) echo "build apps/A0001/evidence.xml -o out/pkg.zip" ;;
	batch) echo "batch apps -o out/batch --jobs 1" ;;
	archive) echo "archive --year 2021 out/batch -o out/bag" ;;
	esac
}
output_of() { case $1 in build) echo out/pkg.zip ;; batch) echo out/batch ;; archive) echo out/bag ;; esac; }
debris() { find out apps -name '*.tmp[0-9]*' 2>/dev/null | head -3; }

# One full run of each, timed: kills are spread over a run's length.
declare -A took
for kind in build batch archive; do
	start=$(date +%s%N)
	# shellcheck disable=SC2046
	"$TB" $(command_of $kind) >/dev/null 2>err || fail "$kind: first run: $(head -c 300 err)"
	took[$kind]=$(( ($(date +%s%N) - start) / 1000000 + 1 ))
	"$TB" verify "$(output_of $kind)" >/dev/null 2>err || fail "$kind: first verify: $(head -c 300 err)"
done
[ "$fails" = 0 ] || exit 1

SECONDS=0
while [ "$SECONDS" -lt "$SECONDS_WANTED" ]; do
	kinds=(build batch archive)
	kind=${kinds[RANDOM % 3]}
	trials=$((trials + 1))
	[ "$kind" = archive ] && rm -rf out/bag
	[ "$kind" = batch ] && rm -rf out/batch/packages/A0001.zip # something to rebuild
	sigs=(INT TERM INT2 TERM2 KILL)
	sig=${sigs[RANDOM % 5]}
	delay_ms=$(( RANDOM % ${took[$kind]} ))
	# shellcheck disable=SC2046
	"$TB" $(command_of $kind) >/dev/null 2>err &
	pid=$!
	sleep "$(printf '0.%03d' $((delay_ms % 1000)))"
	sleep $((delay_ms / 1000))
	case $sig in
	INT | TERM) kill -s "$sig" $pid 2>/dev/null ;;
	INT2 | TERM2) kill -s "${sig%2}" $pid 2>/dev/null; sleep 0.05; kill -s "${sig%2}" $pid 2>/dev/null ;;
	KILL) kill -s KILL $pid 2>/dev/null ;;
	esac
	wait $pid
	rc=$?
	if [ "$rc" = 0 ]; then finished=$((finished + 1)); else kills=$((kills + 1)); fi
	if grep -q 'Sanitizer\|runtime error' err; then fail "$kind, $sig after $delay_ms ms: $(head -c 600 err)"; fi
	if [ "$sig" = KILL ]; then
		sigkills=$((sigkills + 1))
	elif [ -n "$(debris)" ]; then
		fail "$kind, $sig after $delay_ms ms (exit $rc): left $(debris)"
	fi
	# the same command again: it succeeds, sweeps, and its output verifies
	[ "$kind" = archive ] && rm -rf out/bag
	# shellcheck disable=SC2046
	"$TB" $(command_of $kind) >/dev/null 2>err || fail "$kind re-run after $sig: $(head -c 300 err)"
	[ -z "$(debris)" ] || fail "$kind re-run after $sig: left $(debris)"
	"$TB" verify "$(output_of $kind)" >/dev/null 2>err || fail "$kind after $sig: verify: $(head -c 300 err)"
	# a batch's packages must still verify for the archive trials
	[ "$kind" = build ] || "$TB" verify out/batch >/dev/null 2>err || fail "batch after $kind/$sig: verify: $(head -c 300 err)"
done
echo "soak: $trials trials in $SECONDS s: $kills stopped by a signal ($sigkills SIGKILL), $finished finished first; $fails failures"
[ "$fails" = 0 ] && [ "$trials" -gt 0 ]
