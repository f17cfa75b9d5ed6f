"""Which device a job runs on, and why, in words.

``resolve("auto")`` picks CUDA when available, else Apple MPS, else the CPU. The reason is shown in the status
bar, e.g. "CPU — no CUDA device found" or "CUDA — NVIDIA GeForce RTX 4070". torch is imported inside
:func:`resolve` only, so importing this module stays cheap; call it on the engine thread.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
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


def resolve(pref: str = "auto") -> DeviceInfo:
    """The device for ``pref`` ("auto" | "cuda" | "mps" | "cpu"), falling back to the CPU with the reason why."""
    import torch

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
