#!/usr/bin/env bash
# Rebuild the shipped text models from their recipes with the studio's own `aigc-studio train text`.
#   scripts/train/train_shipped_text.sh tang|fortunes|english|all [--no-resume] [--steps N | --minutes M] [--device D]
#   (tang, fortunes: ~46 min budget on one CPU thread; english: 3,000 steps, ~2-3 h on one CPU thread)
# Needs the data first: .venv/bin/pip install -e '.[dataprep]' && python scripts/data/prep_text_data.py all
# Then evaluate and fill the model cards: python scripts/eval/eval_text.py tang-poems-zh / fortunes-en / english-en
# Training resumes from runs/<id>/checkpoint when present; --no-resume (after the name) starts over.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIO=${STUDIO:-.venv/bin/aigc-studio}
which=${1:-all}; shift || true
fresh=0; args=()
for a in "$@"; do if [ "$a" = --no-resume ]; then fresh=1; else args+=("$a"); fi; done
run() {
  local id=$1 data=$2
  [ "$fresh" = 1 ] && rm -rf "runs/$id/checkpoint"
  "$STUDIO" train text --data "$data" --recipe "recipes/$id.json" --out "aigc_studio/resources/models/$id" \
    ${args[@]+"${args[@]}"}
}
case "$which" in
  tang) run tang-poems-zh data/tang-poems-zh/train.txt ;;
  fortunes) run fortunes-en data/fortunes-en/train.txt ;;
  english) run english-en data/english-en/train.txt ;;     # issue 10: fortunes + World English Bible (3000 steps)
  all) run tang-poems-zh data/tang-poems-zh/train.txt; run fortunes-en data/fortunes-en/train.txt
       run english-en data/english-en/train.txt ;;
  *) echo "usage: $0 tang|fortunes|english|all [--no-resume] [--steps N | --minutes M] [--device D]" >&2; exit 2 ;;
esac
