#!/usr/bin/env python3
"""Data prep of the studio's emoji classifier (issue 10): a second emoji style, EmojiOne 3 (the PNGs of Debian's
``ruby-gemojione`` package, artwork CC-BY-SA-4.0 by Ranks.com), labelled with the Unicode emoji groups, so the
classifier that checks generated emoji learns what a *food* or an *activity* emoji looks like across two artists
rather than one font's drawing of each.

    apt-get install ruby-gemojione unicode-data fonts-noto-color-emoji; pip install fonttools
    python scripts/data/prep_emojione.py [--png DIR] [--emoji data/emoji] [--out data/emojione]

- Each PNG is named by its code points (``1F354.png``, ``1F1EB-1F1F7.png``); its group comes from
  ``emoji-test.txt`` as for the Noto emoji (``prep_emoji_groups.group_of``). Skin-tone variants are left out (as
  in ``prep_emoji.py``), so are "Component" and what is no emoji (single regional indicators, bare digits).
- **No leakage into the held-out check**: every EmojiOne picture of an emoji that the Noto set holds out
  (``data/emoji/groups.json``: split "heldout", and every picture of ``heldout/``, labelled or not) is left out,
  matched by code point sequence (from the font's cmap and its GSUB ligatures; ZWJ sequences in either order). The
  classifier's held-out accuracy is therefore still measured on emoji it never saw in either style.
- Pictures go through the same ``fit_square`` path as the Noto emoji and dropped pictures (64x64, premultiplied
  resampling).

Writes ``<out>/train/*.png`` and ``<out>/groups.json`` in the format of ``data/emoji/groups.json`` (every picture
split "train"), which the classifier's recipe names in ``extra_data``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from prep_emoji import SKIN_TONES, square_rgba  # noqa: E402
from prep_emoji_groups import (EMOJI_TEST, FONT, GROUPS, SKIPPED_GROUPS, VS16, ZWJ, glyph_sequences,  # noqa: E402
                               group_of, ligature_table, read_emoji_test)

PNG_DIR = "/usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png"


def sequence_of(name: str) -> tuple[int, ...] | None:
    """``1F1EB-1F1F7`` -> (0x1F1EB, 0x1F1F7) without U+FE0F; None for a name that is not code points."""
    try:
        return tuple(c for c in (int(p, 16) for p in name.split("-")) if c != VS16)
    except ValueError:
        return None


def held_out_sequences(emoji: Path, font: str) -> set[tuple[int, ...]]:
    """Every code point sequence that reaches a Noto emoji held out from the classifier: all pictures of
    ``heldout/`` (labelled or not: a flag the font also maps to a private-use code point is unlabelled there, yet
    its regional-indicator pair is an EmojiOne file) and the training pictures the split holds out. A glyph's
    sequences come from the cmap and from its GSUB ligature; a ZWJ sequence also in reverse order (the font stores
    many that way), a flag's pair never (GB is not BG)."""
    from fontTools.ttLib import TTFont
    meta = json.loads((emoji / "groups.json").read_text(encoding="utf-8"))
    tt = TTFont(font)
    return sequences_of(held_out_names(meta), glyph_sequences(tt), ligature_table(tt))


def held_out_names(meta: dict) -> set[str]:
    """The glyph names of the Noto pictures the classifier holds out, from ``groups.json``."""
    names = {Path(k).stem for k, part in meta["split"].items() if part == "heldout"}
    return names | {Path(k).stem for k in meta.get("unlabelled", []) if k.startswith("heldout/")}


def sequences_of(names: set[str], seqs: dict[str, tuple[int, ...]],
                 ligatures: dict[str, list[str]]) -> set[tuple[int, ...]]:
    """Every sequence that reaches one of the glyphs ``names``: its own (cmap, or resolved ligature) and its
    ligature's components joined; ZWJ sequences in both orders."""
    out: set[tuple[int, ...]] = set()
    for name in names:
        found = {seqs[name]} if name in seqs else set()
        parts = [seqs.get(g) for g in ligatures.get(name, [])]
        if parts and all(parts):
            found.add(tuple(c for p in parts for c in p if c != VS16))
        for seq in found:
            out.add(seq)
            if ZWJ in seq:
                out.add(seq[::-1])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--png", type=Path, default=Path(PNG_DIR), help="the EmojiOne PNG folder")
    ap.add_argument("--emoji", type=Path, default=Path("data/emoji"), help="the Noto emoji (prep_emoji_groups.py)")
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--emoji-test", type=Path, default=Path(EMOJI_TEST))
    ap.add_argument("--out", type=Path, default=Path("data/emojione"))
    a = ap.parse_args(argv)
    for path, fix in ((a.png, "apt-get install ruby-gemojione"), (a.emoji_test, "apt-get install unicode-data"),
                      (a.emoji / "groups.json", "run scripts/data/prep_emoji.py and prep_emoji_groups.py first")):
        if not path.exists():
            print(f"{path} not found: {fix}", file=sys.stderr)
            return 2
    groups_of, version = read_emoji_test(a.emoji_test)
    held = held_out_sequences(a.emoji, a.font)
    (a.out / "train").mkdir(parents=True, exist_ok=True)
    labels: dict[str, int] = {}
    counts = {g: 0 for g in GROUPS}
    skipped = {"skin tone": 0, "not an emoji or component": 0, "held out in the Noto set": 0, "unreadable": 0}
    for png in sorted(a.png.glob("*.png")):
        seq = sequence_of(png.stem)
        if seq and any(c in SKIN_TONES for c in seq):
            skipped["skin tone"] += 1
            continue
        group = group_of(seq, groups_of)
        if group is None or group in SKIPPED_GROUPS:
            skipped["not an emoji or component"] += 1
            continue
        if seq in held:
            skipped["held out in the Noto set"] += 1
            continue
        try:
            img = square_rgba(png.read_bytes())
        except (OSError, ValueError):
            skipped["unreadable"] += 1
            continue
        name = f"{png.stem}.png"
        tmp = a.out / "train" / f".{name}.tmp"
        img.save(tmp, format="PNG")
        tmp.replace(a.out / "train" / name)
        labels[f"train/{name}"] = GROUPS.index(group)
        counts[group] += 1
    out = {"source": f"EmojiOne 3 PNGs of Debian's ruby-gemojione ({a.png}); groups from Unicode emoji-test.txt "
                     f"{version} (Debian unicode-data)",
           "licence": "images: CC-BY-SA-4.0 (EmojiOne, Ranks.com Inc.); group data: Unicode License",
           "groups": GROUPS, "counts": {g: {"train": n, "heldout": 0} for g, n in counts.items()},
           "skipped": skipped, "unlabelled": [], "labels": labels, "split": {k: "train" for k in labels}}
    path = a.out / "groups.json"
    tmp = path.with_name(".groups.json.tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    print(json.dumps({"labelled": len(labels), "counts": counts, "skipped": skipped}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
