#!/usr/bin/env bash
# Rebuild the shipped text models from their recipes with the studio's own trainer.
#   scripts/train/train_shipped_text.sh tang|fortunes|all     (each: ~46 min budget on one CPU thread)
# Needs the data first: .venv/bin/pip install -e '.[dataprep]' && python scripts/data/prep_text_data.py all
# Then evaluate and fill the model cards: python scripts/eval/eval_text.py tang-poems-zh / fortunes-en
# Training resumes from runs/<id>/checkpoint when present; pass --no-resume (after the name) to start over.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
which=${1:-all}; shift || true
run() { local id=$1; shift; "$PY" -m aigc_studio.core.training.text --recipe "recipes/$id.json" "$@"; }
case "$which" in
  tang) run tang-poems-zh "$@" ;;
  fortunes) run fortunes-en "$@" ;;
  all) run tang-poems-zh "$@"; run fortunes-en "$@" ;;
  *) echo "usage: $0 tang|fortunes|all [--no-resume] [--threads N]" >&2; exit 2 ;;
esac
