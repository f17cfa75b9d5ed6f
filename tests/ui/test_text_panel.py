"""The Text panel, driven by a scripted engine (a QObject with the Engine's signals and submit/cancel), and once by
the real engine thread with a tiny real model built here."""
from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aigc_studio.core.base.errors import UserError  # noqa: E402
from aigc_studio.core.base.events import Log, Progress, Result, TextDelta  # noqa: E402
from aigc_studio.core.base.specs import SEED_MAX, TextSpec  # noqa: E402
from aigc_studio.ui.panels import text_panel as tp  # noqa: E402
from aigc_studio.ui.panels.text_panel import TextPanel  # noqa: E402
from panel_helpers import assert_refused_at, engine, settings, store, text_panel  # noqa: E402,F401 (fixtures)

MODELS = [SimpleNamespace(id="tiny-en", name="Tiny English", kind="text", path="/m/tiny-en",
                          card={"language": "en", "description": "a tiny model"}, source="shipped"),
          SimpleNamespace(id="tiny-zh", name="Tiny Chinese", kind="text", path="/m/tiny-zh",
                          card={"language": "zh", "usage": {"prompt": "a title, then a new line",
                                                            "stop": ["\n\n"]}}, source="shipped")]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(tp, "_list_text_models", lambda: list(MODELS))


def fill(panel, prompt="Once upon a time", mode="fixed", seed="7"):
    panel.prompt_edit.setPlainText(prompt)
    panel.set_seed_mode(mode)
    panel.seed_edit.setText(seed)


def stream(engine, job_id, pieces, pause_s=0.0):
    app = QApplication.instance()
    for i, piece in enumerate(pieces):
        engine.job_event.emit(job_id, TextDelta(piece))
        engine.job_event.emit(job_id, Progress(i + 1, len(pieces)))
        if pause_s:
            time.sleep(pause_s)
            app.processEvents()


# ---------------------------------------------------------------------------------------------- the form ------

def test_builds_ui_with_models_and_defaults(panel):
    labels = [panel.model_combo.itemText(i) for i in range(panel.model_combo.count())]
    assert labels == ["Tiny English — English", "Tiny Chinese — Chinese"]
    assert panel.current_model() == "tiny-en"
    assert "greedy" in panel.temperature_spin.toolTip()
    assert "Ctrl+Enter" in panel.generate_button.toolTip()
    assert "Esc" in panel.stop_button.toolTip() and "Ctrl+S" in panel.save_button.toolTip()
    assert not panel.is_busy()
    assert not panel.stop_button.isEnabled() and not panel.save_button.isEnabled()


@pytest.mark.parametrize("setup, field, words", [
    (lambda p: p.prompt_edit.setPlainText("   "), "prompt", "prompt is empty"),
    (lambda p: p.max_tokens_spin.setValue(0), "max_new_tokens", "Max new tokens"),
    (lambda p: p.max_tokens_spin.setValue(5000), "max_new_tokens", "Max new tokens"),
    (lambda p: p.temperature_spin.setValue(6.0), "temperature", "Temperature"),
    (lambda p: p.top_k_spin.setValue(200000), "top_k", "Top-k"),
    (lambda p: p.top_p_spin.setValue(0.0), "top_p", "Top-p"),
    (lambda p: p.rep_penalty_spin.setValue(0.5), "repetition_penalty", "Repetition penalty"),
    (lambda p: p.rep_penalty_spin.setValue(3.5), "repetition_penalty", "Repetition penalty"),
    (lambda p: p.seed_edit.setText(str(SEED_MAX + 1)), "seed", "seed must be between"),
    (lambda p: p.seed_edit.setText(""), "seed", "Type a seed"),
    (lambda p: p.seed_edit.setText("12ab"), "seed", "whole number"),
    (lambda p: p.stop_edit.setText("END\\q"), "stop", "Unknown escape"),
    (lambda p: p.model_combo.setCurrentIndex(-1), "model", "Choose a model"),
])
def test_invalid_parameter_is_refused_at_the_form(panel, engine, setup, field, words):
    fill(panel)
    setup(panel)
    assert_refused_at(panel, engine, field, words)
    # Fixing it clears the message and submits.
    fill(panel)
    panel.max_tokens_spin.setValue(20)
    panel.temperature_spin.setValue(0.7)
    panel.top_k_spin.setValue(10)
    panel.top_p_spin.setValue(0.9)
    panel.rep_penalty_spin.setValue(1.1)
    panel.stop_edit.setText("")
    panel.model_combo.setCurrentIndex(0)
    assert panel.generate() == "job-1"
    assert panel.form_errors() == {}


def test_several_problems_are_all_shown(panel, engine):
    fill(panel, prompt="")
    panel.top_p_spin.setValue(0.0)
    panel.temperature_spin.setValue(9.0)
    assert panel.generate() is None and engine.submitted == []
    assert set(panel.form_errors()) == {"prompt", "top_p", "temperature"}


def test_stop_strings_escapes(panel, engine):
    fill(panel)
    panel.stop_edit.setText("\\n\\n, THE END,a\\,b, \\sx")
    panel.generate()
    assert engine.submitted[0][1].stop == ("\n\n", "THE END", "a,b", " x")


# ---------------------------------------------------------------------------------------------- streaming -----

def test_deltas_are_coalesced_and_final_text_is_right(qtbot, panel, engine):
    fill(panel, prompt="Prompt: ")
    job = panel.generate()
    assert job == "job-1" and panel.is_busy()
    spec = engine.submitted[0][1]
    assert spec.prompt == "Prompt: " and spec.seed == 7 and spec.model == "tiny-en"
    engine.start(job)
    pieces = [f"w{i} " for i in range(300)]
    t0 = time.monotonic()
    stream(engine, job, pieces, pause_s=0.001)       # ~0.3 s or more of streaming, events processed throughout
    elapsed = time.monotonic() - t0
    qtbot.waitUntil(lambda: panel.generated_text() == "".join(pieces), timeout=2000)
    # At most ~30 view updates a second, and far fewer updates than deltas.
    assert 1 <= panel.flush_count <= elapsed / (tp.FLUSH_INTERVAL_MS / 1000) + 2, (panel.flush_count, elapsed)
    assert panel.flush_count < len(pieces) / 3, panel.flush_count
    engine.finish(job, result=Result(text="".join(pieces), data={
        "tokens": 300, "tokens_per_s": 123.4, "first_token_ms": 45.0, "stopped": "length", "device": "cpu",
        "prompt_used": "Prompt: ", "prompt_truncated": False}))
    assert panel.output_text() == "Prompt: " + "".join(pieces)
    assert not panel.is_busy()
    stats = panel.stats_label.text()
    for part in ("300 tokens", "123.4 tokens/s", "45 ms", "max tokens", "cpu"):
        assert part in stats
    assert panel.save_button.isEnabled() and panel.continue_button.isEnabled()


def test_many_deltas_between_flushes_make_one_update(panel, engine):
    fill(panel)
    job = panel.generate()
    stream(engine, job, ["a"] * 1000)               # no event processing in between: all in one flush
    assert panel.flush_count == 0                    # buffered, nothing drawn yet
    engine.finish(job, result=Result(text="a" * 1000, data={"stopped": "length"}))
    assert panel.flush_count == 1
    assert panel.generated_text() == "a" * 1000


def test_view_follows_the_end_unless_scrolled_up(qtbot, panel, engine):
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    fill(panel)
    job = panel.generate()
    bar = panel.output_view.verticalScrollBar()
    stream(engine, job, ["line\n"] * 200)
    panel._flush()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    bar.setValue(0)                                   # the user scrolls up to read
    stream(engine, job, ["more\n"] * 50)
    panel._flush()
    assert bar.value() == 0


def test_events_of_other_jobs_are_ignored(panel, engine):
    fill(panel)
    job = panel.generate()
    engine.job_event.emit("job-99", TextDelta("not mine"))
    engine.job_event.emit(job, TextDelta("mine"))
    engine.finish(job, result=Result(text="mine"))
    assert panel.generated_text() == "mine"


def test_warning_log_is_shown(panel, engine):
    fill(panel)
    job = panel.generate()
    engine.job_event.emit(job, Log("The prompt was longer than the model's context.", "warning"))
    engine.finish(job, result=Result(text="x", data={"prompt_truncated": True}))
    assert "longer than the model" in panel.notice.text() and not panel.notice.isHidden()


def test_stop_cancels_and_keeps_the_text(qtbot, panel, engine):
    fill(panel, prompt="P")
    job = panel.generate()
    engine.start(job)
    stream(engine, job, ["one ", "two "])
    panel.stop()
    assert engine.cancelled == [job]
    stream(engine, job, ["three"])                    # the job halts at its next token
    engine.finish(job, "cancelled", Result(text="one two three", data={"stopped": "cancelled", "tokens": 3}),
                  "Stopped: kept what was made so far.")
    assert panel.output_text() == "Pone two three"
    assert not panel.is_busy()
    assert "stopped by you" in panel.stats_label.text()
    assert panel.save_button.isEnabled()


def test_cancel_without_result_keeps_streamed_text(panel, engine):
    fill(panel, prompt="P")
    job = panel.generate()
    stream(engine, job, ["abc"])
    panel.stop()
    engine.finish(job, "cancelled", None, "Cancelled.")
    assert panel.output_text() == "Pabc"


def test_failed_job_shows_its_message(panel, engine):
    fill(panel)
    job = panel.generate()
    msgs = []
    panel.status_message.connect(msgs.append)
    engine.finish(job, "failed", None, "The device ran out of memory. Try fewer tokens.")
    assert not panel.error_message.isHidden()
    assert "ran out of memory" in panel.error_message.text()
    assert any("ran out of memory" in m for m in msgs)
    assert not panel.is_busy() and panel.generate_button.isEnabled()


def test_generate_while_busy_is_queued_behind(panel, engine):
    """A second Generate while a job runs is queued (issue 12 item 9); the view shows the first until it ends."""
    fill(panel)
    first = panel.generate()
    second = panel.generate()
    assert second is not None and len(engine.submitted) == 2
    assert panel.waiting_jobs() == [second]


# ---------------------------------------------------------------------------------------------- seeds ---------

def test_seed_modes(panel, engine):
    fill(panel, mode="fixed", seed="1234")
    j1 = panel.generate()
    engine.finish(j1, result=Result(text="a"))
    assert engine.submitted[-1][1].seed == 1234

    panel.set_seed_mode("random")
    assert panel.seed_edit.isReadOnly()
    seeds = set()
    for _ in range(3):
        j = panel.generate()
        engine.finish(j, result=Result(text="a"))
        seeds.add(engine.submitted[-1][1].seed)
        assert panel.seed_edit.text() == str(engine.submitted[-1][1].seed)   # the seed used is shown
    assert len(seeds) >= 2 and all(0 <= s <= SEED_MAX for s in seeds)

    last = engine.submitted[-1][1].seed
    panel.set_seed_mode("reuse")
    j = panel.generate()
    engine.finish(j, result=Result(text="a"))
    assert engine.submitted[-1][1].seed == last

    panel.set_seed_mode("increment")
    j = panel.generate()
    engine.finish(j, result=Result(text="a"))
    assert engine.submitted[-1][1].seed == (last + 1) % (SEED_MAX + 1)

    panel.set_seed_mode("fixed")                     # the box now shows the last seed: keep it
    j = panel.generate()
    assert engine.submitted[-1][1].seed == (last + 1) % (SEED_MAX + 1)


def test_regenerate_same_settings_new_seed_when_random(panel, engine):
    fill(panel, prompt="Hello", mode="fixed", seed="5")
    j = panel.generate()
    engine.finish(j, result=Result(text=" world"))
    panel.prompt_edit.setPlainText("something else")          # regenerate repeats the last job
    j2 = panel.regenerate()
    assert engine.submitted[-1][1] == engine.submitted[0][1]  # fixed: the very same spec
    engine.finish(j2, result=Result(text=" world"))
    panel.set_seed_mode("random")
    panel.regenerate()
    again = engine.submitted[-1][1]
    assert again.prompt == "Hello" and again.seed != 5
    assert replace(again, seed=5) == engine.submitted[0][1]


def test_continue_appends_generated_text_to_prompt(panel, engine):
    fill(panel, prompt="It was")
    j = panel.generate()
    engine.finish(j, result=Result(text=" a dark night"))
    j2 = panel.continue_()
    assert j2 == "job-2"
    assert engine.submitted[-1][1].prompt == "It was a dark night"
    assert panel.prompt_edit.toPlainText() == "It was a dark night"
    assert panel.output_text() == "It was a dark night"


def test_continue_without_a_result_generates(panel, engine):
    fill(panel, prompt="Start")
    assert panel.continue_() == "job-1"
    assert engine.submitted[0][1].prompt == "Start"


# ---------------------------------------------------------------------------------------------- save ----------

def test_save_writes_whole_piece_with_sidecar(qtbot, panel, engine):
    fill(panel, prompt="Roses are red, ")
    j = panel.generate()
    stream(engine, j, ["violets ", "are blue"])
    data = {"tokens": 2, "tokens_per_s": 10.0, "first_token_ms": 5.0, "stopped": "length", "device": "cpu",
            "prompt_used": "Roses are red, ", "prompt_truncated": False, "model": "tiny-en"}
    engine.finish(j, result=Result(text="violets are blue", data=data))
    with qtbot.waitSignal(panel.asset_saved) as sig:
        path = panel.save()
    assert path is not None and sig.args == [path]
    assert Path(path).read_text(encoding="utf-8") == "Roses are red, violets are blue"
    meta = json.loads(Path(path + ".json").read_text(encoding="utf-8"))
    assert meta["spec"]["prompt"] == "Roses are red, " and meta["spec"]["seed"] == 7
    assert meta["result"]["tokens"] == 2 and meta["result"]["prompt_chars"] == len("Roses are red, ")
    from aigc_studio.core.assets import load_spec
    assert load_spec(path) == engine.submitted[0][1]
    assert panel.save() == path                       # saving again: the same file, no duplicate


def test_save_failure_is_a_message_and_text_stays(qtbot, panel, engine, tmp_path):
    from aigc_studio.core.assets import AssetStore
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    bad = AssetStore(blocker)
    panel.store_getter = lambda: bad
    fill(panel, prompt="P")
    j = panel.generate()
    engine.finish(j, result=Result(text="generated"))
    assert panel.save() is None
    assert "Not saved" in panel.error_message.text() and not panel.error_message.isHidden()
    assert panel.output_text() == "Pgenerated"

    def full_disk():
        raise OSError(28, "No space left on device")
    panel.store_getter = full_disk
    assert panel.save() is None
    assert "disk is full" in panel.error_message.text()
    assert panel.output_text() == "Pgenerated" and panel.save_button.isEnabled()
    bad.close()


def test_save_without_text_does_nothing(panel):
    assert panel.save() is None


# ---------------------------------------------------------------------------------------------- restore -------

def test_restore_spec_round_trip(panel, engine):
    spec = TextSpec(prompt="第一行\n第二行", model="tiny-zh", max_new_tokens=333, temperature=0.8765,
                    top_k=17, top_p=0.9125, repetition_penalty=1.2345, seed=SEED_MAX,
                    stop=("\n\n", "a,b", " lead", "back\\slash"))
    panel.set_seed_mode("random")
    panel.restore_spec(spec)
    assert panel.seed_mode() == "fixed"
    assert panel.form_spec() == spec
    panel.generate()
    assert engine.submitted[0][1] == spec             # Generate reproduces it exactly


def test_restore_spec_with_unknown_model_keeps_it(panel, engine):
    spec = TextSpec(prompt="x", model="/some/folder/my-model", seed=3)
    panel.restore_spec(spec)
    assert panel.current_model() == "/some/folder/my-model"
    assert "not installed" in panel.model_combo.currentText()
    panel.generate()
    assert engine.submitted[0][1] == spec


def test_open_model_folder_errors_are_words(panel, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert panel.use_model_folder(str(empty)) is False
    assert "not a model folder" in panel.model_message.text()
    assert panel.current_model() == "tiny-en"


def test_load_text_file(panel, tmp_path):
    good = tmp_path / "poem.txt"
    good.write_text("床前明月光\r\n疑是地上霜", encoding="utf-8")
    panel.load_text_file(str(good))
    assert panel.prompt_edit.toPlainText() == "床前明月光\n疑是地上霜"

    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    with pytest.raises(UserError):
        panel.load_text_file(str(bad))
    assert panel.prompt_edit.toPlainText() == "床前明月光\n疑是地上霜"   # untouched
    assert "not UTF-8" in panel.prompt_message.text() and not panel.prompt_message.isHidden()


# ---------------------------------------------------------------------------------------------- settings ------

def test_params_persist_in_settings(qtbot, engine, settings, store):
    p1 = TextPanel(engine, settings, lambda: store)
    qtbot.addWidget(p1)
    p1.restore_spec(TextSpec(prompt="remember me", model="tiny-zh", max_new_tokens=77, temperature=0.0,
                             top_k=0, top_p=0.5, repetition_penalty=1.5, seed=99, stop=("END",)))
    p1.set_seed_mode("reuse")
    p1.save_settings()
    saved = settings.last_params["text"]
    assert saved["max_new_tokens"] == 77 and saved["seed_mode"] == "reuse" and saved["stop"] == ["END"]
    settings.save()
    from aigc_studio.core.base.settings import Settings
    reloaded = Settings.load(settings.path)
    p2 = TextPanel(engine, reloaded, lambda: store)
    qtbot.addWidget(p2)
    assert p2.params() == p1.params()
    assert p2.temperature_spin.text() == "0 (greedy)" and p2.top_k_spin.text() == "off"


def test_damaged_last_params_are_ignored(qtbot, engine, settings, store):
    settings.last_params["text"] = {"max_new_tokens": "lots", "temperature": None, "seed_mode": "sideways",
                                    "stop": [1, 2], "model": 5, "top_k": 2.5}
    p = TextPanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    assert p.max_tokens_spin.value() == TextSpec(prompt="x").max_new_tokens
    assert p.seed_mode() in tp.SEED_MODES


# ---------------------------------------------------------------------------------------------- real engine ---

def test_with_real_engine_and_scripted_text_job(qtbot, settings, store):
    """The real Engine thread runs a scripted job of kind "text" (the shape of the real one)."""
    from aigc_studio.ui.engine import Engine

    def run(spec, ctx):
        out = []
        for i in range(40):
            if ctx.cancelled:
                return Result(text="".join(out), data={"stopped": "cancelled", "tokens": i})
            out.append(f"{i},")
            yield TextDelta(out[-1])
            yield Progress(i + 1, 40)
        return Result(text="".join(out), data={"stopped": "length", "tokens": 40, "tokens_per_s": 1.0,
                                                "first_token_ms": 1.0, "device": "cpu"})

    eng = Engine(device_pref="cpu", resolve_device=lambda p: SimpleNamespace(device="cpu", name="cpu",
                                                                              reason="CPU"),
                 model_cache_factory=lambda: None, runner_override={"text": run}, cancel_grace_s=0.5)
    eng.start()
    try:
        panel = TextPanel(eng, settings, lambda: store)
        qtbot.addWidget(panel)
        fill(panel, prompt="Count: ")
        job = panel.generate()
        assert job
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
        expected = "".join(f"{i}," for i in range(40))
        assert panel.output_text() == "Count: " + expected
        assert "40 tokens" in panel.stats_label.text()
        path = panel.save()
        assert path and Path(path).read_text(encoding="utf-8") == "Count: " + expected
    finally:
        assert eng.shutdown(timeout_s=10)


def _tiny_model(folder):
    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder
    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import CharTokenizer

    tok = CharTokenizer.train("the quick brown fox jumps over the lazy dog.\n" * 3, eos="\n")
    torch.manual_seed(0)
    cfg = GPTConfig(vocab_size=tok.vocab_size, block_size=32, n_layer=1, n_head=2, n_embd=16)
    card = {"id": "ui-tiny", "name": "UI Tiny", "kind": "text", "architecture": "gpt", "config": cfg.to_dict(),
            "tokenizer": "char", "language": "en", "description": "A tiny random model built by the UI tests.",
            "data": {"source": "tests", "licence": "MIT", "prep": "none"}, "recipe": {}, "metrics": {},
            "training": {"hardware": "none", "seconds": 0, "steps": 0}}
    save_model_folder(folder, GPT(cfg).eval(), card, tokenizer=tok)
    return folder


def test_with_real_engine_and_tiny_real_model(qtbot, settings, store, tmp_path, monkeypatch):
    """Everything real: registry, engine thread, text job, sampling, the store. Same spec -> same text."""
    pytest.importorskip("torch")
    from aigc_studio.ui.engine import Engine
    try:
        from aigc_studio.core.jobs import text as _text_job  # noqa: F401
        from aigc_studio.core.models import registry
    except ImportError:
        pytest.skip("the text job or the registry is not there yet")
    models_dir = registry.user_models_dir()
    _tiny_model(models_dir / "ui-tiny")
    monkeypatch.setattr(tp, "_list_text_models", lambda: registry.list_models("text"))

    eng = Engine(device_pref="cpu")
    eng.start()
    try:
        panel = TextPanel(eng, settings, lambda: store)
        qtbot.addWidget(panel)
        assert panel.model_combo.findData("ui-tiny") >= 0
        panel.model_combo.setCurrentIndex(panel.model_combo.findData("ui-tiny"))
        fill(panel, prompt="the quick", mode="fixed", seed="42")
        panel.max_tokens_spin.setValue(12)
        panel.temperature_spin.setValue(0.9)
        panel.stop_edit.setText("")
        assert panel.generate()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=60000)
        assert panel.error_message.isHidden(), panel.error_message.text()
        first = panel.generated_text()
        assert panel.output_text() == "the quick" + first
        assert "tokens" in panel.stats_label.text()
        path = panel.save()
        assert path
        from aigc_studio.core.assets import load_spec
        spec = load_spec(path)

        panel.restore_spec(spec)                      # restore from the saved file and generate again
        assert panel.generate()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=60000)
        assert panel.generated_text() == first        # same spec, same device: same text
    finally:
        assert eng.shutdown(timeout_s=30)


def test_no_models_installed_says_what_to_do(qtbot, engine, settings, store, monkeypatch):
    monkeypatch.setattr(tp, "_list_text_models", lambda: [])
    p = TextPanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    fill(p)
    assert p.generate() is None and engine.submitted == []
    assert "Open model folder" in p.form_errors()["model"]


def test_first_problem_gets_focus_and_status(qtbot, panel, engine):
    panel.show()
    qtbot.waitExposed(panel)
    msgs = []
    panel.status_message.connect(msgs.append)
    fill(panel, prompt="", seed="")
    panel.generate()
    assert "prompt is empty" in msgs[-1]
    assert panel.focusWidget() is panel.prompt_edit


def test_reuse_last_with_nothing_to_reuse_draws_a_seed(panel, engine):
    fill(panel, mode="reuse", seed="")
    assert panel.generate() == "job-1"
    seed = engine.submitted[0][1].seed
    assert panel.seed_edit.text() == str(seed)
    engine.finish("job-1", result=Result(text="a"))
    panel.generate()
    assert engine.submitted[1][1].seed == seed


@pytest.mark.parametrize("prompt", ["line one\r\nline two", "Il a dit\u00a0: bonjour", "a\u2028b\u2029c"])
def test_restore_spec_keeps_the_prompt_exactly(panel, engine, prompt):
    """Qt's editor normalises CRLF, U+2028/9 and no-break spaces; a restored spec (made by the CLI, say) must still
    submit its exact prompt, or the same seed writes a different text."""
    spec = TextSpec(prompt=prompt, model="tiny-en", seed=11)
    panel.restore_spec(spec)
    assert panel.form_spec() == spec
    panel.generate()
    assert engine.submitted[-1][1].prompt == prompt
    engine.finish(engine.submitted[-1][0], result=Result(text="", data={}))
    panel.prompt_edit.setPlainText("edited by hand")       # once the user edits, the box's text is what counts
    assert panel.form_spec().prompt == "edited by hand"


def test_model_usage_suggests_stop_strings_without_overwriting_the_users(panel):
    panel._select_model("tiny-zh")
    assert panel.stop_edit.text() == "\\n\\n"                      # the card's suggestion, shown escaped
    assert "a title, then a new line" in panel.prompt_edit.placeholderText()
    panel._select_model("tiny-en")
    assert panel.stop_edit.text() == ""                              # the suggestion goes with its model
    panel.stop_edit.setText("THE END")
    panel._select_model("tiny-zh")
    assert panel.stop_edit.text() == "THE END"                       # the user's own stays
    spec = TextSpec(prompt="x", model="tiny-zh", seed=3, stop=("。",))
    panel.restore_spec(spec)
    assert panel.stop_edit.text() == "。"                             # a restored spec wins


# ------------------------------------------------------------------------------------------ problems as data -----

def test_a_problem_lands_on_its_control_translated(qapp, panel, engine):
    """The spec's Problem names its field: the message goes under that control, in the interface's language (the
    template translated in context "CoreMessages", then filled with its arguments)."""
    from aigc_studio.core.base.errors import Problem
    from aigc_studio.ui.i18n import install_translators
    from aigc_studio.ui.panels.common import tr_core

    fill(panel)
    panel.temperature_spin.setValue(9.0)
    assert panel.generate() is None and engine.submitted == []
    assert panel.form_errors() == {"temperature": "Temperature must be between 0 (greedy) and 5."}
    try:
        assert install_translators(qapp, "zh_CN") == "zh_CN"
        assert panel.generate() is None and engine.submitted == []
        assert panel.form_errors() == {"temperature": "温度必须在 0（贪心）到 5 之间。"}
        mode = Problem("mode", "choice", "Unknown mode '{mode}': one of {modes}.", {"mode": "dream", "modes": "a, b"})
        assert tr_core(mode) == "未知模式“dream”：应为 a, b 之一。"
        assert tr_core("words the core never listed") == "words the core never listed"
    finally:
        assert install_translators(qapp, "en") == "en"
    assert tr_core(mode) == "Unknown mode 'dream': one of a, b."


def test_every_spec_problem_is_listed_for_translators_and_mapped_by_field(qapp):
    """Each template the specs report is in the UI's QT_TRANSLATE_NOOP list (so lupdate keeps it in the .ts, where
    test_main_window checks it is translated), and spec_problems groups problems by the field they name."""
    from aigc_studio.core.base.specs import AudioSpec, ImageSpec
    from aigc_studio.ui.panels.common import _CORE_MESSAGES, spec_problems
    from aigc_studio.ui.i18n import install_translators

    bad = [TextSpec(prompt="", model="", max_new_tokens=0, temperature=9, top_k=-1, top_p=0, repetition_penalty=9,
                    seed=-1, stop=("",), device="tpu"),
           TextSpec(prompt="x", temperature="hot"),
           ImageSpec(model="", mode="dream", count=0, seed=-1, strength=9, frames=0, directions=(99,), device="x",
                     truncation=9, best_of=0, latents=((float("nan"),),)),
           ImageSpec(mode="best_of", count=9, best_of=8), ImageSpec(mode="variations"), ImageSpec(mode="encode"),
           ImageSpec(mode="interpolate", latents=((0.0,),)), ImageSpec(latents=((0.0,),) * 65),
           AudioSpec(seconds=99, temperature=9, latents=((float("inf"),),)), AudioSpec(mode="variations"),
           AudioSpec(mode="interpolate"), AudioSpec(latents=((0.0,),) * 65)]
    seen = {p.message for spec in bad for p in spec.problems()}
    assert len(seen) >= 30
    assert seen <= set(_CORE_MESSAGES), sorted(seen - set(_CORE_MESSAGES))
    try:
        install_translators(qapp, "zh_CN")
        from aigc_studio.ui.panels.common import tr_core
        untranslated = sorted(m for m in seen if tr_core(m) == m)
        assert not untranslated, untranslated
    finally:
        install_translators(qapp, "en")
    grouped = spec_problems(ImageSpec(mode="variations", count=0, strength="high"))
    assert set(grouped) == {"count", "strength", "latents"}
    assert grouped["latents"] == ["Select a image first."]
    assert grouped["strength"][0].startswith("A setting has a value of the wrong type (")
