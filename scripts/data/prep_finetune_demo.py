#!/usr/bin/env python3
"""Data prep for the fine-tune demo (docs/finetune-demo.md): 200 GNOME Adwaita symbolic icons, a style far from
the colour emoji the shipped emoji-gan learnt (flat black pictograms, no colour, no shading).

    python scripts/data/prep_finetune_demo.py [--icons /usr/share/icons/Adwaita/64x64] [--out data/finetune-demo]
                                              [--count 200] [--heldout 20]

The icons come with Debian's ``adwaita-icon-theme`` (installed with GTK; ``apt-get install adwaita-icon-theme``),
licensed CC-BY-SA-3.0 or LGPL-3 ("GNOME Project"). Nothing is downloaded here.

Writes ``OUT/train/*.png`` (``--count`` icons) and ``OUT/heldout/*.png`` (``--heldout`` more, for evaluation),
64x64 RGBA through the studio's own ``fit_square`` (the same path as scripts/data/prep_emoji.py and as a picture
dropped on the studio), and ``OUT/manifest.json`` listing every file picked and its source. The pick is
deterministic: the PNGs are de-duplicated by their pixels (the theme repeats some drawings under several names),
icons with almost no ink are left out, and the rest are ordered by a SHA-1 of their path relative to the theme
folder; the first ``--count`` train, the next ``--heldout`` are held out. The same theme version gives the same
files on every machine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

ICONS = "/usr/share/icons/Adwaita/64x64"
SIZE = 64


def candidates(root: Path) -> list[Path]:
    """Every PNG under ``root``, ordered by a SHA-1 of its path relative to ``root`` (stable, well mixed)."""
    files = [p for p in root.rglob("*.png") if p.is_file()]
    return sorted(files, key=lambda p: (hashlib.sha1(p.relative_to(root).as_posix().encode()).hexdigest(),
                                        p.relative_to(root).as_posix()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--icons", default=ICONS, type=Path)
    ap.add_argument("--out", default="data/finetune-demo", type=Path)
    ap.add_argument("--count", default=200, type=int)
    ap.add_argument("--heldout", default=20, type=int)
    a = ap.parse_args(argv)
    if not a.icons.is_dir():
        print(f"{a.icons} not found: apt-get install adwaita-icon-theme", file=sys.stderr)
        return 2
    from PIL import Image, UnidentifiedImageError

    from aigc_studio.core.assets.images import fit_square

    picked: list[tuple[Path, Image.Image]] = []
    seen: set[bytes] = set()
    counts = {"duplicates": 0, "unreadable": 0, "almost_empty": 0}
    for path in candidates(a.icons):
        if len(picked) >= a.count + a.heldout:
            break
        try:
            with Image.open(path) as src:
                im = fit_square(src.convert("RGBA"), SIZE)
        except (OSError, UnidentifiedImageError, ValueError):
            counts["unreadable"] += 1
            continue
        digest = hashlib.sha1(im.tobytes()).digest()
        if digest in seen:
            counts["duplicates"] += 1
            continue
        seen.add(digest)
        alpha = im.getchannel("A").histogram()
        if sum(alpha[128:]) < 40:                                  # a hairline or a dot: nothing to learn
            counts["almost_empty"] += 1
            continue
        picked.append((path, im))
    if len(picked) < a.count + a.heldout:
        print(f"only {len(picked)} usable icons in {a.icons}; asked for {a.count} + {a.heldout}", file=sys.stderr)
        return 2
    files: dict[str, list[dict]] = {"train": [], "heldout": []}
    for split in files:
        (a.out / split).mkdir(parents=True, exist_ok=True)
        for old in (a.out / split).glob("*.png"):
            old.unlink()
    for i, (path, im) in enumerate(picked):
        split = "train" if i < a.count else "heldout"
        rel = path.relative_to(a.icons).as_posix()
        name = rel.replace("/", "_").replace(".symbolic.png", ".png")
        im.save(a.out / split / name)
        files[split].append({"file": name, "source": rel})
    manifest = {"source": "Debian adwaita-icon-theme: " + str(a.icons),
                "licence": "CC-BY-SA-3.0 or LGPL-3 (GNOME Project)",
                "size": SIZE, "mode": "RGBA", "train": len(files["train"]), "heldout": len(files["heldout"]),
                "skipped": counts, "files": files}
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(json.dumps({k: v for k, v in manifest.items() if k != "files"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
