"""A GPT-2 Hugging Face folder opens as our GPT: same logits and same greedy text as transformers."""
from __future__ import annotations

import json
import shutil

import pytest
import torch

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.registry import ModelCache, resolve
from aigc_studio.core.models.sampling import generate_stream

transformers = pytest.importorskip("transformers")

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def hf_folder(tmp_path_factory):
    from aigc_studio.core.models.tokenizers import BPETokenizer

    texts = ["hello world, the studio writes text. " * 3, "床前明月光，疑是地上霜。", "emoji 😀🎉🚀"] * 5
    tok = BPETokenizer.train(texts, vocab_size=300)
    eos = tok.eos_id
    cfg = transformers.GPT2Config(vocab_size=tok.vocab_size, n_positions=64, n_embd=32, n_layer=2, n_head=2,
                                  bos_token_id=eos, eos_token_id=eos, layer_norm_epsilon=1e-5)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(cfg).eval()
    with torch.no_grad():     # larger than the default init, so the logits and greedy path are not trivial
        for p in model.parameters():
            if p.dim() == 2:
                p.normal_(0, 0.2)
    folder = tmp_path_factory.mktemp("hf") / "tiny-gpt2"
    model.save_pretrained(folder, safe_serialization=True)
    tok.save(folder)
    return folder, model, tok


def test_resolve_reads_json_only(hf_folder):
    folder, hf, tok = hf_folder
    info = resolve(str(folder))
    assert info.is_hf and info.source == "folder" and info.kind == "text" and info.id == "tiny-gpt2"
    assert info.card["config"] == {"vocab_size": tok.vocab_size, "block_size": 64, "n_layer": 2, "n_head": 2,
                                   "n_embd": 32, "dropout": 0.0, "bias": True, "layer_norm_eps": 1e-5}


def test_logits_match_transformers(hf_folder):
    folder, hf, tok = hf_folder
    loaded = ModelCache().get(str(folder), "cpu")
    assert loaded.tokenizer.eos_id == tok.eos_id
    ids = torch.tensor([tok.encode("hello 床前明月光 😀 world")])
    assert ids.shape[1] > 5
    with torch.inference_mode():
        ours, _ = loaded.model(ids)
        theirs = hf(ids).logits
    torch.testing.assert_close(ours, theirs, atol=1e-4, rtol=1e-4)


def test_greedy_text_matches_transformers_generate(hf_folder):
    folder, hf, tok = hf_folder
    loaded = ModelCache().get(str(folder), "cpu")
    for prompt in ("hello", "床前", "the studio"):
        ids = tok.encode(prompt)
        x = torch.tensor([ids])
        with torch.inference_mode():
            out = hf.generate(x, attention_mask=torch.ones_like(x), do_sample=False, max_new_tokens=20,
                              pad_token_id=tok.eos_id)
        new = out[0, len(ids):].tolist()
        if tok.eos_id in new:
            new = new[:new.index(tok.eos_id)]
        parts = list(generate_stream(loaded.model, loaded.tokenizer, ids, max_new_tokens=20, temperature=0.0,
                                     repetition_penalty=1.0))
        assert "".join(parts) == tok.decode(new), prompt


def test_refuses_other_architectures_and_activations(hf_folder, tmp_path):
    folder = tmp_path / "other"
    shutil.copytree(hf_folder[0], folder)
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    for change, message in (({"model_type": "llama", "architectures": ["LlamaForCausalLM"]}, "type 'llama'"),
                            ({"activation_function": "relu"}, "activation 'relu'"),
                            ({"scale_attn_by_inverse_layer_idx": True}, "does not compute"),
                            ({"n_inner": 100}, "n_inner")):
        (folder / "config.json").write_text(json.dumps({**cfg, **change}), encoding="utf-8")
        with pytest.raises(ModelError, match=message):
            resolve(str(folder))
    (folder / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        resolve(str(folder))


def test_missing_tokenizer_or_weights(hf_folder, tmp_path):
    folder = tmp_path / "partial"
    shutil.copytree(hf_folder[0], folder)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="tokenizer"):
        resolve(str(folder))
    shutil.copy(hf_folder[0] / "tokenizer.json", folder)
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="no model.safetensors"):
        resolve(str(folder))


def test_weights_that_do_not_fit_the_config(hf_folder, tmp_path):
    folder = tmp_path / "mismatch"
    shutil.copytree(hf_folder[0], folder)
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    (folder / "config.json").write_text(json.dumps({**cfg, "n_layer": 3}), encoding="utf-8")
    with pytest.raises(ModelError, match="do not match"):
        ModelCache().get(str(folder), "cpu")


def test_vocab_and_merges_tokenizer(hf_folder, tmp_path):
    """Older GPT-2 folders ship vocab.json + merges.txt instead of tokenizer.json."""
    folder = tmp_path / "old-style"
    shutil.copytree(hf_folder[0], folder)
    tok = hf_folder[2]
    tok.tok.model.save(str(folder))                     # writes vocab.json and merges.txt
    (folder / "tokenizer.json").unlink()
    loaded = ModelCache().get(str(folder), "cpu")
    assert loaded.tokenizer.encode("hello world") == tok.encode("hello world")
