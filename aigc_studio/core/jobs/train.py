"""The training jobs ("train-text", "train-image", "train-audio"): ``run(spec, ctx)`` checks the spec (its own
problems and its training configuration's), builds the trainer's configuration on ``ctx.device`` and drives the
one training loop (:mod:`aigc_studio.core.training.loop`), yielding its events. Cancelling (``ctx.cancelled``)
finishes the current step, saves a resumable checkpoint and returns without a model; "stop and save"
(``ctx.stop_and_save_event``) also writes the model folder; ``ctx.pause_event`` pauses between steps. Submitting
the same spec again resumes from the checkpoint in the run folder. In the window the job runs in a training
process (:mod:`.train_process`, :mod:`.train_child`: the same events and Result, streamed back as JSON lines); the
command line, torchrun and callers that ask for it (:func:`in_process`) run it in their own process
(:func:`run_here`). The specs are in
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
import os
from typing import TYPE_CHECKING, Any, Generator

from aigc_studio.core.base.events import Result
from aigc_studio.core.base.train_specs import TrainSpec
from aigc_studio.core.jobs import validate
from aigc_studio.core.training.config import config_for
from aigc_studio.core.training.runs import (default_models_root, default_runs_root, new_run_paths, resume_spec,
                                            unfinished_runs)

if TYPE_CHECKING:
    from aigc_studio.core.training.loop import Task

# Set to 1: training jobs run in the calling process even where they would run in a training process (scripts and
# tests that patch the trainer; the window never sets it).
IN_PROCESS_ENV = "AIGC_STUDIO_TRAIN_IN_PROCESS"

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


def device_name(device: Any) -> str:
    """The trainer's device string of a job context's device (a torch.device or a name): cpu, cuda[:n] or mps."""
    name = getattr(device, "type", None) or str(device or "cpu")
    return str(device) if device is not None and name in ("cpu", "cuda", "mps") else "cpu"


def in_process(ctx) -> bool:
    """Whether a training job runs in the calling process: the command line and torchrun (``WORLD_SIZE`` > 1)
    train in their own process, so do callers that set ``ctx.train_in_process`` or ``AIGC_STUDIO_TRAIN_IN_PROCESS``;
    otherwise (the window) it runs in a training process (:mod:`.train_process`)."""
    if getattr(ctx, "train_in_process", False):
        return True
    if os.environ.get(IN_PROCESS_ENV, "").strip() not in ("", "0"):
        return True
    try:
        return int(os.environ.get("WORLD_SIZE", "1") or 1) > 1
    except ValueError:
        return False


def run(spec: TrainSpec, ctx) -> Generator:
    """The job body of every kind of training: in a training process that streams the events back (the window:
    the training's Python work never holds the window's interpreter, and a crash or running out of memory ends
    that process, not the studio), or here (:func:`in_process`). Both yield the same events and Result."""
    validate(spec)
    if in_process(ctx):
        return (yield from run_here(spec, ctx))
    from aigc_studio.core.jobs.train_process import run_in_child
    device = device_name(ctx.device)
    run_dir = config_for(spec, device).paths()[1]
    return (yield from run_in_child(spec, device, ctx, run_dir))


def run_here(spec: TrainSpec, ctx) -> Generator:
    """The training job in this process: the training loop on ``ctx.device``, then the new model's evaluation."""
    from aigc_studio.core.eval.after_training import evaluate_trained
    from aigc_studio.core.training.loop import train
    validate(spec)
    cfg = config_for(spec, device_name(ctx.device))
    res = yield from train(_task_class(spec.kind)(cfg), should_stop=lambda: ctx.cancelled,
                           stop_and_save=ctx.stop_and_save_event.is_set, paused=ctx.pause_event.is_set)
    data = {k: v for k, v in res.items() if isinstance(v, (str, int, float, bool, type(None), dict))}
    data["evaluation"] = yield from evaluate_trained(res, cfg, spec.kind, ctx)   # figures in the card too (H4)
    paths = (res["out"],) if res.get("out") else ()
    return Result(text="", paths=paths, data=data)


__all__ = ["IN_PROCESS_ENV", "TASKS", "default_models_root", "default_runs_root", "device_name", "in_process",
           "new_run_paths", "resume_spec", "run", "run_here", "unfinished_runs"]
