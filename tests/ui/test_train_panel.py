"""The Train tab with a real engine and real (tiny) trainings: curves, samples, pause / resume / stop and save /
abort, the model in the pickers, the offer to resume, queued trainings, and "Train on favourites"."""
from __future__ import annotations

from pathlib import Path

import pytest

from aigc_studio.core.base.settings import user_models_dir

TIMEOUT = 120_000
TINY_GAN = dict(image_size=16, g_width=4, d_width=4, z_dim=8, w_dim=8, pca_components=2)


@pytest.fixture
def pictures(tmp_path):
    from PIL import Image, ImageDraw
    folder = tmp_path / "pics"
    folder.mkdir()
    for i in range(24):
        im = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        d.ellipse((1 + i % 5, 2 + i % 3, 12 + i % 4, 13), fill=(40 * (i % 6), 200 - 30 * (i % 4), 60 + 7 * i, 255))
        im.save(folder / f"{i:02d}.png")
    return folder


@pytest.fixture
def window(make_window):
    w = make_window()
    w.engine.start()
    return w


def tiny(panel, steps=6, sample_every=2):
    """The form set for a tiny GAN (16 px) that trains in seconds."""
    ms = panel.model_section
    ms.set_choice("gan")
    ms.steps_radio.setChecked(True)
    ms.steps_spin.setValue(steps)
    ms.batch_spin.setValue(4)
    ms.sample_spin.setValue(sample_every)
    orig = ms.options
    ms.options = lambda: {**orig(), "model": dict(TINY_GAN), "log_every": 1, "eval_every": 0,
                          "checkpoint_every": 0, "threads": 1}


def scan(qtbot, panel, folder):
    panel.dataset.scan_folder(str(folder))
    qtbot.waitUntil(lambda: panel.dataset.manifest() is not None, timeout=TIMEOUT)


def state(window, job):
    info = window.engine.job(job)
    return info.state if info is not None else None


def test_a_tiny_training_shows_curves_samples_and_its_model_appears_in_the_pickers(qtbot, window, pictures):
    panel = window.train_panel
    window.train.show_tab()
    assert window.tabs.currentWidget() is panel and window.tabs.tabText(window.tabs.currentIndex()) == "Train"
    scan(qtbot, panel, pictures)
    assert panel.model_section.choice().data_kind == "image"           # the dataset's kind is followed
    tiny(panel)
    name = panel.model_section.model_name()
    job = panel.start()
    assert job is not None, panel.message.text()
    assert panel.is_training() and panel.active_job_id() == job
    assert panel.views.currentWidget() is panel.run_view
    qtbot.waitUntil(lambda: state(window, job) == "done", timeout=TIMEOUT)
    view = panel.run_view
    assert {"d_loss", "g_loss"} <= set(view.plot.curve_names())
    xs, ys = view.plot.points("d_loss")
    assert xs == [1, 2, 3, 4, 5, 6] and len(ys) == 6
    qtbot.waitUntil(lambda: view.plot.drawn_points("d_loss") == 6, timeout=5000)   # drawn by the timer
    assert view.sample_count >= 3 and view.image_samples.samples                     # steps 2, 4, 6 (+ the end)
    assert "images/s" in view.figures_text() and "device: cpu" in view.figures_text()
    assert not panel.is_training() and panel.active_job_id() is None
    assert name in view.status.text()
    assert "Evaluation of" in view.evaluation.text()
    out = user_models_dir() / name
    assert (out / "card.json").is_file()
    combo = window.image_panel.model_box.combo
    assert name in [combo.itemData(i) for i in range(combo.count())]                 # listed at once
    assert name in [panel.model_section.base_combo.itemData(i)
                    for i in range(panel.model_section.base_combo.count())]

    # the models manager renames and deletes it through the engine's model jobs; the pickers follow
    manager = window.train.open_models_manager()
    qtbot.addWidget(manager)
    assert manager.ids() == [name]
    job = manager.rename(name, "My shapes")
    qtbot.waitUntil(lambda: state(window, job) in ("done", "failed"), timeout=TIMEOUT)
    assert state(window, job) == "done", window.engine.job(job).message
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert any("My shapes" in t for t in labels), labels
    manager.confirm_delete = lambda info: True
    job = manager.delete_selected()
    qtbot.waitUntil(lambda: state(window, job) in ("done", "failed"), timeout=TIMEOUT)
    assert state(window, job) == "done", window.engine.job(job).message
    assert not out.exists() and manager.ids() == []
    assert name not in [combo.itemData(i) for i in range(combo.count())]


def test_pause_resume_stop_and_save_and_abort_then_resume_it(qtbot, window, pictures):
    panel = window.train_panel
    scan(qtbot, panel, pictures)
    tiny(panel, steps=100_000, sample_every=1000)
    job = panel.start()
    assert job is not None, panel.message.text()
    progress = lambda: window.engine.job(job).progress[0]  # noqa: E731
    qtbot.waitUntil(lambda: progress() >= 2, timeout=TIMEOUT)
    assert panel.pause_button.isEnabled() and panel.pause_button.text() == "Pause"
    assert panel.toggle_pause()
    assert window.engine.job(job).paused and panel.pause_button.text() == "Resume"
    assert "Paused" in panel.run_view.status.text()
    qtbot.wait(300)
    held = progress()
    qtbot.wait(400)
    assert progress() <= held + 1                        # the step in flight at most
    assert panel.toggle_pause() and not window.engine.job(job).paused
    qtbot.waitUntil(lambda: progress() >= held + 3, timeout=TIMEOUT)
    assert panel.stop_and_save()
    qtbot.waitUntil(lambda: state(window, job) == "done", timeout=TIMEOUT)
    info = window.engine.job(job)
    assert info.result.data["stopped"] == "stop-and-save"
    first = Path(info.result.data["out"])
    assert (first / "card.json").is_file()

    job2 = panel.start()                                  # a new name was filled in
    assert job2 is not None and panel.model_section.model_name() != first.name
    qtbot.waitUntil(lambda: window.engine.job(job2).progress[0] >= 2, timeout=TIMEOUT)
    assert panel.abort()
    qtbot.waitUntil(lambda: state(window, job2) == "cancelled", timeout=TIMEOUT)
    assert "Aborted" in panel.run_view.status.text()
    spec2 = window.engine.job(job2).spec
    assert not Path(spec2.out).exists()                  # no model; the checkpoint is kept
    assert panel.resume_bar.isVisible() or panel.check_unfinished()
    run = panel.resume_bar.runs[0]
    assert run.spec.out == spec2.out and run.step >= 2
    panel.resume_bar.resume_button.click()
    job3 = panel.active_job_id()
    assert job3 not in (None, job, job2)
    qtbot.waitUntil(lambda: "Resumed from the checkpoint" in panel.run_view.log.toPlainText(), timeout=TIMEOUT)
    assert panel.abort()
    qtbot.waitUntil(lambda: state(window, job3) == "cancelled", timeout=TIMEOUT)


def test_a_second_training_is_queued(qtbot, window, pictures):
    panel = window.train_panel
    scan(qtbot, panel, pictures)
    tiny(panel, steps=100_000, sample_every=1000)
    first = panel.start()
    qtbot.waitUntil(lambda: state(window, first) == "running", timeout=TIMEOUT)
    assert panel.start_button.text() == "Queue another training"
    second = panel.start()
    assert second is not None and state(window, second) == "queued"
    third = panel.start()                                 # while the second waits: a third name again
    names = {Path(window.engine.job(j).spec.out).name for j in (first, second, third)}
    assert len(names) == 3
    assert window.engine.cancel(third)
    assert panel.active_job_id() == first                # the running one is what the buttons act on
    assert panel.abort()
    qtbot.waitUntil(lambda: state(window, second) == "running", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.shown_job == second, timeout=TIMEOUT)
    assert panel.abort()
    qtbot.waitUntil(lambda: state(window, second) == "cancelled", timeout=TIMEOUT)


def test_start_refuses_a_taken_name_and_missing_data(qtbot, window, pictures):
    panel = window.train_panel
    tiny(panel)
    assert panel.start() is None                          # no dataset yet
    assert panel.message.text()
    taken = user_models_dir() / "taken"
    taken.mkdir(parents=True)
    panel.model_section.name_edit.setText("taken")
    assert panel.start() is None
    assert "taken" in panel.model_section.name_message.text()
    assert window.engine.jobs() == []


def test_train_on_favourites_opens_the_train_tab_with_their_dataset(qtbot, window, pictures):
    import numpy as np

    from aigc_studio.core.base.specs import ImageSpec
    store = window.store()
    paths = []
    for i in range(3):
        rgba = np.zeros((16, 16, 4), np.uint8)
        rgba[..., 0], rgba[..., 3] = 40 * i, 255
        paths.append(store.save_image(rgba, ImageSpec(model="emoji-gan", seed=i), {}))
    window.assets.refresh()
    window.assets.kind_combo.setCurrentIndex(window.assets.kind_combo.findData("image"))
    window.assets.train_action.trigger()                   # none starred yet: said, nothing changes
    qtbot.waitUntil(lambda: "no favourite" in (window.last_error or "").lower(), timeout=TIMEOUT)
    assert window.train_panel.dataset.manifest() is None
    for p in paths[:2]:
        store.set_favourite(p, True)
    import aigc_studio.core.data.dataset_probe as probe
    gui = __import__("threading").get_ident()
    hashed_on = []
    real_hash = probe.hash_file
    probe.hash_file = lambda *a, **k: (hashed_on.append(__import__("threading").get_ident()), real_hash(*a, **k))[1]
    try:
        window.assets.train_action.trigger()               # a job finds, reads and hashes them: not the GUI thread
        panel = window.train_panel
        assert window.tabs.currentWidget() is panel
        qtbot.waitUntil(lambda: panel.dataset.manifest() is not None, timeout=TIMEOUT)
    finally:
        probe.hash_file = real_hash
    assert hashed_on and gui not in hashed_on             # the two favourites were hashed, on the engine thread
    manifest = panel.dataset.manifest()
    assert manifest is not None and manifest.kind == "image" and len(manifest.files) == 2 and manifest.selection
    assert panel.model_section.choice().data_kind == "image" and panel.model_section.fine_tune()


def test_a_tiny_text_training_shows_text_samples(qtbot, window, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text("the quick brown fox jumps over the lazy dog. " * 40, encoding="utf-8")
    panel = window.train_panel
    scan(qtbot, panel, folder)
    ms = panel.model_section
    assert ms.choice().data_kind == "text"
    ms.set_choice("lstm")
    ms.steps_spin.setValue(4)
    ms.batch_spin.setValue(4)
    ms.sample_spin.setValue(2)
    orig = ms.options
    ms.options = lambda: {**orig(), "model": {"n_layer": 1, "n_embd": 32, "block_size": 16, "dropout": 0.0},
                          "log_every": 1, "eval_every": 0, "checkpoint_every": 0, "threads": 1, "sample_tokens": 20}
    job = panel.start()
    assert job is not None, panel.message.text()
    qtbot.waitUntil(lambda: state(window, job) in ("done", "failed"), timeout=TIMEOUT)
    assert state(window, job) == "done", window.engine.job(job).message
    view = panel.run_view
    assert view.samples.currentWidget() is view.text_samples and "step 2" in view.text_samples.toPlainText()
    assert view.plot.points("train_loss")[0] == [1, 2, 3, 4]
    out = Path(window.engine.job(job).result.data["out"])
    combo = window.text_panel.model_box.combo
    assert out.name in [combo.itemData(i) for i in range(combo.count())]


def test_train_menu_and_the_models_manager(qtbot, window):
    w = window
    texts = [a.text() for a in w.train.menu.actions() if a.text()]
    assert texts[0] == "&Open the Train tab" and "&Your models…" in texts
    w.train._update_menu()
    assert not w.train.pause_action.isEnabled() and not w.train.abort_action.isEnabled()
    w.train.open_action.trigger()
    assert w.tabs.currentWidget() is w.train_panel
    manager = w.train.open_models_manager()
    qtbot.addWidget(manager)
    assert manager.isVisible() and manager.ids() == [] and manager.empty.isVisible()
    assert w.train.open_models_manager() is manager                  # one manager, refreshed
    manager.close()
