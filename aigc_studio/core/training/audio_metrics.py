"""The audio model's losses and measures (training and evaluation): multi-resolution STFT distance, KL, the
pitch loss, the log-spectral distance, held-out evaluation and the latent principal directions."""
from __future__ import annotations

import torch

from aigc_studio.core.assets.audio_features import estimate_pitch
from aigc_studio.core.base.events import Sample

LSD_SIZES = (2048, 512, 128)
LSD_FLOOR = 1e-7                           # power floor of the log-spectral distance (-70 dB)


def pitch_targets(sounds: list, sample_rate: int, clip: int):
    """[N] float tensor: each sound's pitch in Hz estimated on its first clip (YIN-lite), NaN when unpitched."""
    hz = [estimate_pitch(s[:clip], sample_rate) for _, s in sounds]
    return torch.tensor([h if h else float("nan") for h in hz], dtype=torch.float32)


def f0_loss(log2_f0, target):
    """Mean |log2 f0 - log2 target| (octaves) over the frames of the sounds with a target (0 without any)."""
    has = torch.isfinite(target)
    if not bool(has.any()):
        return log2_f0.sum() * 0.0
    return (log2_f0[has] - torch.log2(target[has])[:, None]).abs().mean()


def _usable(sizes, length: int) -> list[int]:
    """The FFT sizes that fit sounds of ``length`` samples (reflect padding needs n_fft / 2 < length)."""
    fit = [n for n in sizes if n // 2 < length]
    return fit or [max(2, 1 << max(1, (length - 1).bit_length() - 1))]


def _mag(x, n_fft: int):
    win = torch.hann_window(n_fft, device=x.device, dtype=x.dtype)
    return torch.stft(x, n_fft, hop_length=n_fft // 4, window=win, return_complex=True).abs()


def stft_loss(y, x, sizes=(2048, 1024, 512, 256, 128, 64)):
    """Multi-resolution STFT distance: mean over sizes of spectral convergence + log-magnitude L1 (RAVE)."""
    total = 0.0
    sizes = _usable(sizes, x.shape[-1])
    for n in sizes:
        sy, sx = _mag(y, n), _mag(x, n)
        sc = torch.linalg.vector_norm(sy - sx, dim=(1, 2)) / (torch.linalg.vector_norm(sx, dim=(1, 2)) + 1e-7)
        lm = (torch.log(sy + 1e-5) - torch.log(sx + 1e-5)).abs().mean(dim=(1, 2))
        total = total + (sc + lm).mean()
    return total / len(sizes)


def kl_divergence(mu, logvar):
    """KL(q(z|x) || N(0, I)) summed over the latent dimensions, averaged over the batch."""
    return (0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)).sum(dim=1).mean()


def log_spectral_distance(y, x, sizes=LSD_SIZES):
    """Per sound [B]: the log-spectral distance in dB, mean over frames of the RMS over bins of the difference
    of the power spectra in dB (floored at -70 dB), averaged over the FFT sizes ``sizes``."""
    d = 0.0
    sizes = _usable(sizes, x.shape[-1])
    for n in sizes:
        py = 10 * torch.log10(_mag(y, n).pow(2).clamp(min=LSD_FLOOR))
        px = 10 * torch.log10(_mag(x, n).pow(2).clamp(min=LSD_FLOOR))
        d = d + (py - px).pow(2).mean(dim=1).sqrt().mean(dim=1)
    return d / len(sizes)


def sample_rate_of(sample: Sample, default: int = 16000) -> int:
    """The sample rate of a training ``Sample`` (its text starts with "<rate> Hz: ...")."""
    head = (sample.text or "").split(" ", 1)[0]
    return int(head) if head.isdigit() else default


def evaluate(model, sounds: list, clip: int, limit: int | None = None, batch_size: int = 16, device="cpu",
             sizes=(2048, 1024, 512, 256, 128, 64), f0_targets=None) -> dict:
    """Held-out reconstruction (from the posterior mean) metrics over the first clip of each sound: "lsd_db",
    "stft" and, with ``f0_targets``, "f0_cents" (median |error| of the decoder's pitch, median over the frames)
    and "f0_within_50_cents" (share of the pitched sounds)."""
    chosen = sounds if limit is None else sounds[:limit]
    if not chosen:
        return {"lsd_db": float("nan"), "stft": float("nan"), "f0_cents": float("nan"),
                "f0_within_50_cents": float("nan")}
    was = model.training
    model.eval()
    lsd, stft, n = 0.0, 0.0, 0
    cents = []
    with torch.inference_mode():
        for i in range(0, len(chosen), batch_size):
            x = torch.stack([torch.from_numpy(s[:clip]) for _, s in chosen[i:i + batch_size]]).to(device)
            mu, _ = model.encode(x)
            y = model.decode(mu, clip)
            if f0_targets is not None:
                target = f0_targets[i:i + len(x)].to(device)
                f0 = model.controls(mu, clip // model.hop)["f0"].median(dim=1).values
                has = torch.isfinite(target)
                cents += (1200 * torch.log2(f0[has] / target[has])).abs().tolist()
            lsd += float(log_spectral_distance(y, x).sum())
            stft += float(stft_loss(y, x, sizes)) * len(x)
            n += len(x)
    model.train(was)
    c = torch.tensor(cents) if cents else torch.tensor([float("nan")])
    return {"lsd_db": lsd / n, "stft": stft / n, "f0_cents": float(c.median()),
            "f0_within_50_cents": float((c <= 50).float().mean()) if cents else float("nan")}


def fit_latent_pca(model, sounds: list, clip: int, batch_size: int = 32, device="cpu") -> dict:
    """Encode every sound's first clip; store the mean, top-k principal directions and their standard
    deviations in the model's buffers; return a summary (explained variance)."""
    was = model.training
    model.eval()
    mus = []
    with torch.inference_mode():
        for i in range(0, len(sounds), batch_size):
            x = torch.stack([torch.from_numpy(s[:clip]) for _, s in sounds[i:i + batch_size]]).to(device)
            mus.append(model.encode(x)[0].float().cpu())
    model.train(was)
    z = torch.cat(mus)
    mean = z.mean(dim=0)
    k = model.pca_std.shape[0]
    if len(z) < 2:
        comps, std, explained = torch.eye(z.shape[1])[:k], torch.ones(k), []
    else:
        _, s, vh = torch.linalg.svd(z - mean, full_matrices=False)
        var = s.pow(2) / (len(z) - 1)
        comps = torch.zeros(k, z.shape[1])
        std = torch.full((k,), 1e-3)
        m = min(k, vh.shape[0])
        comps[:m], std[:m] = vh[:m], var[:m].sqrt().clamp(min=1e-3)
        explained = (var[:k] / var.sum()).tolist()
    with torch.no_grad():
        model.pca_mean.copy_(mean)
        model.pca_components.copy_(comps)
        model.pca_std.copy_(std)
    return {"sounds": len(z), "explained_variance": [round(v, 4) for v in explained]}
