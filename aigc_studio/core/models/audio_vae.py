"""A variational autoencoder for one-shot sounds, in one file: a waveform encoder after RAVE (Caillon & Esling
2021) and a harmonic-plus-noise decoder after DDSP (Engel et al. 2020).

- **Encoder** (as RAVE): residual and strided convolutions straight on the waveform (one frame per ``hop`` =
  product of ``strides`` samples), pooled over time into **one latent vector per sound** (``latent_dim``
  numbers), the mean and log-variance of a diagonal Gaussian.
- **Decoder**: the latent plus the time since the onset (decaying exponentials of ``t``, the "clock") go through
  residual dilated convolutions at the frame rate and become synthesis controls per frame: a fundamental
  frequency ``f0`` (``f0_min`` .. ``f0_max``), the amplitudes of ``harmonics`` harmonics (a loudness times a
  distribution; harmonics above Nyquist are silenced) and the gains of ``noise_bands`` bands of noise. A
  phase-continuous oscillator bank and fixed band-limited noise (seeded, so decoding is deterministic) turn them
  into the waveform. Optionally (``wave_branch``) a RAVE-style upsampling branch (transposed and dilated
  convolutions, tanh(waveform) x sigmoid(amplitude)) is added for transients.

  Why not RAVE's convolutional decoder alone: with one latent vector and a smooth clock, neighbouring frames get
  nearly the same input, so a convolutional upsampler repeats itself every frame and every sound buzzes at the
  frame rate (62.5 Hz at 16 kHz / 256) -- measured on the first training run. The oscillator gives any pitch.
- **Prior = the training set's latent distribution**: after training, the mean, principal directions and their
  standard deviations of the training sounds' latents are stored in the buffers ``pca_mean``,
  ``pca_components`` [k, latent_dim] and ``pca_std`` [k] (so they travel in ``model.safetensors``);
  :meth:`AudioVAE.sample_latent` draws from that Gaussian, ``temperature`` scaling the noise. The principal
  directions are also the sliders.
- **Length**: sounds are ``clip_samples`` long in training. :meth:`decode` renders any length; past
  ``clip_samples`` the output fades to silence over ``tail_fade_s`` (one-shots end; the model has not learned
  what comes after).
- **Streaming**: :meth:`decode_chunks` computes the frame controls of the whole sound once (cheap: tens of
  frames), then renders the samples a chunk at a time, so the chunks join exactly into :meth:`decode` and the
  first chunk is ready after a small fraction of the work.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from aigc_studio.core.models.audio_vae_config import AudioVAEConfig  # also the config's name here (ARCHITECTURES)


def exp_sigmoid(x, exponent: float = 10.0, max_value: float = 2.0, threshold: float = 1e-7):
    """DDSP's positive output nonlinearity: max_value * sigmoid(x) ** log(exponent) + threshold."""
    return max_value * torch.sigmoid(x) ** math.log(exponent) + threshold


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
        with torch.no_grad():                 # start with little posterior noise, so the latent carries
            self.out.bias[cfg.latent_dim:].fill_(-5.0)     # information from the first steps (no collapse)

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
        self.norm = nn.LayerNorm(ch[0])       # per frame: keeps the control heads out of saturation
        self.controls = nn.Conv1d(ch[0], 2 + cfg.harmonics + cfg.noise_bands, 1)   # f0, loudness, harmonics, noise
        if cfg.wave_branch:
            stages = []
            for i, s in enumerate(cfg.strides):
                layers = [nn.LeakyReLU(0.2), nn.ConvTranspose1d(ch[i], ch[i + 1], 2 * s, stride=s, padding=s // 2)]
                if i < cfg.res_stages:
                    layers += [ResUnit(ch[i + 1], d) for d in cfg.stage_dilations]
                stages.append(nn.Sequential(*layers))
            self.up = nn.Sequential(*stages)
            self.out = nn.Conv1d(ch[-1], 2, 7, padding=3)                           # waveform and amplitude

    def frame_features(self, z, clock):       # z [B, D], clock [1, n_time, F] -> [B, ch0, F]
        h = self.frames(self.from_latent(z)[:, :, None] + self.from_time(clock))
        return self.norm(h.transpose(1, 2)).transpose(1, 2)

    def waveform(self, h):                    # [B, ch0, F] -> [B, F * hop]
        wave, amp = self.out(F.leaky_relu(self.up(h), 0.2)).chunk(2, dim=1)
        return (torch.tanh(wave) * torch.sigmoid(amp))[:, 0]


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
        self._noise_cache: dict = {}

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
        """Frames either side that influence a frame's waveform-branch output (the overlap chunks need)."""
        cfg = self.config
        r, step = 0.0, 1.0
        for i, s in enumerate(cfg.strides):
            step /= s
            r += step * 2                                       # the transposed convolution's reach
            if i < cfg.res_stages:
                r += step * sum(cfg.stage_dilations)
        return int(math.ceil(r + 3 * step)) + 1

    def audible_samples(self) -> int:
        """Samples after which every sound is silent (the training length plus the fade)."""
        return self.config.clip_samples + int(self.config.tail_fade_s * self.sample_rate)

    def clock(self, start_frame: int, n_frames: int, device=None) -> torch.Tensor:
        """The decoder's time input for frames [start, start + n): exp(-t / tau) per time constant, [1, n_tc, n]."""
        device = device if device is not None else self.pca_mean.device
        t = (torch.arange(start_frame, start_frame + n_frames, device=device, dtype=torch.float32) + 0.5) \
            * (self.hop / self.sample_rate)
        tau = torch.tensor(self.config.time_constants, device=device, dtype=torch.float32)
        return torch.exp(-t.clamp(min=0.0)[None, :] / tau[:, None])[None].to(self.pca_mean.dtype)

    # ------------------------------------------------------------------ synthesis

    def controls(self, z: torch.Tensor, n_frames: int) -> dict:
        """Frame controls of frames [0, n) for latents ``z`` [B, D]: "f0" [B, F] Hz (within f0_min..f0_max;
        "log2_f0": before that clamp, for the pitch loss), "harmonics" [B, K, F] and "noise" [B, bands, F]
        amplitudes, "features" [B, ch0, F] (for the waveform branch)."""
        cfg = self.config
        h = self.decoder.frame_features(z, self.clock(0, n_frames, z.device))
        c = self.decoder.controls(h)
        log2_f0 = 0.5 * (math.log2(cfg.f0_min) + math.log2(cfg.f0_max)) + 2.0 * c[:, 0]   # unbounded: no saturation
        f0 = torch.exp2(log2_f0).clamp(cfg.f0_min, cfg.f0_max)
        k = torch.arange(1, cfg.harmonics + 1, device=z.device, dtype=f0.dtype)
        audible = (k[None, :, None] * f0[:, None, :]) < (0.5 * self.sample_rate)
        dist = torch.softmax(c[:, 2:2 + cfg.harmonics].masked_fill(~audible, -1e4), dim=1) * audible
        harmonics = exp_sigmoid(c[:, 1])[:, None] * dist
        noise = exp_sigmoid(c[:, 2 + cfg.harmonics:] - 4.0)     # starts quiet
        return {"f0": f0, "log2_f0": log2_f0, "harmonics": harmonics, "noise": noise, "features": h}

    def noise_bands(self, device, dtype=torch.float32) -> torch.Tensor:
        """[bands, n] fixed noise split into bands (log-spaced from 20 Hz to Nyquist), each of RMS 1/sqrt(bands),
        as long as the longest audible sound: seeded by ``noise_seed``, so decoding is deterministic and a sound
        does not depend on the length asked for; cached per device."""
        key = (str(device), dtype)
        if key not in self._noise_cache:
            with torch.inference_mode(False):     # made once, used by training (autograd) and generation alike
                self._noise_cache = {key: self._make_noise_bands(device, dtype)}
        return self._noise_cache[key]

    def _make_noise_bands(self, device, dtype) -> torch.Tensor:
        cfg = self.config
        n_samples = -(-self.audible_samples() // self.hop) * self.hop
        g = torch.Generator().manual_seed(cfg.noise_seed)
        spec = torch.fft.rfft(torch.randn(n_samples, generator=g, dtype=torch.float64))
        freqs = torch.fft.rfftfreq(n_samples, 1.0 / self.sample_rate, dtype=torch.float64)
        edges = torch.logspace(math.log10(20.0), math.log10(self.sample_rate / 2), cfg.noise_bands + 1,
                               dtype=torch.float64)
        edges[0], edges[-1] = 0.0, self.sample_rate
        masks = (freqs[None] >= edges[:-1, None]) & (freqs[None] < edges[1:, None])
        bands = torch.fft.irfft(spec[None] * masks, n=n_samples)
        bands = bands / bands.pow(2).mean(dim=1, keepdim=True).sqrt().clamp(min=1e-12)
        return (bands / math.sqrt(cfg.noise_bands)).to(device, dtype)

    def _interp(self, frames: torch.Tensor, s0: int, s1: int) -> torch.Tensor:
        """Per-frame values [B, C, F] linearly interpolated (between frame centres) to samples [s0, s1)
        -> [B, C, s1 - s0]; only the frames around the range are upsampled, with one frame of margin."""
        hop = self.hop
        fa, fb = max(0, s0 // hop - 1), min(frames.shape[-1], (s1 - 1) // hop + 2)
        up = F.interpolate(frames[..., fa:fb], size=(fb - fa) * hop, mode="linear", align_corners=False)
        return up[..., s0 - fa * hop:s1 - fa * hop]

    def synthesize(self, ctrl: dict, s0: int, s1: int, noise: torch.Tensor | None = None) -> torch.Tensor:
        """Samples [s0, s1) [B, n] of the sounds with frame controls ``ctrl`` (harmonics + noise; the waveform
        branch is added by the callers). ``noise``: :meth:`noise_bands` (looked up when not given)."""
        hop, sr = self.hop, self.sample_rate
        # piecewise constant per frame; learned from the pitch loss only: the spectral loss's gradient through
        # an oscillator's frequency is erratic and drove it to the end of its range in the first trials
        f0 = ctrl["f0"].detach()
        cycles = torch.frac(f0 * (hop / sr))                            # oscillator turns per frame (whole ones
        start_phase = torch.frac(torch.cumsum(cycles, dim=1) - cycles)  # dropped): turns at each frame's start
        n = torch.arange(s0, s1, device=f0.device)
        frame = (n // hop).clamp(max=f0.shape[1] - 1)
        offset = ((n - frame * hop).to(f0.dtype) / sr)[None]
        turns = start_phase[:, frame] + torch.frac(f0[:, frame] * offset)
        phase = 2 * math.pi * torch.frac(turns)                         # [B, n]
        k = torch.arange(1, ctrl["harmonics"].shape[1] + 1, device=f0.device, dtype=f0.dtype)
        amps = self._interp(ctrl["harmonics"], s0, s1)                  # [B, K, n]
        out = (amps * torch.sin(k[None, :, None] * phase[:, None, :])).sum(dim=1)
        if noise is None:
            noise = self.noise_bands(f0.device, f0.dtype)
        gains = self._interp(ctrl["noise"], s0, s1)                     # [B, bands, n]
        return out + (gains * noise[None, :, s0:s1]).sum(dim=1)

    # ------------------------------------------------------------------ the VAE

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``x`` [B, T] or [B, 1, T] waveforms (T a multiple of the hop; ``clip_samples`` in training)
        -> (mu, logvar), each [B, latent_dim]."""
        if x.dim() == 2:
            x = x[:, None]
        return self.encoder(x)

    def decode_frames(self, z: torch.Tensor, n_frames: int) -> tuple[torch.Tensor, dict]:
        """(sounds [B, n_frames * hop] for latents ``z`` [B, D], their frame controls), no fade."""
        ctrl = self.controls(z, n_frames)
        wave = self.synthesize(ctrl, 0, n_frames * self.hop)
        if self.config.wave_branch:
            wave = wave + self.decoder.waveform(ctrl["features"])
        return wave, ctrl

    def forward(self, x: torch.Tensor, sample: bool = True):
        """(reconstruction [B, T], mu, logvar, frame controls) of waveforms ``x`` [B, T]; ``sample``:
        reparameterised draw of the latent (else its mean)."""
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if sample else mu
        wave, ctrl = self.decode_frames(z, x.shape[-1] // self.hop)
        return wave, mu, logvar, ctrl

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

    def decode(self, z: torch.Tensor, n_samples: int | None = None) -> torch.Tensor:
        """Whole sounds [B, n_samples] (default ``clip_samples``) for latents ``z`` [B, D]."""
        return torch.cat(list(self.decode_chunks(z, n_samples, chunk_frames=1 << 30)), dim=1)

    def decode_chunks(self, z: torch.Tensor, n_samples: int | None = None, chunk_frames: int = 32,
                      first_frames: int = 4, context: int | None = None):
        """Yield consecutive pieces [B, m] of the sounds of ``z`` [B, D], ``n_samples`` in all: first
        ``first_frames`` frames (so the first sound is heard soon), then ``chunk_frames`` at a time. The frame
        controls of the whole sound are computed once, so the pieces join exactly into :meth:`decode`
        (the waveform branch, when there is one, is decoded per piece with ``context`` frames either side)."""
        n_samples = self.config.clip_samples if n_samples is None else int(n_samples)
        hop = self.hop
        total = -(-n_samples // hop)
        rendered = -(-min(n_samples, self.audible_samples()) // hop)      # frames past these are silent
        ctrl = self.controls(z, rendered) if rendered > 0 else None
        noise = self.noise_bands(z.device, z.dtype)
        ctx = self.receptive_frames() if context is None else context
        start, size = 0, max(1, first_frames)
        while start < total:
            n = min(size, total - start)
            s0, s1 = start * hop, min(n_samples, (start + n) * hop)
            if start >= rendered:
                yield torch.zeros(z.shape[0], s1 - s0, device=z.device, dtype=z.dtype)
            else:
                e = min(s1, rendered * hop)
                piece = self.synthesize(ctrl, s0, e, noise)
                if self.config.wave_branch:
                    a, b = max(0, start - ctx), min(rendered, start + n + ctx)
                    wave = self.decoder.waveform(ctrl["features"][:, :, a:b])
                    piece = piece + wave[:, (start - a) * hop:(start - a) * hop + (e - s0)]
                if e < s1:
                    piece = F.pad(piece, (0, s1 - e))
                gain = self._fade(s0, s1 - s0, z.device)
                yield piece if gain is None else piece * gain.to(piece.dtype)
            start += n
            size = max(1, chunk_frames)
