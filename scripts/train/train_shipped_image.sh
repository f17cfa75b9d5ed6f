#!/usr/bin/env bash
# Train a shipped image model from its committed recipe with the studio's own `aigc-studio train gan|vae`:
#   scripts/train/train_shipped_image.sh emoji-gan|emoji-vae [--no-resume] [--steps N | --minutes M] [--device D]
# Data first: python scripts/data/prep_emoji.py (needs Debian's fonts-noto-color-emoji and `pip install fonttools`).
# Resumable: run it again with the same recipe and it continues from runs/<id>/checkpoint; --no-resume starts over.
# Training samples are written to aigc_studio/resources/models/<id>.samples/.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIO=${STUDIO:-.venv/bin/aigc-studio}
name="${1:?usage: $0 emoji-gan|emoji-vae [--no-resume] [--steps N | --minutes M]}"; shift
case "$name" in
  emoji-gan) kind=gan ;;
  emoji-vae) kind=vae ;;
  *) echo "usage: $0 emoji-gan|emoji-vae [--no-resume] [--steps N | --minutes M]" >&2; exit 2 ;;
esac
args=()
for a in "$@"; do if [ "$a" = --no-resume ]; then rm -rf "runs/$name/checkpoint"; else args+=("$a"); fi; done
[ -d data/emoji/train ] || .venv/bin/python scripts/data/prep_emoji.py
exec "$STUDIO" train "$kind" --data data/emoji/train --recipe "recipes/$name.json" \
  --out "aigc_studio/resources/models/$name" ${args[@]+"${args[@]}"}
