"""The audio VAE's configuration (:class:`AudioVAEConfig`): a plain dataclass and its checks, torch-free, so that
a training spec's model options are checked without loading torch (the model itself is in
:mod:`aigc_studio.core.models.audio_vae`, which re-exports this class)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field


@dataclass
class AudioVAEConfig:
    sample_rate: int = 16000
    clip_samples: int = 16384                                            # training length (1.024 s at 16 kHz)
    latent_dim: int = 32
    strides: list[int] = field(default_factory=lambda: [4, 4, 4, 4])     # hop = product (256 samples)
    enc_channels: list[int] = field(default_factory=lambda: [16, 32, 64, 128, 256])
    dec_channels: list[int] = field(default_factory=lambda: [256, 128, 64, 32, 16])   # [0]: frame-rate width
    frame_dilations: list[int] = field(default_factory=lambda: [1, 3, 9, 1])   # frame-rate residual convs
    harmonics: int = 40
    noise_bands: int = 16
    f0_min: float = 30.0
    f0_max: float = 4000.0
    noise_seed: int = 0
    wave_branch: bool = False            # add the RAVE-style convolutional waveform branch
    stage_dilations: list[int] = field(default_factory=lambda: [1, 3])   # wave branch: after each upsampling
    res_stages: int = 2                  # wave branch: the first upsampling stages get residual convs
    time_constants: list[float] = field(default_factory=lambda: [0.005 * 2 ** k for k in range(9)])   # seconds
    pca_k: int = 16                      # principal directions kept (sliders and the sampling prior)
    tail_fade_s: float = 0.1

    def __post_init__(self):
        if len(self.enc_channels) != len(self.strides) + 1 or len(self.dec_channels) != len(self.strides) + 1:
            raise ValueError("enc_channels and dec_channels need one more entry than strides")
        if any(s < 2 or s % 2 for s in self.strides):
            raise ValueError("strides must be even numbers of at least 2")
        if self.clip_samples % self.hop:
            raise ValueError(f"clip_samples must be a multiple of the hop ({self.hop})")
        if not (1 <= self.pca_k <= self.latent_dim):
            raise ValueError("pca_k must be between 1 and latent_dim")
        if self.harmonics < 1 or self.noise_bands < 1 or not (0 < self.f0_min < self.f0_max):
            raise ValueError("harmonics and noise_bands must be at least 1 and 0 < f0_min < f0_max")

    @property
    def hop(self) -> int:
        return math.prod(self.strides)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "AudioVAEConfig":
        return cls(**{k: (list(d[k]) if isinstance(d[k], tuple) else d[k])
                      for k in cls.__dataclass_fields__ if k in d})
