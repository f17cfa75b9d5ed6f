"""Which device a job runs on, and why, in words.

``resolve("auto")`` picks CUDA when available, else Apple MPS, else the CPU. The reason is shown in the status
bar, e.g. "CPU — no CUDA device found" or "CUDA — NVIDIA GeForce RTX 4070". torch is imported inside
:func:`resolve` only, so importing this module stays cheap; call it on the engine thread.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

log = logging.getLogger(__name__)

PREFERENCES = ("auto", "cuda", "mps", "cpu")


@dataclass(frozen=True)
class DeviceInfo:
    device: Any        # torch.device
    name: str          # "cpu" | "cuda" | "mps"
    dtype: Any         # torch.dtype to compute in (autocast): float32 on CPU, bfloat16/float16 on GPUs
    reason: str        # for the user, e.g. "CPU — no CUDA device found"

    def __str__(self) -> str:
        return self.reason


def _cuda_name(torch: Any) -> str | None:
    """The CUDA device's name when CUDA really works, else None."""
    try:
        if not torch.cuda.is_available():
            return None
        return str(torch.cuda.get_device_name(0))
    except Exception as e:   # a broken driver must not stop the studio: fall back to the CPU
        log.warning("CUDA reported available but failed: %s", e)
        return None


def _mps_available(torch: Any) -> bool:
    try:
        mps = getattr(torch.backends, "mps", None)
        return bool(mps is not None and mps.is_available())
    except Exception:   # pragma: no cover - platform quirks
        return False


def _cuda_dtype(torch: Any) -> Any:
    try:
        if torch.cuda.is_bf16_supported():
            return torch.bfloat16
    except Exception:   # pragma: no cover
        pass
    return torch.float16


def _cpu_only_torch() -> bool:
    """True when the installed PyTorch is a CPU-only build (its version ends in "+cpu"), read from the package's
    metadata without importing it. macOS wheels carry no such tag (and may have MPS), so they never count."""
    if sys.platform == "darwin":
        return False
    try:
        return version("torch").split("+", 1)[-1] == "cpu"
    except PackageNotFoundError:
        return False


def probe_without_torch(pref: str = "auto") -> tuple[str, str] | None:
    """(name, reason) exactly as :func:`resolve` would give them, when that is certain without importing torch
    (the CPU chosen in Settings, or a CPU-only PyTorch build); None when only torch can tell. Lets the status bar
    name the device at start while torch (about 200 MB) stays unloaded until the first job needs it."""
    pref = (pref or "auto").strip().lower()
    if pref == "cpu":
        return "cpu", "CPU — chosen in Settings"
    if pref in ("auto", "cuda", "mps") and _cpu_only_torch():
        why = {"auto": "no CUDA device found", "cuda": "CUDA was requested but is not available",
               "mps": "MPS was requested but is not available"}[pref]
        return "cpu", f"CPU — {why}"
    return None


def resolve(pref: str = "auto") -> DeviceInfo:
    """The device for ``pref`` ("auto" | "cuda" | "mps" | "cpu"), falling back to the CPU with the reason why."""
    import torch   # lazily: importing this module must not load torch (the status bar names a CPU without it)

    pref = (pref or "auto").strip().lower()
    if pref not in PREFERENCES:
        log.warning("Unknown device setting %r: using auto.", pref)
        note = f" (the device setting “{pref}” is unknown)"
        pref = "auto"
    else:
        note = ""

    def cpu(reason: str) -> DeviceInfo:
        return DeviceInfo(torch.device("cpu"), "cpu", torch.float32, f"CPU — {reason}{note}")

    if pref == "cpu":
        return cpu("chosen in Settings")

    if pref in ("auto", "cuda"):
        name = _cuda_name(torch)
        if name is not None:
            chosen = " (chosen in Settings)" if pref == "cuda" else ""
            return DeviceInfo(torch.device("cuda"), "cuda", _cuda_dtype(torch), f"CUDA — {name}{chosen}{note}")
        if pref == "cuda":
            return cpu("CUDA was requested but is not available")

    if pref in ("auto", "mps"):
        if _mps_available(torch):
            chosen = " (chosen in Settings)" if pref == "mps" else ""
            return DeviceInfo(torch.device("mps"), "mps", torch.float16, f"MPS — Apple GPU{chosen}{note}")
        if pref == "mps":
            return cpu("MPS was requested but is not available")

    return cpu("no CUDA device found")
