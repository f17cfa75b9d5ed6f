"""The Image panel, driven by a scripted engine (a QObject with the Engine's signals and submit/cancel), and by the
real engine thread with scripted image jobs (``runner_override={"image": ...}``)."""
from __future__ import annotations

import os
import sys
import time
import types
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aigc_studio.core.base.errors import UserError  # noqa: E402
from aigc_studio.core.base.events import ImagePreview, Log, Progress, Result  # noqa: E402
from aigc_studio.core.base.specs import SEED_MAX, ImageSpec, spec_to_dict  # noqa: E402
from aigc_studio.ui.panels import image_panel as ip  # noqa: E402
from aigc_studio.ui.panels.image_panel import ImagePanel  # noqa: E402
from panel_helpers import FakeEngine as PanelEngine  # noqa: E402
from panel_helpers import assert_refused_at, settings  # noqa: E402,F401 (settings: a fixture)

MODELS = [SimpleNamespace(id="tiny-gan", name="Tiny GAN", kind="image", path="/m/tiny-gan",
                          card={"architecture": "gan", "pca_components": 4, "description": "a tiny GAN"}),
          SimpleNamespace(id="tiny-vae", name="Tiny VAE", kind="image", path="/m/tiny-vae",
                          card={"architecture": "image_vae", "pca_components": 3, "description": "a tiny VAE"})]
LATENT = 6


def picture(key: float, alpha: int = 255) -> np.ndarray:
    """A 64x64 RGBA image whose colour depends on ``key``."""
    img = np.zeros((64, 64, 4), np.uint8)
    img[..., 0] = int(abs(key) * 37) % 256
    img[..., 1] = int(abs(key) * 91) % 256
    img[..., 2] = 128
    img[..., 3] = alpha
    return img


def latent_of(seed: int) -> list[float]:
    return [float(x) for x in np.random.default_rng(seed).normal(size=LATENT)]


def fake_items(spec: ImageSpec, n: int | None = None) -> list[dict]:
    """The Result items a real job returns for ``spec`` (per-image specs, latents, scores)."""
    n = n if n is not None else (spec.frames if spec.mode == "interpolate" else spec.count)
    items = []
    for i in range(n):
        if spec.mode in ("sample", "best_of"):
            one = replace(spec, mode="sample", count=1, seed=spec.seed + i)
            lat = latent_of(spec.seed + i)
        else:
            lat = [float(i)] * LATENT
            one = replace(spec, mode="latent", count=1, latents=(tuple(lat),), source="")
        items.append({"spec": spec_to_dict(one), "latent": lat,
                      "score": 1.0 - i / 10 if spec.mode == "best_of" else None, "label": f"#{i + 1}"})
    return items


class FakeEngine(PanelEngine):
    """The scripted engine, with image previews and results shaped like a real job's."""

    INFO_EXTRA = {"started": 1.0, "finished": 1.5}

    def preview(self, job_id, images, index=0):
        self.job_event.emit(job_id, ImagePreview(np.stack(images), index))

    def finish(self, job_id, state="done", items=None, message=""):
        result = None if state == "failed" else Result(data={"items": items if items is not None else
                                                             fake_items(self.spec(job_id)), "device": "cpu"})
        self.job_finished.emit(job_id, self.info(job_id, state, result, message))

    def run(self, job_id, n=None):
        """Everything a job does: previews of all its images, then the result."""
        spec = self.spec(job_id)
        n = n if n is not None else (spec.frames if spec.mode == "interpolate" else spec.count)
        self.preview(job_id, [picture(i + 1) for i in range(n)])
        self.finish(job_id, items=fake_items(spec, n))


class FakeStore:
    def __init__(self, root: Path):
        self.root = root
        self.saved: list[tuple[Path, np.ndarray, ImageSpec, dict]] = []

    def save_image(self, rgba, spec, extra=None):
        path = self.root / f"{len(self.saved):04d}-{spec.model}-s{spec.seed}.png"
        path.write_bytes(b"png")
        self.saved.append((path, np.array(rgba), spec, dict(extra or {})))
        return path


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(ip, "_list_image_models", lambda: list(MODELS))


@pytest.fixture
def store(tmp_path):
    return FakeStore(tmp_path)


@pytest.fixture
def engine():
    return FakeEngine()


@pytest.fixture
def panel(qtbot, engine, settings, store):
    p = ImagePanel(engine, settings, lambda: store)
    p.resize(1300, 800)
    qtbot.addWidget(p)
    return p


def fill(panel, count=4, seed="7", mode="fixed", model="tiny-gan"):
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(model))
    panel.count_spin.setValue(count)
    panel.seed_row.set_mode(mode)
    panel.seed_row.edit.setText(seed)


def generated(panel, engine, count=4, **kw):
    """A finished batch on the canvas; returns its items in canvas order."""
    fill(panel, count, **kw)
    job = panel.generate()
    engine.run(job)
    return panel.canvas.section_of_job(job).ordered()


# ---------------------------------------------------------------------------------------------- the form ------

def test_builds_ui_with_models(panel):
    labels = [panel.model_combo.itemText(i) for i in range(panel.model_combo.count())]
    assert labels == ["Tiny GAN — GAN", "Tiny VAE — VAE"]
    assert panel.current_model() == "tiny-gan" and panel.architecture() == "gan"
    assert panel.truncation.isEnabled() and panel.best_of_check.isEnabled()
    panel.model_combo.setCurrentIndex(1)
    assert panel.truncation.isEnabled() and not panel.best_of_check.isEnabled()   # best of N is GAN-only
    assert "Ctrl+Enter" in panel.generate_button.toolTip() and "Ctrl+S" in panel.save_button.toolTip()
    assert not panel.is_busy() and not panel.stop_button.isEnabled()
    assert not panel.variations_button.isEnabled() and not panel.interpolate_button.isEnabled()


@pytest.mark.parametrize("setup, field, words", [
    (lambda p: p.count_spin.setValue(0), "count", "between 1 and 64"),
    (lambda p: p.count_spin.setValue(65), "count", "between 1 and 64"),
    (lambda p: p.seed_row.edit.setText(str(SEED_MAX + 1)), "seed", "seed must be between"),
    (lambda p: p.seed_row.edit.setText(""), "seed", "Type a seed"),
    (lambda p: p.seed_row.edit.setText("12ab"), "seed", "whole number"),
    (lambda p: (p.best_of_check.setChecked(True), p.best_of_spin.setValue(2)), "best_of", "at most N"),
    (lambda p: (p.best_of_check.setChecked(True), p.best_of_spin.setValue(2000)), "best_of",
     "between 1 and 1024"),
    (lambda p: p.model_combo.setCurrentIndex(-1), "model", "Choose a model"),
])
def test_invalid_parameter_is_refused_at_the_form(panel, engine, setup, field, words):
    fill(panel)
    setup(panel)
    assert_refused_at(panel, engine, field, words)
    assert panel.canvas.image_count() == 0 and panel.canvas.sections == []
    fill(panel)
    panel.best_of_check.setChecked(False)
    assert panel.generate() == "job-1"
    assert panel.form_errors() == {}


def test_no_models_installed_says_what_to_do(qtbot, engine, settings, store, monkeypatch):
    monkeypatch.setattr(ip, "_list_image_models", lambda: [])
    p = ImagePanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    p.seed_row.set_mode("random")
    assert p.generate() is None and engine.submitted == []
    assert "Open model folder" in p.form_errors()["model"]


# ---------------------------------------------------------------------------------------------- generate ------

def test_generate_previews_appear_and_result_annotates(qtbot, panel, engine):
    fill(panel, count=16, seed="100")
    shown = []
    panel.first_preview_shown.connect(shown.append)
    job = panel.generate()
    assert job == "job-1" and panel.is_busy() and panel.stop_button.isEnabled()
    spec = engine.spec(job)
    assert (spec.mode, spec.count, spec.seed, spec.model) == ("sample", 16, 100, "tiny-gan")
    section = panel.canvas.section_of_job(job)
    assert section is not None and section.capacity == 16 and not section.items   # slots reserved, empty
    engine.job_changed.emit(engine.info(job, "running"))
    engine.preview(job, [picture(i) for i in range(8)], 0)              # the first batch
    qtbot.waitUntil(lambda: len(section.items) == 8, timeout=2000)
    assert shown == [job]                                                # painted (or said when hidden)
    engine.preview(job, [picture(i) for i in range(8, 16)], 8)
    engine.job_event.emit(job, Progress(2, 2))
    qtbot.waitUntil(lambda: len(section.items) == 16, timeout=2000)
    assert panel.canvas.image_count() == 16
    engine.finish(job)
    assert not panel.is_busy()
    items = section.ordered()
    assert items[3].spec["seed"] == 103 and items[3].spec["count"] == 1      # reproduces this image alone
    assert items[3].latent == latent_of(103)
    assert "16 images" in panel.stats_label.text() and "seed 100" in panel.stats_label.text()
    assert shown == [job]


def test_first_preview_is_signalled_after_painting(qtbot, panel, engine):
    panel.show()
    qtbot.waitExposed(panel)
    fill(panel)
    job = panel.generate()
    with qtbot.waitSignal(panel.first_preview_shown, timeout=3000) as sig:
        engine.preview(job, [picture(1)])
        paints = panel.canvas.paint_count
    assert sig.args == [job]
    assert panel.canvas.paint_count > paints


def test_new_batches_add_sections_and_clear_removes_them(panel, engine):
    generated(panel, engine, 4)
    generated(panel, engine, 3, seed="50")
    assert len(panel.canvas.sections) == 2 and panel.canvas.image_count() == 7
    panel.clear_canvas()
    assert panel.canvas.image_count() == 0 and panel.canvas.sections == []
    assert not panel.save_button.isEnabled()


def test_previews_are_coalesced(qtbot, panel, engine):
    fill(panel, count=8)
    job = panel.generate()
    app = QApplication.instance()
    t0 = time.monotonic()
    for k in range(400):                                      # a flood of previews of the same 8 slots
        engine.preview(job, [picture(k)] * 8, 0)
        if k % 4 == 0:
            time.sleep(0.003)
            app.processEvents()
    qtbot.waitUntil(lambda: not panel._pending, timeout=2000)
    elapsed = time.monotonic() - t0
    assert 1 <= panel.flush_count <= elapsed / (ip.FLUSH_INTERVAL_MS / 1000) + 2, (panel.flush_count, elapsed)
    assert panel.flush_count < 400 / 8
    section = panel.canvas.section_of_job(job)
    assert np.array_equal(section.items[0].rgba, picture(399))          # the latest preview wins


def test_many_previews_between_flushes_make_one_update(panel, engine):
    fill(panel, count=64)
    job = panel.generate()
    for i in range(64):
        engine.preview(job, [picture(i)], i)                  # no event processing in between
    assert panel.flush_count == 0 and panel.canvas.image_count() == 0
    engine.finish(job)
    assert panel.flush_count == 1 and panel.canvas.image_count() == 64


def test_events_of_other_jobs_are_ignored(panel, engine):
    fill(panel)
    job = panel.generate()
    engine.preview("job-99", [picture(1)])
    engine.run(job, 2)
    assert panel.canvas.image_count() == 2


def test_warning_log_and_progress(qtbot, panel, engine):
    fill(panel)
    job = panel.generate()
    engine.job_event.emit(job, Log("Truncation has no effect on this model.", "warning"))
    engine.job_event.emit(job, Progress(1, 4, "Loading the model"))
    qtbot.waitUntil(lambda: panel.progress.value() == 1, timeout=2000)
    assert "Loading the model" in panel.stats_label.text()
    assert "no effect" in panel.notice.text() and not panel.notice.isHidden()


def test_stop_cancels_and_keeps_images(panel, engine):
    fill(panel, count=8)
    job = panel.generate()
    engine.preview(job, [picture(i) for i in range(3)])
    panel.stop()
    assert engine.cancelled == [job]
    spec = engine.spec(job)
    engine.finish(job, "cancelled", fake_items(spec, 3), "Stopped: kept what was made so far.")
    assert not panel.is_busy() and panel.canvas.image_count() == 3
    assert "stopped by you" in panel.stats_label.text()


def test_failed_job_shows_its_message_and_leaves_no_empty_section(panel, engine):
    generated(panel, engine, 2)
    fill(panel)
    job = panel.generate()
    msgs = []
    panel.status_message.connect(msgs.append)
    engine.finish(job, "failed", message="The device ran out of memory. Try a smaller batch.")
    assert "ran out of memory" in panel.error_message.text() and not panel.error_message.isHidden()
    assert any("ran out of memory" in m for m in msgs)
    assert len(panel.canvas.sections) == 1 and panel.canvas.image_count() == 2     # nothing lost
    assert not panel.is_busy() and panel.generate_button.isEnabled()


def test_generate_while_busy_is_queued_in_a_section_of_its_own(panel, engine):
    """Issue 12 item 9: a second Generate (or Regenerate) while a job runs is queued; each job's images stay in
    its own section; the queued job's progress shows once it is the panel's job."""
    fill(panel, count=2)
    first = panel.generate()
    second = panel.generate()
    third = panel.regenerate()
    assert None not in (second, third) and len(engine.submitted) == 3
    assert panel.waiting_jobs() == [second, third]
    engine.run(first)
    assert panel._job_id == second and panel.is_busy() and panel.waiting_jobs() == [third]
    engine.finish(third, "cancelled", items=[])                 # cancelled from the Jobs list while queued
    assert panel.waiting_jobs() == []
    engine.run(second)
    assert not panel.is_busy()
    assert [len(panel.canvas.section_of_job(j).items) for j in (first, second)] == [2, 2]
    assert panel.canvas.section_of_job(third) is None            # no empty section left


def test_clear_canvas_can_be_undone(panel, engine):
    generated(panel, engine, 3)
    assert not panel.can_undo()
    panel.clear_canvas()
    assert panel.canvas.image_count() == 0 and panel.can_undo()
    assert panel.undo()
    assert panel.canvas.image_count() == 3 and len(panel.canvas.sections) == 1 and not panel.can_undo()
    assert panel.save_button.isEnabled()
    job = engine.submitted[-1][0]
    assert panel.show_job(job) and not panel.show_job("job-unknown")


def test_seed_modes_and_regenerate(panel, engine):
    fill(panel, seed="1234")
    engine.run(panel.generate())
    assert engine.submitted[-1][1].seed == 1234
    panel.regenerate()                                 # fixed: the very same spec
    assert engine.submitted[-1][1] == engine.submitted[0][1]
    engine.run(engine.submitted[-1][0])
    panel.seed_row.set_mode("increment")
    engine.run(panel.generate())
    assert engine.submitted[-1][1].seed == 1235
    panel.seed_row.set_mode("reuse")
    engine.run(panel.generate())
    assert engine.submitted[-1][1].seed == 1235
    panel.seed_row.set_mode("random")
    seeds = set()
    for _ in range(3):
        engine.run(panel.regenerate())
        seeds.add(engine.submitted[-1][1].seed)
        assert panel.seed_row.edit.text() == str(engine.submitted[-1][1].seed)
    assert len(seeds) >= 2


# ---------------------------------------------------------------------------------------------- explore -------

def test_variations_of_the_selected_image(panel, engine):
    items = generated(panel, engine, 4)
    assert not panel.variations_button.isEnabled()
    panel.canvas.select([items[2]])
    assert panel.variations_button.isEnabled()
    panel.strength.set_exact(0.3125)
    panel.count_spin.setValue(6)
    job = panel.variations()
    spec = engine.spec(job)
    assert spec.mode == "variations" and spec.latents == (tuple(items[2].latent),)
    assert spec.strength == 0.3125 and spec.count == 6 and spec.model == "tiny-gan"
    engine.run(job)
    assert panel.canvas.section_of_job(job).capacity == 6
    assert panel.canvas.image_count() == 10


def test_explore_needs_the_right_selection(panel, engine):
    items = generated(panel, engine, 3)
    assert panel.variations() is None and panel.interpolate() is None
    assert "Select two images" in panel.form_errors()["explore"]
    panel.canvas.select(items[:2])
    assert panel.variations() is None
    assert "Select one image" in panel.form_errors()["explore"]
    assert len(engine.submitted) == 1


def test_interpolate_between_two_picked_images_in_a_row(panel, engine):
    items = generated(panel, engine, 4)
    panel.canvas.select([items[3]])
    panel.canvas.select([items[0]], add=True)          # picked second
    panel.frames_spin.setValue(12)
    job = panel.interpolate()
    spec = engine.spec(job)
    assert spec.mode == "interpolate" and spec.frames == 12
    assert spec.latents == (tuple(items[3].latent), tuple(items[0].latent))   # from the first picked
    engine.run(job)
    strip = panel.canvas.section_of_job(job)
    assert strip.columns == 12 and strip.rows == 1 and len(strip.items) == 12


def test_frames_error_is_shown_next_to_frames(panel, engine):
    items = generated(panel, engine, 2)
    panel.canvas.select(items)
    panel.frames_spin.setValue(1)
    assert panel.interpolate() is None
    assert "frames" in panel.form_errors() and "between 2 and 64" in panel.form_errors()["frames"]


def fake_image_module(monkeypatch, calls):
    mod = types.ModuleType("aigc_studio.core.assets.images")

    def save_sprite_sheet(images, path, columns=None, padding=0):
        calls.append(("sheet", [np.array(i) for i in images], str(path), columns))
        Path(path).write_bytes(b"sheet")
        return Path(path)

    def save_animation(images, path, fmt="gif", fps=8, loop=True):
        calls.append(("anim", [np.array(i) for i in images], str(path), fmt, fps, loop))
        Path(path).write_bytes(b"anim")
        return Path(path)

    def export_images(images, folder, stem, specs):
        calls.append(("export", [np.array(i) for i in images], str(folder), stem, list(specs)))
        return [Path(folder) / f"{stem}-{i:03d}.png" for i in range(len(images))]

    mod.save_sprite_sheet, mod.save_animation, mod.export_images = save_sprite_sheet, save_animation, export_images
    import aigc_studio.core.assets as assets
    monkeypatch.setitem(sys.modules, "aigc_studio.core.assets.images", mod)
    monkeypatch.setattr(assets, "images", mod, raising=False)
    return mod


def test_strip_exports_as_sprite_sheet_and_animation(panel, engine, tmp_path, monkeypatch):
    calls = []
    fake_image_module(monkeypatch, calls)
    items = generated(panel, engine, 2)
    panel.canvas.select(items)
    panel.frames_spin.setValue(5)
    job = panel.interpolate()
    engine.run(job)
    strip = panel.canvas.section_of_job(job).ordered()
    panel.canvas.select([strip[2]])                    # one frame selected: its whole strip
    assert panel.export_strip_button.isEnabled()
    assert panel.export_strip(str(tmp_path / "walk.png")) == str(tmp_path / "walk.png")
    kind, images, path, columns = calls[-1]
    assert kind == "sheet" and len(images) == 5 and columns == 5
    assert np.array_equal(images[0], strip[0].rgba)
    panel.fps_spin.setValue(12)
    panel.export_strip(str(tmp_path / "walk.webp"))
    assert calls[-1][0] == "anim" and calls[-1][3:] == ("webp", 12, True)
    panel.export_strip(str(tmp_path / "walk.gif"))
    assert calls[-1][3] == "gif"


def test_export_selected_or_all_to_folder(panel, engine, tmp_path, monkeypatch):
    calls = []
    fake_image_module(monkeypatch, calls)
    items = generated(panel, engine, 3)
    paths = panel.export_to_folder(str(tmp_path), "emoji")
    assert len(paths) == 3 and calls[-1][3] == "emoji"
    assert [s.seed for s in calls[-1][4]] == [7, 8, 9]
    panel.canvas.select([items[1]])
    panel.export_to_folder(str(tmp_path))
    assert len(calls[-1][1]) == 1 and calls[-1][4][0].seed == 8


def test_best_of_submits_n_and_k_and_shows_scores(panel, engine):
    fill(panel, count=3)
    panel.best_of_check.setChecked(True)
    panel.best_of_spin.setValue(20)
    job = panel.generate()
    spec = engine.spec(job)
    assert (spec.mode, spec.best_of, spec.count) == ("best_of", 20, 3)
    section = panel.canvas.section_of_job(job)
    assert section.caption_h > 0                                         # room for the score under each image
    scores = [0.2, 0.9, 0.5]
    items = fake_items(spec)
    for d, s in zip(items, scores):
        d["score"] = s
    engine.preview(job, [picture(i) for i in range(3)])
    engine.finish(job, items=items)
    assert [it.score for it in section.ordered()] == [0.9, 0.5, 0.2]     # best first
    assert "score 0.900" in section.ordered()[0].toolTip()
    assert panel.toolbar.sort_action.isEnabled()


# ---------------------------------------------------------------------------------------------- sliders -------

def test_direction_sliders_follow_the_selection(panel, engine):
    items = generated(panel, engine, 2)
    assert not any(s.isEnabled() for s in panel.sliders)
    panel.canvas.select([items[0]])
    assert len(panel.sliders) == 4 and all(s.isEnabled() for s in panel.sliders)
    panel.model_combo.setCurrentIndex(1)                 # the selected image's model decides, not the picker
    assert len(panel.sliders) == 4


def test_slider_drag_submits_throttled_latest_wins_jobs(qtbot, panel, engine):
    items = generated(panel, engine, 3)
    target = items[1]
    original = target.rgba.copy()
    panel.canvas.select([target])
    app = QApplication.instance()
    t0 = time.monotonic()
    for step in range(1, 41):                             # a drag: 40 moves over ~0.4 s
        panel.set_slider(0, step * 0.05)
        time.sleep(0.01)
        app.processEvents()
    panel.set_slider(2, -1.0)
    elapsed = time.monotonic() - t0
    qtbot.waitUntil(lambda: not panel.direction_sliders.timer.isActive(), timeout=2000)
    slider_jobs = [(j, s) for j, s in engine.submitted if s.mode == "latent"]
    assert 2 <= len(slider_jobs) <= elapsed / (ip.SLIDER_INTERVAL_MS / 1000) + 2, (len(slider_jobs), elapsed)
    assert engine.cancelled == [j for j, _ in slider_jobs[:-1]]           # each replaced the previous one
    last_id, last = slider_jobs[-1]
    assert last.directions == (2.0, 0.0, -1.0) and last.count == 1
    assert last.latents == (tuple(target.latent),) and last.seed == target.spec["seed"]
    # A late preview of a replaced job changes nothing; the current one replaces the image in place.
    engine.preview(slider_jobs[0][0], [picture(500)])
    engine.preview(last_id, [picture(77)])
    qtbot.waitUntil(lambda: np.array_equal(target.rgba, picture(77)), timeout=2000)
    assert panel.canvas.image_count() == 3 and items[1] is target
    moved = [float(x) + 1 for x in target.latent]
    engine.finish(last_id, items=[{"spec": spec_to_dict(last), "latent": moved, "score": None, "label": ""}])
    assert target.latent == moved and target.spec["directions"] == [2.0, 0.0, -1.0]
    # Reset brings the image back as it was, without a job.
    n = len(engine.submitted)
    panel.reset_sliders()
    assert np.array_equal(target.rgba, original) and len(engine.submitted) == n
    assert target.spec["mode"] == "sample" and panel.slider_amounts() == [0.0] * 4


def test_sliders_remember_each_image(qtbot, panel, engine):
    items = generated(panel, engine, 2)
    panel.canvas.select([items[0]])
    panel.set_slider(1, 1.5)
    qtbot.waitUntil(lambda: not panel.direction_sliders.timer.isActive(), timeout=2000)
    panel.canvas.select([items[1]])
    assert panel.slider_amounts() == [0.0] * 4
    panel.canvas.select([items[0]])
    assert panel.slider_amounts() == [0.0, 1.5, 0.0, 0.0]


# ---------------------------------------------------------------------------------------------- files ---------

def test_drop_image_switches_to_vae_and_encodes(qtbot, panel, engine, tmp_path):
    from PIL import Image
    f = tmp_path / "photo.png"
    Image.fromarray(picture(3)).save(f)
    fill(panel, count=5)
    assert panel.open_file(str(f)) is True
    spec = engine.submitted[-1][1]
    assert spec.mode == "encode" and spec.source == str(f) and spec.model == "tiny-vae" and spec.count == 5
    assert panel.current_model() == "tiny-vae"
    assert "Switched to" in panel.notice.text() and not panel.notice.isHidden()
    assert "photo.png" in panel.canvas.section_of_job(engine.submitted[-1][0]).title


def test_drop_without_vae_says_so(qtbot, engine, settings, store, monkeypatch, tmp_path):
    monkeypatch.setattr(ip, "_list_image_models", lambda: [MODELS[0]])
    p = ImagePanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    f = tmp_path / "a.jpg"
    f.write_bytes(b"\xff\xd8")
    assert p.open_file(str(f)) is False and engine.submitted == []
    assert "VAE" in p.error_message.text()


def test_drop_of_missing_or_other_kind_file(panel, engine, tmp_path):
    assert panel.open_file(str(tmp_path / "nope.png")) is False
    assert "not a file" in panel.error_message.text()
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.base.specs import TextSpec
    real = AssetStore(tmp_path / "assets")
    try:
        txt = real.save_text("hello", TextSpec(prompt="hello", model="m"))
    finally:
        real.close()
    assert panel.open_file(str(txt)) is False
    assert "text job" in panel.error_message.text() and engine.submitted == []


def test_save_selected_then_restore_round_trip(qtbot, panel, engine, store):
    items = generated(panel, engine, 4, seed="40")
    panel.canvas.select([items[1], items[3]])
    saved = []
    panel.asset_saved.connect(saved.append)
    path = panel.save()
    assert [str(p) for p, *_ in store.saved] == saved and len(saved) == 2 and path == saved[-1]
    _, rgba, spec, extra = store.saved[0]
    assert np.array_equal(rgba, items[1].rgba)
    assert spec == ImageSpec(model="tiny-gan", mode="sample", count=1, seed=41)
    assert extra["latent"] == items[1].latent and extra["label"] == "#2"
    assert panel.save() == path and len(store.saved) == 2          # saved already: no duplicates
    # Restore: the form takes the spec and the very image is made again.
    panel.seed_row.set_mode("random")
    job = panel.restore_spec(spec)
    assert engine.spec(job) == spec
    assert panel.seed_row.mode() == "fixed" and panel.seed_row.edit.text() == "41"
    assert panel.count_spin.value() == 1 and panel.current_model() == "tiny-gan"


def test_save_without_selection_saves_the_last_job(panel, engine, store):
    assert panel.save() is None
    generated(panel, engine, 3)
    assert panel.save() is not None and len(store.saved) == 3


def test_save_while_running_waits_for_the_settings(panel, engine, store):
    fill(panel)
    job = panel.generate()
    engine.preview(job, [picture(1)])
    panel._flush()
    assert panel.save() is None and store.saved == []


def test_save_failure_is_a_message_and_images_stay(panel, engine):
    generated(panel, engine, 2)

    def full_disk():
        raise OSError(28, "No space left on device")
    panel.store_getter = full_disk
    assert panel.save() is None
    assert "disk is full" in panel.error_message.text() and panel.canvas.image_count() == 2


def test_restore_latent_spec_reproduces_it(panel, engine):
    spec = ImageSpec(model="tiny-vae", mode="latent", count=1, seed=5, latents=((0.5,) * LATENT,),
                     directions=(1.0, -0.5))
    job = panel.restore_spec(spec)
    assert engine.spec(job) == spec and panel.current_model() == "tiny-vae"
    with pytest.raises(UserError):
        from aigc_studio.core.base.specs import TextSpec
        panel.restore_spec(TextSpec(prompt="x"))


# ---------------------------------------------------------------------------------------------- settings ------

def test_params_persist_in_settings(qtbot, engine, settings, store):
    p1 = ImagePanel(engine, settings, lambda: store)
    qtbot.addWidget(p1)
    fill(p1, count=9, seed="99", model="tiny-vae")
    p1.seed_row.set_mode("increment")
    p1.strength.set_exact(0.7)
    p1.frames_spin.setValue(16)
    p1.fps_spin.setValue(15)
    p1.toolbar.grid_action.setChecked(True)
    p1.save_settings()
    saved = settings.last_params["image"]
    assert saved["count"] == 9 and saved["seed_mode"] == "increment" and saved["model"] == "tiny-vae"
    settings.save()
    from aigc_studio.core.base.settings import Settings
    p2 = ImagePanel(engine, Settings.load(settings.path), lambda: store)
    qtbot.addWidget(p2)
    assert p2.params() == p1.params()
    assert p2.canvas.grid_visible()


def test_damaged_last_params_are_ignored(qtbot, engine, settings, store):
    settings.last_params["image"] = {"count": "lots", "truncation": 9.0, "seed_mode": "sideways", "model": 5,
                                     "frames": 2.5, "grid": "yes"}
    p = ImagePanel(engine, settings, lambda: store)
    qtbot.addWidget(p)
    assert p.count_spin.value() == ImageSpec().count and p.truncation.value() == 1.0
    assert p.seed_row.mode() in ip.SEED_MODES and not p.canvas.grid_visible()


# ---------------------------------------------------------------------------------------------- real engine ---

def scripted_run(spec, ctx):
    """A scripted image job of the real job's shape: previews per batch of 4, then the items."""
    if spec.mode == "encode" and not Path(spec.source).read_bytes().startswith(b"\x89PNG"):
        raise UserError(f"“{Path(spec.source).name}” is not an image the studio can read.")
    n = spec.frames if spec.mode == "interpolate" else spec.count
    for start in range(0, n, 4):
        if ctx.cancelled:
            return Result(data={"items": fake_items(spec, start), "stopped": "cancelled"})
        yield ImagePreview(np.stack([picture(i + 1, 200) for i in range(start, min(n, start + 4))]), start)
        yield Progress(min(n, start + 4), n)
    return Result(data={"items": fake_items(spec), "device": "cpu"})


@pytest.fixture
def real_engine():
    from aigc_studio.ui.engine import Engine
    eng = Engine(device_pref="cpu", resolve_device=lambda p: SimpleNamespace(device="cpu", name="cpu", reason="CPU"),
                 model_cache_factory=lambda: None, runner_override={"image": scripted_run}, cancel_grace_s=0.5)
    eng.start()
    yield eng
    assert eng.shutdown(timeout_s=10)


def test_with_real_engine_and_scripted_image_job(qtbot, real_engine, settings, store):
    panel = ImagePanel(real_engine, settings, lambda: store)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    fill(panel, count=10)
    with qtbot.waitSignal(panel.first_preview_shown, timeout=10000):
        job = panel.generate()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    section = panel.canvas.section_of_job(job)
    assert len(section.items) == 10 and all(it.spec for it in section.items.values())
    assert panel.save() is not None and len(store.saved) == 10


def test_bad_dropped_file_shows_the_job_error(qtbot, real_engine, settings, store, tmp_path):
    panel = ImagePanel(real_engine, settings, lambda: store)
    qtbot.addWidget(panel)
    fill(panel, count=2)
    job = panel.generate()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"this is not a picture")
    assert panel.open_file(str(bad)) is True
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "broken.png" in panel.error_message.text() and "not an image" in panel.error_message.text()
    assert panel.canvas.image_count() == 2 and panel.canvas.section_of_job(job) is not None    # nothing lost
    assert len(panel.canvas.sections) == 1


def test_with_real_engine_and_tiny_real_models(qtbot, settings, tmp_path, monkeypatch):
    """Everything real: registry, engine thread, image job, tiny random GAN and VAE, the store. A saved image
    dropped back makes the very same pixels again; sliders and variations run real jobs."""
    pytest.importorskip("torch")
    from aigc_studio.ui.engine import Engine
    try:
        from aigc_studio.core.jobs import image as _image_job  # noqa: F401
        from aigc_studio.core.models import registry
    except ImportError:
        pytest.skip("the image job or the registry is not there yet")
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "core"))
    from image_fixtures import build_tiny_gan, build_tiny_vae
    build_tiny_gan(registry.user_models_dir() / "ui-gan", model_id="ui-gan")
    build_tiny_vae(registry.user_models_dir() / "ui-vae", model_id="ui-vae")
    monkeypatch.setattr(registry, "shipped_dirs", lambda: [])       # only the tiny models, not the shipped ones
    monkeypatch.setattr(ip, "_list_image_models", lambda: registry.list_models("image"))

    from aigc_studio.core.assets import AssetStore, load_spec
    store = AssetStore(tmp_path / "assets")
    eng = Engine(device_pref="cpu")
    eng.start()
    try:
        panel = ImagePanel(eng, settings, lambda: store)
        qtbot.addWidget(panel)

        def wait():
            qtbot.waitUntil(lambda: not panel.is_busy() and panel.directions.job_id is None, timeout=120000)
            assert panel.error_message.isHidden(), panel.error_message.text()

        fill(panel, count=5, seed="11", model="ui-gan")
        job = panel.generate()
        wait()
        items = panel.canvas.section_of_job(job).ordered()
        assert len(items) == 5 and items[0].rgba.shape == (16, 16, 4)
        assert panel.directions_of("ui-gan") == 2

        path = panel.save()                      # nothing selected: the last job's images
        assert path and Path(path).suffix == ".png"
        spec = load_spec(path)
        assert spec == ImageSpec(model="ui-gan", mode="sample", count=1, seed=15)
        job2 = panel.restore_spec(spec)          # drop it back: the same pixels again
        wait()
        again = panel.canvas.section_of_job(job2).ordered()
        assert len(again) == 1 and np.array_equal(again[0].rgba, items[4].rgba)

        target = items[1]
        panel.canvas.select([target])
        before = target.rgba.copy()
        panel.set_slider(0, 2.0)
        qtbot.waitUntil(lambda: not panel.direction_sliders.timer.isActive(), timeout=5000)
        wait()
        assert target.spec["mode"] == "latent" and target.spec["directions"] == [2.0]
        assert not np.array_equal(target.rgba, before)

        panel.count_spin.setValue(3)
        job3 = panel.variations()                # around the slid image
        wait()
        assert eng.job(job3).spec.directions == (2.0,)
        assert len(panel.canvas.section_of_job(job3).items) == 3

        from PIL import Image
        picture_file = tmp_path / "drawing.png"
        Image.fromarray(picture(9)).save(picture_file)
        assert panel.open_file(str(picture_file))     # switches to the VAE and encodes
        assert panel.current_model() == "ui-vae"
        wait()
        encoded = panel.canvas.sections[-1].ordered()
        assert [it.label for it in encoded][:1] == ["reconstruction"] and len(encoded) == 3

        bad = tmp_path / "notes.png"
        bad.write_text("not a picture at all")
        n = panel.canvas.image_count()
        assert panel.open_file(str(bad))
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=60000)
        assert "notes.png" in panel.error_message.text() and panel.canvas.image_count() == n
    finally:
        assert eng.shutdown(timeout_s=30)
        store.close()


def test_a_picture_on_a_plain_background_is_made_transparent_before_encoding(qtbot, panel, engine, tmp_path):
    """Issue 12 item 5: a JPEG of a shape on white encodes like the same shape with transparency."""
    from PIL import Image
    yy, xx = np.mgrid[:96, :96]
    rgb = np.full((96, 96, 3), 255, np.uint8)
    rgb[(yy - 48) ** 2 + (xx - 48) ** 2 < 30 ** 2] = (240, 190, 20)
    f = tmp_path / "smiley.jpg"
    Image.fromarray(rgb).save(f, quality=92)
    fill(panel, count=2, model="tiny-vae")
    assert panel.open_file(str(f)) is True
    spec = engine.submitted[-1][1]
    prepared = Path(spec.source)
    assert prepared != f and prepared.name == "smiley.png" and prepared.is_file()
    with Image.open(prepared) as im:
        a = np.asarray(im.convert("RGBA"))
    assert a[0, 0, 3] == 0 and a[48, 48, 3] == 255                # the white is gone, the shape stays
    assert "plain background" in panel.notice.text()
    engine.run(engine.submitted[-1][0])
    # a picture with transparency already is encoded as it is
    g = tmp_path / "icon.png"
    icon = picture(3)
    icon[:8, :, 3] = 0
    Image.fromarray(icon).save(g)
    panel.open_file(str(g))
    assert engine.submitted[-1][1].source == str(g)
