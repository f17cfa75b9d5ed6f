"""The engine thread with scripted jobs (no models, no torch)."""
from __future__ import annotations

import inspect
import threading
from dataclasses import dataclass
from typing import ClassVar

import pytest
from panel_helpers import FakeEngine
from PySide6.QtCore import QObject, QThread, Signal, Slot

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.events import Progress, Result, TextDelta
from aigc_studio.ui.engine import Engine
from aigc_studio.ui.engine_api import EngineAPI, PanelEngine

TIMEOUT = 10_000


class Collector(QObject):
    """Records the engine's signals as a view would (QObject slots, GUI thread)."""

    def __init__(self, engine):
        super().__init__()
        self.events: list[tuple[str, object]] = []
        self.finished: dict[str, object] = {}
        self.order: list[str] = []
        self.changed: list[object] = []
        self.devices: list[object] = []
        self.event_threads: set[object] = set()
        engine.job_event.connect(self.on_event)
        engine.job_finished.connect(self.on_finished)
        engine.job_changed.connect(self.on_changed)
        engine.device_ready.connect(self.on_device)

    @Slot(str, object)
    def on_event(self, job_id, ev):
        self.event_threads.add(QThread.currentThread())
        self.events.append((job_id, ev))

    @Slot(str, object)
    def on_finished(self, job_id, info):
        self.finished[job_id] = info
        self.order.append(job_id)

    @Slot(object)
    def on_changed(self, info):
        self.changed.append(info)

    @Slot(object)
    def on_device(self, info):
        self.devices.append(info)

    def texts(self, job_id):
        return [e.text for j, e in self.events if j == job_id and isinstance(e, TextDelta)]


def wait_done(qtbot, col, *ids, timeout=TIMEOUT):
    qtbot.waitUntil(lambda: all(i in col.finished for i in ids), timeout=timeout)


def test_jobs_run_in_order_on_one_engine_thread(Script, qtbot, make_engine, recorder):
    eng = make_engine(start=False)
    col = Collector(eng)
    ids = [eng.submit(Script(name=f"j{i}", steps=3)) for i in range(4)]
    assert [j.state for j in eng.jobs()] == ["queued"] * 4
    eng.start()
    wait_done(qtbot, col, *ids)
    assert col.order == ids
    assert recorder.started == ["j0", "j1", "j2", "j3"]
    assert all(col.finished[i].state == "done" for i in ids)
    assert col.finished[ids[2]].result == Result(text="j2:done", data={"stopped": "length", "steps": 3})
    # one thread for all jobs, and it is not the GUI thread
    assert len({id(t) for t in recorder.threads}) == 1
    assert recorder.threads[0] is not threading.main_thread()
    assert col.event_threads == {QThread.currentThread()}     # slots ran on the GUI thread
    info = col.finished[ids[0]]
    assert info.started is not None and info.finished >= info.started and info.device == "cpu"


def test_events_arrive_in_order(Script, qtbot, make_engine):
    eng = make_engine()
    col = Collector(eng)
    a = eng.submit(Script(name="a", steps=50))
    b = eng.submit(Script(name="b", steps=50))
    wait_done(qtbot, col, a, b)
    assert col.texts(a) == [f"a:{i};" for i in range(50)]
    assert col.texts(b) == [f"b:{i};" for i in range(50)]
    progress = [e.done for j, e in col.events if j == a and isinstance(e, Progress)]
    assert progress == list(range(1, 51))
    # every event of a comes before b's first
    last_a = max(i for i, (j, _) in enumerate(col.events) if j == a)
    first_b = min(i for i, (j, _) in enumerate(col.events) if j == b)
    assert last_a < first_b
    assert eng.job(a).progress == (50, 50)


def test_device_is_announced(qtbot, make_engine):
    eng = make_engine(start=False)
    col = Collector(eng)
    eng.start()
    qtbot.waitUntil(lambda: bool(col.devices), timeout=TIMEOUT)
    assert col.devices[0].reason == "CPU — test device (auto)"
    assert eng.device is col.devices[0]
    eng.set_device_preference("cpu")
    qtbot.waitUntil(lambda: len(col.devices) == 2, timeout=TIMEOUT)
    assert col.devices[1].reason == "CPU — test device (cpu)"


def test_invalid_spec_is_refused_before_queueing(Script, make_engine):
    eng = make_engine()
    with pytest.raises(InvalidParameters):
        eng.submit(Script(steps=-1))
    assert eng.jobs() == []


def test_submit_checks_specs_with_the_jobs_validation(make_engine):
    """The engine asks ``core.jobs.validate`` (a spec's problems, and a training spec's configuration problems),
    not only the spec's own ``validate()``: a spec whose problems() object is refused with those words."""
    @dataclass(frozen=True)
    class Lenient:
        kind: ClassVar[str] = "script"

        def problems(self):
            return ["The number of steps must be at least 1."]

        def validate(self):          # would let it through
            return self

    eng = make_engine()
    with pytest.raises(InvalidParameters, match="at least 1"):
        eng.submit(Lenient())
    assert eng.jobs() == []


def test_cancel_queued_job_is_removed_at_once(Script, qtbot, make_engine, recorder):
    eng = make_engine(start=False)
    col = Collector(eng)
    a = eng.submit(Script(name="a"))
    b = eng.submit(Script(name="b"))
    c = eng.submit(Script(name="c"))
    assert eng.cancel(b)
    assert eng.job(b).state == "cancelled"          # at once, before the engine even started
    assert eng.queued_ids() == [a, c]
    eng.start()
    wait_done(qtbot, col, a, b, c)
    assert recorder.started == ["a", "c"]
    assert col.finished[b].state == "cancelled"
    assert not eng.cancel(b)                        # already finished


def test_cancel_running_job_stops_at_next_step_and_closes_on_engine_thread(Script, qtbot, make_engine, recorder):
    eng = make_engine()
    col = Collector(eng)
    a = eng.submit(Script(name="a", steps=1000, delay=0.005))
    b = eng.submit(Script(name="b", steps=2))
    qtbot.waitUntil(lambda: len(col.texts(a)) >= 3, timeout=TIMEOUT)
    assert eng.job(a).state == "running"
    assert eng.cancel(a)
    wait_done(qtbot, col, a, b)
    info = col.finished[a]
    assert info.state == "cancelled"
    assert info.result.data["stopped"] == "cancelled"          # the job returned what it had
    assert info.result.data["steps"] < 1000
    assert col.finished[b].state == "done"                      # the next job ran
    names = [n for n, _ in recorder.finally_ran]
    assert names == ["a", "b"]
    assert all(t is recorder.threads[0] for _, t in recorder.finally_ran)
    assert recorder.finally_ran[0][1] is not threading.main_thread()


def test_job_that_ignores_cancel_is_closed_on_engine_thread(Script, qtbot, make_engine, recorder):
    eng = make_engine()
    col = Collector(eng)
    a = eng.submit(Script(name="stubborn", steps=100000, delay=0.002, ignore_cancel=True))
    qtbot.waitUntil(lambda: len(col.texts(a)) >= 2, timeout=TIMEOUT)
    eng.cancel(a)
    wait_done(qtbot, col, a)
    assert col.finished[a].state == "cancelled"
    assert col.finished[a].result is None
    assert recorder.finally_ran == [("stubborn", recorder.threads[0])]
    assert recorder.threads[0] is not threading.main_thread()


def test_failing_job_shows_readable_message_and_engine_goes_on(Script, qtbot, make_engine, recorder):
    eng = make_engine()
    col = Collector(eng)
    bad = eng.submit(Script(name="bad", steps=5, fail_at=2))
    good = eng.submit(Script(name="good", steps=2))
    wait_done(qtbot, col, bad, good)
    info = col.finished[bad]
    assert info.state == "failed"
    assert info.message == "Unexpected error (RuntimeError): bad broke at step 2"
    assert info.result is None
    assert col.finished[good].state == "done"
    assert ("bad", recorder.threads[0]) in recorder.finally_ran   # closed on the engine thread


def test_unknown_kind_fails_readably(qtbot, make_engine):
    @dataclass(frozen=True)
    class OddSpec:
        kind: ClassVar[str] = "no-such-kind"

        def problems(self):
            return []

    eng = make_engine()
    col = Collector(eng)
    j = eng.submit(OddSpec())
    wait_done(qtbot, col, j)
    assert col.finished[j].state == "failed"
    assert col.finished[j].message


def test_move_and_remove_queued_jobs(Script, qtbot, make_engine, recorder):
    eng = make_engine(start=False)
    col = Collector(eng)
    a, b, c = (eng.submit(Script(name=n)) for n in "abc")
    assert eng.move(c, -2)
    assert eng.queued_ids() == [c, a, b]
    assert not eng.move(c, -1)                  # already first
    assert eng.move(a, +5)                      # clamped to the end
    assert eng.queued_ids() == [c, b, a]
    eng.remove(b)
    assert eng.job(b) is None and eng.queued_ids() == [c, a]
    eng.start()
    wait_done(qtbot, col, a, c)
    assert recorder.started == ["c", "a"]
    assert not eng.move(a, -1)                  # finished jobs do not move
    eng.clear_finished()
    assert eng.jobs() == []


def test_runner_override_runs_any_callable_on_engine_thread(Script, qtbot, make_engine):
    seen = []

    def job(spec, ctx):
        seen.append((threading.current_thread(), ctx.device, ctx.models))
        yield TextDelta("x")
        return Result(text="ok")

    eng = make_engine()
    eng.runner_override["script"] = job
    col = Collector(eng)
    j = eng.submit(Script())
    wait_done(qtbot, col, j)
    assert col.finished[j].result.text == "ok"
    assert seen[0][0] is not threading.main_thread() and seen[0][1] == "cpu"


def test_shutdown_cancels_everything_and_ends_the_thread(Script, qtbot, make_engine, recorder):
    eng = make_engine()
    col = Collector(eng)
    a = eng.submit(Script(name="long", steps=100000, delay=0.002))
    b = eng.submit(Script(name="never"))
    qtbot.waitUntil(lambda: len(col.texts(a)) >= 1, timeout=TIMEOUT)
    assert eng.shutdown(timeout_s=10)
    assert eng.thread_object.isFinished()
    assert eng.job(b).state == "cancelled"
    assert recorder.started == ["long"]
    assert [n for n, _ in recorder.finally_ran] == ["long"]
    from aigc_studio.core.base.errors import UserError
    with pytest.raises(UserError):
        eng.submit(Script())


# --- the engine's public face: the real engine and the tests' fake are held to the same protocol ---------------

def protocol_members(proto) -> dict[str, str]:
    """Every member a Protocol lists (its own and its bases'): name -> "method" | "signal" | "attribute"."""
    members: dict[str, str] = {}
    for cls in reversed(proto.__mro__):
        if cls is object or not getattr(cls, "_is_protocol", False) or cls.__name__ == "Protocol":
            continue
        for name, ann in getattr(cls, "__annotations__", {}).items():
            members[name] = "signal" if ann in ("Signal", Signal) else "attribute"
        for name, value in vars(cls).items():
            if callable(value) and not name.startswith("_"):
                members[name] = "method"
    return members


def signal_signature(cls, name: str) -> str:
    """The Qt signature of a class's signal, e.g. ``job_event(QString,PyObject)``."""
    meta = cls.staticMetaObject
    for i in range(meta.methodCount()):
        m = meta.method(i)
        if bytes(m.name()).decode() == name and m.methodType() == m.MethodType.Signal:
            return bytes(m.methodSignature()).decode()
    raise AssertionError(f"{cls.__name__}.{name} is not a signal")


def check_implements(cls, proto) -> list[str]:
    """What ``cls`` lacks or does differently from ``proto``, empty when it implements it: every method with the
    protocol's parameters and defaults (and no other required one), every signal with the real Engine's payload."""
    problems = []
    for name, what in protocol_members(proto).items():
        impl = getattr(cls, name, None)
        if what == "attribute":
            continue     # set on the instance (isinstance checks it)
        if impl is None:
            problems.append(f"{cls.__name__} has no {name}")
        elif what == "signal":
            if signal_signature(cls, name) != signal_signature(Engine, name):
                problems.append(f"{cls.__name__}.{name} is {signal_signature(cls, name)}")
        else:
            want = list(inspect.signature(getattr(proto, name)).parameters.values())[1:]
            have = {p.name: p for p in list(inspect.signature(impl).parameters.values())[1:]}
            for p in want:
                if p.name not in have:
                    problems.append(f"{cls.__name__}.{name} has no parameter {p.name}")
                elif p.default is not inspect.Parameter.empty and have[p.name].default != p.default:
                    problems.append(f"{cls.__name__}.{name}({p.name}) has another default")
            extra = [n for n, p in have.items() if n not in {q.name for q in want}
                     and p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            if extra:
                problems.append(f"{cls.__name__}.{name} requires {extra}")
    return problems


def test_engine_implements_the_engine_api(make_engine):
    members = protocol_members(EngineAPI)
    assert members["submit"] == members["move"] == members["remove"] == "method"       # the bases' too
    assert members["job_event"] == members["queue_changed"] == "signal" and members["device"] == "attribute"
    assert check_implements(Engine, EngineAPI) == []
    assert isinstance(make_engine(start=False), EngineAPI)


def test_the_panel_tests_fake_engine_implements_what_panels_use():
    assert check_implements(FakeEngine, PanelEngine) == []
    assert isinstance(FakeEngine(), PanelEngine)


def test_the_protocol_check_catches_a_wrong_engine():
    class Wrong(QObject):
        job_changed = Signal(object)
        job_event = Signal(object)           # the job id is missing
        job_finished = Signal(str, object)

        def submit(self, spec, priority):    # a required extra parameter
            return "job-1"

    problems = check_implements(Wrong, PanelEngine)
    assert "Wrong has no cancel" in problems and "Wrong has no device_ready" in problems
    assert "Wrong.job_event is job_event(PyObject)" in problems
    assert "Wrong.submit requires ['priority']" in problems


def test_long_lived_objects_are_frozen_at_the_end_of_the_warm_up(Script, qtbot, make_engine):
    """Once the warm-up has loaded torch, the engine moves what is alive into the collector's permanent generation
    (once), so full collections later do not walk torch's quarter of a million objects while the window streams
    results; the jobs after it do not collect again."""
    import gc
    import sys

    import torch  # noqa: F401 — what the real warm-up loads

    assert "torch" in sys.modules
    gc.unfreeze()
    try:
        eng = make_engine(warm_up=[("torch", lambda: None)])
        col = Collector(eng)
        qtbot.waitUntil(eng.is_warm, timeout=TIMEOUT)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000
        first = eng.submit(Script(name="first", steps=1))
        wait_done(qtbot, col, first)
        assert gc.get_freeze_count() == frozen
        second = eng.submit(Script(name="second", steps=1))
        wait_done(qtbot, col, second)
        assert gc.get_freeze_count() == frozen          # once: later jobs do not pay for a full collection
    finally:
        gc.unfreeze()
