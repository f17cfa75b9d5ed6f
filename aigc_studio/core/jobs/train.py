"""The training jobs ("train-text", "train-image", "train-audio"): ``run(spec, ctx)`` checks the spec (its own
problems and its training configuration's), builds the trainer's configuration on ``ctx.device`` and drives the
one training loop (:mod:`aigc_studio.core.training.loop`), yielding its events. Cancelling (``ctx.cancelled``)
finishes the current step, saves a resumable checkpoint and returns without a model; "stop and save"
(``ctx.stop_and_save_event``) also writes the model folder; ``ctx.pause_event`` pauses between steps. Submitting
the same spec again resumes from the checkpoint in the run folder. The specs are in
:mod:`aigc_studio.core.base.train_specs`. Audio ``Sample`` events carry a float32 numpy array (1, n) at the
model's sample rate (``Result.data["sample_rate"]`` and :func:`aigc_studio.core.training.audio_metrics.sample_rate_of`
give it).
"""
from __future__ import annotations

import importlib
from typing import Generator

from aigc_studio.core.base.events import Result
from aigc_studio.core.base.train_specs import TrainSpec
from aigc_studio.core.jobs import validate
from aigc_studio.core.training.config import config_for
from aigc_studio.core.training.loop import Task, train

# spec kind -> the trainer's Task (module:class), imported when a job of that kind runs: a text run does not
# load the image and audio models (nor the audio codecs)
TASKS: dict[str, str] = {
    "train-text": "aigc_studio.core.training.text:TextTask",
    "train-image": "aigc_studio.core.training.image:ImageTask",
    "train-audio": "aigc_studio.core.training.audio:AudioTask",
}


def _task_class(kind: str) -> type[Task]:
    module, _, name = TASKS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def run(spec: TrainSpec, ctx) -> Generator:
    """The job body of every kind of training."""
    validate(spec)
    device = ctx.device
    name = getattr(device, "type", None) or str(device or "cpu")
    cfg = config_for(spec, str(device) if device is not None and name in ("cpu", "cuda", "mps") else "cpu")
    res = yield from train(_task_class(spec.kind)(cfg), should_stop=lambda: ctx.cancelled,
                           stop_and_save=ctx.stop_and_save_event.is_set, paused=ctx.pause_event.is_set)
    data = {k: v for k, v in res.items() if isinstance(v, (str, int, float, bool, type(None), dict))}
    paths = (res["out"],) if res.get("out") else ()
    return Result(text="", paths=paths, data=data)


__all__ = ["TASKS", "run"]
