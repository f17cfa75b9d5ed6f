"""What the Text, Image and Audio panel tests share: a scripted engine, the settings fixture and the check that a
refused parameter is explained next to its control only. Imported by name (``from panel_helpers import ...``)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal


class FakeEngine(QObject):
    """The Engine's public face: signals plus submit/cancel. Tests emit the jobs' events themselves."""

    job_added = Signal(object)
    job_changed = Signal(object)
    job_event = Signal(str, object)
    job_finished = Signal(str, object)
    device_ready = Signal(object)

    INFO_EXTRA: dict = {}               # more JobInfo fields for every job (started/finished times...)

    def __init__(self):
        super().__init__()
        self.submitted: list[tuple[str, object]] = []
        self.cancelled: list[str] = []
        self.controls: list[tuple[str, str]] = []      # ("pause" | "resume" | "stop_and_save", job id)

    def submit(self, spec):
        spec.validate()
        job_id = f"job-{len(self.submitted) + 1}"
        self.submitted.append((job_id, spec))
        return job_id

    def cancel(self, job_id):
        self.cancelled.append(job_id)
        return True

    def pause(self, job_id):
        self.controls.append(("pause", job_id))
        return True

    def resume(self, job_id):
        self.controls.append(("resume", job_id))
        return True

    def stop_and_save(self, job_id):
        self.controls.append(("stop_and_save", job_id))
        return True

    # --- scripting helpers ---
    def spec(self, job_id):
        return dict(self.submitted)[job_id]

    def info(self, job_id, state, result=None, message="", device="cpu"):
        from aigc_studio.ui.engine import JobInfo
        return JobInfo(id=job_id, spec=self.spec(job_id), state=state, message=message, result=result,
                       device=device, **self.INFO_EXTRA)

    def start(self, job_id):
        self.job_changed.emit(self.info(job_id, "running"))

    def finish(self, job_id, state="done", result=None, message=""):
        self.job_finished.emit(job_id, self.info(job_id, state, result, message))


@pytest.fixture
def settings(tmp_path):
    from aigc_studio.core.base.settings import Settings
    return Settings(output_dir=str(tmp_path / "out"))


@pytest.fixture
def store(tmp_path):
    """The asset store the panel saves into (the settings' output folder), closed after the test."""
    from aigc_studio.core.assets import AssetStore
    s = AssetStore(tmp_path / "out")
    yield s
    s.close()


@pytest.fixture
def engine():
    """A scripted engine: tests emit the jobs' events themselves."""
    return FakeEngine()


@pytest.fixture(name="panel")
def text_panel(qtbot, engine, settings, store):
    """The Text panel on the scripted engine, saving into ``store``. Its fixture name is ``panel``: a Text panel test
    module imports ``text_panel`` (and patches the model list itself)."""
    from aigc_studio.ui.panels.text_panel import TextPanel
    p = TextPanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    return p


def assert_refused_at(panel, engine, field, words):
    """Generate was refused: nothing submitted, not busy, and only ``field`` explains why (with ``words``)."""
    assert panel.generate() is None
    assert engine.submitted == []
    errors = panel.form_errors()
    assert list(errors) == [field], errors           # only the faulty control is marked
    assert words in errors[field]
    assert not panel.is_busy()
