"""The registry: listing reads cards only; resolve and ModelCache refuse every bad folder in words."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models import registry
from aigc_studio.core.models.registry import ModelCache, list_models, resolve

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture
def shipped_dir(tmp_path, monkeypatch):
    """The only shipped-models folder the registry sees (the repository's own models are hidden)."""
    d = tmp_path / "shipped"
    d.mkdir()
    monkeypatch.setenv("AIGC_STUDIO_MODELS_DIR", str(d))
    monkeypatch.setattr(registry, "shipped_dirs", lambda: [d])
    return d


@pytest.fixture
def model_copy(tiny_char_folder, tmp_path):
    """A fresh copy of the tiny char model folder, free to break."""
    dst = tmp_path / "copy" / "tiny-copy"
    shutil.copytree(tiny_char_folder, dst)
    return dst


class Boom:
    """Unpickling this creates a file: proof that a pickle was opened."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def write_evil_pickle(path: Path, marker: Path) -> None:
    path.write_bytes(pickle.dumps({"weights": Boom(marker)}))


def test_importing_and_listing_does_not_import_torch(tiny_char_folder, tmp_path):
    shipped = tmp_path / "s"
    shutil.copytree(tiny_char_folder, shipped / "tiny-char")
    code = ("import sys; from aigc_studio.core.models import registry; "
            "ms = registry.list_models(); assert 'tiny-char' in [m.id for m in ms], ms; "
            "registry.resolve('tiny-char'); print('torch' in sys.modules)")
    env = {**os.environ, "AIGC_STUDIO_MODELS_DIR": str(shipped), "AIGC_STUDIO_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_list_models_shipped_and_user(tiny_char_folder, shipped_dir, user_models_dir, make_char_model):
    shutil.copytree(tiny_char_folder, shipped_dir / "tiny-char")
    make_char_model(user_models_dir / "mine", model_id="mine")
    shutil.copytree(tiny_char_folder, user_models_dir / "dup")          # same id as the shipped one
    (user_models_dir / "broken").mkdir()
    (user_models_dir / "broken" / "card.json").write_text("{not json", encoding="utf-8")
    (user_models_dir / "not-a-model").mkdir()
    models = list_models()
    assert [(m.id, m.source) for m in models] == [("tiny-char", "shipped"), ("mine", "user")]
    assert models[0].kind == "text" and models[0].card["tokenizer"] == "char"
    assert models[0].card["parameters"] > 0
    assert list_models("text") == models and list_models("image") == []


def test_user_models_dir_follows_studio_home(tmp_path, monkeypatch):
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(tmp_path / "h"))
    assert registry.user_models_dir() == tmp_path / "h" / "data" / "models"
    monkeypatch.delenv("AIGC_STUDIO_HOME")
    assert registry.user_models_dir().name == "models"
    assert "aigc-studio" in str(registry.user_models_dir())


def test_shipped_dir_is_inside_the_package():
    import aigc_studio
    folder = Path(aigc_studio.__file__).resolve().parent / "resources" / "models"
    assert registry.shipped_dirs()[0].resolve() == folder
    assert (folder / "tang-poems-zh" / "card.json").is_file()


def test_resolve_by_id_by_path_and_unknown(tiny_char_folder, shipped_dir, user_models_dir, make_char_model):
    shutil.copytree(tiny_char_folder, shipped_dir / "tiny-char")
    make_char_model(user_models_dir / "mine", model_id="mine")
    assert resolve("tiny-char").source == "shipped"
    assert resolve("mine").source == "user"
    info = resolve(str(tiny_char_folder))
    assert info.source == "folder" and info.id == "tiny-char" and info.path == tiny_char_folder.resolve()
    assert resolve(tiny_char_folder / "card.json").path == tiny_char_folder.resolve()
    assert resolve(str(user_models_dir / "mine")).source == "user"
    with pytest.raises(ModelError) as e:
        resolve("no-such-model")
    assert "Unknown model 'no-such-model'" in str(e.value)
    assert "tiny-char" in str(e.value) and "mine" in str(e.value)
    with pytest.raises(ModelError, match="No model"):
        resolve("  ")


def test_missing_and_foreign_folders(tmp_path, model_copy):
    with pytest.raises(ModelError, match="no model folder"):
        resolve(str(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a model folder"):
        resolve(str(tmp_path / "empty"))
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ModelError, match="is a file"):
        resolve(str(tmp_path / "file.txt"))
    (model_copy / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="no tokenizer.json"):
        resolve(str(model_copy))


def test_missing_card_and_missing_weights(model_copy):
    weights_only = model_copy.parent / "weights-only"
    weights_only.mkdir()
    shutil.copy(model_copy / "model.safetensors", weights_only)
    with pytest.raises(ModelError, match="not a model folder"):
        resolve(str(weights_only))
    (model_copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="no model.safetensors"):
        resolve(str(model_copy))


def test_corrupt_card(model_copy):
    (model_copy / "card.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        resolve(str(model_copy))
    (model_copy / "card.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ModelError, match="not an AIGC Studio model"):
        resolve(str(model_copy))


def test_card_weights_mismatch(model_copy):
    card = json.loads((model_copy / "card.json").read_text(encoding="utf-8"))
    card["config"]["n_embd"] = 48
    (model_copy / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="do not match its card") as e:
        ModelCache().get(str(model_copy), "cpu")
    assert "wrong shape" in str(e.value)
    card["config"]["n_embd"] = 32
    card["config"]["n_layer"] = 3
    (model_copy / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="missing"):
        ModelCache().get(str(model_copy), "cpu")


def test_tokenizer_too_big_for_the_model(model_copy):
    card = json.loads((model_copy / "card.json").read_text(encoding="utf-8"))
    tok = json.loads((model_copy / "tokenizer.json").read_text(encoding="utf-8"))
    tok["vocab"] = tok["vocab"] + ["α", "β", "γ"]
    (model_copy / "tokenizer.json").write_text(json.dumps(tok), encoding="utf-8")
    with pytest.raises(ModelError, match="do not belong together"):
        ModelCache().get(str(model_copy), "cpu")
    assert card["config"]["vocab_size"] < len(tok["vocab"])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_safetensors(model_copy, damage):
    path = model_copy / "model.safetensors"
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff" * 500)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(b"")
    with pytest.raises(ModelError, match="corrupt or truncated"):
        ModelCache().get(str(model_copy), "cpu")


def test_pickle_only_folders_are_refused_unopened(tmp_path, model_copy):
    marker = tmp_path / "UNPICKLED"
    # our folder whose weights are a pickle
    (model_copy / "model.safetensors").unlink()
    write_evil_pickle(model_copy / "model.pt", marker)
    # a bare folder of pickles
    bare = tmp_path / "bare"
    bare.mkdir()
    write_evil_pickle(bare / "checkpoint.ckpt", marker)
    write_evil_pickle(bare / "model.pth", marker)
    # a Hugging Face GPT-2 folder with pytorch_model.bin only
    hf = tmp_path / "hf"
    hf.mkdir()
    (hf / "config.json").write_text(json.dumps({"model_type": "gpt2", "n_embd": 32, "n_head": 2}), "utf-8")
    shutil.copy(model_copy / "tokenizer.json", hf / "tokenizer.json")
    write_evil_pickle(hf / "pytorch_model.bin", marker)
    for target in (model_copy, bare, hf, hf / "pytorch_model.bin"):
        with pytest.raises(ModelError, match="[Pp]ickle") as e:
            resolve(str(target))
        assert "refuses" in str(e.value)
        with pytest.raises(ModelError, match="[Pp]ickle"):
            ModelCache().get(str(target), "cpu")
    assert not marker.exists()


def test_model_cache_loads_once_per_device_and_reloads_changed_weights(tiny_char_folder, model_copy):
    import torch

    cache = ModelCache()
    a = cache.get(str(tiny_char_folder), "cpu")
    assert cache.get(str(tiny_char_folder), torch.device("cpu")) is a
    assert a.info.id == "tiny-char" and a.tokenizer.type == "char" and not a.model.training
    assert all(not p.requires_grad for p in a.model.parameters())
    assert len(cache) == 1 and cache.cached()[0] == (str(tiny_char_folder.resolve()), "cpu")
    b = cache.get(str(model_copy), "cpu")
    assert b is not a and len(cache) == 2
    cache.evict(str(model_copy))
    assert len(cache) == 1
    cache.clear()
    assert len(cache) == 0
    assert cache.get(str(tiny_char_folder), "cpu") is not a
    # a retrained model (new weights file) is loaded again
    c1 = cache.get(str(model_copy), "cpu")
    st = (model_copy / "model.safetensors").stat()
    os.utime(model_copy / "model.safetensors", ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    assert cache.get(str(model_copy), "cpu") is not c1


def test_model_cache_threads_share_one_load(tiny_char_folder):
    cache = ModelCache()
    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(str(tiny_char_folder), "cpu")))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(g is got[0] for g in got)


def test_loaded_model_generates_like_the_saved_one(make_char_model, tmp_path):
    import torch
    folder, model, tok = make_char_model(tmp_path / "m", seed=3)
    loaded = ModelCache().get(str(folder), "cpu")
    idx = torch.tensor([tok.encode("the lazy")])
    with torch.inference_mode():
        torch.testing.assert_close(loaded.model(idx)[0], model(idx)[0])
    assert loaded.tokenizer.vocab == tok.vocab
