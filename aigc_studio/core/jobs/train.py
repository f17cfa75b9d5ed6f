"""The "train-text" job: train (or fine-tune) a text model on the user's files.

``TrainTextSpec`` holds every input (data, output folder, tokenizer or base model, size, schedule, seed);
``run(spec, ctx)`` drives :func:`aigc_studio.core.training.text.train_text` and yields its events. Cancelling
(``ctx.cancelled``) finishes the current step, saves a resumable checkpoint and returns without a model;
"stop and save" (``ctx.stop_and_save_event``) also writes the model folder; ``ctx.pause_event`` pauses between
steps. Submitting the same spec again resumes from the checkpoint in the run folder.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Generator

from aigc_studio.core.errors import InvalidParameters
from aigc_studio.core.jobs.events import Result
from aigc_studio.core.jobs.specs import SEED_MAX, register_spec


@register_spec
@dataclass(frozen=True)
class TrainTextSpec:
    kind: ClassVar[str] = "train-text"
    data: str                          # a folder of .txt/.md files or one text file
    out: str                           # the model folder to write
    from_model: str = ""               # fine-tune this model (id or folder); its tokenizer and size are reused
    tokenizer: str = "bpe"             # "char" (Chinese) | "bpe" (with vocab_size)
    vocab_size: int = 2048
    char_min_count: int = 2
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 192
    block_size: int = 128
    dropout: float = 0.0
    steps: int = 1000
    minutes: float = 0.0               # 0 = no time budget
    batch_size: int = 16
    lr: float = 1e-3
    warmup_steps: int = 100
    min_lr: float = 0.0                # 0 = lr / 10
    weight_decay: float = 0.1
    beta2: float = 0.99
    grad_clip: float = 1.0
    eval_data: str = ""
    eval_every: int = 0                # 0 = about ten evaluations per run (at most every 200 steps)
    sample_prompt: str = ""
    sample_every: int = 200
    sample_tokens: int = 80
    checkpoint_every: int = 200
    run_dir: str = ""                  # checkpoints; "" = <out>.run
    save_dtype: str = "float16"
    seed: int = 0
    threads: int = 0                   # 0 = torch's default
    device: str = "auto"

    @classmethod
    def from_cli(cls, data, out, from_model=None, steps=None, minutes=None, recipe=None,
                 device: str = "auto") -> "TrainTextSpec":
        """The spec of ``aigc-studio train text``: a recipe JSON (recipes/*.json) gives the model size and the
        schedule; the command line's data, output, base model, steps or minutes and device win over it.
        ``--minutes`` alone lets the time budget end training (and the learning-rate decay)."""
        from aigc_studio.core.errors import InvalidParameters as _IP
        values: dict = {}
        if recipe:
            import json
            try:
                r = json.loads(Path(recipe).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise _IP([f"The recipe {recipe} could not be read ({e})."]) from None
            names = {f.name for f in dataclasses.fields(cls)}
            values.update({k: v for k, v in r.items() if k in names and k not in ("data", "out", "run_dir")})
            values.update({k: v for k, v in (r.get("model") or {}).items() if k in names})
            if r.get("char_min_count"):
                values["char_min_count"] = r["char_min_count"]
            if r.get("threads") is not None:
                values["threads"] = r["threads"]
        values.update(data=str(data), out=str(out), device=device)
        if from_model:
            values["from_model"] = str(from_model)
        if steps is not None:
            values["steps"] = int(steps)
            if minutes is None:
                values["minutes"] = 0.0
        if minutes is not None:
            values["minutes"] = float(minutes)
            if steps is None:
                values["steps"] = 10_000_000
        return cls(**values)

    def problems(self) -> list[str]:
        p = []
        if not isinstance(self.data, str) or not self.data.strip():
            p.append("Choose the training text: a folder of .txt/.md files or one text file.")
        elif not Path(self.data).exists():
            p.append(f"The training text {self.data} does not exist.")
        if not isinstance(self.out, str) or not self.out.strip():
            p.append("Choose where to save the trained model.")
        if not self.from_model:
            if self.tokenizer not in ("char", "bpe"):
                p.append("The tokenizer must be char (Chinese) or bpe.")
            if self.tokenizer == "bpe" and not (260 <= self.vocab_size <= 65536):
                p.append("The BPE vocabulary must have between 260 and 65536 tokens.")
            if not (1 <= self.n_layer <= 48) or not (1 <= self.n_head <= 64) or not (8 <= self.n_embd <= 4096):
                p.append("The model size is out of range (layers 1-48, heads 1-64, width 8-4096).")
            elif self.n_embd % self.n_head:
                p.append("The width must be a multiple of the number of heads.")
            if not (8 <= self.block_size <= 4096):
                p.append("The context must be between 8 and 4096 tokens.")
            if not (0.0 <= self.dropout < 1.0):
                p.append("Dropout must be at least 0 and below 1.")
        if not (1 <= self.steps <= 10_000_000):
            p.append("Steps must be at least 1.")
        if not (0.0 <= self.minutes <= 100_000):
            p.append("The time budget must be 0 (none) or a number of minutes.")
        if not (1 <= self.batch_size <= 4096):
            p.append("The batch size must be between 1 and 4096.")
        if not (0.0 < self.lr < 1.0):
            p.append("The learning rate must be between 0 and 1.")
        if not (0 <= self.seed <= SEED_MAX):
            p.append(f"The seed must be between 0 and {SEED_MAX}.")
        if self.device not in ("auto", "cuda", "mps", "cpu"):
            p.append("The device must be auto, cuda, mps or cpu.")
        if self.min_lr < 0 or self.weight_decay < 0 or not (0.0 < self.beta2 < 1.0) or self.grad_clip < 0:
            p.append("The optimiser settings are out of range.")
        if self.save_dtype not in ("float16", "bfloat16", "float32", ""):
            p.append("Weights are saved as float16, bfloat16 or float32.")
        if self.threads < 0:
            p.append("Threads must be 0 (automatic) or more.")
        return p

    def validate(self) -> "TrainTextSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self

    def to_config(self, device: str = "cpu"):
        from aigc_studio.core.training.text import TrainConfig
        return TrainConfig(
            data=self.data, out=self.out, eval_data=self.eval_data, from_model=self.from_model,
            tokenizer=self.tokenizer, vocab_size=self.vocab_size, char_min_count=self.char_min_count,
            model={"n_layer": self.n_layer, "n_head": self.n_head, "n_embd": self.n_embd,
                   "block_size": self.block_size, "dropout": self.dropout},
            steps=self.steps, minutes=self.minutes, batch_size=self.batch_size, lr=self.lr,
            min_lr=self.min_lr or self.lr / 10, warmup_steps=min(self.warmup_steps, max(0, self.steps // 10)),
            weight_decay=self.weight_decay, beta2=self.beta2, grad_clip=self.grad_clip,
            eval_every=self.eval_every or max(1, min(200, self.steps // 10)), sample_prompt=self.sample_prompt,
            sample_every=self.sample_every, sample_tokens=self.sample_tokens,
            checkpoint_every=self.checkpoint_every, log_every=10, run_dir=self.run_dir,
            save_dtype=self.save_dtype, seed=self.seed, threads=self.threads, device=device,
            card={"id": Path(self.out).name, "name": Path(self.out).name,
                  "data": {"source": self.data, "licence": "the user's own data", "prep": "none"}})


def run(spec: TrainTextSpec, ctx) -> Generator:
    from aigc_studio.core.training.text import train_text

    spec.validate()
    device = ctx.device
    name = getattr(device, "type", None) or str(device or "cpu")
    cfg = spec.to_config(str(device) if device is not None else "cpu")
    if name not in ("cpu", "cuda", "mps"):
        cfg.device = "cpu"
    res = yield from train_text(cfg, should_stop=lambda: ctx.cancelled,
                                stop_and_save=ctx.stop_and_save_event.is_set, paused=ctx.pause_event.is_set)
    data = {k: v for k, v in res.items() if isinstance(v, (str, int, float, bool, type(None), dict))}
    paths = (res["out"],) if res.get("out") else ()
    return Result(text="", paths=paths, data=data)
