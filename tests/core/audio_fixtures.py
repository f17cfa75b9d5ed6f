"""Shared pieces of the audio tests: a tiny audio VAE model folder built here (never downloaded), made-up tones
written as sound files, and a driver for job and trainer generators. Test modules import the fixtures they use
by name (``from audio_fixtures import tiny_audio_folder``)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aigc_studio.core.jobs.driver import collect as drive  # noqa: F401 (the job driver; tests import it from here)

SR = 8000
TINY_CFG = dict(sample_rate=SR, clip_samples=1024, latent_dim=4, strides=[4, 4], enc_channels=[4, 8, 8],
                dec_channels=[8, 8, 4], frame_dilations=[1], stage_dilations=[1], res_stages=1, pca_k=2,
                time_constants=[0.01, 0.05, 0.2], tail_fade_s=0.02, harmonics=6, noise_bands=4, f0_min=50.0,
                f0_max=2000.0)


def tone(hz: float, seconds: float = 0.2, sr: int = SR, decay: float = 8.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * hz * t) * np.exp(-decay * t)).astype(np.float32)


def write_tones(folder: Path, n: int = 6, sr: int = SR) -> Path:
    import soundfile as sf
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sf.write(str(folder / f"tone-{i:02d}.wav"), tone(220 * 2 ** (i / 4), sr=sr), sr, subtype="PCM_16")
    return folder


def tiny_model(seed: int = 0):
    import torch

    from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig
    torch.manual_seed(seed)
    model = AudioVAE(AudioVAEConfig.from_dict(TINY_CFG)).eval()
    with torch.no_grad():                      # a non-trivial latent distribution, as training leaves it
        model.pca_mean.copy_(torch.linspace(-0.5, 0.5, 4))
        model.pca_std.copy_(torch.tensor([2.0, 0.5]))
    return model


def audio_card(model_id: str, model) -> dict:
    return {"id": model_id, "name": f"Tiny {model_id}", "kind": "audio", "architecture": "audio_vae",
            "config": model.config.to_dict(), "sample_rate": model.config.sample_rate,
            "description": "A tiny random audio model built by the tests.",
            "data": {"source": "tests", "licence": "MIT", "prep": "none"}, "recipe": {}, "metrics": {},
            "training": {"hardware": "none", "seconds": 0, "steps": 0}}


def build_tiny_audio_folder(folder: Path, model_id: str = "tiny-audio") -> Path:
    from aigc_studio.core.models.checkpoint import save_model_folder
    model = tiny_model()
    return save_model_folder(folder, model, audio_card(model_id, model))


@pytest.fixture(scope="session")
def tiny_audio_folder(tmp_path_factory):
    return build_tiny_audio_folder(tmp_path_factory.mktemp("audio-models") / "tiny-audio")


@pytest.fixture(scope="session")
def tone_folder(tmp_path_factory):
    return write_tones(tmp_path_factory.mktemp("tones"))
