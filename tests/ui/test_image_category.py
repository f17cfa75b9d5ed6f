"""The Image panel's Category control (issue 10): shown only for class-conditional models (a card with
``categories``), its choice goes into the job's spec (and so into each image's spec), variations keep the
category of the image they start from, restoring a spec restores the category, and other models send "any"."""
from __future__ import annotations

import os
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from aigc_studio.core.base.specs import ImageSpec  # noqa: E402
from aigc_studio.ui.panels import image_panel as ip  # noqa: E402
from aigc_studio.ui.panels.image_panel import ImagePanel  # noqa: E402
from panel_helpers import settings  # noqa: E402,F401 (a fixture)
from test_image_panel import FakeEngine, FakeStore  # noqa: E402

CATS = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places", "Activities",
        "Objects", "Symbols", "Flags"]
MODELS = [SimpleNamespace(id="tiny-gan", name="Tiny GAN", kind="image", path="/m/tiny-gan",
                          card={"architecture": "gan", "pca_components": 4, "description": "a tiny GAN"}),
          SimpleNamespace(id="tiny-cgan", name="Tiny CGAN", kind="image", path="/m/tiny-cgan",
                          card={"architecture": "gan", "pca_components": 4, "description": "by category",
                                "categories": CATS}),
          SimpleNamespace(id="tiny-vae", name="Tiny VAE", kind="image", path="/m/tiny-vae",
                          card={"architecture": "image_vae", "pca_components": 3, "description": "a tiny VAE"})]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(ip, "_list_image_models", lambda: list(MODELS))


@pytest.fixture
def engine():
    return FakeEngine()


@pytest.fixture
def panel(qtbot, engine, settings, tmp_path):  # noqa: F811
    store = FakeStore(tmp_path)
    p = ImagePanel(engine, settings, lambda: store)
    p.resize(1300, 800)
    qtbot.addWidget(p)
    p.show()
    return p


def choose(panel, model):
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(model))


def row_visible(panel) -> bool:
    combo = panel.controls.category_combo
    return panel.controls.form.form.isRowVisible(combo.parentWidget())


def test_category_row_only_for_conditional_models(panel):
    combo = panel.controls.category_combo
    choose(panel, "tiny-gan")
    assert not row_visible(panel) and panel.controls.category() == "any"
    choose(panel, "tiny-cgan")
    assert row_visible(panel)
    assert [combo.itemData(i) for i in range(combo.count())] == ["any", "smileys", "people", "animals", "food",
                                                                  "travel", "activities", "objects", "symbols",
                                                                  "flags"]
    assert combo.itemText(0) == "Any" and combo.itemText(4) == "Food & Drink"
    choose(panel, "tiny-vae")
    assert not row_visible(panel) and panel.controls.category() == "any"


def test_chosen_category_goes_into_the_job_spec(panel, engine):
    choose(panel, "tiny-cgan")
    combo = panel.controls.category_combo
    combo.setCurrentIndex(combo.findData("animals"))
    job = panel.generate()
    assert isinstance(engine.spec(job), ImageSpec) and engine.spec(job).category == "animals"
    engine.run(job)
    items = panel.canvas.section_of_job(job).ordered()
    assert items
    # variations of an image keep its category even when the control has moved on
    combo.setCurrentIndex(combo.findData("flags"))
    panel.canvas.select([items[0]])
    vjob = panel.variations()
    assert vjob is not None and engine.spec(vjob).category == "animals"
    # an unconditional model sends "any" whatever was chosen before
    choose(panel, "tiny-gan")
    job2 = panel.generate()
    assert engine.spec(job2).category == "any"


def test_restoring_a_spec_restores_its_category(panel, engine):
    job = panel.restore_spec(ImageSpec(model="tiny-cgan", count=2, seed=5, category="food"))
    assert engine.spec(job).category == "food" and panel.controls.category_combo.currentData() == "food"
    engine.run(job)
    job = panel.restore_spec(ImageSpec(model="tiny-cgan", count=2, seed=5))
    assert engine.spec(job).category == "any"
