"""One frozen, serialisable spec per job kind. A spec holds every input that determines the job's output,
the concrete seed included, so a job can be stored in an asset, repeated and tested.

``spec_to_json`` / ``spec_from_json`` round-trip exactly; ``validate()`` lists problems in the user's words.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from aigc_studio.core.base.errors import InvalidParameters

SEED_MAX = 2**32 - 1
DEFAULT_TEXT_MODEL = "tang-poems-zh"


@dataclass(frozen=True)
class TextSpec:
    kind: ClassVar[str] = "text"
    prompt: str
    model: str = DEFAULT_TEXT_MODEL
    max_new_tokens: int = 200
    temperature: float = 0.8          # 0 = greedy
    top_k: int = 40                   # 0 = off
    top_p: float = 0.95               # 1.0 = off
    repetition_penalty: float = 1.1   # 1.0 = off
    seed: int = 0
    stop: tuple[str, ...] = ()
    device: str = "auto"              # auto | cuda | mps | cpu

    def problems(self) -> list[str]:
        return _typed_problems(self._problems)

    def _problems(self) -> list[str]:
        p = []
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            p.append("The prompt is empty: type a few words to start from.")
        if not (1 <= self.max_new_tokens <= 4096):
            p.append("Max new tokens must be between 1 and 4096.")
        if not (0.0 <= self.temperature <= 5.0):
            p.append("Temperature must be between 0 (greedy) and 5.")
        if not (0 <= self.top_k <= 100000):
            p.append("Top-k must be 0 (off) or a positive number of tokens.")
        if not (0.0 < self.top_p <= 1.0):
            p.append("Top-p must be greater than 0 and at most 1.")
        if not (1.0 <= self.repetition_penalty <= 3.0):
            p.append("Repetition penalty must be between 1 (off) and 3.")
        if not (0 <= self.seed <= SEED_MAX):
            p.append(f"The seed must be between 0 and {SEED_MAX}.")
        if not isinstance(self.model, str) or not self.model.strip():
            p.append("Choose a model.")
        if self.device not in ("auto", "cuda", "mps", "cpu"):
            p.append("The device must be auto, cuda, mps or cpu.")
        if any((not isinstance(s, str)) or s == "" for s in self.stop):
            p.append("Stop strings must not be empty.")
        return p

    def validate(self) -> "TextSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


SPEC_TYPES: dict[str, type] = {"text": TextSpec}


def register_spec(cls: type) -> type:
    """Later job kinds (image, audio, train) register their spec class here."""
    SPEC_TYPES[cls.kind] = cls
    return cls


def spec_to_dict(spec: Any) -> dict[str, Any]:
    d = dataclasses.asdict(spec)
    d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}
    return {"kind": spec.kind, **d}


def spec_to_json(spec: Any) -> str:
    return json.dumps(spec_to_dict(spec), ensure_ascii=False, sort_keys=True)


def spec_from_dict(d: dict[str, Any]) -> Any:
    if not isinstance(d, dict) or d.get("kind") not in SPEC_TYPES:
        raise InvalidParameters(["This file does not hold AIGC Studio settings."])
    cls = SPEC_TYPES[d["kind"]]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for k, v in d.items():
        if k == "kind" or k not in fields:
            continue  # unknown keys from newer versions are ignored
        if isinstance(v, list):
            v = tuple(v)
        kwargs[k] = v
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise InvalidParameters([f"The saved settings are incomplete ({e})."]) from None


def spec_from_json(text: str) -> Any:
    try:
        d = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        raise InvalidParameters(["The saved settings are not valid JSON."]) from None
    return spec_from_dict(d)


# ---------------------------------------------------------------------------------------------- image and audio

DEFAULT_IMAGE_MODEL = "emoji-gan"
DEFAULT_AUDIO_MODEL = "gm-notes-vae"
IMAGE_MODES = ("sample", "variations", "interpolate", "latent", "encode", "best_of")
AUDIO_MODES = ("sample", "variations", "interpolate", "latent", "encode")
MAX_DIRECTIONS = 16
MAX_LATENTS = 64


def _nested_tuple(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return tuple(_nested_tuple(x) for x in v)
    return v


def _latent_problems(latents: Any, mode: str, what: str) -> list[str]:
    p = []
    need = {"variations": 1, "interpolate": 2, "latent": 1}.get(mode, 0)
    if not isinstance(latents, tuple) or len(latents) > MAX_LATENTS:
        return [f"The {what} latents must be a list of at most {MAX_LATENTS} vectors."]
    if len(latents) < need:
        p.append({1: f"Select a {what} first.", 2: f"Select two {what}s to interpolate between."}[need])
    import math
    for lat in latents:
        flat = lat
        while flat and isinstance(flat[0], tuple):
            flat = tuple(x for row in flat for x in row)
        if not flat or not all(isinstance(x, (int, float)) and math.isfinite(x) for x in flat):
            p.append(f"A stored {what} latent is damaged (not a list of finite numbers).")
            break
    return p


def _typed_problems(check) -> list[str]:
    """``check()``, with a value of the wrong type (a hand-edited file: "strength": "high", a number where a list
    belongs) reported in words instead of a TypeError."""
    try:
        return check()
    except (TypeError, AttributeError, ValueError) as e:
        return [f"A setting has a value of the wrong type ({e})."]


def _common_problems(spec: Any, modes: tuple[str, ...]) -> list[str]:
    p = []
    if not isinstance(spec.model, str) or not spec.model.strip():
        p.append("Choose a model.")
    if spec.mode not in modes:
        p.append(f"Unknown mode '{spec.mode}': one of {', '.join(modes)}.")
    if not (isinstance(spec.count, int) and 1 <= spec.count <= 64):
        p.append("The number of results must be between 1 and 64.")
    if not (isinstance(spec.seed, int) and 0 <= spec.seed <= SEED_MAX):
        p.append(f"The seed must be between 0 and {SEED_MAX}.")
    if not (0.0 <= spec.strength <= 2.0):
        p.append("The variation strength must be between 0 and 2.")
    if not (isinstance(spec.frames, int) and 2 <= spec.frames <= 64):
        p.append("The number of interpolation frames must be between 2 and 64.")
    if len(spec.directions) > MAX_DIRECTIONS or not all(
            isinstance(x, (int, float)) and -10.0 <= x <= 10.0 for x in spec.directions):
        p.append(f"Slider amounts must be at most {MAX_DIRECTIONS} numbers between -10 and 10.")
    if spec.mode == "encode" and not (isinstance(spec.source, str) and spec.source.strip()):
        p.append("Choose a file to encode.")
    if spec.device not in ("auto", "cuda", "mps", "cpu"):
        p.append("The device must be auto, cuda, mps or cpu.")
    return p


@dataclass(frozen=True)
class ImageSpec:
    """One image job. ``sample``: ``count`` images, image *i* drawn from seed ``seed + i`` (so image *i* alone is
    ``ImageSpec(count=1, seed=seed + i)``); ``variations``: ``count`` images around ``latents[0]`` (noise from
    ``seed``, scaled by ``strength``); ``interpolate``: ``frames`` images from ``latents[0]`` to ``latents[1]``;
    ``latent``: decode ``latents`` as they are; ``encode``: the VAE encodes the image file ``source`` and shows its
    reconstruction followed by ``count - 1`` variations; ``best_of``: draw ``best_of`` samples, score each with
    the GAN's discriminator and keep the ``count`` best. ``truncation`` (1 = off) pulls the GAN's intermediate
    latent towards its mean, or scales a VAE's prior noise for new samples (VAE latents given or encoded are
    decoded as they are); ``directions`` are the amounts of the model's principal directions (sliders)."""
    kind: ClassVar[str] = "image"
    model: str = DEFAULT_IMAGE_MODEL
    mode: str = "sample"
    count: int = 16
    seed: int = 0
    truncation: float = 1.0
    strength: float = 0.5
    frames: int = 8
    best_of: int = 64
    directions: tuple[float, ...] = ()
    latents: tuple[tuple[float, ...], ...] = ()
    source: str = ""
    device: str = "auto"

    def __post_init__(self):
        object.__setattr__(self, "latents", _nested_tuple(self.latents))
        object.__setattr__(self, "directions", _nested_tuple(self.directions))

    def problems(self) -> list[str]:
        return _typed_problems(self._problems)

    def _problems(self) -> list[str]:
        p = _common_problems(self, IMAGE_MODES)
        if not (0.0 <= self.truncation <= 2.0):
            p.append("Truncation must be between 0 (the average image) and 2; 1 is off.")
        if not (isinstance(self.best_of, int) and 1 <= self.best_of <= 1024):
            p.append("Best of N: N must be between 1 and 1024.")
        elif self.mode == "best_of" and self.count > self.best_of:
            p.append("Best of N: keep at most N images.")
        p += _latent_problems(self.latents, self.mode, "image")
        return p

    def validate(self) -> "ImageSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


@dataclass(frozen=True)
class AudioSpec:
    """One sound job; modes as :class:`ImageSpec` (no ``best_of``). ``seconds`` is the length of each sound,
    ``temperature`` scales the prior noise (0 = the mean sound, 1 = the prior)."""
    kind: ClassVar[str] = "audio"
    model: str = DEFAULT_AUDIO_MODEL
    mode: str = "sample"
    count: int = 4
    seed: int = 0
    seconds: float = 1.0
    temperature: float = 1.0
    strength: float = 0.5
    frames: int = 8
    directions: tuple[float, ...] = ()
    latents: tuple[Any, ...] = ()
    source: str = ""
    device: str = "auto"

    def __post_init__(self):
        object.__setattr__(self, "latents", _nested_tuple(self.latents))
        object.__setattr__(self, "directions", _nested_tuple(self.directions))

    def problems(self) -> list[str]:
        return _typed_problems(self._problems)

    def _problems(self) -> list[str]:
        p = _common_problems(self, AUDIO_MODES)
        if not (isinstance(self.seconds, (int, float)) and 0.1 <= self.seconds <= 10.0):
            p.append("The length must be between 0.1 and 10 seconds.")
        if not (0.0 <= self.temperature <= 2.0):
            p.append("Temperature must be between 0 and 2.")
        p += _latent_problems(self.latents, self.mode, "sound")
        return p

    def validate(self) -> "AudioSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


SPEC_TYPES["image"] = ImageSpec
SPEC_TYPES["audio"] = AudioSpec
