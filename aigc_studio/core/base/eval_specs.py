"""The spec of an evaluation job (kind "evaluate"), torch-free: the model (id or folder), the held-out data to
evaluate against (a folder, a file or a dataset manifest), optionally the training data for the memorisation
check, how many samples an image model draws and from which seed, and whether the figures go into the model's
card. Listed in ``specs.SPEC_TYPES``; the runner is ``core/jobs/evaluate.py``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aigc_studio.core.base.errors import Problem, Validated

EVAL_DEVICES = ("auto", "cuda", "mps", "cpu")
MAX_EVAL_SAMPLES = 10_000


@dataclass(frozen=True)
class EvalSpec(Validated):
    kind: ClassVar[str] = "evaluate"
    model: str = ""
    data: str = ""                 # the held-out data
    train_data: str = ""           # image models: the training pictures (default: the card's recipe data)
    samples: int = 256             # image models: samples drawn (seeds seed .. seed + samples - 1)
    seed: int = 0
    record: bool = True            # write the figures into the model's card.json and README.md
    device: str = "auto"

    def problems(self) -> list[Problem]:
        p = []
        if not isinstance(self.model, str) or not self.model.strip():
            p.append(Problem("model", "empty", "Choose a model."))
        if not isinstance(self.data, str) or not self.data.strip():
            p.append(Problem("data", "empty", "Choose the held-out data to evaluate against."))
        if not isinstance(self.train_data, str):
            p.append(Problem("train_data", "wrong_type", "A setting has a value of the wrong type ({error}).",
                             {"error": "train_data"}))
        if type(self.samples) is not int or not (2 <= self.samples <= MAX_EVAL_SAMPLES):
            p.append(Problem("samples", "range", "The number of samples must be between 2 and {max}.",
                             {"max": MAX_EVAL_SAMPLES}))
        if type(self.seed) is not int or not (0 <= self.seed <= 2**32 - 1):
            p.append(Problem("seed", "range", "The seed must be between 0 and 4294967295."))
        if not isinstance(self.record, bool):
            p.append(Problem("record", "wrong_type", "A setting has a value of the wrong type ({error}).",
                             {"error": "record"}))
        if self.device not in EVAL_DEVICES:
            p.append(Problem("device", "choice", "The device must be auto, cuda, mps or cpu."))
        return p
