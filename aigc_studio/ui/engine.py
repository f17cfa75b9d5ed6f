"""The engine: one long-lived QThread that runs jobs one at a time (they share one device), and the GUI-side
facade the views talk to. This is the ONLY module of the studio that knows about threads.

* ``Engine`` (a QObject on the GUI thread) owns the job list and the queue. ``submit(spec)`` validates the spec,
  queues it and wakes the worker; ``cancel``/``move``/``remove`` act on the queue at once.
* ``EngineWorker`` (a QObject moved to the engine thread) owns the model cache and the resolved device (torch is
  imported there, lazily, never on the GUI thread). It pulls the next queued job, builds a ``JobContext``, gets
  the runner for ``spec.kind`` and iterates the generator, forwarding each event through a queued
  ``Signal(object)`` to slots of the ``Engine`` on the GUI thread.
* Warm-up (``ui/warmup.py``), in two parts, each with the garbage collector paused and the heap frozen after it
  (``gc.freeze``: the loaded modules' objects are never walked by a collection again). When the thread starts
  (after the window's first paint) the worker names the device without torch when it can, loads pyqtgraph and
  the sound output library, one step per turn of its event loop, and announces ``warmed_up`` (the window then
  builds its plots). Before the first job it loads torch (its C++ libraries first, without the GIL), the job
  modules and runs torch's first operations: torch is ~270 MB, so an idle studio does not load it. Jobs queued
  during the first part run after it. Engines made with a fake device resolver (tests) skip both unless given
  steps (``warm_up=``, ``first_job_warm_up=``).
* A running job is cancelled cooperatively (``ctx.cancel()``); the job returns what it has at its next step. A job
  that keeps yielding after a cancel is closed after ``cancel_grace_s``. Cancelled and failed generators are
  closed on the engine thread, so their ``finally:`` runs there. A failing job becomes "failed" with
  ``core.base.errors.user_message(exc)`` and the engine goes on with the next job.

The public face the views rely on (``EngineAPI``, ``PanelEngine``) and the job snapshot (``JobInfo``) are in
``ui.engine_api``. Jobs are driven by the one job driver, ``core.jobs.driver.drive``.

Tests (and anything that wants to run its own code on the engine thread) register a scripted runner with
``Engine(runner_override={"kind": run})`` or ``engine.runner_override[kind] = run``, where ``run(spec, ctx)``
returns a generator like a real job (the shape of krita-ai-diffusion's mock client).
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, Qt, QThread, Signal, Slot

from aigc_studio.core import jobs as core_jobs
from aigc_studio.core.base.device import probe_without_torch, resolve
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.events import Progress
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive
from aigc_studio.ui import warmup
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.ui.engine_api import FINAL_STATES, STATES, DeviceStatus, EngineAPI, JobInfo, PanelEngine
from aigc_studio.ui.logfile import install as install_log_file

translate = QCoreApplication.translate

log = logging.getLogger(__name__)
TRAIN_CANCEL_GRACE_S = 25.0     # > train_process.CANCEL_WAIT_S (20 s): the training process ends itself first


@dataclass
class _Entry:
    job_id: str
    spec: Any
    cancel_event: threading.Event
    pause_event: threading.Event | None = None          # training: set = hold between steps
    stop_and_save_event: threading.Event | None = None  # training: set = checkpoint, write the model, return


class _Shared:
    """State both threads touch, guarded by one lock: the queue, the device preference, the runner overrides."""

    def __init__(self, device_pref: str, runner_override: dict[str, Callable] | None):
        self.lock = threading.Lock()
        self.queue: list[_Entry] = []
        self.device_pref = device_pref
        self.runner_override: dict[str, Callable] = dict(runner_override or {})
        self.stopping = False

    def pop_next(self) -> _Entry | None:
        with self.lock:
            if self.stopping or not self.queue:
                return None
            return self.queue.pop(0)

    def has_queued(self) -> bool:
        with self.lock:
            return bool(self.queue) and not self.stopping


def _default_resolve(pref: str):
    return resolve(pref)               # imports torch: engine thread only


def _default_model_cache():
    return ModelCache()


def _default_runner(kind: str) -> Callable:
    return core_jobs.get_runner(kind)   # imports the job's module (and torch) lazily: engine thread only


class EngineWorker(QObject):
    """Lives in the engine thread. Never touch it from the GUI thread except through signals."""

    job_started = Signal(str, object)       # job id, device name
    job_event = Signal(str, object)         # job id, event
    job_done = Signal(str, object)          # job id, (state, message, result)
    device_ready = Signal(object)           # DeviceInfo (name, reason) or DeviceStatus
    warmed_up = Signal(object)              # {step name: milliseconds} once the warm-up is over (or skipped)
    _again = Signal()                       # queued to itself: run the next job after returning to the loop
    _warm_next = Signal()                   # queued to itself: the next warm-up step after returning to the loop

    def __init__(self, shared: _Shared, resolve_device: Callable[[str], Any],
                 model_cache_factory: Callable[[], Any], cancel_grace_s: float,
                 warm_steps: list[tuple[str, Callable[[], Any]]] | None = None,
                 job_warm_steps: list[tuple[str, Callable[[], Any]]] | None = None):
        super().__init__()
        self._shared = shared
        self._resolve_device = resolve_device
        self._model_cache_factory = model_cache_factory
        self._models = None
        self._last_device: tuple[str, str] | None = None
        self._warm_steps = list(warm_steps or [])
        self._job_warm_steps = list(job_warm_steps or [])     # run before the first job (torch)
        self._warming = False
        self._gc_was_enabled = True
        self.job_warm_ms: dict[str, float] = {}               # the warm-up before the first job, step by step
        self._warm_ms: dict[str, float] = {}
        self.cancel_grace_s = cancel_grace_s
        self._again.connect(self.process, Qt.ConnectionType.QueuedConnection)
        self._warm_next.connect(self._warm_step, Qt.ConnectionType.QueuedConnection)

    # --- device and models (engine thread) ---------------------------------------------------------------------
    def _device(self, pref: str):
        info = self._resolve_device(pref)
        key = (str(getattr(info, "name", "")), str(getattr(info, "reason", "")))
        if key != self._last_device:
            self._last_device = key
            self.device_ready.emit(info)
        return info

    @Slot()
    def resolve_device(self) -> None:
        """Resolve the current preference and announce it (at start and when Settings change it)."""
        with self._shared.lock:
            pref = self._shared.device_pref
        if self._resolve_device is _default_resolve:
            known = probe_without_torch(pref)
            if known is not None:     # certain without torch: it loads with the first job, not at start
                if known != self._last_device:
                    self._last_device = known
                    self.device_ready.emit(DeviceStatus(*known))
                return
        self._announce_device(pref)

    def _announce_device(self, pref: str) -> None:
        """Resolve ``pref`` for real (imports torch) and announce it; a failure is announced in words."""
        try:
            self._device(pref)
        except Exception as exc:  # noqa: BLE001 — shown in the status bar; jobs will report it again
            log.exception("device resolution failed")
            self._last_device = None
            self.device_ready.emit(DeviceStatus("?", user_message(exc)))

    # --- warm-up (engine thread) ---------------------------------------------------------------------------------
    @Slot()
    def start_up(self) -> None:
        """When the thread starts: announce the device (without torch when that is certain), then warm up."""
        self.resolve_device()
        if not self._warm_steps:
            self.warmed_up.emit({})
            return
        self._warming = True
        self._gc_was_enabled = warmup.pause_collector()       # no collection walks what the imports create
        self._warm_step()

    def warm_device(self) -> None:
        """A step of the warm-up before the first job: resolve the device preference for real (imports torch) and
        announce it."""
        with self._shared.lock:
            pref = self._shared.device_pref
        self._announce_device(pref)

    @Slot()
    def _warm_step(self) -> None:
        """Run the next warm-up step; when none is left (or the engine is stopping), end the warm-up."""
        if not self._warming:
            return
        if self._warm_steps and not self._shared.stopping:
            name, step = self._warm_steps.pop(0)
            t0 = time.perf_counter()
            try:
                step()
            except BaseException:  # noqa: BLE001 — even SystemExit from a library: jobs must not wait forever
                log.exception("warm-up step %s failed", name)   # the job that needs what failed says so in words
            self._warm_ms[name] = round((time.perf_counter() - t0) * 1000.0, 1)
            self._warm_next.emit()          # back to the event loop between steps: quit and settings get a turn
            return
        t0 = time.perf_counter()
        warmup.freeze_and_resume(self._gc_was_enabled)
        self._warm_ms["gc freeze"] = round((time.perf_counter() - t0) * 1000.0, 1)
        self._warm_steps.clear()
        self._warming = False
        log.info("warm-up: %s", ", ".join(f"{k} {v:.0f} ms" for k, v in self._warm_ms.items()))
        self.warmed_up.emit(dict(self._warm_ms))
        if self._shared.has_queued():
            self._again.emit()               # the jobs submitted during the warm-up

    def _warm_up_for_jobs(self) -> None:
        """Before the first job: the second part of the warm-up (torch, the job modules), the collector paused
        and the heap frozen after it (see ``ui/warmup.py``)."""
        steps, self._job_warm_steps = self._job_warm_steps, []
        times: dict[str, float] = {}
        with warmup.collector_paused():
            for name, step in steps:
                t0 = time.perf_counter()
                try:
                    step()
                except BaseException:  # noqa: BLE001 — the job that needs what failed reports it in words
                    log.exception("warm-up step %s failed", name)
                times[name] = round((time.perf_counter() - t0) * 1000.0, 1)
        log.info("warm-up before the first job: %s", ", ".join(f"{k} {v:.0f} ms" for k, v in times.items()))
        self.job_warm_ms = times

    def _model_cache(self):
        if self._models is None:
            self._models = self._model_cache_factory()
        return self._models

    def _grace_s(self, spec: Any) -> float:
        """How long a cancelled job may go on yielding before it is closed. A training (in its own process)
        finishes its step and saves its checkpoint first, and ends the child itself when that takes over 20 s
        (core/jobs/train_process.py): closing it sooner would lose its result ("stopped, checkpoint kept")."""
        if str(getattr(spec, "kind", "")).startswith("train-"):
            return max(self.cancel_grace_s, TRAIN_CANCEL_GRACE_S)
        return self.cancel_grace_s

    def _runner(self, kind: str) -> Callable:
        with self._shared.lock:
            run = self._shared.runner_override.get(kind)
        return run if run is not None else _default_runner(kind)

    # --- jobs (engine thread) ----------------------------------------------------------------------------------
    @Slot()
    def process(self) -> None:
        if self._warming:
            return                      # the end of the warm-up runs what was queued meanwhile
        entry = self._shared.pop_next()
        if entry is None:
            return
        try:
            if self._job_warm_steps and not entry.cancel_event.is_set():
                self._warm_up_for_jobs()
            self._run(entry)
        finally:
            if self._shared.has_queued():
                self._again.emit()      # back to the event loop first: settings changes and quit get a turn

    def _run(self, entry: _Entry) -> None:
        job_id, spec, cancel = entry.job_id, entry.spec, entry.cancel_event
        if cancel.is_set():
            self.job_done.emit(job_id, ("cancelled", translate("Engine", "Cancelled before it started."), None))
            return
        state, message, result = "failed", "", None
        try:
            with self._shared.lock:
                pref = self._shared.device_pref
            spec_pref = getattr(spec, "device", None)
            if spec_pref and spec_pref != "auto":
                pref = spec_pref
            info = self._device(pref)
            self.job_started.emit(job_id, str(getattr(info, "name", "")))
            ctx = JobContext(device=getattr(info, "device", info), models=self._model_cache(), out_dir=None,
                             cancel_event=cancel, pause_event=entry.pause_event or threading.Event(),
                             stop_and_save_event=entry.stop_and_save_event or threading.Event())
            # the driver closes the job on a cancel it ignores, or on an error: its finally: runs here, on the
            # engine thread
            driven = drive(self._runner(spec.kind)(spec, ctx), lambda ev: self.job_event.emit(job_id, ev),
                           cancelled=cancel.is_set, grace_s=self._grace_s(spec))
            result = driven.result
            if driven.closed:
                log.warning("job %s ignored the cancel for %.1f s: closed it", job_id, self.cancel_grace_s)
                state, message = "cancelled", translate("Engine", "Cancelled.")
            elif cancel.is_set() or (isinstance(getattr(result, "data", None), dict)
                                     and result.data.get("stopped") == "cancelled"):
                state, message = "cancelled", translate("Engine", "Stopped: kept what was made so far.")
            else:
                state, message = "done", ""
        except Exception as exc:  # noqa: BLE001 — any job error becomes a readable message; the engine goes on
            log.exception("job %s failed", job_id)
            state, message, result = "failed", user_message(exc), None
        finally:
            self.job_done.emit(job_id, (state, message, result))


class Engine(QObject):
    """GUI-side facade of the engine thread. Create it on the GUI thread, call ``start()`` once the window is
    shown (the engine thread warms up then; torch loads there before the first job), and ``shutdown()`` before
    quitting."""

    job_added = Signal(object)            # JobInfo
    job_changed = Signal(object)          # JobInfo (state, message or progress changed)
    job_event = Signal(str, object)       # job id, event (Progress, TextDelta, ...)
    job_finished = Signal(str, object)    # job id, JobInfo
    job_removed = Signal(str)             # job id (dropped from the list)
    queue_changed = Signal(object)        # list of queued job ids, in the order they will run
    device_ready = Signal(object)         # DeviceInfo-like: .name, .reason
    warmed_up = Signal(object)            # {step: ms}: the warm-up is over (torch, plots, job modules loaded)

    _wake = Signal()
    _resolve = Signal()

    def __init__(self, settings: Any = None, parent: QObject | None = None, *, device_pref: str | None = None,
                 resolve_device: Callable[[str], Any] | None = None,
                 model_cache_factory: Callable[[], Any] | None = None,
                 runner_override: dict[str, Callable] | None = None, cancel_grace_s: float = 2.0,
                 warm_up: bool | list[tuple[str, Callable[[], Any]]] | None = None,
                 first_job_warm_up: bool | list[tuple[str, Callable[[], Any]]] | None = None):
        """``warm_up`` (at start) and ``first_job_warm_up`` (before the first job), see ``ui/warmup.py``: None
        (default) warms up when the real device resolver is used (not with a test's fake one); True/False force it
        on/off; a list of (name, function) runs those steps instead (tests)."""
        super().__init__(parent)
        # a failed job's traceback goes to the log file (Help › Diagnostics shows where); stderr gets one line
        self.log_file = install_log_file()
        pref = device_pref or (getattr(settings, "device", None) if settings is not None else None) or "auto"
        self._shared = _Shared(pref, runner_override)
        self._jobs: dict[str, JobInfo] = {}
        self._cancel_events: dict[str, threading.Event] = {}
        self._train_events: dict[str, tuple[threading.Event, threading.Event]] = {}   # (pause, stop and save)
        self._remove_when_done: set[str] = set()
        self._ids = itertools.count(1)
        self.device: Any = None            # the last DeviceInfo announced
        self._started = False
        self._shut = False
        self._warm = False
        self.warm_up_ms: dict[str, float] = {}   # how long each warm-up step took (the log has them too)

        self._thread = QThread()
        self._thread.setObjectName("aigc-engine")
        self._worker = EngineWorker(self._shared, resolve_device or _default_resolve,
                                    model_cache_factory or _default_model_cache, cancel_grace_s)
        real = resolve_device is None
        warm_up = real if warm_up is None else warm_up
        first_job_warm_up = real if first_job_warm_up is None else first_job_warm_up
        steps = warmup.steps() if warm_up is True else list(warm_up or [])
        self._worker._warm_steps = steps
        self._worker._job_warm_steps = (warmup.first_job_steps(self._worker.warm_device)
                                        if first_job_warm_up is True else list(first_job_warm_up or []))
        self._has_warm_up = bool(steps)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start_up)
        self._worker.warmed_up.connect(self._on_warmed_up)
        self._thread.finished.connect(self._worker.deleteLater)
        self._wake.connect(self._worker.process)
        self._resolve.connect(self._worker.resolve_device)
        self._worker.job_started.connect(self._on_started)
        self._worker.job_event.connect(self._on_event)
        self._worker.job_done.connect(self._on_done)
        self._worker.device_ready.connect(self._on_device)

    # --- life cycle ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._started or self._shut:
            return
        self._started = True
        if self._has_warm_up:
            from aigc_studio.ui.widgets import plots
            plots.expect_warm_up(True)     # a view waiting for pyqtgraph waits for the warm-up (no helper thread)
        self._thread.start()
        if self._shared.has_queued():
            self._wake.emit()

    def is_warm(self) -> bool:
        """The warm-up is over (or there was none and the thread has started): the engine is ready for jobs
        without loading anything more, and it no longer holds the interpreter unless a job runs."""
        return self._warm

    @Slot(object)
    def _on_warmed_up(self, times: object) -> None:
        self._warm = True
        self.warm_up_ms = dict(times) if isinstance(times, dict) else {}
        if self._has_warm_up:
            from aigc_studio.ui.widgets import plots
            plots.expect_warm_up(False)
        self.warmed_up.emit(dict(self.warm_up_ms))

    @property
    def thread_object(self) -> QThread:
        return self._thread

    @property
    def runner_override(self) -> dict[str, Callable]:
        """Scripted runners by kind, used before ``core.jobs.get_runner`` (tests, diagnostics)."""
        return self._shared.runner_override

    @property
    def cancel_grace_s(self) -> float:
        return self._worker.cancel_grace_s

    def set_device_preference(self, pref: str) -> None:
        """"auto"|"cuda"|"mps"|"cpu": applies to the next job; the device is re-resolved and announced."""
        with self._shared.lock:
            changed = pref != self._shared.device_pref
            self._shared.device_pref = pref
        if changed and self._started and not self._shut:
            self._resolve.emit()

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Cancel everything, wait for the engine thread to end. Returns False if a job would not stop."""
        if self._shut:
            return True
        self._shut = True
        with self._shared.lock:
            self._shared.stopping = True
            dropped = [e.job_id for e in self._shared.queue]
            self._shared.queue.clear()
        for ev in self._cancel_events.values():
            ev.set()
        for job_id in dropped:
            self._finish(job_id, "cancelled", translate("Engine", "Cancelled: the studio was closed."), None)
        if not self._started:
            return True
        if self._has_warm_up and not self._warm:
            from aigc_studio.ui.widgets import plots
            plots.expect_warm_up(False, start_helper=False)     # quitting: no thread loads pyqtgraph now
        self._thread.quit()
        ok = self._thread.wait(int(timeout_s * 1000))
        if not ok:
            log.error("the engine thread did not stop within %.0f s", timeout_s)
            _ORPHANS.append(self._thread)     # never destroy a running QThread
        elif self._worker._warming:           # stopped in the middle of its warm-up: collect garbage again
            self._worker._warming = False
            warmup.freeze_and_resume(self._worker._gc_was_enabled)
        return ok

    @property
    def is_shut_down(self) -> bool:
        return self._shut

    # --- jobs -----------------------------------------------------------------------------------------------------
    def submit(self, spec: Any) -> str:
        """Validate and queue ``spec``; returns the job id. ``InvalidParameters`` goes to the caller."""
        if self._shut:
            raise UserError(translate("Engine", "The studio is closing: no new jobs."))
        core_jobs.validate(spec)
        job_id = f"job-{next(self._ids)}"
        info = JobInfo(id=job_id, spec=spec)
        cancel = threading.Event()
        self._jobs[job_id] = info
        self._cancel_events[job_id] = cancel
        pause, save = self._train_events[job_id] = (threading.Event(), threading.Event())
        with self._shared.lock:
            self._shared.queue.append(_Entry(job_id, spec, cancel, pause, save))
        self.job_added.emit(replace(info))
        self.queue_changed.emit(self.queued_ids())
        if self._started:
            self._wake.emit()
        return job_id

    def cancel(self, job_id: str) -> bool:
        """A queued job is dropped at once; a running one stops at its next step. False if already finished."""
        info = self._jobs.get(job_id)
        if info is None or info.is_final:
            return False
        if self._take_from_queue(job_id):
            self._finish(job_id, "cancelled", translate("Engine", "Cancelled before it started."), None)
            return True
        ev = self._cancel_events.get(job_id)
        if ev is not None and not ev.is_set():
            ev.set()
            info.message = translate("Engine", "Stopping…")
            self.job_changed.emit(replace(info))
        return True

    def cancel_all(self) -> None:
        for job_id in list(self._jobs):
            self.cancel(job_id)

    # --- training controls: the job's JobContext.pause_event / stop_and_save_event (honoured by training jobs) --
    def pause(self, job_id: str) -> bool:
        """Hold a running job between steps (paused time spends no time budget). False unless it is running."""
        info = self._jobs.get(job_id)
        events = self._train_events.get(job_id)
        if info is None or info.state != "running" or events is None or self._cancel_requested(job_id):
            return False
        if not events[0].is_set():
            events[0].set()
            info.paused, info.message = True, translate("Engine", "Paused.")
            self.job_changed.emit(replace(info))
        return True

    def resume(self, job_id: str) -> bool:
        """Let a paused job go on. False unless it is running and paused."""
        info = self._jobs.get(job_id)
        events = self._train_events.get(job_id)
        if info is None or info.is_final or events is None or not events[0].is_set():
            return False
        events[0].clear()
        info.paused, info.message = False, translate("Engine", "Resumed.")
        self.job_changed.emit(replace(info))
        return True

    def stop_and_save(self, job_id: str) -> bool:
        """A running training finishes its step, saves its checkpoint and writes the model it has so far (a paused
        one too); a queued job is dropped (it has nothing to save). False if already finished."""
        info = self._jobs.get(job_id)
        events = self._train_events.get(job_id)
        if info is None or info.is_final or events is None:
            return False
        if self._take_from_queue(job_id):
            self._finish(job_id, "cancelled", translate("Engine", "Cancelled before it started."), None)
            return True
        if not events[1].is_set():
            events[1].set()
            events[0].clear()
            info.paused, info.message = False, translate("Engine", "Stopping and saving…")
            self.job_changed.emit(replace(info))
        return True

    def move(self, job_id: str, delta: int) -> bool:
        """Move a queued job ``delta`` places (negative: sooner). False if it is not queued."""
        with self._shared.lock:
            q = self._shared.queue
            idx = next((i for i, e in enumerate(q) if e.job_id == job_id), None)
            if idx is None:
                return False
            new = max(0, min(len(q) - 1, idx + delta))
            if new == idx:
                return False
            q.insert(new, q.pop(idx))
        self.queue_changed.emit(self.queued_ids())
        return True

    def remove(self, job_id: str) -> None:
        """Drop a job from the list: a queued one is cancelled, a running one when it has stopped."""
        info = self._jobs.get(job_id)
        if info is None:
            return
        if not info.is_final:
            self._remove_when_done.add(job_id)
            self.cancel(job_id)           # a queued job is dropped by _finish at once
            if job_id not in self._jobs or not self._jobs[job_id].is_final:
                return
        self._drop(job_id)

    def clear_finished(self) -> None:
        for job_id in [j for j, i in self._jobs.items() if i.is_final]:
            self._drop(job_id)

    def job(self, job_id: str) -> JobInfo | None:
        info = self._jobs.get(job_id)
        return replace(info) if info is not None else None

    def jobs(self) -> list[JobInfo]:
        return [replace(i) for i in self._jobs.values()]

    def queued_ids(self) -> list[str]:
        with self._shared.lock:
            return [e.job_id for e in self._shared.queue]

    def running_id(self) -> str | None:
        return next((j for j, i in self._jobs.items() if i.state == "running"), None)

    def is_idle(self) -> bool:
        return all(i.is_final for i in self._jobs.values())

    # --- internals (GUI thread) -----------------------------------------------------------------------------------
    def _take_from_queue(self, job_id: str) -> bool:
        with self._shared.lock:
            for i, e in enumerate(self._shared.queue):
                if e.job_id == job_id:
                    del self._shared.queue[i]
                    break
            else:
                return False
        self.queue_changed.emit(self.queued_ids())
        return True

    def _drop(self, job_id: str) -> None:
        self._jobs.pop(job_id, None)
        self._cancel_events.pop(job_id, None)
        self._train_events.pop(job_id, None)
        self._remove_when_done.discard(job_id)
        self.job_removed.emit(job_id)

    def _finish(self, job_id: str, state: str, message: str, result: Any) -> None:
        info = self._jobs.get(job_id)
        if info is None or info.is_final:
            return
        info.state, info.message, info.result = state, message, result
        info.finished = time.time()
        info.paused = False
        self._cancel_events.pop(job_id, None)
        self._train_events.pop(job_id, None)
        snap = replace(info)
        self.job_changed.emit(snap)
        self.job_finished.emit(job_id, snap)
        if job_id in self._remove_when_done:
            self._drop(job_id)

    @Slot(str, object)
    def _on_started(self, job_id: str, device: object) -> None:
        info = self._jobs.get(job_id)
        if info is None or info.is_final:
            return
        info.state, info.started, info.device = "running", time.time(), str(device)
        self.job_changed.emit(replace(info))
        self.queue_changed.emit(self.queued_ids())

    @Slot(str, object)
    def _on_event(self, job_id: str, event: object) -> None:
        info = self._jobs.get(job_id)
        if info is not None and isinstance(event, Progress):
            info.progress = (int(event.done), int(event.total))
            msg = event.message
            if msg and not self._cancel_requested(job_id) and not info.paused:
                info.message = msg
        self.job_event.emit(job_id, event)

    def _cancel_requested(self, job_id: str) -> bool:
        ev = self._cancel_events.get(job_id)
        save = self._train_events.get(job_id)
        return (ev is not None and ev.is_set()) or (save is not None and save[1].is_set())

    @Slot(str, object)
    def _on_done(self, job_id: str, outcome: object) -> None:
        state, message, result = outcome  # type: ignore[misc]
        self._finish(job_id, state, message, result)

    @Slot(object)
    def _on_device(self, info: object) -> None:
        self.device = info
        self.device_ready.emit(info)


_ORPHANS: list[QThread] = []

__all__ = ["DeviceStatus", "Engine", "EngineAPI", "EngineWorker", "FINAL_STATES", "JobInfo", "PanelEngine", "STATES",
           "wait_for"]


def wait_for(engine: Engine, job_ids: Iterable[str], timeout_s: float = 60.0) -> bool:
    """Process GUI events until the jobs are finished (scripts, the self-test). False on timeout."""
    ids = list(job_ids)
    deadline = QDeadlineTimer(int(timeout_s * 1000))
    app = QCoreApplication.instance()
    while not deadline.hasExpired():
        if all((j := engine.job(i)) is None or j.is_final for i in ids):
            return True
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    return False
