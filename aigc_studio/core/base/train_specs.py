"""The training job specs: ``TrainTextSpec``, ``TrainImageSpec`` (adds ``model_type``) and ``TrainAudioSpec``,
siblings on one base :class:`TrainSpec`.

A training spec holds the job-level inputs (data, output folder, base model, device) and ``options``: the training
options (model size, schedule, seed...) as a canonical JSON object whose keys and defaults are those of the
trainer's configuration (``aigc_studio.core.training.<kind>``; the recipes' format), so they are defined once.

This module is the lowest layer (no torch, no training code): a spec checks only what it can see by itself
(:meth:`TrainSpec.problems`: the device, empty data or output, options that are not a JSON object, the model
type). The training configuration built from the options has its own, deeper problems; the training layer checks
them, and ``aigc_studio.core.jobs.problems(spec)`` lists both.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from aigc_studio.core.base.errors import InvalidParameters, Problem, Validated

DEVICES = ("auto", "cuda", "mps", "cpu")
MODEL_TYPES = ("gan", "vae")

# Recipe keys that name the recipe's own files or model: the job's data and output replace them, unless the job
# trains on the recipe's own data (a rebuild of the recipe's model, as the shipped-model scripts do).
RECIPE_ONLY_KEYS = ("data", "eval_data", "out", "run_dir", "device", "card")

# "Choose ..." when the data is empty; the training configurations use the same words (one problem, not two).
CHOOSE_DATA: dict[str, str] = {
    "train-text": "Choose the training text: a folder of .txt/.md files or one text file.",
    "train-image": "Choose the training images: a folder of image files.",
    "train-audio": "Choose the training sounds: a folder of sound files or one file.",
}
CHOOSE_OUT = "Choose where to save the trained model."


def canonical_options(options: Mapping) -> str:
    return json.dumps(dict(options), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _same_path(a: Any, b: Any) -> bool:
    try:
        return bool(a) and bool(b) and Path(a).resolve() == Path(b).resolve()
    except (OSError, TypeError, ValueError):
        return False


def recipe_options(recipe, data) -> dict[str, Any]:
    """The training options of a recipe JSON (``recipes/*.json``). Keys starting with ``_`` are comments. The
    recipe's own data, held-out data, run folder and model card are kept only when ``data`` is the recipe's own
    data (rebuilding the recipe's model; the card then records the recipe file); otherwise they belong to another
    model and are left out."""
    try:
        r = json.loads(Path(recipe).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        error = "it is nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise InvalidParameters([Problem("recipe", "unreadable", "The recipe {recipe} could not be read ({error}).",
                                         {"recipe": str(recipe), "error": error})]) from None
    if not isinstance(r, dict):
        raise InvalidParameters([Problem("recipe", "wrong_type",
                                         "The recipe {recipe} is not a JSON object of training options.",
                                         {"recipe": str(recipe)})])
    own = _same_path(r.get("data"), data)
    options = {k: v for k, v in r.items()
               if not k.startswith("_") and (k not in RECIPE_ONLY_KEYS or (own and k in ("eval_data", "run_dir",
                                                                                      "card")))}
    if own and isinstance(options.get("card"), dict):
        options["card"] = {**options["card"], "recipe_file": str(recipe)}
    return options


@dataclass(frozen=True)
class TrainSpec(Validated):
    """What every training job has. ``options``: a JSON object of the trainer's options (a dict is accepted and
    canonicalised, so equal options give equal, hashable specs)."""
    kind: ClassVar[str] = ""
    data: str                          # the training data: a folder or one file
    out: str                           # the model folder to write
    from_model: str = ""               # fine-tune this model (id or folder)
    options: str = "{}"
    device: str = "auto"

    def __post_init__(self):
        opts = self.options
        if isinstance(opts, str):
            try:
                parsed = json.loads(opts)
            except (json.JSONDecodeError, RecursionError):
                return                 # reported by problems()
            if isinstance(parsed, dict):
                object.__setattr__(self, "options", canonical_options(parsed))
        elif isinstance(opts, Mapping):
            object.__setattr__(self, "options", canonical_options(opts))

    @classmethod
    def from_cli(cls, data, out, from_model=None, steps=None, minutes=None, recipe=None, device: str = "auto",
                 options: Mapping | None = None, **fields):
        """The spec of ``aigc-studio train KIND``: a recipe JSON (recipes/*.json) gives the model size and the
        schedule; the command line's data, output, base model, steps or minutes, device and ``options`` (the
        other flags: ``preset``, ``sample_every``...) win over it. ``--minutes`` alone lets the time budget end
        training (and the learning-rate decay); ``--steps`` alone has no time budget. ``fields``: the kind's own
        fields (``model_type``). A recipe's ``from_model`` is the base model when the command line gives none."""
        options_: dict[str, Any] = recipe_options(recipe, data) if recipe else {}
        options_.update(options or {})
        options = options_
        # the recipe's base model, unless the command line names one (the spec's field: an option of that name
        # would be dropped, and a recipe written as a fine-tune would silently train a new model)
        recipe_base = options.pop("from_model", None)
        if recipe_base is not None and not isinstance(recipe_base, str):
            raise InvalidParameters([Problem("from_model", "wrong_type", "The base model must be a model id or "
                                             "folder.")])
        if not from_model and recipe_base:
            from_model = recipe_base
        if steps is not None:
            options["steps"] = int(steps)
            if minutes is None:
                options["minutes"] = 0.0
        if minutes is not None:
            options["minutes"] = float(minutes)
            if steps is None:
                options["steps"] = 10_000_000
        return cls(data=str(data), out=str(out), from_model=str(from_model or ""), options=options, device=device,
                   **fields)

    def option_values(self) -> dict:
        """The training options as a dict (raises InvalidParameters when they are not a JSON object)."""
        try:
            d = json.loads(self.options) if isinstance(self.options, str) else None
        except (json.JSONDecodeError, RecursionError):      # RecursionError: nested 100,000 deep
            d = None
        if not isinstance(d, dict):
            raise InvalidParameters([_NOT_AN_OBJECT])
        return d

    def problems(self) -> list[Problem]:
        """What the spec shows by itself to be wrong (the training configuration's own checks are the training
        layer's: ``aigc_studio.core.jobs.problems(spec)`` lists both)."""
        p = []
        if not isinstance(self.data, str) or not self.data.strip():
            p.append(Problem("data", "empty", CHOOSE_DATA.get(self.kind, "Choose the training data.")))
        if not isinstance(self.out, str) or not self.out.strip():
            p.append(Problem("out", "empty", CHOOSE_OUT))
        if not isinstance(self.from_model, str):
            p.append(Problem("from_model", "wrong_type", "The base model must be a model id or folder."))
        if self.device not in DEVICES:
            p.append(Problem("device", "choice", "The device must be auto, cuda, mps or cpu."))
        try:
            self.option_values()
        except InvalidParameters:
            p.append(_NOT_AN_OBJECT)
        return p



_NOT_AN_OBJECT = Problem("options", "wrong_type", "The training options are not a JSON object of settings.")


@dataclass(frozen=True)
class TrainTextSpec(TrainSpec):
    """Train (or fine-tune) a text model on a folder of .txt/.md files or one text file."""
    kind: ClassVar[str] = "train-text"


@dataclass(frozen=True)
class TrainImageSpec(TrainSpec):
    """Train (or fine-tune) a GAN or a VAE on a folder of pictures."""
    kind: ClassVar[str] = "train-image"
    model_type: str = "gan"            # "gan" | "vae"

    @classmethod
    def from_cli(cls, data, out, from_model=None, steps=None, minutes=None, recipe=None, device: str = "auto",
                 options: Mapping | None = None, model_type: str = "gan") -> "TrainImageSpec":
        return super().from_cli(data, out, from_model, steps, minutes, recipe, device, options,
                                model_type=model_type)

    def problems(self) -> list[Problem]:
        p = [] if self.model_type in MODEL_TYPES else [
            Problem("model_type", "choice", "The model type must be gan or vae.")]
        return p + super().problems()


@dataclass(frozen=True)
class TrainAudioSpec(TrainSpec):
    """Train (or fine-tune) an audio model on a folder of sound files or one file."""
    kind: ClassVar[str] = "train-audio"


TRAIN_SPECS: tuple[type, ...] = (TrainTextSpec, TrainImageSpec, TrainAudioSpec)
