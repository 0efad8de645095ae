#!/bin/sh
# The main job on the bundled samples: validate every applicant's evidence.
# Usage: scripts/demo.sh [TIANBIAO_BINARY] [OUTDIR]
set -eu
cd "$(dirname "$0")/.."
tb=${1:-build/tianbiao}
out=${2:-out}
mkdir -p "$out"
export TIANBIAO_DATADIR="$PWD"
"$tb" --version
for ev in samples/*/evidence.xml; do
  [ -f "$ev" ] || continue
  "$tb" validate "$ev"
done
echo "outputs in $out/"
