"""The training framework: one loop that every kind of model plugs into.

:func:`train` owns what every training run does — the options checked, the run folder, resuming from the one
checkpoint format (:mod:`.run_state`), pause/resume (paused time spends neither the time budget nor the schedule),
the ``minutes`` time budget, periodic checkpoints, "stop and save" (checkpoint + model folder), cancel (a
resumable checkpoint and no model), a loss that is NaN or infinite (a clear error, nothing written), throughput
and time left, and the model folder with its card at the end. It is a generator of the job events (``Progress``,
``Metric``, ``Sample``, ``Log``) and returns a dict::

    {"stopped": "steps" | "time budget" | "stop-and-save" | "cancelled", "step", "run_dir", "out" (None when
     cancelled), "seconds", "metrics", ...the task's own figures}

A :class:`Task` supplies only the pieces of one kind of model: building the model, its data and optimizers, one
training step, evaluation, samples, and what goes into the model card. Time comes from ``clock`` (a callable
returning seconds) and pauses wait with ``sleep``, so tests drive budgets and pauses without waiting.
"""
from __future__ import annotations

import json
import math
import os
import sys
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generator, Iterator

import torch

from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.models import registry
from aigc_studio.core.models.checkpoint import load_model_folder, save_model_folder
from aigc_studio.core.models.readme import fmt_seconds, render_readme
from aigc_studio.core.base.atomic import atomic_write_text
from aigc_studio.core.training.card import hardware_description, model_card
from aigc_studio.core.training.config import TrainingError, TrainOptions, raise_problems
from aigc_studio.core.training.dist import Dist, from_env
from aigc_studio.core.training.run_state import (RUN_STATE_FORMAT, checkpoint_format, load_run_state,
                                                 remove_checkpoint, save_run_state)
from aigc_studio.core.training.runs import RunFolderBusy, RunLock, clear_finished, mark_finished

RUN_FILE = "run.json"

# English templates of the loop's messages (listed for translation in ui/panels/common.py)
TRAINING_ON = "Training on {device} ({hardware})."
TRAINING_ON_MANY = "Training on {device} ({hardware}), {processes} processes."
RUN_BUSY = "Another training is writing to {run_dir} (process {pid}): wait for it to end, or train into another folder."
NAN_KEPT = ("Training stopped: the {figure} became {value} at step {step}, so the model stopped learning. Lower the "
            "learning rate (now {lr}). The last good checkpoint (step {saved}) in {run_dir} is kept: train again "
            "with a lower learning rate and it resumes from there.")
NAN_NOTHING = ("Training stopped: the {figure} became {value} at step {step}, so the model stopped learning. Lower "
               "the learning rate (now {lr}) and train again: nothing was saved.")
SAVED = {"steps": "Saved the model to {out} after {step} steps ({note}).",
         "time budget": "The time budget is spent: saved the model to {out} after {step} steps ({note}).",
         "stop-and-save": "Stopped and saved the model to {out} after {step} steps ({note})."}


@dataclass
class Finished:
    """What a task hands back at the end of a run: the model to save (and its tokenizer), the card fields of
    its kind (``kind``, ``architecture``, ``config``, ``metrics``, kind-specific keys, and ``training``: figures
    added to the common ones), a few words for the final message, and figures for the returned dict."""
    model: Any
    card: dict
    tokenizer: Any = None
    note: str = ""
    result: dict = field(default_factory=dict)


class Task(ABC):
    """The pieces of one kind of model. The loop calls, in order: :meth:`identity` (may a checkpoint be
    resumed?), :meth:`build` (model, data, optimizers; ``run`` is the resumed run's ``run.json`` or None),
    :meth:`run_info`, :meth:`modules` / :meth:`optimizers` / :meth:`generators` (what a checkpoint holds),
    :meth:`restore` (when resuming), then per step :meth:`train_step`, :meth:`evaluate`, :meth:`sample`, and at
    the end :meth:`finish`. Each kind supplies the abstract methods (build, modules, optimizers, train_step,
    finish); the others are hooks with a default."""
    unit = "items"                      # the throughput metric is "<unit>_per_s"
    base_card: dict = {}                # the card of the model fine-tuned from (copied into the new card)

    def __init__(self, cfg: TrainOptions):
        self.cfg = cfg
        self.dist = Dist()              # the process group (torchrun); set by the loop before build()
        self.heldout: dict = {}         # what is held out for evaluation (core/training/split.py); set by build()
        self.notes: list[str] = []      # warnings found by build() (data too small for the size...)

    def warnings(self) -> list[str]:
        """Warnings about the data or options, shown after the run's description."""
        return list(getattr(self, "notes", ()))

    def identity(self, train: dict) -> dict:
        """What must be equal between a checkpoint's options (``run.json``'s ``train``) and the new ones for the
        checkpoint to be resumed; ``train`` is a ``cfg.to_dict()``."""
        return {k: _path(train.get(k, "")) for k in ("data", "eval_data", "from_model")} | {
            "model": train.get("model")}

    @abstractmethod
    def build(self, run: dict | None) -> Iterator[Any]:
        """Build the model, its data and optimizers (a generator: it may yield ``Log`` events)."""

    def run_info(self) -> dict:
        """What ``run.json`` keeps beside the options (the model's config, the base card...)."""
        return {}

    @abstractmethod
    def modules(self) -> dict:
        """The torch modules a checkpoint holds, by name."""

    @abstractmethod
    def optimizers(self) -> dict:
        """The optimizers a checkpoint holds, by name."""

    def generators(self) -> dict:
        return {}

    def describe(self) -> str:
        return ""

    def state(self) -> dict:
        """Small JSON state kept in the checkpoint (last losses...)."""
        return {}

    def restore(self, state: dict) -> None:
        pass

    @abstractmethod
    def train_step(self, step: int, time_fraction: float) -> dict[str, float]:
        """Run training step number ``step`` (0-based); ``time_fraction``: the part of the time budget spent (0
        without one). Returns the figures to log (losses first; each must be finite)."""

    def items_per_step(self) -> int:
        return self.cfg.batch_size

    def progress_text(self, metrics: dict[str, float]) -> str:
        name, value = next(iter(metrics.items()))
        return f"{name} {value:.3f}"

    def evaluate(self, step: int) -> Iterator[Any]:
        return iter(())

    def sample(self, step: int) -> Sample | None:
        return None

    def summary(self) -> dict:
        """The figures of the returned dict (also when cancelled)."""
        return {}

    @abstractmethod
    def finish(self, step: int, seconds: float, stopped: str) -> Generator[Any, None, Finished]:
        """The end of a run (a generator of events) returning the model to save and its card fields."""


def _path(v: Any) -> Any:
    return str(Path(v).resolve()) if isinstance(v, str) and v else v


def resolve_model_folder(from_model: str) -> Path:
    """The folder of a base model given as a folder or an installed model id."""
    folder = Path(from_model)
    if not folder.is_dir():
        folder = Path(registry.resolve(from_model).path)
    return folder


def load_base_model(from_model: str, architecture: str | None = None,
                    refusal: Callable[[Path], str] | None = None) -> tuple[Any, Any, dict]:
    """``(model, tokenizer, card)`` of the base model a run fine-tunes, given as a folder or an installed model
    id. With ``architecture``, a base model of another architecture is refused with a ``TrainingError`` whose
    message is ``refusal(folder)`` (the resolved folder)."""
    folder = resolve_model_folder(from_model)
    model, tok, card = load_model_folder(folder)
    if architecture is not None and card.get("architecture") != architecture:
        raise TrainingError(refusal(folder) if refusal is not None else
                            f"{folder.name} is not a {architecture} model.")
    return model, tok, card


# ------------------------------------------------------------------ schedule, timing

def lr_at(step: int, cfg, time_fraction: float = 0.0) -> float:
    """Linear warmup to ``cfg.lr`` over ``cfg.warmup_steps``, then cosine decay to ``cfg.min_lr`` at
    ``cfg.steps`` or, with a time budget, at whichever comes first (``time_fraction``: the part spent)."""
    if cfg.warmup_steps > 0 and step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    span = max(1, cfg.steps - cfg.warmup_steps)
    t = min(1.0, max((step - cfg.warmup_steps) / span, time_fraction))
    return cfg.min_lr + 0.5 * (cfg.lr - cfg.min_lr) * (1.0 + math.cos(math.pi * t))


def set_lr(optimizer, lr: float) -> None:
    for group in optimizer.param_groups:
        group["lr"] = lr


class RunTimer:
    """Seconds of training: ``before`` (earlier sessions of the run) + this session's clock time, less the time
    spent paused."""

    def __init__(self, clock: Callable[[], float], before: float = 0.0):
        self.clock = clock
        self.before = before
        self.start = clock()
        self.paused_total = 0.0

    def active(self) -> float:
        """This session's seconds of training."""
        return self.clock() - self.start - self.paused_total

    def elapsed(self) -> float:
        return self.before + self.active()

    def hold(self, paused: Callable[[], bool], cancel: Callable[[], bool], sleep: Callable[[float], Any]) -> None:
        """Wait while ``paused()`` (and not ``cancel()``); the wait is not training time."""
        t = self.clock()
        while paused() and not cancel():
            sleep(0.1)
        self.paused_total += self.clock() - t


# ------------------------------------------------------------------ the loop

def _resumable(task: Task, run_dir) -> Generator[Any, None, bool]:
    cfg = task.cfg
    fmt = checkpoint_format(run_dir) if cfg.resume else None
    if fmt is None:
        return False
    if fmt != RUN_STATE_FORMAT:
        yield Log(f"The checkpoint in {run_dir} was written by an earlier version of the studio and cannot be "
                  "resumed: starting a new run.", "warning")
        return False
    try:
        old = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))["train"]
        same = task.identity(old) == task.identity(cfg.to_dict())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        same = False
    if not same:
        yield Log(f"The checkpoint in {run_dir} is of other data or model options: starting a new run.", "warning")
    return same


def memory_mb() -> float | None:
    """This process's resident memory in MB (None where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource                  # the peak, where the current figure is not available
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2 ** 20 if sys.platform == "darwin" else 1024)


def _drain(gen: Generator[Any, None, Any]) -> Any:
    """Run a generator to its end without passing its events on; its return value."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value


def train(task: Task, should_stop: Callable[[], bool] | None = None,
          stop_and_save: Callable[[], bool] | None = None, paused: Callable[[], bool] | None = None,
          clock: Callable[[], float] = time.perf_counter,
          sleep: Callable[[float], Any] = time.sleep) -> Generator[Any, None, dict]:
    """Run ``task`` to its end (see the module's docstring). ``should_stop()``: cancel (finish the step, save a
    checkpoint, return without a model); ``stop_and_save()``: finish the step, save the checkpoint and the
    model; ``paused()``: hold between steps. Under torchrun (``WORLD_SIZE`` > 1, :mod:`.dist`) every rank
    trains; rank 0 alone yields events and writes files."""
    cfg = task.cfg
    raise_problems(cfg.problems())
    dist, cfg.device = from_env(cfg.device)
    task.dist = dist
    lock = RunLock(cfg.paths()[1])
    try:
        if dist.is_main:
            cfg.paths()[1].mkdir(parents=True, exist_ok=True)
            try:
                lock.acquire()
            except RunFolderBusy as busy:
                raise TrainingError(RUN_BUSY.format(run_dir=cfg.paths()[1],
                                                    pid=(busy.args[0] if busy.args else 0) or "?")) from None
        body = _train(task, should_stop or (lambda: False), stop_and_save or (lambda: False),
                      paused or (lambda: False), clock, sleep)
        return (yield from body) if dist.is_main else _drain(body)
    finally:
        lock.release()
        dist.close()


def _train(task: Task, should_stop: Callable[[], bool], stop_and_save: Callable[[], bool],
           paused: Callable[[], bool], clock: Callable[[], float],
           sleep: Callable[[float], Any]) -> Generator[Any, None, dict]:
    cfg, dist = task.cfg, task.dist
    main = dist.is_main
    if cfg.threads and cfg.threads > 0:
        torch.set_num_threads(int(cfg.threads))
    out, run_dir = cfg.paths()
    run_dir.mkdir(parents=True, exist_ok=True)
    hardware = hardware_description(cfg.device)
    yield Log((TRAINING_ON_MANY if dist.active else TRAINING_ON).format(device=cfg.device, hardware=hardware,
                                                                         processes=dist.world_size))
    resuming = yield from _resumable(task, run_dir)
    dist.barrier()                       # every rank has read the run folder before rank 0 changes it
    if not resuming and main:
        remove_checkpoint(run_dir)       # never resume it with the new run's data, tokenizer or size
    if main:
        clear_finished(run_dir)
    torch.manual_seed(cfg.seed)
    run = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8")) if resuming else None
    yield from task.build(run)
    if not resuming and main:
        atomic_write_text(run_dir / RUN_FILE, json.dumps({"kind": cfg.KIND, "train": cfg.to_dict(),
                                                          **task.run_info()}, ensure_ascii=False, indent=1))
    modules, optimizers, generators = task.modules(), task.optimizers(), task.generators()
    step, before = 0, 0.0
    if resuming:
        st = load_run_state(run_dir, modules, optimizers, generators)
        step, before = int(st["step"]), float(st["seconds"])
        task.restore(st.get("task") or {})
        yield Log(f"Resumed from the checkpoint at step {step}.")
    dist.broadcast_modules(modules)      # every rank starts from rank 0's weights
    note = task.describe()
    if note:
        yield Log(note)
    for text in task.warnings():
        yield Log(text, "warning")

    budget = cfg.minutes * 60.0 if cfg.minutes and cfg.minutes > 0 else None
    timer = RunTimer(clock, before)
    first_step, stopped = step, "steps"
    log_active, log_items = 0.0, 0
    saved_step = step if resuming else None
    on_cuda = cfg.device.startswith("cuda") and torch.cuda.is_available()

    def checkpoint() -> None:
        nonlocal saved_step
        if main:
            save_run_state(run_dir, modules, optimizers, generators, step, timer.elapsed(), task.state())
        saved_step = step

    def seconds_left() -> float | None:
        done = step - first_step
        if done <= 0 or step >= cfg.steps:
            return None
        left = (cfg.steps - step) * timer.active() / done
        if budget is not None:
            left = min(left, max(0.0, budget - timer.elapsed()))
        return left

    def time_left() -> str:
        left = seconds_left()
        return "" if left is None else f", about {fmt_seconds(left)} left"

    def make_sample() -> Generator[Any, None, None]:
        try:
            sample = task.sample(step)
        except Exception as e:           # a sample is a nicety: never lose a training run to it
            yield Log(f"Could not make a sample at step {step} ({type(e).__name__}: {e}).", "warning")
        else:
            if sample is not None:
                yield sample

    if cfg.sample_every and step == 0 and main:
        yield from make_sample()         # what the untrained model makes: the first picture of the run

    while step < cfg.steps:
        if paused():
            timer.hold(paused, lambda: should_stop() or stop_and_save(), sleep)
        metrics = dist.mean(task.train_step(step, timer.elapsed() / budget if budget else 0.0))
        step += 1
        bad = {k: v for k, v in metrics.items() if not math.isfinite(v)}
        if bad:
            name, value = next(iter(bad.items()))
            kept = saved_step is not None and (run_dir / "checkpoint").is_dir()
            raise TrainingError((NAN_KEPT if kept else NAN_NOTHING).format(
                figure=name.replace("_", " "), value=value, step=step, lr=getattr(cfg, "lr", "?"), saved=saved_step,
                run_dir=run_dir))
        log_items += task.items_per_step()
        if step % cfg.log_every == 0 or step == cfg.steps:
            for name, value in metrics.items():
                yield Metric(name, step, value)
            now = timer.active()
            yield Metric(f"{task.unit}_per_s", step, log_items / max(1e-9, now - log_active))
            left = seconds_left()
            yield Metric("eta_s", step, float(left if left is not None else 0.0))
            mem = memory_mb()
            if mem is not None:
                yield Metric("memory_mb", step, mem)
            if on_cuda:
                yield Metric("cuda_memory_mb", step, torch.cuda.memory_allocated() / 2 ** 20)
            log_active, log_items = now, 0
            yield Progress(step, cfg.steps, f"step {step}/{cfg.steps}, {task.progress_text(metrics)}{time_left()}")
        # Once a stop is asked for, the checkpoint comes next: an evaluation or a sample first could take longer
        # than the engine waits for a cancelled job, and the run would end without its checkpoint.
        stopping = should_stop() or stop_and_save()
        if cfg.eval_every and step % cfg.eval_every == 0 and not stopping and main:
            yield from task.evaluate(step)
        if cfg.sample_every and step % cfg.sample_every == 0 and not stopping and main:
            yield from make_sample()
        over_budget = budget is not None and timer.elapsed() >= budget
        want_stop, want_save, over_budget = dist.rank0_flags(should_stop(), stop_and_save(), over_budget)
        if (cfg.checkpoint_every and step % cfg.checkpoint_every == 0) or want_stop or want_save or over_budget:
            checkpoint()
        if want_stop:
            yield Log(f"Stopped at step {step}; the checkpoint in {run_dir} resumes it.")
            return {"stopped": "cancelled", "step": step, "run_dir": str(run_dir), "out": None,
                    "seconds": timer.elapsed(), "device": cfg.device, "hardware": hardware,
                    "world_size": dist.world_size, "heldout": getattr(task, "heldout", {}), **task.summary()}
        if want_save:
            stopped = "stop-and-save"
            break
        if over_budget:
            stopped = "time budget"
            yield Log(f"The time budget of {cfg.minutes:g} minutes is spent at step {step}.")
            break

    if step >= cfg.steps:
        checkpoint()
    seconds = timer.elapsed()
    common = {"step": step, "run_dir": str(run_dir), "seconds": seconds, "device": cfg.device,
              "hardware": hardware, "world_size": dist.world_size, "heldout": getattr(task, "heldout", {})}
    if not main:
        return {"stopped": stopped, "out": None, **common, **task.summary()}
    fin = yield from task.finish(step, seconds, stopped)
    fields = dict(fin.card)
    fields["training"] = {**fields.get("training", {}), "world_size": dist.world_size}
    card = model_card(cfg, task.base_card, fields, step=step, seconds=seconds, stopped=stopped)
    save_model_folder(out, fin.model, card, tokenizer=fin.tokenizer, dtype=cfg.save_dtype or None,
                      readme=render_readme(card))
    mark_finished(run_dir, out, step)
    yield Log(SAVED.get(stopped, SAVED["steps"]).format(out=out, step=step, note=fin.note or fmt_seconds(seconds)))
    return {"stopped": stopped, "out": str(out), **common, **task.summary(), **fin.result,
            "metrics": card["metrics"]}
