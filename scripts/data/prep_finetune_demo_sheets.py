#!/usr/bin/env python3
"""The contact sheets of docs/finetune-demo.md: the same seeds drawn by the shipped emoji-gan (before) and by the
fine-tuned model (after), with the studio's own ``aigc-studio generate image``, plus a sheet of training icons.

    python scripts/data/prep_finetune_demo_sheets.py AFTER_MODEL [--before emoji-gan] [--count 32] [--seed 0]
                                                     [--data data/finetune-demo/train] [--out docs/images]

Writes ``OUT/finetune-before.png``, ``OUT/finetune-after.png`` and ``OUT/finetune-data.png``: 8 columns of
64x64 images shown at 2x (nearest neighbour), on a light grey ground so black icons and transparency both show.
The generated PNGs go to a temporary folder (``--no-save`` is not used: the sheets are made from the files the
command line saved, exactly as a user would see them).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STUDIO = ROOT / ".venv" / "bin" / "aigc-studio"
GROUND = (236, 236, 236, 255)


def sheet(paths: list[Path], out: Path, columns: int = 8, scale: int = 2, pad: int = 4) -> Path:
    from PIL import Image

    ims = [Image.open(p).convert("RGBA") for p in paths]
    side = ims[0].width * scale
    rows = (len(ims) + columns - 1) // columns
    canvas = Image.new("RGBA", (pad + columns * (side + pad), pad + rows * (side + pad)), GROUND)
    for i, im in enumerate(ims):
        big = im.resize((side, side), Image.Resampling.NEAREST)
        canvas.alpha_composite(big, (pad + (i % columns) * (side + pad), pad + (i // columns) * (side + pad)))
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas.convert("RGB").save(out)
    return out


def generate(model: str, count: int, seed: int, folder: Path) -> list[Path]:
    """``count`` images of ``model`` from seeds ``seed``.. with the command line; their saved paths in order."""
    cmd = [str(STUDIO), "generate", "image", "--model", model, "--count", str(count), "--seed", str(seed),
           "--device", "cpu", "--out", str(folder)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr.strip()}")
    paths = [Path(line[len("saved: "):]) for line in res.stdout.splitlines() if line.startswith("saved: ")]
    paths = [p for p in paths if p.suffix.lower() == ".png"]
    if len(paths) != count:
        raise SystemExit(f"expected {count} images from {model}, got {len(paths)}")
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("after", help="the fine-tuned model (id or folder)")
    ap.add_argument("--before", default="emoji-gan")
    ap.add_argument("--count", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "finetune-demo" / "train")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in (("before", a.before), ("after", a.after)):
            paths = generate(model, a.count, a.seed, Path(tmp) / name)
            print(sheet(paths, a.out / f"finetune-{name}.png"))
    data = sorted(a.data.glob("*.png"))[: a.count]
    if data:
        print(sheet(data, a.out / "finetune-data.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
