"""`aigc-studio generate audio`: sounds saved as WAV or FLAC with their settings, one ``saved: PATH`` line each
(training a sound model is `aigc-studio train audio`, in train.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from aigc_studio.cli.common import add_output_arguments, err, random_seed, run_job, start_generation
from aigc_studio.core import jobs
from aigc_studio.core.assets.store import partial_save_error
from aigc_studio.core.base.events import AudioChunk, Log
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import DEFAULT_AUDIO_MODEL, SEED_MAX, AudioSpec, spec_from_dict


def add_parser(gsub) -> None:
    g = gsub.add_parser("audio", help="generate sounds and save them as WAV or FLAC with their settings")
    g.add_argument("--model", default=DEFAULT_AUDIO_MODEL, help="a model id (see `aigc-studio models`) or folder")
    g.add_argument("--count", type=int, default=4, help="how many sounds (1-64)")
    g.add_argument("--seed", type=int, default=None, help="sound i uses seed+i (default: random, printed)")
    g.add_argument("--seconds", type=float, default=1.0, help="length of each sound (0.1-10)")
    g.add_argument("--prior", choices=["fitted", "standard"], default="fitted",
                   help="a VAE's new samples: from its fitted latent prior (prior.safetensors; default) or "
                   "standard (as before)")
    g.add_argument("--temperature", type=float, default=1.0,
                   help="how far from the average sound (0 = the average, 1 = as varied as the training sounds)")
    g.add_argument("--encode", type=Path, default=None, metavar="SOUND",
                   help="encode this sound file; saves its reconstruction and COUNT-1 variations")
    g.add_argument("--strength", type=float, default=0.5, help="variation strength (with --encode)")
    g.add_argument("--format", dest="fmt", default="wav", choices=["wav", "flac"])
    add_output_arguments(g, "generate only (for timing); save nothing")


def run(a) -> int:
    settings = Settings.load()
    seed = a.seed if a.seed is not None else random_seed(SEED_MAX - 1024)
    spec = jobs.validate(AudioSpec(model=a.model, mode="encode" if a.encode else "sample", count=a.count,
                                   seed=seed, seconds=a.seconds, temperature=a.temperature, strength=a.strength,
                                   source=str(a.encode or ""), device=a.device or settings.device,
                                   prior=a.prior))
    ctx, store = start_generation(a, spec, seed, settings)
    chunks: dict[int, list] = {}

    def on_event(ev: Any) -> None:
        if isinstance(ev, AudioChunk):
            chunks.setdefault(ev.index, []).append(ev.samples)
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            err(ev.message)

    result = run_job(spec, ctx, on_event)
    sr = result.data["sample_rate"]
    items = result.data.get("items", [])
    if store is None:
        print(f"generated {len(items)} sounds", flush=True)
        return 0
    import numpy as np   # loaded with the job's results, not at the command line's start
    saved: list = []
    for i, item in enumerate(items):
        samples = np.concatenate(chunks[i], axis=1)
        extra = {k: item[k] for k in ("latent", "seconds", "peak", "pitch_hz") if k in item}
        extra["sample_rate"] = sr
        try:
            path = store.save_audio(samples, sr, spec_from_dict(item["spec"]), extra=extra, fmt=a.fmt)
        except Exception as e:   # noqa: BLE001 — say exactly what was saved before it stopped
            if saved:
                raise partial_save_error(saved, len(items), e) from e
            raise
        saved.append(path)
        print(f"saved: {path}", flush=True)
    return 0
