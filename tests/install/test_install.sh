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
	include/tianbiao/tb_version.h \
	share/tianbiao/templates/programs/qhd-2021/program.xml \
	share/tianbiao/templates/programs/qhd-2021/application-form.docx \
	share/tianbiao/templates/evidence.xsd share/tianbiao/fonts/fontmap.xml \
	share/locale/zh_CN/LC_MESSAGES/tianbiao.mo share/man/man1/tianbiao.1; do
	[ -s "$p/$f" ] && ok || bad "not installed: $f"
done
[ -n "$lib" ] && ok || bad "libtianbiao.so not installed"
# The installed library exports its API and nothing else: every defined dynamic symbol is tb_
# (the module-internal names such as docx_read_para or auth_init stay hidden, so they cannot
# clash with a program's own), apart from the linker's section markers.
if [ -n "$lib" ]; then
	others=$(nm -D --defined-only "$lib" | awk '{print $3}' |
		grep -v -E '^(tb_|__bss_start$|_edata$|_end$|_init$|_fini$)' | head -5)
	count=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^tb_')
	[ -z "$others" ] && [ "$count" -gt 100 ] && ok || bad "exported symbols outside tb_ ($count tb_): $others"
fi
# libmicrohttpd, libxlsxwriter and libtiff are opened when first used (src/core/lazylib.h), not
# linked: a command that does not use them does not load them and what they bring (issue 16).
for f in "$lib" "$p/bin/tianbiao"; do
	[ -n "$f" ] || continue
	needed=$(readelf -d "$f" 2>&1 | grep NEEDED)
	grep -q 'libc\.so' <<<"$needed" && ok || bad "readelf -d $(basename "$f"): $needed"
	lazy=$(grep -E 'libmicrohttpd|libxlsxwriter|libtiff|libtianbiao' <<<"$needed")
	[ -z "$lazy" ] && ok || bad "$(basename "$f") is linked with what it should open on use: $lazy"
done
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

# Its requirements are what the library links: not the libraries it opens when used.
grep -E '^Requires' "$pc" | grep -q -E 'microhttpd|xlsxwriter|tiff' && bad "tianbiao.pc requires a library opened on use: $(grep '^Requires' "$pc")" || ok

# tb_version.h: the macros of the headers agree with the library's tb_version() at run time.
cat >"$tmp/ver.c" <<'C'
#include <stdio.h>
#include <tianbiao/tianbiao.h>
int main(void)
{
	printf("%s %s %d.%d.%d %d\n", TB_VERSION, tb_version(), TB_VERSION_MAJOR, TB_VERSION_MINOR,
	       TB_VERSION_PATCH, tb_version_number() == TB_VERSION_NUMBER);
	return 0;
}
C
# shellcheck disable=SC2046
cc $extra "$tmp/ver.c" -o "$tmp/ver" $(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags --libs tianbiao) 2>"$tmp/cc.err" && ok || bad "compile tb_version.h: $(head -3 "$tmp/cc.err")"
v=$("$p/bin/tianbiao" --version | cut -d' ' -f2)
out=$(LD_LIBRARY_PATH="$(dirname "$lib")" ASAN_OPTIONS=detect_leaks=0 "$tmp/ver" 2>&1)
[ "$out" = "$v $v $v 1" ] && ok || bad "tb_version.h and tb_version() disagree: $out (CLI: $v)"

# A CMake project finds the installed package (tianbiaoConfig.cmake + its version file) and
# links tianbiao::tianbiao; a version the package is not compatible with is refused.
mkdir -p "$tmp/cm"
cp "$tmp/hello.c" "$tmp/cm/hello.c"
cat >"$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.18)
project(uses_tianbiao C)
find_package(tianbiao \${WANT} REQUIRED)
add_executable(hello hello.c)
target_link_libraries(hello PRIVATE tianbiao::tianbiao)
file(WRITE \${CMAKE_BINARY_DIR}/found-version "\${tianbiao_VERSION}")
CM
if cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$p" -DWANT="$v" \
	-DCMAKE_C_FLAGS="$extra" >"$tmp/cm.log" 2>&1 && cmake --build "$tmp/cm/build" >>"$tmp/cm.log" 2>&1; then
	ok
	out=$(ASAN_OPTIONS=detect_leaks=0 "$tmp/cm/build/hello" 2>&1)
	[ "$out" = "$v 100" ] && ok || bad "CMake-built program: $out"
	[ "$(cat "$tmp/cm/build/found-version")" = "$v" ] && ok || bad "tianbiao_VERSION is not $v"
else
	bad "find_package(tianbiao $v): $(tail -5 "$tmp/cm.log")"
fi
major=${v%%.*}
if cmake -S "$tmp/cm" -B "$tmp/cm/build2" -DCMAKE_PREFIX_PATH="$p" -DWANT="$((major + 1)).0" \
	>"$tmp/cm2.log" 2>&1; then
	bad "find_package(tianbiao $((major + 1)).0) accepted version $v"
else
	grep -q "compatible with requested version" "$tmp/cm2.log" && ok || bad "version refusal: $(tail -5 "$tmp/cm2.log")"
fi

# No path of the build machine in what is installed (source or build tree). A sanitizer build
# keeps file names in its sanitizer metadata (GCC 12 does not remap them): the plain build of
# tests/plain checks the release-like binaries instead.
[ -n "$extra" ] && echo "build paths: not checked here (sanitizer build; see plain/test_paths)"
[ -z "$extra" ] && for f in "$lib" "$p/bin/tianbiao"; do
	hits=$(strings -a "$f" | grep -F -e "$TB_SRC" -e "$TB_BUILD" | head -3)
	[ -z "$hits" ] && ok || bad "$(basename "$f") names build paths: $hits"
done

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
