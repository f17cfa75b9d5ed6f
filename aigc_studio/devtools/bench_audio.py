"""`aigc-studio bench --only audio`:

audio.samples_per_s     decoder output samples per second: ``AudioVAE.decode`` of one latent (batch 1, as the job
                        decodes each sound on its own), ``clip_samples`` long (median of 5), in inference mode;
                        samples_per_s_batch8: the same for a batch of 8
audio.realtime_factor   seconds of audio made per second of compute at the model's sample rate (batch 1)
audio.first_chunk_ms    submitting a 1-sound "sample" job to its first AudioChunk, the model already loaded
                        (median of 5 seeds)
audio.job_samples_per_s a 4-sound, 1-second "sample" job end to end (chunked decoding, pitch estimates)
The shipped gm-notes-vae is used when present, else a random model of the default config (said in "model").
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.base.events import AudioChunk
from aigc_studio.core.base.specs import AudioSpec
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive
from aigc_studio.core.models import registry
from aigc_studio.devtools.timing import median_seconds

# torch and the model modules load when the section runs (the bench's other sections do not need them)

MODEL = "gm-notes-vae"
BATCHES = (1, 8)
REPEATS = 5


def _model_ref(tmp: Path) -> tuple[str, str]:
    """(model id or folder for the job, what the output calls it)."""
    import torch

    try:
        registry.resolve(MODEL)
        return MODEL, MODEL
    except ModelError:
        from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig
        from aigc_studio.core.models.checkpoint import save_model_folder
        torch.manual_seed(0)
        model = AudioVAE(AudioVAEConfig())
        card = {"id": "random-audio-vae", "name": "random", "kind": "audio", "architecture": "audio_vae",
                "config": model.config.to_dict()}
        folder = save_model_folder(tmp / "random-audio-vae", model, card)
        return str(folder), "random-audio-vae (the shipped gm-notes-vae is not installed)"


def run() -> dict[str, Any]:
    import torch

    from aigc_studio.core.jobs.audio import run as run_job

    with tempfile.TemporaryDirectory() as tmp:
        ref, name = _model_ref(Path(tmp))
        ctx = JobContext(device=torch.device("cpu"), models=registry.ModelCache())
        model = ctx.models.get(ref, ctx.device).model
        cfg = model.config
        out: dict[str, Any] = {"model": name, "threads": torch.get_num_threads(), "batch": 1,
                               "sound_samples": cfg.clip_samples, "sample_rate": cfg.sample_rate}
        for batch in BATCHES:
            z = torch.randn(batch, cfg.latent_dim, generator=torch.Generator().manual_seed(0))
            with torch.inference_mode():
                sec = median_seconds(lambda: model.decode(z), REPEATS)
            rate = batch * cfg.clip_samples / sec
            if batch == 1:
                out["samples_per_s"] = round(rate)
                out["realtime_factor"] = round(rate / cfg.sample_rate, 1)
            else:
                out[f"samples_per_s_batch{batch}"] = round(rate)

        def first_chunk(seed: int) -> float:
            t0 = time.perf_counter()
            gen = run_job(AudioSpec(model=ref, count=1, seed=seed, device="cpu"), ctx)
            try:
                for ev in gen:
                    if isinstance(ev, AudioChunk):
                        return (time.perf_counter() - t0) * 1000.0
            finally:
                gen.close()
            raise RuntimeError("the audio job made no sound")

        first_chunk(0)   # warm-up
        out["first_chunk_ms"] = round(statistics.median(first_chunk(s) for s in range(1, REPEATS + 1)), 1)
        spec = AudioSpec(model=ref, count=4, seconds=1.0, seed=0, device="cpu")
        sec = median_seconds(lambda: drive(run_job(spec, ctx), lambda ev: None), REPEATS)
        out["job_samples_per_s"] = round(4 * cfg.sample_rate / sec)
        return out
