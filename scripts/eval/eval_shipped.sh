#!/usr/bin/env bash
# Measure the shipped models with the studio's own evaluation (`aigc-studio eval`, core/eval/) against their
# held-out data and write the figures into their model cards (card.json "evaluation" + the README's "Evaluation"
# section; the rest of each card is kept):
#   scripts/eval/eval_shipped.sh [MODEL...]      (default: all five; --no-record prints only)
# Data first: scripts/data/prep_emoji.py (images), prep_text_data.py (text), prep_audio.py (sounds).
# Images: 256 samples (seeds 0-255) against the 104 held-out emoji in the feature space of the shipped
# emoji-feature-net (aigc_studio/resources/eval/feature-net); memorisation against data/emoji/train.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIO=${STUDIO:-.venv/bin/aigc-studio}
record=--record
models=()
for a in "$@"; do if [ "$a" = --no-record ]; then record=; else models+=("$a"); fi; done
[ ${#models[@]} -gt 0 ] || models=(emoji-gan emoji-vae tang-poems-zh fortunes-en gm-notes-vae)
for m in "${models[@]}"; do
  case "$m" in
    emoji-gan|emoji-vae) args=(--data data/emoji/heldout --train data/emoji/train --samples 256 --seed 0) ;;
    tang-poems-zh|fortunes-en) args=(--data "data/$m/heldout.txt") ;;
    gm-notes-vae) args=(--data data/audio-notes/heldout) ;;
    *) echo "unknown shipped model: $m" >&2; exit 2 ;;
  esac
  echo "== $m" >&2
  "$STUDIO" eval "$m" "${args[@]}" --device cpu --json $record
done
