#!/usr/bin/env bash
# The fine-tune demo of docs/finetune-demo.md: the shipped emoji-gan fine-tuned on 200 GNOME Adwaita symbolic
# icons for a 15-minute time budget on the CPU (1 torch thread, see "threads" in the recipe), with the studio's
# own `aigc-studio train gan --from emoji-gan`.
#   scripts/train/finetune_demo.sh [OUT] [--minutes M | --steps N] [--no-resume]
# OUT: the model folder to write (default runs/finetune-demo/adwaita-icons-gan; the checkpoints go to OUT.run,
# the training samples to OUT.samples). The fine-tuned model is the user's own, never shipped: copy the folder
# into the user models folder, or `aigc-studio models export`/`import` it, to use it in the window.
# Data first: python scripts/data/prep_finetune_demo.py (needs Debian's adwaita-icon-theme, installed with GTK).
# Resumable: run it again and it continues from OUT.run/checkpoint; --no-resume starts over.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIO=${STUDIO:-.venv/bin/aigc-studio}
out=runs/finetune-demo/adwaita-icons-gan
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then out=$1; shift; fi
args=()
for a in "$@"; do if [ "$a" = --no-resume ]; then rm -rf "$out.run/checkpoint"; else args+=("$a"); fi; done
[ -d data/finetune-demo/train ] || .venv/bin/python scripts/data/prep_finetune_demo.py
mkdir -p "$(dirname "$out")"
exec "$STUDIO" train gan --data data/finetune-demo/train --from emoji-gan --recipe recipes/finetune-demo-icons.json \
  --out "$out" ${args[@]+"${args[@]}"}
