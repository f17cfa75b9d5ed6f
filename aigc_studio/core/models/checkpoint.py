"""Model folders: ``model.safetensors`` + ``card.json`` + ``tokenizer.json`` (text) + ``README.md``.

The card holds everything to rebuild the model (``architecture`` + ``config``), plus provenance: data source and
licence, recipe, metrics, parameter count, hardware and time. Folders are written to a temporary sibling and
renamed into place, so a crash never leaves a half-written model. Pickle checkpoints are refused, never loaded.

Torch-free at import: the registry imports this module to list and resolve models without torch, so torch (and
``safetensors.torch``, which imports it) load inside the functions that read or write weights.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

from safetensors import SafetensorError

from aigc_studio.core.base.atomic import replace_folder
from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.limits import (LimitError, check_card, config_problems, estimated_parameters,
                                            read_json_limited, safetensors_shapes)
from aigc_studio.core.models.readme import render_readme
from aigc_studio.core.models.tokenizers import TOKENIZER_FILE, load_tokenizer

FORMAT = "aigc-studio-model/1"
CARD_FILE = "card.json"
WEIGHTS_FILE = "model.safetensors"
README_FILE = "README.md"
PICKLE_SUFFIXES = {".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle"}
HF_CONFIG_FILE = "config.json"

# card["architecture"] -> (module, model class, config class with from_dict); one readable file per model
ARCHITECTURES: dict[str, tuple[str, str, str]] = {
    "gpt": ("aigc_studio.core.models.gpt", "GPT", "GPTConfig"),
    "lstm": ("aigc_studio.core.models.lstm", "LSTMLM", "LSTMConfig"),
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
        card = read_json_limited(path)
    except LimitError as e:
        raise ModelError(f"{folder.name}/{e}.") from None
    except OSError as e:
        raise ModelError(f"{folder.name}/{CARD_FILE} could not be read ({e.strerror or e}).") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{folder.name} is not an AIGC Studio model (unknown card format).")
    try:
        return check_card(card, ARCHITECTURES)
    except LimitError as e:
        raise ModelError(f"The model in {folder.name} cannot be used: {e}.") from None


def build_model(card: dict[str, Any], init: bool = True):
    """An untrained model of the card's architecture (``init=False``: uninitialised, for loading weights into)."""
    arch = card["architecture"]
    if arch not in ARCHITECTURES:
        raise ModelError(f"Unknown model architecture '{arch}'.")
    if not isinstance(card.get("config"), dict):
        raise ModelError("The model card's configuration is not a set of named values.")
    problems = config_problems(arch, card["config"])
    if problems:   # checked before anything is allocated: n_layer=10**7 would hang, n_embd=10**6 exhaust memory
        raise ModelError("The model card's configuration is invalid: " + "; ".join(problems[:3]) + ".")
    module_name, model_name, config_name = ARCHITECTURES[arch]
    module = importlib.import_module(module_name)
    model_cls, config_cls = getattr(module, model_name), getattr(module, config_name)
    try:
        cfg = config_cls.from_dict(card["config"])
        if init == "meta":
            import torch
            with torch.device("meta"):
                return model_cls(cfg)
        if not init and hasattr(model_cls, "empty"):
            return model_cls.empty(cfg)
        return model_cls(cfg)
    except (TypeError, ValueError, KeyError, ZeroDivisionError, OverflowError, AttributeError) as e:
        raise ModelError(f"The model card's configuration is invalid ({e}).") from None


def _shape_problems(expected: dict[str, tuple], found: dict[str, tuple], tied: set[str]) -> list[str]:
    """What differs between the tensors a model expects and those a weights file holds (names and shapes)."""
    missing = [k for k in expected if k not in found and k not in tied]
    unexpected = [k for k in found if k not in expected]
    wrong = [k for k in found if k in expected and tuple(found[k]) != tuple(expected[k])]
    parts = []
    if missing:
        parts.append(f"missing {len(missing)} tensors (e.g. {missing[0]})")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected tensors (e.g. {unexpected[0]})")
    if wrong:
        k = wrong[0]
        parts.append(f"{len(wrong)} tensors of the wrong shape (e.g. {k}: {tuple(found[k])} "
                     f"where the card says {tuple(expected[k])})")
    return parts


def check_weights_shapes(folder: Path, card: dict[str, Any]) -> None:
    """Compare the card's model with the weights file's header before anything is allocated (the header gives
    names and shapes without reading a tensor). Where the architecture has a parameter estimate
    (``limits.PARAM_ESTIMATES``), a card describing a model far larger than its weights is refused here and the
    exact comparison is left to ``load_weights_into`` after the (then bounded) build; otherwise the model is built on
    the meta device (no memory, about a second the first time in a process) and compared tensor by tensor."""
    folder = Path(folder)
    try:
        found = safetensors_shapes(folder / WEIGHTS_FILE)
    except LimitError as e:
        raise ModelError(f"{folder.name}/{e}.") from None
    except OSError as e:
        raise ModelError(f"{folder.name}/{WEIGHTS_FILE} could not be read ({e.strerror or e}).") from None
    estimate = estimated_parameters(card.get("architecture"), card.get("config") or {})
    if estimate is not None:
        held = sum(math.prod(shape) for shape in found.values())
        if estimate > 8 * held + 2_000_000:
            raise ModelError(f"The weights of {folder.name} do not match its card: the card describes a model of "
                             f"about {estimate:,} parameters, the weights hold {held:,}.")
        return
    try:
        meta = build_model(card, init="meta")
    except ModelError:
        raise
    except Exception:   # noqa: BLE001 — a model that cannot be built on the meta device is checked when loaded
        return
    expected = {k: tuple(v.shape) for k, v in meta.state_dict().items()}
    parts = _shape_problems(expected, found, {n for n in expected if n == "lm_head.weight"})
    if parts:
        raise ModelError(f"The weights of {folder.name} do not match its card: " + "; ".join(parts) + ".")


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
        _install(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


# the files save_model_folder writes: the only ones it ever replaces or removes in an existing folder
MODEL_FILES = (CARD_FILE, WEIGHTS_FILE, TOKENIZER_FILE, README_FILE)


def _install(tmp: Path, folder: Path) -> None:
    """Put the finished folder ``tmp`` in place of ``folder``. A folder holding only the studio's files is swapped
    whole (a crash leaves the old model or the new one). A folder that also holds the user's own files or folders
    (notes, training data) keeps them: only the studio's files are replaced, one rename each, the card out first
    and in last (so the folder is never a model whose card and weights disagree). Files named like the studio's
    in a folder that is not a model folder, or folders named like them, are the user's: the save is refused and
    names them."""
    if not os.path.lexists(folder):
        replace_folder(tmp, folder)
        return
    if not folder.is_dir():
        raise ModelError(f"{folder} is a file, not a model folder: choose another place for the model.")
    entries = {p.name: p for p in folder.iterdir()}
    ours = (folder / CARD_FILE).is_file()
    in_the_way = sorted(n for n in MODEL_FILES if n in entries and (not ours or entries[n].is_dir()))
    if in_the_way:
        raise ModelError(f"The model cannot be saved in {folder}: {', '.join(in_the_way)} there "
                         f"{'is' if len(in_the_way) == 1 else 'are'} not the studio's. Move "
                         f"{'it' if len(in_the_way) == 1 else 'them'} away or choose another folder.")
    if all(n in MODEL_FILES for n in entries):
        replace_folder(tmp, folder)
        return
    trash = folder.parent / f".{folder.name}.old-{os.getpid()}"
    shutil.rmtree(trash, ignore_errors=True)
    trash.mkdir()
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for name in MODEL_FILES:                                 # CARD_FILE first
            if name in entries:
                os.replace(folder / name, trash / name)
                moved_out.append(name)
        for name in reversed(MODEL_FILES):                       # CARD_FILE last
            if (tmp / name).exists():
                os.replace(tmp / name, folder / name)
                moved_in.append(name)
    except BaseException:
        for name in moved_in:                                    # put the old model back as it was
            with contextlib.suppress(OSError):
                os.replace(folder / name, tmp / name)
        for name in moved_out:
            with contextlib.suppress(OSError):
                os.replace(trash / name, folder / name)
        shutil.rmtree(trash, ignore_errors=True)
        raise
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(tmp, ignore_errors=True)


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
    parts = _shape_problems({k: tuple(v.shape) for k, v in expected.items()},
                            {k: tuple(v.shape) for k, v in state.items()}, tied)
    if parts:
        raise ModelError(f"The weights of {folder_name} do not match its card: " + "; ".join(parts) + ".")
    model.load_state_dict(state, strict=False)


def load_model_folder(folder: Path, device=None):
    """(model in eval mode on ``device``, tokenizer or None, card)."""
    folder = Path(folder)
    card = read_card(folder)                # sizes within the limits of its architecture (core/models/limits.py)
    if not (folder / WEIGHTS_FILE).is_file():
        refuse_pickles(folder)
        raise ModelError(f"{folder.name} has no {WEIGHTS_FILE}.")
    check_weights_shapes(folder, card)      # the weights' header against the card, before allocating anything
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
