"""The audio job: sounds from an audio VAE (``core/models/audio_vae.py``), streamed chunk by chunk.

``run(spec: AudioSpec, ctx)`` yields ``AudioChunk`` (float32 numpy (1, n) pieces of sound ``index``, the first one
a few milliseconds of compute after the model is loaded), ``Progress`` and ``Log``; it returns a ``Result`` whose
``data`` is::

    {"sample_rate": int, "model": id, "device": str, "stopped": "done" | "cancelled", "first_chunk_ms": float,
     "items": [{"spec": <spec dict that makes exactly this sound alone>, "latent": [latent_dim floats],
                "seconds": float, "peak": float, "pitch_hz": float | None}, ...]}

A latent (``AudioSpec.latents`` entries and ``items[i]["latent"]``) is one flat list of the model's
``latent_dim`` numbers per sound: the VAE has one latent vector per sound (see the model's docstring).
``items[i]["latent"]`` is the latent decoded, the sliders (``directions``) included; the per-sound spec keeps
the sliders apart: ``sample``/``variations`` sounds are ``count=1, seed=seed + i`` of the same mode, sounds of
an explicit latent (``interpolate``, ``latent``, ``encode``'s first) are mode ``latent`` with the latent before
the sliders and the same ``directions``.

Modes: ``sample`` draws ``count`` sounds from the model's latent distribution, sound *i* from its own generator
seeded ``seed + i`` (so it is ``AudioSpec(count=1, seed=seed + i)``), the noise scaled by ``temperature``;
``variations``: ``count`` sounds around ``latents[0]``, sound *i* displaced by ``strength`` x noise from seed
``seed + i`` in the units of the principal directions; ``interpolate``: ``frames`` sounds from ``latents[0]`` to
``latents[1]``; ``latent``: the sounds of ``latents`` as they are; ``encode``: the sound file ``source`` (its
first clip from the onset, peak-normalised) encoded and decoded, then ``count - 1`` variations of it.
``directions`` (slider amounts, in standard deviations along the principal directions) move every latent last.
Each sound is decoded on its own, so a sound never depends on the others in the job; same spec on the same
device gives the same samples. ``ctx.cancelled`` is checked at every chunk; a cancelled job returns the sounds
finished so far.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Generator

import numpy as np
import torch

from aigc_studio.core.assets.audio_features import estimate_pitch, prepare_sound
from aigc_studio.core.assets.audio_io import load_audio
from aigc_studio.core.base.errors import ModelError, UserError
from aigc_studio.core.base.events import AudioChunk, Event, Log, Progress, Result
from aigc_studio.core.base.safe_read import ReadCancelled, call_with_deadline
from aigc_studio.core.base.specs import AudioSpec, spec_to_dict
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.damaged import check_output, check_weights
from aigc_studio.core.models.latent_prior import choose_prior

FIRST_FRAMES = 4           # the first chunk: 4 latent frames (64 ms at 16 kHz)
CHUNK_FRAMES = 32          # then half a second at a time


def _flat(latent) -> list[float]:
    out: list[float] = []
    stack = [latent]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(reversed(v))
        else:
            out.append(float(v))
    return out


def _latent_tensor(model, latent, model_id: str):
    flat = _flat(latent)
    dim = model.config.latent_dim
    if len(flat) != dim:
        raise UserError(f"A stored sound latent has {len(flat)} numbers but {model_id} uses {dim}: the sound was "
                        "made with another model. Choose that model, or make new sounds first.")
    return torch.tensor(flat, dtype=torch.float32)


def _noise(model, seed: int):
    """The standard normal noise [1, k] of sound seed ``seed`` (one CPU generator per sound)."""
    return torch.randn(1, model.pca_std.shape[0], generator=torch.Generator().manual_seed(int(seed)))


def _displace(model, z, noise, strength: float):
    """``z`` moved by ``strength`` x ``noise`` in the units of the principal directions (one std each)."""
    return z + (noise[0] * float(strength) * model.pca_std.cpu()) @ model.pca_components.cpu()


def encode_file(model, path: str, cancelled=None):
    """The posterior mean [latent_dim] of the first clip (from the onset, peak-normalised) of a sound file. The
    file is read on a helper thread (:func:`call_with_deadline`): ``cancelled()`` stops the wait at once
    (:class:`ReadCancelled`) and a read that hangs ends the job with a message."""

    cfg = model.config
    x = call_with_deadline(lambda: load_audio(path, cfg.sample_rate,
                                              max_seconds=cfg.clip_samples / cfg.sample_rate + 5.0),
                           cancelled, what=f"“{Path(str(path)).name}”")
    x = prepare_sound(x, cfg.clip_samples)[:cfg.clip_samples]
    dev = model.pca_mean.device
    mu, _ = model.encode(torch.from_numpy(x)[None].to(dev))
    return mu[0].float().cpu()


def plan(model, spec: AudioSpec, model_id: str, cancelled=None, prior=None) -> list[tuple]:
    """[(latent [latent_dim] before the sliders, per-sound spec)] of every sound the job makes. ``prior``: the
    model's fitted latent prior (core/models/latent_prior.py) new sounds come from; None: the PCA Gaussian."""

    one = dataclasses.replace
    if spec.mode == "sample":
        out = []
        for i in range(spec.count):
            if prior is not None:          # sound i: the mixture's draw from seed + i, noise x temperature
                z = prior.sample(spec.seed + i, spec.temperature)
            else:
                z = model.sample_latent(noise=_noise(model, spec.seed + i), temperature=spec.temperature)[0].cpu()
            out.append((z, one(spec, count=1, seed=spec.seed + i)))
        return out
    if spec.mode == "variations":
        base = _latent_tensor(model, spec.latents[0], model_id)
        return [(_displace(model, base, _noise(model, spec.seed + i), spec.strength),
                 one(spec, count=1, seed=spec.seed + i, latents=(spec.latents[0],))) for i in range(spec.count)]
    if spec.mode == "interpolate":
        a, b = (_latent_tensor(model, v, model_id) for v in spec.latents[:2])
        ts = torch.linspace(0.0, 1.0, spec.frames)
        return [(a + float(t) * (b - a), None) for t in ts]
    if spec.mode == "latent":
        return [(_latent_tensor(model, v, model_id), None) for v in spec.latents]
    # encode: the file's own sound, then variations of it (sound j: noise from seed + j, as the variations mode)
    mu = encode_file(model, spec.source, cancelled)
    out = [(mu, None)]
    for j in range(1, spec.count):
        out.append((_displace(model, mu, _noise(model, spec.seed + j), spec.strength),
                    one(spec, mode="variations", count=1, seed=spec.seed + j, latents=(mu.tolist(),), source="")))
    return out


LIMIT_KNEE = 0.9


def soft_limit(x):
    """Samples above the knee (-0.9 dBFS) are bent smoothly towards full scale and never reach it: a model's
    occasional overshoot would otherwise clip when saved as PCM. Sample by sample, so streaming is unchanged,
    and the identity below the knee (almost every sample)."""
    a = np.abs(x)
    over = a > LIMIT_KNEE
    if not over.any():
        return x
    head = 1.0 - LIMIT_KNEE
    bent = LIMIT_KNEE + head * np.tanh((a - LIMIT_KNEE) / head) * 0.999
    return np.where(over, np.sign(x) * bent, x).astype(np.float32)


def run(spec: AudioSpec, ctx: JobContext) -> Generator[Event, None, Result]:
    spec.validate()
    base = {"sample_rate": 0, "items": [], "model": spec.model, "device": str(ctx.device), "stopped": "cancelled",
            "first_chunk_ms": 0.0}
    if ctx.cancelled:
        return Result(data=base)
    t_click = time.perf_counter()
    yield Progress(0, 0, "Loading the model")
    loaded = ctx.models.get(spec.model, ctx.device)
    if loaded.info.kind != "audio" or not hasattr(loaded.model, "decode_chunks"):
        raise ModelError(f"{loaded.info.id} is a {loaded.info.kind} model, not an audio model: choose an audio "
                         "model.")
    if ctx.cancelled:
        return Result(data={**base, "model": loaded.info.id})



    model = loaded.model
    check_weights(model, loaded.info.id)
    sr = int(model.sample_rate)
    n_samples = max(1, int(round(spec.seconds * sr)))
    items: list[dict] = []
    data = {**base, "sample_rate": sr, "model": loaded.info.id, "items": items}
    first_ms = None
    with torch.inference_mode():
        try:
            prior = None
            if spec.mode == "sample":
                prior, note = choose_prior(spec.prior, loaded.info.path, int(model.config.latent_dim))
                if note:
                    yield Log(note, level="warning")
            sounds = plan(model, spec, loaded.info.id, lambda: ctx.cancelled, prior)
        except ReadCancelled:
            return Result(data=data)
        total = len(sounds)
        yield Progress(0, total, "Generating")
        for i, (base_z, own_spec) in enumerate(sounds):
            z = model.move_along(base_z.to(model.pca_mean.device)[None], spec.directions)
            pieces = []
            for piece in model.decode_chunks(z, n_samples, chunk_frames=CHUNK_FRAMES, first_frames=FIRST_FRAMES):
                raw = piece.float().cpu().numpy().astype(np.float32, copy=False)
                check_output(raw, loaded.info.id, "a sound")     # never a silent or clipped file saved
                chunk = soft_limit(raw)
                pieces.append(chunk[0])
                if first_ms is None:
                    first_ms = (time.perf_counter() - t_click) * 1000.0
                yield AudioChunk(samples=chunk, sample_rate=sr, index=i)
                if ctx.cancelled:
                    return Result(data={**data, "first_chunk_ms": round(first_ms, 1)})
            wave = np.concatenate(pieces)
            latent = [float(v) for v in z[0].float().cpu().tolist()]
            if own_spec is None:          # an explicit latent: the sound alone is that latent and the sliders
                own_spec = dataclasses.replace(spec, mode="latent", count=1, source="",
                                               latents=(tuple(float(v) for v in base_z.tolist()),))
            items.append({"spec": spec_to_dict(own_spec), "latent": latent, "seconds": n_samples / sr,
                          "peak": float(np.max(np.abs(wave))), "pitch_hz": estimate_pitch(wave, sr)})
            yield Progress(i + 1, total)
    data["stopped"] = "done"
    data["first_chunk_ms"] = round(first_ms or 0.0, 1)
    return Result(data=data)
