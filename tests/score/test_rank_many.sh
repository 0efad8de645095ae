#!/bin/bash
# test_rank_many.sh: a ranking of 1,050 invalid applicants (more diagnostics than the context's
# list keeps) gives every applicant its own error count, in JSON and in the CSV's notes.
# Applicant i lacks 6 + (i mod 5) attachment files; its expected count is what `tianbiao score`
# says of the same evidence alone.
set -u
: "${TB:?TB must name the tianbiao binary}" "${TB_SRC:?}"
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}"
export LC_ALL=C.UTF-8
unset LANGUAGE
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }

python3 - "$TB_SRC/samples/qhd-haigang-youth/evidence.xml" "$tmp/in" <<'EOF'
import os, sys
src = open(sys.argv[1], encoding="utf-8").read()
for i in range(1, 1051):
    d = os.path.join(sys.argv[2], "A%04d" % i)
    os.makedirs(d)
    extra = "".join('<attachment id="x%d" path="files/gone-%d.pdf"><title>缺%d</title></attachment>\n' % (k, k, k)
                    for k in range(i % 5))
    ev = src.replace("<name>秦皇岛市海港区青少年科技活动中心</name>", "<name>第%d号单位</name>" % i)
    ev = ev.replace("</attachments>", extra + "</attachments>")
    open(os.path.join(d, "evidence.xml"), "w", encoding="utf-8").write(ev)
EOF
# Expected counts: each variant scored alone.
for k in 0 1 2 3 4; do
	i=$((k == 0 ? 5 : k))
	"$TB" score --format json "$tmp/in/A000$i/evidence.xml" >"$tmp/one$k.json" 2>/dev/null
done
"$TB" score --rank "$tmp/in" --format json -o "$tmp/rank.json" --csv "$tmp/rank.csv" 2>"$tmp/rank.err"
rc=$?
[ $rc = 1 ] && ok "exit 1 (the applicants have errors)" || bad "exit $rc, expected 1"
grep -q 'diag.more' "$tmp/rank.err" && ok "stderr says how many more diagnostics were not shown" ||
	bad "no 'N more not shown' note"
python3 - "$tmp" <<'EOF' && ok "every applicant keeps its error count (JSON and CSV)" || bad "error counts"
import csv, json, os, sys
t = sys.argv[1]
want = {}
for k in range(5):
    d = json.load(open(os.path.join(t, "one%d.json" % k)))
    want[k] = sum(1 for x in d["diagnostics"] if x["severity"] == "error")
    assert want[k] >= 6 + k, (k, want[k])
r = json.load(open(os.path.join(t, "rank.json")))
apps = r["bodies"][0]["applicants"] if "bodies" in r else r["applicants"]
assert len(apps) == 1050, len(apps)
for a in apps:
    i = int(a["evidence"].split("/")[-2][1:])
    assert a["errors"] == want[i % 5], (i, a["errors"], want[i % 5])
rows = list(csv.reader(open(os.path.join(t, "rank.csv"), encoding="utf-8-sig")))
assert len(rows) == 1051, len(rows)
for row in rows[1:]:
    i = int(row[2].replace("第", "").replace("号单位", ""))
    assert row[-1].startswith("%d problem" % want[i % 5]), (i, row[-1])
print("    counts", want)
EOF
exit $fail
