#!/bin/sh
# Install the dependencies, build tianbiao and run the main job on the bundled samples.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTB_TESTS=OFF
cmake --build build -j"$(nproc)"
scripts/demo.sh build/tianbiao out
