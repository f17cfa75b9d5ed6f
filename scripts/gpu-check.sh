#!/usr/bin/env bash
# GPU check, for a machine with an NVIDIA GPU: the studio must really run on CUDA, not fall back to the CPU.
#
#   bash scripts/gpu-check.sh [OUT_DIR]
#
# Which studio: $AIGC_STUDIO_BIN if set (e.g. /opt/aigc-studio/aigc-studio of an installed CUDA build), else
# `aigc-studio` on PATH, else this checkout's .venv/bin/aigc-studio. It needs a CUDA build of torch (see
# packaging/README.md, "CPU and CUDA"); a CPU build reports "CPU — no CUDA device found" and the check fails.
#
# Steps (logs and JSON in OUT_DIR, default ./gpu-check-<date>):
#   1. nvidia-smi -L (when present), the torch build in use as the studio reports it;
#   2. `generate text --device cuda` with Settings' device set to "cuda" (AIGC_STUDIO_HOME/config/settings.json):
#      the saved text's sidecar must record a CUDA device;
#   3. `aigc-studio selftest` offscreen: every check passes and its device line names CUDA;
#   4. `aigc-studio bench --json`: the figures, with "device" naming CUDA.
# Exit status 0 only when all three ran on CUDA. The figures go into README.md / packaging/README.md by hand.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${AIGC_STUDIO_BIN:-}" ]; then STUDIO="$AIGC_STUDIO_BIN"
elif command -v aigc-studio >/dev/null; then STUDIO="$(command -v aigc-studio)"
else STUDIO="$ROOT/.venv/bin/aigc-studio"; fi
[ -x "$STUDIO" ] || { echo "no aigc-studio found (set AIGC_STUDIO_BIN)" >&2; exit 2; }
OUT="${1:-$PWD/gpu-check-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
HOME_DIR="$(mktemp -d)"
trap 'rm -rf "$HOME_DIR"' EXIT
mkdir -p "$HOME_DIR/config"
printf '{"device": "cuda"}\n' >"$HOME_DIR/config/settings.json"
export AIGC_STUDIO_HOME="$HOME_DIR" QT_QPA_PLATFORM=offscreen
FAILS=0
say() { echo "$*" | tee -a "$OUT/summary.txt"; }

say "studio: $STUDIO"
if command -v nvidia-smi >/dev/null; then nvidia-smi -L | tee "$OUT/nvidia-smi.txt"; else say "nvidia-smi: not found"; fi

say "== generate text --device cuda"
if "$STUDIO" generate text --device cuda --prompt "春眠不觉晓，" --max-new-tokens 64 --seed 1 --out "$HOME_DIR/out" \
     >"$OUT/generate.log" 2>&1; then
  SIDECAR="$(sed -n 's/^saved: //p' "$OUT/generate.log" | head -1).json"
  DEVICE="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("device", "?"))' "$SIDECAR" 2>/dev/null)"
  say "generate: device ${DEVICE:-?}"
  case "$DEVICE" in cuda*|CUDA*) ;; *) say "FAIL generate did not run on CUDA"; FAILS=$((FAILS + 1)) ;; esac
else
  say "FAIL generate text (see generate.log)"; FAILS=$((FAILS + 1))
fi

say "== selftest"
"$STUDIO" selftest >"$OUT/selftest.log" 2>&1
RC=$?
DEVICE_LINE="$(grep -m1 '^PASS device:\|^FAIL device:' "$OUT/selftest.log")"
say "selftest: exit $RC; $DEVICE_LINE"
[ "$RC" -eq 0 ] || { say "FAIL selftest (see selftest.log)"; FAILS=$((FAILS + 1)); }
case "$DEVICE_LINE" in *"CUDA —"*) ;; *) say "FAIL selftest did not run on CUDA"; FAILS=$((FAILS + 1)) ;; esac

say "== bench --json"
if "$STUDIO" bench --json >"$OUT/bench.json" 2>"$OUT/bench.err"; then
  BENCH_DEVICE="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["device"])' "$OUT/bench.json")"
  say "bench: device $BENCH_DEVICE"
  case "$BENCH_DEVICE" in CUDA*) ;; *) say "FAIL bench did not run on CUDA"; FAILS=$((FAILS + 1)) ;; esac
  python3 -m json.tool "$OUT/bench.json" | tee -a "$OUT/summary.txt"
else
  say "FAIL bench (see bench.err)"; FAILS=$((FAILS + 1))
fi

say "results in $OUT"
[ "$FAILS" -eq 0 ] && say "GPU check passed" || say "GPU check: $FAILS failure(s)"
[ "$FAILS" -eq 0 ]
