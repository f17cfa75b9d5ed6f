"""`aigc-studio bench --only image`:

image.gan_images_per_s     the GAN's generator + mapping at batch 64 (median of 5), the shipped emoji-gan
image.vae_images_per_s     the VAE's encode + decode at batch 64 (median of 5), the shipped emoji-vae
image.job_images_per_s     a 64-image "sample" job end to end (latents, one-by-one decoding for exact
                           reproducibility, previews), the GAN
image.first_preview_ms     click on Generate to the first preview painted on the canvas, 16-image batch, model
                           loaded (the real window offscreen, in a fresh process; median of 5)
image.canvas_stall_p99_ms  GUI-thread lateness (p99) while a 64-image batch streams onto a canvas that already
                           holds 1,000 images; also _max_ms
A random model of the same shape stands in for a missing shipped model (said in "gan_model"/"vae_model").
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.base.specs import ImageSpec
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.devtools.timing import median_seconds

# torch and the model modules load when the section runs (the bench's other sections do not need them)

BATCH = 64
REPEATS = 5


def _model(model_id: str, arch: str):
    import torch

    try:
        return ModelCache().get(model_id, torch.device("cpu")).model, model_id
    except ModelError:
        from aigc_studio.core.models.checkpoint import build_model
        torch.manual_seed(0)
        return build_model({"architecture": arch, "config": {}}).eval(), f"random-{arch}"


def _median_rate(fn, n: int) -> float:
    """``n`` items over the median seconds of one call of ``fn`` (items per second)."""
    return n / median_seconds(fn, REPEATS)


def bench_models() -> dict[str, Any]:
    import torch

    from aigc_studio.core.jobs.image import run

    out: dict[str, Any] = {"batch": BATCH, "threads": torch.get_num_threads()}
    gan, out["gan_model"] = _model("emoji-gan", "gan")
    vae, out["vae_model"] = _model("emoji-vae", "image_vae")
    z = gan.noise(0, BATCH)
    x = torch.rand(BATCH, vae.config.channels, vae.config.image_size, vae.config.image_size) * 2 - 1
    with torch.inference_mode():
        out["gan_images_per_s"] = round(_median_rate(lambda: gan.sample(z), BATCH), 1)
        out["vae_images_per_s"] = round(_median_rate(lambda: vae.decode(vae.encode(x)[0]), BATCH), 1)

    if out["gan_model"] != "emoji-gan":
        out["job_images_per_s"] = None      # the job needs a model folder: train or ship emoji-gan first
        return out
    ctx = JobContext(device=torch.device("cpu"), models=ModelCache())
    spec = ImageSpec(model="emoji-gan", count=BATCH, seed=1)
    out["job_images_per_s"] = round(_median_rate(lambda: drive(run(spec, ctx), lambda ev: None), BATCH), 1)
    return out


def bench_ui() -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run([sys.executable, "-m", "aigc_studio.devtools.bench_image_child"], env=env,
                          capture_output=True, text=True, timeout=600)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"ui_error": (proc.stderr or proc.stdout).strip()[-500:] or f"exit {proc.returncode}"}


def run() -> dict[str, Any]:
    out = bench_models()
    out.update(bench_ui())
    return out
