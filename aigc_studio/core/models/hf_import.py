"""Open a GPT-2-family Hugging Face folder as our GPT + BPETokenizer, without transformers.

The folder needs ``config.json`` (``model_type`` "gpt2"), ``model.safetensors`` and ``tokenizer.json`` (or the
older ``vocab.json`` + ``merges.txt``). Pickled weights (``pytorch_model.bin``) are refused, never opened.

GPT-2 stores its linear layers as ``Conv1D`` (in, out): those weights are transposed into ``nn.Linear`` (out, in).
Config names map as: ``n_positions`` -> ``block_size``, ``n_embd``, ``n_layer``, ``n_head``,
``layer_norm_epsilon`` -> ``layer_norm_eps``, ``vocab_size``. Anything our GPT does not compute the same way
(another architecture, activation, attention scaling, cross-attention...) is refused with the reason.

``read_hf_card(folder)`` only reads JSON (no torch), for the registry; ``load_hf_folder(folder)`` loads.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer, decoders, models, pre_tokenizers

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.limits import LimitError, config_problems, read_json_limited
from aigc_studio.core.models.checkpoint import FORMAT, load_state, load_weights_into, refuse_pickles
from aigc_studio.core.models.tokenizers import BPETokenizer

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
CONV1D_SUFFIXES = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
SUPPORTED_ACTIVATIONS = ("gelu_new", "gelu_pytorch_tanh")   # the tanh approximation our MLP computes
IGNORED_SUFFIXES = (".attn.bias", ".attn.masked_bias")      # causal-mask buffers of old checkpoints


def is_hf_folder(folder: Path) -> bool:
    return (Path(folder) / CONFIG_FILE).is_file()


def read_hf_config(folder: Path) -> dict[str, Any]:
    """``config.json`` as a dict, checked to be a GPT-2 model this studio computes exactly."""
    folder = Path(folder)
    path = folder / CONFIG_FILE
    try:
        cfg = read_json_limited(path)       # at most 1 MB and 32 levels deep (core/models/limits.py)
    except FileNotFoundError:
        raise ModelError(f"{folder.name} has no {CONFIG_FILE}.") from None
    except LimitError as e:
        raise ModelError(f"{folder.name}/{e}.") from None
    except OSError as e:
        raise ModelError(f"{folder.name}/{CONFIG_FILE} could not be read ({e.strerror or e}).") from None
    if not isinstance(cfg, dict):
        raise ModelError(f"{folder.name}/{CONFIG_FILE} is not a model configuration.")
    mtype = cfg.get("model_type")
    if mtype != "gpt2":
        archs = ", ".join(cfg.get("architectures") or []) or str(mtype)
        raise ModelError(f"{folder.name} is a Hugging Face model of type '{mtype}' ({archs}). "
                         "Only GPT-2-family models (model_type \"gpt2\") can be opened.")
    act = cfg.get("activation_function", "gelu_new")
    if act not in SUPPORTED_ACTIVATIONS:
        raise ModelError(f"{folder.name} uses the activation '{act}'; the studio's GPT computes "
                         f"{' / '.join(SUPPORTED_ACTIVATIONS)} only.")
    unsupported = []
    if cfg.get("scale_attn_by_inverse_layer_idx"):
        unsupported.append("scale_attn_by_inverse_layer_idx")
    if cfg.get("scale_attn_weights", True) is False:
        unsupported.append("scale_attn_weights=false")
    if cfg.get("add_cross_attention"):
        unsupported.append("add_cross_attention")
    if cfg.get("tie_word_embeddings", True) is False:
        unsupported.append("untied output embeddings")
    n_embd = cfg.get("n_embd", 768)
    n_inner = cfg.get("n_inner")
    if n_inner not in (None, 4 * n_embd):
        unsupported.append(f"n_inner={n_inner}")
    if unsupported:
        raise ModelError(f"{folder.name} is a GPT-2 variant the studio does not compute: {', '.join(unsupported)}.")
    return cfg


def gpt_config_dict(hf: dict[str, Any]) -> dict[str, Any]:
    """Our ``GPTConfig`` fields from a GPT-2 ``config.json``."""
    out = {
        "vocab_size": hf.get("vocab_size", 50257),
        "block_size": hf.get("n_positions", hf.get("n_ctx", 1024)),
        "n_layer": hf.get("n_layer", 12),
        "n_head": hf.get("n_head", 12),
        "n_embd": hf.get("n_embd", 768),
        "dropout": 0.0,
        "bias": True,
        "layer_norm_eps": hf.get("layer_norm_epsilon", 1e-5),
    }
    problems = config_problems("gpt", out)    # sane sizes before anything is allocated (n_layer=10**7 would hang)
    if not isinstance(out["layer_norm_eps"], (int, float)) or isinstance(out["layer_norm_eps"], bool):
        problems.append("layer_norm_epsilon must be a number")
    if problems:
        raise ModelError("The configuration is invalid: " + "; ".join(problems[:3]) + ".")
    out["layer_norm_eps"] = float(out["layer_norm_eps"])
    if out["n_embd"] % out["n_head"]:
        raise ModelError(f"The configuration is invalid: n_embd {out['n_embd']} is not a multiple of "
                         f"n_head {out['n_head']}.")
    return out


def tokenizer_files(folder: Path) -> list[str] | None:
    """The tokenizer files the folder offers, or None."""
    folder = Path(folder)
    if (folder / TOKENIZER_FILE).is_file():
        return [TOKENIZER_FILE]
    if (folder / "vocab.json").is_file() and (folder / "merges.txt").is_file():
        return ["vocab.json", "merges.txt"]
    return None


def read_hf_card(folder: Path) -> dict[str, Any]:
    """A model card (our format) describing a GPT-2 Hugging Face folder; reads JSON only (no torch)."""
    folder = Path(folder)
    hf = read_hf_config(folder)
    if not (folder / WEIGHTS_FILE).is_file():
        refuse_pickles(folder)
        raise ModelError(f"{folder.name} has no {WEIGHTS_FILE}: the studio opens safetensors weights only.")
    if tokenizer_files(folder) is None:
        raise ModelError(f"{folder.name} has no {TOKENIZER_FILE} (nor vocab.json + merges.txt): the model "
                         "cannot be used without its tokenizer.")
    name = hf.get("_name_or_path") or folder.name
    weights = folder / WEIGHTS_FILE
    return {
        "format": FORMAT,
        "id": folder.name,
        "name": Path(str(name)).name or folder.name,
        "kind": "text",
        "architecture": "gpt",
        "config": gpt_config_dict(hf),
        "tokenizer": "bpe",
        "language": "",
        "description": "A GPT-2-family model opened from a Hugging Face folder.",
        "data": {},
        "source_format": "huggingface-gpt2",
        "size_bytes": weights.stat().st_size,
    }


def load_hf_tokenizer(folder: Path):
    folder = Path(folder)
    files = tokenizer_files(folder)
    if files is None:
        raise ModelError(f"{folder.name} has no {TOKENIZER_FILE}.")
    if files == [TOKENIZER_FILE]:
        return BPETokenizer.from_file(folder / TOKENIZER_FILE)
    try:
        tok = Tokenizer(models.BPE.from_file(str(folder / "vocab.json"), str(folder / "merges.txt")))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
    except Exception as e:   # the library raises its own Exception subclass
        raise ModelError(f"The tokenizer of {folder.name} (vocab.json + merges.txt) could not be read ({e}).") \
            from None
    return BPETokenizer(tok)


def convert_state(state: dict, n_layer: int) -> dict:
    """HF GPT-2 tensor names and layout -> ours (``transformer.`` prefix, Conv1D transposed)."""
    out = {}
    for name, t in state.items():
        if name.endswith(IGNORED_SUFFIXES) or name == "lm_head.weight":
            continue   # mask buffers; the output layer is tied to wte
        key = name if name.startswith("transformer.") else "transformer." + name
        if key.endswith(CONV1D_SUFFIXES) and t.dim() == 2:
            t = t.t()
        out[key] = t.contiguous()
    return out


def load_hf_folder(folder: Path, device=None):
    """(GPT in eval mode on ``device``, BPETokenizer, card)."""
    import torch   # lazily, as gpt (which imports torch): the registry reads cards through this module

    from aigc_studio.core.models.gpt import GPT, GPTConfig

    folder = Path(folder)
    card = read_hf_card(folder)
    cfg = GPTConfig.from_dict(card["config"])
    raw = load_state(folder)
    lm = raw.get("lm_head.weight")
    wte = raw.get("transformer.wte.weight", raw.get("wte.weight"))
    if lm is not None and wte is not None and (lm.shape != wte.shape or not torch.equal(lm, wte)):
        raise ModelError(f"{folder.name} has an output layer that differs from its token embeddings; "
                         "the studio's GPT ties them, as GPT-2 does.")
    state = {k: (v.float() if v.is_floating_point() else v) for k, v in convert_state(raw, cfg.n_layer).items()}
    model = GPT.empty(cfg)   # no random init: every weight is loaded (load_weights_into is strict)
    load_weights_into(model, state, folder.name)
    tokenizer = load_hf_tokenizer(folder)
    if tokenizer.vocab_size > cfg.vocab_size:
        raise ModelError(f"The tokenizer of {folder.name} has {tokenizer.vocab_size} tokens but the model only "
                         f"{cfg.vocab_size}: they do not belong together.")
    model.eval()
    if device is not None:
        model.to(device)
    card["parameters"] = int(model.num_params())
    return model, tokenizer, card
