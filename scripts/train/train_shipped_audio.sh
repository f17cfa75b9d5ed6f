#!/usr/bin/env bash
# Rebuild the shipped audio model (gm-notes-vae) from its recipe with the studio's own `aigc-studio train audio`
# (~60 min budget on one CPU thread). Needs the data first:
#   .venv/bin/pip install --no-deps tinysoundfont && .venv/bin/python scripts/data/prep_audio.py
# Training resumes from runs/gm-notes-vae/checkpoint when present; pass --no-resume to start over. Other flags
# (--steps N | --minutes M, --device D) go to `aigc-studio train`.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIO=${STUDIO:-.venv/bin/aigc-studio}
args=()
for a in "$@"; do if [ "$a" = --no-resume ]; then rm -rf runs/gm-notes-vae/checkpoint; else args+=("$a"); fi; done
exec "$STUDIO" train audio --data data/audio-notes/train --recipe recipes/gm-notes-vae.json \
  --out aigc_studio/resources/models/gm-notes-vae ${args[@]+"${args[@]}"}
