"""Events a job yields while it runs. Plain, immutable Python objects: they cross from the engine thread to the
GUI thread through queued signals (``Signal(object)``) and are printed by the command line.

No torch tensors in events: arrays are numpy (or bytes), so a view never touches torch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` steps (tokens, batches, training steps); ``total`` 0 means unknown."""
    done: int
    total: int
    message: str = ""


@dataclass(frozen=True)
class TextDelta:
    """New text appended to the stream (already decoded; may be several characters)."""
    text: str


@dataclass(frozen=True)
class ImagePreview:
    """A batch of images as uint8 arrays (N, H, W, C); ``index`` is the position of the first image in the job."""
    images: Any
    index: int = 0


@dataclass(frozen=True)
class AudioChunk:
    """Float32 samples (channels, n) of sound number ``index``, appended to what came before."""
    samples: Any
    sample_rate: int
    index: int = 0


@dataclass(frozen=True)
class Metric:
    """A named scalar at a step (training loss, eval loss, learning rate, tokens/s...)."""
    name: str
    step: int
    value: float


@dataclass(frozen=True)
class Sample:
    """A training sample to show next to the curves (text for the text trainer)."""
    step: int
    text: str = ""
    data: Any = None


@dataclass(frozen=True)
class Log:
    """A message for the user; level is "info", "warning" or "error"."""
    message: str
    level: str = "info"


@dataclass(frozen=True)
class Result:
    """What a finished job returns (the generator's return value)."""
    text: str = ""
    paths: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


Event = Progress | TextDelta | ImagePreview | AudioChunk | Metric | Sample | Log
