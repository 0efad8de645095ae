#!/bin/sh
# Extract messages into po/tianbiao.pot and merge them into every po/<lang>.po.
# Run after adding or changing user-facing messages; then translate the new entries.
set -eu
cd "$(dirname "$0")/.."
find src -name '*.c' | LC_ALL=C sort > po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=tb_error:7,8 --keyword=tb_warn:7,8 --keyword=tb_diag_add:7,8 \
  --add-comments=TRANSLATORS --package-name=tianbiao --no-location --sort-output \
  -f po/POTFILES -o po/tianbiao.pot
rm -f po/POTFILES
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --sort-output "$po" po/tianbiao.pot
done
