"""The self-test: in-process with a scripted text job (quick), and for real with the shipped model (slow)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from aigc_studio.core.base.specs import DEFAULT_TEXT_MODEL
from scripted_jobs import scripted_media_job

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "aigc_studio" / "resources" / "models" / DEFAULT_TEXT_MODEL


def scripted_text_job(spec, ctx):
    from aigc_studio.core.base.events import Progress, Result, TextDelta
    pieces = ["夜来", "风雨声，", "花落", "知多少。"]
    for i, p in enumerate(pieces, 1):
        if ctx.cancelled:
            break
        yield TextDelta(p)
        yield Progress(i, len(pieces))
    text = "".join(pieces)
    return Result(text=text, data={"prompt_used": spec.prompt, "prompt_truncated": False, "tokens": len(text),
                                   "tokens_per_s": 100.0, "first_token_ms": 1.0, "stopped": "length",
                                   "device": "cpu", "model": spec.model})


def scripted_job(kind):
    return scripted_text_job if kind == "text" else scripted_media_job


def test_selftest_in_process_with_scripted_job(qapp, monkeypatch):
    """The whole self-test path (real window, engine, Text panel, save, reload) with the model replaced."""
    import aigc_studio.core.jobs as jobs
    from aigc_studio.devtools import selftest
    from aigc_studio.ui import engine as engine_mod
    from aigc_studio.ui.widgets import diagnostics

    monkeypatch.setattr(jobs, "get_runner", scripted_job)
    monkeypatch.setattr(engine_mod, "_default_resolve",
                        lambda pref: SimpleNamespace(device="cpu", name="cpu", reason="CPU — scripted"))
    monkeypatch.setattr(engine_mod, "_default_model_cache", lambda: None)
    monkeypatch.setattr(diagnostics, "model_check", lambda m: diagnostics.Check("model", True, f"{m} (scripted)"))
    home_before = os.environ["AIGC_STUDIO_HOME"]
    lines: list[str] = []
    code = selftest.run_selftest(out=lines.append)
    report = "\n".join(lines)
    assert code == 0, report
    for name in ("window", "panels", "device", "model", "generate", "job", "stream", "result",
                 "panel-shows-text", "save", "gui-stalls"):
        assert any(line.startswith(f"PASS {name}:") for line in lines), (name, report)
    assert "stall_p99_ms=" in report and "window_ms=" in report
    assert os.environ["AIGC_STUDIO_HOME"] == home_before        # restored


def test_selftest_fails_clearly_without_the_model(qapp, monkeypatch):
    from aigc_studio.devtools import selftest
    from aigc_studio.ui import engine as engine_mod
    from aigc_studio.ui.widgets import diagnostics

    monkeypatch.setattr(engine_mod, "_default_resolve",
                        lambda pref: SimpleNamespace(device="cpu", name="cpu", reason="CPU — scripted"))
    monkeypatch.setattr(diagnostics, "model_check",
                        lambda m: diagnostics.Check("model", False, "no such model"))
    lines: list[str] = []
    assert selftest.run_selftest(out=lines.append) == 1
    fail = [line for line in lines if line.startswith("FAIL model:")]
    assert fail and f"aigc_studio/resources/models/{DEFAULT_TEXT_MODEL} is not there yet" in fail[0]


@pytest.mark.slow
@pytest.mark.skipif(not (SHIPPED / "card.json").is_file(), reason=f"the shipped model {DEFAULT_TEXT_MODEL} "
                    "is not in aigc_studio/resources/models yet")
def test_selftest_command_passes_with_shipped_model(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-m", "aigc_studio", "selftest"], capture_output=True, text=True,
                         env=env, timeout=600, cwd=REPO)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL" not in out.stdout
    assert "PASS stream:" in out.stdout and "PASS save:" in out.stdout


def test_selftest_and_diagnostics_share_one_implementation(qapp, monkeypatch):
    """The self-test runs its job through the diagnostics' EngineJobCheck and judges stalls with its
    stall_check (one limit, one set of checks), instead of a copy of them."""
    import aigc_studio.core.jobs as jobs
    from aigc_studio.devtools import selftest
    from aigc_studio.ui import engine as engine_mod
    from aigc_studio.ui.widgets import diagnostics

    monkeypatch.setattr(jobs, "get_runner", scripted_job)
    monkeypatch.setattr(engine_mod, "_default_resolve",
                        lambda pref: SimpleNamespace(device="cpu", name="cpu", reason="CPU — scripted"))
    monkeypatch.setattr(engine_mod, "_default_model_cache", lambda: None)
    monkeypatch.setattr(diagnostics, "model_check", lambda m: diagnostics.Check("model", True, f"{m} (scripted)"))
    used: list[str] = []
    real_check, real_stall = diagnostics.EngineJobCheck, diagnostics.stall_check

    class SpyCheck(real_check):
        def __init__(self, *a, **kw):
            used.append("EngineJobCheck")
            super().__init__(*a, **kw)

    def spy_stall(*a, **kw):
        used.append("stall_check")
        return real_stall(*a, **kw)

    monkeypatch.setattr(diagnostics, "EngineJobCheck", SpyCheck)
    monkeypatch.setattr(diagnostics, "stall_check", spy_stall)
    lines: list[str] = []
    assert selftest.run_selftest(out=lines.append) == 0, "\n".join(lines)
    assert "EngineJobCheck" in used and "stall_check" in used
    assert not hasattr(selftest, "STALL_P99_LIMIT_MS")          # one limit, in diagnostics
    spec = diagnostics.diagnostic_spec(None)
    assert any(line.startswith("PASS save:") for line in lines)
    assert spec.prompt and spec.model == DEFAULT_TEXT_MODEL
