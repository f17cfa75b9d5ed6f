#!/usr/bin/env python3
"""Data prep of the studio's evaluation feature network: the Unicode emoji group of every emoji image that
``scripts/data/prep_emoji.py`` extracted, and the network's own held-out split.

    python scripts/data/prep_emoji_groups.py [--emoji data/emoji] [--font NotoColorEmoji.ttf]
                                             [--emoji-test /usr/share/unicode/emoji/emoji-test.txt]

- Groups come from ``emoji-test.txt`` of Debian's ``unicode-data`` package (Unicode 15.0, the Unicode licence:
  free to use, copy and distribute with its copyright notice): its ``# group:`` lines put every emoji sequence
  in one of Smileys & Emotion, People & Body, Component, Animals & Nature, Food & Drink, Travel & Places,
  Activities, Objects, Symbols, Flags. "Component" (hair styles and skin-tone swatches, 9 images) is left out.
- The image files are named by the font's glyph names; a glyph's code points come from the font's ``cmap``
  (single characters) and its ``GSUB`` ligatures (sequences: ZWJ sequences, flags, keycaps), resolved
  recursively. Variation selector U+FE0F is ignored when sequences are matched.
- Split by emoji, never by picture: every image in ``<emoji>/heldout`` (the generators' held-out emoji) is held out,
  and so is one training emoji in ten (by a hash of its glyph name, so the split never changes), so the network's
  held-out accuracy is measured on emoji it never saw and the FID/KID reference set is unseen by it too.

Writes ``<emoji>/groups.json``: {"groups": [...], "labels": {"train/<file>"|"heldout/<file>": group index},
"split": {same keys: "train"|"heldout"}, "unlabelled": [...], "counts": {...}, "source": ..., "licence": ...}.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
EMOJI_TEST = "/usr/share/unicode/emoji/emoji-test.txt"
GROUPS = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places", "Activities",
          "Objects", "Symbols", "Flags"]
SKIPPED_GROUPS = {"Component"}
VS16 = 0xFE0F
ZWJ = 0x200D


def read_emoji_test(path: Path) -> tuple[dict[tuple[int, ...], str], str]:
    """{code point sequence without U+FE0F: group name} and the file's Unicode version line."""
    groups: dict[tuple[int, ...], str] = {}
    group, version = "", ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# group:"):
            group = line.split(":", 1)[1].strip()
        elif line.startswith("# Version:"):
            version = line.split(":", 1)[1].strip()
        elif line and not line.startswith("#") and ";" in line:
            cps = tuple(int(c, 16) for c in line.split(";", 1)[0].split() if int(c, 16) != VS16)
            groups.setdefault(cps, group)
    return groups, version


def ligature_table(font) -> dict[str, list[str]]:
    """{ligature glyph: the glyphs it is made of (the first ligature found for it)} from the font's GSUB."""
    ligatures: dict[str, list[str]] = {}
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                if getattr(sub, "LookupType", None) == 7:          # extension
                    sub = sub.ExtSubTable
                for first, entries in (getattr(sub, "ligatures", None) or {}).items():
                    for lig in entries:
                        ligatures.setdefault(lig.LigGlyph, [first, *lig.Component])
    return ligatures


def glyph_sequences(font) -> dict[str, tuple[int, ...]]:
    """{glyph name: its code point sequence (without U+FE0F)} from the font's cmap and GSUB ligatures."""
    single: dict[str, tuple[int, ...]] = {}
    for cp, name in sorted(font.getBestCmap().items()):
        single.setdefault(name, (cp,))
    ligatures = ligature_table(font)
    out: dict[str, tuple[int, ...]] = {}

    def resolve(name: str, depth: int = 0) -> tuple[int, ...] | None:
        if name in out:
            return out[name]
        if name in single:
            seq: tuple[int, ...] | None = single[name]
        elif name in ligatures and depth < 8:
            parts = [resolve(g, depth + 1) for g in ligatures[name]]
            seq = None if any(p is None for p in parts) else tuple(c for p in parts for c in p)
        else:
            seq = None
        if seq is not None:
            out[name] = tuple(c for c in seq if c != VS16)
        return out.get(name)

    for name in list(single) + list(ligatures):
        resolve(name)
    return out


def group_of(seq: tuple[int, ...] | None, groups_of: dict[tuple[int, ...], str]) -> str | None:
    """The emoji group of a glyph's code point sequence. The font stores many ZWJ sequences with their parts in
    reverse order, so the reversed sequence is tried too; a ZWJ sequence newer than the data file takes the group
    of its first emoji; a tag sequence (a subdivision flag) is a flag. None for what is not an emoji (a bare
    digit, a single regional indicator, private-use glyphs)."""
    if not seq:
        return None
    for candidate in (seq, seq[::-1]):
        if candidate in groups_of:
            return groups_of[candidate]
    if ZWJ in seq:
        return groups_of.get(tuple(_split(seq[::-1])[0])) or groups_of.get(tuple(_split(seq)[0]))
    if seq[0] == 0x1F3F4 and len(seq) > 1 and all(0xE0020 <= c <= 0xE007F for c in seq[1:]):
        return "Flags"
    return None


def _split(seq: tuple[int, ...]) -> list[list[int]]:
    parts: list[list[int]] = [[]]
    for c in seq:
        if c == ZWJ:
            parts.append([])
        else:
            parts[-1].append(c)
    return parts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--emoji", type=Path, default=Path("data/emoji"), help="the output of prep_emoji.py")
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--emoji-test", type=Path, default=Path(EMOJI_TEST))
    a = ap.parse_args(argv)
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        print("fontTools is needed for data prep: pip install fonttools", file=sys.stderr)
        return 2
    if not a.emoji_test.is_file():
        print(f"{a.emoji_test} not found: apt-get install unicode-data", file=sys.stderr)
        return 2
    if not (a.emoji / "train").is_dir():
        print(f"{a.emoji}/train not found: run scripts/data/prep_emoji.py first", file=sys.stderr)
        return 2
    groups_of, version = read_emoji_test(a.emoji_test)
    seqs = glyph_sequences(TTFont(a.font))
    labels: dict[str, int] = {}
    split: dict[str, str] = {}
    unlabelled: list[str] = []
    counts = {g: {"train": 0, "heldout": 0} for g in GROUPS}
    for folder in ("train", "heldout"):
        for png in sorted((a.emoji / folder).glob("*.png")):
            group = group_of(seqs.get(png.stem), groups_of)
            key = f"{folder}/{png.name}"
            if group is None or group in SKIPPED_GROUPS:
                unlabelled.append(key)
                continue
            held = folder == "heldout" or int(hashlib.sha1(png.stem.encode()).hexdigest(), 16) % 10 == 3
            labels[key] = GROUPS.index(group)
            split[key] = "heldout" if held else "train"
            counts[group]["heldout" if held else "train"] += 1
    out = {"source": f"Unicode emoji-test.txt {version} (Debian unicode-data, {a.emoji_test}); glyph code points "
                     f"from {Path(a.font).name} (cmap + GSUB ligatures)",
           "licence": "Unicode License (data files: free to use, copy and distribute with the copyright notice); "
                      "images: Noto Emoji, Apache-2.0",
           "groups": GROUPS, "counts": counts, "unlabelled": unlabelled, "labels": labels, "split": split}
    path = a.emoji / "groups.json"
    tmp = path.with_name(".groups.json.tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    print(json.dumps({"labelled": len(labels), "unlabelled": len(unlabelled), "counts": counts}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
