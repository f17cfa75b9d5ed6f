#!/usr/bin/env python3
"""Data prep for the shipped image models: the colour emoji bitmaps of Debian's ``fonts-noto-color-emoji``
(Apache-2.0), extracted from the font's CBDT table with fontTools.

    python scripts/data/prep_emoji.py [--font /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf] [--out data/emoji]

Writes ``OUT/train/*.png`` and ``OUT/heldout/*.png`` (64x64 RGBA, the glyph centred on a transparent square,
Lanczos-resampled) and ``OUT/manifest.json``. Skin-tone variants (ligatures with U+1F3FB..U+1F3FF) are left out:
they repeat the same drawing five times and would make people dominate the set. One glyph in 20 (by a hash of
its name, so the split never changes) is held out for evaluation.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
SKIN_TONES = range(0x1F3FB, 0x1F400)
SIZE = 64


def skin_tone_glyphs(font) -> set[str]:
    """Glyphs that are ligatures containing a skin-tone modifier."""
    cmap = font.getBestCmap()
    tones = {cmap[c] for c in SKIN_TONES if c in cmap}
    out = set(tones)
    if "GSUB" not in font:
        return out
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            if getattr(sub, "LookupType", None) == 7:          # extension
                sub = sub.ExtSubTable
            ligs = getattr(sub, "ligatures", None)
            if not ligs:
                continue
            for first, entries in ligs.items():
                for lig in entries:
                    if first in tones or any(c in tones for c in lig.Component):
                        out.add(lig.LigGlyph)
    return out


def square_rgba(png: bytes, size: int = SIZE):
    """The glyph centred on a transparent square, resampled premultiplied: the same path as an image dropped on
    the studio (core/assets/images.fit_square), so training data and dropped pictures match."""
    from PIL import Image

    from aigc_studio.core.assets.images import fit_square
    return fit_square(Image.open(io.BytesIO(png)).convert("RGBA"), size)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--out", default="data/emoji", type=Path)
    a = ap.parse_args(argv)
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        print("fontTools is needed for data prep: pip install fonttools", file=sys.stderr)
        return 2
    if not Path(a.font).is_file():
        print(f"{a.font} not found: apt-get install fonts-noto-color-emoji", file=sys.stderr)
        return 2
    font = TTFont(a.font)
    strike = font["CBDT"].strikeData[0]
    skip = skin_tone_glyphs(font)
    for split in ("train", "heldout"):
        (a.out / split).mkdir(parents=True, exist_ok=True)
        for old in (a.out / split).glob("*.png"):
            old.unlink()
    counts = {"train": 0, "heldout": 0, "skipped_skin_tones": 0, "skipped_empty": 0}
    for name in sorted(strike):
        if name in skip:
            counts["skipped_skin_tones"] += 1
            continue
        bitmap = strike[name]
        data = getattr(bitmap, "imageData", b"")
        if not data.startswith(b"\x89PNG"):
            counts["skipped_empty"] += 1
            continue
        im = square_rgba(data)
        if im.getchannel("A").getextrema()[1] < 16:
            counts["skipped_empty"] += 1
            continue
        split = "heldout" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 20 == 0 else "train"
        im.save(a.out / split / f"{name}.png")
        counts[split] += 1
    manifest = {"source": "Debian fonts-noto-color-emoji: " + a.font, "licence": "Apache-2.0 (Noto Emoji)",
                "size": SIZE, "mode": "RGBA", **counts}
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
