#!/bin/bash
# test_round.sh: the round as people run it. Applicants build their submissions; an office
# gets them as ZIPs, an unpacked package and evidence folders (plus things that are not
# applicants, each reported); `score --rank` and `batch` rank them the same way and the summary
# sheets agree with the packages; the year's bundle holds the packages, the batch's manifest
# and summaries under the batch's real name; `verify` and bagit-python both accept the bag,
# also with a Thumbs.db at its root.
set -u
export LC_ALL=C.UTF-8
unset LANGUAGE
: "${TB:?}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# Five applicants of two bodies (A1, A3, A5: 第1区, quota 2; A2, A4: 第2区), with different
# scores; A4 cites an attachment that is missing (an error: it cannot be put forward).
python3 "$TB_SRC/tests/pack/gen_applicants.py" apps 5 --bodies 2 --bad 4 --size 500
for i in 1 2 3 4 5; do
	sed -i "s/<item indicator=\"1.1.1\" points=\"4\"/<item indicator=\"1.1.1\" points=\"$((i % 4))\"/" apps/A000$i/evidence.xml
done

# --- applicants: their packages -------------------------------------------------------------
mkdir office
for i in 1 2 3; do
	"$TB" build apps/A000$i/evidence.xml -o A000$i.zip 2>/dev/null || fail "build A000$i"
done
cp A0001.zip A0002.zip office/
(cd office && unzip -q ../A0003.zip) # unpacked: office/A0003/manifest.xml
cp -r apps/A0004 apps/A0005 office/
# the packaged evidence is evidence: its attachments resolve beside it
"$TB" validate office/A0003/evidence/evidence.xml >/dev/null 2>v.err && ok "packaged evidence.xml validates" \
	|| fail "packaged evidence: $(cat v.err)"
# not applicants: each must be reported
echo "见附件" >office/说明.txt
mkdir office/纸质材料 && echo x >office/纸质材料/申报书.docx
mkdir -p office/第二批 && cp -r apps/A0005 office/第二批/A0009
echo stray >office/A0005/备用照片.jpg

# --- the same ranking from score --rank and batch ------------------------------------------------
"$TB" score --rank apps --format json -o rank.json --xlsx rank.xlsx --preparer 王芳 2>rank.err
rc=$?
[ $rc = 1 ] && ok "score --rank exits 1 (A0004 has errors)" || fail "score --rank exit $rc: $(cat rank.err)"
rc=0
"$TB" batch office -o batch --name 海港区2021第一批 --preparer 王芳 --preparer-phone 0335-1234567 -j2 2>batch.err || rc=$?
[ $rc = 1 ] && ok "batch exits 1 (A0004 has errors)" || fail "batch exit $rc"
grep -q 'warning\[batch.unused\]: not used: only applicant folders' batch.err && grep -q '说明.txt' batch.err \
	&& ok "a stray file is reported" || fail "stray file not reported: $(cat batch.err)"
grep -q 'warning\[batch.documents-only\]' batch.err && grep -q '纸质材料' batch.err \
	&& ok "a folder of Word files is reported" || fail "Word-only folder not reported"
grep -q 'warning\[batch.nested\].*A0009/evidence.xml' batch.err && ok "a nested applicant is reported" \
	|| fail "nested folder not reported"
grep -q 'warning\[batch.unused-file\].*备用照片.jpg' batch.err && ok "a file no attachment names is reported" \
	|| fail "unused file in an applicant folder not reported"
grep -q 'error\[batch.failed\].*A0004' batch.err && grep -q 'attachment.missing' batch.err \
	&& ok "the applicant with errors is reported" || fail "A0004 failure not reported"
python3 - <<'EOF' && ok "score --rank and batch: same ranks, same quota, summaries agree with packages" || fail "rankings differ"
import json, glob, xml.etree.ElementTree as ET
r = json.load(open("rank.json"))
want = {}
for b in r["bodies"]:
    want[b["recommender"]] = [(a["id"], a["rank"], a["within_quota"], a["errors"] > 0) for a in b["applicants"]]
assert len(want) == 2, want                        # every recommending body ranked in one run
man = ET.parse("batch/batch-manifest.xml").getroot()
assert man.get("name") == "海港区2021第一批", man.attrib
built = {p.get("id"): p for p in man.findall("package")}
left = {p.get("id"): p.get("reason") for p in man.findall("left-out")}
got = {}
for rc in man.findall("recommender"):
    s = ET.parse("batch/" + rc.get("summary")).getroot()
    assert rc.get("summary") == "summary/%s.xml" % rc.text, rc.attrib   # named by body
    assert s.find("preparer/name").text == "王芳"
    rows = []
    for a in s.findall("applicant"):
        pkg = a.get("package")
        within = a.find("within-quota").text == "true"
        ident = pkg[len("packages/"):-4] if pkg else None
        if pkg:
            assert ident in built and built[ident].get("within-quota") == ("true" if within else "false")
        rows.append((a.find("name").text, int(a.get("rank")), within, a.find("errors") is not None, ident))
    got[rc.text] = rows
for body, rows in want.items():
    names = {}
    for e in r["bodies"]:
        if e["recommender"] == body:
            names = {a["id"]: a["name"] for a in e["applicants"]}
    exp = [(names[i], rank, w, err) for i, rank, w, err in rows]
    assert [x[:4] for x in got[body]] == exp, (body, got[body], exp)
    # within quota <=> built; the rest say why they are not
    for name, rank, w, err, ident in got[body]:
        assert (ident is not None) == w, (name, ident, w)
assert left == {"A0005": "over-quota", "A0004": "errors"}, left
print("   ", {b: [(x[1], x[2]) for x in v] for b, v in got.items()})
EOF
python3 - <<'EOF' && ok "XLSX ranking and summary sheets open (openpyxl), scores are numbers" || fail "xlsx"
import openpyxl, glob
wb = openpyxl.load_workbook("rank.xlsx")
assert len(wb.sheetnames) == 2, wb.sheetnames
for ws in wb:
    rows = list(ws.iter_rows(values_only=True))
    head = [i for i, r in enumerate(rows) if r[0] == "Rank"][0]
    assert all(isinstance(r[8], (int, float)) for r in rows[head + 1:]), rows
for f in glob.glob("batch/summary/*.xlsx"):
    ws = openpyxl.load_workbook(f).active
    assert any("王芳" in str(c) for r in ws.iter_rows(values_only=True) for c in r if c)
EOF
for f in batch/summary/*.pdf; do
	pdftotext "$f" - | tr -d ' \n' | grep -q '填表人：王芳' || fail "$f lacks 填表人：王芳"
done
ls batch/summary/*.pdf >/dev/null 2>&1 && ok "填表人 on the summary sheets (PDF)" || fail "no summary PDF"
"$TB" verify batch 2>vb.err && ok "batch verifies" || fail "verify batch: $(cat vb.err)"

# --- the year's bundle ------------------------------------------------------------------------
"$TB" archive --year 2021 batch -o X001-WS-2021 2>arch.err && ok "archive" || fail "archive: $(cat arch.err)"
grep -q '^X001-WS-2021: 3 item(s) from 1 batch(es), ' arch.err && ok "archive ends with a one-line total" \
	|| fail "archive total: $(cat arch.err)"
grep -q 'batch="海港区2021第一批"' X001-WS-2021/data/D30/X001-WS-2021-D30-KP-0001/item.xml \
	&& ok "item.xml records the batch's real name" || fail "item.xml batch name"
ls X001-WS-2021/data/batches/海港区2021第一批/summary/*.pdf >/dev/null 2>&1 \
	&& [ -f X001-WS-2021/data/batches/海港区2021第一批/batch-manifest.xml ] \
	&& ok "the batch manifest and summaries are in the bundle" || fail "batch records not bagged"
"$TB" verify X001-WS-2021 2>vx.err && grep -q 'verified: .* files in 3 package(s) checked, no problem' vx.err \
	&& ok "verify the bag, with its total" || fail "verify bag: $(cat vx.err)"
# bagit-python's validation: Debian's python3-bagit where it exists (trixie on); on bookworm,
# tests/pack/bagcheck.py, which applies the same rules (bagit-python is not packaged there).
bagit_validate() {
	if /usr/bin/python3 -c 'import bagit' 2>/dev/null; then
		/usr/bin/python3 -c 'import sys, bagit; bagit.Bag(sys.argv[1]).validate(); print("    bagit-python valid")' "$1"
	else
		/usr/bin/python3 "$TB_SRC/tests/pack/bagcheck.py" "$1"
	fi
}
bagit_validate X001-WS-2021 && ok "bagit rules: the bag is valid" || fail "bagit rules"
touch X001-WS-2021/Thumbs.db X001-WS-2021/.DS_Store
rc=0; "$TB" verify X001-WS-2021 2>vt.err || rc=$?
[ $rc = 0 ] && grep -q 'warning\[verify.tag-extra\]: "Thumbs.db"' vt.err \
	&& ok "Thumbs.db at the bag's root: a warning, not a failure" || fail "Thumbs.db: exit $rc $(cat vt.err)"
bagit_validate X001-WS-2021 && ok "bagit rules agree" || fail "bagit rules with Thumbs.db"
echo extra >X001-WS-2021/data/batches/extra.txt
rc=0; "$TB" verify X001-WS-2021 2>ve.err || rc=$?
[ $rc = 1 ] && grep -q 'NOT verified: 1 problem(s) (0 altered, 0 missing, 1 added, 0 other)' ve.err \
	&& ok "an added payload file fails, with a one-line total" || fail "added file: exit $rc $(cat ve.err)"
bagit_validate X001-WS-2021 >bv.out 2>&1 && fail "bagit rules accept an unlisted payload file" \
	|| ok "bagit rules refuse an unlisted payload file"

echo "$fails failure(s)"
[ "$fails" = 0 ]
