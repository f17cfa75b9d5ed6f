"""The words of model management (core/models/manage.py, core/base/model_specs.py) reach a Chinese user translated:
every spec problem is listed for translators, and real refusals (made here by the core itself) come out in Chinese,
their inner reason included."""
from __future__ import annotations

import json
import zipfile

import pytest

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.model_specs import ModelDeleteSpec, ModelExportSpec, ModelImportSpec, ModelRenameSpec
from aigc_studio.core.models import manage


@pytest.fixture
def zh(qapp):
    from aigc_studio.ui.i18n import install_translators
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    install_translators(qapp, "en")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_every_model_spec_problem_is_listed_and_translated(zh):
    from aigc_studio.ui.panels.common import _CORE_MESSAGES, tr_core

    bad = [ModelRenameSpec("", ""), ModelRenameSpec("m", "x" * 99), ModelExportSpec("", ""),
           ModelImportSpec("", "merge"), ModelDeleteSpec("")]
    problems = [p for s in bad for p in s.problems()]
    assert {p.message for p in problems} <= set(_CORE_MESSAGES)
    for p in problems:
        assert _chinese(tr_core(p)), p.message


def _refusal(fn) -> str:
    with pytest.raises(UserError) as e:
        fn()
    return str(e.value)


def test_real_refusals_come_out_in_chinese(zh, tmp_path):
    from aigc_studio.ui.panels.common import tr_core_text

    def zip_of(members: dict[str, bytes]):
        path = tmp_path / f"m{len(list(tmp_path.iterdir()))}.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for k, v in members.items():
                zf.writestr(k, v)
        return path

    card = {"format": "aigc-studio-model/1", "id": "x", "kind": "image", "architecture": "gan", "config": {}}
    (tmp_path / "junk.zip").write_bytes(b"junk")
    texts = [
        _refusal(lambda: manage.delete_model("emoji-gan")),                                   # shipped
        _refusal(lambda: manage.rename_model("emoji-gan", "")),                               # empty name
        _refusal(lambda: manage.import_model(tmp_path / "junk.zip")),                         # not a zip
        _refusal(lambda: manage.import_model(tmp_path / "none.zip")),                         # no file
        _refusal(lambda: manage.import_model(zip_of({"x/../card.json": b"{}"}))),             # traversal
        _refusal(lambda: manage.import_model(zip_of({"x/card.json": b"{}", "x/model.bin": b"p"}))),   # pickle
        _refusal(lambda: manage.import_model(zip_of({"x/model.safetensors": b"12345678"}))),  # no card
        _refusal(lambda: manage.import_model(zip_of({"x/card.json": b"{no", "x/model.safetensors": b"1"}))),
        _refusal(lambda: manage.import_model(zip_of({"x/card.json": json.dumps({**card, "id": "../x"}).encode(),
                                                     "x/model.safetensors": b"1"}))),
        _refusal(lambda: manage.import_model(zip_of({"x/card.json": json.dumps(card).encode(),
                                                     "x/model.safetensors": b"1"}))),         # too short
    ]
    for text in texts:
        out = tr_core_text(text)
        assert out != text and _chinese(out), text
        # the reason inside "... cannot import: {why}." is translated too (no English sentence left in it)
        assert "is not" not in out and "it holds" not in out and "its " not in out, out


def test_a_model_folder_in_the_picker_speaks_chinese(zh, qapp):
    """Open model folder… in Chinese: a studio model folder is listed under its Chinese name, and a folder whose
    network the panels cannot use (the emoji classifier, an evaluation network) is refused in Chinese."""
    from pathlib import Path

    from aigc_studio.ui.panels.common import resolve_model
    from aigc_studio.ui.widgets.model_box import ModelBox
    root = Path(__file__).resolve().parents[2] / "aigc_studio" / "resources"
    box = ModelBox("")
    assert box.use_folder(str(root / "eval" / "emoji-classifier"), resolve_model, ("image",), "%1",
                          lambda name, card: name) is False
    assert _chinese(box.message.text()) and "text, image" not in box.message.text(), box.message.text()
    assert box.use_folder(str(root / "models" / "emoji-cgan"), resolve_model, ("image",), "%1",
                          lambda name, card: name) is True
    assert "按类别的表情 GAN" in box.combo.currentText()
