"""Model folders: complete, atomic, round-trip exactly; bad folders fail in words."""
from __future__ import annotations

import json
import os

import pytest
import torch

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models import checkpoint as ck
from aigc_studio.core.models.gpt import GPT, GPTConfig
from aigc_studio.core.models.tokenizers import BPETokenizer, CharTokenizer, load_tokenizer

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture
def small():
    torch.manual_seed(0)
    tok = CharTokenizer.train("abcdefg 明月", eos="\n")
    cfg = GPTConfig(vocab_size=tok.vocab_size, block_size=16, n_layer=1, n_head=2, n_embd=16)
    return GPT(cfg).eval(), tok, cfg


def test_round_trip(tmp_path, small, make_card):
    model, tok, cfg = small
    folder = ck.save_model_folder(tmp_path / "m", model, make_card("m", cfg), tokenizer=tok)
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "card.json", "model.safetensors",
                                                        "tokenizer.json"]
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["format"] == ck.FORMAT and card["tokenizer"] == "char"
    assert card["parameters"] == model.num_params()
    assert card["size_bytes"] == (folder / "model.safetensors").stat().st_size
    assert card["weights_dtype"] == "float32"
    assert "Tiny m" in (folder / "README.md").read_text(encoding="utf-8")
    loaded, ltok, lcard = ck.load_model_folder(folder)
    assert lcard == card and not loaded.training
    assert loaded.lm_head.weight is loaded.transformer.wte.weight
    for (n, a), (_, b) in zip(model.state_dict().items(), loaded.state_dict().items()):
        assert torch.equal(a, b), n
    assert ltok.vocab == tok.vocab and ltok.eos_id == tok.eos_id
    # the state saved holds the tied weight once
    from safetensors import safe_open
    with safe_open(str(folder / "model.safetensors"), "pt") as f:
        assert "lm_head.weight" not in f.keys() and "transformer.wte.weight" in f.keys()


def test_float16_and_overwrite_leave_no_temporary_folders(tmp_path, small, make_card):
    model, tok, cfg = small
    ck.save_model_folder(tmp_path / "m", model, make_card("m", cfg), tokenizer=tok)
    ck.save_model_folder(tmp_path / "m", model, make_card("m", cfg), tokenizer=tok, dtype="float16")
    assert [p.name for p in tmp_path.iterdir()] == ["m"]
    card = ck.read_card(tmp_path / "m")
    assert card["weights_dtype"] == "float16"
    loaded, _, _ = ck.load_model_folder(tmp_path / "m")
    w = loaded.transformer.wte.weight
    assert w.dtype == torch.float32
    torch.testing.assert_close(w, model.transformer.wte.weight, atol=1e-3, rtol=1e-3)


def test_failed_save_leaves_nothing(tmp_path, small, make_card):
    model, tok, cfg = small

    class BadTok:
        type = "char"

        def save(self, folder):
            raise OSError("disk full")
    with pytest.raises(OSError):
        ck.save_model_folder(tmp_path / "m", model, make_card("m", cfg), tokenizer=BadTok())
    assert list(tmp_path.iterdir()) == []


def test_save_from_a_prepared_model(tmp_path, small, make_card):
    from aigc_studio.core.models.sampling import prepare_for_generation
    model, tok, cfg = small
    prepare_for_generation(model)                       # column-major output layer
    ck.save_model_folder(tmp_path / "m", model, make_card("m", cfg), tokenizer=tok)
    loaded, _, _ = ck.load_model_folder(tmp_path / "m")
    assert torch.equal(loaded.transformer.wte.weight, model.transformer.wte.weight)


def test_read_card_errors(tmp_path):
    with pytest.raises(ModelError, match="not a folder"):
        ck.read_card(tmp_path / "missing")
    (tmp_path / "a").mkdir()
    with pytest.raises(ModelError, match="no card.json"):
        ck.read_card(tmp_path / "a")
    (tmp_path / "a" / "card.json").write_text(json.dumps({"format": ck.FORMAT, "id": "x"}), "utf-8")
    with pytest.raises(ModelError, match="lacks 'kind'"):
        ck.read_card(tmp_path / "a")


def test_build_model_errors():
    with pytest.raises(ModelError, match="Unknown model architecture"):
        ck.build_model({"architecture": "unet", "config": {}})
    with pytest.raises(ModelError, match="configuration is invalid"):
        ck.build_model({"architecture": "gpt", "config": {"vocab_size": 10, "n_embd": 10, "n_head": 3}})


def test_refuse_pickles_names_the_files(tmp_path):
    (tmp_path / "pytorch_model.bin").write_bytes(b"not opened")
    with pytest.raises(ModelError, match="pytorch_model.bin"):
        ck.refuse_pickles(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"")
    ck.refuse_pickles(tmp_path)                          # safetensors present: the pickle is simply ignored


def test_load_weights_into_names_the_mismatch(small):
    model, _, _ = small
    state = {k: v.clone() for k, v in ck.state_dict_for_saving(model).items()}
    state["transformer.h.0.mlp.c_fc.weight"] = torch.zeros(3, 3)
    state["extra.weight"] = torch.zeros(1)
    del state["transformer.ln_f.weight"]
    with pytest.raises(ModelError) as e:
        ck.load_weights_into(model, state, "m")
    msg = str(e.value)
    assert "missing 1" in msg and "1 unexpected" in msg and "wrong shape" in msg and "c_fc" in msg


def test_tokenizers_round_trip(tmp_path, tiny_bpe):
    tiny_bpe.save(tmp_path)
    again = load_tokenizer(tmp_path)
    assert isinstance(again, BPETokenizer)
    for text in ("hello world", "床前明月光", "emoji 😀🎉"):
        assert again.encode(text) == tiny_bpe.encode(text)
        assert again.decode(again.encode(text)) == text
    assert again.eos_id == tiny_bpe.eos_id is not None
    (tmp_path / "tokenizer.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        load_tokenizer(tmp_path)
    (tmp_path / "tokenizer.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ModelError, match="not a tokenizer"):
        load_tokenizer(tmp_path)
    os.remove(tmp_path / "tokenizer.json")
    with pytest.raises(ModelError, match="no tokenizer.json"):
        load_tokenizer(tmp_path)


def test_char_tokenizer_unknown_characters():
    tok = CharTokenizer.train("ab")
    assert tok.decode(tok.encode("abz")) == "ab" + tok.unk
