#!/bin/bash
# test_shard.sh: a batch split with --shard I/N over three runs, then gathered with --reuse,
# gives the same batch folder, byte for byte, and so the same archive bundle, as one run;
# each shard builds exactly every third applicant of the sorted input (quotas still decided
# over all applicants); a damaged shard package is rebuilt, not copied; bad --shard values
# are usage errors.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}" SOURCE_DATE_EPOCH=1638316800
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# 8 applicants of 3 bodies (quota 2 each): A0001, A0004, A0007 share a body, so one of them is
# over quota and not built; the others are.
python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 8 --bodies 3 --size 500
"$TB" batch apps -o whole --name round-2021 -j 2 2>whole.err || fail "whole run: $(cat whole.err)"
ls whole/packages | sort >whole.list
[ "$(wc -l <whole.list)" -ge 6 ] && ok "whole run: $(wc -l <whole.list) packages" || fail "whole: $(cat whole.list)"

for i in 1 2 3; do
	"$TB" batch apps -o s$i --shard $i/3 -j 2 2>s$i.err || fail "shard $i: $(cat s$i.err)"
	[ ! -e s$i/batch-manifest.xml ] && [ ! -e s$i/checksums.sha256 ] || fail "shard $i wrote a manifest"
	# its applicants: positions i-1, i+2, i+5 of the sorted input, minus those over quota
	want=$(ls apps | sort | awk -v i=$i 'NR % 3 == i % 3 {print $0 ".zip"}' | grep -xFf whole.list)
	got=$(ls s$i/packages | sort)
	[ "$got" = "$want" ] && ok "shard $i/3 built $(echo $got)" || fail "shard $i built [$got], want [$want]"
	for p in $got; do
		cmp -s s$i/packages/$p whole/packages/$p || fail "shard $i: $p differs from the whole run's"
	done
done
[ "$(ls s1/packages s2/packages s3/packages | grep -c zip)" = "$(wc -l <whole.list)" ] &&
	ok "the shards' packages together are the whole run's" || fail "shards' packages do not add up"

# gathering: every package is copied from a shard, none is built, and the folder is the same
"$TB" batch apps -o gathered --name round-2021 --reuse s1 --reuse s2 --reuse s3 2>g.err ||
	fail "gather: $(cat g.err)"
grep -q ' 0 built, ' g.err && ok "gathering built nothing" || fail "gathering built: $(tail -1 g.err)"
diff -r whole gathered >d.txt && ok "gathered folder = whole run's, byte for byte" ||
	fail "gathered differs: $(head -20 d.txt)"
"$TB" verify gathered >/dev/null 2>v.err && ok "gathered batch verifies" || fail "verify: $(cat v.err)"

# the archive bundle over the gathered shards is the one over the whole run
# (the same bag name, in two folders: the name is the bag's External-Identifier)
mkdir b1 b2
"$TB" archive --year 2021 whole -o b1/X001-WS-2021 2>/dev/null || fail "archive whole"
"$TB" archive --year 2021 gathered -o b2/X001-WS-2021 2>/dev/null || fail "archive gathered"
cmp -s b1/X001-WS-2021/manifest-sha256.txt b2/X001-WS-2021/manifest-sha256.txt &&
	[ -s b1/X001-WS-2021/manifest-sha256.txt ] && ok "bundles: same manifest-sha256.txt" ||
	fail "bundle manifests differ"
diff -r b1 b2 >d2.txt && ok "bundles identical" || fail "bundles differ: $(head -20 d2.txt)"

# a damaged package in a shard's folder does not match its recorded digest: built again
p=$(ls s2/packages | head -1)
printf 'x' | dd of=s2/packages/$p bs=1 seek=100 conv=notrunc status=none
"$TB" batch apps -o gathered2 --name round-2021 --reuse s1 --reuse s2 --reuse s3 2>g2.err ||
	fail "gather 2: $(cat g2.err)"
grep -q ' 1 built, ' g2.err && ok "damaged shard package rebuilt" || fail "damaged: $(tail -1 g2.err)"
diff -r whole gathered2 >/dev/null && ok "... and the folder is still the whole run's" || fail "gathered2 differs"

# a shard run in a whole batch's folder: the manifest and checksums go (they would describe
# packages it does not hold), the other shards' packages stay
cp -r whole reused
"$TB" batch apps -o reused --shard 2/2 2>/dev/null || fail "shard in a batch folder"
[ ! -e reused/batch-manifest.xml ] && [ ! -e reused/checksums.sha256 ] && ok "shard removes the manifest" ||
	fail "stale manifest kept"
[ "$(ls reused/packages | sort)" = "$(cat whole.list)" ] && ok "other shards' packages kept" ||
	fail "packages pruned: $(ls reused/packages)"

for bad in 0/3 4/3 1/0 x 1/2/3 2; do
	"$TB" batch apps -o bad --shard "$bad" 2>/dev/null
	rc=$?
	[ $rc = 2 ] && ok "--shard $bad: usage error" || fail "--shard $bad exited $rc"
done

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all shard checks passed"
