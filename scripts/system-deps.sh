#!/usr/bin/env bash
# Installs the Debian packages Koers needs for its tests, screenshots and PDFs, when missing.
# As root it installs them with apt-get; otherwise it lists what is missing and what to run.
set -euo pipefail

packages=(
  # Qt without a screen (offscreen) and in a virtual X screen (Xvfb, for screenshots)
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  fonts-dejavu-core xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
  # a throwaway PostgreSQL server for the database tests
  postgresql
  # PDF checks (pdftotext, pdftoppm)
  poppler-utils
)
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Systeempakketten installeren: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Ontbrekende systeempakketten: ${missing[*]}" >&2
  echo "Installeer ze met: sudo apt-get install ${missing[*]}" >&2
fi
