"""The Text panel's Form choice (poem forms): shown only for models whose card lists forms; it reaches the spec."""
from __future__ import annotations

import os
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from aigc_studio.core.base.specs import TextSpec  # noqa: E402
from aigc_studio.ui.panels import text_panel as tp  # noqa: E402
from aigc_studio.ui.panels.text_panel import TextPanel  # noqa: E402
from panel_helpers import FakeEngine, settings  # noqa: E402,F401 (settings: a fixture)

MODELS = [SimpleNamespace(id="tiny-en", name="Tiny English", kind="text", path="/m/tiny-en",
                          card={"language": "en"}, source="shipped"),
          SimpleNamespace(id="poems", name="Poems", kind="text", path="/m/poems",
                          card={"language": "zh", "forms": ["auto", "wuyan-jueju", "qiyan-jueju", "wuyan-lushi",
                                                            "qiyan-lushi"],
                                "usage": {"stop": ["\n\n"]}}, source="shipped")]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(tp, "_list_text_models", lambda: list(MODELS))


@pytest.fixture
def panel(qtbot, settings, tmp_path):
    from aigc_studio.core.assets import AssetStore
    store = AssetStore(tmp_path / "out")
    p = TextPanel(FakeEngine(), settings, lambda: store)
    qtbot.addWidget(p)
    yield p
    store.close()


def row_visible(panel) -> bool:
    return panel.form.form.isRowVisible(panel.form_combo.parentWidget())


def test_form_row_only_for_poem_models(panel):
    panel._select_model("tiny-en")
    assert not row_visible(panel) and panel.poem_form() == "free"
    panel._select_model("poems")
    assert row_visible(panel) and panel.poem_form() == "auto"      # the default for a poem model


def test_form_reaches_the_spec_and_an_empty_prompt_is_allowed(panel):
    panel._select_model("poems")
    panel.set_poem_form("qiyan-lushi")
    panel.prompt_edit.setPlainText("")
    panel.set_seed_mode("fixed")
    panel.seed_edit.setText("3")
    assert panel.generate() is not None
    spec = panel.engine.submitted[-1][1]
    assert spec.form == "qiyan-lushi" and spec.prompt == ""
    assert panel.params()["form"] == "qiyan-lushi"


def test_restore_spec_sets_the_form(panel):
    panel.restore_spec(TextSpec(prompt="春夜", model="poems", form="wuyan-jueju", seed=1))
    assert panel.poem_form() == "wuyan-jueju"
