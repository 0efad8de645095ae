#!/bin/bash
# AES-256 packages: the password comes from an environment variable (or a file), never the
# command line; 7-Zip and bsdtar open them with it and refuse a wrong one.
set -eu
export LC_ALL=C.UTF-8
: "${TB:?}" "${TB_SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 1 --size 5000
export TB_TEST_PASSWORD='Tianbiao-2021-secret'
"$TB" build apps/A0001/evidence.xml -o enc.zip --password-env TB_TEST_PASSWORD
7z t -p"$TB_TEST_PASSWORD" enc.zip >/dev/null && ok "7z t with the password" || fail "7z t"
7z t -pwrong enc.zip >/dev/null 2>&1 && fail "7z accepted a wrong password" || ok "7z refuses a wrong password"
7z x -p"$TB_TEST_PASSWORD" -oout enc.zip >/dev/null && cmp -s apps/A0001/files/robotics-workshop.jpg "out/enc/evidence/003-青少年机器人工作坊活动照片.jpg" \
	&& ok "7z extracts the original bytes" || fail "7z round trip"
mkdir bt && bsdtar -xf enc.zip -C bt --passphrase "$TB_TEST_PASSWORD" && cmp -s apps/A0001/files/meeting-minutes-2021.pdf "bt/enc/evidence/001-2021年科学素质工作专题会议纪要.pdf" \
	&& ok "bsdtar round trip" || fail "bsdtar round trip"
(cd out/enc && sha256sum -c --quiet checksums.sha256) && ok "checksums of the decrypted files" || fail "decrypted sums"
python3 - enc.zip <<'PY' && ok "every entry AES (method 99)" || fail "not encrypted"
import sys, zipfile
for i in zipfile.ZipFile(sys.argv[1]).infolist():
    assert i.compress_type == 99 and i.flag_bits & 1, i.filename
PY
printf '%s\n' "$TB_TEST_PASSWORD" > pw.txt
"$TB" build apps/A0001/evidence.xml -o enc2.zip --password-file pw.txt && 7z t -p"$TB_TEST_PASSWORD" enc2.zip >/dev/null \
	&& ok "password from a file" || fail "password file"
rc=0; "$TB" build apps/A0001/evidence.xml -o enc3.zip --password-env TB_NOT_SET 2>err.txt || rc=$?
[ "$rc" = 2 ] && grep -q pack.password err.txt && [ ! -e enc3.zip ] && ok "unset variable refused" || fail "unset variable (rc $rc)"
rc=0; "$TB" verify enc.zip 2>err.txt || rc=$?
[ "$rc" = 1 ] && grep -q zip.unsupported err.txt && ok "verify refuses AES packages clearly" || fail "verify on AES (rc $rc)"
"$TB" build --help | grep -q -- '--password-env' && ! "$TB" build --help | grep -q -- '--password ' \
	&& ok "no password option on the command line" || fail "help"

echo "$fails failure(s)"
[ "$fails" = 0 ]
