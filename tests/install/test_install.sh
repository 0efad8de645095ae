#!/bin/bash
# cmake --install puts the library, headers, pkg-config file, CLI, data (programs, templates,
# font map), translations and man page in place, and each of them works from there.
set -u
fail=0 passed=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { passed=$((passed + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p="$tmp/prefix"

cmake --install "$TB_BUILD" --prefix "$p" >"$tmp/log" 2>&1 && ok || { bad "install: $(tail -3 "$tmp/log")"; }
lib=$(ls "$p"/lib*/libtianbiao.so* 2>/dev/null | head -n 1)
for f in bin/tianbiao include/tianbiao/tianbiao.h include/tianbiao/tb_core.h \
	share/tianbiao/templates/programs/qhd-2021/program.xml \
	share/tianbiao/templates/programs/qhd-2021/application-form.docx \
	share/tianbiao/templates/evidence.xsd share/tianbiao/fonts/fontmap.xml \
	share/locale/zh_CN/LC_MESSAGES/tianbiao.mo share/man/man1/tianbiao.1; do
	[ -s "$p/$f" ] && ok || bad "not installed: $f"
done
[ -n "$lib" ] && ok || bad "libtianbiao.so not installed"
pc=$(ls "$p"/lib*/pkgconfig/tianbiao.pc 2>/dev/null | head -n 1)
[ -n "$pc" ] && ok || bad "tianbiao.pc not installed"

export TIANBIAO_DATADIR="$p/share/tianbiao" TIANBIAO_LOCALEDIR="$p/share/locale"
"$p/bin/tianbiao" programs | grep -q '^qhd-2021' && ok || bad "installed CLI does not list qhd-2021"
cp -r "$TB_SRC/samples/qhd-haigang-youth" "$tmp/app"
"$p/bin/tianbiao" validate "$tmp/app/evidence.xml" >/dev/null 2>&1 && ok || bad "installed CLI: validate"
LANG=zh_CN.UTF-8 "$p/bin/tianbiao" validate "$TB_SRC/tests/evidence/invalid/staff-sum.xml" 2>&1 | grep -q '错误' && ok || bad "installed translations"
"$p/bin/tianbiao" fill "$TIANBIAO_DATADIR/templates/programs/qhd-2021/application-form.docx" "$tmp/app/evidence.xml" -o "$tmp/form.pdf" 2>/dev/null && ok || bad "installed CLI: fill to PDF"

# A program of one's own links against the installed library through pkg-config.
cat >"$tmp/hello.c" <<'C'
#include <stdio.h>
#include <tianbiao/tianbiao.h>
int main(void)
{
	tb_ctx *ctx;
	const tb_program *prog;
	if (tb_ctx_new(&ctx) != TB_OK || tb_program_load(ctx, "qhd-2021", &prog) != TB_OK)
		return 1;
	printf("%s %ld\n", tb_version(), (long)(tb_program_total(prog) / TB_POINTS_SCALE));
	tb_ctx_free(ctx);
	return 0;
}
C
extra=""
nm -D "$lib" 2>/dev/null | grep -q '__asan_' && extra="-fsanitize=address,undefined"
# shellcheck disable=SC2046
cc $extra "$tmp/hello.c" -o "$tmp/hello" $(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags --libs tianbiao) 2>"$tmp/cc.err" && ok || bad "compile against installed library: $(head -3 "$tmp/cc.err")"
out=$(LD_LIBRARY_PATH="$(dirname "$lib")" ASAN_OPTIONS=detect_leaks=0 "$tmp/hello" 2>&1)
[ "$out" = "$("$p/bin/tianbiao" --version | cut -d' ' -f2) 100" ] && ok || bad "installed library: $out"

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
