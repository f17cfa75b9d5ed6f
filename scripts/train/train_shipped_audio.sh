#!/usr/bin/env bash
# Rebuild the shipped audio model (gm-notes-vae) from its recipe with the studio's own trainer (~60 min budget on
# one CPU thread). Needs the data first:
#   .venv/bin/pip install --no-deps tinysoundfont && .venv/bin/python scripts/data/prep_audio.py
# Training resumes from runs/gm-notes-vae/checkpoint when present; pass --no-resume to start over.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
exec "$PY" -m aigc_studio.core.training.audio --recipe recipes/gm-notes-vae.json "$@"
