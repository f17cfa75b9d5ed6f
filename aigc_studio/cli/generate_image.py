"""`aigc-studio generate image`: images saved as PNG with their settings, one ``saved: PATH`` line each
(training images is `aigc-studio train gan|vae`, in train.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from aigc_studio.cli.common import add_output_arguments, err, random_seed, run_job, start_generation
from aigc_studio.core import jobs
from aigc_studio.core.assets.store import partial_save_error
from aigc_studio.core.base.events import ImagePreview, Log, Progress
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import DEFAULT_IMAGE_MODEL, SEED_MAX, ImageSpec, spec_from_dict


def add_parser(gsub) -> None:
    g = gsub.add_parser("image", help="generate images and save them as PNG with their settings")
    g.add_argument("--model", default=DEFAULT_IMAGE_MODEL, help="a model id (see `aigc-studio models`) or folder")
    g.add_argument("--count", type=int, default=16, help="how many images (1-64)")
    g.add_argument("--seed", type=int, default=None, help="image i uses seed+i (default: random, printed)")
    g.add_argument("--prior", choices=["fitted", "standard"], default="fitted",
                   help="a VAE's new samples: from its fitted latent prior (prior.safetensors; default) or "
                   "standard (as before)")
    g.add_argument("--category", default="any",
                   help="a model drawn by category (e.g. emoji-cgan): smileys, people, animals, food, travel, "
                   "activities, objects, symbols or flags; any (default): each seed picks")
    g.add_argument("--truncation", type=float, default=1.0,
                   help="GAN: pull towards the average image (1 = off, 0.7 = cleaner, less varied)")
    g.add_argument("--best-of", type=int, default=None, metavar="N",
                   help="GAN: draw N, keep the COUNT the discriminator likes best")
    g.add_argument("--encode", type=Path, default=None, metavar="IMAGE",
                   help="VAE: encode this picture; saves its reconstruction and COUNT-1 variations")
    g.add_argument("--strength", type=float, default=0.5, help="variation strength (with --encode)")
    add_output_arguments(g, "generate only (for timing); save nothing")


def run(a) -> int:
    settings = Settings.load()
    seed = a.seed if a.seed is not None else random_seed(SEED_MAX - 1024)
    best_of = a.best_of is not None          # `--best-of 0` is refused by the spec, not ignored
    mode = "encode" if a.encode else ("best_of" if best_of else "sample")
    spec = jobs.validate(ImageSpec(model=a.model, mode=mode, count=a.count, seed=seed, truncation=a.truncation,
                                   strength=a.strength, best_of=a.best_of if best_of else 64,
                                   source=str(a.encode or ""), device=a.device or settings.device,
                                   prior=a.prior, category=a.category))
    ctx, store = start_generation(a, spec, seed, settings)
    images: list = []

    def on_event(ev: Any) -> None:
        if isinstance(ev, ImagePreview):
            images.extend(list(ev.images))
        elif isinstance(ev, Progress):
            err(ev.message)
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            err(ev.message)

    result = run_job(spec, ctx, on_event)
    items = result.data.get("items", [])
    if store is None:
        print(f"generated {len(images)} images", flush=True)
        return 0
    saved: list = []
    pairs = list(zip(images, items))
    for rgba, item in pairs:
        extra = {k: v for k, v in item.items() if k in ("score", "label", "latent")}
        try:
            path = store.save_image(rgba, spec_from_dict(item["spec"]), extra=extra)
        except Exception as e:   # noqa: BLE001 — say exactly what was saved before it stopped
            if saved:
                raise partial_save_error(saved, len(pairs), e) from e
            raise
        saved.append(path)
        print(f"saved: {path}", flush=True)
    return 0
