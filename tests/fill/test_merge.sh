#!/bin/bash
# test_merge.sh: mail merge, `fill TEMPLATE DATA... -o DIR/`: one output per data file, named
# by its stem (or its folder when stems clash), each byte for byte what a single `fill` writes;
# a bad data file is reported and skipped while the others are written; names that still clash
# are a usage error.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}" SOURCE_DATE_EPOCH=1638316800
FORM="$TB_SRC/templates/programs/qhd-2021/application-form.docx"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 4 --bodies 2 --size 500 >/dev/null

# every applicant's evidence.xml: the stems clash, so the folders name the outputs
"$TB" fill "$FORM" apps/*/evidence.xml -o merged/ 2>merge.err || fail "merge: $(cat merge.err)"
[ "$(ls merged | tr '\n' ' ')" = "A0001.pdf A0002.pdf A0003.pdf A0004.pdf " ] &&
	ok "four PDFs named by folder" || fail "merged: $(ls merged)"
for a in A0001 A0004; do
	"$TB" fill "$FORM" apps/$a/evidence.xml -o single-$a.pdf 2>/dev/null || fail "single fill $a"
	cmp -s single-$a.pdf merged/$a.pdf && ok "$a: the same bytes as a single fill" ||
		fail "$a: merged PDF differs from a single fill's"
done
# the second document differs from the first (each got its own data)
cmp -s merged/A0001.pdf merged/A0002.pdf && fail "A0001 and A0002 are the same PDF"

# distinct stems in one folder name the outputs; one data file and an existing folder is a merge
mkdir data out1
cp apps/A0001/evidence.xml data/alice.xml
cp apps/A0002/evidence.xml data/bob.xml
cp -r apps/A0001/files data/files # the attachments the evidence names (validated before filling)
printf '<evidence><oops></evidence>\n' >data/broken.xml
"$TB" fill "$FORM" data/alice.xml data/broken.xml data/bob.xml -o stems/ 2>stems.err
rc=$?
[ $rc = 1 ] && ok "a broken data file: exit 1" || fail "broken data file: exit $rc, want 1"
[ "$(ls stems | tr '\n' ' ')" = "alice.pdf bob.pdf " ] && ok "the others are written" ||
	fail "with a broken file: $(ls stems)"
grep -q "broken.xml" stems.err && ok "the broken file is named" || fail "stderr: $(cat stems.err)"
cmp -s stems/alice.pdf merged/A0001.pdf || fail "alice.pdf differs from A0001.pdf"
"$TB" fill "$FORM" data/bob.xml -o out1 2>/dev/null && [ -f out1/bob.pdf ] &&
	ok "one data file into an existing folder" || fail "one data file into out1: $(ls out1)"

# Worker threads: the same bytes whatever -j, and the findings in the data files' order
# although a broken file fails at once while a well-formed one is still being laid out.
printf '<evidence><oops></evidence>\n' >data/broken2.xml
for j in 1 3; do
	"$TB" fill "$FORM" data/alice.xml data/broken.xml data/bob.xml data/broken2.xml -o j$j/ \
		-j $j 2>j$j.err
	rc=$?
	[ $rc = 1 ] && ok "-j $j: exit 1" || fail "-j $j: exit $rc, want 1"
	cmp -s j$j/alice.pdf stems/alice.pdf && cmp -s j$j/bob.pdf stems/bob.pdf &&
		ok "-j $j: the same PDFs" || fail "-j $j: the PDFs differ from the default run's"
	[ "$(grep -o 'broken2*\.xml' j$j.err | uniq | tr '\n' ' ')" = "broken.xml broken2.xml " ] &&
		ok "-j $j: findings in the data files' order" || fail "-j $j: stderr: $(cat j$j.err)"
done
# the first document's warning is found late (in layout), the broken file's at once: still
# the first document's findings come first
sed '0,/<name>/s|<name>|<name>🛸|' data/alice.xml >data/ufo.xml
"$TB" fill "$FORM" data/ufo.xml data/broken.xml -o ufo/ -j 2 --allow-missing-glyphs 2>ufo.err
[ "$(grep -o 'word/document.xml\|broken\.xml' ufo.err | uniq | tr '\n' ' ')" = "word/document.xml broken.xml " ] &&
	ok "a late finding of the first document comes before the second's" ||
	fail "findings out of order: $(cat ufo.err)"
"$TB" fill "$FORM" data/alice.xml data/bob.xml -o j0/ -j 0 2>j0.err
rc=$?
[ $rc = 2 ] && grep -q -- "-j takes a number" j0.err && ok "-j 0: usage error" ||
	fail "-j 0: exit $rc, $(cat j0.err)"

# --to chooses the format of every output
"$TB" fill "$FORM" data/alice.xml data/bob.xml -o traces/ --to trace 2>/dev/null &&
	[ "$(ls traces | tr '\n' ' ')" = "alice.trace bob.trace " ] && ok "--to trace" ||
	fail "--to trace: $(ls traces 2>&1)"

# names that clash both ways: usage error, nothing written
mkdir -p x/same y/same
cp data/alice.xml x/same/e.xml
cp data/bob.xml y/same/e.xml
cp -r data/files x/same/files && cp -r data/files y/same/files
"$TB" fill "$FORM" x/same/e.xml y/same/e.xml -o clash/ 2>clash.err
rc=$?
[ $rc = 2 ] && ok "clashing names: exit 2" || fail "clashing names: exit $rc, want 2"
[ -z "$(ls clash 2>/dev/null)" ] || fail "clashing names wrote $(ls clash)"
# several data files and -o a file name: usage error
"$TB" fill "$FORM" data/alice.xml data/bob.xml -o one.pdf 2>/dev/null
rc=$?
[ $rc = 2 ] && ok "several data files into one.pdf: exit 2" || fail "into one.pdf: exit $rc"

[ $fails = 0 ] && echo "all mail-merge checks passed" || echo "$fails failure(s)" >&2
exit $((fails > 0))
