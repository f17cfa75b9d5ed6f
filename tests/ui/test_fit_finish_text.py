"""Issue 12 (fit and finish) in the Text panel: Continue that adds nothing keeps the piece savable, queued jobs
are shown one after another and kept apart, the session history (show a finished job again) and Undo, the first
start (the model of the interface's language and the card's example prompt), speed and time left."""
from __future__ import annotations

import os
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from aigc_studio.core.base.events import Progress, Result, TextDelta  # noqa: E402
from aigc_studio.ui.panels import text_panel as tp  # noqa: E402
from aigc_studio.ui.panels.common import ProgressSpeed, speed_words  # noqa: E402
from panel_helpers import engine, settings, store, text_panel  # noqa: E402,F401 (fixtures; text_panel is "panel")

MODELS = [SimpleNamespace(id="tiny-en", name="Tiny English", kind="text", path="/m/tiny-en",
                          card={"language": "en", "description": "a tiny model",
                                "usage": {"prompt": "a few words", "example": "The computer"}}, source="shipped"),
          SimpleNamespace(id="tiny-zh", name="Tiny Chinese", kind="text", path="/m/tiny-zh",
                          card={"language": "zh", "name_zh": "小中文", "description": "a tiny Chinese model",
                                "description_zh": "一个小中文模型",
                                "usage": {"prompt": "a title", "prompt_zh": "一个标题", "example": "春夜\n",
                                          "example_zh": "春夜\n", "stop": ["\n\n"]}}, source="shipped")]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(tp, "_list_text_models", lambda: list(MODELS))


def run(engine, panel, job_id, text):
    engine.start(job_id)
    if text:
        engine.job_event.emit(job_id, TextDelta(text))
    engine.finish(job_id, result=Result(text=text, data={"tokens": len(text), "stopped": "eos"}))
    panel._flush()


def test_first_start_has_the_example_prompt_of_the_english_model(panel, engine):
    assert panel.current_model() == "tiny-en"
    assert panel.prompt_edit.exact_text() == "The computer"
    job = panel.generate()                      # a first Generate works: the prompt is not empty
    assert job is not None and engine.spec(job).prompt == "The computer"
    # another model: its example replaces the previous suggestion (never the user's own words)
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("tiny-zh"))
    assert panel.prompt_edit.exact_text() == "春夜\n"
    panel.prompt_edit.set_exact_text("my own words")
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("tiny-en"))
    assert panel.prompt_edit.exact_text() == "my own words"


def test_continue_that_adds_nothing_keeps_the_piece_savable(panel, engine, store):
    panel.prompt_edit.set_exact_text("春夜\n")
    j1 = panel.generate()
    run(engine, panel, j1, "春眠不觉晓，处处闻啼鸟。\n\n")
    j2 = panel.continue_()
    assert j2 is not None
    run(engine, panel, j2, "")                 # the model adds nothing: the poem was finished
    assert panel.save_button.isEnabled() and panel.continue_button.isEnabled()
    path = panel.save()
    assert path is not None
    with open(path, encoding="utf-8") as f:
        assert f.read() == "春夜\n春眠不觉晓，处处闻啼鸟。\n\n"


def test_queued_jobs_are_shown_one_after_another_and_kept_apart(panel, engine):
    panel.prompt_edit.set_exact_text("one")
    j1 = panel.generate()
    panel.prompt_edit.set_exact_text("two")
    j2 = panel.generate()
    assert panel.waiting_jobs() == [j2] and panel.generate_button.isEnabled()
    engine.start(j1)
    engine.job_event.emit(j2, TextDelta("NOT MINE YET"))    # events of a waiting job do not reach the view
    engine.job_event.emit(j1, TextDelta(" first"))
    engine.finish(j1, result=Result(text=" first"))
    # the queued job is the panel's job now; the first one's text is in the session history
    assert panel.waiting_jobs() == [] and panel._job_id == j2 and panel.is_busy()
    run(engine, panel, j2, " second")
    assert panel.output_text() == "two second"
    assert panel.show_job(j1) and panel.output_text() == "one first"
    assert panel.undo() and panel.output_text() == "two second"


def test_a_waiting_job_cancelled_elsewhere_is_forgotten(panel, engine):
    panel.prompt_edit.set_exact_text("one")
    j1 = panel.generate()
    j2 = panel.generate()
    engine.finish(j2, "cancelled")
    assert panel.waiting_jobs() == []
    run(engine, panel, j1, " x")
    assert panel._job_id == j1 and not panel.is_busy()


def test_regenerate_replaces_the_text_and_undo_brings_it_back(panel, engine):
    panel.prompt_edit.set_exact_text("abc")
    j1 = panel.generate()
    run(engine, panel, j1, " first")
    assert not panel.can_undo()
    j2 = panel.regenerate()
    assert panel.output_text() == "abc" and not panel.can_undo()          # nothing to undo while it runs
    run(engine, panel, j2, " second")
    assert panel.can_undo()
    assert panel.undo() and panel.output_text() == "abc first" and panel.generated_text() == " first"
    assert panel.save_button.isEnabled() and not panel.can_undo()


def test_progress_shows_speed_and_time_left(panel, engine):
    t = [100.0]
    panel.prompt_edit.set_exact_text("abc")
    j1 = panel.generate()
    engine.start(j1)
    panel._speed = ProgressSpeed(clock=lambda: t[0])
    for i in range(1, 11):
        t[0] += 0.5
        engine.job_event.emit(j1, Progress(i, 20, "Generating" if i == 1 else ""))
    panel._flush()
    text = panel.stats_label.text()
    assert "2.0 tokens/s" in text and "about 5 s left" in text, text


def test_speed_words():
    t = [0.0]
    sp = ProgressSpeed(clock=lambda: t[0])
    assert speed_words(sp, "%1 images/s", "ImagePanel") == ""
    sp.update(1, 64)
    t[0] = 4.0
    sp.update(9, 64)
    assert sp.rate == pytest.approx(2.0) and sp.eta_s == pytest.approx(27.5)
    assert speed_words(sp, "%1 images/s", "ImagePanel") == "2.0 images/s · about 28 s left"
