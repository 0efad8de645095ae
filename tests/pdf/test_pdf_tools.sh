#!/bin/bash
# test_pdf_tools.sh: the PDFs the device writes (from display lists built in C, see
# pdf_sample.h) pass the independent checks: qpdf, pdffonts, pdftotext, pdfinfo, pdfsig
# (signing every seal field with a throw-away NSS database, tamper test) and PDFBox Preflight
# for --pdfa. Poppler tools are checked on their text output and stderr, never exit codes
# alone (pdfsig's exit code says nothing).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TB_BUILD/tests/pdf_test_pdf_device" --write "$work" 2>gen.err || { cat gen.err >&2; fail "writing samples"; }
for pdf in sample.pdf sample-pdfa.pdf; do
	qpdf --check "$pdf" >qpdf.out 2>&1 || { cat qpdf.out >&2; fail "qpdf --check $pdf"; }
	grep -q 'No syntax or stream encoding errors found' qpdf.out || fail "qpdf output $pdf"

	pdffonts "$pdf" >fonts.out 2>fonts.err
	[ ! -s fonts.err ] || { cat fonts.err >&2; fail "pdffonts stderr for $pdf"; }
	nfonts=$(tail -n +3 fonts.out | wc -l)
	[ "$nfonts" -ge 3 ] || fail "$pdf: only $nfonts fonts"
	# every font: CID Type 0C (CFF) or CID TrueType, Identity-H, emb sub uni = yes yes yes,
	# name XXXXXX+
	if tail -n +3 fonts.out | grep -v -E '^[A-Z]{6}\+[^ ]+ +CID (Type 0C|TrueType) +Identity-H +yes +yes +yes '; then
		fail "$pdf: a font is not an embedded Unicode-mapped subset"
	fi
	grep -q 'CID Type 0C' fonts.out || fail "$pdf: no CFF font"
	# the GB/T 9704 stand-ins (bold 黑体 is FandolHei Regular emboldened: its Bold file says
	# weight 400); Hangul and 𰻞 fell back to Noto Serif CJK; Latin from Liberation
	for face in FandolSong-Regular FandolFang-Regular FandolKai-Regular FandolHei-Regular NotoSerifCJKsc-Regular; do
		grep -q "+$face" fonts.out || fail "$pdf: no $face"
	done
	grep -q '+LiberationSerif ' fonts.out || fail "$pdf: no Latin face"

	pdftotext "$pdf" text.out 2>text.err
	[ ! -s text.err ] || { cat text.err >&2; fail "pdftotext stderr for $pdf"; }
	for want in '个人信息登记表' '姓名：张𡈼' 'Name: Zhang Ji' '出生日期：1990年1月1日' \
		'联系电话：010-12345678' '韩文：가나 王𰻞芳' '本人承诺以上信息真实、准确、完整。' \
		'申报单位（公章）' '推荐单位（公章）'; do
		grep -qF -- "$want" text.out || { cat text.out >&2; fail "$pdf: text '$want' not extracted"; }
	done
	# never .notdef, never a space for the Extension B character
	grep -qF '𡈼' text.out || fail "$pdf: Ext-B lost"

	pdfinfo "$pdf" >info.out 2>info.err
	[ ! -s info.err ] || fail "pdfinfo stderr"
	grep -q 'Page size: *595.276 x 841.89 pts (A4)' info.out || fail "$pdf: not A4"
	grep -q 'Form: *AcroForm' info.out || fail "$pdf: no AcroForm"
	grep -q 'Encrypted: *no' info.out || fail "$pdf: encrypted"
	grep -q 'Pages: *2' info.out || fail "$pdf: page count"
	grep -q 'Title: *个人信息登记表 & <测试>' info.out || fail "$pdf: title"
	grep -q 'Creator: *tianbiao ' info.out || fail "$pdf: creator"
	grep -q 'Author: *张𡈼' info.out || fail "$pdf: author beyond the BMP"

	pdfsig "$pdf" >sig.out 2>/dev/null || true
	grep -q 'Signature Field Name: applicant_seal' sig.out || fail "$pdf: applicant_seal field"
	grep -q 'Signature Field Name: recommender_seal' sig.out || fail "$pdf: recommender_seal field"
	[ "$(grep -c 'The signature form field is not signed.' sig.out)" = 2 ] || fail "$pdf: fields not empty"
done
grep -q 'PDF version: *1.4' <(pdfinfo sample-pdfa.pdf) || fail "PDF/A is not 1.4"

# Never .notdef: every code drawn maps (CIDToGIDMap) to a real glyph of the embedded font.
python3 "$TB_SRC/tests/pdf/check_notdef.py" sample.pdf sample-pdfa.pdf || fail ".notdef drawn"
# ... and the checker does catch one: point the first character of the title at CID 0.
qpdf --qdf --object-streams=disable sample.pdf qdf.pdf
python3 - <<'PY'
import re
data = open("qdf.pdf", "rb").read()
open("notdef.pdf", "wb").write(re.sub(rb"Tm\[<[0-9A-Fa-f]{4}", b"Tm[<0000", data, count=1))
PY
if python3 "$TB_SRC/tests/pdf/check_notdef.py" notdef.pdf >/dev/null 2>&1; then fail "check_notdef.py missed a .notdef"; fi

# Sign each seal field in turn with a throw-away certificate (reference §1.3).
mkdir nssdb
certutil -N -d sql:nssdb --empty-password
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
	-subj "/CN=Test Signer/O=Example/C=CN" -keyout key.pem -out cert.pem 2>/dev/null
openssl pkcs12 -export -inkey key.pem -in cert.pem -name signer -passout pass:test -out signer.p12
pk12util -i signer.p12 -d sql:nssdb -W test >/dev/null
certutil -M -d sql:nssdb -n signer -t "CT,C,C"
pdfsig -nssdir sql:nssdb -sign applicant_seal -nick signer sample.pdf signed1.pdf 2>/dev/null || true
pdfsig -nssdir sql:nssdb -sign recommender_seal -nick signer signed1.pdf signed2.pdf 2>/dev/null || true
[ -s signed2.pdf ] || fail "pdfsig -sign produced nothing"
pdfsig -nssdir sql:nssdb signed2.pdf >report.txt 2>/dev/null || true
[ "$(grep -c 'Signature Validation: Signature is Valid.' report.txt)" = 2 ] || { cat report.txt >&2; fail "signatures not valid"; }
grep -q 'Total document signed' report.txt || fail "last signature does not cover the document"
[ "$(grep -c 'Certificate Validation: Certificate is Trusted.' report.txt)" = 2 ] || fail "certificate not trusted"
qpdf --check signed2.pdf >/dev/null || fail "qpdf --check on the signed file"
# the seal frame and label survive signing: they are page content
pdftotext signed2.pdf - 2>/dev/null | grep -qF '申报单位（公章）' || fail "label lost after signing"

# Tamper: flip one byte inside the signed range of the first signature.
python3 - signed1.pdf tampered.pdf <<'PY'
import sys
import re
data = bytearray(open(sys.argv[1], 'rb').read())
# a byte of the first stream: inside the signed range (the file's first part)
i = data.index(b'stream\n') + 20
data[i] ^= 0x01
open(sys.argv[2], 'wb').write(data)
PY
pdfsig -nssdir sql:nssdb tampered.pdf >tamper.txt 2>/dev/null || true
grep -q 'Signature Validation: Digest Mismatch.' tamper.txt || { cat tamper.txt >&2; fail "tampering not detected"; }

# PDF/A-1b, and still after signing with pdfsig.
J=/usr/share/java
CP=$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar
java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b sample-pdfa.pdf >pf.out 2>&1 || { cat pf.out >&2; fail "Preflight"; }
grep -q 'is a valid PDF/A-1b file' pf.out || fail "Preflight output"
pdfsig -nssdir sql:nssdb -sign applicant_seal -nick signer sample-pdfa.pdf signed-pdfa.pdf 2>/dev/null || true
java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b signed-pdfa.pdf >pf2.out 2>&1 || { cat pf2.out >&2; fail "Preflight after signing"; }
# the plain file is not PDF/A (the check can fail)
if java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b sample.pdf >pf3.out 2>&1; then fail "plain PDF passed Preflight"; fi
echo "ok: qpdf, pdffonts, pdftotext, pdfinfo, pdfsig (2 fields signed, tamper detected), Preflight"
