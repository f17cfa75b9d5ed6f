#!/usr/bin/env python3
"""Write a character model's rhyme table (rhymes.json in the model folder) for the poem forms' rhyme.

    pip install -e '.[eval]'                                  # pypinyin, only to make the table (not shipped)
    python scripts/data/make_rhyme_table.py tang-poems-zh

Every Han character of the model's vocabulary gets the rhyme group of its most common reading's final (pypinyin,
``Style.FINALS``, non-strict spelling) in the 13 groups of 十三辙 (the usual modern rhyme classes; the same groups
scripts/eval/eval_poems.py measures with). With a poem form, the last character of the 4th, 6th and 8th verse is
then chosen by the model among the characters of the 2nd verse's group (core/models/poem_form.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from aigc_studio.core.base.atomic import atomic_write_text  # noqa: E402
from aigc_studio.core.models.poem_form import RHYMES_FILE, RHYMES_FORMAT, is_han  # noqa: E402
from scripts.eval.eval_poems import RHYME_GROUPS  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", nargs="?", default="tang-poems-zh")
    a = ap.parse_args(argv)
    import pypinyin
    from pypinyin import Style, pinyin
    folder = ROOT / "aigc_studio" / "resources" / "models" / a.model
    vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["vocab"]
    groups: dict[str, list[str]] = {}
    missing = 0
    for c in vocab:
        if not is_han(c):
            continue
        g = RHYME_GROUPS.get(pinyin(c, style=Style.FINALS, strict=False)[0][0])
        if g is None:
            missing += 1
            continue
        groups.setdefault(g, []).append(c)
    data = {"format": RHYMES_FORMAT,
            "system": f"十三辙 groups of modern pinyin finals (pypinyin {pypinyin.__version__}, most common reading)",
            "made_by": f"python scripts/data/make_rhyme_table.py {a.model}",
            "groups": {g: "".join(cs) for g, cs in sorted(groups.items())}}
    atomic_write_text(folder / RHYMES_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"{sum(len(v) for v in groups.values())} characters in {len(groups)} groups ({missing} without a group)"
          f" -> {folder / RHYMES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
