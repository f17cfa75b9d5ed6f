"""Looking at one file of a dataset (Qt-free, no torch): its content hash, read in a stream, and what the scan
needs to judge it — size and format, a fingerprint for near duplicates, a few numbers for outliers, and a small
preview (a thumbnail, a waveform envelope, a text snippet).

Nothing reads a whole large file into memory: hashes go 1 MiB at a time; pictures have their size checked from
the header before any pixel is decoded (the image loader refuses decompression bombs) and are decoded scaled
down; sounds are read in blocks by soundfile (the first ``AUDIO_ANALYSE_S`` seconds for the fingerprint, up to
``AUDIO_PEAK_S`` for the loudness); text is decoded incrementally and normalised a chunk at a time.

A file that cannot be used raises :class:`ProbeFailure` with a stable code and an English template (the
translation key, context "CoreMessages") filled with its arguments.
"""
from __future__ import annotations

import codecs
import hashlib
import math
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from PIL import Image

from aigc_studio.core.assets.audio_io import SILENCE_PEAK, AudioFileError, audio_info
from aigc_studio.core.assets.images import ImageLoadError, ImageTooLarge, ImageTooSmall, NotAnImage, load_image
from aigc_studio.core.base.errors import Problem

CHUNK = 1 << 20                 # bytes per read when hashing
TEXT_CHUNK = 1 << 18            # bytes per read of text (decoded and normalised: a few copies of it live at once)
THUMB = 48                      # thumbnails: at most THUMB x THUMB, RGBA uint8
COLOUR_SIDE = 8                 # near-duplicate pictures also need the same colours on an 8x8 grid
DECODE_SIDE = 256               # pictures are decoded at most this large for hashing
AUDIO_ANALYSE_S = 30.0          # the fingerprint looks at the first 30 s
AUDIO_PEAK_S = 600.0            # loudness is measured over at most 10 minutes
ENVELOPE_POINTS = 64
FP_BANDS = 32
FP_FRAMES = 32
FP_RANGE_DB = 50.0
FRAME_S = 0.064                 # analysis frames of the fingerprint
SNIPPET_CHARS = 160

# Reasons a file cannot be used. English templates: the translation keys of the interface.
PERMISSION = "Skipped: permission denied (the studio is not allowed to read this file)."
VANISHED = "Skipped: the file disappeared during the scan."
CHANGED = "Skipped: the file changed while it was being read. Scan again when it is finished."
READ_ERROR = "Skipped: the file cannot be read ({error})."
NOT_USABLE = "Cannot be used: {detail}"
WRONG_ENCODING = "Not UTF-8 text: the bytes at position {position} are not valid UTF-8. Save it as UTF-8."
UTF16 = "UTF-16 text: save it as UTF-8 to use it."
BINARY_TEXT = "Not a text file: it holds binary data."


class ProbeFailure(Exception):
    """A file the scan cannot use: ``problem`` says why (code, template, arguments)."""

    def __init__(self, code: str, message: str, **args: Any):
        self.problem = Problem("", code, message, dict(args))
        super().__init__(self.problem.text)


def os_failure(e: OSError) -> ProbeFailure:
    if isinstance(e, FileNotFoundError):
        return ProbeFailure("vanished", VANISHED)
    if isinstance(e, PermissionError):
        return ProbeFailure("permission", PERMISSION)
    return ProbeFailure("read_error", READ_ERROR, error=e.strerror or str(e))


def hash_file(path: Path, should_stop: Callable[[], bool] | None = None) -> str | None:
    """sha256 of the file, read 1 MiB at a time; None when stopped."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for i, block in enumerate(iter(lambda: f.read(CHUNK), b"")):
            h.update(block)
            if should_stop is not None and i % 64 == 63 and should_stop():
                return None
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------- images

def _image_header(path: Path) -> tuple[int, int, str]:
    """(width, height, format) from the header alone (no pixels decoded)."""
    with Image.open(path) as im:
        return int(im.size[0]), int(im.size[1]), str(im.format or "?")


def dhash(grey: np.ndarray) -> int:
    """64-bit difference hash of a greyscale picture: 9x8 area-averaged, each bit "brighter than the right
    neighbour"."""
    small = np.asarray(Image.fromarray(grey).resize((9, 8), Image.Resampling.BOX), dtype=np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return int(sum(1 << i for i, b in enumerate(bits) if b))


def probe_image(path: Path, thumbs: bool = True) -> dict[str, Any]:
    name = path.name
    try:
        w, h, fmt = _image_header(path)
    except OSError as e:
        if isinstance(e, (FileNotFoundError, PermissionError)):
            raise os_failure(e) from None
        w = h = 0
        fmt = "?"
    except Exception:   # noqa: BLE001 - any parser error: the loader below says what the file is
        w = h = 0
        fmt = "?"
    try:
        img = load_image(path, max_side=DECODE_SIDE)
    except ImageTooLarge as e:
        raise ProbeFailure("too_large", NOT_USABLE, detail=str(e)) from None
    except ImageTooSmall as e:
        raise ProbeFailure("too_small", NOT_USABLE, detail=str(e)) from None
    except NotAnImage as e:
        raise ProbeFailure("wrong_type", NOT_USABLE, detail=str(e)) from None
    except ImageLoadError as e:
        text = str(e)
        if "was not found" in text:
            raise ProbeFailure("vanished", VANISHED) from None
        if "permission denied" in text:
            raise ProbeFailure("permission", PERMISSION) from None
        raise ProbeFailure("damaged", NOT_USABLE, detail=text) from None
    if not w or not h:
        w, h = img.size
    rgba = np.asarray(img, dtype=np.uint8)
    alpha = rgba[..., 3:4].astype(np.float32) / 255.0
    grey = (rgba[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    grey = (grey * alpha + 128.0 * (1.0 - alpha))[..., 0]      # over mid grey: the shape of a sprite counts
    grey_u8 = np.clip(grey + 0.5, 0, 255).astype(np.uint8)
    blank = float(grey.std()) < 1.0 and float(rgba[..., 3].std()) < 1.0
    item: dict[str, Any] = {"format": fmt, "width": w, "height": h, "blank": blank,
                            "has_alpha": bool(rgba[..., 3].min() < 255), "name": name}
    rgb = rgba[..., :3].astype(np.float32) * alpha + 128.0 * (1.0 - alpha)
    colours = np.asarray(Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8)).resize(
        (COLOUR_SIDE, COLOUR_SIDE), Image.Resampling.BOX), dtype=np.uint8)
    item["_fp"] = (dhash(grey_u8), colours)     # the shape of the brightness, and the colours where they are
    if thumbs:
        t = img.copy()
        t.thumbnail((THUMB, THUMB), Image.Resampling.LANCZOS)
        item["_thumb"] = np.ascontiguousarray(np.asarray(t, dtype=np.uint8))
    return item


# ---------------------------------------------------------------------------------------------- sounds

def _band_edges(sr: int) -> np.ndarray:
    """Mel-spaced band edges from 0 to 7.6 kHz (the same bands for every rate of 16 kHz and above)."""
    top = min(7600.0, sr / 2.0 * 0.95)
    mel = np.linspace(0.0, 2595.0 * np.log10(1.0 + top / 700.0), FP_BANDS + 1)
    return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)


def _filterbank(freqs: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(bands, bins) triangular filters centred between the edges: a tone moving in frequency moves its energy
    smoothly from one band to the next, so copies at another sample rate land on the same numbers."""
    centres = np.concatenate([[edges[0]], (edges[:-1] + edges[1:]) / 2, [edges[-1]]])
    w = np.zeros((FP_BANDS, len(freqs)))
    for b in range(FP_BANDS):
        lo, mid, hi = centres[b], centres[b + 1], centres[b + 2]
        up = (freqs - lo) / max(mid - lo, 1e-9)
        down = (hi - freqs) / max(hi - mid, 1e-9)
        w[b] = np.clip(np.minimum(up, down), 0.0, None)
    return w


def probe_audio(path: Path, thumbs: bool = True, should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    try:
        info = audio_info(path)
    except AudioFileError as e:
        if not path.exists():
            raise ProbeFailure("vanished", VANISHED) from None
        if not os.access(path, os.R_OK):
            raise ProbeFailure("permission", PERMISSION) from None
        raise ProbeFailure("wrong_type" if "not a sound" in str(e) or "text file" in str(e) else "damaged",
                           NOT_USABLE, detail=str(e)) from None
    sr, frames, channels = info["sample_rate"], info["frames"], info["channels"]
    if sr <= 0 or channels <= 0:
        raise ProbeFailure("damaged", NOT_USABLE, detail=f"{path.name} has no sample rate or no channels.")
    win_len = max(64, int(round(FRAME_S * sr)))       # the same duration at every rate: the same resolution in Hz
    n_fft = 1 << int(math.ceil(math.log2(win_len)))
    hop = win_len // 4
    window = np.hanning(win_len).astype(np.float32)
    filters = _filterbank(np.fft.rfftfreq(n_fft, 1.0 / sr), _band_edges(sr)).astype(np.float32)
    analyse = int(AUDIO_ANALYSE_S * sr)
    peak_until = int(AUDIO_PEAK_S * sr)
    peak, sumsq, count = 0.0, 0.0, 0
    rows: list[np.ndarray] = []
    hop_peaks: list[np.ndarray] = []
    buf = np.zeros(0, np.float32)

    def frames_of(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The band energies of every full frame in ``b`` and what is left for the next block."""
        n = (len(b) - win_len) // hop + 1 if len(b) >= win_len else 0
        if n <= 0:
            return np.zeros((0, FP_BANDS)), b
        win = np.lib.stride_tricks.sliding_window_view(b, win_len)[::hop][:n]
        return (np.abs(np.fft.rfft(win * window, n=n_fft, axis=1)) ** 2) @ filters.T, b[n * hop:]

    try:
        for block in sf.blocks(str(path), blocksize=hop * 16, dtype="float32", always_2d=True):
            x = block.mean(axis=1, dtype=np.float32) if block.shape[1] > 1 else block[:, 0]
            if not np.all(np.isfinite(x)):
                raise ProbeFailure("damaged", NOT_USABLE,
                                   detail=f"{path.name} is damaged: some samples are not numbers (NaN or infinite).")
            if not len(x):
                continue
            ax = np.abs(x)
            peak = max(peak, float(ax.max()))
            sumsq += float(np.dot(x, x))
            whole = len(ax) // hop * hop
            hop_peaks.append(ax[:whole].reshape(-1, hop).max(axis=1) if whole else ax[:0])
            if whole < len(ax):
                hop_peaks.append(ax[whole:].max(keepdims=True))
            if count < analyse:
                got, buf = frames_of(np.concatenate([buf, x[:max(0, analyse - count)]]))
                rows.extend(got)
            count += len(x)
            if count >= peak_until:
                break
            if should_stop is not None and should_stop():
                raise InterruptedError
    except ProbeFailure:
        raise
    except OSError as e:
        raise os_failure(e) from None
    except (RuntimeError, sf.LibsndfileError, ValueError, TypeError) as e:
        raise ProbeFailure("damaged", NOT_USABLE, detail=f"{path.name} is damaged ({str(e).strip()}).") from None
    if count == 0:
        raise ProbeFailure("damaged", NOT_USABLE, detail=f"{path.name} holds no sound (0 samples).")
    if len(buf) > hop or not rows:                     # the end: one last frame, padded with silence
        got, _ = frames_of(np.concatenate([buf, np.zeros(max(0, win_len - len(buf)) or hop, np.float32)]))
        rows.extend(got)
    seconds = frames / sr if frames > 0 else count / sr
    bands = 10.0 * np.log10(np.stack(rows) + 1e-10)               # (frames, bands) in dB
    centres = (np.arange(len(bands)) * hop + win_len / 2) / sr
    span = min(seconds, AUDIO_ANALYSE_S)
    t = np.linspace(0.0, max(span, 1e-6), FP_FRAMES)             # the same moments of every sound, in seconds/length
    t = t * (centres[-1] / max(span, 1e-6)) if centres[-1] > span else t
    fp = np.stack([np.interp(t, centres, bands[:, b]) for b in range(FP_BANDS)], axis=1)
    fp = np.maximum(fp, fp.max() - FP_RANGE_DB)                  # far below the loudest: noise, floored
    fp = (fp - fp.mean()).astype(np.float32)                     # loudness does not count
    peaks = np.concatenate(hop_peaks) if hop_peaks else np.zeros(1, np.float32)
    groups = np.array_split(peaks, min(ENVELOPE_POINTS, len(peaks)))
    envelope = [float(g.max()) for g in groups if len(g)]
    item: dict[str, Any] = {"format": str(info["format"]), "sample_rate": sr, "channels": channels,
                            "seconds": round(float(seconds), 4), "peak": round(peak, 6),
                            "rms": round(math.sqrt(sumsq / max(1, count)), 6), "silent": peak < SILENCE_PEAK,
                            "_fp": fp}
    if thumbs:
        item["envelope"] = [round(v, 4) for v in envelope]
    return item


# ---------------------------------------------------------------------------------------------- text

_SPACES = re.compile(r"\s+")


def probe_text(path: Path, thumbs: bool = True, should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Hash, decode (UTF-8, BOM allowed) and normalise (NFKC, case folded, whitespace collapsed) a text file in
    one streaming pass. Returns the item with ``sha256`` already set."""
    h, norm = hashlib.sha256(), hashlib.sha256()
    dec = codecs.getincrementaldecoder("utf-8-sig")("strict")
    chars = lines = 0
    nonspace = False
    carry, snippet, pos, first, last = "", "", 0, True, "\n"
    words_written = False
    try:
        with open(path, "rb") as f:
            while True:
                block = f.read(TEXT_CHUNK)
                final = not block
                if first:
                    first = False
                    if block[:2] in (b"\xff\xfe", b"\xfe\xff"):
                        raise ProbeFailure("encoding", UTF16)
                    if b"\x00" in block[:8192]:
                        raise ProbeFailure("binary", BINARY_TEXT)
                h.update(block)
                try:
                    text = dec.decode(block, final=final)
                except UnicodeDecodeError as e:
                    raise ProbeFailure("encoding", WRONG_ENCODING, position=pos + e.start) from None
                pos += len(block)
                chars += len(text)
                if text:
                    last = text[-1]
                lines += text.count("\n")
                if len(snippet) < SNIPPET_CHARS:
                    snippet += text[:SNIPPET_CHARS - len(snippet)]
                carry += text
                if not final:           # normalise up to the last whitespace; the rest may go on in the next block
                    cut = max(carry.rfind(" "), carry.rfind("\n"), carry.rfind("\t"))
                    if cut < 0:
                        if len(carry) < 4 * TEXT_CHUNK:
                            continue
                        cut = len(carry) - 1
                    done, carry = carry[:cut + 1], carry[cut + 1:]
                else:
                    done, carry = carry, ""
                words = _SPACES.sub(" ", unicodedata.normalize("NFKC", done).casefold()).strip(" ")
                if words:
                    nonspace = True
                    norm.update(((" " if words_written else "") + words).encode("utf-8"))
                    words_written = True
                if final:
                    break
                if should_stop is not None and should_stop():
                    raise InterruptedError
    except OSError as e:
        raise os_failure(e) from None
    if chars and last != "\n":
        lines += 1
    item: dict[str, Any] = {"format": "UTF-8 text", "chars": chars, "lines": lines, "empty": not nonspace,
                            "sha256": h.hexdigest(), "_fp": norm.hexdigest()}
    if thumbs:
        item["snippet"] = snippet.strip()[:SNIPPET_CHARS]
    return item


PROBES = {"image": probe_image, "audio": probe_audio, "text": probe_text}

__all__ = ["PROBES", "ProbeFailure", "dhash", "hash_file", "os_failure", "probe_audio",
           "probe_image", "probe_text"]
