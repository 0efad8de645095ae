#!/bin/bash
# Hostile and odd input through every command: missing files, folders, empty and truncated
# archives, a text file named .docx, `../` entry names, huge numbers, deep nesting, very long
# lines, non-BMP names, outputs in missing folders and outputs equal to inputs. Each case must
# end with its documented exit code and a stable code in the message, never a crash or a
# sanitizer report, and leave no output or temporary file behind.
set -u
: "${TB:?}" "${TB_SRC:?}"
export LANG=C LANGUAGE= LC_ALL=
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
S="$TB_SRC/samples/qhd-haigang-youth"
TPL="$TB_SRC/templates/programs/qhd-2021/application-form.docx"

# expect RC CODE CMD...: exit code RC, CODE (e.g. "error[io.read]"; "" for none) in the output,
# no sanitizer report, and the working folder holds only what was there before.
expect() {
	local rc=$1 code=$2 got before after
	shift 2
	before=$(ls -A | sort)
	timeout 120 "$TB" "$@" >out.txt 2>err.txt
	got=$?
	[ "$got" -eq "$rc" ] || bad "$*: exit $got, expected $rc: $(head -c 300 err.txt)"
	[ -z "$code" ] || grep -qF -- "$code" out.txt err.txt || bad "$*: no '$code' in: $(head -c 300 err.txt)"
	! grep -q 'Sanitizer\|runtime error' err.txt || bad "$*: sanitizer: $(head -c 600 err.txt)"
	! grep -q '^xml[A-Z]' err.txt || bad "$*: raw libxml2 output: $(grep '^xml[A-Z]' err.txt)"
	! grep -q '\.tmp[0-9]' out.txt err.txt || bad "$*: a temporary file is named: $(grep '\.tmp' err.txt)"
	rm -f out.txt err.txt
	after=$(ls -A | sort)
	[ "$before" = "$after" ] || bad "$*: files left: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
}

: >empty.xml
: >empty.docx
mkdir adir
echo "this is only text" >text.docx
head -c 3000 "$TPL" >trunc.docx
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("dotdot.docx", "w") as z:
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("../evil.xml", "x")
    z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
open("deep.xml", "w").write('<?xml version="1.0"?>' + "<a>" * 100000 + "</a>" * 100000)
open("longline.xml", "w").write('<?xml version="1.0"?><x a="' + "A" * 20000000 + '"/>')
PY
cp -r "$S" huge
sed -i 's|<staff total="12" full-time="5" part-time="7"/>|<staff total="99999999999999999999" full-time="99999999999999999999" part-time="7"/>|' huge/evidence.xml
grep -q 99999999999999999999 huge/evidence.xml || bad "huge: sample changed, sed did not apply"
cp -r "$S" nonbmp
sed -i -e 's|<name>李明</name>|<name>𠀀明</name>|' \
    -e 's|秦皇岛市海港区青少年科技活动中心|𠀀𪚥青少年科技活动中心|' nonbmp/evidence.xml
grep -q '𠀀𪚥青' nonbmp/evidence.xml || bad "nonbmp: sample changed, sed did not apply"
cp "$TPL" t.docx

# Missing files and folders where files belong: could not run (3), io.read.
for cmd in validate score; do
	expect 3 'error[io.read]' $cmd missing.xml
	expect 3 'error[io.read]' $cmd adir
done
expect 3 'error[io.read]' report missing.xml -o r.pdf
expect 3 'error[io.read]' report adir -o r.pdf
expect 3 'error[io.read]' build missing.xml -o b.zip
expect 3 'error[io.read]' build adir -o b.zip
expect 3 'error[io.read]' fill missing.docx "$S/evidence.xml" -o f.docx
expect 3 'error[io.read]' fill adir "$S/evidence.xml" -o f.docx
expect 3 'error[io.read]' inspect missing.docx
expect 3 'error[io.read]' inspect adir
expect 3 'error[io.read]' render missing.docx -o r.pdf
expect 3 'error[io.read]' render adir -o r.pdf
expect 3 'error[io.read]' batch missing -o bo
expect 3 'error[io.read]' score --rank missing

# Empty, truncated, text-as-DOCX and hostile archives: input errors (1).
for f in empty.docx text.docx trunc.docx; do
	expect 1 'error[zip.open]' inspect $f
	expect 1 'error[zip.open]' fill $f "$S/evidence.xml" -o f.docx
	expect 1 'error[zip.open]' render $f -o r.pdf
done
expect 1 'error[zip.name]' inspect dotdot.docx
expect 1 'error[zip.name]' render dotdot.docx -o r.pdf
expect 1 'error[zip.open]' verify trunc.docx

# Malformed, deep and long XML: input errors with a position.
for cmd in validate score; do
	expect 1 'empty.xml:1:1: error[xml.malformed]' $cmd empty.xml
	expect 1 'error[xml.malformed]' $cmd deep.xml
	expect 1 'error[xml.malformed]' $cmd longline.xml
done
expect 1 'error[xml.malformed]' report deep.xml -o r.pdf
expect 1 'error[xml.malformed]' build longline.xml -o b.zip

# Numbers past any counter: a schema error on the line, not an overflow.
expect 1 'evidence.xml:26:3: error[schema.invalid]' validate huge/evidence.xml
expect 1 'error[schema.invalid]' score huge/evidence.xml
expect 1 'error[schema.invalid]' report huge/evidence.xml -o r.pdf

# Non-BMP (CJK Extension B) names: valid, and rendered without crashing.
expect 0 'valid' validate nonbmp/evidence.xml
mkdir nb
# The fallback chain has them (issue 13): drawn, and in the text layer.
expect 0 '' report nonbmp/evidence.xml -o nb/r.pdf
[ "$(ls nb)" = r.pdf ] && pdftotext nb/r.pdf - | grep -q '𠀀𪚥青少年科技活动中心' || bad "nonbmp: report"

# Outputs in folders that do not exist: could not write (3), nothing left behind.
expect 3 'error[io.write]' fill "$TPL" "$S/evidence.xml" -o nodir/f.docx
expect 3 'error[io.write]' render "$TPL" -o nodir/r.pdf
expect 3 'error[io.write]' init --program qhd-2021 -o nodir/e.xml
[ ! -e nodir ] || bad "a missing output folder was created"

# Output equal to an input: refused (2) and the input is left as it was.
sum=$(sha256sum t.docx)
expect 2 'error[io.same-file]' fill t.docx "$S/evidence.xml" -o t.docx
expect 2 'error[io.same-file]' fill t.docx "$S/evidence.xml" -o ./t.docx
[ "$(sha256sum t.docx)" = "$sum" ] || bad "fill -o TEMPLATE changed the template"
cp "$S/evidence.xml" ev.xml
expect 2 'error[io.same-file]' build ev.xml -o ev.xml

# Hostile tags: unknown XPath functions, 200 nested sections, a 6000-byte tag. Template
# errors (1), each reported once through the diagnostics (libxml2 printed its own lines).
/usr/bin/python3 - <<'PY'
import docx
d = docx.Document()
d.add_paragraph("{{#a}}" * 200 + "x" + "{{/a}}" * 200)
d.add_paragraph("{{document('/etc/passwd')}} {{unknown-fn(1)}} {{a[}}")
d.add_paragraph("{{" + "a/" * 3000 + "b}}")
d.save("evil-tags.docx")
PY
expect 1 'error[fill.xpath]' inspect evil-tags.docx
expect 1 'error[fill.section]' fill evil-tags.docx "$S/evidence.xml" -o e.docx

# Hostile geometry (zero page, margins past the page, 99999999-twip spacing and font size,
# zero grid columns with huge spans): rendered clamped, never a crash or a hang.
python3 - "$TB_SRC/tests/layout/fixtures/table_split.docx" <<'PY'
import re, sys, zipfile
def mk(name, fn):
    zi = zipfile.ZipFile(sys.argv[1])
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            data = zi.read(it.filename)
            if it.filename == "word/document.xml":
                data = fn(data.decode()).encode()
            zo.writestr(it, data)
mk("geo-page0.docx", lambda s: re.sub(r'<w:pgSz [^>]*/>', '<w:pgSz w:w="0" w:h="0"/>', s))
mk("geo-margins.docx", lambda s: re.sub(r'<w:pgMar [^>]*/>', '<w:pgMar w:top="-99999999" w:right="99999999" w:bottom="0" w:left="99999999" w:header="0" w:footer="0" w:gutter="0"/>', s))
mk("geo-size.docx", lambda s: s.replace('<w:body>', '<w:body><w:p><w:pPr><w:spacing w:line="99999999" w:lineRule="exact" w:before="99999999"/><w:ind w:left="-99999999" w:firstLineChars="99999999"/></w:pPr><w:r><w:rPr><w:sz w:val="99999999"/></w:rPr><w:t>大字</w:t></w:r></w:p>', 1))
mk("geo-grid.docx", lambda s: re.sub(r'<w:gridCol w:w="\d+"/>', '<w:gridCol w:w="0"/>', s).replace('<w:tcW ', '<w:gridSpan w:val="999999"/><w:tcW ', 3))
PY
mkdir geo
for f in geo-page0 geo-margins geo-size geo-grid; do
	expect 0 '' render $f.docx -o geo/$f.pdf
	pdfinfo geo/$f.pdf >/dev/null 2>&1 || bad "$f: not a PDF"
done

# Usage errors (2).
expect 2 'same file' render t.docx -o same.pdf --trace same.pdf
[ ! -e same.pdf ] || bad "render --trace X -o X wrote X"
expect 2 'Try' fill t.docx
expect 2 'Try' render t.docx
expect 2 'Try' verify
expect 2 'unknown command' no-such-command

exit $fail
