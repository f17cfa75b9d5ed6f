#!/usr/bin/env python3
"""Fit a shipped VAE's latent prior (a Gaussian mixture over its encoded training set) and store it in the model
folder as prior.safetensors; the card gets a ``prior`` section (core/models/latent_prior.py).

    python scripts/data/prep_emoji.py && python scripts/train/fit_vae_prior.py emoji-vae
    python scripts/data/prep_audio.py && python scripts/train/fit_vae_prior.py gm-notes-vae
    python scripts/train/fit_vae_prior.py emoji-vae --no-write      # fit and report only

The training data (the recipe's ``data`` folder: data/emoji/train, data/audio-notes/train) is encoded to the
posterior means; mixtures with several sizes and covariance kinds are fitted by EM on them (same seed: same
mixture), and the one with the best mean log-likelihood on the held-out data's latents (data/<set>/heldout,
never trained on) is kept. The VAE's weights are not changed.
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

from aigc_studio.core.base.atomic import atomic_write_text  # noqa: E402
from aigc_studio.core.models.checkpoint import CARD_FILE  # noqa: E402
from aigc_studio.core.models.latent_prior import PRIOR_FILE, fit_gmm  # noqa: E402
from aigc_studio.core.models.registry import ModelCache  # noqa: E402

BEGIN, END = "<!-- latent-prior:begin -->", "<!-- latent-prior:end -->"
CANDIDATES = [("diag", 16), ("diag", 32), ("full", 4), ("full", 8), ("full", 16), ("full", 24)]


@torch.inference_mode()
def encode_images(model, folder: Path) -> torch.Tensor:
    from aigc_studio.core.training.image import load_image_tensor
    x, skipped = load_image_tensor(folder, model.config.image_size, model.config.channels)
    if x is None:
        raise SystemExit(f"no pictures in {folder}: run scripts/data/prep_emoji.py first")
    return torch.cat([model.encode(x[i:i + 128])[0].float() for i in range(0, len(x), 128)])


@torch.inference_mode()
def encode_sounds(model, folder: Path, card: dict) -> torch.Tensor:
    from aigc_studio.core.training.audio import list_audio_files, read_sounds
    clip = int(card["config"]["clip_samples"])
    sounds, _ = read_sounds(list_audio_files(folder), int(card["config"]["sample_rate"]), clip,
                            float(card.get("recipe", {}).get("max_seconds", 4.0)))
    if not sounds:
        raise SystemExit(f"no sounds in {folder}: run scripts/data/prep_audio.py first")
    out = []
    for i in range(0, len(sounds), 32):
        x = torch.stack([torch.from_numpy(s[:clip]) for _, s in sounds[i:i + 32]])
        out.append(model.encode(x)[0].float())
    return torch.cat(out)


def load_shipped(name: str):
    """``(model, folder, card)``: the model ``name`` on the CPU in eval mode, its folder and its card."""
    loaded = ModelCache().get(name, torch.device("cpu"))
    model, folder = loaded.model.eval(), loaded.info.path
    return model, folder, read_card(folder)


def read_card(folder: Path) -> dict:
    return json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))


def write_card(folder: Path, card: dict) -> None:
    atomic_write_text(folder / CARD_FILE, json.dumps(card, ensure_ascii=False, indent=2) + "\n")


def write_readme_section(folder: Path, prior: dict) -> None:
    """The "Latent prior" section of the model's README.md (between markers: rerunning replaces it), with the
    FID/KID table when ``prior`` has an ``evaluation`` (scripts/eval/eval_vae_prior.py)."""
    from aigc_studio.core.models.checkpoint import README_FILE
    before = "N(0, I)" if folder.name != "gm-notes-vae" else "the PCA Gaussian of the training latents"
    lines = [BEGIN, "## Latent prior", "",
             f"Random samples are drawn from a {prior.get('covariance')}-covariance Gaussian mixture with "
             f"{prior.get('components')} components fitted to the {prior.get('fitted_on')} "
             f"(`{prior.get('file')}`, `{prior.get('rebuild')}`; chosen by {prior.get('chosen_by')}). Held-out "
             f"latents' mean log-likelihood: {prior.get('heldout_log_likelihood')} under the mixture, "
             f"{prior.get('heldout_log_likelihood_standard_normal')} under N(0, I). The setting `prior = standard` "
             f"(the CLI's `--prior standard`) samples {before} as before; encoding and variations are unchanged."]
    ev = prior.get("evaluation")
    if ev:
        s, f, y = ev.get("standard", {}), ev.get("fitted", {}), ev.get("real_data_yardstick") or {}
        lines += ["", f"{ev.get('samples')} samples (seeds {ev.get('seeds')}) against {ev.get('reference_images')} "
                  "held-out pictures, in the feature space of the studio's feature network (emoji-trained; "
                  f"`python {ev.get('script')}`):", "",
                  "| samples from | FID | KID |", "|---|---|---|",
                  f"| N(0, I) (before) | {s.get('fid')} | {s.get('kid')} ± {s.get('kid_std')} |",
                  f"| fitted prior (after) | {f.get('fid')} | {f.get('kid')} ± {f.get('kid_std')} |",
                  f"| training pictures (yardstick) | {y.get('fid')} | {y.get('kid')} |", ""]
        if prior.get("contact_sheets"):
            lines.append("Contact sheets: " + ", ".join(f"`{p}`" for p in prior["contact_sheets"]) + ".")
    lines.append(END)
    path = folder / README_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + "\n".join(lines) + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    atomic_write_text(path, text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=["emoji-vae", "gm-notes-vae"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    model, folder, card = load_shipped(a.model)
    train_dir = ROOT / card["recipe"]["data"]
    held_dir = train_dir.parent / "heldout"
    enc = encode_images if a.model == "emoji-vae" else (lambda m, f: encode_sounds(m, f, card))
    z_train, z_held = enc(model, train_dir), enc(model, held_dir)
    print(f"latents: {tuple(z_train.shape)} training, {tuple(z_held.shape)} held out "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)
    best = None
    table = []
    for cov, k in CANDIDATES:
        mix, summary = fit_gmm(z_train, k=k, iters=a.iters, seed=a.seed, covariance=cov)
        held_ll = float(mix.log_prob(z_held).mean())
        table.append({"covariance": cov, "components": k, "train_ll": summary["mean_log_likelihood"],
                      "heldout_ll": round(held_ll, 3), "iterations": summary["iterations"]})
        print(json.dumps(table[-1]), flush=True)
        if best is None or held_ll > best[2]:
            best = (mix, summary, held_ll)
    std_ll = float(torch.distributions.Normal(0.0, 1.0).log_prob(z_held.double()).sum(1).mean())
    mix, summary, held_ll = best
    info = {"file": PRIOR_FILE, "kind": "gaussian-mixture", "components": mix.k,
            "covariance": summary["covariance"], "fitted_on": f"{len(z_train)} training latents (posterior means)",
            "data": card["recipe"]["data"], "chosen_by": "best mean held-out log-likelihood among "
            + ", ".join(f"{c} K={k}" for c, k in CANDIDATES),
            "heldout_log_likelihood": round(held_ll, 3), "heldout_log_likelihood_standard_normal": round(std_ll, 3),
            "candidates": table, "seed": a.seed, "ridge": summary["ridge"],
            "use": "new random samples are drawn from this mixture (spec setting prior = fitted, the default); "
                   "prior = standard draws from " + ("N(0, I)" if a.model == "emoji-vae" else
                                                      "the PCA Gaussian of the training latents") + " as before",
            "rebuild": f"python scripts/train/fit_vae_prior.py {a.model}", "seconds": round(time.perf_counter() - t0, 1)}
    print(json.dumps(info, indent=1))
    if a.no_write:
        return 0
    mix.save(folder, {"data": card["recipe"]["data"], "seed": a.seed})
    full = read_card(folder)
    full["prior"] = info
    write_card(folder, full)
    write_readme_section(folder, info)
    print(f"wrote {folder / PRIOR_FILE}, the card's prior section and README.md's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
