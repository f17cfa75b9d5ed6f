"""Engine.pause / resume / stop_and_save: they reach the running job's JobContext (scripted jobs, no torch)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QObject, Slot

from aigc_studio.core.base.events import Progress, Result

TIMEOUT = 10_000


@dataclass(frozen=True)
class HoldSpec:
    """A scripted "training": steps until stopped, holding while paused (like core.training.loop)."""
    kind: ClassVar[str] = "hold"
    steps: int = 100_000

    def problems(self):
        return []

    def validate(self):
        return self


class HoldRecorder:
    def __init__(self):
        self.steps = 0
        self.paused_seen = threading.Event()
        self.contexts = []

    @property
    def ctx(self):
        return self.contexts[0]

    def run(self, spec, ctx):
        self.contexts.append(ctx)
        for i in range(spec.steps):
            while ctx.pause_event.is_set() and not (ctx.cancelled or ctx.stop_and_save_event.is_set()):
                self.paused_seen.set()
                time.sleep(0.01)
            if ctx.cancelled:
                return Result(data={"stopped": "cancelled", "step": i})
            if ctx.stop_and_save_event.is_set():
                return Result(paths=("model",), data={"stopped": "stop-and-save", "step": i})
            self.steps = i + 1
            time.sleep(0.005)
            yield Progress(i + 1, spec.steps, f"step {i + 1}")
        return Result(data={"stopped": "steps", "step": spec.steps})


class Finished(QObject):
    def __init__(self, engine):
        super().__init__()
        self.done = {}
        self.changed = []
        engine.job_finished.connect(self.on_finished)
        engine.job_changed.connect(self.on_changed)

    @Slot(str, object)
    def on_finished(self, job_id, info):
        self.done[job_id] = info

    @Slot(object)
    def on_changed(self, info):
        self.changed.append(info)


def _running(engine, job_id):
    info = engine.job(job_id)
    return info is not None and info.state == "running"


def _hold_engine(make_engine) -> tuple[HoldRecorder, object, Finished]:
    """``(recorder, engine, finished)``: an engine that runs HoldSpec jobs with the recorder's runner."""
    rec = HoldRecorder()
    eng = make_engine()
    eng.runner_override["hold"] = rec.run
    return rec, eng, Finished(eng)


def test_pause_resume_and_stop_and_save_reach_the_running_job(qtbot, make_engine):
    rec, eng, fin = _hold_engine(make_engine)
    job = eng.submit(HoldSpec())
    queued = eng.submit(HoldSpec())
    assert not eng.pause(queued)                     # only a running job pauses
    qtbot.waitUntil(lambda: _running(eng, job) and rec.steps > 2, timeout=TIMEOUT)
    assert eng.pause(job)
    assert eng.job(job).paused and fin.changed[-1].paused
    qtbot.waitUntil(rec.paused_seen.is_set, timeout=TIMEOUT)
    held = rec.steps
    qtbot.wait(100)
    assert rec.steps <= held + 1                      # at most the step in flight
    assert rec.ctx.pause_event.is_set()
    assert eng.resume(job) and not eng.job(job).paused
    assert not eng.resume(job)                        # not paused any more
    qtbot.waitUntil(lambda: rec.steps > held + 3, timeout=TIMEOUT)
    assert eng.pause(job)
    assert eng.stop_and_save(job)                     # from a pause too
    qtbot.waitUntil(lambda: job in fin.done, timeout=TIMEOUT)
    info = fin.done[job]
    assert info.state == "done" and info.result.data["stopped"] == "stop-and-save" and not info.paused
    assert rec.ctx.stop_and_save_event.is_set() and not rec.ctx.cancelled
    assert not eng.stop_and_save(job) and not eng.pause(job)          # finished
    # the queued one runs next; stop_and_save on it while queued would drop it, but it is running now
    qtbot.waitUntil(lambda: _running(eng, queued), timeout=TIMEOUT)
    assert eng.cancel(queued)
    qtbot.waitUntil(lambda: queued in fin.done, timeout=TIMEOUT)
    assert fin.done[queued].state == "cancelled"


def test_stop_and_save_of_a_queued_job_drops_it(qtbot, make_engine):
    _, eng, fin = _hold_engine(make_engine)
    first = eng.submit(HoldSpec())
    second = eng.submit(HoldSpec())
    qtbot.waitUntil(lambda: _running(eng, first), timeout=TIMEOUT)
    assert eng.stop_and_save(second)
    assert fin.done[second].state == "cancelled" and eng.queued_ids() == []
    eng.cancel(first)
    qtbot.waitUntil(lambda: first in fin.done, timeout=TIMEOUT)
