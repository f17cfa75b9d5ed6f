#!/usr/bin/env bash
# Build the Debian/Ubuntu package of AIGC Studio: dist/aigc-studio_<version>_<arch>.deb
#
#   bash packaging/build-deb.sh
#
# 1. a build venv (packaging/build/venv) with PyInstaller, torch and the studio's runtime dependencies only;
# 2. the icons (packaging/icons/render_icons.py); 3. the one-folder app (packaging/aigc-studio.spec);
# 4. the package tree: /opt/aigc-studio (the app), /usr/bin/aigc-studio (a symlink), the desktop entry and the
#    hicolor icons; 5. dpkg-deb --root-owner-group (no root needed to build).
#
# Environment:
#   PYTHON           the Python that makes the build venv (default python3.11, else python3; must be >= 3.11)
#   TORCH_INDEX_URL  take torch from this index, e.g. https://download.pytorch.org/whl/cu128 for a CUDA build
#                    (default: the ordinary index, i.e. the CPU build on this machine). See packaging/README.md.
#   KEEP_VENV=1      reuse packaging/build/venv as it is (faster rebuilds)
#   DEB_COMPRESSION  xz (default) or zstd
# Needs: python3-venv, dpkg-deb, binutils (strip), and the registry (PyPI) for the first venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/packaging/build"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VERSION="$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
TORCH_REQ="$("$PYTHON" -c 'import sys, tomllib; print(next(d for d in tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"] if d.startswith("torch")))' "$ROOT/pyproject.toml")"
ARCH="$(dpkg --print-architecture)"
PKG="aigc-studio_${VERSION}_${ARCH}"
START=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$*" "$(( $(date +%s) - START ))"; }

command -v dpkg-deb >/dev/null || { echo "dpkg-deb is missing (apt install dpkg-dev)" >&2; exit 1; }
command -v strip >/dev/null || { echo "strip is missing (apt install binutils)" >&2; exit 1; }
mkdir -p "$BUILD" "$ROOT/dist"

step "build venv ($PYTHON, $TORCH_REQ${TORCH_INDEX_URL:+ from $TORCH_INDEX_URL})"
VENV="$BUILD/venv"
if [ "${KEEP_VENV:-0}" != 1 ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  if [ -n "${TORCH_INDEX_URL:-}" ]; then
    # The CUDA (or ROCm) build of the same torch version: "torch==2.13.0" is met by "2.13.0+cu128".
    "$VENV/bin/pip" install -q "$TORCH_REQ" --index-url "$TORCH_INDEX_URL" --extra-index-url https://pypi.org/simple
  fi
  "$VENV/bin/pip" install -q "pyinstaller>=6.10,<7"
fi

step "the studio from a clean copy of the source (no stale build/ folder, no .venv)"
SRC="$BUILD/src"
rm -rf "$SRC" && mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./dist --exclude=./packaging/build \
    --exclude=./data --exclude=./runs --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache \
    --exclude=.hypothesis -cf - . | tar -C "$SRC" -xf -
"$VENV/bin/pip" uninstall -q -y aigc-studio >/dev/null 2>&1 || true
"$VENV/bin/pip" install -q --no-compile "$SRC"          # with its dependencies (a CUDA torch already there stays)
TORCH_KIND="$("$VENV/bin/python" -c 'import torch; print(f"CUDA {torch.version.cuda}" if torch.version.cuda else "CPU")')"
echo "torch in the build: $("$VENV/bin/python" -c 'import torch; print(torch.__version__)') ($TORCH_KIND)"

step "icons"
"$VENV/bin/python" "$ROOT/packaging/icons/render_icons.py" "$BUILD/icons"

step "PyInstaller one-folder app"
rm -rf "$BUILD/dist" "$BUILD/work"
( cd "$BUILD" && AIGC_ICON_DIR="$BUILD/icons" "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/aigc-studio.spec" )
APP="$BUILD/dist/aigc-studio"
test -x "$APP/aigc-studio"

step "package tree"
TREE="$BUILD/deb/$PKG"
rm -rf "$BUILD/deb" && mkdir -p "$TREE/DEBIAN" "$TREE/opt" "$TREE/usr/bin" "$TREE/usr/share/applications" \
    "$TREE/usr/share/doc/aigc-studio"
cp -a "$APP" "$TREE/opt/aigc-studio"
ln -s /opt/aigc-studio/aigc-studio "$TREE/usr/bin/aigc-studio"
install -m 644 "$ROOT/packaging/linux/aigc-studio.desktop" "$TREE/usr/share/applications/aigc-studio.desktop"
mkdir -p "$TREE/usr/share/icons"
cp -r "$BUILD/icons/hicolor" "$TREE/usr/share/icons/hicolor"
install -m 644 "$ROOT/LICENSE" "$TREE/usr/share/doc/aigc-studio/copyright"
cat "$ROOT/NOTICE" >> "$TREE/usr/share/doc/aigc-studio/copyright"
find "$TREE" -type d -exec chmod 755 {} +
find "$TREE" -type f -exec chmod go-w,a+r {} +

# Depends: the system libraries the bundle links to and does not carry (found with ldd; a library with the name of
# one in _internal/ is the bundled one at run time, the bootloader puts _internal first; named with dpkg -S),
# plus what Qt's X11 plugin needs; PortAudio (playback) and a CJK font are recommended, not required.
deps_from_ldd() {
  # (Qt's platform themes are optional: the GTK one loads where GTK is, and must not pull GTK in.)
  find "$TREE/opt/aigc-studio" -type f \( -name '*.so*' -o -perm -u+x \) -not -path '*/plugins/platformthemes/*' -print0 |
    xargs -0 -n 50 ldd 2>/dev/null | awk '/=> \// {print $1, $3}' | grep -v " $TREE" |
    while read -r name lib; do [ -e "$TREE/opt/aigc-studio/_internal/$name" ] || echo "$lib"; done | sort -u |
    while read -r lib; do dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; done |
    cut -d: -f1 | sort -u
}
QT_X11="libgl1 libegl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1"
DEPENDS="$( (deps_from_ldd; printf '%s\n' $QT_X11) | sort -u | paste -sd, - | sed 's/,/, /g')"
INSTALLED_KB="$(du -sk --exclude=DEBIAN "$TREE" | cut -f1)"
cat > "$TREE/DEBIAN/control" <<CONTROL
Package: aigc-studio
Version: $VERSION
Architecture: $ARCH
Maintainer: AIGC Studio developers <aigc-studio@users.noreply.github.com>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Recommends: libportaudio2, fonts-noto-cjk
Section: graphics
Priority: optional
Description: offline studio for generating text, images and sound ($TORCH_KIND build)
 AIGC Studio generates text, emoji-style images and one-shot sounds with small
 local models, and trains them on your own data. Nothing leaves the machine and
 nothing is downloaded at run time. Five models are shipped inside the package.
 .
 The application lives in /opt/aigc-studio; the command is aigc-studio.
 Settings, models you train and your output go to your own folders
 (~/.config/aigc-studio, ~/.local/share/aigc-studio, ~/Documents/AIGC Studio).
CONTROL
# The app itself writes nothing under /opt; should anything be left there (a crash dump, a file an
# administrator put in), removing the package removes the folder too. Menus and icon caches follow through the
# triggers of desktop-file-utils and hicolor-icon-theme.
cat > "$TREE/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
case "$1" in
  remove|purge) rm -rf /opt/aigc-studio ;;
esac
exit 0
POSTRM
chmod 755 "$TREE/DEBIAN/postrm"

step "dpkg-deb"
DEB="$ROOT/dist/$PKG.deb"
# xz (the default) opens on every dpkg; DEB_COMPRESSION=zstd builds faster for dpkg >= 1.21.18 / Ubuntu >= 21.10.
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$TREE" "$DEB" >/dev/null
END=$(date +%s)

echo
echo "built:          $DEB"
echo "torch:          $TORCH_KIND"
echo "build time:     $(( END - START )) s"
echo "app folder:     $(du -sh "$APP" | cut -f1)"
echo ".deb size:      $(du -h "$DEB" | cut -f1) ($(stat -c %s "$DEB") bytes)"
echo "installed size: $(( INSTALLED_KB / 1024 )) MiB (Installed-Size $INSTALLED_KB KiB)"
echo "depends:        $DEPENDS"
