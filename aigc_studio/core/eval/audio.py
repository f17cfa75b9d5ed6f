"""Evaluation of an audio model: the held-out log-spectral distance (dB) between each held-out sound and its
reconstruction from the posterior mean, over the model's clip, averaged over FFT sizes
(:func:`aigc_studio.core.training.audio_metrics.log_spectral_distance`, the trainer's own measure), and the
multi-resolution STFT distance beside it."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Generator

from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.eval.common import SKIPPED, EvalError, check_stop
from aigc_studio.core.training.audio import read_sounds
from aigc_studio.core.training.audio_metrics import LSD_SIZES, evaluate

BATCH = 16


def evaluate_audio(model, card: dict, files: list[Path], device=None,
                   should_stop: Callable[[], bool] | None = None) -> Generator[Any, None, dict]:
    """Held-out LSD and STFT distance of a loaded audio VAE on the sound ``files``."""
    sr, clip = int(model.sample_rate), int(model.config.clip_samples)
    sounds, skipped = [], []
    for i in range(0, len(files), BATCH):
        check_stop(should_stop)
        got, bad = read_sounds(list(files[i:i + BATCH]), sr, clip, max(0.1, clip / sr))
        sounds += got
        skipped += bad
        yield Progress(min(len(files), i + BATCH), len(files), "Reading the held-out sounds…")
    for name, why in skipped[:10]:
        yield Log(SKIPPED.format(what=f"{name} ({why})"), "warning")
    if not sounds:
        raise EvalError("None of the held-out sounds could be read.")
    lsd = stft = 0.0
    for i in range(0, len(sounds), BATCH):
        check_stop(should_stop)
        part = sounds[i:i + BATCH]
        m = evaluate(model, part, clip, batch_size=BATCH, device=device or "cpu")
        lsd += m["lsd_db"] * len(part)
        stft += m["stft"] * len(part)
        yield Progress(min(len(sounds), i + BATCH), len(sounds), "Measuring the held-out log-spectral distance…")
    n = len(sounds)
    return {"kind": "audio", "heldout_lsd_db": round(lsd / n, 3), "heldout_stft": round(stft / n, 4),
            "heldout_sounds": n, "lsd_fft_sizes": list(LSD_SIZES), "sample_rate": sr,
            "clip_seconds": round(clip / sr, 3), "notes": []}


__all__ = ["evaluate_audio"]
