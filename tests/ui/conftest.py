"""UI tests run offscreen, with the studio's settings, data and output in a temporary folder.

Both variables are set here, at import, before any test creates the QApplication."""
from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("AIGC_STUDIO_HOME", tempfile.mkdtemp(prefix="aigc-ui-tests-"))

from dataclasses import dataclass  # noqa: E402
from types import SimpleNamespace  # noqa: E402
from typing import ClassVar  # noqa: E402

import pytest  # noqa: E402

from aigc_studio.core.base.errors import InvalidParameters  # noqa: E402


@pytest.fixture(autouse=True)
def studio_home(tmp_path, monkeypatch):
    """Each test its own AIGC_STUDIO_HOME: settings and assets never leak between tests or to the user."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(home))
    return home


@dataclass(frozen=True)
class ScriptSpec:
    """A job spec for scripted jobs: ``steps`` events, ``fail_at`` raises there, ``delay`` seconds per step."""
    kind: ClassVar[str] = "script"
    name: str = "job"
    steps: int = 3
    delay: float = 0.0
    fail_at: int = -1
    ignore_cancel: bool = False
    prompt: str = "a scripted job"
    model: str = "script-model"

    def problems(self) -> list[str]:
        return ["steps must not be negative"] if self.steps < 0 else []

    def validate(self):
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


class ScriptRecorder:
    """Records what scripted jobs did, from the engine thread (lists are safe to append across threads)."""

    def __init__(self):
        self.started: list[str] = []
        self.threads: list[object] = []
        self.finally_ran: list[tuple[str, object]] = []
        self.contexts: list[object] = []

    def run(self, spec, ctx):
        """The scripted runner: ``run(spec, ctx) -> Generator[Event, None, Result]`` like a real job."""
        import threading
        import time

        from aigc_studio.core.base.events import Progress, Result, TextDelta
        self.started.append(spec.name)
        self.threads.append(threading.current_thread())
        self.contexts.append(ctx)
        done = 0
        try:
            for i in range(spec.steps):
                if ctx.cancelled and not spec.ignore_cancel:
                    return Result(text=f"{spec.name}:partial", data={"stopped": "cancelled", "steps": done})
                if i == spec.fail_at:
                    raise RuntimeError(f"{spec.name} broke at step {i}")
                if spec.delay:
                    time.sleep(spec.delay)
                done += 1
                yield TextDelta(f"{spec.name}:{i};")
                yield Progress(done, spec.steps)
            return Result(text=f"{spec.name}:done", data={"stopped": "length", "steps": done})
        finally:
            self.finally_ran.append((spec.name, threading.current_thread()))


def fake_resolve(pref: str):
    return SimpleNamespace(device="cpu", name="cpu", reason=f"CPU — test device ({pref})")


@pytest.fixture
def Script():
    """The scripted job spec class (``Script(name=..., steps=..., delay=..., fail_at=..., ignore_cancel=...)``)."""
    return ScriptSpec


@pytest.fixture
def recorder():
    return ScriptRecorder()


@pytest.fixture
def make_engine(qtbot, recorder):
    """Engines with the scripted runner, a fake device and no model cache; shut down after the test."""
    from aigc_studio.ui.engine import Engine
    engines = []

    def make(start=True, **kw):
        kw.setdefault("resolve_device", fake_resolve)
        kw.setdefault("model_cache_factory", lambda: None)
        kw.setdefault("cancel_grace_s", 0.3)
        eng = Engine(device_pref="auto", runner_override={"script": recorder.run}, **kw)
        engines.append(eng)
        if start:
            eng.start()
        return eng

    yield make
    for eng in engines:
        assert eng.shutdown(timeout_s=10)


@pytest.fixture
def make_window(qtbot, make_engine):
    """The real MainWindow with a scripted-job engine (fake device: no torch)."""
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.main_window import MainWindow

    def make(settings=None, show=True):
        settings = settings or Settings.load()
        eng = make_engine(start=False)
        w = MainWindow(settings, engine=eng)
        qtbot.addWidget(w)
        if show:
            w.show()
            qtbot.waitExposed(w)
        return w

    return make
