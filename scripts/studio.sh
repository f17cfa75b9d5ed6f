#!/usr/bin/env bash
# Install everything (idempotent) and open AIGC Studio. With no display (a server, CI), the window opens on a
# virtual screen (Xvfb) so the command still works; pass arguments through to `aigc-studio`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: opening the studio on a virtual screen (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/aigc-studio "$@"
fi
exec .venv/bin/aigc-studio "$@"
