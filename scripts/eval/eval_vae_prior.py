#!/usr/bin/env python3
"""emoji-vae's random samples from N(0, I) (before) and from its fitted latent prior (after): FID / KID against the
held-out emoji in the studio's feature space (core/eval, the shipped feature network), contact sheets, and the
figures in the card's ``prior.evaluation`` (+ a "Latent prior" section of README.md).

    python scripts/train/fit_vae_prior.py emoji-vae     # prior.safetensors first
    python scripts/eval/eval_vae_prior.py               # writes docs/images/emoji-vae-prior-{standard,fitted}.png
    python scripts/eval/eval_vae_prior.py --no-write

Sample *i* of both ways is the Image panel's sample of seed *i* (prior = standard / fitted), i = 0 .. n-1.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from PIL import Image  # noqa: E402

from aigc_studio.core.assets.images import from_model_array  # noqa: E402
from aigc_studio.core.eval.common import data_files  # noqa: E402
from aigc_studio.core.eval.images import load_pictures, measure  # noqa: E402
from aigc_studio.core.models.feature_net import load_feature_net  # noqa: E402
from aigc_studio.core.models.latent_prior import load_prior  # noqa: E402
from scripts.train.fit_vae_prior import load_shipped, read_card, write_card, write_readme_section  # noqa: E402

MODEL = "emoji-vae"


@torch.inference_mode()
def draw(model, zs: torch.Tensor) -> torch.Tensor:
    return torch.cat([model.sample(z[None]) for z in zs]).float()      # one at a time, as the image job


def sheet(x: torch.Tensor, path: Path, columns: int = 8, scale: int = 2) -> None:
    rgba = from_model_array(x[:columns * columns].numpy())                   # (n, H, W, 4) straight RGBA
    n, h, w, _ = rgba.shape
    rows = (n + columns - 1) // columns
    canvas = Image.new("RGBA", (columns * w, rows * h), (255, 255, 255, 255))
    for i in range(n):
        tile = Image.fromarray(rgba[i], "RGBA")
        canvas.alpha_composite(tile, ((i % columns) * w, (i // columns) * h))
    canvas = canvas.convert("RGB").resize((columns * w * scale, rows * h * scale), Image.NEAREST)
    tmp = path.with_name(path.name + ".tmp.png")
    canvas.save(tmp)
    tmp.replace(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    model, folder, card = load_shipped(MODEL)
    prior, note = load_prior(folder, model.latent_dim)
    if prior is None:
        raise SystemExit(note or "no prior.safetensors: run scripts/train/fit_vae_prior.py emoji-vae first")
    size, channels = int(model.config.image_size), int(model.config.channels)
    train_dir = ROOT / card["recipe"]["data"]
    reference, _ = load_pictures(data_files(train_dir.parent / "heldout", "image"), size, channels)
    train, _ = load_pictures(data_files(train_dir, "image"), size, channels)
    net, net_card = load_feature_net()
    seeds = list(range(a.n))
    standard = draw(model, torch.cat([model.noise(s, 1) for s in seeds]))
    fitted = draw(model, prior.sample_many(seeds))
    result = {}
    for name, x in (("standard", standard), ("fitted", fitted)):
        m = measure(x, reference, train, net, net_card)
        result[name] = {k: m.get(k) for k in ("fid", "kid", "kid_std", "kid_subset_size", "diversity", "groups",
                                               "notes")}
        result[name]["near_copy_fraction"] = (m.get("memorisation") or {}).get("near_copy_fraction")
        result["real_data_yardstick"] = m.get("real_data_yardstick")
        result["feature_space"] = m.get("feature_space")
        print(name, json.dumps(result[name], ensure_ascii=False), flush=True)
    result.update({"samples": a.n, "reference_images": int(len(reference)), "seeds": f"0..{a.n - 1}",
                   "script": "scripts/eval/eval_vae_prior.py", "seconds": round(time.perf_counter() - t0, 1)})
    if a.no_write:
        return 0
    images = ROOT / "docs" / "images"
    sheet(standard, images / "emoji-vae-prior-standard.png")
    sheet(fitted, images / "emoji-vae-prior-fitted.png")
    full = read_card(folder)
    full.setdefault("prior", {})["evaluation"] = result
    full["prior"]["contact_sheets"] = ["docs/images/emoji-vae-prior-standard.png",
                                       "docs/images/emoji-vae-prior-fitted.png"]
    write_card(folder, full)
    write_readme_section(folder, full["prior"])
    print(f"wrote the card's prior.evaluation, README section and contact sheets ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
