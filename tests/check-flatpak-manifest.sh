#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifest parses and flatpak-builder has nothing to warn about.
set -eu
manifest=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# flatpak-builder wants a home of its own; never touch the user's.
manifest=$(realpath "$manifest")
cd "$out"
HOME="$out" flatpak-builder --show-manifest "$manifest" >"$out/manifest" 2>"$out/log" || {
  cat "$out/log" >&2
  exit 1
}
if grep -i 'warning' "$out/log" "$out/manifest"; then
  echo "flatpak-builder warns about $manifest" >&2
  exit 1
fi
grep -q '"command" : "socket-workbench"' "$out/manifest"
echo "ok: $manifest"
