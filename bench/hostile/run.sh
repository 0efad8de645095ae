#!/bin/bash
# bench/hostile/run.sh: issue 17's hostile inputs of about 1 MB, timed in the build given
# (a Release build for the figures: build-rel/tianbiao). Prints, per case, the exit code,
# seconds and peak RSS, against the target of 5 s and 500 MB.
#   bench/hostile/run.sh build-rel/tianbiao
set -u
TB=$(realpath "${1:?usage: run.sh TIANBIAO}")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$SRC}" LC_ALL=C.UTF-8 PATH=/usr/bin:/bin:$PATH
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
python3 - <<'PY'
import random, zipfile, docx
random.seed(1)
def doc(name, *paras):
    d = docx.Document()
    for p in paras: d.add_paragraph(p)
    d.save(name)
# item 7: nested XPath over 800 KB of data
doc("xpath.docx", "{{count(//*[count(//*) > 0])}}")
open("rows100k.xml", "w").write("<data>" + "<r>x</r>" * 100000 + "</data>")
open("rows125k.xml", "w").write("<data>" + "<r>x</r>" * 125000 + "</data>")
# item 9: 60,000 attributes (0.6 MB), in data and in a DOCX part
attrs = b" ".join(b'a%d="v"' % k for k in range(60000))
open("attrs.xml", "wb").write(b"<data><name>x</name><e " + attrs + b"/></data>")
doc("name.docx", "{{name}}")
with zipfile.ZipFile("name.docx") as z, zipfile.ZipFile("attrs.docx", "w", zipfile.ZIP_DEFLATED) as o:
    for i in z.infolist():
        b = z.read(i.filename)
        if i.filename == "word/document.xml":
            b = b.replace(b"<w:body>", b"<w:body><w:p " + attrs + b"/>")
        o.writestr(i, b)
# item 11: 100,000 table rows (0.8 MB of data: under the cap) and a 300 KB section x 1,000
d = docx.Document(); t = d.add_table(rows=1, cols=2)
t.cell(0, 0).text = "{{#r}}{{.}}"; t.cell(0, 1).text = "{{.}}{{/r}}"; d.save("rows.docx")
doc("big.docx", "{{#r}}", *["".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(3000)) for _ in range(40)], "{{/r}}")
open("r1000.xml", "w").write("<data>" + "<r/>" * 1000 + "</data>")
# item 10: 100,000 runs cycling 500 missing font names
d = docx.Document(); p = d.add_paragraph()
for k in range(100000):
    r = p.add_run("x"); r.font.name = "Missing Font %d" % (k % 500)
d.save("fonts.docx")
# item 12: an 11000 x 11000 RGBA PNG (0.5 MB compressed; 484 MB of pixels) in a DOCX
import struct, zlib as Z
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", Z.crc32(t + b))
c = Z.compressobj(9); idat = []
row = b"\0" + b"\xff\x00\x00\xff" * 5500 + b"\x00\x00\xff\x80" * 5500
for y in range(11000): idat.append(c.compress(row))
idat.append(c.flush())
open("big.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 11000, 11000, 8, 6, 0, 0, 0)) + chunk(b"IDAT", b"".join(idat)) + chunk(b"IEND", b""))
d = docx.Document(); d.add_picture("big.png", width=docx.shared.Cm(15)); d.save("bigpng.docx")
# item 13: a 200 MB package (two stored 100 MB entries) for verify's memory, and 2 MB of
# 100 KiB dense entries (the issue's 1 GB verify)
import os
with zipfile.ZipFile("big-pkg.zip", "w", zipfile.ZIP_STORED) as z:
    for k in range(2): z.writestr("P/evidence/%d.bin" % k, os.urandom(100 << 20))
with zipfile.ZipFile("dense.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for k in range(10000): z.writestr("P/e/%05d.xml" % k, b"\0" * (100 << 10))
# item 15: 30,000 one-character runs
d = docx.Document(); p = d.add_paragraph()
for k in range(30000):
    r = p.add_run(chr(0x4E00 + k % 500)); r.bold = bool(k % 2)
d.save("runs.docx")
PY
ls -la *.docx *.xml | awk '{printf "  %-14s %8.2f MB\n", $9, $5 / 1048576}'
printf '%-44s %4s %8s %8s\n' case exit seconds MB
run() {
	local name=$1; shift
	/usr/bin/time -f '%e %M' -o t.txt timeout 120 "$@" >/dev/null 2>err.txt
	local rc=$?
	read -r s kb < <(tail -1 t.txt) 2>/dev/null || { s=?; kb=0; }
	printf '%-44s %4s %8s %8.0f  %s\n' "$name" "$rc" "$s" "$((kb / 1024))" "$(grep -o 'error\[[a-z.-]*\]' err.txt | head -1)"
}
run "7  nested XPath over 800 KB" "$TB" fill xpath.docx rows100k.xml -o o.docx
run "9  60,000 attributes in data" "$TB" fill name.docx attrs.xml -o o.docx
run "9  60,000 attributes in a DOCX part" "$TB" render attrs.docx -o o.pdf
run "11 100,000 table rows (fills)" "$TB" fill rows.docx rows100k.xml -o o.docx
run "11 125,000 table rows (1 MB of data)" "$TB" fill rows.docx rows125k.xml -o o.docx
run "11 300 KB section x 1,000" "$TB" fill big.docx r1000.xml -o o.docx
run "10 100,000 runs, 500 missing fonts" "$TB" render fonts.docx -o o.pdf
run "12 11000x11000 RGBA PNG in a DOCX" "$TB" render bigpng.docx -o o.pdf
ls -la o.pdf | awk '{printf "  (its PDF: %.2f MB)\n", $5 / 1048576}'
run "13 verify a 200 MB package" "$TB" verify big-pkg.zip
run "13 verify 10,000 dense 100 KiB entries" "$TB" verify dense.zip
run "15 30,000 one-character runs" "$TB" render runs.docx -o o.pdf
# item 14: build with 300 MB of attachments (two 150 MB pictures), streamed into the package
python3 "$SRC/tests/pack/gen_applicants.py" apps 1 --size 3000 >/dev/null
for f in robotics-workshop.jpg award-2020.jpg; do head -c $((150 << 20)) /dev/urandom >> apps/A0001/files/$f; done
run "14 build with 300 MB of attachments" "$TB" build apps/A0001/evidence.xml -o pkg.zip
run "14 verify that 300 MB package" "$TB" verify pkg.zip
rm -rf apps pkg.zip
# item 16: valid but repetitive evidence (1 MB): built, and its package verifies
python3 "$SRC/tests/pack/gen_applicants.py" apps 1 --size 3000 >/dev/null
python3 - apps/A0001/evidence.xml <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index("<summary>") + len("<summary>"); j = s.index("</summary>")
open(p, "w", encoding="utf-8").write(s[:i] + ("<p>" + "科" * 2000 + "</p>") * 170 + s[j:])
PY
run "16 build repetitive 1 MB evidence" "$TB" build apps/A0001/evidence.xml -o rep.zip
run "16 verify its package" "$TB" verify rep.zip
