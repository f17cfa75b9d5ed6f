#!/usr/bin/env bash
# Train the studio's image feature network (the FID/KID feature space and emoji-group classifier shipped in
# aigc_studio/resources/eval/feature-net/) from its committed recipe with the studio's own training loop:
#   scripts/train/train_feature_net.sh [--recipe recipes/emoji-classifier.json] [--no-resume] [--steps N]
# (the same network and code also make the emoji classifier: recipes/emoji-classifier.json, whose extra data is
#  made by scripts/data/prep_emojione.py)
# Data first (Debian fonts-noto-color-emoji and unicode-data, `pip install fonttools`):
#   python scripts/data/prep_emoji.py && python scripts/data/prep_emoji_groups.py
# Resumable: run it again and it continues from runs/feature-net/checkpoint; --no-resume starts over.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
[ -d data/emoji/train ] || "$PY" scripts/data/prep_emoji.py
[ -f data/emoji/groups.json ] || "$PY" scripts/data/prep_emoji_groups.py
RECIPE=recipes/feature-net.json
if [ "${1:-}" = "--recipe" ]; then RECIPE=$2; shift 2; fi
if grep -q '"data/emojione"' "$RECIPE" && [ ! -f data/emojione/groups.json ]; then
  "$PY" scripts/data/prep_emojione.py
fi
exec "$PY" -m aigc_studio.core.eval.feature_train "$RECIPE" "$@"
