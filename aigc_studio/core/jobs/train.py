"""The "train-text" job: train (or fine-tune) a text model on the user's files.

``TrainTextSpec`` holds the job-level inputs (data, output folder, base model, device) and ``options``: the
training options (tokenizer, size, schedule, seed...) as a canonical JSON object whose keys and defaults are those
of :class:`aigc_studio.core.training.text.TrainConfig` (the recipes' format), so they are defined once.
``run(spec, ctx)`` drives :func:`aigc_studio.core.training.text.train_text` and yields its events. Cancelling
(``ctx.cancelled``) finishes the current step, saves a resumable checkpoint and returns without a model;
"stop and save" (``ctx.stop_and_save_event``) also writes the model folder; ``ctx.pause_event`` pauses between
steps. Submitting the same spec again resumes from the checkpoint in the run folder.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generator

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.events import Result
from aigc_studio.core.base.specs import register_spec

# Recipe keys that name the recipe's own files or model: the job's data, output and card replace them.
RECIPE_ONLY_KEYS = ("data", "eval_data", "out", "run_dir", "device", "card")


def _canonical(options: Mapping) -> str:
    return json.dumps(dict(options), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@register_spec
@dataclass(frozen=True)
class TrainTextSpec:
    kind: ClassVar[str] = "train-text"
    data: str                          # a folder of .txt/.md files or one text file
    out: str                           # the model folder to write
    from_model: str = ""               # fine-tune this model (id or folder); its tokenizer and size are reused
    options: str = "{}"                # JSON object of TrainConfig options (a dict is accepted and canonicalised)
    device: str = "auto"

    def __post_init__(self):
        opts = self.options
        if isinstance(opts, str):
            try:
                parsed = json.loads(opts)
            except json.JSONDecodeError:
                return                 # reported by problems()
            if isinstance(parsed, dict):
                object.__setattr__(self, "options", _canonical(parsed))
        elif isinstance(opts, Mapping):
            object.__setattr__(self, "options", _canonical(opts))

    @classmethod
    def from_cli(cls, data, out, from_model=None, steps=None, minutes=None, recipe=None,
                 device: str = "auto") -> "TrainTextSpec":
        """The spec of ``aigc-studio train text``: a recipe JSON (recipes/*.json) gives the model size and the
        schedule; the command line's data, output, base model, steps or minutes and device win over it.
        ``--minutes`` alone lets the time budget end training (and the learning-rate decay)."""
        options: dict[str, Any] = {}
        if recipe:
            try:
                r = json.loads(Path(recipe).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise InvalidParameters([f"The recipe {recipe} could not be read ({e})."]) from None
            if not isinstance(r, dict):
                raise InvalidParameters([f"The recipe {recipe} is not a JSON object of training options."])
            options.update({k: v for k, v in r.items() if not k.startswith("_") and k not in RECIPE_ONLY_KEYS})
        if steps is not None:
            options["steps"] = int(steps)
            if minutes is None:
                options["minutes"] = 0.0
        if minutes is not None:
            options["minutes"] = float(minutes)
            if steps is None:
                options["steps"] = 10_000_000
        return cls(data=str(data), out=str(out), from_model=str(from_model or ""), options=options, device=device)

    def option_values(self) -> dict:
        """The training options as a dict (raises InvalidParameters when they are not a JSON object)."""
        try:
            d = json.loads(self.options) if isinstance(self.options, str) else None
        except json.JSONDecodeError:
            d = None
        if not isinstance(d, dict):
            raise InvalidParameters(["The training options are not a JSON object of settings."])
        return d

    def config(self, device: str = "cpu"):
        """The trainer's :class:`TrainConfig`: its defaults, then ``options``, then the job's own fields. Without
        an explicit ``warmup_steps`` / ``eval_every`` they shrink with short runs (a tenth of the steps); without an
        explicit ``min_lr`` a given ``lr`` decays to a tenth of itself."""
        from aigc_studio.core.training.text import TrainConfig

        opts = self.option_values()
        try:
            cfg = TrainConfig.from_dict({**opts, "data": self.data, "out": self.out,
                                         "from_model": self.from_model, "device": device})
        except ValueError as e:                     # unknown option names
            msg = str(e)
            raise InvalidParameters([msg[:1].upper() + msg[1:] + "."]) from None
        steps = cfg.steps if isinstance(cfg.steps, int) else 0
        if "warmup_steps" not in opts and isinstance(cfg.warmup_steps, int):
            cfg.warmup_steps = min(cfg.warmup_steps, max(0, steps // 10))
        if "eval_every" not in opts and isinstance(cfg.eval_every, int):
            cfg.eval_every = max(1, min(cfg.eval_every, steps // 10))
        if "min_lr" not in opts and "lr" in opts and isinstance(cfg.lr, (int, float)):
            cfg.min_lr = cfg.lr / 10
        if "card" not in opts:
            name = Path(self.out).name
            cfg.card = {"id": name, "name": name,
                        "data": {"source": self.data, "licence": "the user's own data", "prep": "none"}}
        return cfg

    def problems(self) -> list[str]:
        p = []
        if self.device not in ("auto", "cuda", "mps", "cpu"):
            p.append("The device must be auto, cuda, mps or cpu.")
        if not isinstance(self.from_model, str):
            p.append("The base model must be a model id or folder.")
        try:
            cfg = self.config()
        except InvalidParameters as e:
            return list(e.problems) + p
        return cfg.problems() + p

    def validate(self) -> "TrainTextSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


def run(spec: TrainTextSpec, ctx) -> Generator:
    from aigc_studio.core.training.text import train_text
    return (yield from run_trainer(spec, ctx, train_text))


def run_trainer(spec, ctx, trainer) -> Generator:
    """Drive ``trainer(cfg, should_stop, stop_and_save, paused)`` for a training spec on ``ctx.device``: the
    one job body of every kind of training (text, image, audio)."""
    spec.validate()
    device = ctx.device
    name = getattr(device, "type", None) or str(device or "cpu")
    cfg = spec.config(str(device) if device is not None and name in ("cpu", "cuda", "mps") else "cpu")
    res = yield from trainer(cfg, should_stop=lambda: ctx.cancelled,
                             stop_and_save=ctx.stop_and_save_event.is_set, paused=ctx.pause_event.is_set)
    data = {k: v for k, v in res.items() if isinstance(v, (str, int, float, bool, type(None), dict))}
    paths = (res["out"],) if res.get("out") else ()
    return Result(text="", paths=paths, data=data)
