#!/usr/bin/env bash
# Build the macOS app and its disk image: dist/AIGC-Studio-<version>-macos-<arch>.dmg
#
#   bash packaging/macos/build-dmg.sh
#
# Runs on macOS 12+ with Python 3.11 (python.org or Homebrew). Makes a build venv with PyInstaller and the
# studio's runtime dependencies (torch from PyPI: on Apple silicon it has MPS, which the studio's device "auto"
# picks), renders the icons, builds "AIGC Studio.app" with packaging/aigc-studio.spec (its BUNDLE section sets
# Info.plist: identifier, version, document types for PNG/WAV/FLAC assets) and packs it with hdiutil next to an
# /Applications link. Not run by the developers yet (no Mac): see packaging/README.md.
#
# Environment: PYTHON (default python3.11), CODESIGN_IDENTITY (a "Developer ID Application: ..." identity to sign
# with; default: ad-hoc signature, which Gatekeeper asks the user to confirm once), KEEP_VENV=1.
set -euo pipefail

[ "$(uname -s)" = Darwin ] || { echo "build-dmg.sh runs on macOS (hdiutil, codesign)" >&2; exit 1; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$ROOT/packaging/build"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VERSION="$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
ARCH="$(uname -m)"
START=$(date +%s)
mkdir -p "$BUILD" "$ROOT/dist"

VENV="$BUILD/venv"
if [ "${KEEP_VENV:-0}" != 1 ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q "pyinstaller>=6.10,<7"
fi
SRC="$BUILD/src"
rm -rf "$SRC" && mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./dist --exclude=./packaging/build \
    --exclude=./data --exclude=./runs --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -C "$SRC" -xf -
"$VENV/bin/pip" uninstall -q -y aigc-studio >/dev/null 2>&1 || true
"$VENV/bin/pip" install -q --no-compile "$SRC"

"$VENV/bin/python" "$ROOT/packaging/icons/render_icons.py" "$BUILD/icons"
rm -rf "$BUILD/dist" "$BUILD/work"
( cd "$BUILD" && AIGC_ICON_DIR="$BUILD/icons" "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/aigc-studio.spec" )
APP="$BUILD/dist/AIGC Studio.app"
test -x "$APP/Contents/MacOS/aigc-studio"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
else
  codesign --force --deep --sign - "$APP"
fi
# The bundled studio must start and pass its own checks before it is packed.
QT_QPA_PLATFORM=offscreen AIGC_STUDIO_HOME="$(mktemp -d)" "$APP/Contents/MacOS/aigc-studio" selftest

STAGE="$BUILD/dmg"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="$ROOT/dist/AIGC-Studio-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "AIGC Studio $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "built: $DMG ($(du -h "$DMG" | cut -f1)) in $(( $(date +%s) - START )) s"
