#!/usr/bin/env python3
"""Class labels for the conditional emoji GAN (issue 10): a ``labels.json`` beside the images of
``data/emoji/train`` and ``data/emoji/heldout``, from the emoji groups that ``scripts/data/prep_emoji_groups.py``
found (``data/emoji/groups.json``: Unicode emoji-test.txt groups of each glyph).

    python scripts/data/prep_emoji.py && python scripts/data/prep_emoji_groups.py   # first (see their docstrings)
    python scripts/data/prep_emoji_labels.py [--emoji data/emoji]

``<folder>/labels.json``: {"format": "aigc-studio-labels/1", "classes": [the nine group names],
"labels": {file name relative to the folder: class index}, "source": ...}. Images without a group (the
"Component" swatches and glyphs that are not emoji) get no label; the GAN trainer leaves them out of a
conditional run and says how many. The file is deterministic (sorted keys) and written atomically.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMAT = "aigc-studio-labels/1"


def write_labels(emoji: Path) -> dict:
    groups_file = emoji / "groups.json"
    if not groups_file.exists():
        sys.exit(f"{groups_file} is missing: run python scripts/data/prep_emoji_groups.py first")
    g = json.loads(groups_file.read_text(encoding="utf-8"))
    classes = list(g["groups"])
    report = {}
    for part in ("train", "heldout"):
        folder = emoji / part
        if not folder.is_dir():
            continue
        labels = {}
        for key, idx in sorted(g["labels"].items()):
            prefix, _, name = key.partition("/")
            if prefix == part and (folder / name).exists():
                labels[name] = int(idx)
        doc = {"format": FORMAT, "classes": classes, "labels": labels,
               "source": "scripts/data/prep_emoji_labels.py from " + g.get("source", "groups.json"),
               "licence": g.get("licence", "")}
        tmp = folder / "labels.json.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / "labels.json")
        counts = {c: 0 for c in classes}
        for i in labels.values():
            counts[classes[i]] += 1
        images = sum(1 for p in folder.iterdir() if p.suffix.lower() == ".png")
        report[part] = {"labelled": len(labels), "images": images, "per_class": counts}
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emoji", type=Path, default=ROOT / "data" / "emoji")
    a = ap.parse_args(argv)
    print(json.dumps(write_labels(a.emoji), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
