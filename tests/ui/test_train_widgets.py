"""The Train tab's widgets on their own: the loss plot (coalesced redraws), the sample grid, the run view's
figures and samples, the model form's specs, the resume offer, and the models manager's jobs."""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from panel_helpers import FakeEngine

from aigc_studio.core.base.events import Metric, Sample
from aigc_studio.core.base.settings import user_models_dir
from aigc_studio.ui.panels.train_form import ModelSection, slug
from aigc_studio.ui.panels.train_resume import ResumeBar, find_unfinished
from aigc_studio.ui.panels.train_run import RunView, sample_rate_of
from aigc_studio.ui.widgets.loss_plot import LossPlot
from aigc_studio.ui.widgets.sample_grid import SampleGrid, tile


def test_loss_plot_coalesces_points_into_few_redraws(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    for i in range(1000):
        plot.add_point("loss", i, 1.0 / (i + 1))
        plot.add_point("eval_loss", i, 2.0 / (i + 1)) if i % 100 == 0 else None
    plot.add_point("loss", 1000, float("nan"))               # skipped
    assert plot.redraws == 0                                   # nothing drawn per point
    qtbot.waitUntil(lambda: plot.drawn_points("loss") == 1000, timeout=5000)
    assert plot.redraws <= 3 and plot.drawn_points("eval_loss") == 10
    assert plot.points("loss")[0][:3] == [0.0, 1.0, 2.0]
    plot.clear()
    assert plot.curve_names() == [] and plot.drawn_points("loss") == 0


def test_loss_plot_keeps_points_that_come_before_it_is_shown(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.add_point("loss", 1, 3.0)
    assert plot.plot is None                                   # pyqtgraph not built yet
    plot.show()
    qtbot.waitUntil(lambda: plot.drawn_points("loss") == 1, timeout=5000)


def test_tile_lays_a_batch_on_a_near_square_grid():
    batch = np.zeros((5, 8, 6, 3), np.uint8)
    grid = tile(batch)
    assert grid.shape == (2 * 8 + 2, 3 * 6 + 4, 4) and (grid[:8, :6, 3] == 255).all()
    assert tile(np.zeros((10, 12, 4), np.uint8)).shape == (10, 12, 4)
    assert tile(np.zeros((2, 4, 4, 1), np.uint8)).shape == (4, 10, 4)
    with pytest.raises(ValueError):
        tile(np.zeros((0, 4, 4, 4), np.uint8))


def test_sample_grid_follows_new_samples_unless_the_user_went_back(qtbot):
    grid = SampleGrid()
    qtbot.addWidget(grid)
    for step in (0, 10, 20):
        assert grid.add_sample(step, np.full((4, 8, 8, 4), step, np.uint8))
    assert grid.current_step() == 20 and grid.slider.maximum() == 2
    grid.slider.setValue(0)
    assert grid.current_step() == 0
    grid.add_sample(30, np.zeros((4, 8, 8, 4), np.uint8))
    assert grid.current_step() == 0                            # stays where the user looks
    assert not grid.add_sample(40, np.zeros((3,), np.uint8))   # not an image batch
    grid.clear()
    assert grid.current_step() is None


def test_run_view_figures_curves_and_each_kind_of_sample(qtbot):
    view = RunView()
    qtbot.addWidget(view)
    view.start("text")
    view.set_device("cuda")
    for m in (Metric("train_loss", 1, 2.5), Metric("tokens_per_s", 1, 1234.0), Metric("eta_s", 1, 120.0),
              Metric("memory_mb", 1, 512.0), Metric("lr", 1, 0.001), Metric("eval_loss", 1, 2.7)):
        view.on_metric(m)
    qtbot.waitUntil(lambda: "tokens/s" in view.figures_text(), timeout=3000)
    text = view.figures_text()
    assert "1,234 tokens/s" in text and "min left" in text and "device: cuda" in text and "512 MB" in text
    assert set(view.plot.curve_names()) == {"train_loss", "eval_loss"}
    assert view.on_sample(Sample(0, "Once upon a time"))
    assert "Once upon a time" in view.text_samples.toPlainText() and "step 0" in view.text_samples.toPlainText()
    assert view.on_sample(Sample(5, data=np.zeros((4, 8, 8, 4), np.uint8)))
    assert view.samples.currentWidget() is view.image_samples
    assert view.on_sample(Sample(5, "22050 Hz: a sound", data=np.zeros((1, 2205), np.float32)))
    assert view.samples.currentWidget() is view.sound_samples
    assert view.sound_samples.sounds[0][2] == 22050 and view.sound_samples.list.count() == 1
    assert sample_rate_of("no rate") == 16000
    assert view.show_evaluation({"name": "m", "metrics": {"heldout_loss": 2.1, "heldout_perplexity": 8.2}})
    assert "held-out perplexity" in view.evaluation.text() and "8.2" in view.evaluation.text()
    assert not view.show_evaluation({})
    image_ev = {"kind": "image", "samples": 256, "reference_images": 7, "fid": None, "fid_minimum_images": 65,
                "kid": 4.012, "kid_std": 3.3, "memorisation": {"near_copies": 0, "closer_than_heldout_p5": 10},
                "diversity": {"ratio": 1.117}, "feature_space": {"network": "emoji-feature-net"},
                "notes": ["FID needs more images."]}
    assert view.show_evaluation({"name": "g", "evaluation": image_ev, "metrics": {"d_loss": 1.0}})
    shown = view.evaluation.text()
    assert "not measured: needs 65 images" in shown and "4.012 ± 3.3" in shown and "0 of 256 samples" in shown
    assert "FID needs more images." in shown and "discriminator loss" not in shown
    assert view.show_evaluation({"evaluation": {"kind": "text", "heldout_loss": 2.5, "perplexity": 12.18,
                                                "heldout_tokens": 900, "heldout_texts": 3, "notes": []}})
    assert "12.18" in view.evaluation.text() and "900 tokens in 3 texts" in view.evaluation.text()


def test_model_section_builds_the_spec_of_each_kind(qtbot):
    ms = ModelSection()
    qtbot.addWidget(ms)
    ms.set_choice("lstm")
    assert ms.preset() == "lstm-small"
    spec = ms.spec("/data", "/out/m", run_dir="/runs/m")
    opts = spec.option_values()
    assert spec.kind == "train-text" and opts["architecture"] == "lstm" and opts["preset"] == "lstm-small"
    assert opts["run_dir"] == "/runs/m" and opts["steps"] == 2000 and opts["minutes"] == 0.0
    assert opts["log_every"] == 20                                       # 100 points on the curve
    ms.set_choice("vae")
    ms.minutes_radio.setChecked(True)
    ms.minutes_spin.setValue(3.0)
    ms.lr_spin.setValue(0.001)
    spec = ms.spec("/data", "/out/m")
    opts = spec.option_values()
    assert spec.kind == "train-image" and spec.model_type == "vae" and opts["preset"] == "vae-small"
    assert opts["minutes"] == 3.0 and opts["lr"] == 0.001 and "batch_size" not in opts
    ms.set_choice("audio")
    assert ms.spec("/d", "/o").kind == "train-audio"
    ms.set_choice("gan")
    ms.finetune_radio.setChecked(True)
    assert ms.base_combo.findData("emoji-gan") >= 0                    # the shipped GAN can be fine-tuned
    ms.base_combo.setCurrentIndex(ms.base_combo.findData("emoji-gan"))
    spec = ms.spec("/d", "/o")
    assert spec.from_model == "emoji-gan" and "preset" not in spec.option_values()
    assert ms.base_combo.findData("emoji-vae") < 0                     # another architecture
    values = ms.values()
    other = ModelSection()
    qtbot.addWidget(other)
    other.restore(values)
    assert other.values() == values
    assert slug("  My  model/../x ") == "My-model..x" and slug("我的 模型") == "我的-模型"


def test_resume_offer_lists_a_run_with_a_checkpoint_and_no_model(qtbot, tmp_path):
    run = tmp_path / "runs" / "my-gan-1"
    (run / "checkpoint").mkdir(parents=True)
    train = {"data": str(tmp_path / "pics"), "out": str(tmp_path / "models" / "my-gan-1"), "model_type": "gan",
             "steps": 100, "model": {"image_size": 16}, "run_dir": str(run), "device": "cpu", "resume": True}
    (run / "run.json").write_text(json.dumps({"train": train}), encoding="utf-8")
    (run / "checkpoint" / "state.json").write_text(json.dumps({"step": 40, "seconds": 12.0}), encoding="utf-8")
    finished = tmp_path / "runs" / "done"
    (finished / "checkpoint").mkdir(parents=True)
    (finished / "run.json").write_text(json.dumps({"train": {**train, "out": "x"}}), encoding="utf-8")
    (finished / "checkpoint" / "state.json").write_text(json.dumps({"step": 100}), encoding="utf-8")
    (finished / "finished.json").write_text("{}", encoding="utf-8")
    runs = find_unfinished(tmp_path / "runs")
    assert [r.name for r in runs] == ["my-gan-1"] and runs[0].step == 40
    spec = runs[0].spec
    assert spec.kind == "train-image" and spec.model_type == "gan" and spec.out == train["out"]
    assert spec.option_values()["run_dir"] == str(run) and spec.option_values()["steps"] == 100
    bar = ResumeBar()
    qtbot.addWidget(bar)
    got = []
    bar.resume_requested.connect(got.append)
    assert bar.offer(runs) and "my-gan-1" in bar.label.text() and "40" in bar.label.text()
    bar.resume_button.click()
    assert got == runs and bar.isHidden()
    assert find_unfinished(tmp_path / "nothing") == []


class ModelsEngine(FakeEngine):
    """A fake engine whose jobs the test finishes itself (submit records the spec)."""

    def __init__(self):
        super().__init__()
        self.started = []


def _user_model(model_id):
    folder = user_models_dir() / model_id
    folder.mkdir(parents=True)
    card = {"format": "aigc-studio-model/1", "id": model_id, "name": model_id, "kind": "image",
            "architecture": "gan", "config": {}, "parameters": 12345, "training": {"steps": 3}}
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"")
    return folder


def test_models_manager_lists_own_models_and_runs_each_action_as_a_job(qtbot, monkeypatch, tmp_path):
    from aigc_studio.core.base.events import Result
    from aigc_studio.ui.widgets.models_manager import ModelsManager
    _user_model("mine-1")
    engine = ModelsEngine()
    dlg = ModelsManager(engine)
    qtbot.addWidget(dlg)
    assert dlg.ids() == ["mine-1"] and "emoji-gan" not in dlg.ids()         # own models only
    assert dlg.selected_id() == "mine-1" and dlg.rename_button.isEnabled()
    job = dlg.rename("mine-1", "My best")
    assert engine.spec(job).kind == "models-rename" and engine.spec(job).name == "My best"
    assert not dlg.rename_button.isEnabled()                                  # one action at a time
    changed = []
    dlg.models_changed.connect(lambda: changed.append(1))
    engine.finish(job, result=Result(data={"op": "renamed", "name": "My best", "models_changed": True}))
    assert "My best" in dlg.status.text() and changed == [1] and dlg.rename_button.isEnabled()
    job = dlg.export("mine-1", str(tmp_path / "m.zip"))
    assert engine.spec(job).kind == "models-export" and engine.spec(job).overwrite
    engine.finish(job, result=Result(data={"op": "exported", "path": str(tmp_path / "m.zip")}))
    assert "m.zip" in dlg.status.text() and changed == [1]
    monkeypatch.setattr(dlg, "confirm_delete", lambda info: False)
    assert dlg.delete_selected() is None                                      # not confirmed: nothing
    monkeypatch.setattr(dlg, "confirm_delete", lambda info: True)
    job = dlg.delete_selected()
    assert engine.spec(job).kind == "models-delete" and engine.spec(job).model == "mine-1"
    engine.finish(job, state="failed", message="The model mine-1 is in use.")
    assert "in use" in dlg.status.text()
    job = dlg.import_zip(str(tmp_path / "m.zip"))
    assert engine.spec(job).kind == "models-import"
    _user_model("mine-2")
    engine.finish(job, result=Result(data={"op": "imported", "id": "mine-2", "name": "mine-2",
                                           "models_changed": True}))
    assert dlg.ids() == ["mine-1", "mine-2"] and dlg.selected_id() == "mine-2"
    assert dlg.rename("", "x") is None and dlg.status.text()                  # refused in words, no job
    assert SimpleNamespace  # noqa: B018 (kept for readers: jobs finish through the fake engine)
