# build-aux/common.sh: what build-aux/run, build-aux/test and
# build-aux/fuzz share. Sourced, not run. Installs what is missing
# (Debian/Ubuntu), configures and builds into _build (the app), and for
# the tests _build-asan (the core with ASan and UBSan) and _build-fuzz
# (the core and the libFuzzer targets, with clang).

set -euo pipefail

top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir="$top_srcdir/_build"
asan_builddir="$top_srcdir/_build-asan"
fuzz_builddir="$top_srcdir/_build-fuzz"
prefix="$builddir/prefix"

# To build and run the app.
build_packages=(
  gcc meson ninja-build pkg-config gettext
  libgtk-4-dev libglib2.0-dev libglib2.0-bin libpcre2-dev libjson-glib-dev
  desktop-file-utils appstream
  glib-networking dbus fonts-noto-cjk
)

# To run every test suite as well. The second flatpak line is what
# flatpak/make-standin-runtime needs besides the build packages.
test_packages=(
  xvfb xauth dbus at-spi2-core
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0 gir1.2-gtk-4.0
  socat ncat openssl curl xdotool tshark iproute2 util-linux
  python3-pymodbus python3-serial python3-serial-asyncio
  flatpak flatpak-builder bubblewrap ostree xdg-dbus-proxy
  appstream-util elfutils fonts-dejavu-core libgl1-mesa-dri libgtk-4-bin libxml2-utils
  clang libclang-rt-14-dev
)

say () {
  printf '\033[1m==> %s\033[0m\n' "$*" >&2
}

missing_packages () {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = installed ] || printf '%s\n' "$pkg"
  done
}

install_packages () {
  local missing sudo=()

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "Not a Debian-based system: install these packages (or your system's equivalents) yourself:"
    printf '  %s\n' "$@" >&2
    return 0
  fi

  mapfile -t missing < <(missing_packages "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi

  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      say "Missing packages and no sudo; as root, run: apt-get install ${missing[*]}"
      exit 1
    fi
    sudo=(sudo)
  fi

  say "Installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# configure_and_build_in DIR [meson setup options…]: configures DIR the
# first time, then builds it.
configure_and_build_in () {
  local dir=$1
  shift
  cd "$top_srcdir"
  if [ ! -f "$dir/build.ninja" ]; then
    say "Configuring in $dir"
    meson setup "$dir" "$@"
  fi
  say "Building in $dir"
  meson compile -C "$dir"
}

configure_and_build () {
  configure_and_build_in "$builddir" --prefix="$prefix" "$@"
}

# The core library and its tests with AddressSanitizer (leaks included)
# and UBSan; tests/meson.build sets what makes any report fail a test.
configure_and_build_asan () {
  configure_and_build_in "$asan_builddir" \
    -Dapp=false -Dfuzzing=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
}

# The core library and the fuzz targets of tests/fuzz, with clang.
configure_and_build_fuzz () {
  CC=clang configure_and_build_in "$fuzz_builddir" \
    -Dapp=false -Dtests=false -Dfuzzing=enabled
}
