"""The Audio panel, driven by a scripted engine (a QObject with the Engine's signals and submit/cancel, the test
emits the job's events itself) and by the real engine thread with a scripted sound runner (``fake_run``: plucked
tones decoded from a small latent vector, streamed chunk by chunk like the real job)."""
from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aigc_studio.core.base.errors import UserError  # noqa: E402
from aigc_studio.core.base.events import AudioChunk, Log, Progress, Result  # noqa: E402
from aigc_studio.core.base.specs import SEED_MAX, AudioSpec, spec_to_dict  # noqa: E402
from aigc_studio.ui.panels import audio_export  # noqa: E402
from aigc_studio.ui.panels import audio_panel as ap  # noqa: E402
from aigc_studio.ui.panels.audio_panel import AudioPanel  # noqa: E402
from aigc_studio.ui.panels.audio_directions import SLIDERS_SHOWN  # noqa: E402
from aigc_studio.ui.playback import Player  # noqa: E402
from panel_helpers import FakeEngine as PanelEngine  # noqa: E402
from panel_helpers import assert_refused_at, settings  # noqa: E402,F401 (settings: a fixture)

SR = 8000
MODELS = [SimpleNamespace(id="tiny-notes", name="Tiny notes", kind="audio", path="/m/tiny-notes",
                          card={"description": "plucked notes", "sample_rate": SR, "pca_components": 4},
                          source="shipped"),
          SimpleNamespace(id="tiny-drums", name="Tiny drums", kind="audio", path="/m/tiny-drums",
                          card={"sample_rate": 16000, "config": {"pca_k": 16}}, source="shipped")]


# ---------------------------------------------------------------------------------------------- a fake model --

def pluck(latent, seconds: float, sr: int = SR) -> np.ndarray:
    """A plucked tone from a 4-number latent: pitch, decay, brightness, loudness."""
    pitch, decay, bright, loud = (list(latent) + [0.0] * 4)[:4]
    f0 = 220.0 * 2 ** float(np.clip(pitch, -2, 2))
    tau = 0.05 + 0.3 * (1 + np.tanh(decay))
    b = 0.3 + 0.3 * (1 + np.tanh(bright))
    t = np.arange(int(round(seconds * sr))) / sr
    y = sum(b ** h * np.sin(2 * np.pi * f0 * (h + 1) * t) for h in range(5) if f0 * (h + 1) < sr / 2)
    y = y * np.exp(-t / tau) * (1 - np.exp(-t / 0.002))
    return (0.8 * (0.5 + 0.25 * (1 + np.tanh(loud))) * y / max(1e-9, np.max(np.abs(y)))).astype(np.float32)


def fake_run(spec: AudioSpec, ctx, chunk: int = 1024, delay: float = 0.0):
    """A scripted sound job shaped like core.jobs.audio.run: AudioChunk per sound, then Result with items."""
    rng = np.random.default_rng(spec.seed)
    if spec.mode == "sample":
        latents = [list(np.random.default_rng(spec.seed + i).normal(size=4) * spec.temperature)
                   for i in range(spec.count)]
    elif spec.mode == "variations":
        base = np.array(spec.latents[0])
        latents = [list(base + rng.normal(size=4) * spec.strength) for _ in range(spec.count)]
    elif spec.mode == "interpolate":
        a, b = np.array(spec.latents[0]), np.array(spec.latents[1])
        latents = [list(a + (b - a) * k / (spec.frames - 1)) for k in range(spec.frames)]
    elif spec.mode == "latent":
        latents = [list(np.array(z) + np.array((list(spec.directions) + [0.0] * 4)[:4])) for z in spec.latents]
    else:  # encode
        path = Path(spec.source)
        if not path.is_file() or path.read_bytes()[:4] != b"RIFF":
            raise UserError(f"{path.name} is not a sound file the studio can read (WAV, FLAC, OGG).")
        latents = [[0.0, 0.0, 0.0, 0.0]] + [list(rng.normal(size=4) * spec.strength)
                                            for _ in range(spec.count - 1)]
    items = []
    for i, z in enumerate(latents):
        y = pluck(z, spec.seconds)
        for start in range(0, y.size, chunk):
            if ctx.cancelled:
                return Result(data={"sample_rate": SR, "items": items, "stopped": "cancelled"})
            if delay:
                time.sleep(delay)
            yield AudioChunk(samples=y[None, start:start + chunk], sample_rate=SR, index=i)
        if spec.mode == "sample":
            one = replace(spec, count=1, seed=(spec.seed + i) % (SEED_MAX + 1))
        elif spec.mode == "latent":
            one = replace(spec, count=1, latents=(spec.latents[i],))
        else:
            one = replace(spec, mode="latent", count=1, latents=(tuple(z),), directions=())
        items.append({"spec": spec_to_dict(one), "latent": [float(v) for v in z], "seconds": spec.seconds,
                      "peak": float(np.max(np.abs(y))), "pitch_hz": 220.0 * 2 ** float(np.clip(z[0], -2, 2))})
        yield Progress(i + 1, len(latents))
    return Result(data={"sample_rate": SR, "items": items, "device": "cpu"})


# ---------------------------------------------------------------------------------------------- fakes ---------

class FakeEngine(PanelEngine):
    """The scripted engine; ``run`` plays the scripted sound job (``fake_run``) through its signals."""

    def run(self, job_id, upto=None):
        """Emit the fake job's events (all, or the first ``upto``) and, when all were sent, finish it."""
        ctx = SimpleNamespace(cancelled=False)
        gen = fake_run(self.spec(job_id), ctx)
        self.start(job_id)
        sent = 0
        while True:
            try:
                ev = next(gen)
            except StopIteration as stop:
                self.job_finished.emit(job_id, self.info(job_id, "done", stop.value))
                return stop.value
            self.job_event.emit(job_id, ev)
            sent += 1
            if upto is not None and sent >= upto:
                return None


class FakeStream:
    def __init__(self, sd, **kw):
        self.sd, self.kw, self.active, self.started, self.closed = sd, kw, False, False, False
        sd.streams.append(self)

    def start(self):
        self.started = self.active = True

    def abort(self):
        self.active = False

    def close(self):
        self.closed = True


class FakeSoundDevice:
    """Enough of the sounddevice module for the panel: OutputStream, PortAudioError, CallbackStop."""

    class PortAudioError(Exception):
        pass

    class CallbackStop(Exception):
        pass

    def __init__(self):
        self.streams: list[FakeStream] = []

    def OutputStream(self, **kw):  # noqa: N802 — the module's name
        return FakeStream(self, **kw)

    def query_devices(self, kind=None):
        return {"name": "fake", "default_samplerate": 48000.0}


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(ap, "_list_audio_models", lambda: list(MODELS))


@pytest.fixture
def sd():
    return FakeSoundDevice()


class FakeStore:
    def __init__(self, root):
        self.root = Path(root)
        self.saved = []

    def save_audio(self, samples, sample_rate, spec, extra=None, fmt="wav"):
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{len(self.saved) + 1:04d}-{spec.model}-s{spec.seed}.{fmt}"
        path.write_bytes(b"RIFF")
        self.saved.append((np.asarray(samples), sample_rate, spec, extra, fmt))
        return path


@pytest.fixture
def store(tmp_path):
    return FakeStore(tmp_path / "out")


@pytest.fixture
def engine():
    return FakeEngine()


@pytest.fixture
def panel(qtbot, engine, settings, store, sd):
    p = AudioPanel(engine, settings, lambda: store, player=Player(loader=lambda: sd))
    qtbot.addWidget(p)
    p.resize(1100, 760)
    return p


def fixed(panel, seed=7, count=3, seconds=0.5):
    panel.set_seed_mode("fixed")
    panel.seed_edit.setText(str(seed))
    panel.count_spin.setValue(count)
    panel.seconds_spin.setValue(seconds)


def generated(panel, engine, **kw):
    fixed(panel, **kw)
    job = panel.generate()
    engine.run(job)
    return job


# ---------------------------------------------------------------------------------------------- the form ------

def test_builds_ui_with_models_defaults_and_sliders(panel):
    labels = [panel.model_combo.itemText(i) for i in range(panel.model_combo.count())]
    assert labels == ["Tiny notes — 8 kHz", "Tiny drums — 16 kHz"]
    assert panel.current_model() == "tiny-notes"
    assert len(panel.sliders) == 4                              # card["pca_components"]
    panel.model_combo.setCurrentIndex(1)
    assert len(panel.sliders) == SLIDERS_SHOWN == 8            # config.pca_k = 16: the 8 main directions
    assert panel.count_spin.value() == AudioSpec().count and panel.frames_spin.value() == AudioSpec().frames
    assert "Ctrl+Enter" in panel.generate_button.toolTip() and "Ctrl+S" in panel.save_button.toolTip()
    assert not panel.is_busy() and not panel.stop_button.isEnabled() and not panel.save_button.isEnabled()
    assert not panel.empty_hint.isHidden()


@pytest.mark.parametrize("setup, field, words", [
    (lambda p: p.count_spin.setValue(0), "count", "between 1 and 64"),
    (lambda p: p.count_spin.setValue(65), "count", "between 1 and 64"),
    (lambda p: p.seconds_spin.setValue(0.05), "seconds", "0.1 and 10 seconds"),
    (lambda p: p.seconds_spin.setValue(11), "seconds", "0.1 and 10 seconds"),
    (lambda p: p.temperature_spin.setValue(2.5), "temperature", "Temperature"),
    (lambda p: p.seed_edit.setText(str(SEED_MAX + 1)), "seed", "seed must be between"),
    (lambda p: p.seed_edit.setText(""), "seed", "Type a seed"),
    (lambda p: p.seed_edit.setText("x1"), "seed", "whole number"),
    (lambda p: p.model_combo.setCurrentIndex(-1), "model", "Choose a model"),
])
def test_invalid_parameter_is_shown_next_to_its_control(panel, engine, setup, field, words):
    fixed(panel)
    setup(panel)
    assert_refused_at(panel, engine, field, words)
    fixed(panel)
    panel.temperature_spin.setValue(1.0)
    panel.model_combo.setCurrentIndex(0)
    assert panel.generate() == "job-1"
    assert panel.form_errors() == {}


def test_transform_settings_are_checked_next_to_their_controls(panel, engine):
    generated(panel, engine, count=2)
    panel.strength_spin.setValue(3.0)
    assert panel.variations() is None
    assert "strength" in panel.form_errors()["strength"]
    panel.strength_spin.setValue(0.5)
    panel.frames_spin.setValue(1)
    panel.select_sounds(panel.sounds())
    assert panel.morph() is None
    assert "interpolation frames" in panel.form_errors()["frames"]
    assert len(engine.submitted) == 1


def test_no_model_installed_says_so(panel, engine, monkeypatch):
    monkeypatch.setattr(ap, "_list_audio_models", lambda: [])
    panel.model_combo.clear()
    panel.reload_models()
    assert panel.generate() is None
    assert "No sound model is installed" in panel.form_errors()["model"]
    assert panel.sliders == [] and "no latent directions" in panel.directions_hint.text()


# ---------------------------------------------------------------------------------------------- generating ----

def test_generate_submits_sample_spec_and_shows_the_sounds(panel, engine):
    job = generated(panel, engine, seed=7, count=3, seconds=0.5)
    spec = engine.spec(job)
    assert (spec.mode, spec.count, spec.seed, spec.seconds, spec.model, spec.device) == (
        "sample", 3, 7, 0.5, "tiny-notes", "auto")
    assert not panel.is_busy()
    sounds = panel.sounds()
    assert len(sounds) == 3 and panel.sound_list.topLevelItemCount() == 3
    for i, s in enumerate(sounds):
        assert s.take.n_samples == int(0.5 * SR) and s.take.finished
        assert s.take.spec == replace(spec, count=1, seed=7 + i)        # the per-sound spec of the Result
        assert s.take.pitch_hz > 0 and panel.sound_list.row_of(s).text(3).endswith(ap.note_name(s.take.pitch_hz))
        assert panel.sound_list.row_of(s).text(1) == "0.50 s" and "dB" in panel.sound_list.row_of(s).text(2)
        assert not panel.sound_list.row_of(s).icon(0).isNull()
    assert panel.empty_hint.isHidden()
    assert panel.current_sound() is sounds[-1]                           # the view followed the stream
    assert "3 sounds" in panel.stats_label.text() and "seed 7" in panel.stats_label.text()
    assert panel.save_button.isEnabled() and panel.regenerate_button.isEnabled()


def test_chunks_are_coalesced_into_few_redraws(qtbot, panel, engine):
    panel.show()
    qtbot.waitExposed(panel)
    panel.ensure_views()
    fixed(panel, count=2, seconds=2.0)
    job = panel.generate()
    shown = []
    panel.first_chunk_shown.connect(shown.append)
    engine.job_changed.emit(engine.info(job, "running"))
    app = QApplication.instance()
    y = pluck([0, 0, 0, 0], 2.0)
    n_chunks = 0
    t0 = time.monotonic()
    for i in range(2):
        for start in range(0, y.size, 64):                   # 250 small chunks per sound
            engine.job_event.emit(job, AudioChunk(y[None, start:start + 64], SR, i))
            n_chunks += 1
            if n_chunks % 5 == 0:
                time.sleep(0.001)
                app.processEvents()
    elapsed = time.monotonic() - t0
    qtbot.waitUntil(lambda: shown == [job], timeout=2000)
    qtbot.waitUntil(lambda: not panel._flush_timer.isActive(), timeout=2000)
    assert panel.sounds()[1].take.n_samples == y.size
    # At most ~30 redraws a second, and far fewer than chunks.
    assert 1 <= panel.flush_count <= elapsed / (ap.FLUSH_INTERVAL_MS / 1000) + 2, (panel.flush_count, elapsed)
    assert panel.flush_count < n_chunks / 5
    assert panel.waveform.redraw_count <= panel.flush_count + 1
    assert panel.spectrogram.redraw_count <= panel.flush_count + 1
    np.testing.assert_array_equal(panel.waveform.samples, y)              # the sound shown is the second one
    assert panel.spectrogram.frames > 100


def test_many_chunks_between_redraws_make_one(panel, engine):
    fixed(panel, count=1, seconds=1.0)
    job = panel.generate()
    y = pluck([0.5, 0, 0, 0], 1.0)
    for start in range(0, y.size, 16):
        engine.job_event.emit(job, AudioChunk(y[None, start:start + 16], SR, 0))
    assert panel.flush_count == 0                        # stored, nothing drawn yet
    engine.finish(job, result=Result(data={"sample_rate": SR, "items": []}))
    assert panel.flush_count == 1
    np.testing.assert_array_equal(panel.sounds()[0].take.samples(), y)


def test_views_are_made_on_first_show_and_draw_the_current_sound(qtbot, panel, engine):
    generated(panel, engine, count=2, seconds=0.5)
    assert panel.waveform is None                        # pyqtgraph not needed until the panel is seen
    panel.show()
    qtbot.waitUntil(lambda: panel.waveform is not None, timeout=3000)
    np.testing.assert_array_equal(panel.waveform.samples, panel.sounds()[-1].take.samples())
    panel.select_sounds([panel.sounds()[0]])
    np.testing.assert_array_equal(panel.waveform.samples, panel.sounds()[0].take.samples())
    assert abs(panel.waveform.duration - 0.5) < 1e-6


def test_user_choice_stops_the_view_following(panel, engine):
    fixed(panel, count=3)
    job = panel.generate()
    engine.run(job, upto=6)                                   # sound 1 whole, the start of sound 2
    panel._flush()
    first, second = panel.sounds()
    assert panel.current_sound() is second
    panel.sound_list.setCurrentItem(panel.sound_list.row_of(first))              # the user picks a row
    for ev in list(fake_run(engine.spec(job), SimpleNamespace(cancelled=False)))[6:]:
        engine.job_event.emit(job, ev)
    panel._flush()
    assert panel.current_sound() is first


def test_progress_and_warnings(panel, engine):
    fixed(panel)
    job = panel.generate()
    engine.job_event.emit(job, Progress(1, 3, "Loading the model"))
    engine.job_event.emit(job, Log("The sound was clipped.", "warning"))
    panel._flush()
    assert panel.progress.maximum() == 3 and panel.progress.value() == 1
    assert "Loading the model" in panel.stats_label.text()
    assert "clipped" in panel.notice.text() and not panel.notice.isHidden()


def test_events_of_other_jobs_are_ignored(panel, engine):
    fixed(panel, count=1)
    job = panel.generate()
    engine.job_event.emit("job-99", AudioChunk(np.ones((1, 100), np.float32), SR, 0))
    engine.finish(job, result=Result(data={"items": []}))
    assert panel.sounds() == []


def test_generate_while_busy_is_queued_behind(panel, engine):
    """Issue 12 item 9: a second Generate while a job runs is queued; its sounds join the list when it runs."""
    fixed(panel, count=2)
    assert panel.generate() == "job-1"
    messages = []
    panel.status_message.connect(messages.append)
    assert panel.generate() == "job-2" and len(engine.submitted) == 2
    assert panel.waiting_jobs() == ["job-2"] and "Queued" in messages[-1]
    engine.run("job-1")
    assert panel._job_id == "job-2" and panel.is_busy() and panel.waiting_jobs() == []
    engine.run("job-2")
    assert len(panel.sounds()) == 4 and not panel.is_busy()


def test_stop_cancels_and_keeps_the_sound_so_far(panel, engine):
    fixed(panel, count=2)
    job = panel.generate()
    engine.run(job, upto=2)
    panel.stop()
    assert engine.cancelled == [job]
    engine.finish(job, state="cancelled", result=Result(data={"items": [], "stopped": "cancelled"}),
                  message="Stopped: kept what was made so far.")
    (sound,) = panel.sounds()
    assert sound.take.n_samples == 2048 and sound.take.partial
    assert "(stopped)" in panel.sound_list.row_of(sound).text(0)
    assert not panel.is_busy() and "stopped by you" in panel.stats_label.text()


def test_failed_job_shows_message_and_keeps_earlier_sounds(panel, engine):
    generated(panel, engine, count=2)
    fixed(panel, count=2)
    job = panel.generate()
    engine.finish(job, state="failed", message="The model file is damaged.")
    assert panel.error_message.text() == "The model file is damaged." and not panel.error_message.isHidden()
    assert len(panel.sounds()) == 2 and not panel.is_busy()


@pytest.mark.parametrize("mode, expected", [
    ("random", None), ("fixed", 7), ("reuse", 100), ("increment", 103)])
def test_seed_modes(panel, engine, mode, expected):
    generated(panel, engine, seed=100, count=3)
    panel.set_seed_mode(mode)
    panel.seed_edit.setText("7")
    job = panel.generate()
    seed = engine.spec(job).seed
    if expected is None:
        assert 0 <= seed <= SEED_MAX
        assert panel.seed_edit.text() == str(seed)          # shown, so it can be kept with Fixed
    else:
        assert seed == expected


def test_regenerate_repeats_the_last_generating_job(panel, engine):
    generated(panel, engine, seed=5, count=2, seconds=0.3)
    panel.set_seed_mode("fixed")
    job = panel.regenerate()
    assert engine.spec(job) == engine.spec("job-1")
    engine.run(job)
    panel.set_seed_mode("increment")
    job = panel.regenerate()
    assert engine.spec(job).seed == 7


# ---------------------------------------------------------------------------------------------- transforms ----

def test_variations_of_the_current_sound(panel, engine):
    generated(panel, engine, seed=1, count=2, seconds=0.4)
    first = panel.sounds()[0]
    panel.select_sounds([first])
    panel.strength_spin.setValue(0.3)
    panel.count_spin.setValue(5)
    job = panel.variations()
    spec = engine.spec(job)
    assert (spec.mode, spec.count, spec.strength, spec.model) == ("variations", 5, 0.3, "tiny-notes")
    assert spec.latents == (tuple(first.take.latent),) and spec.seconds == 0.4
    engine.run(job)
    assert len(panel.sounds()) == 7
    assert panel.sounds()[-1].label == "Variation 5"


def test_variations_need_a_finished_sound(panel, engine):
    assert panel.variations() is None
    assert "Select a finished sound" in panel.form_errors()["transform"]
    fixed(panel, count=1)
    job = panel.generate()
    engine.run(job, upto=1)
    engine.finish(job, state="cancelled", result=Result(data={"items": []}))
    assert panel.variations() is None and "no latent" in panel.form_errors()["transform"]
    assert len(engine.submitted) == 1


def test_morph_between_two_selected_sounds(panel, engine):
    generated(panel, engine, count=3)
    a, _, c = panel.sounds()
    panel.select_sounds([c, a])
    assert panel.morph_button.isEnabled()
    panel.frames_spin.setValue(6)
    job = panel.morph()
    spec = engine.spec(job)
    assert spec.mode == "interpolate" and spec.frames == 6
    assert spec.latents == (tuple(a.take.latent), tuple(c.take.latent))          # upper to lower
    engine.run(job)
    assert [s.label for s in panel.sounds()[3:]] == [f"Morph {k} of 6" for k in range(1, 7)]


def test_morph_needs_two_sounds_of_one_model(panel, engine):
    generated(panel, engine, count=2)
    panel.select_sounds(panel.sounds()[:1])
    assert panel.morph() is None and "exactly two" in panel.form_errors()["transform"]
    a, b = panel.sounds()
    b.take.spec = replace(b.take.spec, model="tiny-drums")
    panel.select_sounds([a, b])
    assert panel.morph() is None and "different models" in panel.form_errors()["transform"]
    assert len(engine.submitted) == 1


def _riff(path: Path) -> str:
    path.write_bytes(b"RIFF....WAVE")
    return str(path)


def test_open_file_encodes_it(panel, engine, tmp_path):
    fixed(panel, count=3)
    src = _riff(tmp_path / "kick.wav")
    assert panel.open_file(src) is True
    spec = engine.spec("job-1")
    assert (spec.mode, spec.source, spec.count) == ("encode", str(Path(src).resolve()), 3)
    engine.run("job-1")
    assert [s.label for s in panel.sounds()] == ["kick.wav, rebuilt", "kick.wav, variation 1",
                                                 "kick.wav, variation 2"]


def test_bad_files_are_explained_and_nothing_is_lost(panel, engine, tmp_path):
    generated(panel, engine, count=2)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert panel.open_file(text) is False
    assert "not a sound file" in panel.error_message.text()
    assert panel.open_file(tmp_path / "missing.wav") is False
    assert "does not exist" in panel.error_message.text()
    fake = tmp_path / "fake.ogg"
    fake.write_text("not really audio")
    assert panel.open_file(fake) is True                   # the job reads it and raises a UserError
    job = engine.submitted[-1][0]
    with pytest.raises(UserError) as err:
        list(fake_run(engine.spec(job), SimpleNamespace(cancelled=False)))
    engine.finish(job, state="failed", message=str(err.value))
    assert panel.error_message.text() == str(err.value) and "fake.ogg" in panel.error_message.text()
    assert len(panel.sounds()) == 2


def _drop(panel, path):
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(path))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(ev)
    return ev.isAccepted()


def test_dropping_a_sound_file_encodes_it_but_a_saved_asset_is_left_to_the_window(panel, engine, tmp_path):
    src = _riff(tmp_path / "snare.flac")
    assert _drop(panel, src)
    assert engine.spec("job-1").mode == "encode"
    engine.finish("job-1", result=Result(data={"items": []}))
    saved = _riff(tmp_path / "0001-x-s1.wav")
    Path(saved + ".json").write_text("{}")
    assert not _drop(panel, saved)                           # restored by the window (its settings)
    assert not _drop(panel, tmp_path / "notes.txt")
    assert len(engine.submitted) == 1


# ---------------------------------------------------------------------------------------------- sliders -------

def test_sliders_edit_the_current_sound_latest_wins(qtbot, panel, engine):
    generated(panel, engine, count=2, seconds=0.3)
    sound = panel.sounds()[0]
    panel.select_sounds([sound])
    original = sound.take
    assert all(s.isEnabled() for s in panel.sliders)
    panel.sliders[0].setValue(10)                               # +1.0: throttled, not submitted yet
    assert len(engine.submitted) == 1
    qtbot.waitUntil(lambda: len(engine.submitted) == 2, timeout=2000)
    edit_job, spec = engine.submitted[-1]
    assert spec.mode == "latent" and spec.latents == (tuple(original.latent),)
    assert spec.directions == (1.0, 0.0, 0.0, 0.0) and spec.model == "tiny-notes" and spec.count == 1
    # A newer move while the first edit runs cancels it; the newest is decoded from the same original latent.
    panel.sliders[1].setValue(-5)
    panel.direction_sliders.sliders[1].sliderReleased.emit()       # the drag ends
    assert engine.cancelled == [edit_job]
    job2, spec2 = engine.submitted[-1]
    assert spec2.directions == (1.0, -0.5, 0.0, 0.0) and spec2.latents == (tuple(original.latent),)
    engine.run(edit_job)                                      # the abandoned job's events are ignored
    assert sound.take is original
    engine.run(job2)
    assert sound.take is not original and sound.original is original
    assert sound.take.spec.directions == (1.0, -0.5, 0.0, 0.0)
    assert len(panel.sounds()) == 2 and "(edited)" in panel.sound_list.row_of(sound).text(0)
    # Another sound selected: its sliders; back: the amounts of the edit.
    panel.select_sounds([panel.sounds()[1]])
    assert panel.slider_amounts() == (0.0, 0.0, 0.0, 0.0)
    panel.select_sounds([sound])
    assert panel.slider_amounts() == (1.0, -0.5, 0.0, 0.0)
    # Reset: the original comes back at once, without a job.
    n = len(engine.submitted)
    panel.reset_sliders()
    assert sound.take is original and sound.original is None and len(engine.submitted) == n
    assert panel.slider_amounts() == (0.0, 0.0, 0.0, 0.0) and "(edited)" not in panel.sound_list.row_of(sound).text(0)


def test_slider_moved_during_a_generation_applies_afterwards(panel, engine):
    generated(panel, engine, count=1)
    sound = panel.sounds()[0]
    fixed(panel, count=1)
    job = panel.generate()
    panel.select_sounds([sound])
    panel.sliders[2].setValue(20)
    panel.apply_directions()
    assert len(engine.submitted) == 2 and engine.cancelled == []
    engine.run(job)
    spec = engine.submitted[-1][1]
    assert len(engine.submitted) == 3 and spec.mode == "latent" and spec.directions[2] == 2.0


# ---------------------------------------------------------------------------------------------- playback ------

def test_play_stop_and_loop_with_a_fake_sound_device(qtbot, panel, engine, sd):
    generated(panel, engine, count=1, seconds=0.25)
    sound = panel.sounds()[0]
    assert panel.play_button.isEnabled()
    panel.loop_check.setChecked(True)
    panel.toggle_play()
    (stream,) = sd.streams
    assert stream.started and stream.kw["samplerate"] == SR and stream.kw["channels"] == 1
    assert panel.player.is_playing and panel.play_button.text() == "Stop playing"
    # PortAudio's thread asks for samples: the sound, then (looping) its start again.
    n = sound.take.n_samples
    out = np.zeros((n + 100, 1), np.float32)
    stream.kw["callback"](out, n + 100, None, None)
    np.testing.assert_array_equal(out[:n, 0], sound.take.samples())
    np.testing.assert_array_equal(out[n:, 0], sound.take.samples()[:100])
    panel.toggle_play()
    assert stream.closed and not panel.player.is_playing and panel.play_button.text() == "Play"
    # Not looping: the end of the sound stops the stream and the panel notices.
    panel.loop_check.setChecked(False)
    panel.play()
    stream = sd.streams[-1]
    out = np.zeros((n + 10, 1), np.float32)
    with pytest.raises(FakeSoundDevice.CallbackStop):
        stream.kw["callback"](out, n + 10, None, None)
    assert not out[n:].any()
    qtbot.waitUntil(lambda: not panel.player.is_playing, timeout=2000)
    assert panel.playback_note.isHidden()


def test_playback_disabled_with_a_note_when_the_library_is_missing(qtbot, engine, settings, store):
    def missing():
        raise OSError("PortAudio library not found")
    p = AudioPanel(engine, settings, lambda: store, player=Player(loader=missing))
    qtbot.addWidget(p)
    generated(p, engine, count=1)
    assert p.play() is False
    assert "PortAudio" in p.playback_note.text() and not p.playback_note.isHidden()
    assert not p.play_button.isEnabled() and p.retry_playback_button.isHidden()
    assert p.save() is not None                                 # everything else works


def test_no_output_device_note_and_retry(qtbot, panel, engine, sd):
    def broken(**kw):
        raise FakeSoundDevice.PortAudioError("Error querying device -1")
    sd.OutputStream = broken
    sd.query_devices = broken
    generated(panel, engine, count=1)
    assert panel.play() is False
    assert "no sound output device" in panel.playback_note.text()
    assert not panel.play_button.isEnabled() and not panel.retry_playback_button.isHidden()
    del sd.OutputStream, sd.query_devices                        # a device appears
    assert panel.probe_playback() is True
    assert panel.playback_note.isHidden() and panel.play_button.isEnabled()
    assert panel.play() is True


def test_device_that_disappears_mid_playback(qtbot, panel, engine, sd):
    generated(panel, engine, count=1, seconds=0.5)
    assert panel.play()
    stream = sd.streams[-1]

    def gone(self):
        raise FakeSoundDevice.PortAudioError("Device unavailable")
    type(stream).active = property(gone)
    try:
        qtbot.waitUntil(lambda: not panel.player.is_playing, timeout=2000)
    finally:
        del type(stream).active
    assert "stopped working" in panel.playback_note.text() and "Device unavailable" in panel.playback_note.toolTip()
    assert stream.closed and panel.play_button.text() == "Play"
    assert panel.generate() is not None                          # the panel goes on


def test_stop_without_a_job_stops_playback_and_double_click_plays(panel, engine, sd):
    generated(panel, engine, count=2)
    first = panel.sounds()[0]
    panel.sound_list.itemDoubleClicked.emit(panel.sound_list.row_of(first), 0)
    assert panel.player.is_playing and sd.streams[-1].started
    panel.select_sounds([panel.sounds()[1]])                    # another row while playing: it plays instead
    assert len(sd.streams) == 2 and sd.streams[0].closed and panel.player.is_playing
    panel.stop()                                               # Esc with no job running
    assert not panel.player.is_playing and engine.cancelled == []


def test_remove_selected_sounds(panel, engine):
    generated(panel, engine, count=3)
    a, b, c = panel.sounds()
    panel.select_sounds([a, c])
    panel.remove_selected()
    assert panel.sounds() == [b] and panel.sound_list.topLevelItemCount() == 1
    assert panel.current_sound() is b
    panel.select_sounds([b])
    panel.remove_selected()
    assert panel.sounds() == [] and not panel.empty_hint.isHidden() and not panel.save_button.isEnabled()


# ---------------------------------------------------------------------------------------------- save, pack ----

def test_save_the_current_sound_with_its_spec(panel, engine, store):
    generated(panel, engine, count=2, seed=3, seconds=0.3)
    saved = []
    panel.asset_saved.connect(saved.append)
    second = panel.sounds()[1]
    panel.select_sounds([second])
    path = panel.save()
    assert saved == [path] and Path(path).is_file()
    samples, sr, spec, extra, fmt = store.saved[0]
    np.testing.assert_array_equal(samples.reshape(-1), second.take.samples())
    assert sr == SR and fmt == "wav" and spec == replace(engine.spec("job-1"), count=1, seed=4)
    assert extra["latent"] == second.take.latent and extra["pitch_hz"] == second.take.pitch_hz
    assert "partial" not in extra
    assert panel.save() == path and len(store.saved) == 1          # the same take twice: the same file
    panel.format_combo.setCurrentIndex(1)
    assert panel.save().endswith(".flac") and store.saved[1][4] == "flac"


def test_failed_save_is_shown_and_the_sound_stays(panel, engine):
    class Broken:
        def save_audio(self, *a, **kw):
            raise OSError(28, "No space left on device")
    panel.store_getter = lambda: Broken()
    generated(panel, engine, count=1)
    assert panel.save() is None
    assert "disk is full" in panel.error_message.text() and len(panel.sounds()) == 1


def test_export_pack_gets_the_selection(panel, engine, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(audio_export, "_export_sample_pack", lambda items, folder, fmt: calls.append((items, folder, fmt))
                        or Path(folder) / "manifest.json")
    generated(panel, engine, count=4)
    chosen = [panel.sounds()[1], panel.sounds()[3]]
    panel.select_sounds(chosen)
    out = panel.export_pack(str(tmp_path / "pack"), "flac")
    assert out == tmp_path / "pack" / "manifest.json"
    (items, folder, fmt), = calls
    assert folder == str(tmp_path / "pack") and fmt == "flac"
    assert [it["spec"] for it in items] == [s.take.spec for s in chosen]
    for it, s in zip(items, chosen):
        np.testing.assert_array_equal(it["samples"], s.take.samples())
        assert it["sample_rate"] == SR and it["name"] == s.label and it["latent"] == s.take.latent


def test_restore_spec_fills_the_form_and_runs_it_again(panel, engine, store):
    generated(panel, engine, count=3, seed=11, seconds=0.4)
    original = panel.sounds()[2]
    panel.select_sounds([original])
    panel.save()
    spec = store.saved[0][2]
    panel.set_seed_mode("random")
    panel.count_spin.setValue(9)
    job = panel.restore_spec(spec)
    assert engine.spec(job) == spec
    assert panel.seed_mode() == "fixed" and panel.seed_edit.text() == "13" and panel.count_spin.value() == 1
    assert panel.seconds_spin.exact_value() == 0.4
    engine.run(job)
    again = panel.sounds()[-1]
    np.testing.assert_array_equal(again.take.samples(), original.take.samples())
    with pytest.raises(UserError):
        panel.restore_spec(SimpleNamespace(kind="text"))


def test_restored_slider_edit_keeps_its_amounts(panel, engine):
    spec = AudioSpec(model="tiny-notes", mode="latent", count=1, seconds=0.3, latents=((0.1, 0.2, 0.3, 0.4),),
                     directions=(0.5, 0.0, -1.0, 0.0))
    job = panel.restore_spec(spec)
    engine.run(job)
    sound = panel.sounds()[0]
    panel.select_sounds([sound])
    assert panel.slider_amounts() == (0.5, 0.0, -1.0, 0.0)
    panel.reset_sliders()                                      # no original audio here: decoded by a job
    _, reset = engine.submitted[-1]
    assert reset.mode == "latent" and reset.directions == () and reset.latents == ((0.1, 0.2, 0.3, 0.4),)


# ---------------------------------------------------------------------------------------------- settings ------

def test_params_are_remembered(qtbot, engine, settings, store, sd):
    p = AudioPanel(engine, settings, lambda: store, player=Player(loader=lambda: sd))
    qtbot.addWidget(p)
    p.model_combo.setCurrentIndex(1)
    fixed(p, seed=42, count=6, seconds=2.5)
    p.temperature_spin.setValue(0.7)
    p.strength_spin.setValue(0.25)
    p.frames_spin.setValue(12)
    p.format_combo.setCurrentIndex(1)
    p.save_settings()
    stored = json.loads(json.dumps(settings.last_params["audio"]))
    assert stored == {"model": "tiny-drums", "count": 6, "seconds": 2.5, "temperature": 0.7, "strength": 0.25,
                      "frames": 12, "seed": 42, "seed_mode": "fixed", "format": "flac"}
    q = AudioPanel(engine, settings, lambda: store, player=Player(loader=lambda: sd))
    qtbot.addWidget(q)
    assert q.params() == stored


def test_damaged_params_change_nothing(qtbot, engine, settings, store, sd):
    settings.last_params["audio"] = {"count": "many", "seconds": True, "seed": -4, "seed_mode": "odd",
                                     "format": "mp3", "model": 5}
    p = AudioPanel(engine, settings, lambda: store, player=Player(loader=lambda: sd))
    qtbot.addWidget(p)
    assert p.count_spin.value() == AudioSpec().count and p.seconds_spin.value() == AudioSpec().seconds
    assert p.save_format() == "wav" and p.current_model() == "tiny-notes"


# ---------------------------------------------------------------------------------------------- real engine ---

def test_real_engine_thread_streams_a_scripted_sound_job(qtbot, make_engine, settings, store, sd):
    """The engine thread runs the scripted runner; chunks cross threads as queued signals and are drawn."""
    eng = make_engine()
    eng.runner_override["audio"] = lambda spec, ctx: fake_run(spec, ctx, chunk=256, delay=0.002)
    p = AudioPanel(eng, settings, lambda: store, player=Player(loader=lambda: sd))
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.ensure_views()
    fixed(p, count=2, seconds=0.5)
    with qtbot.waitSignal(p.first_chunk_shown, timeout=10000) as first:
        job = p.generate()
    assert first.args == [job]
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=20000)
    assert [s.take.n_samples for s in p.sounds()] == [4000, 4000]
    assert all(s.take.finished for s in p.sounds())
    assert p.flush_count < 2 * 4000 / 256
    np.testing.assert_array_equal(p.waveform.samples, p.sounds()[-1].take.samples())


def test_real_audio_job_with_a_tiny_random_model(qtbot, make_engine, settings, store, sd, tmp_path, monkeypatch):
    """The real runner (core.jobs.audio) on the engine thread with a tiny untrained AudioVAE: generate, edit with
    a slider, vary, morph — every sound streams in, and the panel's specs are ones the real job accepts."""
    pytest.importorskip("torch")
    from aigc_studio.core.models import registry
    from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig
    from aigc_studio.core.models.checkpoint import save_model_folder

    # clips of 0.512 s: the Length (0.3 s) is within what the model makes (longer is capped to it)
    cfg = AudioVAEConfig(sample_rate=8000, clip_samples=4096, latent_dim=8, strides=[4, 4],
                         enc_channels=[4, 8, 8], dec_channels=[8, 8, 4], frame_dilations=[1], stage_dilations=[1],
                         res_stages=1, pca_k=4)
    models = tmp_path / "models"
    save_model_folder(models / "tiny-vae", AudioVAE(cfg), {
        "id": "tiny-vae", "name": "Tiny VAE", "kind": "audio", "architecture": "audio_vae",
        "config": cfg.to_dict(), "sample_rate": 8000, "pca_components": 4})
    monkeypatch.setattr(registry, "shipped_dirs", lambda: [models])      # only the tiny model, not the shipped
    monkeypatch.setattr(ap, "_list_audio_models", lambda: registry.list_models("audio"))

    from aigc_studio.core.assets import AssetStore, load_spec
    eng = make_engine(model_cache_factory=registry.ModelCache,
                      resolve_device=lambda pref: SimpleNamespace(device="cpu", name="cpu", reason="CPU"))
    eng.runner_override.pop("audio", None)
    real_store = AssetStore(tmp_path / "assets")
    p = AudioPanel(eng, settings, lambda: real_store, player=Player(loader=lambda: sd))
    qtbot.addWidget(p)
    assert p.current_model() == "tiny-vae" and len(p.sliders) == 4

    def finish(job):
        assert job is not None, p.form_errors()
        qtbot.waitUntil(lambda: not p.is_busy(), timeout=60000)
        assert p.error_message.isHidden(), p.error_message.text()

    fixed(p, seed=5, count=2, seconds=0.3)
    finish(p.generate())
    a, b = p.sounds()
    assert a.take.n_samples == b.take.n_samples == 2400 and a.take.finished and len(a.take.latent) == 8
    assert a.take.spec.seed == 5 and b.take.spec.seed == 6
    p.select_sounds([a])
    p.set_slider_amounts((1.5, 0.0, 0.0, 0.0), apply=False)
    finish(p.apply_directions())
    assert a.original is not None and a.take.n_samples == 2400 and a.take.latent != a.original.latent
    p.count_spin.setValue(2)
    finish(p.variations())
    p.select_sounds([a, b])
    p.frames_spin.setValue(3)
    finish(p.morph())
    assert len(p.sounds()) == 2 + 2 + 3
    assert all(s.take.finished and s.take.n_samples == 2400 for s in p.sounds())
    # Encode a real WAV; a damaged one is explained and nothing is lost.
    import soundfile
    wav = tmp_path / "tone.wav"
    soundfile.write(str(wav), 0.5 * np.sin(np.arange(8000) * 2 * np.pi * 440 / 8000) * np.exp(
        -np.arange(8000) / 2000), 8000)
    p.count_spin.setValue(2)
    assert p.open_file(wav)
    finish("encode")
    assert [s.label for s in p.sounds()[-2:]] == ["tone.wav, rebuilt", "tone.wav, variation 1"]
    bad = tmp_path / "broken.wav"
    bad.write_text("this is not a sound")
    n = len(p.sounds())
    assert p.open_file(bad)
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=60000)
    assert "broken.wav" in p.error_message.text() and "text file" in p.error_message.text()
    assert len(p.sounds()) == n
    # Save the edited sound (a real WAV + sidecar), drop it back: the same samples come back.
    p.select_sounds([a])
    saved = p.save()
    spec = load_spec(saved)
    assert spec == a.take.spec
    finish(p.restore_spec(spec))
    np.testing.assert_allclose(p.sounds()[-1].take.samples(), a.take.samples(), atol=1e-6)
    # A real sample pack of two sounds.
    p.select_sounds([a, b])
    pack = p.export_pack(str(tmp_path / "packs"), "flac")
    manifest = json.loads((Path(pack) / "manifest.json").read_text())
    assert manifest["count"] == 2 and manifest["items"][0]["file"].endswith(".flac")
    real_store.close()


def test_job_wording_names_each_mode_and_its_sounds():
    """panels/audio_jobs.py: the status line, the row names and the stats line of each kind of job."""
    from aigc_studio.ui.panels import audio_jobs
    sample = AudioSpec(model="tiny", count=3, seed=SEED_MAX)
    assert audio_jobs.describe(sample) == f"Generating 3 sounds with tiny (seed {SEED_MAX})…"
    assert [audio_jobs.sound_label(sample, i) for i in range(2)] == [f"Sample · seed {SEED_MAX}", "Sample · seed 0"]
    encode = replace(sample, mode="encode", source="/x/kick.wav")
    assert audio_jobs.describe(encode) == "Encoding kick.wav…"
    assert [audio_jobs.sound_label(encode, i) for i in range(2)] == ["kick.wav, rebuilt", "kick.wav, variation 1"]
    morph = replace(sample, mode="interpolate", frames=4)
    assert audio_jobs.describe(morph) == "Morphing in 4 steps…" and audio_jobs.sound_label(morph, 1) == "Morph 2 of 4"
    assert (audio_jobs.stats_text(sample, "done", 3, False, 1.25, "cpu")
            == f"3 sounds · 1.2 s · device: cpu · seed {SEED_MAX}")
    assert audio_jobs.stats_text(morph, "cancelled", 2, False, 0.5, "") == "2 sounds · 0.5 s · stopped by you"
    assert audio_jobs.stats_text(replace(sample, mode="latent"), "done", 1, True, 0.1, "") == "edited · 0.1 s"


def test_length_is_limited_to_what_the_model_makes_and_a_dropped_file_is_explained(qtbot, engine, settings,
                                                                                   tmp_path, monkeypatch):
    """Issue 12 item 6: the Length goes up to the length of the sounds the model learned (longer was silence), the
    model box says it, and a dropped 2 s stereo 44.1 kHz file is said to be cut, mixed to mono and resampled."""
    import soundfile
    card = {"architecture": "audio_vae", "sample_rate": 16000, "pca_components": 4,
            "config": {"sample_rate": 16000, "clip_samples": 16384}}
    monkeypatch.setattr(ap, "_list_audio_models", lambda: [SimpleNamespace(
        id="notes", name="Notes", kind="audio", path="/m/notes", card=card, source="shipped")])
    p = AudioPanel(engine, settings, lambda: None, player=Player(loader=lambda: None))
    qtbot.addWidget(p)
    assert p.natural_seconds() == pytest.approx(1.024)
    assert p.seconds_spin.maximum() == pytest.approx(1.02)
    p.seconds_spin.setValue(10)
    assert p.seconds_spin.value() == pytest.approx(1.02)
    assert "1.02 s" in p.model_box.info.text()
    f = tmp_path / "long.wav"
    t = np.arange(2 * 44100) / 44100
    wave = 0.3 * np.sin(2 * np.pi * 440 * t)
    soundfile.write(f, np.stack([wave, wave], axis=1), 44100)
    assert p.open_file(str(f))
    text = p.notice.text()
    assert "first 1.02 s" in text and "mono" in text and "44.1 kHz to 16 kHz" in text, text
