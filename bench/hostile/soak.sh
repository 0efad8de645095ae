#!/bin/bash
# bench/hostile/soak.sh: the kill soak of tests/qa/test_soak.sh (issue 17 item 6), run long:
# random SIGINT/SIGTERM/SIGKILL during build, batch and archive, each followed by a re-run and
# `verify`. Prints the trials, kills and failures.
#   bench/hostile/soak.sh build-rel/tianbiao [SECONDS, default 600]
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
TB=$(realpath "${1:?usage: soak.sh TIANBIAO [SECONDS]}") TB_SRC=$SRC SOAK_SECONDS=${2:-600} \
	exec bash "$SRC/tests/qa/test_soak.sh" 2> >(grep -v 'Killed' >&2)
