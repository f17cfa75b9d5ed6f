#!/usr/bin/env bash
# Train a shipped image model from its committed recipe: scripts/train/train_shipped_image.sh emoji-gan|emoji-vae
# Data first: python scripts/data/prep_emoji.py (needs Debian's fonts-noto-color-emoji and `pip install fonttools`).
# Resumable: run it again with the same recipe and it continues from runs/<id>/checkpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="${1:?usage: $0 emoji-gan|emoji-vae}"
[ -d data/emoji/train ] || .venv/bin/python scripts/data/prep_emoji.py
exec .venv/bin/python -m aigc_studio.core.training.image --recipe "recipes/$name.json" "${@:2}"
