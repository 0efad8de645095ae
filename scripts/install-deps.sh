#!/bin/sh
# Installs everything tianbiao needs to build, run and test on Debian 12.
# Idempotent: apt-get skips what is already there. Run as root.
#   scripts/install-deps.sh          build + runtime dependencies only
#   scripts/install-deps.sh --test   also the reference tools the tests drive
set -eu
export DEBIAN_FRONTEND=noninteractive

# Faces (docs/fonts.md): Fandol (FangSong, Song, Kai, Hei: texlive-lang-chinese, the only
# Debian package with a simplified FangSong), Noto CJK (小标宋 stand-in, YaHei-like sans),
# HanaMin and BabelStone Han (CJK Extensions A-H), Liberation/Carlito/Caladea (metrics of
# Times New Roman, Arial, Courier New, Calibri, Cambria); the Arphic and WenQuanYi faces are
# what the layout goldens are made with. About 230 MB to download, 2 minutes to install.
build="build-essential cmake pkg-config gettext fontconfig
  libxml2-dev libzip-dev libhpdf-dev libharfbuzz-dev libunibreak-dev libicu-dev
  libfontconfig-dev libssl-dev zlib1g-dev libdeflate-dev libgif-dev libtiff-dev libmicrohttpd-dev libxlsxwriter-dev libgcrypt20-dev
  texlive-lang-chinese fonts-noto-cjk fonts-hanazono fonts-babelstone-han
  fonts-crosextra-carlito fonts-crosextra-caladea
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-liberation fonts-freefont-ttf icc-profiles-free"
test="clang libclang-rt-14-dev libxml2-utils python3-fonttools
  poppler-utils qpdf libnss3-tools openssl
  libreoffice-writer-nogui python3-docx
  unzip p7zip-full libarchive-tools strace python3-openpyxl
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  chromium chromium-driver python3-selenium"

pkgs=$build
[ "${1:-}" = "--test" ] && pkgs="$build $test"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

# fontconfig's cache of the font directories the map adds (<dir> in fonts/fontmap.xml, e.g.
# Fandol in TeX's tree), made once here. fontconfig 2.14 stamps a cache it writes with
# SOURCE_DATE_EPOCH when that is set, but checks it against the directory's real time: a
# directory first cached by a reproducible run is scanned again by every such run (7 ms of
# a 27 ms fill). Made here without SOURCE_DATE_EPOCH, the cache holds for every run.
env -u SOURCE_DATE_EPOCH FONTCONFIG_FILE="$(cd "$(dirname "$0")/.." && pwd)/fonts/fontconfig.conf" fc-cache

# docxtemplater for the differential test (tests/fill/test_dt_diff.py): the versions pinned in
# tests/fill/dt/package-lock.json, installed beside it. Node.js and npm come from Debian when
# the machine has none.
if [ "${1:-}" = "--test" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  (cd "$(dirname "$0")/../tests/fill/dt" && npm ci --no-audit --no-fund --loglevel=error)
fi

# bagit-python (the Library of Congress's BagIt validator) checks our bundles in the tests.
# Debian ships it as python3-bagit from trixie on; on bookworm the tests fall back to
# tests/pack/bagcheck.py, which applies the same validation rules.
if [ "${1:-}" = "--test" ] && apt-cache show python3-bagit >/dev/null 2>&1; then
  dpkg-query -W -f='${Status}' python3-bagit 2>/dev/null | grep -q "ok installed" ||
    apt-get install -y -qq --no-install-recommends python3-bagit
fi
