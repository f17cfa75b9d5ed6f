"""Find models and load them once per device.

- ``list_models(kind=None)``: the shipped models (``aigc_studio/resources/models``, plus the folders named in
  ``AIGC_STUDIO_MODELS_DIR``, separated by ``os.pathsep``) and the user's (``core.base.settings.user_models_dir()``:
  the platformdirs data folder, or ``$AIGC_STUDIO_HOME/data/models``). Reads ``card.json`` only: importing this
  module or listing models never imports torch.
- ``resolve(id_or_path) -> ModelInfo``: a shipped id, a user id, one of our model folders, or a GPT-2 Hugging
  Face folder; anything else is a ``ModelError`` that says why (unknown id with the ids available, a folder that
  is not a model, missing files, pickle-only weights: refused, never unpickled).
- ``ModelCache.get(id_or_path, device) -> LoadedModel(model, tokenizer, info)``: loads lazily, keeps one copy per
  (folder, device), reloads when the weights file changed; ``clear()`` drops everything.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.tokenizers import TOKENIZER_FILE
from aigc_studio.core.base.resources import resource_path
from aigc_studio.core.base.settings import user_models_dir
from aigc_studio.core.models.checkpoint import (CARD_FILE, HF_CONFIG_FILE, PICKLE_SUFFIXES, WEIGHTS_FILE,
                                                load_model_folder, read_card, refuse_pickles)
from aigc_studio.core.models.hf_import import load_hf_folder, read_hf_card
from aigc_studio.core.models.limits import safe_text

MODELS_DIR_ENV = "AIGC_STUDIO_MODELS_DIR"
SOURCES = ("shipped", "user", "folder")


@dataclass(frozen=True)
class ModelInfo:
    id: str
    name: str
    kind: str
    path: Path
    card: dict[str, Any] = field(compare=False, repr=False)
    source: str = "folder"       # "shipped" | "user" | "folder"

    @property
    def is_hf(self) -> bool:
        return self.card.get("source_format") == "huggingface-gpt2"


@dataclass
class LoadedModel:
    model: Any          # core.models.gpt.GPT, eval mode, on the device
    tokenizer: Any      # CharTokenizer | BPETokenizer
    info: ModelInfo


# ---------------------------------------------------------------------------------------------------- folders

def shipped_dirs() -> list[Path]:
    dirs = [resource_path("models")]
    extra = os.environ.get(MODELS_DIR_ENV, "")
    dirs += [Path(p).expanduser() for p in extra.split(os.pathsep) if p.strip()]
    out: list[Path] = []
    for d in dirs:
        if d not in out:
            out.append(d)
    return out


def _model_dirs() -> list[tuple[Path, str]]:
    return [(d, "shipped") for d in shipped_dirs()] + [(user_models_dir(), "user")]


def _info(folder: Path, card: dict[str, Any], source: str) -> ModelInfo:
    """The card's strings are already safe to print (``read_card``); the name is one line."""
    return ModelInfo(id=str(card["id"]), name=safe_text(card.get("name") or card["id"], 200, keep_newlines=False),
                     kind=str(card["kind"]), path=folder, card=card, source=source)


@dataclass(frozen=True)
class SkippedModel:
    """A folder in the model folders whose card could not be used: listed by ``skipped_models()`` so that the
    command line and the window can say which one and why, while every other model still works."""
    path: Path
    reason: str     # a sentence in the user's words (a ModelError's message)


_skipped: list[SkippedModel] = []


def _scan() -> list[ModelInfo]:
    """Every readable model in the known folders; the first of a repeated id wins (shipped before user). A folder
    whose card cannot be used (corrupt, too large or deeply nested, absurd sizes, an id that is a path) is skipped
    and noted in ``skipped_models()``: one broken model never breaks the others."""
    found: list[ModelInfo] = []
    ids: set[str] = set()
    skipped: list[SkippedModel] = []
    for base, source in _model_dirs():
        try:
            if not base.is_dir():
                continue
            children = sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            continue
        for folder in children:
            try:
                if not (folder / CARD_FILE).is_file():
                    continue
                card = read_card(folder)
            except ModelError as e:
                skipped.append(SkippedModel(folder, str(e)))
                continue
            except OSError as e:
                skipped.append(SkippedModel(folder, f"{folder.name}/{CARD_FILE} could not be read "
                                                    f"({e.strerror or e})."))
                continue
            info = _info(folder, card, source)
            if info.id in ids:
                first = next(f for f in found if f.id == info.id)
                skipped.append(SkippedModel(folder, f"its id {info.id} is already used by "
                                                    f"{'a shipped model' if first.source == 'shipped' else first.path}"
                                                    "; change the id in its card.json to use it."))
                continue
            ids.add(info.id)
            found.append(info)
    _skipped[:] = skipped
    return found


def list_models(kind: str | None = None) -> list[ModelInfo]:
    """Shipped then user models (cards only; no torch), optionally of one kind."""
    return [m for m in _scan() if kind is None or m.kind == kind]


def skipped_models() -> list[SkippedModel]:
    """The model folders the last listing (``list_models``, ``resolve``) skipped, each with the reason."""
    return list(_skipped)


# ---------------------------------------------------------------------------------------------------- resolve

def _written_as_path(s: str) -> bool:
    """``s`` can only be a path: it has a folder separator or starts with ~ or . (no model id does)."""
    return os.sep in s or "/" in s or (os.altsep is not None and os.altsep in s) or s.startswith(("~", "."))


def _looks_like_path(s: str) -> bool:
    return _written_as_path(s) or Path(s).expanduser().exists()


def _check_files(folder: Path, card: dict[str, Any]) -> None:
    """The files our model folder needs are there (cheap checks; contents are checked when loading)."""
    if not (folder / WEIGHTS_FILE).is_file():
        refuse_pickles(folder)
        raise ModelError(f"The model {folder.name} is incomplete: it has no {WEIGHTS_FILE}.")
    if card.get("kind") == "text" and not (folder / TOKENIZER_FILE).is_file():
        raise ModelError(f"The model {folder.name} is incomplete: it has no {TOKENIZER_FILE}.")


def resolve_folder(folder: Path, source: str = "folder") -> ModelInfo:
    """Our model folder or a GPT-2 Hugging Face folder -> ModelInfo; a ModelError in words otherwise."""
    folder = Path(folder).expanduser()
    if folder.is_file():
        if folder.suffix.lower() in PICKLE_SUFFIXES:
            raise ModelError(f"{folder.name} is a pickle file. Pickle files can run code when opened, so the studio "
                             "refuses them. Convert the model to safetensors first.")
        if folder.name in (CARD_FILE, WEIGHTS_FILE, HF_CONFIG_FILE, TOKENIZER_FILE):
            folder = folder.parent
        else:
            raise ModelError(f"{folder.name} is a file; choose the model's folder instead.")
    if not folder.exists():
        raise ModelError(f"There is no model folder at {folder}.")
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a folder.")
    folder = folder.resolve()
    if (folder / CARD_FILE).is_file():
        card = read_card(folder)
        _check_files(folder, card)
        return _info(folder, card, source)
    if (folder / HF_CONFIG_FILE).is_file():
        return _info(folder, read_hf_card(folder), source)
    refuse_pickles(folder)
    raise ModelError(f"{folder.name} is not a model folder: it has neither an AIGC Studio {CARD_FILE} nor the "
                     f"{HF_CONFIG_FILE} of a Hugging Face GPT-2 model.")


def resolve(id_or_path: str | os.PathLike) -> ModelInfo:
    """A shipped id, a user id, our model folder or a GPT-2 Hugging Face folder -> ModelInfo."""
    if isinstance(id_or_path, os.PathLike):
        return resolve_folder(Path(id_or_path))
    if not isinstance(id_or_path, str) or not id_or_path.strip():
        raise ModelError("No model was chosen.")
    key = id_or_path.strip()
    if _written_as_path(key):      # paths win over ids: a card can never take over a folder asked for by path
        return _resolve_path(key)
    models = _scan()
    for m in models:
        if m.id == key:
            _check_files(m.path, m.card)
            return m
    if _looks_like_path(key):
        return _resolve_path(key)
    available = ", ".join(m.id for m in models) or "none installed"
    raise ModelError(f"Unknown model '{key}'. Available models: {available}. "
                     "You can also give the path of a model folder.")


def _resolve_path(key: str) -> ModelInfo:
    info = resolve_folder(Path(key).expanduser())
    for base, source in _model_dirs():   # a folder inside the known places keeps its source
        try:
            if info.path.parent == base.resolve():
                return ModelInfo(info.id, info.name, info.kind, info.path, info.card, source)
        except OSError:
            continue
    return info


# ---------------------------------------------------------------------------------------------------- loading

def _weights_stamp(folder: Path) -> tuple[int, int]:
    try:
        st = (folder / WEIGHTS_FILE).stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return 0, 0


def load(info: ModelInfo, device=None) -> LoadedModel:
    """Load a resolved model onto ``device`` (no caching)."""
    import torch   # lazily, as sampling (which imports torch): listing and resolving models must not load it

    from aigc_studio.core.models.sampling import prepare_for_generation

    dev = torch.device(device) if device is not None else torch.device("cpu")
    if info.is_hf:
        model, tokenizer, card = load_hf_folder(info.path, dev)
        info = ModelInfo(info.id, info.name, info.kind, info.path, card, info.source)
    else:
        model, tokenizer, _ = load_model_folder(info.path, dev)
    if info.kind == "text" and tokenizer is None:
        raise ModelError(f"The model {info.id} has no tokenizer.")
    model.requires_grad_(False)
    if info.kind == "text":
        prepare_for_generation(model)     # a memory layout for one-token steps; images and sounds decode in bulk
    return LoadedModel(model=model, tokenizer=tokenizer, info=info)


class ModelCache:
    """Loaded models, one per (folder, device). Loading holds a lock, so two threads never load the same model
    twice; the engine thread is normally the only user."""

    def __init__(self):
        self._lock = threading.RLock()
        self._items: dict[tuple[str, str], tuple[tuple[int, int], LoadedModel]] = {}

    @staticmethod
    def _device_key(device) -> str:
        if device is None:
            return "cpu"
        import torch
        d = torch.device(device)
        if d.type == "cuda" and d.index is None:
            d = torch.device("cuda", torch.cuda.current_device())
        return str(d)

    def get(self, id_or_path, device=None) -> LoadedModel:
        info = resolve(id_or_path)
        key = (str(info.path), self._device_key(device))
        stamp = _weights_stamp(info.path)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            loaded = load(info, key[1])
            self._items[key] = (stamp, loaded)
            return loaded

    def cached(self) -> list[tuple[str, str]]:
        """(folder, device) of every loaded model."""
        with self._lock:
            return list(self._items)

    def evict(self, id_or_path=None, device=None) -> None:
        """Drop one model (all its devices when ``device`` is None), or everything when no model is named."""
        with self._lock:
            if id_or_path is None:
                self._items.clear()
                return
            path = str(resolve(id_or_path).path)
            dev = None if device is None else self._device_key(device)
            for k in [k for k in self._items if k[0] == path and (dev is None or k[1] == dev)]:
                del self._items[k]

    def evict_folder(self, folder) -> int:
        """Drop every loaded copy of the model folder ``folder`` without resolving it (it may be gone: renamed,
        deleted); returns how many were dropped. core/models/manage.py's changes call this through their job."""
        keys = {str(folder)}
        try:
            keys.add(str(Path(folder).resolve()))
        except OSError:
            pass
        with self._lock:
            gone = [k for k in self._items if k[0] in keys]
            for k in gone:
                del self._items[k]
            return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def model_summary(info: ModelInfo) -> dict[str, Any]:
    """Plain facts for lists and `models --json`."""
    c = info.card
    return {"id": info.id, "name": info.name, "kind": info.kind, "source": info.source, "path": str(info.path),
            "parameters": c.get("parameters"), "size_bytes": c.get("size_bytes"), "language": c.get("language"),
            "tokenizer": c.get("tokenizer")}


__all__ = ["ModelInfo", "LoadedModel", "ModelCache", "SkippedModel", "list_models", "skipped_models", "resolve",
           "resolve_folder", "load", "shipped_dirs", "user_models_dir", "model_summary"]
