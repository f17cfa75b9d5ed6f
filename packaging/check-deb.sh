#!/usr/bin/env bash
# Release check for the Debian/Ubuntu package (too long for CI: PyInstaller takes minutes on 2 cores).
#
#   sudo bash packaging/check-deb.sh            # builds the .deb first (packaging/build-deb.sh)
#   sudo bash packaging/check-deb.sh --no-build # checks dist/aigc-studio_<version>_<arch>.deb as it is
#
# Installs the package with apt (its dependencies from the distribution), then, as the installed program:
# files in place (/opt, /usr/bin, desktop entry, icons), `aigc-studio models --json` lists the 5 shipped models,
# `aigc-studio selftest` passes offscreen, a `generate text` run saves into the user's Documents folder (a fresh
# HOME, platformdirs' standard folders, no AIGC_STUDIO_HOME), nothing is written under /opt, and
# `aigc-studio bench --json --only ui` gives the window time. Then `apt-get purge` and a check that nothing of
# the package is left (/opt/aigc-studio, /usr/bin/aigc-studio, the menu entry, the icons).
# Needs root (apt). Exit status 0 only if every check passed; prints the figures for packaging/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root (apt install / purge)" >&2; exit 2; }
PY="${PYTHON:-python3}"
VERSION="$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
DEB="$ROOT/dist/aigc-studio_${VERSION}_$(dpkg --print-architecture).deb"
FAILS=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

BUILD_S="(not built here)"
if [ "${1:-}" != "--no-build" ]; then
  t0=$(date +%s)
  bash "$ROOT/packaging/build-deb.sh"
  BUILD_S="$(( $(date +%s) - t0 )) s"
fi
[ -f "$DEB" ] || { echo "no package at $DEB" >&2; exit 1; }

echo "== install"
export DEBIAN_FRONTEND=noninteractive
if dpkg -s aigc-studio >/dev/null 2>&1; then apt-get purge -y -qq aigc-studio >/dev/null; fi
t0=$(date +%s)
apt-get install -y -qq "$DEB" >/tmp/aigc-check-apt.log 2>&1 || { cat /tmp/aigc-check-apt.log; exit 1; }
INSTALL_S="$(( $(date +%s) - t0 )) s"

check "command on PATH is /usr/bin/aigc-studio" test "$(command -v aigc-studio)" = /usr/bin/aigc-studio
check "/usr/bin/aigc-studio -> /opt/aigc-studio/aigc-studio" \
  test "$(readlink -f /usr/bin/aigc-studio)" = /opt/aigc-studio/aigc-studio
check "desktop entry" test -f /usr/share/applications/aigc-studio.desktop
if command -v desktop-file-validate >/dev/null; then
  check "desktop entry valid" desktop-file-validate /usr/share/applications/aigc-studio.desktop
fi
check "desktop entry lists PNG and WAV" grep -q '^MimeType=image/png;audio/wav;' /usr/share/applications/aigc-studio.desktop
check "icons (48 px, 256 px, scalable)" test -f /usr/share/icons/hicolor/48x48/apps/aigc-studio.png -a \
  -f /usr/share/icons/hicolor/256x256/apps/aigc-studio.png -a -f /usr/share/icons/hicolor/scalable/apps/aigc-studio.svg
check "translations (.qm) shipped, no .ts" bash -c \
  'test -n "$(find /opt/aigc-studio -name "aigc_studio_zh_CN.qm")" && test -z "$(find /opt/aigc-studio -name "*.ts")"'
INSTALLED_MB="$(du -sm /opt/aigc-studio | cut -f1)"

# A fresh user: platformdirs' standard folders under a new HOME; the studio must not write under /opt.
USER_HOME="$(mktemp -d /tmp/aigc-check-home.XXXXXX)"
MARK="$(mktemp)"
touch "$MARK"; sleep 1
as_user() { env -i PATH=/usr/bin:/bin HOME="$USER_HOME" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }

echo "== models"
if as_user aigc-studio models --json >"$USER_HOME/models.json"; then
  check "5 shipped models from /opt" "$PY" - "$USER_HOME/models.json" <<'PY'
import json, sys
shipped = {m["id"]: m["path"] for m in json.load(open(sys.argv[1])) if m.get("source") == "shipped"}
want = {"tang-poems-zh", "fortunes-en", "emoji-gan", "emoji-vae", "gm-notes-vae"}
ok = set(shipped) == want and all(p.startswith("/opt/aigc-studio/") for p in shipped.values())
print(sorted(shipped.items()))
sys.exit(0 if ok else 1)
PY
else
  fail "aigc-studio models --json"
fi

echo "== selftest (installed copy, offscreen)"
t0=$(date +%s.%N)
if as_user aigc-studio selftest 2>&1 | tee "$USER_HOME/selftest.log"; then pass "selftest"; else fail "selftest"; fi
# A module missing from the bundle can fail in a part the self-test does not judge (pyqtgraph loads late).
check "no Python traceback in the self-test's output" bash -c "! grep -q '^Traceback' '$USER_HOME/selftest.log'"
SELFTEST_S="$("$PY" -c "import time; print(f'{time.time() - $t0:.1f} s')")"
DEVICE="$(sed -n 's/^PASS device: //p' "$USER_HOME/selftest.log")"

echo "== generate into the user's folders"
if as_user aigc-studio generate text --prompt "春眠不觉晓，" --max-new-tokens 16 --seed 1 >"$USER_HOME/gen.log" 2>&1; then
  SAVED="$(sed -n 's/^saved: //p' "$USER_HOME/gen.log" | head -1)"
  check "saved under the user's Documents ($SAVED)" bash -c "[[ '$SAVED' == '$USER_HOME/Documents/AIGC Studio/'* ]] && test -f '$SAVED'"
else
  cat "$USER_HOME/gen.log"; fail "generate text"
fi
check "settings/data only in the user's folders" bash -c "test -z \"\$(find /opt/aigc-studio /usr/share/applications \
  /usr/share/icons/hicolor -newer '$MARK' -print -quit)\""

echo "== window time (installed)"
WINDOW_MS="?"
if as_user aigc-studio bench --json --only ui >"$USER_HOME/bench.json" 2>"$USER_HOME/bench.err"; then
  WINDOW_MS="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["ui"]["window_ms"])' "$USER_HOME/bench.json")"
  pass "bench ui: window_ms $WINDOW_MS"
else
  tail -5 "$USER_HOME/bench.err"; fail "bench --json --only ui"
fi

echo "== remove"
apt-get purge -y -qq aigc-studio >>/tmp/aigc-check-apt.log 2>&1 || fail "apt-get purge"
check "/opt/aigc-studio gone" test ! -e /opt/aigc-studio
check "/usr/bin/aigc-studio gone" test ! -e /usr/bin/aigc-studio -a ! -L /usr/bin/aigc-studio
check "menu entry gone" test ! -e /usr/share/applications/aigc-studio.desktop
check "icons gone" bash -c 'test -z "$(find /usr/share/icons -name "aigc-studio.*" -print -quit)"'
check "dpkg knows nothing of it" bash -c '! dpkg -s aigc-studio >/dev/null 2>&1'
check "the user's data stays" test -d "$USER_HOME/Documents/AIGC Studio"
rm -rf "$USER_HOME" "$MARK"

cat <<FIGURES

figures:
  build time:          $BUILD_S
  .deb size:           $(du -h "$DEB" | cut -f1) ($(stat -c %s "$DEB") bytes)
  installed size:      ${INSTALLED_MB} MB (/opt/aigc-studio)
  apt install:         $INSTALL_S
  selftest (installed): $SELFTEST_S, device: ${DEVICE:-?}
  ui.window_ms (installed): $WINDOW_MS
FIGURES
if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo "all checks passed"
