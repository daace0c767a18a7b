# build-aux/common.sh: what build-aux/run and build-aux/test share.
# Sourced, not run. Installs what is missing (Debian/Ubuntu), configures
# and builds into _build.

set -euo pipefail

top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir="$top_srcdir/_build"
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
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0
  socat ncat openssl tshark
  flatpak flatpak-builder bubblewrap ostree xdg-dbus-proxy
  appstream-util elfutils fonts-dejavu-core libgl1-mesa-dri libgtk-4-bin libxml2-utils
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

configure_and_build () {
  cd "$top_srcdir"
  if [ ! -f "$builddir/build.ninja" ]; then
    say "Configuring in $builddir"
    meson setup "$builddir" --prefix="$prefix" "$@"
  fi
  say "Building"
  meson compile -C "$builddir"
}
