#!/usr/bin/env bash
# Installs everything AIGC Studio needs on a fresh Debian machine (run as root, or with sudo available):
# system packages, a virtual environment in .venv, and the Python packages. Safe to run again.
#   scripts/install.sh          runtime only
#   scripts/install.sh --test   runtime + test tools
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
# Qt's xcb platform plugin, a virtual screen for headless machines, PortAudio for playback, a CJK font for Chinese.
sys_pkgs="libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
  libxcb-randr0 libxcb-xkb1 xvfb xauth libportaudio2 libsndfile1 fonts-noto-cjk"
# The tests also compile the Windows installer script (NSIS) and validate the Linux desktop entry.
[ $want_test -eq 1 ] && sys_pkgs="$sys_pkgs nsis desktop-file-utils"
missing=""
for p in $sys_pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# torch is pinned to the CPU build that lies on this image's disk; an unpinned torch would pull CUDA packages.
extra=""
[ $want_test -eq 1 ] && extra="[test]"
# Skip pip when this exact pyproject.toml was already installed with these extras (keeps relaunching fast).
stamp=".venv/.installed-$( (cat pyproject.toml; echo "$extra") | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  if ! .venv/bin/python -m pip install -q -e ".$extra" > .venv/pip-install.log 2>&1; then
    tail -n 30 .venv/pip-install.log >&2
    echo "Installing the Python packages failed (full log: .venv/pip-install.log)." >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
echo "AIGC Studio is installed in $(pwd)/.venv"
