"""Small measurements of sounds (numpy only, no torch): peak level and an estimate of the pitch, for sample-pack
manifests, the pitch histogram and the Audio panel."""
from __future__ import annotations

import math

import numpy as np

TARGET_PEAK = 10 ** (-1.0 / 20)            # -1 dBFS
ONSET_DB = -50.0                           # leading samples quieter than peak - 50 dB are trimmed
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def peak(samples) -> float:
    x = np.asarray(samples, dtype=np.float32)
    return float(np.max(np.abs(x))) if x.size else 0.0


def peak_dbfs(samples) -> float:
    p = peak(samples)
    return 20 * math.log10(p) if p > 0 else float("-inf")


def estimate_pitch(samples, sample_rate: int, fmin: float = 40.0, fmax: float = 2000.0,
                   threshold: float = 0.2, max_seconds: float = 0.5) -> float | None:
    """The fundamental frequency in Hz of the loudest part of a sound, or None when it has no clear pitch (drums,
    noise, silence). YIN-lite: the cumulative-mean-normalised difference function (de Cheveigné & Kawahara 2002)
    of a window around the loudest moment, computed with FFTs; the first dip below ``threshold`` is refined by
    parabolic interpolation."""
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim > 1:
        x = x.reshape(-1, x.shape[-1]).mean(axis=0)
    max_lag = int(sample_rate / fmin)
    min_lag = max(2, int(sample_rate / fmax))
    win = min(len(x), int(max_seconds * sample_rate))
    if win < 2 * max_lag:
        max_lag = win // 2
        if max_lag <= min_lag:
            return None
    # a window starting a little after the loudest sample (past the attack transient)
    env = np.abs(x)
    loud = int(np.argmax(env))
    if env[loud] < 1e-4:
        return None
    start = min(max(0, loud + int(0.02 * sample_rate)), max(0, len(x) - win))
    seg = x[start:start + win]
    seg = seg - seg.mean()
    w = len(seg) - max_lag
    if w <= max_lag // 2:
        return None
    # d(tau) = sum_j (x_j - x_{j+tau})^2 over j < w, via energies and a cross-correlation (FFT)
    n_fft = 1 << int(math.ceil(math.log2(len(seg) + w)))
    spec_a = np.fft.rfft(seg, n_fft)
    spec_b = np.fft.rfft(seg[:w], n_fft)
    corr = np.fft.irfft(spec_a * np.conj(spec_b), n_fft)[:max_lag + 1]
    sq = np.concatenate([[0.0], np.cumsum(seg * seg)])
    e0 = sq[w]
    e_tau = sq[np.arange(max_lag + 1) + w] - sq[np.arange(max_lag + 1)]
    d = e0 + e_tau - 2 * corr
    d[0] = 0.0
    cum = np.cumsum(d[1:])
    cmnd = np.ones_like(d)
    cmnd[1:] = d[1:] * np.arange(1, max_lag + 1) / np.maximum(cum, 1e-12)
    below = np.nonzero(cmnd[min_lag:max_lag] < threshold)[0]
    if below.size == 0:
        return None
    tau = int(below[0]) + min_lag
    while tau + 1 < max_lag and cmnd[tau + 1] < cmnd[tau]:    # walk down to the dip's bottom
        tau += 1
    a, b, c = cmnd[tau - 1], cmnd[tau], cmnd[tau + 1] if tau + 1 <= max_lag else cmnd[tau]
    den = a - 2 * b + c
    shift = 0.5 * (a - c) / den if abs(den) > 1e-12 else 0.0
    f0 = sample_rate / (tau + max(-1.0, min(1.0, shift)))
    return float(f0) if fmin <= f0 <= fmax * 1.05 else None


def note_name(hz: float | None) -> str:
    """The nearest equal-tempered note: ``440.0`` -> ``"A4"``, ``277.2`` -> ``"C#4"``; "" for None or a
    non-positive frequency. Sharps are written with an ASCII ``#`` everywhere (panel and sample-pack manifest),
    the form DAWs and sample tools parse."""
    if not hz or hz <= 0:
        return ""
    midi = int(round(69 + 12 * math.log2(hz / 440.0)))
    return f"{NOTE_NAMES[midi % 12]}{midi // 12 - 1}"


def midi_number(hz: float | None) -> float | None:
    return None if not hz or hz <= 0 else 69 + 12 * math.log2(hz / 440.0)


def prepare_sound(x, clip: int):
    """Trim leading silence (below peak - 50 dB), peak-normalise to -1 dBFS, pad to at least ``clip``."""
    peak = float(np.max(np.abs(x)))
    onset = int(np.argmax(np.abs(x) >= peak * 10 ** (ONSET_DB / 20)))
    x = x[max(0, onset - 16):] * (TARGET_PEAK / peak)
    if len(x) < clip:
        x = np.pad(x, (0, clip - len(x)))
    return x.astype(np.float32)
