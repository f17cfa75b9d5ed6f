"""The engine with real trainings in a training process (core/jobs/train_process.py): pause and resume from the
engine hold and release the process, a process killed mid-run fails the job with a clear, translatable message
while the engine goes on, and the next job resumes the run and "stop and save" writes its model."""
from __future__ import annotations

import os
import signal
import sys

import pytest
from PySide6.QtCore import QObject, Slot

from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.base.train_specs import TrainTextSpec
from aigc_studio.core.jobs import train_process as tp

TIMEOUT = 120_000
TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 40


class Seen(QObject):
    def __init__(self, engine):
        super().__init__()
        self.events: dict[str, list] = {}
        self.done: dict[str, object] = {}
        engine.job_event.connect(self.on_event)
        engine.job_finished.connect(self.on_finished)

    @Slot(str, object)
    def on_event(self, job_id, ev):
        self.events.setdefault(job_id, []).append(ev)

    @Slot(str, object)
    def on_finished(self, job_id, info):
        self.done[job_id] = info

    def step(self, job_id) -> int:
        return max([e.done for e in self.events.get(job_id, []) if isinstance(e, Progress)], default=0)


def spec(tmp_path, steps):
    data = tmp_path / "t.txt"
    data.write_text(TEXT, encoding="utf-8")
    return TrainTextSpec(data=str(data), out=str(tmp_path / "poems"), device="cpu",
                         options={"preset": "lstm-small", "model": {"n_layer": 1, "n_embd": 16, "block_size": 16},
                                  "steps": steps, "batch_size": 2, "sample_every": 0, "checkpoint_every": 2,
                                  "eval_every": 0, "threads": 1, "log_every": 1})


def test_the_messages_of_the_training_process_are_listed_for_translation():
    from aigc_studio.ui.panels.common import _CORE_TEXTS
    for template in (tp.KILLED_KEPT, tp.KILLED_NOTHING, tp.DIED_KEPT, tp.DIED_NOTHING, tp.UNREADABLE,
                     tp.NOT_STOPPED, "The training process could not read its job ({error})."):
        assert template in _CORE_TEXTS


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_pause_resume_a_killed_training_process_and_the_next_job_through_the_engine(qtbot, make_engine, tmp_path,
                                                                                   monkeypatch):
    from aigc_studio.ui.panels.common import core_text_template
    monkeypatch.delenv("AIGC_STUDIO_TRAIN_IN_PROCESS", raising=False)   # this test is about the child
    eng = make_engine()
    seen = Seen(eng)
    job = eng.submit(spec(tmp_path, 5000))
    qtbot.waitUntil(lambda: seen.step(job) >= 3, timeout=TIMEOUT)
    assert eng.pause(job)
    qtbot.wait(1200)                                 # the step in flight ends, the events already sent arrive
    held = seen.step(job)
    qtbot.wait(1000)
    assert seen.step(job) == held                    # the training process is held between steps
    assert eng.resume(job)
    qtbot.waitUntil(lambda: seen.step(job) >= held + 3, timeout=TIMEOUT)
    [pid] = tp.live_pids()
    os.kill(pid, signal.SIGKILL)                     # as the out-of-memory killer would
    qtbot.waitUntil(lambda: job in seen.done, timeout=TIMEOUT)
    info = seen.done[job]
    assert info.state == "failed" and "Unexpected" not in info.message
    assert core_text_template(info.message) == tp.KILLED_KEPT
    saved = tp.checkpoint_step(tmp_path / "poems.run")
    assert f"The last checkpoint (step {saved}) is kept" in info.message
    assert tp.live_pids() == []

    again = eng.submit(spec(tmp_path, 5000))         # the engine goes on: the same training resumes the run
    qtbot.waitUntil(lambda: seen.step(again) >= saved + 2, timeout=TIMEOUT)
    assert Log(f"Resumed from the checkpoint at step {saved}.") in seen.events[again]
    assert eng.stop_and_save(again)
    qtbot.waitUntil(lambda: again in seen.done, timeout=TIMEOUT)
    info = seen.done[again]
    assert info.state == "done" and info.result.data["stopped"] == "stop-and-save"
    assert info.result.paths == (str(tmp_path / "poems"),) and (tmp_path / "poems" / "model.safetensors").is_file()
    assert tp.live_pids() == []
