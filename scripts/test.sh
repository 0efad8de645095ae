#!/bin/sh
# Install the test tools, build with AddressSanitizer + UBSan and run the whole suite.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DTB_SANITIZE=ON -DTB_WERROR=ON
cmake --build build-test -j"$(nproc)"
cd build-test && ctest --output-on-failure -j"$(nproc)"
