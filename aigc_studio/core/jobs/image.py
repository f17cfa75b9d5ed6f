"""The "image" job: ``run(spec: ImageSpec, ctx)`` generates, varies, interpolates, encodes or judges images with a
GAN or a VAE (see :class:`aigc_studio.core.base.specs.ImageSpec` for the modes).

- Latents are drawn on the CPU from per-image generators (image *i* of a ``sample`` job from ``seed + i``, wrapping
  past ``SEED_MAX`` to 0), so the same spec gives the same latents on every device and the same pixels on the same
  device.
- Images are decoded one by one (see ``_decode``) and yielded in small batches; each batch is yielded as an
  ``ImagePreview`` (uint8 straight RGBA, (n, H, W, 4)) as soon as it is ready — the first after ``FIRST_BATCH``
  images, so the canvas shows something at once. ``ctx.cancelled`` is checked between batches: a cancelled job
  returns what it made so far.
- The result's ``data["items"]`` holds one entry per image: ``spec`` (the dict of an ImageSpec that reproduces
  exactly this image alone: ``sample`` with ``count=1, seed=seed+i``, or ``latent`` with its latent), ``latent``
  (the list of floats, for variations and interpolation), ``score`` (the discriminator's, for ``best_of``) and
  ``label``; also ``model``, ``architecture``, ``image_size``, ``device`` and ``stopped`` ("done" | "cancelled").
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Generator

import numpy as np
import torch

from aigc_studio.core.assets.images import from_model_array, load_image, to_model_array
from aigc_studio.core.base.categories import category_index, category_keys
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import ImagePreview, Log, Progress, Result
from aigc_studio.core.base.safe_read import ReadCancelled, call_with_deadline
from aigc_studio.core.base.specs import SEED_MAX, ImageSpec, spec_to_dict
from aigc_studio.core.jobs.damaged import check_output, check_weights
from aigc_studio.core.models.latent_prior import choose_prior

FIRST_BATCH = 4        # images in the first preview (the canvas shows something within a few ms)
BATCH = 16             # images per later preview
SCORE_BATCH = 64       # best of N: images scored per discriminator pass


def _seed(seed: int, i: int) -> int:
    """The seed of image *i*: ``seed + i``, wrapping past SEED_MAX to 0 (as the panels' seed modes do), so the spec
    that reproduces an image alone is always a valid spec."""
    return (seed + i) % (SEED_MAX + 1)


def _slerp(a, b, t: float):
    """Spherical interpolation between two Gaussian latents (keeps their norm typical; linear would shrink it)."""
    na, nb = a / a.norm(), b / b.norm()
    omega = torch.arccos((na * nb).sum().clamp(-1 + 1e-7, 1 - 1e-7))
    so = torch.sin(omega)
    if so.abs() < 1e-6:
        return (1 - t) * a + t * b
    return (torch.sin((1 - t) * omega) / so) * a + (torch.sin(t * omega) / so) * b


def _latent_tensor(values: Any, dim: int, what: str = "The stored latent"):
    try:
        t = torch.tensor([float(x) for x in values], dtype=torch.float32)
    except (TypeError, ValueError):     # a list of lists (or of text) restored from a damaged file
        raise UserError(f"{what} is damaged: it is not a list of numbers. Generate new images.") from None
    if t.numel() != dim:
        raise UserError(f"{what} has {t.numel()} numbers but this model's latent has {dim}: it was made with "
                        "another model. Choose that model, or generate new images.")
    return t


def _latents_and_specs(spec: ImageSpec, model, arch: str, picture: Any = None, prior: Any = None
                       ) -> tuple[Any, list[ImageSpec], list[str]]:
    """The latents to decode (n, dim), the per-image specs and labels, for every mode but best_of. ``prior``: a
    VAE's fitted latent prior (core/models/latent_prior.py) new samples come from; None: N(0, I)."""
    dim = model.latent_dim
    one = dataclasses.replace(spec, count=1, source="", latents=())

    def as_latent_specs(zs):
        return [dataclasses.replace(one, mode="latent", seed=spec.seed,
                                    latents=(tuple(float(x) for x in z.tolist()),)) for z in zs]

    if spec.mode == "sample":
        seeds = [_seed(spec.seed, i) for i in range(spec.count)]
        if prior is not None:              # image i: the mixture's draw from seed + i (truncation: nearer its mean)
            zs = prior.sample_many(seeds, spec.truncation)
            return zs, [dataclasses.replace(one, seed=s) for s in seeds], [f"seed {s}" for s in seeds]
        zs = torch.cat([model.noise(s, 1) for s in seeds])
        if arch == "image_vae":
            zs = zs * spec.truncation      # a VAE's truncation: new samples nearer the mean image (GAN: in w)
        return zs, [dataclasses.replace(one, seed=s) for s in seeds], [f"seed {s}" for s in seeds]
    if spec.mode == "variations":
        base = _latent_tensor(spec.latents[0], dim)
        zs = torch.stack([base + spec.strength * model.noise(spec.seed + j, 1)[0] for j in range(spec.count)])
        return zs, as_latent_specs(zs), [f"variation {j + 1}" for j in range(spec.count)]
    if spec.mode == "interpolate":
        a, b = _latent_tensor(spec.latents[0], dim), _latent_tensor(spec.latents[1], dim)
        ts = [i / (spec.frames - 1) for i in range(spec.frames)]
        zs = torch.stack([_slerp(a, b, t) for t in ts])
        return zs, as_latent_specs(zs), [f"frame {i + 1}/{spec.frames}" for i in range(spec.frames)]
    if spec.mode == "latent":
        zs = torch.stack([_latent_tensor(v, dim) for v in spec.latents])
        return zs, [dataclasses.replace(one, latents=(tuple(v),)) for v in spec.latents], \
            ["" for _ in spec.latents]
    if spec.mode == "encode":
        if arch != "image_vae":
            raise UserError("Turning a picture into an emoji needs a VAE model (for example emoji-vae): a GAN "
                            "cannot encode images. Choose a VAE in the model list and drop the picture again.")

        if picture is None:
            picture = load_image(Path(spec.source))
        arr = to_model_array(picture, model.config.image_size)
        x = torch.from_numpy(arr).unsqueeze(0)
        if model.config.channels == 3:   # composited on white, as the trainer shows RGB models their data
            x = x[:, :3] + (1 - x[:, 3:4])
        mu, _ = model.encode(x.to(model.pca_mean.device))
        base = mu[0].float().cpu()
        zs = torch.stack([base] + [base + spec.strength * model.noise(spec.seed + j, 1)[0]
                                   for j in range(spec.count - 1)])
        return zs, as_latent_specs(zs), ["reconstruction"] + [f"variation {j + 1}" for j in range(spec.count - 1)]
    raise UserError(f"Unknown image mode '{spec.mode}'.")


def category_label(spec: ImageSpec, card: dict, name: str) -> int | None:
    """The class index a class-conditional GAN draws ``spec.category`` with (core/base/categories.py); None for
    "any" (each image's class from its own noise, as before). A category the model does not have is a UserError."""
    names = card.get("categories") if card.get("architecture") == "gan" else None
    names = [str(n) for n in names] if isinstance(names, list) else []
    idx = category_index(spec.category, names)
    if idx is None:
        return None
    if not names:
        raise UserError(f"“{name}” draws no categories: choose the category “any”, or a model drawn by "
                        "category (for example emoji-cgan).")
    if idx < 0:
        raise UserError(f"“{name}” has no category “{spec.category}”: choose one of any, "
                        f"{', '.join(category_keys(names))}.")
    return idx


def _decode(model, zs, spec: ImageSpec, model_id: str = "", label: int | None = None):
    """uint8 (n, H, W, 4) straight RGBA. Each image is decoded on its own: convolution kernels pick their blocking
    by batch size, so the same latent decoded in a batch of 16 and alone can differ in the last float bit and,
    rarely, in a pixel. One at a time, an image's own spec reproduces it exactly wherever it was made. ``label``:
    a conditional GAN's class (None: the model's default)."""

    if label is None:
        x = torch.cat([model.sample(z.unsqueeze(0), spec.truncation, spec.directions) for z in zs])
    else:
        x = torch.cat([model.sample(z.unsqueeze(0), spec.truncation, spec.directions, labels=label) for z in zs])
    check_output(x, model_id or spec.model, "an image")      # a blank image saved with exit 0 is worse
    x = x.float().cpu().numpy()
    if x.shape[1] == 3:
        x = np.concatenate([x, np.ones_like(x[:, :1])], 1)
    return from_model_array(x)


def run(spec: ImageSpec, ctx) -> Generator[Any, None, Result]:
    spec.validate()
    loaded = ctx.models.get(spec.model, ctx.device)
    model, info = loaded.model, loaded.info
    check_weights(model, info.id)
    arch = info.card.get("architecture")
    if arch not in ("gan", "image_vae"):
        raise UserError(f"“{info.name}” is not an image model: choose one of the image models.")
    if spec.mode == "best_of" and arch != "gan":
        raise UserError("Best of N scores images with a GAN's discriminator: choose a GAN model (for example "
                        "emoji-gan).")
    label = category_label(spec, info.card, info.name)
    items: list[dict] = []
    stopped = "done"
    with torch.inference_mode():
        if spec.mode == "best_of":
            if not (yield from _best_of(spec, model, ctx, items, label)):
                stopped = "cancelled"
        else:
            picture = None
            if spec.mode == "encode" and arch == "image_vae":
                # read on a helper thread: Cancel stops the wait at once and a read never hangs the engine
                try:
                    picture = call_with_deadline(lambda: load_image(Path(spec.source)), lambda: ctx.cancelled,
                                                 what=f"“{Path(spec.source).name}”")
                except ReadCancelled:
                    return Result(data={"items": [], "model": info.id, "architecture": arch,
                                        "image_size": int(model.config.image_size), "stopped": "cancelled",
                                        "device": str(ctx.device)})
            prior = None
            if arch == "image_vae" and spec.mode == "sample":
                prior, note = choose_prior(spec.prior, info.path, model.latent_dim)
                if note:
                    yield Log(note, level="warning")
            zs, specs, labels = _latents_and_specs(spec, model, arch, picture, prior)
            n = len(zs)
            done = 0
            while done < n:
                if ctx.cancelled:
                    yield Log(f"Stopped after {done} of {n} images.")
                    stopped = "cancelled"
                    break
                size = FIRST_BATCH if done == 0 else BATCH
                chunk = zs[done:done + size]
                images = _decode(model, chunk, spec, info.id, label)
                for k in range(len(chunk)):
                    items.append({"spec": spec_to_dict(specs[done + k]), "score": None, "label": labels[done + k],
                                  "latent": [float(x) for x in chunk[k].tolist()]})
                yield ImagePreview(images, done)
                done += len(chunk)
                yield Progress(done, n, f"{done}/{n} images")
    return Result(data={"items": items, "model": info.id, "architecture": arch,
                        "image_size": int(model.config.image_size),
                        "stopped": stopped, "device": str(ctx.device)})


def _best_of(spec: ImageSpec, model, ctx, items: list, label: int | None = None) -> Generator[Any, None, bool]:
    """Draw ``best_of`` samples (seeds ``seed + i``), score each with the discriminator, keep the ``count`` best
    (highest score first) and yield them as one preview. Returns False when cancelled before all were judged."""
    scored: list[tuple[float, int]] = []
    n = spec.best_of
    complete = True
    for start in range(0, n, SCORE_BATCH):
        if ctx.cancelled:
            yield Log(f"Stopped after judging {start} of {n} images; keeping the best of those.")
            complete = False
            break
        seeds = [_seed(spec.seed, i) for i in range(start, min(n, start + SCORE_BATCH))]
        zs = torch.cat([model.noise(s, 1) for s in seeds])
        if label is None:
            x = model.sample(zs, spec.truncation, spec.directions)
            check_output(x, spec.model, "an image")
            scores = model.score(x).float().cpu().tolist()    # each image judged on its own (GAN.score)
        else:                                                 # drawn and judged as the category asked
            x = model.sample(zs, spec.truncation, spec.directions, labels=label)
            check_output(x, spec.model, "an image")
            scores = model.score(x, labels=label).float().cpu().tolist()
        scored += list(zip(scores, seeds))
        yield Progress(len(scored), n, f"judged {len(scored)}/{n}")
    if not scored:
        return complete
    scored.sort(key=lambda t: (-t[0], t[1]))
    keep = scored[:spec.count]
    zs = torch.cat([model.noise(s, 1) for _, s in keep])
    images = _decode(model, zs, spec, label=label)     # alone, as each image's own spec will decode it
    one = dataclasses.replace(spec, mode="sample", count=1, latents=(), source="")
    for (score, seed), z in zip(keep, zs):
        items.append({"spec": spec_to_dict(dataclasses.replace(one, seed=seed)), "score": round(score, 4),
                      "label": f"score {score:.2f}", "latent": [float(x) for x in z.tolist()]})
    yield ImagePreview(images, 0)
    return complete
