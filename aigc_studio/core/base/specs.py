"""One frozen, serialisable spec per job kind. A spec holds every input that determines the job's output,
the concrete seed included, so a job can be stored in an asset, repeated and tested.

``spec_to_json`` / ``spec_from_json`` round-trip exactly. ``problems()`` lists what is wrong as
:class:`~aigc_studio.core.base.errors.Problem` data (the field, a stable code, an English template and its
arguments), so the interface shows each one next to its control, translated; ``validate()`` raises
:class:`~aigc_studio.core.base.errors.InvalidParameters` with them.

Templates are written out in full where they can be (e.g. "The seed must be between 0 and 4294967295."): they
are the translation keys of the interface (context "CoreMessages", listed in ``ui/panels/common.py``).
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from aigc_studio.core.base.categories import ANY as CATEGORY_ANY
from aigc_studio.core.base.categories import KEY_PATTERN as CATEGORY_KEY
from aigc_studio.core.base.errors import InvalidParameters, Problem, Validated
from aigc_studio.core.base.dataset_spec import DatasetScanSpec
from aigc_studio.core.base.eval_specs import EvalSpec
from aigc_studio.core.base.model_specs import MODEL_SPECS
from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec

SEED_MAX = 2**32 - 1
DEFAULT_TEXT_MODEL = "tang-poems-zh"
DEVICES = ("auto", "cuda", "mps", "cpu")
TEXT_FORMS = ("free", "auto", "wuyan-jueju", "qiyan-jueju", "wuyan-lushi", "qiyan-lushi")   # poem forms
WRONG_TYPE = "A setting has a value of the wrong type ({error})."
SEED_RANGE = "The seed must be between 0 and 4294967295."      # SEED_MAX written out: a translation key


class Checks:
    """Collects the problems of one spec. :meth:`need` runs one field's test; a test that fails on a value of the
    wrong type (a hand-edited file: "strength": "high", a number where a list belongs) is reported for that field
    as ``wrong_type`` instead of escaping as a TypeError."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def need(self, field: str, ok: Callable[[], bool], code: str, message: str, **args: Any) -> bool:
        """Add ``Problem(field, code, message, args)`` unless ``ok()``; True when the value passed."""
        try:
            good = bool(ok())
        except (TypeError, AttributeError, ValueError) as e:
            self.found.append(Problem(field, "wrong_type", WRONG_TYPE, {"error": str(e)}))
            return False
        if not good:
            self.found.append(Problem(field, code, message, dict(args)))
        return good

    def add(self, field: str, code: str, message: str, **args: Any) -> None:
        self.found.append(Problem(field, code, message, dict(args)))


@dataclass(frozen=True)
class TextSpec(Validated):
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
    form: str = "free"                # TEXT_FORMS: a regular Chinese poem's form (core/models/poem_form.py)

    def problems(self) -> list[Problem]:
        c = Checks()
        c.need("form", lambda: self.form in TEXT_FORMS, "choice",
               "The form must be free, auto, wuyan-jueju, qiyan-jueju, wuyan-lushi or qiyan-lushi.")
        c.need("prompt", lambda: isinstance(self.prompt, str) and (self.prompt.strip() != "" or (
            self.form in TEXT_FORMS and self.form != "free")), "empty",      # a poem form may start from nothing
               "The prompt is empty: type a few words to start from.")
        c.need("max_new_tokens", lambda: 1 <= self.max_new_tokens <= 4096, "range",
               "Max new tokens must be between 1 and 4096.")
        c.need("temperature", lambda: 0.0 <= self.temperature <= 5.0, "range",
               "Temperature must be between 0 (greedy) and 5.")
        c.need("top_k", lambda: 0 <= self.top_k <= 100000, "range",
               "Top-k must be 0 (off) or a positive number of tokens.")
        c.need("top_p", lambda: 0.0 < self.top_p <= 1.0, "range", "Top-p must be greater than 0 and at most 1.")
        c.need("repetition_penalty", lambda: 1.0 <= self.repetition_penalty <= 3.0, "range",
               "Repetition penalty must be between 1 (off) and 3.")
        c.need("seed", lambda: 0 <= self.seed <= SEED_MAX, "range", SEED_RANGE)
        c.need("model", lambda: isinstance(self.model, str) and self.model.strip() != "", "empty", "Choose a model.")
        c.need("device", lambda: self.device in DEVICES, "choice", "The device must be auto, cuda, mps or cpu.")
        c.need("stop", lambda: all(isinstance(s, str) and s != "" for s in self.stop), "empty",
               "Stop strings must not be empty.")
        return c.found



def spec_to_dict(spec: Any) -> dict[str, Any]:
    d = dataclasses.asdict(spec)
    d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}
    return {"kind": spec.kind, **d}


def spec_to_json(spec: Any) -> str:
    return json.dumps(spec_to_dict(spec), ensure_ascii=False, sort_keys=True)


def spec_from_dict(d: dict[str, Any]) -> Any:
    kind = d.get("kind") if isinstance(d, dict) else None
    if not isinstance(kind, str) or kind not in SPEC_TYPES:     # a list as "kind" is not hashable: checked first
        raise InvalidParameters([Problem("kind", "unknown", "This file does not hold AIGC Studio settings.")])
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
        raise InvalidParameters([Problem("", "incomplete", "The saved settings are incomplete ({error}).",
                                         {"error": str(e)})]) from None
    except RecursionError:          # lists nested thousands deep (a crafted file)
        raise InvalidParameters([Problem("", "not_json", "The saved settings are not valid JSON.")]) from None


def spec_from_json(text: str) -> Any:
    try:
        d = json.loads(text)
    except (json.JSONDecodeError, TypeError, ValueError, RecursionError):     # RecursionError: nested 100,000 deep
        raise InvalidParameters([Problem("", "not_json", "The saved settings are not valid JSON.")]) from None
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


# Written out per kind of item: they are translation keys ("Select a image first." is the key its translation has).
_LATENT_MESSAGES = {
    "image": {"too_many": "The image latents must be a list of at most 64 vectors.",
              "select_one": "Select a image first.",
              "select_two": "Select two images to interpolate between.",
              "damaged": "A stored image latent is damaged (not a list of finite numbers)."},
    "sound": {"too_many": "The sound latents must be a list of at most 64 vectors.",
              "select_one": "Select a sound first.",
              "select_two": "Select two sounds to interpolate between.",
              "damaged": "A stored sound latent is damaged (not a list of finite numbers)."},
}


def _finite_numbers(lat: Any) -> bool:
    flat = lat
    while flat and isinstance(flat[0], tuple):
        flat = tuple(x for row in flat for x in row)
    return bool(flat) and all(isinstance(x, (int, float)) and math.isfinite(x) for x in flat)


def _latent_problems(c: Checks, latents: Any, mode: str, what: str) -> None:
    words = _LATENT_MESSAGES[what]
    if not c.need("latents", lambda: isinstance(latents, tuple) and len(latents) <= MAX_LATENTS, "too_many",
                  words["too_many"]):
        return
    need = {"variations": 1, "interpolate": 2, "latent": 1}.get(mode, 0)
    if len(latents) < need:
        c.add("latents", "missing", words["select_one" if need == 1 else "select_two"])
    c.need("latents", lambda: all(_finite_numbers(lat) for lat in latents), "damaged", words["damaged"])


def _common_problems(c: Checks, spec: Any, modes: tuple[str, ...]) -> None:
    c.need("model", lambda: isinstance(spec.model, str) and spec.model.strip() != "", "empty", "Choose a model.")
    c.need("mode", lambda: spec.mode in modes, "choice", "Unknown mode '{mode}': one of {modes}.",
           mode=spec.mode, modes=", ".join(modes))
    c.need("count", lambda: isinstance(spec.count, int) and 1 <= spec.count <= 64, "range",
           "The number of results must be between 1 and 64.")
    c.need("seed", lambda: isinstance(spec.seed, int) and 0 <= spec.seed <= SEED_MAX, "range", SEED_RANGE)
    c.need("prior", lambda: getattr(spec, "prior", "fitted") in ("fitted", "standard"), "choice",
           "The latent prior must be fitted or standard.")
    c.need("strength", lambda: 0.0 <= spec.strength <= 2.0, "range",
           "The variation strength must be between 0 and 2.")
    c.need("frames", lambda: isinstance(spec.frames, int) and 2 <= spec.frames <= 64, "range",
           "The number of interpolation frames must be between 2 and 64.")
    c.need("directions", lambda: len(spec.directions) <= MAX_DIRECTIONS and all(
        isinstance(x, (int, float)) and -10.0 <= x <= 10.0 for x in spec.directions), "range",
        "Slider amounts must be at most 16 numbers between -10 and 10.")       # MAX_DIRECTIONS written out
    if spec.mode == "encode":
        c.need("source", lambda: isinstance(spec.source, str) and spec.source.strip() != "", "empty",
               "Choose a file to encode.")
    c.need("device", lambda: spec.device in DEVICES, "choice", "The device must be auto, cuda, mps or cpu.")


class LatentSpec(Validated):
    """What image and sound specs share: latents and slider amounts given as lists (from JSON) become tuples, so
    the frozen spec stays hashable and compares equal after a round trip."""

    def __post_init__(self):
        object.__setattr__(self, "latents", _nested_tuple(self.latents))
        object.__setattr__(self, "directions", _nested_tuple(self.directions))


@dataclass(frozen=True)
class ImageSpec(LatentSpec):
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
    prior: str = "fitted"             # a VAE's new samples: its fitted latent prior, or "standard" (as before)
    category: str = "any"             # a class-conditional model's category key (core/base/categories.py)

    def problems(self) -> list[Problem]:
        c = Checks()
        _common_problems(c, self, IMAGE_MODES)
        c.need("truncation", lambda: 0.0 <= self.truncation <= 2.0, "range",
               "Truncation must be between 0 (the average image) and 2; 1 is off.")
        c.need("category", lambda: isinstance(self.category, str) and (
                   self.category.strip().lower() == CATEGORY_ANY
                   or bool(CATEGORY_KEY.match(self.category.strip().lower()))),
               "choice", "The category must be “any” or one word naming a category, such as “animals”.")
        if (c.need("best_of", lambda: isinstance(self.best_of, int) and 1 <= self.best_of <= 1024, "range",
                   "Best of N: N must be between 1 and 1024.") and self.mode == "best_of"):
            c.need("best_of", lambda: self.count <= self.best_of, "too_few", "Best of N: keep at most N images.")
        _latent_problems(c, self.latents, self.mode, "image")
        return c.found


@dataclass(frozen=True)
class AudioSpec(LatentSpec):
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
    prior: str = "fitted"             # a VAE's new samples: its fitted latent prior, or "standard" (as before)


    def problems(self) -> list[Problem]:
        c = Checks()
        _common_problems(c, self, AUDIO_MODES)
        c.need("seconds", lambda: isinstance(self.seconds, (int, float)) and 0.1 <= self.seconds <= 10.0, "range",
               "The length must be between 0.1 and 10 seconds.")
        c.need("temperature", lambda: 0.0 <= self.temperature <= 2.0, "range",
               "Temperature must be between 0 and 2.")
        _latent_problems(c, self.latents, self.mode, "sound")
        return c.found



# Every kind of job spec, by ``kind``: what spec_from_dict restores and the asset index knows.
SPEC_TYPES: dict[str, type] = {"text": TextSpec, "image": ImageSpec, "audio": AudioSpec,
                               "train-text": TrainTextSpec, "train-image": TrainImageSpec,
                               "train-audio": TrainAudioSpec, "dataset-scan": DatasetScanSpec, "evaluate": EvalSpec,
                               **{c.kind: c for c in MODEL_SPECS}}
