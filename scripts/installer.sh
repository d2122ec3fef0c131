#!/usr/bin/env bash
# Build the self-contained bundle (build_installer.spec) and run its self-test the way a user's
# machine would: a bare environment, no virtualenv on the path, no screen.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyinstaller --noconfirm --log-level ERROR build_installer.spec
home=$(mktemp -d /tmp/koers-installer.XXXXXX)
trap 'rm -rf "$home"' EXIT
env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 dist/koers/koers --selftest
echo "Bundel: dist/koers ($(du -sh dist/koers | cut -f1)); start met dist/koers/koers"
