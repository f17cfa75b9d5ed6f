"""Model folders: ``model.safetensors`` + ``card.json`` + ``tokenizer.json`` (text) + ``README.md``.

The card holds everything to rebuild the model (``architecture`` + ``config``), plus provenance: data source and
licence, recipe, metrics, parameter count, hardware and time. Folders are written to a temporary sibling and
renamed into place, so a crash never leaves a half-written model. Pickle checkpoints are refused, never loaded.

Torch-free at import: the registry imports this module to list and resolve models without torch, so torch (and
``safetensors.torch``, which imports it) load inside the functions that read or write weights.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from safetensors import SafetensorError

from aigc_studio.core.base.atomic import replace_folder
from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.readme import render_readme
from aigc_studio.core.models.tokenizers import load_tokenizer

FORMAT = "aigc-studio-model/1"
CARD_FILE = "card.json"
WEIGHTS_FILE = "model.safetensors"
README_FILE = "README.md"
PICKLE_SUFFIXES = {".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle"}
HF_CONFIG_FILE = "config.json"

# card["architecture"] -> (module, model class, config class with from_dict); one readable file per model
ARCHITECTURES: dict[str, tuple[str, str, str]] = {
    "gpt": ("aigc_studio.core.models.gpt", "GPT", "GPTConfig"),
    "gan": ("aigc_studio.core.models.gan", "GAN", "GANConfig"),
    "image_vae": ("aigc_studio.core.models.image_vae", "ImageVAE", "ImageVAEConfig"),
    "audio_vae": ("aigc_studio.core.models.audio_vae", "AudioVAE", "AudioVAEConfig"),
}


def refuse_pickles(folder: Path) -> None:
    """A folder that only offers pickled weights is refused with the reason; pickles are never unpickled."""
    folder = Path(folder)
    pickles = [p.name for p in folder.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES] if folder.is_dir() else []
    if pickles and not (folder / WEIGHTS_FILE).is_file():
        raise ModelError(
            f"This folder only has pickle weights ({', '.join(sorted(pickles))}). Pickle files can run code when "
            "opened, so the studio refuses them. Convert the model to safetensors first.")


def read_card(folder: Path) -> dict[str, Any]:
    """Read and check ``card.json`` without importing torch."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a folder.")
    path = folder / CARD_FILE
    if not path.is_file():
        refuse_pickles(folder)
        raise ModelError(f"{folder.name} is not an AIGC Studio model: it has no {CARD_FILE}.")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{folder.name}/{CARD_FILE} is corrupt (not valid JSON).") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{folder.name} is not an AIGC Studio model (unknown card format).")
    for key in ("id", "kind", "architecture", "config"):
        if key not in card:
            raise ModelError(f"{folder.name}/{CARD_FILE} lacks '{key}'.")
    return card


def build_model(card: dict[str, Any], init: bool = True):
    """An untrained model of the card's architecture (``init=False``: uninitialised, for loading weights into)."""
    arch = card["architecture"]
    if arch not in ARCHITECTURES:
        raise ModelError(f"Unknown model architecture '{arch}'.")
    module_name, model_name, config_name = ARCHITECTURES[arch]
    module = importlib.import_module(module_name)
    model_cls, config_cls = getattr(module, model_name), getattr(module, config_name)
    try:
        cfg = config_cls.from_dict(card["config"])
        if not init and hasattr(model_cls, "empty"):
            return model_cls.empty(cfg)
        return model_cls(cfg)
    except (TypeError, ValueError, KeyError) as e:
        raise ModelError(f"The model card's configuration is invalid ({e}).") from None


def state_dict_for_saving(model, dtype=None) -> dict:
    """CPU tensors, one copy of tied weights (safetensors refuses shared storage)."""
    seen: dict[int, str] = {}
    out = {}
    for name, t in model.state_dict().items():
        ptr = t.data_ptr()
        if ptr in seen and t.numel() > 0:
            continue   # tied (lm_head.weight == transformer.wte.weight): rebuilt by the model itself
        seen[ptr] = name
        t = t.detach().to("cpu")
        if dtype is not None and t.is_floating_point():
            t = t.to(dtype)
        out[name] = t.contiguous()
    return out


def save_model_folder(folder: Path, model, card: dict[str, Any], tokenizer=None, readme: str | None = None,
                      dtype: str | None = None) -> Path:
    """Write a complete model folder atomically (temp folder + rename). ``dtype`` "float16" halves the size."""
    import torch   # lazily: see the module's docstring
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        tdtype = getattr(torch, dtype) if dtype else None
        state = state_dict_for_saving(model, tdtype)
        save_file(state, str(tmp / WEIGHTS_FILE), metadata={"format": FORMAT})
        os.chmod(tmp / WEIGHTS_FILE, 0o644)   # safetensors writes 0600; a model is shared with the other users
        card = dict(card)
        card["format"] = FORMAT
        card["parameters"] = int(sum(p.numel() for p in model.parameters()))
        card["weights_dtype"] = dtype or str(next(iter(state.values())).dtype).replace("torch.", "")
        card["size_bytes"] = (tmp / WEIGHTS_FILE).stat().st_size
        if tokenizer is not None:
            tokenizer.save(tmp)
            card["tokenizer"] = tokenizer.type
        for name, text in ((CARD_FILE, json.dumps(card, ensure_ascii=False, indent=2)),
                           (README_FILE, readme if readme is not None else render_readme(card))):
            with open(tmp / name, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        replace_folder(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def load_state(folder: Path) -> dict:
    """The weights as CPU tensors; corrupt or missing files become a ModelError."""
    from safetensors.torch import load_file   # lazily (it imports torch): see the module's docstring

    folder = Path(folder)
    path = folder / WEIGHTS_FILE
    if not path.is_file():
        refuse_pickles(folder)
        raise ModelError(f"{folder.name} has no {WEIGHTS_FILE}.")
    try:
        return load_file(str(path))
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise ModelError(f"{folder.name}/{WEIGHTS_FILE} is corrupt or truncated ({e}).") from None


def load_weights_into(model, state: dict, folder_name: str = "model") -> None:
    """Strict load that names what does not match the card, instead of a torch traceback."""
    expected = model.state_dict()
    tied = {n for n in expected if n == "lm_head.weight"}
    missing = [k for k in expected if k not in state and k not in tied]
    unexpected = [k for k in state if k not in expected]
    wrong = [k for k in state if k in expected and tuple(state[k].shape) != tuple(expected[k].shape)]
    if missing or unexpected or wrong:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} tensors (e.g. {missing[0]})")
        if unexpected:
            parts.append(f"{len(unexpected)} unexpected tensors (e.g. {unexpected[0]})")
        if wrong:
            k = wrong[0]
            parts.append(f"{len(wrong)} tensors of the wrong shape (e.g. {k}: {tuple(state[k].shape)} "
                         f"where the card says {tuple(expected[k].shape)})")
        raise ModelError(f"The weights of {folder_name} do not match its card: " + "; ".join(parts) + ".")
    model.load_state_dict(state, strict=False)


def load_model_folder(folder: Path, device=None):
    """(model in eval mode on ``device``, tokenizer or None, card)."""
    folder = Path(folder)
    card = read_card(folder)
    model = build_model(card, init=False)   # every weight is loaded below (load_weights_into is strict)
    state = load_state(folder)
    ref = next(iter(model.state_dict().values()))
    state = {k: (v.to(ref.dtype) if v.is_floating_point() else v) for k, v in state.items()}
    load_weights_into(model, state, folder.name)
    tokenizer = None
    if card["kind"] == "text":
        tokenizer = load_tokenizer(folder)
        vs = card["config"].get("vocab_size")
        if vs is not None and tokenizer.vocab_size > vs:
            raise ModelError(f"The tokenizer of {folder.name} has {tokenizer.vocab_size} tokens but the model "
                             f"only {vs}: they do not belong together.")
    model.eval()
    if device is not None:
        model.to(device)
    return model, tokenizer, card
