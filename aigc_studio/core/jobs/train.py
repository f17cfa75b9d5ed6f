"""The training jobs ("train-text", "train-image", "train-audio"): ``run(spec, ctx)`` checks the spec (its own
problems and its training configuration's), builds the trainer's configuration on ``ctx.device`` and drives the
one training loop (:mod:`aigc_studio.core.training.loop`), yielding its events. Cancelling (``ctx.cancelled``)
finishes the current step, saves a resumable checkpoint and returns without a model; "stop and save"
(``ctx.stop_and_save_event``) also writes the model folder; ``ctx.pause_event`` pauses between steps. Submitting
the same spec again resumes from the checkpoint in the run folder. The specs are in
:mod:`aigc_studio.core.base.train_specs`. Audio ``Sample`` events carry a float32 numpy array (1, n) at the
model's sample rate (``Result.data["sample_rate"]`` and :func:`aigc_studio.core.training.audio_metrics.sample_rate_of`
give it).

The events of a training job (the Train tab draws exactly these):

- ``Log``: first ``"Training on <device> (<hardware>)"``, then the run's description, warnings (data too small for
  the size preset, characters a fine-tuned char model lacks, nothing held out), resume, save, stop messages.
- ``Progress(step, total, "step N/M, loss x, about T left")`` every ``log_every`` steps.
- ``Metric(name, step, value)`` every ``log_every`` steps: the kind's losses (text: ``train_loss``, ``lr``; GAN:
  ``d_loss``, ``g_loss``, ``d_real``, ``d_fake``; VAE: ``loss``, ``recon``, ``kl``, ``beta``; audio: ``stft``,
  ``kl``, ``f0``, ``train_loss``, ``beta``, ``lr``), the throughput ``<unit>_per_s`` (``tokens_per_s``,
  ``images_per_s``, ``sounds_per_s``), ``eta_s`` (seconds left; 0 when unknown), ``memory_mb`` (the process's
  resident memory) and, on a GPU, ``cuda_memory_mb``; every ``eval_every`` steps the held-out figures
  (``eval_loss``; ``eval_recon_mae``; ``eval_lsd_db``, ``eval_stft``, ``eval_f0_cents``).
- ``Sample(step, text, data)`` at step 0 and every ``sample_every`` steps, and one of the final model: text in
  ``text``; images as one uint8 (H, W, 4) RGBA grid in ``data``; sounds as float32 (1, n) in ``data`` (a caption
  in ``text``).

``Result.data`` holds the loop's dict: ``stopped``, ``step``, ``run_dir``, ``out``, ``seconds``, ``device``,
``hardware``, ``world_size``, ``metrics`` and ``heldout`` (what was kept out for evaluation:
:mod:`aigc_studio.core.training.split`) and ``evaluation`` (the new model's figures against that held-out data, also
written into its card: :mod:`aigc_studio.core.eval.after_training`; None when not evaluated). Run folders, resumable runs and the window's default folders:
:mod:`aigc_studio.core.training.runs` (torch-free; re-exported here).
"""
from __future__ import annotations

import importlib
from typing import Generator

from aigc_studio.core.base.events import Result
from aigc_studio.core.base.train_specs import TrainSpec
from aigc_studio.core.eval.after_training import evaluate_trained
from aigc_studio.core.jobs import validate
from aigc_studio.core.training.config import config_for
from aigc_studio.core.training.loop import Task, train
from aigc_studio.core.training.runs import (default_models_root, default_runs_root, new_run_paths, resume_spec,
                                            unfinished_runs)

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
    data["evaluation"] = yield from evaluate_trained(res, cfg, spec.kind, ctx)   # figures in the card too (H4)
    paths = (res["out"],) if res.get("out") else ()
    return Result(text="", paths=paths, data=data)


__all__ = ["TASKS", "run", "unfinished_runs", "default_runs_root", "default_models_root", "new_run_paths",
           "resume_spec"]
