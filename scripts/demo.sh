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
# Check every applicant (exit status 1 if any is invalid); keep the machine-readable report.
"$tb" validate samples/*/evidence.xml
"$tb" validate --format json samples/*/evidence.xml >"$out/validation.json"
# The commented skeleton a new applicant starts from.
"$tb" init --program qhd-2021 --force -o "$out/qhd-2021-skeleton.xml"
echo "outputs in $out/"
