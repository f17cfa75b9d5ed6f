"""Evaluation of an image model (GAN or VAE) against held-out pictures, in the feature space of the studio's own
feature network (:mod:`aigc_studio.core.models.feature_net`, an emoji-trained CNN: say so wherever FID is shown).

Figures (the dict :func:`evaluate_images` returns; every float rounded):

- ``fid``: Fréchet distance between the samples' and the held-out pictures' features, when each set has at least
  ``fid_minimum_images`` (feature dimensions + 1); otherwise None and ``notes`` says why.
- ``kid`` / ``kid_std`` / ``kid_subset_size``: the unbiased KID (cubic polynomial kernel) over random subsets.
- ``memorisation``: for each sample, the nearest training picture in pixel space (RMS difference per channel value
  on a 0-255 scale, premultiplied RGBA) and in feature space: ``pixel_rms`` / ``feature`` summaries, the number and
  fraction of ``near_copies`` (pixel RMS below :data:`NEAR_COPY_RMS`), and, as the yardstick, the same distance
  for the held-out pictures (never trained on) and how many samples are closer to the training set than 95 % of
  them (``closer_than_heldout_p5``).
- ``diversity``: the mean pairwise feature distance of the samples, of the held-out pictures, and their ratio
  (about 1: as varied as real pictures; well below 1: mode collapse).
- ``groups``: how the feature network labels the samples and the held-out pictures (emoji groups).

Sample *i* is the studio's sample of seed ``seed + i`` (the noise the Image panel uses), decoded in batches.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, Generator

import numpy as np
import torch

from aigc_studio.core.assets.images import load_image, to_model_array
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.eval import stats
from aigc_studio.core.eval.common import (NO_TRAIN, SKIPPED, TOO_FEW_FID, TOO_FEW_KID, EvalError, check_stop,
                                          summary)
from aigc_studio.core.models.feature_net import FEATURE_NET_ID, FeatureNet, load_feature_net

DRAWING = "Drawing samples: {done}/{total}"
NEAR_COPY_RMS = 5.0           # 0-255 scale: below this a sample is a copy of a training picture to the eye
BATCH = 64


def load_pictures(files: list[Path], size: int, channels: int = 4,
                  should_stop: Callable[[], bool] | None = None) -> tuple[torch.Tensor | None, list[str]]:
    """(N, 4, size, size) in [-1, 1] (the image models' space; ``channels`` 3: composited on white, opaque) and
    the skipped files with the reason."""
    arrays, skipped = [], []
    for i, path in enumerate(files):
        if i % 64 == 0:
            check_stop(should_stop)
        try:
            arr = to_model_array(load_image(path), size)
        except (UserError, OSError) as e:
            skipped.append(f"{Path(path).name} ({e})")
            continue
        if channels == 3:      # composited on white as the RGB models see pictures, then opaque
            arr = np.concatenate([arr[:3] + (1 - arr[3:4]), np.ones_like(arr[3:4])])
        arrays.append(arr)
    if not arrays:
        return None, skipped
    return torch.from_numpy(np.stack(arrays)), skipped


def features(net: FeatureNet, x: torch.Tensor, device=None, should_stop=None) -> tuple[np.ndarray, np.ndarray]:
    """(features (N, d) float64, predicted class (N,)) of pictures ``x`` in [-1, 1]."""
    feats, preds = [], []
    with torch.inference_mode():
        for i in range(0, len(x), 128):
            check_stop(should_stop)
            f = net.features(x[i:i + 128].float().to(device or "cpu"))
            feats.append(f.double().cpu())
            preds.append(net.classify(f).argmax(1).cpu())
    return torch.cat(feats).numpy(), torch.cat(preds).numpy()


def label_pictures(x: torch.Tensor, device=None, feature_net_dir: Path | None = None,
                   net: FeatureNet | None = None) -> tuple[list[str], np.ndarray]:
    """The emoji group the feature network gives each picture of ``x`` ((N, C, H, W) in [-1, 1]) and the class
    probabilities (N, groups): the recognisability check of generated pictures (issue 10)."""
    if net is None:
        net, _ = load_feature_net(feature_net_dir, device)
    probs = []
    with torch.inference_mode():
        for i in range(0, len(x), 128):
            probs.append(torch.softmax(net(x[i:i + 128].float().to(device or "cpu")), dim=1).double().cpu())
    p = torch.cat(probs).numpy()
    names = list(net.config.class_names) or [str(i) for i in range(p.shape[1])]
    return [names[i] for i in p.argmax(1)], p


def generate_samples(model, n: int, seed: int, device=None,
                     should_stop: Callable[[], bool] | None = None) -> Generator[Any, None, torch.Tensor]:
    """``n`` samples (seeds ``seed``..``seed + n - 1``) of a GAN or VAE as (n, C, H, W) in [-1, 1] on the CPU."""
    out = []
    with torch.inference_mode():
        for i in range(0, n, BATCH):
            check_stop(should_stop)
            k = min(BATCH, n - i)
            z = torch.cat([model.noise(seed + i + j, 1) for j in range(k)]).to(device or "cpu")
            out.append(model.sample(z).float().cpu())
            yield Progress(i + k, n, DRAWING.format(done=i + k, total=n))
    x = torch.cat(out)
    if x.shape[1] == 3:               # RGB models: opaque
        x = torch.cat([x, torch.ones_like(x[:, :1])], 1)
    return x


def pixel_nearest(x: torch.Tensor, train: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """(RMS distance on a 0-255 scale, index) of each picture of ``x`` to its nearest in ``train``."""
    a = x.flatten(1).double()
    best = torch.full((len(a),), float("inf"), dtype=torch.float64)
    idx = torch.zeros(len(a), dtype=torch.long)
    aa = a.pow(2).sum(1, keepdim=True)
    for start in range(0, len(train), 512):          # float64 in blocks: a large training set never doubles whole
        b = train[start:start + 512].flatten(1).double()
        d2 = (aa - 2.0 * a @ b.T + b.pow(2).sum(1)).clamp_min(0)
        m, j = d2.min(1)
        better = m < best
        best = torch.where(better, m, best)
        idx = torch.where(better, j + start, idx)
    return (best / a.shape[1]).sqrt().numpy() * 127.5, idx.numpy()


def _counts(pred: np.ndarray, names: list[str]) -> dict[str, int]:
    c = Counter(int(p) for p in pred)
    return {names[i] if i < len(names) else str(i): c.get(i, 0) for i in range(len(names))}


def measure(samples: torch.Tensor, reference: torch.Tensor, train: torch.Tensor | None, net: FeatureNet,
            net_card: dict, device=None, should_stop: Callable[[], bool] | None = None) -> dict:
    """The figures of ``samples`` against the held-out ``reference`` pictures (and ``train``, for memorisation),
    all (N, C, H, W) in [-1, 1]."""
    notes: list[str] = []
    dim = net.config.embed_dim
    fs, ps = features(net, samples, device, should_stop)
    fr, pr = features(net, reference, device, should_stop)
    out: dict[str, Any] = {
        "kind": "image", "samples": int(len(samples)), "reference_images": int(len(reference)),
        "feature_space": {"network": net_card.get("id", FEATURE_NET_ID), "dimensions": dim,
                          "trained_on": "emoji (Noto Color Emoji): a rougher guide for other picture styles",
                          "heldout_accuracy": net_card.get("metrics", {}).get("heldout_accuracy")},
        "fid_minimum_images": stats.fid_minimum(dim)}
    n = min(len(fs), len(fr))
    if n >= stats.fid_minimum(dim):
        out["fid"] = round(stats.fid(fs, fr), 3)
    else:
        out["fid"] = None
        notes.append(TOO_FEW_FID.format(minimum=stats.fid_minimum(dim), dimensions=dim, count=n))
    if n >= 2:
        k, k_std, size = stats.kid(fs, fr)
        out.update({"kid": round(k, 5), "kid_std": round(k_std, 5), "kid_subset_size": size})
    else:
        out.update({"kid": None, "kid_std": None, "kid_subset_size": 0})
        notes.append(TOO_FEW_KID.format(count=n))
    check_stop(should_stop)
    if train is not None and len(train):
        d_pix, _ = pixel_nearest(samples, train)
        ft, _ = features(net, train, device, should_stop)
        d_feat, _ = stats.nearest(fs, ft)
        d_ref, _ = pixel_nearest(reference, train)
        mem = {"train_images": int(len(train)), "pixel_rms": summary(d_pix), "feature": summary(d_feat),
               "near_copy_rms": NEAR_COPY_RMS, "near_copies": int((d_pix < NEAR_COPY_RMS).sum()),
               "near_copy_fraction": round(float((d_pix < NEAR_COPY_RMS).mean()), 4),
               "heldout_pixel_rms": summary(d_ref),
               "closer_than_heldout_p5": int((d_pix < np.percentile(d_ref, 5)).sum())}
        out["memorisation"] = mem
        # the yardstick: as many real training pictures as samples, measured the same way (a perfect model's level)
        pick = np.random.default_rng(0).choice(len(ft), min(len(ft), len(fs)), replace=False)
        floor: dict[str, Any] = {"training_images": int(len(pick))}
        m = min(len(pick), len(fr))
        floor["fid"] = round(stats.fid(ft[pick], fr), 3) if m >= stats.fid_minimum(dim) else None
        floor["kid"] = round(stats.kid(ft[pick], fr)[0], 5) if m >= 2 else None
        out["real_data_yardstick"] = floor
    else:
        out["memorisation"] = None
    div_s, div_r = stats.mean_pairwise_distance(fs), stats.mean_pairwise_distance(fr)
    out["diversity"] = {"samples_mean_feature_distance": round(div_s, 3),
                        "reference_mean_feature_distance": round(div_r, 3),
                        "ratio": round(div_s / div_r, 3) if div_r > 0 else None}
    names = list(net.config.class_names)
    out["groups"] = {"samples": _counts(ps, names), "reference": _counts(pr, names)}
    out["notes"] = notes
    return out


def evaluate_images(model, card: dict, reference_files: list[Path], train_files: list[Path] | None = None,
                    samples: int = 256, seed: int = 0, device=None, should_stop: Callable[[], bool] | None = None,
                    feature_net_dir: Path | None = None) -> Generator[Any, None, dict]:
    """Evaluate a loaded GAN or VAE (``model``, its ``card``) against the held-out ``reference_files``;
    ``train_files`` (optional) for the memorisation check. A generator of Progress/Log; returns the figures."""
    if samples < 2:
        raise EvalError("At least 2 samples are needed to evaluate an image model.")
    net, net_card = load_feature_net(feature_net_dir, device)
    size = int(card.get("image_size") or card.get("config", {}).get("image_size", 64))
    channels = int(card.get("channels") or card.get("config", {}).get("channels", 4))   # RGB models: on white
    yield Progress(0, 0, "Reading the held-out pictures…")
    reference, skipped = load_pictures(reference_files, size, channels, should_stop)
    for s in skipped[:10]:
        yield Log(SKIPPED.format(what=s), "warning")
    if reference is None:
        raise EvalError("None of the held-out pictures could be read.")
    train = None
    if train_files:
        yield Progress(0, 0, "Reading the training pictures…")
        train, _ = load_pictures(train_files, size, channels, should_stop)
    x = yield from generate_samples(model, samples, seed, device, should_stop)
    yield Progress(0, 0, "Measuring FID, KID, memorisation and diversity…")
    figures = measure(x, reference, train, net, net_card, device, should_stop)
    if not train_files:
        figures["notes"].append(NO_TRAIN.format(why="no training data given"))
    figures["seed"] = seed
    return figures


__all__ = ["NEAR_COPY_RMS", "evaluate_images", "features", "generate_samples", "label_pictures", "load_pictures",
           "measure", "pixel_nearest"]
