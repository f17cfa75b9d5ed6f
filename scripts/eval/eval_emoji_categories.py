#!/usr/bin/env python3
"""Evaluate an emoji GAN drawn by category (issue 10): does it draw the category asked for, and how close are its
pictures to real emoji? Also gives the same figures for an unconditional GAN (the "before").

    python scripts/eval/eval_emoji_categories.py                                  # emoji-cgan (shipped folder)
    python scripts/eval/eval_emoji_categories.py --model /work/notes/runs/emoji-cgan.model
    python scripts/eval/eval_emoji_categories.py --run /work/notes/runs/emoji-cgan      # peek at a checkpoint
    python scripts/eval/eval_emoji_categories.py --model emoji-gan                # the unconditional "before"
    ... [--per-category 64] [--truncation 1.0] [--sheets docs/images] [--write] [--json out.json]

- **Category agreement**: for each of the model's categories, ``--per-category`` samples (seeds 0..n-1) drawn as
  that category; the studio's emoji classifier (aigc_studio/resources/eval/emoji-classifier: the feature
  network's CNN trained on two emoji styles, Noto and EmojiOne, recipes/emoji-classifier.json; its held-out
  accuracy on emoji it never saw is printed beside, the ceiling of what this check can show) labels each sample
  with an emoji group; agreement = samples labelled with the group asked for, i.e. "recognisable as an emoji of
  its category" (the issue's 48 of 64 per category = 0.75). Reported overall and per category, and the same
  classifier's agreement with the true group of the real held-out emoji (data/emoji/heldout + labels.json) as
  the yardstick. ``--classifier`` picks another network (the feature network itself: the figures of before).
- **Diversity within each category**: the mean pairwise distance of a category's samples in the feature
  network's space over that of the real training emoji of the group (1 = as varied as they are). A generator
  that draws one picture per category would pass the agreement check; this figure shows it. The same ratio of
  mean pairwise pixel distances (premultiplied RGBA) beside it: the feature space, trained to name the groups,
  sees less of a category's drawings collapsing into one colour and shape than the pixels do.
- **The yardstick per category**: how often the classifier names the group of real emoji of it: those it
  never saw (its card's held-out accuracy per group) and the generator's own training emoji (what a generator
  that copied them perfectly would score). A category the classifier itself rarely recognises on real emoji
  (Activities: 25 % of its held-out ones) cannot show a high agreement without copying the training pictures.
- **Recognisable**: samples whose top class probability is at least 0.5 (the classifier is sure they are an emoji
  of some group) — the figure that also applies to an unconditional model.
- **FID / KID** against the held-out emoji in the feature network's 64-dimensional space
  (core/eval/images.py ``measure``; the feature network, not the classifier: also memorisation against the
  training emoji, diversity and the real-data yardstick), on ``--fid-samples`` samples whose categories follow the training labels' frequencies
  (unconditional model: its own samples, seeds 0..).
- **Contact sheets**: ``<sheets>/<id>-<category>.png``: 64 samples of each category in an 8x8 grid, and
  ``<sheets>/<id>-categories.png``: 8 samples per category, one row each (``<id>-eval-samples.png``, seeds
  0..63, for an unconditional model).
- ``--best-of N``: what the Image panel's "Keep the best of N" gives: for each category, ``per-category x N``
  samples are drawn and scored by the GAN's discriminator as that category, and the best ``per-category`` kept
  (the FID/KID samples too).
``--write`` puts the figures into the model folder's card.json (``evaluation_categories``) and re-renders README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from aigc_studio.core.base.categories import category_keys  # noqa: E402
from aigc_studio.core.eval.images import features, label_pictures, load_pictures, measure  # noqa: E402
from aigc_studio.core.eval.stats import mean_pairwise_distance  # noqa: E402
from aigc_studio.core.models.feature_net import load_feature_net  # noqa: E402
from aigc_studio.core.training.image import image_grid, to_uint8  # noqa: E402

SURE = 0.5


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_model(a):
    """(model, card, folder or None)."""
    if a.run:
        from safetensors.torch import load_file

        from aigc_studio.core.models.checkpoint import load_weights_into
        from aigc_studio.core.models.gan import GAN, GANConfig, fit_pca, recalibrate_batchnorm
        run = Path(a.run)
        info = json.loads((run / "run.json").read_text(encoding="utf-8"))
        cfg = GANConfig.from_dict(info["config"])
        model = GAN(cfg)
        ck = run / "checkpoint"
        load_weights_into(model.G, load_file(str(ck / "G_ema.safetensors")), "the checkpoint")
        load_weights_into(model.D, load_file(str(ck / "D.safetensors")), "the checkpoint")
        state = json.loads((ck / "state.json").read_text(encoding="utf-8"))
        seed = int(info.get("train", {}).get("seed", 1234))
        recalibrate_batchnorm(model.G, seed=seed)          # as the trainer's finish does
        fit_pca(model.G, seed=seed)
        labels = ROOT / "data" / "emoji" / "train" / "labels.json"
        cats = json.loads(labels.read_text(encoding="utf-8"))["classes"] if cfg.n_classes else []
        print(f"checkpoint at step {state['step']} ({state['seconds']:.0f} s of training)")
        return model.eval(), {"id": run.name, "architecture": "gan", "categories": cats,
                              "checkpoint_step": state["step"]}, None
    from aigc_studio.core.models.checkpoint import load_model_folder
    folder = Path(a.model)
    if not folder.exists():
        folder = ROOT / "aigc_studio" / "resources" / "models" / a.model
    model, _, card = load_model_folder(folder)
    return model.eval(), card, folder


def draw(model, seeds, labels, truncation: float) -> torch.Tensor:
    """Samples one by one (as the image job decodes them), (n, 4, H, W) in [-1, 1]."""
    out = []
    with torch.inference_mode():
        for s, c in zip(seeds, labels):
            z = model.noise(int(s), 1)
            if c is None:
                out.append(model.sample(z, truncation).float())
            else:
                out.append(model.sample(z, truncation, (), labels=int(c)).float())
    return torch.cat(out)


def draw_best(model, seeds, labels, truncation: float, keep: int) -> torch.Tensor:
    """The ``keep`` samples of ``seeds`` that the discriminator scores highest (each judged as its own label, as
    the image job's Best of N does), best first; ties by seed."""
    x = draw(model, seeds, labels, truncation)
    with torch.inference_mode():
        scores = torch.cat([model.score(x[i:i + 1], labels=None if c is None else int(c)).float().reshape(1)
                            for i, c in enumerate(labels)])
    order = sorted(range(len(x)), key=lambda i: (-float(scores[i]), i))[:keep]
    return x[order]


def sheet(x: torch.Tensor, path: Path, columns: int = 8) -> None:
    from PIL import Image
    grid = image_grid(to_uint8(x), columns)
    path.parent.mkdir(parents=True, exist_ok=True)
    import io
    buf = io.BytesIO()
    Image.fromarray(grid, "RGBA").save(buf, format="PNG")
    _write_atomic(path, buf.getvalue())


def category_diversity(samples: np.ndarray, real: np.ndarray | None) -> float | None:
    """How varied a category's samples are: their mean pairwise distance in the feature space over that of the
    real training emoji of the category (1 = as varied as the real ones; a generator drawing one picture per
    category, which a category check alone would reward, scores near 0)."""
    if real is None or len(real) < 2:
        return None
    d = mean_pairwise_distance(real)
    return round(mean_pairwise_distance(samples) / d, 3) if d > 0 else None


def yardstick(name: str, train_pred: np.ndarray, real_c: np.ndarray | None, heldout: dict) -> dict:
    """How often the classifier names the group ``name`` for real emoji of it: those it never saw (``heldout``,
    its card's accuracy per group) and the generator's training emoji (``train_pred`` where ``real_c``) -- what
    a generator copying its training pictures perfectly would score."""
    n = int(real_c.sum()) if real_c is not None else 0
    return {"real_heldout_agreement": heldout.get(name),
            "real_training_agreement": round(float(np.mean(train_pred[real_c] == name)), 4) if n else None,
            "real_training_images": n}


def heldout_with_labels(emoji: Path, size: int):
    folder = emoji / "heldout"
    doc = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    names = sorted(doc["labels"])
    x, skipped = load_pictures([folder / n for n in names], size)
    if skipped:
        raise SystemExit(f"unreadable held-out emoji: {skipped[:3]}")
    return x, np.array([doc["labels"][n] for n in names]), list(doc["classes"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="emoji-cgan", help="model id or folder (default emoji-cgan)")
    ap.add_argument("--run", type=Path, help="a training run folder: evaluate its latest checkpoint")
    ap.add_argument("--emoji", type=Path, default=ROOT / "data" / "emoji")
    ap.add_argument("--per-category", type=int, default=64)
    ap.add_argument("--fid-samples", type=int, default=512)
    ap.add_argument("--truncation", type=float, default=1.0)
    ap.add_argument("--best-of", type=int, default=1, help="keep the best per-category of N x as many (default 1: "
                                                               "plain samples)")
    ap.add_argument("--sheets", type=Path, default=ROOT / "docs" / "images")
    ap.add_argument("--no-sheets", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--write", action="store_true", help="write the figures into the model folder's card")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--classifier", type=Path, default=ROOT / "aigc_studio" / "resources" / "eval" / "emoji-classifier",
                    help="the network that labels samples (default: the shipped emoji classifier)")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    model, card, folder = load_model(a)
    mid = str(card.get("id", "model"))
    size = int(model.config.image_size)
    fnet, fnet_card = load_feature_net()                     # FID/KID space
    net, net_card = load_feature_net(a.classifier)           # labels
    net_names = list(net.config.class_names)
    n_classes = int(getattr(model.config, "n_classes", 0) or 0)
    cats = [str(c) for c in (card.get("categories") or [])]
    out: dict = {"model": mid, "truncation": a.truncation, "best_of": a.best_of, "classifier": net_card.get("id"),
                 "classifier_heldout_accuracy": net_card.get("metrics", {}).get("heldout_accuracy"),
                 "feature_space": fnet_card.get("id"), "sure_threshold": SURE}
    if card.get("checkpoint_step") is not None:
        out["checkpoint_step"] = card["checkpoint_step"]

    # the yardstick: the classifier on the real held-out emoji with their true groups
    ref, ref_y, ref_classes = heldout_with_labels(a.emoji, size)
    ref_pred, ref_p = label_pictures(ref, net=net)
    ref_true = [ref_classes[i] for i in ref_y]
    out["real_heldout_agreement"] = round(float(np.mean([p == t for p, t in zip(ref_pred, ref_true)])), 4)
    out["real_heldout_recognisable"] = round(float((ref_p.max(1) >= SURE).mean()), 4)
    out["real_heldout_images"] = int(len(ref))

    # the training emoji (features in the FID space; their groups, for the diversity within each category)
    train_files = sorted(p for p in (a.emoji / "train").iterdir() if p.suffix == ".png")
    train_x, _ = load_pictures(train_files, size)
    tl = json.loads((a.emoji / "train" / "labels.json").read_text(encoding="utf-8"))
    train_feat = features(fnet, train_x)[0]
    train_group = np.array([tl["labels"].get(f.name, -1) for f in train_files])
    # the classifier on the real training emoji: the yardstick per category (see yardstick())
    train_pred = np.array(label_pictures(train_x, net=net)[0])
    per_group_heldout = (net_card.get("metrics") or {}).get("heldout_accuracy_per_group") or {}

    per = a.per_category
    tag = (f"-t{a.truncation:g}" if a.truncation != 1.0 else "") + (f"-best{a.best_of}" if a.best_of > 1 else "")
    keys = category_keys(cats)
    if n_classes:
        per_cat, all_x, rows = {}, [], []
        agree_total = sure_total = 0
        for c, (key, name) in enumerate(zip(keys, cats)):
            if a.best_of > 1:
                x = draw_best(model, range(per * a.best_of), [c] * (per * a.best_of), a.truncation, per)
            else:
                x = draw(model, range(per), [c] * per, a.truncation)
            pred, p = label_pictures(x, net=net)
            target = name if name in net_names else None
            agree = sum(1 for q in pred if q == target)
            sure = int((p.max(1) >= SURE).sum())
            real_c = train_group == tl["classes"].index(name) if name in tl["classes"] else None
            div = category_diversity(features(fnet, x)[0], None if real_c is None else train_feat[real_c])
            pix = category_diversity(x.flatten(1).double().numpy(),
                                     None if real_c is None else train_x[real_c].flatten(1).double().numpy())
            per_cat[key] = {"asked": name, "agreement": round(agree / per, 4), "recognisable": round(sure / per, 4),
                            "diversity_ratio": div, "pixel_diversity_ratio": pix,
                            "labelled_as": {n: pred.count(n) for n in net_names if pred.count(n)},
                            **yardstick(name, train_pred, real_c, per_group_heldout)}
            agree_total += agree
            sure_total += sure
            all_x.append(x)
            rows.append(x[:8])
            if not a.no_sheets:
                sheet(x[:64], a.sheets / f"{mid}-{key}{tag}.png")
            print(f"{key:11s} agreement {agree / per:.3f}  recognisable {sure / per:.3f}  diversity {div} (pixels {pix})",
                  flush=True)
        out["per_category"] = per_cat
        out["category_agreement"] = round(agree_total / (per * n_classes), 4)
        out["recognisable"] = round(sure_total / (per * n_classes), 4)
        divs = [v["diversity_ratio"] for v in per_cat.values() if v["diversity_ratio"] is not None]
        out["category_diversity_ratio"] = round(float(np.mean(divs)), 3) if divs else None
        out["category_diversity_min"] = round(float(np.min(divs)), 3) if divs else None
        pixs = [v["pixel_diversity_ratio"] for v in per_cat.values() if v["pixel_diversity_ratio"] is not None]
        out["category_pixel_diversity_ratio"] = round(float(np.mean(pixs)), 3) if pixs else None
        out["category_pixel_diversity_min"] = round(float(np.min(pixs)), 3) if pixs else None
        out["samples_per_category"] = per
        if not a.no_sheets:
            sheet(torch.cat(rows), a.sheets / f"{mid}-categories{tag}.png")
        # FID/KID samples with the training labels' frequencies
        train_y = [v for _, v in sorted(tl["labels"].items())]
        n = a.fid_samples
        fid_labels = [train_y[(i * len(train_y)) // n] for i in range(n)]
        if a.best_of > 1:       # the best of N per label, as a user keeping the best of each category would
            fx = torch.cat([draw_best(model, range(10_000 + i * a.best_of, 10_000 + (i + 1) * a.best_of),
                                      [lab] * a.best_of, a.truncation, 1) for i, lab in enumerate(fid_labels)])
        else:
            fx = draw(model, range(10_000, 10_000 + n), fid_labels, a.truncation)
    else:
        n = max(a.fid_samples, 64)
        fx = draw(model, range(n), [None] * n, a.truncation)
        pred, p = label_pictures(fx[:max(64, per)], net=net)
        out["recognisable"] = round(float((p.max(1) >= SURE).mean()), 4)
        out["labelled_as"] = {k: pred.count(k) for k in net_names if pred.count(k)}
        if not a.no_sheets:
            sheet(fx[:64], a.sheets / f"{mid}-eval-samples{tag}.png")     # not the card's own -samples.png
    m = measure(fx, ref, train_x, fnet, fnet_card)
    out["fid"], out["kid"], out["kid_std"] = m.get("fid"), m.get("kid"), m.get("kid_std")
    out["fid_samples"] = int(len(fx))
    out["real_data_yardstick"] = m.get("real_data_yardstick")
    out["memorisation_near_copies"] = (m.get("memorisation") or {}).get("near_copies")
    out["diversity_ratio"] = (m.get("diversity") or {}).get("ratio")
    out["eval_seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(out, ensure_ascii=False, indent=1)
    print(text)
    if a.json:
        _write_atomic(a.json, text.encode("utf-8"))
    if a.write:
        if folder is None:
            raise SystemExit("--write needs a model folder (--model), not a run checkpoint")
        from aigc_studio.core.models.checkpoint import CARD_FILE, README_FILE
        from aigc_studio.core.models.eval_readme import splice
        from aigc_studio.core.models.readme import render_readme
        full = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
        full["evaluation_categories" + tag.replace("-", "_")] = out
        _write_atomic(folder / CARD_FILE, json.dumps(full, ensure_ascii=False, indent=2).encode("utf-8"))
        readme = folder / README_FILE         # the rest of the README (samples, notes) stays as it is
        text = splice(readme.read_text(encoding="utf-8"), full) if readme.is_file() else render_readme(full, [])
        _write_atomic(readme, text.encode("utf-8"))
        print(f"wrote {folder / CARD_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
