"""A waveform-domain variational autoencoder for one-shot sounds, in one file (after RAVE, Caillon & Esling 2021).

Like RAVE: a convolutional encoder with strided convolutions straight on the waveform, a decoder of transposed
convolutions and residual dilated convolutions back to the waveform, whose output is a waveform branch (tanh)
times an amplitude envelope (sigmoid), trained with a multi-resolution STFT loss and a KL term (see
``core/training/audio.py``). Simplified for one-shots that must train in an hour on a CPU:

- **One latent vector per sound** (``latent_dim`` numbers) instead of a latent sequence: the encoder's frames
  (one per ``hop`` = product of ``strides`` samples) are pooled over time. The decoder gets that vector plus the
  time since the onset (decaying exponentials of ``t``), so a sound is "what" (the latent) unrolled over "when"
  (the clock). A single vector is what the studio's sliders, variations and morphs act on, and sampling needs
  no separate prior model (RAVE trains an autoregressive prior over its latent sequence).
- **Prior = the training set's latent distribution**: after training, the mean, principal directions and their
  standard deviations of the training sounds' latents are stored in the buffers ``pca_mean``,
  ``pca_components`` [k, latent_dim] and ``pca_std`` [k] (so they travel in ``model.safetensors``);
  :meth:`AudioVAE.sample_latent` draws from that Gaussian, ``temperature`` scaling the noise. The PCA
  directions are also the sliders.
- No PQMF multiband split, no adversarial fine-tuning stage, no noise synthesiser: a single band at 16 kHz.
- **Length**: sounds are ``clip_samples`` long in training. :meth:`decode` renders any length; past
  ``clip_samples`` the output fades to silence over ``tail_fade_s`` (one-shots end; the model has not learned
  what comes after).
- **Streaming**: :meth:`decode_chunks` renders ``chunk_frames`` frames at a time with ``context`` frames of
  overlap either side, cropped; since the decoder's input depends only on the latent and the clock, the chunks
  join exactly when ``context`` covers the receptive field (it does by default), so the first chunk of a sound is
  ready after a small fraction of the whole.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class AudioVAEConfig:
    sample_rate: int = 16000
    clip_samples: int = 16384                                            # training length (1.024 s at 16 kHz)
    latent_dim: int = 32
    strides: list[int] = field(default_factory=lambda: [4, 4, 4, 4])     # hop = product (256 samples)
    enc_channels: list[int] = field(default_factory=lambda: [16, 32, 64, 128, 256])
    dec_channels: list[int] = field(default_factory=lambda: [256, 128, 64, 32, 16])
    frame_dilations: list[int] = field(default_factory=lambda: [1, 3, 9, 1])   # frame-rate residual convs
    stage_dilations: list[int] = field(default_factory=lambda: [1, 3])               # after each upsampling
    res_stages: int = 2                  # the first upsampling stages get residual convs (not the full-rate one)
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

    @property
    def hop(self) -> int:
        return math.prod(self.strides)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "AudioVAEConfig":
        return cls(**{k: (list(d[k]) if isinstance(d[k], tuple) else d[k])
                      for k in cls.__dataclass_fields__ if k in d})


class ResUnit(nn.Module):
    """x + conv1x1(act(conv_k3,dilated(act(x)))): the residual dilated convolution of RAVE/MelGAN."""

    def __init__(self, ch: int, dilation: int):
        super().__init__()
        self.conv = nn.Conv1d(ch, ch, 3, dilation=dilation, padding=dilation)
        self.proj = nn.Conv1d(ch, ch, 1)

    def forward(self, x):
        return x + self.proj(F.leaky_relu(self.conv(F.leaky_relu(x, 0.2)), 0.2))


class Encoder(nn.Module):
    def __init__(self, cfg: AudioVAEConfig):
        super().__init__()
        ch = cfg.enc_channels
        self.inp = nn.Conv1d(1, ch[0], 7, padding=3)
        layers = []
        for i, s in enumerate(cfg.strides):
            layers += [ResUnit(ch[i], 1), nn.LeakyReLU(0.2),
                       nn.Conv1d(ch[i], ch[i + 1], 2 * s, stride=s, padding=s // 2)]
        self.down = nn.Sequential(*layers)
        self.out = nn.Linear(2 * ch[-1], 2 * cfg.latent_dim)

    def forward(self, x):                     # [B, 1, T] -> (mu, logvar) [B, latent_dim]
        h = F.leaky_relu(self.down(self.inp(x)), 0.2)
        pooled = torch.cat([h.mean(dim=2), h.amax(dim=2)], dim=1)
        mu, logvar = self.out(pooled).chunk(2, dim=1)
        return mu, logvar.clamp(-12.0, 6.0)


class Decoder(nn.Module):
    def __init__(self, cfg: AudioVAEConfig):
        super().__init__()
        ch = cfg.dec_channels
        self.from_latent = nn.Linear(cfg.latent_dim, ch[0])
        self.from_time = nn.Conv1d(len(cfg.time_constants), ch[0], 1)
        self.frames = nn.Sequential(*[ResUnit(ch[0], d) for d in cfg.frame_dilations])
        stages = []
        for i, s in enumerate(cfg.strides):
            layers = [nn.LeakyReLU(0.2), nn.ConvTranspose1d(ch[i], ch[i + 1], 2 * s, stride=s, padding=s // 2)]
            if i < cfg.res_stages:
                layers += [ResUnit(ch[i + 1], d) for d in cfg.stage_dilations]
            stages.append(nn.Sequential(*layers))
        self.up = nn.Sequential(*stages)
        self.out = nn.Conv1d(ch[-1], 2, 7, padding=3)       # waveform and amplitude

    def forward(self, z, clock):              # z [B, D], clock [B or 1, n_time, F] -> [B, 1, F * hop]
        h = self.from_latent(z)[:, :, None] + self.from_time(clock)
        h = self.up(self.frames(h))
        wave, amp = self.out(F.leaky_relu(h, 0.2)).chunk(2, dim=1)
        return torch.tanh(wave) * torch.sigmoid(amp)


class AudioVAE(nn.Module):
    def __init__(self, cfg: AudioVAEConfig):
        super().__init__()
        self.config = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)
        d, k = cfg.latent_dim, cfg.pca_k
        self.register_buffer("pca_mean", torch.zeros(d))
        self.register_buffer("pca_components", torch.eye(d)[:k].clone())
        self.register_buffer("pca_std", torch.ones(k))

    # ------------------------------------------------------------------ basics

    @property
    def sample_rate(self) -> int:
        return self.config.sample_rate

    @property
    def hop(self) -> int:
        return self.config.hop

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def receptive_frames(self) -> int:
        """Frames either side that influence a frame's output (bounds the overlap streaming needs)."""
        cfg = self.config
        r = sum(cfg.frame_dilations)
        step = 1.0
        for i, s in enumerate(cfg.strides):
            step /= s
            r += step * 2                                       # the transposed convolution's reach
            if i < cfg.res_stages:
                r += step * sum(cfg.stage_dilations)
        return int(math.ceil(r + 3 * step)) + 1

    def clock(self, start_frame: int, n_frames: int, device=None) -> torch.Tensor:
        """The decoder's time input for frames [start, start + n): exp(-t / tau) per time constant, [1, n_tc, n]."""
        device = device if device is not None else self.pca_mean.device
        t = (torch.arange(start_frame, start_frame + n_frames, device=device, dtype=torch.float32) + 0.5) \
            * (self.hop / self.sample_rate)
        tau = torch.tensor(self.config.time_constants, device=device, dtype=torch.float32)
        return torch.exp(-t.clamp(min=0.0)[None, :] / tau[:, None])[None].to(self.pca_mean.dtype)

    # ------------------------------------------------------------------ the VAE

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``x`` [B, T] or [B, 1, T] waveforms (T a multiple of the hop; ``clip_samples`` in training)
        -> (mu, logvar), each [B, latent_dim]."""
        if x.dim() == 2:
            x = x[:, None]
        return self.encoder(x)

    def decode_frames(self, z: torch.Tensor, start_frame: int, n_frames: int) -> torch.Tensor:
        """Frames [start, start + n) of the sound of latents ``z`` [B, D] -> [B, n * hop] (no edge context)."""
        return self.decoder(z, self.clock(start_frame, n_frames, z.device))[:, 0]

    def forward(self, x: torch.Tensor, sample: bool = True):
        """(reconstruction [B, T], mu, logvar) of waveforms ``x`` [B, T]; ``sample``: reparameterised draw."""
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if sample else mu
        return self.decode_frames(z, 0, x.shape[-1] // self.hop), mu, logvar

    # ------------------------------------------------------------------ generation

    def sample_latent(self, n: int = 1, temperature: float = 1.0, generator: torch.Generator | None = None,
                      noise: torch.Tensor | None = None) -> torch.Tensor:
        """Latents from the training set's latent Gaussian (``pca_*`` buffers): mean + sum_k eps_k std_k dir_k,
        eps ~ N(0, temperature^2); ``noise`` [n, k] gives the eps (before the temperature) explicitly."""
        k = self.pca_std.shape[0]
        if noise is None:
            noise = torch.randn(n, k, generator=generator, dtype=torch.float32)
        noise = noise.to(self.pca_mean.device, self.pca_mean.dtype) * float(temperature)
        return self.pca_mean[None] + (noise * self.pca_std[None]) @ self.pca_components

    def move_along(self, z: torch.Tensor, amounts) -> torch.Tensor:
        """``z`` moved ``amounts[i]`` standard deviations along principal direction i (the sliders)."""
        a = torch.as_tensor(list(amounts)[: self.pca_std.shape[0]], dtype=z.dtype, device=z.device)
        if a.numel() == 0:
            return z
        k = a.numel()
        return z + (a * self.pca_std[:k]) @ self.pca_components[:k]

    def _fade(self, start: int, n: int, device) -> torch.Tensor | None:
        """Gains for samples [start, start + n): 1 up to ``clip_samples``, then a cosine fade to 0."""
        clip = self.config.clip_samples
        if start + n <= clip:
            return None
        fade = max(1, int(self.config.tail_fade_s * self.sample_rate))
        pos = torch.arange(start, start + n, device=device, dtype=torch.float32) - clip
        g = 0.5 * (1.0 + torch.cos(math.pi * (pos / fade).clamp(0.0, 1.0)))
        return torch.where(pos < 0, torch.ones_like(g), g)

    def audible_samples(self) -> int:
        """Samples after which every sound is silent (the training length plus the fade)."""
        return self.config.clip_samples + int(self.config.tail_fade_s * self.sample_rate)

    def decode(self, z: torch.Tensor, n_samples: int | None = None) -> torch.Tensor:
        """Whole sounds [B, n_samples] (default ``clip_samples``) for latents ``z`` [B, D], in one pass."""
        n_samples = self.config.clip_samples if n_samples is None else int(n_samples)
        frames = -(-min(n_samples, self.audible_samples()) // self.hop)
        wave = self.decode_frames(z, 0, frames)[:, :n_samples]
        gain = self._fade(0, wave.shape[1], z.device)
        if gain is not None:
            wave = wave * gain.to(wave.dtype)
        if wave.shape[1] < n_samples:
            wave = F.pad(wave, (0, n_samples - wave.shape[1]))
        return wave

    def decode_chunks(self, z: torch.Tensor, n_samples: int | None = None, chunk_frames: int = 32,
                      first_frames: int = 4, context: int | None = None):
        """Yield consecutive pieces [B, m] of the sounds of ``z`` [B, D], ``n_samples`` in all: first
        ``first_frames`` frames (so the first sound is heard soon), then ``chunk_frames`` at a time. Each piece
        is decoded with ``context`` frames either side (within the rendered frames) and cropped, so the pieces
        join into what :meth:`decode` gives in one pass."""
        n_samples = self.config.clip_samples if n_samples is None else int(n_samples)
        hop = self.hop
        total = -(-n_samples // hop)
        rendered = -(-min(n_samples, self.audible_samples()) // hop)      # frames past these are silent
        ctx = self.receptive_frames() if context is None else context
        start, size = 0, max(1, first_frames)
        while start < total:
            n = min(size, total - start)
            s0, s1 = start * hop, min(n_samples, (start + n) * hop)
            if start >= rendered:
                yield torch.zeros(z.shape[0], s1 - s0, device=z.device, dtype=z.dtype)
            else:
                a, b = max(0, start - ctx), min(rendered, start + n + ctx)
                wave = self.decode_frames(z, a, b - a)
                piece = wave[:, (start - a) * hop:(start - a) * hop + (s1 - s0)]
                if piece.shape[1] < s1 - s0:
                    piece = F.pad(piece, (0, s1 - s0 - piece.shape[1]))
                gain = self._fade(s0, s1 - s0, z.device)
                yield piece if gain is None else piece * gain.to(piece.dtype)
            start += n
            size = max(1, chunk_frames)
