"""What every trainer's options share: :class:`TrainOptions` (the fields the training loop reads and their
checks, as :class:`~aigc_studio.core.base.errors.Problem` objects), the checks of data and output folders, and
:func:`config_for`: a training job spec -> its trainer's configuration (the spec's options over the trainer's
defaults, with the job's own fields). Torch-free: problems are listed before torch loads."""
from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from aigc_studio.core.base.errors import InvalidParameters, Problem, UserError
from aigc_studio.core.base.options import Options
from aigc_studio.core.base.train_specs import CHOOSE_DATA, CHOOSE_OUT

SAVE_DTYPES = ("float16", "bfloat16", "float32", "")
_WHOLE_NUMBERS = ("steps", "batch_size", "eval_every", "sample_every", "checkpoint_every", "log_every", "seed",
                  "threads")


class TrainingError(UserError, ValueError):
    """A problem with the training data or options, in the user's words."""


@dataclass
class TrainOptions(Options):
    """The options every trainer has. Subclasses add their own fields (and may change a default by declaring
    the field again); ``KIND`` is the job kind ("train-text"...)."""
    WHAT = "training options"
    KIND = ""

    data: str                                  # a folder or one file
    out: str                                   # the model folder written at the end
    run_dir: str = ""                          # checkpoints; default: <out>.run
    eval_data: str = ""                        # held-out data; default: a part of data
    from_model: str = ""                       # fine-tune this model folder or installed model id
    model: dict = field(default_factory=dict)  # the model's own options (a new model)
    steps: int = 1000
    minutes: float = 0.0                       # 0 = no time budget
    batch_size: int = 16
    eval_every: int = 500
    sample_every: int = 500
    checkpoint_every: int = 500
    log_every: int = 20
    seed: int = 1234
    threads: int = 0                           # torch threads; 0 = leave torch's default
    device: str = "cpu"
    resume: bool = True
    save_dtype: str = "float16"
    card: dict = field(default_factory=dict)   # id, name, language, description, data{source,licence,prep}...

    def problems(self) -> list[Problem]:
        try:
            return self._problems()
        except (TypeError, AttributeError) as e:
            return [Problem("options", "wrong_type", "A training option has a value of the wrong type ({error}).",
                            {"error": str(e)})]

    def _problems(self) -> list[Problem]:
        """The shared checks; subclasses add theirs (``super()._problems() + [...]``)."""
        from aigc_studio.core.base.specs import SEED_MAX
        wrong = [Problem(name, "wrong_type", "A training option has a value of the wrong type ({name}: {value}).",
                         {"name": name, "value": repr(getattr(self, name))})
                 for name in _WHOLE_NUMBERS if type(getattr(self, name)) is not int]
        if type(self.minutes) not in (int, float):
            wrong.append(Problem("minutes", "wrong_type", "A training option has a value of the wrong type "
                                 "({name}: {value}).", {"name": "minutes", "value": repr(self.minutes)}))
        if wrong:
            return wrong
        p = []
        if not (isinstance(self.steps, int) and 1 <= self.steps <= 10_000_000):
            p.append(Problem("steps", "range", "Steps must be at least 1 (and at most 10,000,000)."))
        if not (0.0 <= self.minutes <= 100_000):
            p.append(Problem("minutes", "range", "The time budget must be 0 (none) or a number of minutes."))
        if not (isinstance(self.batch_size, int) and 1 <= self.batch_size <= 4096):
            p.append(Problem("batch_size", "range", "The batch size must be between 1 and {max}.", {"max": 4096}))
        if min(self.eval_every, self.sample_every, self.checkpoint_every) < 0 or not (
                isinstance(self.log_every, int) and self.log_every >= 1):
            p.append(Problem("log_every", "range", "The evaluation, sample, checkpoint and log intervals must not "
                             "be negative (log every 1 or more steps)."))
        if not (isinstance(self.seed, int) and 0 <= self.seed <= SEED_MAX):
            p.append(Problem("seed", "range", "The seed must be between 0 and {max}.", {"max": SEED_MAX}))
        if self.threads < 0:
            p.append(Problem("threads", "range", "Threads must be 0 (automatic) or more."))
        if self.save_dtype not in SAVE_DTYPES:
            p.append(Problem("save_dtype", "choice", "Weights are saved as float16, bfloat16 or float32."))
        return p

    def files_problems(self, what: str, missing: str, folder_only: bool = False) -> list[Problem]:
        """The checks of the data, held-out data and output folder. ``what`` names the data ("training text"),
        ``missing`` ends the sentence when it is not there ("does not exist"); ``folder_only``: a folder."""
        there = (lambda x: Path(x).is_dir()) if folder_only else (lambda x: Path(x).exists())
        p = []
        if not isinstance(self.data, str) or not self.data.strip():
            p.append(Problem("data", "empty", CHOOSE_DATA[self.KIND]))
        elif not there(self.data):
            p.append(Problem("data", "missing", "The {what} {path} {missing}.",
                             {"what": what, "path": self.data, "missing": missing}))
        if self.eval_data and not there(self.eval_data):
            p.append(Problem("eval_data", "missing", "The {what} {path} {missing}.",
                             {"what": what.replace("training", "held-out"), "path": self.eval_data,
                              "missing": missing}))
        if not isinstance(self.out, str) or not self.out.strip():
            p.append(Problem("out", "empty", CHOOSE_OUT))
        else:
            problem = out_folder_problem(self.out)
            if problem:
                p.append(problem)
        return p

    def paths(self) -> tuple[Path, Path]:
        """(the model folder, the run folder of checkpoints)."""
        out = Path(self.out)
        return out, (Path(self.run_dir) if self.run_dir else out.parent / (out.name + ".run"))

    @classmethod
    def shrink_for_short_runs(cls, cfg: "TrainOptions", opts: dict) -> None:
        """Options not given explicitly that should shrink with a short run (the job's defaults); per kind."""


def out_folder_problem(out) -> Problem | None:
    """Why ``out`` must not receive the model (it is replaced as a whole), or None when it may."""
    from aigc_studio.core.models.checkpoint import CARD_FILE
    out = Path(out)
    if out.is_dir():
        if (out / CARD_FILE).is_file() or not any(out.iterdir()):
            return None            # an earlier model folder, or an empty folder
    elif not out.exists():
        return None
    return Problem("out", "not_a_model_folder", "{path} already exists and is not a model folder: the trained model "
                   "replaces the whole folder, so choose a new folder.", {"path": str(out)})


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise TrainingError(" ".join(p.text for p in problems))


def resolve_model_folder(from_model: str) -> Path:
    """The folder of a base model given as a folder or an installed model id."""
    folder = Path(from_model)
    if not folder.is_dir():
        from aigc_studio.core.models import registry
        folder = Path(registry.resolve(from_model).path)
    return folder


# ------------------------------------------------------------------ job spec -> configuration

CONFIGS: dict[str, str] = {
    "train-text": "aigc_studio.core.training.text:TrainConfig",
    "train-image": "aigc_studio.core.training.image:ImageTrainConfig",
    "train-audio": "aigc_studio.core.training.audio:AudioTrainConfig",
}


def config_class(kind: str) -> type:
    module, _, name = CONFIGS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def config_for(spec, device: str = "cpu") -> TrainOptions:
    """The trainer's configuration of a training job spec: the trainer's defaults, then the spec's options, then
    the job's own fields (data, out, from_model, device, and the kind's own, e.g. model_type). Intervals and
    warm-ups the options do not give shrink with short runs; without a ``card`` the model is the user's own.
    Raises InvalidParameters when the options are not a JSON object or name unknown options."""
    cls = config_class(spec.kind)
    own = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec) if f.name != "options"}
    opts = {k: v for k, v in spec.option_values().items() if k not in own}
    try:
        cfg = cls.from_dict({**opts, **own, "device": device})
    except (ValueError, TypeError) as e:              # unknown option names
        msg = str(e)
        raise InvalidParameters([Problem("options", "unknown", "{message}.",
                                         {"message": msg[:1].upper() + msg[1:]})]) from None
    try:
        cls.shrink_for_short_runs(cfg, opts)
    except TypeError:
        pass                                           # a value of the wrong type: cfg.problems() says so
    if "card" not in opts:
        name = Path(spec.out).name
        cfg.card = {"id": name, "name": name,
                    "data": {"source": spec.data, "licence": "the user's own data", "prep": "none"}}
    return cfg


def shrink(cfg: TrainOptions, opts: dict, keys: tuple[str, ...], part: int, floor: int) -> None:
    """Each of ``keys`` not in ``opts`` becomes at most ``steps // part`` (and at least ``floor``)."""
    steps = cfg.steps if isinstance(cfg.steps, int) else 0
    for key in keys:
        value = getattr(cfg, key)
        if key not in opts and isinstance(value, int):
            setattr(cfg, key, max(floor, min(value, steps // part)))
