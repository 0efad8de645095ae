#!/bin/sh
# Extract every user-facing message into po/tianbiao.pot. Translations live in
# po/<lang>/<area>.po, one file per area of the code; after running this, check that every
# msgid of the .pot has a translation in some po/zh_CN/*.po:
#   scripts/update-po.sh --check
set -eu
cd "$(dirname "$0")/.."
find src -name '*.c' | LC_ALL=C sort > po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=tb_error:6 --keyword=tb_error:7 --keyword=tb_warn:6 --keyword=tb_warn:7 \
  --keyword=tb_diag_add:7 --keyword=tb_diag_add:8 \
  --add-comments=TRANSLATORS --package-name=tianbiao --no-location --sort-output \
  -f po/POTFILES -o po/tianbiao.pot
rm -f po/POTFILES
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp)
  msgcat --use-first po/zh_CN/*.po -o "$tmp"
  missing=$(msgcomm --less-than=2 --unique po/tianbiao.pot "$tmp" 2>/dev/null | grep -c '^msgid ' || true)
  msgmerge --quiet "$tmp" po/tianbiao.pot -o "$tmp.merged"
  untranslated=$(msgattrib --untranslated --no-obsolete "$tmp.merged" | grep -c '^msgid ' || true)
  rm -f "$tmp" "$tmp.merged"
  echo "untranslated messages: $untranslated"
  [ "$untranslated" -le 1 ]
fi
