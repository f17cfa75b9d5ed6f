"""Reading and writing sound files (Qt-free, no torch): soundfile (libsndfile) plus numpy.

- :func:`load_audio` reads any file libsndfile understands (WAV, FLAC, OGG/Vorbis, AIFF, MP3 where libsndfile
  has it...), judged by its content, not its extension; downmixes any channel count to mono, resamples to the
  wanted rate and reads only the frames it needs from long files. Every failure is a :class:`UserError` naming
  the file and what is wrong, in the user's words.
- :func:`resample`: windowed-sinc (Kaiser) interpolation in numpy, good enough for sound effects and training
  data (about -80 dB of stop band; scipy and torchaudio are not dependencies).
- :func:`encode_audio`: WAV (PCM 16/24-bit or float) or FLAC bytes with a short comment tag in the file.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import soundfile as sf

from aigc_studio.core.assets.audio_features import estimate_pitch, note_name, peak_dbfs
from aigc_studio.core.base.atomic import _UMASK, _fsync_dir, write_temp
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.specs import spec_to_dict

SILENCE_PEAK = 1e-4          # about -80 dBFS: quieter than this counts as silence
AUDIO_FORMATS = ("wav", "flac")
SUBTYPES = {"wav": ("PCM_16", "PCM_24", "FLOAT"), "flac": ("PCM_16", "PCM_24")}


class AudioFileError(UserError, ValueError):
    """A sound file that cannot be used, with the reason in the user's words."""


# ---------------------------------------------------------------------------------------------- resampling

def _kaiser_sinc(t: np.ndarray, cutoff: float, half_width: int, beta: float = 8.6) -> np.ndarray:
    """A low-pass windowed-sinc kernel at offsets ``t`` (in input samples), ``cutoff`` as a fraction of Nyquist."""
    w = np.clip(t / half_width, -1.0, 1.0)
    window = np.i0(beta * np.sqrt(1.0 - w * w)) / np.i0(beta)
    return cutoff * np.sinc(cutoff * t) * window


def resample(x: np.ndarray, sr_in: int, sr_out: int, half_width: int = 16, block: int = 65536) -> np.ndarray:
    """Resample mono float samples from ``sr_in`` to ``sr_out`` Hz (windowed-sinc interpolation; the kernel is
    widened when downsampling so frequencies above the new Nyquist are removed rather than folded back)."""
    x = np.asarray(x, dtype=np.float32)
    if sr_in == sr_out or len(x) == 0:
        return x.copy()
    ratio = sr_out / sr_in
    cutoff = min(1.0, ratio) * 0.97                       # a little below Nyquist: the transition band
    hw = int(math.ceil(half_width / min(1.0, ratio)))     # taps either side, in input samples
    n_out = int(math.floor(len(x) * ratio))
    padded = np.concatenate([np.zeros(hw, np.float32), x, np.zeros(hw + 1, np.float32)])
    offsets = np.arange(-hw + 1, hw + 1)
    up, down = sr_out // math.gcd(sr_in, sr_out), sr_in // math.gcd(sr_in, sr_out)
    table = None
    if up <= 2048:      # rational ratio: output n sits at phase (n * down) % up, so the kernels repeat
        frac = np.arange(up)[:, None] / up - offsets[None, :]
        table = _kaiser_sinc(frac, cutoff, hw).astype(np.float32)
    out = np.empty(n_out, dtype=np.float32)
    rows = max(1, block // len(offsets))
    for start in range(0, n_out, rows):
        n = np.arange(start, min(n_out, start + rows))
        if table is not None:
            base = (n * down) // up
            kern = table[(n * down) % up]
        else:
            t = n / ratio                                               # output times in input samples
            base = np.floor(t).astype(np.int64)
            kern = _kaiser_sinc(t[:, None] - (base[:, None] + offsets[None, :]), cutoff, hw)
        idx = base[:, None] + offsets[None, :]                          # the input samples around each one
        out[start:start + len(n)] = np.einsum("ij,ij->i", padded[idx + hw], kern)
    return out


# ---------------------------------------------------------------------------------------------- reading

def _sniff(path: Path) -> str:
    """What the file seems to be from its first bytes (for a clear message when libsndfile refuses it)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return ""
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0):
        return "MP3"
    if head[:4] == b"OggS":
        return "Ogg"
    if head[4:8] == b"ftyp":
        return "MP4/M4A"
    if not head:
        return "empty"
    try:
        head.decode("utf-8")
        if all(32 <= b < 127 or b in (9, 10, 13) for b in head):
            return "text"
    except UnicodeDecodeError:
        pass
    return ""


def _unreadable(path: Path, reason: str) -> AudioFileError:
    name = path.name
    try:                      # libsndfile calls an unreadable file a "System error": say what happened
        with open(path, "rb"):
            pass
    except PermissionError:
        return AudioFileError(f"{name} cannot be read: the studio may not read it (no permission).")
    except FileNotFoundError:
        return AudioFileError(f"{name} cannot be read: it disappeared while the sounds were being read.")
    except OSError as e:
        return AudioFileError(f"{name} cannot be read ({e.strerror or e}).")
    what = _sniff(path)
    if what == "empty":
        return AudioFileError(f"{name} is empty (0 bytes): it holds no sound.")
    if what == "text":
        return AudioFileError(f"{name} is a text file, not a sound file.")
    if what in ("MP3", "MP4/M4A"):
        return AudioFileError(f"{name} is really an {what} file, which this installation cannot read. "
                              "Convert it to WAV or FLAC first.")
    return AudioFileError(f"{name} is not a sound file the studio can read (WAV, FLAC, OGG, AIFF) or it is "
                          f"damaged ({reason}).")


def audio_info(path) -> dict:
    """{"sample_rate", "channels", "frames", "seconds", "format"} of a sound file, without reading its samples."""
    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"{path} does not exist or is not a file.")
    try:
        info = sf.info(str(path))
    except (RuntimeError, sf.LibsndfileError, TypeError, ValueError) as e:
        raise _unreadable(path, str(e).strip()) from None
    return {"sample_rate": int(info.samplerate), "channels": int(info.channels), "frames": int(info.frames),
            "seconds": info.frames / info.samplerate if info.samplerate else 0.0, "format": info.format}


def load_audio(path, sample_rate: int | None = None, max_seconds: float | None = None, start_seconds: float = 0.0,
               allow_silence: bool = False) -> np.ndarray:
    """Mono float32 samples of the file at ``path``, resampled to ``sample_rate`` (None: the file's own rate),
    at most ``max_seconds`` long (only those frames are read), starting ``start_seconds`` in.

    Raises :class:`AudioFileError` (a :class:`UserError`) for a missing, empty, mislabelled, damaged or silent
    file; NaN and infinite samples are refused, since they would poison whatever uses the sound."""
    path = Path(path)
    info = audio_info(path)
    sr = info["sample_rate"]
    if sr <= 0 or info["channels"] <= 0:
        raise AudioFileError(f"{path.name} has no sample rate or no channels: it is damaged.")
    start = max(0, int(round(start_seconds * sr)))
    frames = -1
    if max_seconds is not None and max_seconds > 0:
        frames = int(math.ceil(max_seconds * sr))
    try:
        data, _ = sf.read(str(path), frames=frames, start=start, dtype="float32", always_2d=True)
    except (RuntimeError, sf.LibsndfileError, TypeError, ValueError, MemoryError) as e:
        raise _unreadable(path, str(e).strip()) from None
    if data.shape[0] == 0:
        raise AudioFileError(f"{path.name} holds no sound (0 samples"
                             + (f" after {start_seconds:g} s" if start else "") + ").")
    x = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
    if not np.all(np.isfinite(x)):
        bad = int(np.count_nonzero(~np.isfinite(x)))
        raise AudioFileError(f"{path.name} is damaged: {bad:,} of its samples are not numbers (NaN or infinite).")
    if not allow_silence and float(np.max(np.abs(x))) < SILENCE_PEAK:
        raise AudioFileError(f"{path.name} is silent (its loudest sample is below -80 dBFS).")
    if sample_rate and sample_rate != sr:
        x = resample(x, sr, int(sample_rate))
    return np.ascontiguousarray(x, dtype=np.float32)


# ---------------------------------------------------------------------------------------------- writing

def encode_audio(samples, sample_rate: int, fmt: str = "wav", comment: str = "", subtype: str = "PCM_16",
                 title: str = "") -> bytes:
    """The bytes of a WAV or FLAC file of ``samples`` ((n,) or (channels, n) floats in [-1, 1]; clipped) with
    ``comment`` (and ``title``) in the file's own tags (RIFF INFO for WAV, Vorbis comments for FLAC)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in AUDIO_FORMATS:
        raise UserError(f"Sounds are saved as {' or '.join(AUDIO_FORMATS)}, not {fmt}.")
    if subtype not in SUBTYPES[fmt]:
        raise UserError(f"{fmt.upper()} files are written as {', '.join(SUBTYPES[fmt])}, not {subtype}.")
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim == 2:
        x = x.T                                     # soundfile wants (frames, channels)
    if not np.all(np.isfinite(x)):
        raise UserError("The sound has samples that are not numbers (NaN or infinite): nothing was saved.")
    if subtype == "PCM_16":      # our own rounding, so WAV and FLAC hold the very same integers
        x = np.round(np.clip(x, -1.0, 1.0) * 32767.0).astype(np.int16)
    elif subtype == "PCM_24":    # libsndfile keeps the top 24 bits of int32
        x = np.round(np.clip(x, -1.0, 1.0) * 8388607.0).astype(np.int32) * 256
    buf = io.BytesIO()
    with sf.SoundFile(buf, "w", samplerate=int(sample_rate), channels=1 if x.ndim == 1 else x.shape[1],
                      format=fmt.upper(), subtype=subtype) as f:
        if comment:
            f.comment = comment[:500]
        if title:
            f.title = title[:200]
        f.software = "AIGC Studio"
        f.write(x)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- sample packs

def _slug(name: str, fallback: str) -> str:
    s = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:40].strip("-")
    return s or fallback


def export_sample_pack(items, folder, fmt: str = "wav", name: str = "sample-pack") -> Path:
    """Write a sample pack as a new folder ``folder/name`` (``name-2``, ``name-3``... when taken; nothing is ever
    overwritten) holding ``01-<item name>.wav`` ... and ``manifest.json`` + ``manifest.csv`` (file, duration,
    sample rate, peak, estimated pitch and note, seed, the spec that makes the sound). The pack is assembled in a
    temporary folder beside it and renamed into place, so it appears complete or not at all. Returns its path.

    ``items``: dicts with ``samples`` (float array), ``sample_rate`` and optionally ``name``, ``spec`` (a spec
    dict or object), ``latent``."""
    items = list(items)
    if not items:
        raise UserError("There are no sounds to export: make or select some first.")
    fmt = fmt.lower().lstrip(".")
    if fmt not in AUDIO_FORMATS:
        raise UserError(f"Sample packs are saved as {' or '.join(AUDIO_FORMATS)}, not {fmt}.")
    parent = Path(folder).expanduser()
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".aigc-tmp-pack-", dir=parent))
    except OSError as e:
        raise UserError(f"The folder {parent} cannot be written: {e.strerror or e}. Choose another folder.") from e
    try:
        width = max(2, len(str(len(items))))
        rows = []
        for i, it in enumerate(items, 1):
            spec = it.get("spec")
            if spec is not None and not isinstance(spec, dict):
                spec = spec_to_dict(spec)
            x = np.asarray(it["samples"], dtype=np.float32)
            mono = x.reshape(-1, x.shape[-1]).mean(axis=0) if x.ndim > 1 else x
            sr = int(it["sample_rate"])
            file = f"{i:0{width}d}-{_slug(it.get('name', ''), 'sound')}.{fmt}"
            comment = f"AIGC Studio: AI-generated sound; {json.dumps(spec, sort_keys=True)}" if spec else \
                "AIGC Studio: AI-generated sound"
            write_temp(tmp, encode_audio(x, sr, fmt, comment=comment)).rename(tmp / file)
            hz = estimate_pitch(mono, sr)
            rows.append({"file": file, "seconds": round(len(mono) / sr, 4), "sample_rate": sr,
                         "peak_dbfs": round(peak_dbfs(mono), 2), "pitch_hz": round(hz, 2) if hz else None,
                         "note": note_name(hz), "seed": (spec or {}).get("seed"), "spec": spec})
        manifest = {"app": "aigc-studio", "format": fmt, "count": len(rows), "items": rows}
        write_temp(tmp, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")) \
            .rename(tmp / "manifest.json")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["file", "seconds", "sample_rate", "peak_dbfs", "pitch_hz", "note", "seed", "spec"])
        for r in rows:
            w.writerow([r["file"], r["seconds"], r["sample_rate"], r["peak_dbfs"], r["pitch_hz"] or "", r["note"],
                        "" if r["seed"] is None else r["seed"],
                        json.dumps(r["spec"], sort_keys=True) if r["spec"] else ""])
        write_temp(tmp, buf.getvalue().encode("utf-8")).rename(tmp / "manifest.csv")
        _fsync_dir(tmp)
        os.chmod(tmp, 0o777 & ~_umask())
        base = _slug(name, "sample-pack")
        for n in range(1, 10_000):
            target = parent / (base if n == 1 else f"{base}-{n}")
            if target.exists():
                continue
            try:
                os.rename(tmp, target)       # fails if something appeared there meanwhile (unless an empty folder)
            except OSError:
                continue
            _fsync_dir(parent)
            return target
        raise UserError(f"No free folder name for the sample pack in {parent}.")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    return _UMASK
