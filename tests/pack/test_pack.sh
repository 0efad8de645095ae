#!/bin/bash
# Packages, batches and bags: readable by unzip/7z/bsdtar with Chinese names, deterministic
# (also under another time zone), and verify catches flipped bytes, removed, added and
# altered files and edited manifests at every level; hostile archives are refused.
set -eu  # no pipefail: grep -q may close a pipe early
export LC_ALL=C.UTF-8
: "${TB:?}" "${TB_SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
GEN="python3 $TB_SRC/tests/pack/gen_applicants.py"
ZE="python3 $TB_SRC/tests/pack/zipedit.py"

# verify must exit 1 and report CODE (and PATTERN, when given, in the same diagnostic)
expect() {
	local code=$1 target=$2 pattern=${3:-} out rc=0
	out=$("$TB" verify --format json "$target" 2>/dev/null) || rc=$?
	if [ "$rc" != 1 ]; then fail "verify $target exited $rc, expected 1 ($code)"; return; fi
	if ! python3 - "$code" "$pattern" "$out" <<'PY'
import json, sys
code, pat, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.exit(0 if any(d["code"] == code and pat in (d["message"] + (d["file"] or "")) for d in out) else 1)
PY
	then fail "verify $target: no $code${pattern:+ about $pattern} in: $out"; return; fi
	ok "verify $target -> $code"
}
verified() {
	if "$TB" verify "$1" 2>verify.err; then ok "verify $1 clean"; else fail "verify $1: $(cat verify.err)"; fi
}

$GEN apps 6 --bodies 3 --size 3000
mkdir one && cp -r apps/A0001 one/
APP=one/A0001/evidence.xml

# --- package: build, tools, names ---------------------------------------------------------
"$TB" build "$APP" -o 2021-0001.zip
NAME='2021-0001/evidence/001-2021年科学素质工作专题会议纪要.pdf'
unzip -tq 2021-0001.zip >/dev/null && ok "unzip -t" || fail "unzip -t"
unzip -l 2021-0001.zip | grep -qF "$NAME" && ok "unzip lists the Chinese name" || fail "unzip name"
7z t 2021-0001.zip >/dev/null && ok "7z t" || fail "7z t"
7z l -ba 2021-0001.zip | grep -qF "$NAME" && ok "7z lists the Chinese name" || fail "7z name"
bsdtar -tf 2021-0001.zip | grep -qxF "$NAME" && ok "bsdtar lists the Chinese name" || fail "bsdtar name"
# stored media, deflated XML, UTF-8 flag on non-ASCII names
python3 - 2021-0001.zip <<'PY' && ok "methods and UTF-8 flags" || fail "methods/flags"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [i.filename for i in z.infolist()]
assert names == sorted(names, key=lambda n: n.encode()), names
for i in z.infolist():
    data = z.read(i)
    # already compressed: stored; a PDF only when its streams are compressed (a filter)
    packed = data[:3] == b"\xff\xd8\xff" or data[:4] in (b"\x89PNG", b"PK\x03\x04")
    pdf = data[:5] == b"%PDF-"
    by_name = not pdf and i.filename.endswith((".pdf", ".jpg", ".png", ".docx", ".odt"))
    stored = packed or (pdf and b"Decode" in data) or by_name
    want = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    assert i.compress_type == want, (i.filename, i.compress_type)
    assert i.date_time == (2021, 12, 1, 0, 0, 0), i.date_time
    assert i.external_attr >> 16 == 0o100644, oct(i.external_attr)
    if not i.filename.isascii():
        assert i.flag_bits & 0x800, i.filename
PY
# what zipinfo shows: the rendered 附件2 PDF (deflated streams) and the DOCX stored, not
# deflated a second time; the evidence XML deflated
zi=$(zipinfo 2021-0001.zip)
echo "$zi" | grep -q ' stor .*附件2-申报推荐表\.pdf$' && echo "$zi" | grep -q ' stor .*附件2-申报推荐表\.docx$' &&
	echo "$zi" | grep -q ' defF .*evidence/evidence\.xml$' && ok "zipinfo: PDF and DOCX stored, XML deflated" ||
	fail "zipinfo methods: $zi"
(mkdir x && cd x && unzip -q ../2021-0001.zip && cd 2021-0001 && sha256sum -c --quiet checksums.sha256) \
	&& ok "sha256sum -c checksums.sha256" || fail "sha256sum -c"
verified 2021-0001.zip

# --- determinism --------------------------------------------------------------------------
"$TB" build "$APP" -o again.zip && mkdir d2 && "$TB" build "$APP" -o d2/2021-0001.zip
cmp -s 2021-0001.zip d2/2021-0001.zip && ok "same bytes twice" || fail "not deterministic"
mkdir d3 && TZ=Asia/Shanghai "$TB" build "$APP" -o d3/2021-0001.zip
cmp -s 2021-0001.zip d3/2021-0001.zip && ok "same bytes with TZ=Asia/Shanghai" || fail "TZ changes bytes"
mkdir d4 && SOURCE_DATE_EPOCH=1700000000 "$TB" build "$APP" -o d4/2021-0001.zip
cmp -s 2021-0001.zip d4/2021-0001.zip && fail "epoch ignored" || ok "another epoch, other bytes"

# --- package tampering --------------------------------------------------------------------
cp 2021-0001.zip p1.zip
# a raw flipped byte inside a stored entry: the CRC no longer matches
python3 - p1.zip <<'PY'
import sys, zipfile
p = sys.argv[1]
z = zipfile.ZipFile(p)
i = next(i for i in z.infolist() if i.filename.endswith(".jpg"))
z.close()
d = bytearray(open(p, "rb").read())
off = i.header_offset + 30 + int.from_bytes(d[i.header_offset + 26:i.header_offset + 28], "little") \
    + int.from_bytes(d[i.header_offset + 28:i.header_offset + 30], "little") + 50
d[off] ^= 1
open(p, "wb").write(bytes(d))
PY
expect verify.altered p1.zip "机器人工作坊"
mkdir t && cp 2021-0001.zip t/2021-0001.zip
$ZE flip t/2021-0001.zip "2021-0001/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.altered t/2021-0001.zip "机器人工作坊"
cp 2021-0001.zip t/2021-0001.zip && $ZE remove t/2021-0001.zip "2021-0001/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.missing t/2021-0001.zip "机器人工作坊"
cp 2021-0001.zip t/2021-0001.zip && $ZE add t/2021-0001.zip "2021-0001/evidence/新增.txt" "added"
expect verify.extra t/2021-0001.zip "新增"
cp 2021-0001.zip t/2021-0001.zip && $ZE replace t/2021-0001.zip 2021-0001/manifest.xml "<applicant>第1号" "<applicant>第9号"
expect verify.manifest t/2021-0001.zip "manifest.xml"

# --- hostile archives ---------------------------------------------------------------------
for k in dotdot absolute backslash symlink; do
	$ZE hostile $k h-$k.zip
	expect zip.name h-$k.zip
done
# libzip itself refuses duplicate names when opening (ZIP_ER_EXISTS)
$ZE hostile duplicate h-duplicate.zip && expect zip.open h-duplicate.zip "exists"
$ZE hostile bomb h-bomb.zip && expect zip.limit h-bomb.zip "expands"
$ZE hostile many h-many.zip && expect zip.limit h-many.zip "entries"
$ZE hostile nonutf8 h-nonutf8.zip && expect verify.name-encoding h-nonutf8.zip
$ZE hostile declared h-declared.zip && expect zip.corrupt h-declared.zip "declared size"

# --- batch ----------------------------------------------------------------------------------
"$TB" batch apps -o batch -j2 2>batch.err || { cat batch.err; fail "batch"; }
[ "$(ls batch/packages | wc -l)" = 6 ] && ok "6 packages" || fail "package count"
for z in batch/packages/*.zip; do
	unzip -tq "$z" >/dev/null && 7z t "$z" >/dev/null && bsdtar -tf "$z" >/dev/null || fail "tools on $z"
done
(cd batch && sha256sum -c --quiet checksums.sha256) && ok "batch checksums.sha256" || fail "batch sums"
verified batch
cp -r batch b1 && $ZE flip b1/packages/A0002.zip "A0002/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.altered b1 "A0002.zip"
rm -rf b1 && cp -r batch b1 && rm b1/packages/A0003.zip
expect verify.missing b1 "A0003.zip"
rm -rf b1 && cp -r batch b1 && cp batch/packages/A0001.zip b1/packages/A0099.zip
expect verify.extra b1 "A0099.zip"
rm -rf b1 && cp -r batch b1 && sed -i 's/第2号科普示范单位/第8号科普示范单位/' b1/batch-manifest.xml
expect verify.manifest b1 "batch-manifest.xml"
# a package altered inside, with the batch manifest left alone: both levels notice
rm -rf b1 && cp -r batch b1 && $ZE remove b1/packages/A0004.zip "A0004/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.missing b1 "机器人工作坊"

# failures are reported and skipped, the rest built
$GEN bad 4 --bodies 2 --bad 2 --size 100
rc=0; "$TB" batch bad -o badout -j2 2>bad.err || rc=$?
[ "$rc" = 1 ] && grep -q 'attachment.missing' bad.err && grep -q 'A0002' bad.err \
	&& [ "$(ls badout/packages | wc -l)" = 3 ] && ok "bad applicant skipped, others built" \
	|| fail "bad applicant handling (rc $rc): $(cat bad.err)"
grep -q '3 built, 0 unchanged, 1 failed' bad.err && ok "summary line" || fail "summary line"

# a package that cannot be put in place (a folder has its name): that applicant fails, the
# error naming its package, and the rest are built; with the folder gone, the next run builds
# it and keeps the rest (packages are put in place in groups: batch.c end_group)
mkdir -p placeout/packages/A0003.zip/x
rc=0; "$TB" batch apps -o placeout -j2 2>place.err || rc=$?
[ "$rc" = 1 ] && grep -q 'io.write' place.err && grep -q 'packages/A0003.zip' place.err \
	&& grep -q 'applicant "A0003" was not built' place.err && grep -q '5 built, 0 unchanged, 1 failed' place.err \
	&& [ "$(find placeout/packages -maxdepth 1 -type f -name '*.zip' | wc -l)" = 5 ] \
	&& ok "package not put in place: its applicant failed, the rest built" || fail "package not put in place (rc $rc): $(cat place.err)"
rm -rf placeout/packages/A0003.zip
"$TB" batch apps -o placeout -j2 2>place2.err && grep -q '1 built, 5 unchanged, 0 failed' place2.err \
	&& cmp -s placeout/packages/A0003.zip batch/packages/A0003.zip && ok "built on the next run" \
	|| fail "next run after a package not put in place: $(cat place2.err)"

# applicants of two programs in one folder: the ranking is for the program most are for (not
# whichever a worker loaded first), the other applicant is left out and not built (it used to
# be built as "packages/(null).zip"), and the batch is the same bytes at any -j
mkdir mixed && cp -r "$TB_SRC/samples/kaifu-district" mixed/a-kaifu \
	&& for s in qhd-haigang-youth qhd-port-workers qhd-lulong-farmers; do cp -r "$TB_SRC/samples/$s" mixed/; done
for j in 1 4; do
	rc=0; mkdir -p j$j && "$TB" batch mixed -o j$j/mixed-out -j $j 2>mixed-$j.err || rc=$?
	[ "$rc" = 1 ] && grep -q 'a-kaifu/evidence.xml: error\[score.rank-mixed\].*the ranking for "qhd-2021"' mixed-$j.err \
		&& grep -q 'applicant "a-kaifu" was not built' mixed-$j.err && grep -q '3 built, 0 unchanged, 1 failed' mixed-$j.err \
		&& ! grep -rq '(null)' mixed-$j.err j$j/mixed-out/checksums.sha256 j$j/mixed-out/batch-manifest.xml \
		&& ok "mixed programs, -j $j: the majority's ranking, the other left out" || fail "mixed programs, -j $j (rc $rc): $(cat mixed-$j.err)"
	verified j$j/mixed-out
done
cmp -s j1/mixed-out/checksums.sha256 j4/mixed-out/checksums.sha256 && ok "mixed programs: same batch at -j 1 and -j 4" \
	|| fail "mixed programs: -j 1 and -j 4 differ"

# quotas of 附件1: a county association may recommend 2. The top 2 by rank are built, the
# third (tied, last by name) is marked over quota in the summary sheet and the manifest.
$GEN quota 3 --bodies 1 --size 100
rc=0; "$TB" batch quota -o qout 2>q.err || rc=$?
S=qout/summary/第1区科学技术协会.xml
[ "$rc" = 0 ] && grep -q 'warning\[batch.quota\]' q.err && grep -q 'not built, over the quota by rank: 第3号科普示范单位' q.err \
	&& [ "$(ls qout/packages)" = "$(printf 'A0001.zip\nA0002.zip')" ] && ok "top 2 built, the third named as over quota" \
	|| fail "quota (rc $rc): $(cat q.err)"
[ "$(grep -c '<within-quota>false</within-quota>' "$S")" = 1 ] && grep -q '<quota>2</quota>' "$S" \
	&& [ "$(grep -c 'package="packages/' "$S")" = 2 ] && grep -q '<note>over quota</note>' "$S" \
	&& ok "summary sheet agrees with the packages" || fail "summary sheet: $(cat "$S")"
grep -q '<left-out id="A0003" reason="over-quota" recommender="1" rank="1">第3号科普示范单位</left-out>' qout/batch-manifest.xml \
	&& ok "manifest lists the applicant left out, and why" || fail "manifest left-out: $(cat qout/batch-manifest.xml)"
verified qout
"$TB" batch quota -o qout2 --allow-over-quota 2>q2.err && [ "$(ls qout2/packages | wc -l)" = 3 ] \
	&& [ -f qout2/packages/A0003-over-quota.zip ] \
	&& [ "$(grep -c '<within-quota>false</within-quota>' qout2/summary/第1区科学技术协会.xml)" = 1 ] \
	&& grep -q 'package="packages/A0003-over-quota.zip"' qout2/summary/第1区科学技术协会.xml \
	&& grep -q 'path="packages/A0003-over-quota.zip" id="A0003-over-quota" recommender="1" rank="1" within-quota="false"' qout2/batch-manifest.xml \
	&& ok "--allow-over-quota builds all, the file name, summary and manifest mark the third" \
	|| fail "allow over quota: $(cat q2.err)"
"$TB" verify qout2 2>/dev/null && ok "over-quota batch verifies" || fail "verify qout2"

# --- bag ------------------------------------------------------------------------------------
"$TB" archive --year 2021 batch -o X001-WS-2021 && verified X001-WS-2021
"$TB" archive --year 2021 batch -o X001-WS-2021.zip && verified X001-WS-2021.zip
grep -q '^Payload-Oxum: ' X001-WS-2021/bag-info.txt && grep -q '^Archival-Code: X001-WS·2021-D30-KP-0001 ' X001-WS-2021/bag-info.txt \
	&& ok "bag-info labels" || fail "bag-info"
[ -f X001-WS-2021/metadata/fixity-sm3.txt ] && [ ! -e X001-WS-2021/manifest-sm3.txt ] && ok "SM3 tag file" || fail "sm3 file"
(cd X001-WS-2021 && sha256sum -c --quiet manifest-sha256.txt && sha512sum -c --quiet manifest-sha512.txt \
	&& sha256sum -c --quiet tagmanifest-sha256.txt) && ok "bag manifests check with coreutils" || fail "bag sums"
unzip -tq X001-WS-2021.zip >/dev/null && 7z t X001-WS-2021.zip >/dev/null && ok "bag zip tools" || fail "bag zip tools"
bsdtar -tf X001-WS-2021.zip | grep -qxF "X001-WS-2021/metadata/文件目录.xml" && ok "bag zip Chinese name" || fail "bag zip name"
mkdir a2 && "$TB" archive --year 2021 batch -o a2/X001-WS-2021.zip && cmp -s X001-WS-2021.zip a2/X001-WS-2021.zip \
	&& ok "bag zip deterministic" || fail "bag zip not deterministic"
D=X001-WS-2021/data/D30/X001-WS-2021-D30-KP-0002
cp -r X001-WS-2021 g1 && printf 'x' >> "g1/${D#*/}/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.altered g1 "机器人工作坊"
rm -rf g1 && cp -r X001-WS-2021 g1 && python3 -c "
import sys; p=sys.argv[1]; d=bytearray(open(p,'rb').read()); d[100]^=1; open(p,'wb').write(bytes(d))" "g1/${D#*/}/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.altered g1 "机器人工作坊"
rm -rf g1 && cp -r X001-WS-2021 g1 && rm "g1/${D#*/}/evidence/001-2021年科学素质工作专题会议纪要.pdf"
expect verify.missing g1 "会议纪要"
rm -rf g1 && cp -r X001-WS-2021 g1 && echo extra > g1/data/D30/extra.txt
expect verify.extra g1 "extra.txt"
rm -rf g1 && cp -r X001-WS-2021 g1 && sed -i '1s/^./0/' g1/manifest-sha256.txt
expect verify.manifest g1 "manifest-sha256.txt"
rm -rf g1 && cp -r X001-WS-2021 g1 && sed -i 's/^Payload-Oxum: .*/Payload-Oxum: 1.1/' g1/bag-info.txt
expect verify.manifest g1 "bag-info.txt"
cp X001-WS-2021.zip g2.zip && $ZE flip g2.zip "X001-WS-2021/${D#*/}/evidence/003-青少年机器人工作坊活动照片.jpg"
expect verify.altered g2.zip "机器人工作坊"
cp X001-WS-2021.zip g2.zip && $ZE remove g2.zip "X001-WS-2021/${D#*/}/item.xml"
expect verify.missing g2.zip "item.xml"
cp X001-WS-2021.zip g2.zip && $ZE add g2.zip "X001-WS-2021/data/新增.txt" "x"
expect verify.extra g2.zip "新增"
cp X001-WS-2021.zip g2.zip && $ZE replace g2.zip "X001-WS-2021/bag-info.txt" "Retention-Period: D30" "Retention-Period: Y"
expect verify.manifest g2.zip "bag-info.txt"
# a bag is never overwritten
"$TB" archive --year 2021 batch -o X001-WS-2021 2>/dev/null && fail "bag overwritten" || ok "existing bag kept"

echo "$fails failure(s)"
[ "$fails" = 0 ]
