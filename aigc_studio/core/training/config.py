"""The options of every trainer, torch-free: a training spec's problems are listed (on the window's thread, by
:func:`aigc_studio.core.jobs.validate`) before torch loads.

- :class:`TrainOptions`: the fields the training loop reads and their checks (as
  :class:`~aigc_studio.core.base.errors.Problem` objects), and the checks of the data and output folders;
- one subclass per trainer: :class:`TrainConfig` (text, :mod:`.text`), :class:`ImageTrainConfig` (GAN or VAE,
  :mod:`.image`), :class:`AudioTrainConfig` (audio VAE, :mod:`.audio`), each with its own checks and the options
  that shrink with short runs;
- :func:`config_for`: a training job spec -> its trainer's configuration (the spec's options over the trainer's
  defaults, with the job's own fields).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigc_studio.core.base.errors import InvalidParameters, Problem, UserError
from aigc_studio.core.base.options import Options
from aigc_studio.core.base.specs import SEED_MAX
from aigc_studio.core.base.train_specs import CHOOSE_DATA, CHOOSE_OUT
from aigc_studio.core.data.dataset import augment_problems, looks_like_manifest
from aigc_studio.core.models.audio_vae_config import AudioVAEConfig
from aigc_studio.core.models.checkpoint import CARD_FILE
from aigc_studio.core.training.presets import PRESETS, preset_problem

SAVE_DTYPES = ("float16", "bfloat16", "float32", "")
_WHOLE_NUMBERS = ("steps", "batch_size", "eval_every", "sample_every", "checkpoint_every", "log_every", "seed",
                  "threads")


class TrainingError(UserError, ValueError):
    """A problem with the training data or options, in the user's words."""


# The model card's own entries a recipe (or the Train tab) may give, and the type each must have.
_CARD_TYPES = {"id": str, "name": str, "description": str, "language": str, "data": dict, "rebuild": list,
               "recipe_file": str, "usage": dict, "metrics_notes": str, "limitations": str, "sampling": dict,
               "purpose": list}


def card_problems(card: Any) -> list[Problem]:
    """What is wrong with the ``card`` option (checked before training, so a typo in a recipe does not end an
    hour's run with an error when the model is written)."""
    if not isinstance(card, dict):
        return [Problem("card", "wrong_type", "The model card must be a JSON object of entries (id, name, "
                        "description, data...).")]
    bad = sorted(k for k, kind in _CARD_TYPES.items() if k in card and not isinstance(card[k], kind))
    rebuild = card.get("rebuild")
    if isinstance(rebuild, list) and not all(isinstance(x, str) for x in rebuild):
        bad.append("rebuild")
    if bad:
        return [Problem("card", "wrong_type", "The model card has entries of the wrong type: {names}.",
                        {"names": ", ".join(bad)})]
    return []


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
    preset: str = ""                           # a size preset (core/training/presets.py); "" = the defaults
    data_augment: dict = field(default_factory=dict)   # core/data/augment.py AugmentSettings; {}: the manifest's

    def problems(self) -> list[Problem]:
        try:
            return self._problems()
        except (TypeError, AttributeError) as e:
            return [Problem("options", "wrong_type", "A training option has a value of the wrong type ({error}).",
                            {"error": str(e)})]

    def _problems(self) -> list[Problem]:
        """The shared checks; subclasses add theirs (``super()._problems() + [...]``)."""
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
        p += card_problems(self.card)
        p += augment_problems(self.data_augment)
        bad_preset = preset_problem(self.KIND, self.preset, getattr(self, "model_type", ""))
        if bad_preset:
            p.append(Problem("preset", "choice", *bad_preset))
        return p

    def files_problems(self, what: str, missing: str, folder_only: bool = False) -> list[Problem]:
        """The checks of the data, held-out data and output folder. ``what`` names the data ("training text"),
        ``missing`` ends the sentence when it is not there ("does not exist"); ``folder_only``: a folder."""
        there = (lambda x: Path(x).is_dir() or looks_like_manifest(x)) if folder_only else (lambda x: Path(x).exists())
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


def shrink(cfg: TrainOptions, opts: dict, keys: tuple[str, ...], part: int, floor: int) -> None:
    """Each of ``keys`` not in ``opts`` becomes at most ``steps // part`` (and at least ``floor``)."""
    steps = cfg.steps if isinstance(cfg.steps, int) else 0
    for key in keys:
        value = getattr(cfg, key)
        if key not in opts and isinstance(value, int):
            setattr(cfg, key, max(floor, min(value, steps // part)))


# ------------------------------------------------------------------ text: a GPT (training/text.py)

@dataclass
class TrainConfig(TrainOptions):
    KIND = "train-text"

    architecture: str = "gpt"                  # "gpt" | "lstm" (ignored with from_model)
    tokenizer: str = "bpe"                     # "char" | "bpe" (ignored with from_model)
    vocab_size: int = 2048                     # bpe
    char_min_count: int = 1                    # char: keep characters seen at least this often
    model: dict = field(default_factory=lambda: {"n_layer": 4, "n_head": 4, "n_embd": 192, "block_size": 128,
                                                 "dropout": 0.0})
    steps: int = 1000
    batch_size: int = 16
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup_steps: int = 100
    weight_decay: float = 0.1
    beta2: float = 0.99
    grad_clip: float = 1.0
    eval_every: int = 200
    eval_batches: int = 8
    sample_every: int = 500
    sample_prompt: str = ""
    sample_tokens: int = 80

    def _problems(self) -> list[Problem]:
        p = self.files_problems("training text", "does not exist")
        if not self.from_model:
            if self.tokenizer not in ("char", "bpe"):
                p.append(Problem("tokenizer", "choice", "The tokenizer must be char (Chinese) or bpe."))
            if self.tokenizer == "bpe" and not (260 <= self.vocab_size <= 65536):
                p.append(Problem("vocab_size", "range", "The BPE vocabulary must have between 260 and 65536 tokens."))
            if self.char_min_count < 1:
                p.append(Problem("char_min_count", "range",
                                 "Characters must be kept when seen at least once (1 or more)."))
            m = self.model
            if self.architecture not in ("gpt", "lstm"):
                p.append(Problem("architecture", "choice", "The text model must be gpt or lstm."))
            n_layer, n_head, n_embd = m.get("n_layer", 0), m.get("n_head", 1), m.get("n_embd", 0)
            if self.architecture == "lstm":
                if not (1 <= n_layer <= 8 and 8 <= n_embd <= 4096):
                    p.append(Problem("model", "range", "The LSTM size is out of range (layers 1-8, width 8-4096)."))
            elif not (1 <= n_layer <= 48) or not (1 <= n_head <= 64) or not (8 <= n_embd <= 4096):
                p.append(Problem("model", "range",
                                 "The model size is out of range (layers 1-48, heads 1-64, width 8-4096)."))
            elif n_embd % n_head:
                p.append(Problem("model", "range", "The width must be a multiple of the number of heads."))
            if not (8 <= m.get("block_size", 0) <= 4096):
                p.append(Problem("model", "range", "The context must be between 8 and 4096 tokens."))
            if not (0.0 <= m.get("dropout", 0.0) < 1.0):
                p.append(Problem("model", "range", "Dropout must be at least 0 and below 1."))
        if not (0.0 < self.lr < 1.0):
            p.append(Problem("lr", "range", "The learning rate must be between 0 and 1."))
        if (self.min_lr < 0 or self.warmup_steps < 0 or self.weight_decay < 0 or not (0.0 < self.beta2 < 1.0)
                or self.grad_clip < 0):
            p.append(Problem("lr", "range", "The optimiser settings are out of range."))
        if min(self.eval_batches, self.sample_tokens) < 0:
            p.append(Problem("eval_batches", "range", "The evaluation and sample sizes must not be negative."))
        return p + super()._problems()

    @classmethod
    def shrink_for_short_runs(cls, cfg: "TrainConfig", opts: dict) -> None:
        """Without an explicit ``warmup_steps`` / ``eval_every`` they shrink with short runs (a tenth of the
        steps); without an explicit ``min_lr`` a given ``lr`` decays to a tenth of itself."""
        shrink(cfg, opts, ("warmup_steps",), 10, 0)
        shrink(cfg, opts, ("eval_every",), 10, 1)
        if "min_lr" not in opts and "lr" in opts and isinstance(cfg.lr, (int, float)):
            cfg.min_lr = cfg.lr / 10


# ------------------------------------------------------------------ image: a GAN or a VAE (training/image.py)

def _is_step(v: Any) -> bool:
    """A step number: an int (not a bool) that is not negative."""
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


@dataclass
class ImageTrainConfig(TrainOptions):
    KIND = "train-image"

    model_type: str = "gan"                    # "gan" | "vae"
    steps: int = 5000
    batch_size: int = 32
    lr: float = 2e-4                           # VAE; GAN generator
    lr_d: float = 2e-4                         # GAN discriminator
    beta1: float = 0.0
    beta2: float = 0.99
    ema_decay: float = 0.999
    augment: bool = True                       # earlier versions' DiffAugment switch: false still turns it off
    diffaugment: Any = "auto"                  # GAN: DiffAugment of D's inputs: true, false, "auto" (< 1000 images)
    diffaugment_policy: str = "color,translation,cutout"
    hflip: bool = False                        # mirror training images at random
    class_loss: float = 0.0                    # conditional GAN: weight of the class loss (D must read the class
    class_loss_from: int = 0                   # of real images, G must draw it); 0 = off; from this step on
    balance_classes: bool = False              # conditional GAN: every class as often in real and generated
                                               # batches (from class_loss_from on), not as the data has them
    class_weights: dict = field(default_factory=dict)  # with balance_classes: {class name: weight}, a class drawn
                                                       # that much more often than the others (1 = as often),
    class_weights_from: int = 0                        # from this step on
    mode_seeking: float = 0.0                  # GAN: weight of the mode-seeking term (MSGAN): pictures of
    mode_seeking_from: int = 0                 # different noise should differ; 0 = off; from this step on
    beta_max: float = 1.0                      # VAE: KL weight after warm-up
    kl_warmup: int = 2000

    def _class_weight_problems(self) -> list[Problem]:
        """``class_weights`` / ``class_weights_from``: one problem, saying which rule is broken."""
        w = self.class_weights
        if not isinstance(w, dict):
            return [Problem("class_weights", "wrong_type", "Class weights must be a list of class names, each "
                            "with a number.")]
        for name, v in w.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 100:
                return [Problem("class_weights", "range", "The weight of {name} must be a number above 0 and at "
                                "most 100.", {"name": str(name)})]
        if w and (self.model_type != "gan" or self.balance_classes is not True):
            return [Problem("class_weights", "needs", "Class weights apply to a GAN drawn by category, with "
                            "balanced classes on.")]
        if not _is_step(self.class_weights_from):
            return [Problem("class_weights", "range", "Class weights must start from a step that is not "
                            "negative.")]
        return []

    def _problems(self) -> list[Problem]:
        p = [] if self.model_type in ("gan", "vae") else [
            Problem("model_type", "choice", "The model type must be gan or vae.")]
        p += self.files_problems("training images", "are not a folder", folder_only=True)
        if not (isinstance(self.batch_size, int) and 1 <= self.batch_size <= 1024):
            p.append(Problem("batch_size", "range", "The batch size must be between 1 and {max}.", {"max": 1024}))
        if not (0 < self.lr <= 1 and 0 < self.lr_d <= 1):
            p.append(Problem("lr", "range", "Learning rates must be between 0 and 1."))
        if self.minutes < 0:
            p.append(Problem("minutes", "range", "The time budget cannot be negative."))
        if not self.from_model:
            p += _model_option_problems(self.model)
        if not (isinstance(self.class_loss, (int, float)) and 0 <= self.class_loss <= 10
                and _is_step(self.class_loss_from) and isinstance(self.balance_classes, bool)):
            p.append(Problem("class_loss", "range", "The class loss weight must be between 0 and 10, from a step "
                             "that is not negative."))
        p += self._class_weight_problems()
        if not (isinstance(self.mode_seeking, (int, float)) and not isinstance(self.mode_seeking, bool)
                and 0 <= self.mode_seeking <= 10 and _is_step(self.mode_seeking_from)):
            p.append(Problem("mode_seeking", "range", "The mode-seeking weight must be between 0 and 10, from a "
                             "step that is not negative."))
        if self.kl_warmup < 0:
            p.append(Problem("kl_warmup", "range", "The KL warm-up must not be negative."))
        if self.diffaugment not in (True, False, "auto") or not isinstance(self.diffaugment_policy, str) or any(
                x.strip() not in ("color", "translation", "cutout") for x in self.diffaugment_policy.split(",")
                if x.strip()):
            p.append(Problem("diffaugment", "choice", "DiffAugment must be on, off or auto, with a policy made of "
                             "color, translation and cutout."))
        if not (0.0 <= self.ema_decay < 1.0 and 0.0 <= self.beta1 < 1.0 and 0.0 < self.beta2 < 1.0
                and self.beta_max >= 0):
            p.append(Problem("ema_decay", "range", "The optimiser settings are out of range."))
        shared = super()._problems()
        said = {q.field for q in p}
        return p + [q for q in shared if q.field not in said]

    @classmethod
    def shrink_for_short_runs(cls, cfg: "ImageTrainConfig", opts: dict) -> None:
        shrink(cfg, opts, ("sample_every", "eval_every", "checkpoint_every"), 10, 1)
        shrink(cfg, opts, ("kl_warmup",), 3, 1)


def _model_option_problems(model: Any) -> list[Problem]:
    """The common mistakes in the model options, checked without torch (the model's own ``from_dict`` checks the
    rest when training starts)."""
    if not isinstance(model, dict):
        return [Problem("model", "wrong_type", "The model options must be a JSON object (image_size, channels, ...).")]
    p = []
    size = model.get("image_size", 64)
    if not (isinstance(size, int) and 16 <= size <= 256 and size & (size - 1) == 0):
        p.append(Problem("model", "range", "The image size must be a power of two between 16 and 256."))
    if model.get("channels", 4) not in (3, 4):
        p.append(Problem("model", "choice", "The channels must be 3 (RGB) or 4 (RGBA)."))
    return p


# ------------------------------------------------------------------ audio: an audio VAE (training/audio.py)

@dataclass
class AudioTrainConfig(TrainOptions):
    KIND = "train-audio"

    max_seconds: float = 4.0                   # of each file, kept for crops
    steps: int = 20000
    batch_size: int = 8
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup_steps: int = 200
    grad_clip: float = 1.0
    beta: float = 0.01                         # KL weight after the warm-up
    beta_start: int = 500
    beta_warmup: int = 3000
    stft_sizes: list = field(default_factory=lambda: [2048, 1024, 512, 256, 128, 64])
    l1_weight: float = 0.0
    f0_weight: float = 1.0                     # |log2 f0 - log2 f0_target| of pitched sounds (YIN estimate)
    eval_every: int = 250
    eval_count: int = 32                       # held-out sounds per eval during training (all at the end)
    sample_every: int = 1000
    checkpoint_every: int = 250

    def _problems(self) -> list[Problem]:
        p = self.files_problems("training sounds", "do not exist")
        if not self.from_model:
            try:
                AudioVAEConfig.from_dict(self.model)
            except (ValueError, TypeError) as e:
                p.append(Problem("model", "invalid", "The model options are invalid ({error}).", {"error": str(e)}))
        if not (1 <= self.batch_size <= 1024):
            p.append(Problem("batch_size", "range", "The batch size must be between 1 and {max}.", {"max": 1024}))
        if not (0.0 < self.lr < 1.0) or self.min_lr < 0 or self.warmup_steps < 0 or self.grad_clip < 0:
            p.append(Problem("lr", "range", "The optimiser settings are out of range."))
        if not (0.0 <= self.beta <= 10.0) or self.beta_start < 0 or self.beta_warmup < 0 or self.l1_weight < 0 \
                or self.f0_weight < 0:
            p.append(Problem("beta", "range",
                             "The loss weights (KL and its warm-up, pitch, waveform) must not be negative."))
        if not self.stft_sizes or any(not isinstance(n, int) or n < 16 or n & (n - 1) for n in self.stft_sizes):
            p.append(Problem("stft_sizes", "range", "The STFT sizes must be powers of two of at least 16."))
        if not (0.1 <= self.max_seconds <= 600):
            p.append(Problem("max_seconds", "range",
                             "The length kept of each file must be between 0.1 and 600 seconds."))
        if self.eval_count < 0:
            p.append(Problem("eval_count", "range", "The number of held-out sounds per evaluation must not be "
                             "negative."))
        shared = super()._problems()
        said = {q.field for q in p}
        return p + [q for q in shared if q.field not in said]

    @classmethod
    def shrink_for_short_runs(cls, cfg: "AudioTrainConfig", opts: dict) -> None:
        """Without a time budget, warm-ups and intervals not given shrink with short runs; without an explicit
        ``min_lr`` a given ``lr`` decays to a tenth of itself."""
        if not cfg.minutes:
            shrink(cfg, opts, ("warmup_steps", "beta_start"), 10, 0)
            shrink(cfg, opts, ("beta_warmup",), 3, 0)
            shrink(cfg, opts, ("eval_every", "checkpoint_every"), 10, 1)
        if "min_lr" not in opts and "lr" in opts and isinstance(cfg.lr, (int, float)):
            cfg.min_lr = cfg.lr / 10


# ------------------------------------------------------------------ job spec -> configuration

CONFIGS: dict[str, type[TrainOptions]] = {c.KIND: c for c in (TrainConfig, ImageTrainConfig, AudioTrainConfig)}


def config_for(spec, device: str = "cpu") -> TrainOptions:
    """The trainer's configuration of a training job spec: the trainer's defaults, then the spec's options, then
    the job's own fields (data, out, from_model, device, and the kind's own, e.g. model_type). Intervals and
    warm-ups the options do not give shrink with short runs; without a ``card`` the model is the user's own.
    Raises InvalidParameters when the options are not a JSON object or name unknown options."""
    cls = CONFIGS[spec.kind]
    own = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec) if f.name != "options"}
    opts = {k: v for k, v in spec.option_values().items() if k not in own}
    preset = PRESETS.get(opts.get("preset")) if isinstance(opts.get("preset"), str) else None
    under = dict(preset.options) if preset is not None and preset.kind == spec.kind else {}
    if under.get("architecture") and "architecture" not in cls.__dataclass_fields__:
        under.pop("architecture")
    try:
        cfg = cls.from_dict({**under, **opts, **own, "device": device})
    except (ValueError, TypeError) as e:              # unknown option names
        msg = str(e)
        raise InvalidParameters([Problem("options", "unknown", "{message}.",
                                         {"message": msg[:1].upper() + msg[1:]})]) from None
    try:
        cls.shrink_for_short_runs(cfg, {**under, **opts})
    except TypeError:
        pass                                           # a value of the wrong type: cfg.problems() says so
    if "card" not in opts:
        name = Path(spec.out).name
        cfg.card = {"id": name, "name": name,
                    "data": {"source": spec.data, "licence": "the user's own data", "prep": "none"}}
    return cfg
