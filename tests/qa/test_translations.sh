#!/bin/bash
# test_translations.sh: every message the sources can show has its Chinese translation. The
# messages are found as scripts/update-po.sh finds them (xgettext over src/: _(), N_() and the
# message and hint arguments of tb_error, tb_warn and tb_diag_add, so every diagnostic code's
# text and every --help text); each must have a non-empty, non-fuzzy msgstr in po/zh_CN/*.po.
# Then a few of them are looked at as a user sees them under zh_CN.
set -u
: "${TB:?}" "${TB_SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cd "$TB_SRC" || exit 1
find src -name '*.c' | LC_ALL=C sort >"$W/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=tb_error:6 --keyword=tb_error:7 --keyword=tb_warn:6 --keyword=tb_warn:7 \
	--keyword=tb_diag_add:7 --keyword=tb_diag_add:8 --no-location --sort-output \
	-f "$W/files" -o "$W/all.pot" 2>"$W/xgettext.err" || fail "xgettext: $(cat "$W/xgettext.err")"
total=$(grep -c '^msgid ' "$W/all.pot")
[ "$total" -gt 500 ] && ok "$total messages in the sources" || fail "only $total messages found"
msgcat --use-first po/zh_CN/*.po -o "$W/zh.po" || fail "msgcat"
msgmerge --quiet --no-fuzzy-matching "$W/zh.po" "$W/all.pot" -o "$W/merged.po" || fail "msgmerge"
msgattrib --untranslated --no-obsolete "$W/merged.po" -o "$W/untranslated.po"
msgattrib --only-fuzzy --no-obsolete "$W/zh.po" -o "$W/fuzzy.po"
n=$(grep -c '^msgid ' "$W/untranslated.po" 2>/dev/null || true)
n=$((n > 0 ? n - 1 : 0)) # the header entry
if [ "$n" = 0 ]; then ok "every message is translated"; else
	fail "$n untranslated message(s):"; grep -A3 '^msgid ' "$W/untranslated.po" | head -80 >&2; fi
f=$(grep -c '^msgid ' "$W/fuzzy.po" 2>/dev/null || true)
[ "${f:-0}" = 0 ] && ok "no fuzzy translation" || fail "$f fuzzy translation(s)"
msgfmt --check-format -o /dev/null "$W/zh.po" && ok "formats agree (msgfmt --check-format)" || fail "msgfmt"

# As a user sees them: help texts, a diagnostic and the summary lines, in Chinese.
cd "$W" || exit 1
export TIANBIAO_DATADIR="${TIANBIAO_DATADIR:-$TB_SRC}" LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
for cmd in validate fill report score batch archive verify build render inspect init programs; do
	out=$("$TB" "$cmd" --help 2>&1)
	grep -q '用法' <<<"$out" && ! grep -q '^Usage' <<<"$out" && ok "$cmd --help in Chinese" || fail "$cmd --help: $out"
done
"$TB" report "$TB_SRC/samples/qhd-haigang-youth/evidence.xml" -o x.txt >r.out 2>&1
grep -q '无法从文件名判断报告格式' r.out && ok "report.format in Chinese" || fail "report.format: $(cat r.out)"
printf '<evidence program="qhd-2021">\n  <a></b>\n</evidence>\n' >x.xml
"$TB" validate x.xml >x.out 2>&1
grep -q '结束标记 </b> 与第 2 行开始的 <a> 不匹配' x.out && grep -q '提示：\|提示: ' x.out && ok "XML syntax error in Chinese" \
	|| fail "xml: $(cat x.out)"
# A build tree run as the README leaves it (no TIANBIAO_LOCALEDIR): the catalog beside the
# executable is found (it was not, once build paths were taken out of the binary).
out=$(env -u TIANBIAO_LOCALEDIR "$TB" render nothing.docx -o y.pdf 2>&1)
grep -q '错误\[' <<<"$out" && ok "build tree's catalog found without TIANBIAO_LOCALEDIR" \
	|| fail "without TIANBIAO_LOCALEDIR: $out"
echo "$fails failure(s)"
[ "$fails" = 0 ]
