"""The engine's public face (a contract): what the panels, the main window, the Jobs list and the diagnostics may
use, and the job snapshot it hands them. ``ui.engine.Engine`` implements it; so do the tests' fake engines, and
tests/ui/test_engine.py holds both to it (every member present, with compatible signatures).

``PanelEngine`` is the part a panel needs (submit, cancel, the job signals); ``EngineAPI`` adds the queue, the
life cycle and the device for the main window and the Jobs list. Signals are listed as ``Signal`` members with
the payload they carry; a fake engine declares them with the same payload types as ``Engine``."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:        # Qt-free at run time: a Qt-free view model may use JobInfo
    from PySide6.QtCore import Signal

STATES = ("queued", "running", "done", "cancelled", "failed")
FINAL_STATES = ("done", "cancelled", "failed")


@dataclass
class JobInfo:
    """What the views know about a job. The engine emits copies (snapshots), so a view may keep one."""
    id: str
    spec: Any
    state: str = "queued"
    message: str = ""
    result: Any = None                 # core.base.events.Result, once finished
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    progress: tuple[int, int] = (0, 0)  # (done, total); total 0 = unknown
    device: str = ""                   # the device it ran on ("cpu", "cuda"...)
    paused: bool = False               # a training held by Engine.pause (until resume / stop_and_save)

    @property
    def kind(self) -> str:
        return str(getattr(self.spec, "kind", "?"))

    @property
    def model(self) -> str:
        return str(getattr(self.spec, "model", "") or "")

    @property
    def prompt(self) -> str:
        return str(getattr(self.spec, "prompt", "") or "")

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class DeviceStatus:
    """What ``device_ready`` carries when no ``DeviceInfo`` could be made (e.g. torch failed to load), or when the
    device is known without torch."""
    name: str
    reason: str
    device: Any = None


@runtime_checkable
class PanelEngine(Protocol):
    """What a panel uses: it submits specs, cancels its job, and listens to the job signals."""

    job_changed: Signal          # (JobInfo) state, message or progress changed
    job_event: Signal            # (job id, event) Progress, TextDelta, ImagePreview, AudioChunk, Metric, Sample, Log
    job_finished: Signal         # (job id, JobInfo) done, cancelled or failed
    device_ready: Signal         # (DeviceInfo-like: .name, .reason)

    def submit(self, spec: Any) -> str:
        """Validate and queue ``spec``; returns the job id. ``InvalidParameters`` goes to the caller."""
        ...

    def cancel(self, job_id: str) -> bool:
        """A queued job is dropped at once; a running one stops at its next step. False if already finished."""
        ...

    # training controls (JobContext.pause_event / stop_and_save_event; the training jobs honour them)
    def pause(self, job_id: str) -> bool:
        """Hold a running job between steps; False unless it is running."""
        ...

    def resume(self, job_id: str) -> bool:
        """Let a paused job go on; False unless it is running and paused."""
        ...

    def stop_and_save(self, job_id: str) -> bool:
        """A running training saves its checkpoint and its model so far, then ends ("done"); a queued job is
        dropped. False if already finished."""
        ...


@runtime_checkable
class EngineAPI(PanelEngine, Protocol):
    """Everything the main window, the Jobs list and the diagnostics use."""

    job_added: Signal            # (JobInfo)
    job_removed: Signal          # (job id)
    queue_changed: Signal        # (list of queued job ids, in the order they will run)
    warmed_up: Signal            # ({step name: ms}) the warm-up is over: torch, pyqtgraph, the job modules loaded
    device: Any                  # the last DeviceInfo announced (None before the first)

    def start(self) -> None:
        """Start the engine thread (once the window is shown); it warms up first (``ui/warmup.py``)."""
        ...

    def is_warm(self) -> bool:
        """The warm-up is over (or was skipped): nothing more loads before a job, the pyqtgraph views can be
        built, and the engine holds the interpreter only while a job runs."""
        ...

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Cancel everything and wait for the engine thread; False if a job would not stop."""
        ...

    def set_device_preference(self, pref: str) -> None:
        """"auto"|"cuda"|"mps"|"cpu": applies to the next job."""
        ...

    def move(self, job_id: str, delta: int) -> bool:
        """Move a queued job ``delta`` places (negative: sooner). False if it is not queued."""
        ...

    def remove(self, job_id: str) -> None:
        """Drop a job from the list: a queued one is cancelled, a running one when it has stopped."""
        ...

    def clear_finished(self) -> None:
        """Drop every finished job from the list."""
        ...

    def job(self, job_id: str) -> JobInfo | None:
        """A snapshot of one job, None if unknown."""
        ...

    def jobs(self) -> list[JobInfo]:
        """Snapshots of every job in the list."""
        ...

    def queued_ids(self) -> list[str]:
        """The queued job ids, in the order they will run."""
        ...


__all__ = ["DeviceStatus", "EngineAPI", "FINAL_STATES", "JobInfo", "PanelEngine", "STATES"]
