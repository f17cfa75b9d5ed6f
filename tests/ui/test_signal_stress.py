"""Thousands of queued signals across threads. PySide6 6.12.0 on Python 3.11 corrupts the refcount of ``True`` on
every emit and aborts after a few hundred: this test would crash the process there (DESIGN.md §2)."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QThread, Signal, Slot

from aigc_studio.core.base.events import TextDelta

N = 5000


class Emitter(QObject):
    obj = Signal(object)
    flag = Signal(bool)
    pair = Signal(str, object)
    done = Signal()

    @Slot()
    def run(self):
        for i in range(N):
            self.obj.emit(i)
            self.flag.emit(i % 2 == 0)
            self.pair.emit("k", True)
        self.done.emit()


class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.objs = 0
        self.flags = 0
        self.pairs = 0
        self.finished = False

    @Slot(object)
    def on_obj(self, v):
        self.objs += 1

    @Slot(bool)
    def on_flag(self, v):
        self.flags += 1

    @Slot(str, object)
    def on_pair(self, k, v):
        assert v is True
        self.pairs += 1

    @Slot()
    def on_done(self):
        self.finished = True


def test_thousands_of_queued_signals_across_threads(qtbot):
    true_refs = sys.getrefcount(True)
    thread = QThread()
    em = Emitter()
    em.moveToThread(thread)
    rec = Receiver()
    em.obj.connect(rec.on_obj)
    em.flag.connect(rec.on_flag)
    em.pair.connect(rec.on_pair)
    em.done.connect(rec.on_done)
    thread.started.connect(em.run)
    thread.start()
    try:
        qtbot.waitUntil(lambda: rec.finished and rec.pairs == N, timeout=60_000)
    finally:
        thread.quit()
        assert thread.wait(10_000)
    assert (rec.objs, rec.flags, rec.pairs) == (N, N, N)
    assert abs(sys.getrefcount(True) - true_refs) < 1000   # immortal on 3.12+; sane on 3.11


def test_engine_forwards_thousands_of_events(qtbot, make_engine, Script):
    def chatty(spec, ctx):
        for i in range(N):
            yield TextDelta(str(i))
        from aigc_studio.core.base.events import Result
        return Result(text="ok")

    eng = make_engine()
    eng.runner_override["script"] = chatty

    class Count(QObject):
        def __init__(self):
            super().__init__()
            self.n = 0
            self.last = -1
            self.in_order = True
            self.finished = False

        @Slot(str, object)
        def on_event(self, job_id, ev):
            i = int(ev.text)
            self.in_order &= i == self.last + 1
            self.last = i
            self.n += 1

        @Slot(str, object)
        def on_finished(self, job_id, info):
            self.finished = info.state == "done"

    c = Count()
    eng.job_event.connect(c.on_event)
    eng.job_finished.connect(c.on_finished)
    eng.submit(Script())
    qtbot.waitUntil(lambda: c.finished, timeout=60_000)
    assert c.n == N and c.in_order
