"""`aigc-studio generate image` (wired from cli.py; training images is `aigc-studio train gan|vae`, in cli.py).
Light at import: argparse only; torch and the models load when the command runs."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_generate_parser(gsub) -> None:
    from aigc_studio.core.base.specs import DEFAULT_IMAGE_MODEL
    g = gsub.add_parser("image", help="generate images and save them as PNG with their settings")
    g.add_argument("--model", default=DEFAULT_IMAGE_MODEL, help="a model id (see `aigc-studio models`) or folder")
    g.add_argument("--count", type=int, default=16, help="how many images (1-64)")
    g.add_argument("--seed", type=int, default=None, help="image i uses seed+i (default: random, printed)")
    g.add_argument("--truncation", type=float, default=1.0,
                   help="GAN: pull towards the average image (1 = off, 0.7 = cleaner, less varied)")
    g.add_argument("--best-of", type=int, default=None, metavar="N",
                   help="GAN: draw N, keep the COUNT the discriminator likes best")
    g.add_argument("--encode", type=Path, default=None, metavar="IMAGE",
                   help="VAE: encode this picture; saves its reconstruction and COUNT-1 variations")
    g.add_argument("--strength", type=float, default=0.5, help="variation strength (with --encode)")
    g.add_argument("--device", default=None, choices=["auto", "cuda", "mps", "cpu"])
    g.add_argument("--out", type=Path, default=None, help="output folder (default: the one in Settings)")
    g.add_argument("--no-save", action="store_true", help="generate only (for timing); save nothing")


def cmd_generate(a) -> int:
    import secrets

    from aigc_studio.cli import _context, _err, drive
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.base.events import Log, Progress
    from aigc_studio.core.base.specs import SEED_MAX, ImageSpec, spec_from_dict
    from aigc_studio.core.base.settings import Settings

    settings = Settings.load()
    seed = a.seed if a.seed is not None else secrets.randbelow(SEED_MAX + 1 - 1024)
    best_of = a.best_of is not None          # `--best-of 0` is refused by the spec, not ignored
    mode = "encode" if a.encode else ("best_of" if best_of else "sample")
    spec = ImageSpec(model=a.model, mode=mode, count=a.count, seed=seed, truncation=a.truncation,
                     strength=a.strength, best_of=a.best_of if best_of else 64, source=str(a.encode or ""),
                     device=a.device or settings.device).validate()
    out_dir = Path(a.out) if a.out else Path(settings.output_dir)
    store = None if a.no_save else AssetStore(out_dir)
    if store is not None:
        store.ensure_writable()
    if a.seed is None:
        _err(f"seed {seed}")
    ctx, _ = _context(spec.device, out_dir)

    def on_event(ev):
        if isinstance(ev, Progress):
            _err(ev.message)
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            _err(ev.message)

    images = []
    gen = get_runner("image")(spec, ctx)

    def collect(ev):
        from aigc_studio.core.base.events import ImagePreview
        if isinstance(ev, ImagePreview):
            images.extend(list(ev.images))
        on_event(ev)

    result = drive(gen, collect)
    items = result.data.get("items", [])
    if store is not None:
        for rgba, item in zip(images, items):
            extra = {k: v for k, v in item.items() if k in ("score", "label")}
            path = store.save_image(rgba, spec_from_dict(item["spec"]), extra=extra)
            print(f"saved: {path}", flush=True)
    else:
        print(f"generated {len(images)} images", flush=True)
    return 0
