"""The reviewer's defects of the Train tab (issue 9), each fixed at its source: no "(not installed)" ghost after a
model is imported back, the progress bar at the real step after stop-and-save / abort, the training date in the
card and the models manager, an Evaluate button, recommended augmentation by default, a dataset of the wrong kind
refused in words (and the kind and the LSTM for tiny texts preselected), natural wording (steps, plurals, the
device, small models' sizes), the evaluation view's KID and memorisation rows, and `aigc-studio eval` warning when
the data is the training data."""
from __future__ import annotations

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from tests.ui.test_train_panel import TIMEOUT, pictures, scan, state, tiny  # noqa: F401 — fixtures


@pytest.fixture
def window(make_window):
    w = make_window()
    w.engine.start()
    return w


# --- 1. the model picker -------------------------------------------------------------------------------------
def test_a_model_listed_again_loses_its_not_installed_placeholder(qtbot):
    from aigc_studio.ui.widgets.model_box import ModelBox
    box = ModelBox("Choose")
    qtbot.addWidget(box)
    infos = [SimpleNamespace(id="a", name="A", card={}, path="/a")]
    mine = SimpleNamespace(id="mine", name="Mine", card={}, path="/mine")
    box.reload(infos + [mine], lambda name, card: name)
    box.select("mine")
    box.reload(infos, lambda name, card: name)                 # deleted: kept as "(not installed)"
    texts = [box.combo.itemText(i) for i in range(box.combo.count())]
    assert texts == ["A", "mine (not installed)"] and box.current() == "mine"
    box.reload(infos + [mine], lambda name, card: name)        # imported back: listed once, no ghost
    texts = [box.combo.itemText(i) for i in range(box.combo.count())]
    assert texts == ["A", "Mine"] and box.current() == "mine"


# --- 2. the progress bar at the end ---------------------------------------------------------------------------
def test_the_bar_shows_the_step_a_run_ended_at(qtbot):
    from aigc_studio.ui.panels.train_run import RunView
    view = RunView()
    qtbot.addWidget(view)
    view.start("image")
    view.on_progress(27, 400)
    view.finish("Stopped", step=28)
    assert view.progress.value() == 28 and view.progress.text() == "step 28 of 400"
    view.start("image")
    view.on_progress(15, 400)
    view.finish("Aborted")                                     # no step in the result: the last one reported
    assert view.progress.text() == "step 15 of 400"
    view.start("image")
    view.on_progress(399, 400)
    view.finish("Done", step=400, complete=True)
    assert view.progress.text() == "step 400 of 400"


# --- 9. the evaluation view -----------------------------------------------------------------------------------
def test_evaluation_rows_word_kid_and_memorisation_consistently():
    from aigc_studio.ui.panels.train_run import evaluation_rows
    rows = dict(evaluation_rows({"kind": "image", "fid": 80.0, "kid": -0.6972, "kid_std": 0.31, "samples": 256,
                                 "reference_images": 12, "memorisation": {"near_copies": 0,
                                                                          "closer_than_heldout_p5": 10}}))
    assert rows["KID (lower is better)"] == "-0.6972 ± 0.31"
    assert any("indistinguishable" in v for k, v in rows.items() if k == "")
    assert rows["samples that are near copies of a training image"] == "0 of 256 samples"
    assert rows["samples nearer a training image than 95 % of held-out images are"] == "10 of 256 samples"
    clear = dict(evaluation_rows({"kind": "image", "fid": 80.0, "kid": 0.2, "kid_std": 0.01, "samples": 8,
                                  "reference_images": 4}))
    assert "" not in clear                                     # a KID clearly above 0 needs no note


# --- 5. augmentation by default -------------------------------------------------------------------------------
def test_a_new_dataset_starts_with_the_recommended_augmentation(tmp_path, pictures):  # noqa: F811
    from aigc_studio.core.data.augment_settings import AugmentSettings, recommended
    from aigc_studio.core.data.dataset import Manifest
    from aigc_studio.core.data.dataset_scan import run_scan
    m = Manifest.from_report(run_scan(pictures).report)
    s = AugmentSettings.from_dict(m.augment)
    assert s.hflip and 0 < s.crop <= 0.15 and 0 < s.brightness <= 0.15 and s.active("image")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("some words of mine\n" * 20, encoding="utf-8")
    assert not AugmentSettings.from_dict(Manifest.from_report(run_scan(texts).report).augment).active("text")
    sound = recommended("audio")
    assert 0 < sound.gain_db <= 6 and 0 < sound.shift <= 0.1 and sound.pitch == 0
    kept = Manifest.from_report(run_scan(pictures).report, previous=Manifest.from_report(
        run_scan(pictures).report, augment={"hflip": False}))
    assert kept.augment == {"hflip": False}                    # a re-scan keeps the dataset's own settings


def test_the_preview_varies_a_picture_with_the_default_settings(qtbot, window, pictures):  # noqa: F811
    panel = window.train_panel
    scan(qtbot, panel, pictures)
    box = panel.dataset.augment_box
    assert box.settings().active("image") and box.hflip.isChecked()
    box.preview()
    shown = [lab.pixmap().toImage() for lab in box.preview_labels if lab.pixmap() is not None
             and not lab.pixmap().isNull()]
    assert len(shown) >= 4 and len({bytes(im.constBits()) for im in shown}) > 1    # not 8 identical versions


# --- 6, 7. the dataset's kind ---------------------------------------------------------------------------------
def test_a_text_dataset_is_refused_for_an_image_model_in_words_and_tiny_text_gets_the_lstm(qtbot, window,
                                                                                           tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("a few lines of my own writing\n" * 30, encoding="utf-8")
    panel = window.train_panel
    panel.model_section.set_choice("gpt")
    scan(qtbot, panel, folder)
    assert panel.model_section.choice().key == "lstm"           # ~900 characters: too few even for gpt-tiny
    panel.model_section.set_choice("gan")
    assert panel.start() is None
    assert panel.message.text() == "This dataset holds texts; choose a text model."
    assert window.engine.jobs() == [] or all(j.kind == "dataset-scan" for j in window.engine.jobs())


def test_a_larger_text_gets_a_gpt_size_that_suits_it(qtbot, window, tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "a.txt").write_text("".join(f"line {i} of a longer text of mine.\n" for i in range(1500)),
                                  encoding="utf-8")                 # ~50,000 characters
    panel = window.train_panel
    panel.model_section.set_choice("gpt")
    scan(qtbot, panel, folder)
    assert panel.model_section.choice().key == "gpt" and panel.model_section.preset() == "gpt-tiny"


# --- 2, 3, 4, 8, 9, 10 with a real tiny training ----------------------------------------------------------------
def test_stop_and_save_then_evaluate_writes_the_figures_and_the_date(qtbot, window, pictures):  # noqa: F811
    from aigc_studio.cli.eval import training_data_warning
    panel = window.train_panel
    scan(qtbot, panel, pictures)
    tiny(panel, steps=100_000, sample_every=1000)
    panel.model_section.name_edit.setText("review-gan")
    assert not panel.evaluate_button.isEnabled()
    job = panel.start()
    assert job is not None, panel.message.text()
    assert panel.model_section.model_name() == "review-gan"      # one name: the Name box and the status line
    qtbot.waitUntil(lambda: window.engine.job(job).progress[0] >= 3, timeout=TIMEOUT)
    assert "review-gan" in panel.run_view.status.text()
    assert panel.stop_and_save()
    qtbot.waitUntil(lambda: state(window, job) == "done", timeout=TIMEOUT)
    info = window.engine.job(job)
    step = info.result.data["step"]
    view = panel.run_view
    assert view.progress.value() == step and f"step {step} of 100000" == view.progress.text()
    assert view.status.text().startswith(f"Stopped and saved after {step:,} steps")
    assert "Done (" not in view.status.text()
    log = view.log.toPlainText()
    assert f"after {step} steps" in log and "at step" not in log.split("Saved")[-1]
    out = Path(info.result.data["out"])
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["training"]["date"] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert "evaluation" not in card                            # stop-and-save is not evaluated...

    assert panel.evaluate_button.isEnabled()                   # ...the Evaluate button does it
    eval_job = panel.evaluate()
    assert eval_job is not None, panel.message.text()
    qtbot.waitUntil(lambda: state(window, eval_job) in ("done", "failed"), timeout=TIMEOUT)
    assert state(window, eval_job) == "done", window.engine.job(eval_job).message
    qtbot.waitUntil(lambda: "Evaluated" in view.status.text(), timeout=5000)
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["evaluation"]["kind"] == "image" and card["evaluation"]["kid"] is not None
    assert "Evaluation of" in view.evaluation.text() and "KID" in view.evaluation.text()
    held = window.engine.job(eval_job).spec.data
    assert held.endswith("heldout.dataset.json")               # the run's held-out pictures, not all of them

    # the models manager's "Trained" column
    from aigc_studio.ui.widgets.models_manager import ModelsManager
    manager = ModelsManager(window.engine)
    qtbot.addWidget(manager)
    manager.refresh()
    row = next(r for r in range(manager.table.rowCount()) if "review-gan" in manager.table.item(r, 0).text())
    assert manager.table.item(row, 3).text() == card["training"]["date"]

    # 10. `aigc-studio eval` on the training folder warns; on other data it does not
    assert "not held-out" in training_data_warning(str(out), str(pictures))
    other = pictures.parent / "other"
    other.mkdir()
    assert training_data_warning(str(out), str(other)) == ""


# --- 8. the command line's words ------------------------------------------------------------------------------
def test_command_line_words(tmp_path):
    from aigc_studio.cli.models import params_words
    from aigc_studio.cli.train import device_words
    from aigc_studio.core.base.events import Log
    from aigc_studio.core.data.dataset_scan import scan as scan_gen
    assert params_words(35_200) == "35K params" and params_words(1_234_567) == "1.2M params"
    assert params_words(512) == "512 params" and params_words(None) == ""
    assert device_words("CPU — chosen in Settings", "cpu") == "CPU — as asked"
    assert device_words("CPU — chosen in Settings", "auto") == "CPU — chosen in Settings"
    assert device_words("CUDA — X (chosen in Settings)", "cuda") == "CUDA — X (as asked)"
    from PIL import Image
    folder = tmp_path / "mix"
    folder.mkdir()
    for i in range(3):
        Image.fromarray(np.full((8, 8, 3), 40 * i, np.uint8)).save(folder / f"{i}.png")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    gen = scan_gen(folder, "image")
    logs = []
    try:
        while True:
            ev = next(gen)
            if isinstance(ev, Log):
                logs.append(ev.message)
    except StopIteration:
        pass
    assert "1 file is not an image and is left out (1 text file)." in logs


def test_dataset_summary_uses_singular_for_one_group(qtbot, window, tmp_path, pictures):  # noqa: F811
    import shutil
    shutil.copy(pictures / "01.png", pictures / "zz-copy.png")
    panel = window.train_panel
    scan(qtbot, panel, pictures)
    text = panel.dataset.summary_label.text()
    assert "1 group of exact duplicates" in text and "1 groups" not in text


def test_cli_train_says_the_device_was_asked_for_once(tmp_path, capsys, monkeypatch):
    from aigc_studio.cli import train as cli_train
    calls = []
    monkeypatch.setattr(cli_train, "run_job", lambda spec, ctx, on_event: SimpleNamespace(paths=[]))
    monkeypatch.setattr(cli_train, "err", lambda text: calls.append(text))
    data = tmp_path / "t.txt"
    data.write_text("hello there, a text\n" * 50, encoding="utf-8")
    spec = cli_train.TrainTextSpec.from_cli(data=str(data), out=str(tmp_path / "m"), device="cpu",
                                            options={"steps": 1})
    monkeypatch.setenv("RANK", "1")
    cli_train.run_training(spec)
    assert calls == []                                          # under torchrun: rank 0 alone says it
    monkeypatch.setenv("RANK", "0")
    cli_train.run_training(spec)
    assert calls == ["training on CPU — as asked"]


def test_the_loss_legend_is_a_line_above_the_plot_not_over_the_curves(qtbot):
    from aigc_studio.ui.widgets.loss_plot import LossPlot
    plot = LossPlot(label_of=lambda n: {"d_loss": "critic loss"}.get(n, n))
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    for step in range(1, 5):
        plot.add_point("d_loss", step, 1.0 / step)
        plot.add_point("eval_loss", step, 2.0 / step)
    qtbot.waitUntil(lambda: plot.drawn_points("d_loss") == 4, timeout=5000)
    assert plot.plot.getPlotItem().legend is None                  # nothing drawn over the curves
    assert plot.legend_label.isVisible() and plot.legend_text() == "critic loss   eval_loss"
    assert plot.legend_label.geometry().bottom() <= plot.plot.geometry().top()
    plot.clear()
    assert not plot.legend_label.isVisible()


def test_narrow_dataset_view_gives_the_file_list_the_height(qtbot, window, pictures):  # noqa: F811
    from aigc_studio.ui.panels.train_dataset import DatasetSection
    section = DatasetSection(window.engine)
    qtbot.addWidget(section)
    section.resize(1000, 560)
    section.show()
    section.scan_folder(str(pictures))
    qtbot.waitUntil(lambda: section.manifest() is not None, timeout=TIMEOUT)
    section.resize(640, 560)
    qtbot.waitUntil(lambda: section.augment_box.columns() == 2, timeout=5000)
    qtbot.wait(50)
    report_h, aug_h = section.split.sizes()
    assert aug_h <= section.augment_box.sizeHint().height() + 2 and report_h > aug_h
    buttons = section.augment_box.preview_button
    assert buttons.isVisible() and buttons.mapTo(section.augment_box, buttons.rect().bottomLeft()).y() \
        <= section.augment_box.height()                          # the buttons are not cut off
    section.resize(1000, 560)
    qtbot.waitUntil(lambda: section.augment_box.columns() == 1, timeout=5000)
