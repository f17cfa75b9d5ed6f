#!/usr/bin/env bash
# Train the studio's image feature network (the FID/KID feature space and emoji-group classifier shipped in
# aigc_studio/resources/eval/feature-net/) from its committed recipe with the studio's own training loop:
#   scripts/train/train_feature_net.sh [--no-resume] [--steps N]
# Data first (Debian fonts-noto-color-emoji and unicode-data, `pip install fonttools`):
#   python scripts/data/prep_emoji.py && python scripts/data/prep_emoji_groups.py
# Resumable: run it again and it continues from runs/feature-net/checkpoint; --no-resume starts over.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
[ -d data/emoji/train ] || "$PY" scripts/data/prep_emoji.py
[ -f data/emoji/groups.json ] || "$PY" scripts/data/prep_emoji_groups.py
exec "$PY" -m aigc_studio.core.eval.feature_train recipes/feature-net.json "$@"
