"""The user's own models: rename, export to one ``.zip``, import from such a zip, delete. Qt-free.

A user model is a model folder (``card.json`` + ``model.safetensors`` + ``README.md`` + ``tokenizer.json`` for
text, see :mod:`aigc_studio.core.models.checkpoint`) directly inside
:func:`aigc_studio.core.base.settings.user_models_dir`; the folder's name is the model's id. The shipped models
(and those of ``AIGC_STUDIO_MODELS_DIR``) can be exported, never renamed or deleted.

- :func:`rename_model` changes the **display name** only (``card["name"]``; a ``name_zh`` of the old name is
  dropped so the Chinese interface shows the new one too; a README the studio rendered is rendered again). The
  **id stays**: generated assets, saved settings and run folders name the model by its id, and "repeat this"
  must keep finding it.
- :func:`export_model` writes ``<id>/card.json``, ``<id>/model.safetensors``, ``<id>/README.md`` and, for text,
  ``<id>/tokenizer.json`` into one zip: a temporary file next to the target, fsynced, then renamed into place (an
  existing file is replaced only with ``overwrite=True``).
- :func:`import_model` checks the zip **before** anything is extracted (:func:`inspect_zip`): only those four file
  names, flat or in one top folder; no absolute paths, ``..``, backslashes, links, encrypted or duplicate entries;
  pickle files refused by name; each file within its size limit and a sane compression ratio (zip bombs);
  the card a valid AIGC Studio card of a known architecture with a usable id; the safetensors header parsed and
  its tensors inside the file. It then extracts into a hidden temporary folder in the user models folder
  (bytes counted as they are written, the zip's CRC checked), loads the model once to prove it works
  (``verify``), and renames the folder into place. An id that is already taken gets the first free
  ``<id>-2``, ``<id>-3``... (the card's id and name say so) or, with ``on_conflict="refuse"``, a clear refusal.
- :func:`delete_model` deletes only user models, and only the files the studio writes in a model folder; other
  files someone put there are kept (and named in the result). The folder is first renamed to a hidden name, so
  the model leaves every list at once and a crash never leaves half a model visible.

Every change calls the listeners of :func:`add_models_changed_listener` with a :class:`ModelsChange` (on the
thread that made the change: the engine thread for jobs; a Qt listener emits a queued signal). The registry
itself caches nothing (``list_models`` reads the cards each time), so a model picker that reloads sees the new
list; loaded models are cached per folder by :class:`~aigc_studio.core.models.registry.ModelCache`, which the job
runner (``core/jobs/models.py``) clears for the folders that changed.

The long operations (export, import) are generators (:func:`export_steps`, :func:`import_steps`) that yield
:class:`~aigc_studio.core.base.events.Progress` in bytes and look at a ``cancelled()`` callable between chunks;
the plain functions run them to the end.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import shutil
import stat
import struct
import threading
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from aigc_studio.core.base.atomic import TEMP_PREFIX, TEMP_SUFFIX, atomic_write_json, atomic_write_text
from aigc_studio.core.base.errors import ModelError, UserError
from aigc_studio.core.base.events import Progress
from aigc_studio.core.base.settings import user_models_dir
from aigc_studio.core.models.checkpoint import (ARCHITECTURES, CARD_FILE, FORMAT, PICKLE_SUFFIXES, README_FILE,
                                                WEIGHTS_FILE, read_card)
from aigc_studio.core.models.limits import JSON_MAX_DEPTH, json_depth
from aigc_studio.core.models.readme import render_readme
from aigc_studio.core.models.registry import ModelInfo, list_models, resolve, resolve_folder
from aigc_studio.core.models.tokenizers import TOKENIZER_FILE

log = logging.getLogger(__name__)

MODEL_FILES = (CARD_FILE, WEIGHTS_FILE, README_FILE, TOKENIZER_FILE)   # what the studio writes in a model folder
KINDS = ("text", "image", "audio")
NAME_MAX = 80
ID_RX = re.compile(r"[^\W_][\w.-]{0,99}\Z", re.UNICODE)     # a folder name on every platform; no leading dot
CHUNK = 1 << 20
CONFLICTS = ("rename", "refuse")


@dataclasses.dataclass(frozen=True)
class ImportLimits:
    """What an imported zip may hold. The defaults fit the largest models the studio trains or imports (a GPT-2
    medium in float32 is 1.4 GB) with room to spare."""
    weights_bytes: int = 8 << 30
    card_bytes: int = 1 << 20
    readme_bytes: int = 1 << 20
    tokenizer_bytes: int = 64 << 20
    entries: int = 16                  # entries in the zip (folders included)
    ratio: float = 200.0               # uncompressed / compressed, for entries over 1 MiB
    safetensors_header_bytes: int = 64 << 20

    def of(self, name: str) -> int:
        return {WEIGHTS_FILE: self.weights_bytes, CARD_FILE: self.card_bytes, README_FILE: self.readme_bytes,
                TOKENIZER_FILE: self.tokenizer_bytes}[name]


@dataclasses.dataclass(frozen=True)
class ModelsChange:
    """What changed in the user models folder: ``op`` "renamed" | "imported" | "deleted"; ``id`` the model's id
    (the new one for an import), ``path`` its folder, ``name`` its display name."""
    op: str
    id: str
    path: str
    name: str = ""


@dataclasses.dataclass(frozen=True)
class ZipCheck:
    """A zip that passed :func:`inspect_zip`: its card, its members by file name, their total size."""
    path: Path
    card: dict[str, Any]
    members: dict[str, zipfile.ZipInfo]
    total_bytes: int


@dataclasses.dataclass(frozen=True)
class Deleted:
    """What :func:`delete_model` did: the files it removed, and the files it found and kept (not the studio's)."""
    id: str
    path: Path
    removed: tuple[str, ...]
    kept: tuple[str, ...]


# ------------------------------------------------------------------------------------------- the change hook

_listeners: list[Callable[[ModelsChange], None]] = []
_listeners_lock = threading.Lock()


def add_models_changed_listener(fn: Callable[[ModelsChange], None]) -> None:
    """Call ``fn(change)`` after every change this module makes (on the thread that made it)."""
    with _listeners_lock:
        if fn not in _listeners:
            _listeners.append(fn)


def remove_models_changed_listener(fn: Callable[[ModelsChange], None]) -> None:
    with _listeners_lock:
        if fn in _listeners:
            _listeners.remove(fn)


def notify_models_changed(change: ModelsChange | None = None) -> None:
    """Tell every listener (a listener that fails is logged, never stops the others or the change). Without a
    ``change`` (``op`` "changed"): for code that changed the models folder otherwise, e.g. a finished training."""
    if change is None:
        change = ModelsChange("changed", "", "")
    with _listeners_lock:
        listeners = list(_listeners)
    for fn in listeners:
        try:
            fn(change)
        except Exception:  # noqa: BLE001 — a view's bug must not undo a finished change
            log.exception("a models-changed listener failed")


# ------------------------------------------------------------------------------------------------- helpers

def _is_user_folder(folder: Path) -> bool:
    try:
        return Path(folder).resolve().parent == user_models_dir().resolve()
    except OSError:
        return False


def is_user_model(info: ModelInfo) -> bool:
    """Whether ``info`` (from ``list_models``) is one of the user's own models: one that can be renamed and
    deleted (every model of our format can be exported). For a models list to enable its buttons."""
    return info.source == "user" and _is_user_folder(info.path)


def user_model(model: str) -> ModelInfo:
    """The user model ``model`` (an id, or the path of a folder in the user models folder); a shipped model or
    any other folder is refused in words."""
    info = resolve(model)
    if not is_user_model(info):
        if info.source == "shipped":
            raise ModelError(f"{info.id} is shipped with the studio: it cannot be renamed or deleted. Only your own "
                             "models (trained or imported) can be.")
        raise ModelError(f"{info.id} is not in your models folder ({user_models_dir()}): only your own models "
                         "(trained or imported) can be renamed or deleted.")
    return info


def check_name(name: Any) -> str:
    """A display name, stripped; ModelError when it is empty, too long or holds control characters."""
    if not isinstance(name, str) or not name.strip():
        raise ModelError("The new name is empty: type a name for the model.")
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise ModelError(f"The name is too long: at most {NAME_MAX} characters.")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") for c in name):
        raise ModelError("The name holds control characters: type it again.")
    return name


def valid_id(model_id: Any) -> bool:
    """Whether ``model_id`` can be a model folder's name (letters, digits, ``.``, ``-``, ``_``; 1-100 chars)."""
    return isinstance(model_id, str) and bool(ID_RX.match(model_id)) and not model_id.endswith(".")


def _rerender_readme(folder: Path, old: dict, new: dict) -> None:
    """The README again from the new card when the studio rendered it from the old one; otherwise only its
    title line, when it is the old name. A README someone wrote by hand stays."""
    path = folder / README_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    try:
        rendered = render_readme(old)
    except Exception:  # noqa: BLE001 — a card the renderer cannot read: leave the README alone
        rendered = None
    if text == rendered:
        atomic_write_text(path, render_readme(new))
        return
    first, sep, rest = text.partition("\n")
    old_title = f"# {old.get('name', old.get('id', 'model'))}"
    if first.rstrip() == old_title:
        atomic_write_text(path, f"# {new.get('name', new.get('id', 'model'))}{sep}{rest}")


def _write_card(folder: Path, card: dict) -> None:
    atomic_write_json(folder / CARD_FILE, card)


# -------------------------------------------------------------------------------------------------- rename

def rename_model(model: str, name: str) -> ModelInfo:
    """Give the user model ``model`` the display name ``name``; its id (and folder) stay. Returns the new info."""
    name = check_name(name)
    info = user_model(model)
    folder = info.path
    old = read_card(folder)
    card = dict(old)
    card["name"] = name
    card.pop("name_zh", None)
    _write_card(folder, card)
    _rerender_readme(folder, old, card)
    new = resolve_folder(folder, "user")
    notify_models_changed(ModelsChange("renamed", new.id, str(folder), name))
    return new


# -------------------------------------------------------------------------------------------------- export

def _export_files(info: ModelInfo) -> list[str]:
    if info.is_hf or info.card.get("format") != FORMAT:
        raise ModelError(f"{info.id} is not an AIGC Studio model folder (a Hugging Face folder cannot be exported "
                         "as a studio model).")
    files = [f for f in MODEL_FILES if (info.path / f).is_file()]
    for need in (CARD_FILE, WEIGHTS_FILE) + ((TOKENIZER_FILE,) if info.kind == "text" else ()):
        if need not in files:
            raise ModelError(f"The model {info.id} is incomplete: it has no {need}.")
    return files


def export_path(out: str | os.PathLike, model_id: str | None = None) -> Path:
    """The file an export writes: ``out``, with ``.zip`` added when it has another ending; an existing folder
    gets ``<folder>/<model_id>.zip`` inside it. A device, pipe or socket (``/dev/full``) is refused in words,
    never turned into a file beside it."""
    out = Path(out).expanduser()
    try:
        st = os.stat(out)
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        if not model_id:
            raise UserError(f"{out} is a folder: choose a file name for the export.")
        return out / f"{model_id}.zip"
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UserError(f"{out} is not an ordinary file (a device, pipe or socket): choose a file name for the "
                        "export.")
    return out if out.suffix.lower() == ".zip" else out.with_name(out.name + ".zip")


def export_steps(model: str, out: str | os.PathLike, overwrite: bool = False,
                 cancelled: Callable[[], bool] | None = None) -> Generator[Progress, None, Path | None]:
    """Export ``model`` (an id or a model folder, shipped or user) to the zip ``out``; yields Progress in bytes.
    Returns the zip's path, or None when cancelled (nothing is left behind)."""
    info = resolve(model)
    files = _export_files(info)
    out = export_path(out, info.id)
    if out.is_dir():
        raise UserError(f"{out} is a folder: choose a file name for the export.")
    if out.exists() and not out.is_file():
        raise UserError(f"{out} is not an ordinary file (a device, pipe or socket): choose a file name for the "
                        "export.")
    if out.exists() and not overwrite:
        raise UserError(f"{out} already exists: choose another file name.")
    out.parent.mkdir(parents=True, exist_ok=True)
    sizes = {f: (info.path / f).stat().st_size for f in files}
    total = sum(sizes.values())
    fd, tmp_name = _mkstemp(out.parent)
    tmp = Path(tmp_name)
    done = 0
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
                for f in files:
                    zi = zipfile.ZipInfo(f"{info.id}/{f}", date_time=(1980, 1, 1, 0, 0, 0))
                    zi.compress_type = zipfile.ZIP_STORED if f == WEIGHTS_FILE else zipfile.ZIP_DEFLATED
                    zi.external_attr = (stat.S_IFREG | 0o644) << 16
                    zi.file_size = sizes[f]
                    with open(info.path / f, "rb") as src, zf.open(zi, "w", force_zip64=sizes[f] > (1 << 31)) as dst:
                        while True:
                            if cancelled is not None and cancelled():
                                raise _Cancelled
                            block = src.read(CHUNK)
                            if not block:
                                break
                            dst.write(block)
                            done += len(block)
                            yield Progress(done, total, "Exporting")
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o644)
        if overwrite:
            os.replace(tmp, out)
        else:
            try:
                os.link(tmp, out)                 # never replaces: a file made meanwhile is not lost
            except FileExistsError:
                raise UserError(f"{out} already exists: choose another file name.") from None
            except OSError:
                if out.exists():
                    raise UserError(f"{out} already exists: choose another file name.") from None
                os.replace(tmp, out)
    except _Cancelled:
        return None
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


def export_model(model: str, out: str | os.PathLike, overwrite: bool = False) -> Path:
    """:func:`export_steps` run to the end: the path of the zip written."""
    return _drain(export_steps(model, out, overwrite))


# -------------------------------------------------------------------------------------------------- import

def _bad(zip_path: Path, why: str) -> ModelError:
    return ModelError(f"{zip_path.name} is not a model the studio can import: {why}.")


def _member_name(zip_path: Path, zi: zipfile.ZipInfo) -> tuple[str, str]:
    """(top folder or "", file name) of a zip entry, or a refusal when the name could escape the target."""
    name = zi.filename
    if "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name) or "\x00" in name:
        raise _bad(zip_path, f"the entry {name!r} has an unsafe path")
    parts = name.rstrip("/").split("/") if zi.is_dir() else name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise _bad(zip_path, f"the entry {name!r} has an unsafe path")
    if len(parts) > 2:
        raise _bad(zip_path, f"the entry {name!r} is nested in more than one folder")
    if zi.is_dir():
        if len(parts) != 1:
            raise _bad(zip_path, f"the entry {name!r} is nested in more than one folder")
        return parts[0], ""
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _read_member(zf: zipfile.ZipFile, zi: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(zi) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ModelError(f"{zi.filename} is larger than it says.")
    return data


def _check_safetensors_header(zip_path: Path, zf: zipfile.ZipFile, zi: zipfile.ZipInfo,
                              limits: ImportLimits) -> None:
    """The weights are a safetensors file: an 8-byte header length, a JSON header, every tensor inside the
    file (read from the zip without extracting)."""
    with zf.open(zi) as f:
        head = f.read(8)
        if len(head) < 8:
            raise _bad(zip_path, f"{WEIGHTS_FILE} is not a safetensors file (too short)")
        (n,) = struct.unpack("<Q", head)
        if n > limits.safetensors_header_bytes or 8 + n > zi.file_size:
            raise _bad(zip_path, f"{WEIGHTS_FILE} is not a safetensors file (a damaged header)")
        raw = f.read(n)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):     # RecursionError: nested 100,000 deep
        raise _bad(zip_path, f"{WEIGHTS_FILE} is not a safetensors file (a damaged header)") from None
    if not isinstance(header, dict):
        raise _bad(zip_path, f"{WEIGHTS_FILE} is not a safetensors file (a damaged header)")
    body = zi.file_size - 8 - n
    tensors = 0
    for key, t in header.items():
        if key == "__metadata__":
            continue
        offsets = t.get("data_offsets") if isinstance(t, dict) else None
        if (not isinstance(offsets, list) or len(offsets) != 2 or not all(isinstance(o, int) for o in offsets)
                or not 0 <= offsets[0] <= offsets[1] <= body):
            raise _bad(zip_path, f"{WEIGHTS_FILE} is damaged (the tensor {key} lies outside the file)")
        tensors += 1
    if tensors == 0:
        raise _bad(zip_path, f"{WEIGHTS_FILE} holds no tensors")


def check_card(card: Any, where: str) -> dict[str, Any]:
    """A card read from a zip is an AIGC Studio card of a known kind and architecture with a usable id."""
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{where} is not a model the studio can import: its {CARD_FILE} is not an AIGC Studio "
                         "model card.")
    for key in ("id", "kind", "architecture", "config"):
        if key not in card:
            raise ModelError(f"{where} is not a model the studio can import: its {CARD_FILE} lacks '{key}'.")
    if card["kind"] not in KINDS or card["architecture"] not in ARCHITECTURES:
        raise ModelError(f"{where} is not a model the studio can import: it is a model of an unknown kind "
                         f"({card['kind']}, {card['architecture']}).")
    if not isinstance(card["config"], dict):
        raise ModelError(f"{where} is not a model the studio can import: its {CARD_FILE} has no configuration.")
    if not valid_id(card["id"]):
        raise ModelError(f"{where} is not a model the studio can import: its id {card['id']!r} cannot be a folder "
                         "name.")
    if "name" in card and not isinstance(card["name"], str):
        raise ModelError(f"{where} is not a model the studio can import: its name is not text.")
    from aigc_studio.core.models.limits import config_problems
    problems = config_problems(card["architecture"], card["config"])
    if problems:                # n_layer=10**7 and the like: refused before anything is extracted
        raise ModelError(f"{where} is not a model the studio can import: its configuration is invalid: "
                         + "; ".join(problems[:3]) + ".")
    return card


def inspect_zip(path: str | os.PathLike, limits: ImportLimits = ImportLimits()) -> ZipCheck:
    """Check the zip ``path`` without extracting anything; ModelError (in words) for anything wrong."""
    zip_path = Path(path).expanduser()
    if not zip_path.exists():
        raise ModelError(f"There is no file at {zip_path}.")
    if zip_path.is_dir():
        raise ModelError(f"{zip_path} is a folder: choose the .zip file of an exported model.")
    if zip_path.suffix.lower() in PICKLE_SUFFIXES:
        raise ModelError(f"{zip_path.name} is a pickle file. Pickle files can run code when opened, so the studio "
                         "refuses them.")
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _bad(zip_path, "it is not a readable .zip file") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.entries:
            raise _bad(zip_path, f"it holds {len(infos)} entries (a model has at most 4 files)")
        members: dict[str, zipfile.ZipInfo] = {}
        tops: set[str] = set()
        pickles: list[str] = []
        unknown: list[str] = []
        for zi in infos:
            top, name = _member_name(zip_path, zi)
            mode = (zi.external_attr >> 16) & 0o170000
            if mode and mode not in (stat.S_IFREG, stat.S_IFDIR):
                raise _bad(zip_path, f"the entry {zi.filename!r} is a link or a special file")
            if zi.flag_bits & 0x1:
                raise _bad(zip_path, f"the entry {zi.filename!r} is encrypted")
            tops.add(top)
            if not name:
                continue
            if Path(name).suffix.lower() in PICKLE_SUFFIXES:
                pickles.append(zi.filename)
                continue
            if name not in MODEL_FILES:
                unknown.append(zi.filename)
                continue
            if name in members:
                raise _bad(zip_path, f"it holds {name} twice")
            if zi.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _bad(zip_path, f"{name} is compressed with a method the studio does not read")
            if zi.file_size > limits.of(name):
                raise _bad(zip_path, f"{name} is too large ({zi.file_size:,} bytes; at most {limits.of(name):,})")
            if (zi.file_size > (1 << 20) and zi.compress_type == zipfile.ZIP_DEFLATED
                    and zi.file_size > limits.ratio * max(zi.compress_size, 1)):
                raise _bad(zip_path, f"{name} is compressed {zi.file_size / max(zi.compress_size, 1):,.0f} times "
                                     "(a zip bomb?)")
            members[name] = zi
        if pickles:
            raise _bad(zip_path, f"it holds pickle files ({', '.join(sorted(pickles))}). Pickle files can run code "
                                 "when opened, so the studio refuses them")
        if unknown:
            raise _bad(zip_path, f"it holds files a model does not have ({', '.join(sorted(unknown)[:5])})")
        if len(tops) > 1:
            raise _bad(zip_path, "its files are spread over several folders")
        if CARD_FILE not in members:
            raise _bad(zip_path, f"it has no {CARD_FILE}")
        if WEIGHTS_FILE not in members:
            raise _bad(zip_path, f"it has no {WEIGHTS_FILE}")
        try:
            raw = _read_member(zf, members[CARD_FILE], limits.card_bytes)
            text = raw.decode("utf-8")
            if json_depth(text) > JSON_MAX_DEPTH:        # a crafted card nested 100,000 deep
                raise _bad(zip_path, f"its {CARD_FILE} is nested too deeply (more than {JSON_MAX_DEPTH} levels)")
            card = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise _bad(zip_path, f"its {CARD_FILE} is not valid JSON") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ModelError):
            raise _bad(zip_path, f"its {CARD_FILE} is damaged") from None
        check_card(card, zip_path.name)
        if card["kind"] == "text" and TOKENIZER_FILE not in members:
            raise _bad(zip_path, f"it is a text model without {TOKENIZER_FILE}")
        try:
            _check_safetensors_header(zip_path, zf, members[WEIGHTS_FILE], limits)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
            raise _bad(zip_path, f"its {WEIGHTS_FILE} is damaged") from None
    return ZipCheck(zip_path, card, members, sum(zi.file_size for zi in members.values()))


def taken_ids(folder: Path | None = None) -> set[str]:
    """The ids of every model the studio lists, and the names of the folders in the user models folder."""
    ids = {m.id for m in list_models()}
    folder = folder or user_models_dir()
    try:
        ids |= {p.name for p in folder.iterdir()}
    except OSError:
        pass
    return ids


def free_id(base: str, taken: set[str]) -> str:
    """``base`` when it is free, else the first free ``base-2``, ``base-3``..."""
    if base not in taken:
        return base
    stem = re.sub(r"-\d+\Z", "", base) or base
    for n in range(2, 100_000):
        candidate = f"{stem}-{n}"
        if candidate not in taken:
            return candidate
    raise ModelError(f"No free model id like {base}.")


def import_steps(path: str | os.PathLike, on_conflict: str = "rename", verify: bool = True,
                 limits: ImportLimits = ImportLimits(),
                 cancelled: Callable[[], bool] | None = None) -> Generator[Progress, None, ModelInfo | None]:
    """Import the exported model zip ``path`` into the user models folder; yields Progress in bytes. Returns the
    new model's info, or None when cancelled (nothing is left behind)."""
    if on_conflict not in CONFLICTS:
        raise ModelError("on_conflict must be rename or refuse.")
    check = inspect_zip(path, limits)
    card = dict(check.card)
    root = user_models_dir()
    root.mkdir(parents=True, exist_ok=True)
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        free = None
    if free is not None and free < check.total_bytes + (16 << 20):
        raise UserError(f"The disk is full: the model needs {check.total_bytes / 1e6:,.1f} MB and "
                        f"{free / 1e6:,.1f} MB are free. Nothing was imported.")
    taken = taken_ids(root)
    if card["id"] in taken and on_conflict == "refuse":
        raise ModelError(f"A model with the id {card['id']} is already installed: delete or rename it first, or "
                         "import it as a copy.")
    tmp = root / f".import-{uuid.uuid4().hex[:12]}.partial"
    tmp.mkdir()
    done = 0
    try:
        try:
            with zipfile.ZipFile(check.path) as zf:
                for name, zi in check.members.items():
                    written = 0
                    with zf.open(zi) as src, open(tmp / name, "xb") as dst:
                        while True:
                            if cancelled is not None and cancelled():
                                raise _Cancelled
                            block = src.read(CHUNK)
                            if not block:
                                break
                            written += len(block)
                            if written > zi.file_size or written > limits.of(name):
                                raise _bad(check.path, f"{name} is larger than it says (a zip bomb?)")
                            dst.write(block)
                            done += len(block)
                            yield Progress(done, check.total_bytes, "Importing")
                        dst.flush()
                        os.fsync(dst.fileno())
                    if written != zi.file_size:
                        raise _bad(check.path, f"{name} is truncated")
        except (zipfile.BadZipFile, zlib.error, EOFError) as e:   # a bad CRC, a damaged stream, a lying size
            raise _bad(check.path, f"it is damaged ({e})") from None
        if verify:
            yield Progress(done, check.total_bytes, "Checking the model")
            _verify(tmp, check.path)
        taken = taken_ids(root)                       # again: the folder may have changed while we copied
        new_id = card["id"] if card["id"] not in taken else None
        if new_id is None:
            if on_conflict == "refuse":
                raise ModelError(f"A model with the id {card['id']} is already installed: delete or rename it "
                                 "first, or import it as a copy.")
            new_id = free_id(card["id"], taken)
            old = dict(card)
            card["id"] = new_id
            card["name"] = f"{old.get('name') or old['id']} ({new_id.rsplit('-', 1)[-1]})"
            card.pop("name_zh", None)
            _write_card(tmp, card)
            _rerender_readme(tmp, old, card)
        final = root / new_id
        try:
            os.rename(tmp, final)                     # fails when a folder of that name (with files) appeared
        except OSError:
            raise ModelError(f"A model folder {new_id} appeared while importing: try again.") from None
    except _Cancelled:
        return None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    info = resolve_folder(final, "user")
    notify_models_changed(ModelsChange("imported", info.id, str(final), info.name))
    return info


def _verify(folder: Path, zip_path: Path) -> None:
    """Load the extracted model once (strictly, against its card): a zip whose weights do not fit is refused.
    The card's model is first built on torch's meta device (no memory): a card whose configuration asks for far
    more numbers than the weights file holds (a memory bomb) is refused before anything is allocated."""
    import torch   # only when asked: listing and inspecting stay torch-free

    from aigc_studio.core.models.checkpoint import build_model, load_model_folder

    try:
        card = read_card(folder)
    except ModelError as e:     # its words name the hidden temporary folder: name the zip the user chose instead
        raise ModelError(f"{zip_path.name} does not hold a working model: "
                         f"{str(e).replace(f'The model in {folder.name} ', 'the model ').replace(folder.name, zip_path.name)}"
                         ) from None
    try:
        with torch.device("meta"):
            meta = build_model(card, init=True)
        wanted = sum(t.numel() for t in meta.state_dict().values())
    except ModelError as e:
        raise ModelError(f"{zip_path.name} does not hold a working model: {e}") from None
    except Exception as e:  # noqa: BLE001 — any configuration the model classes cannot build
        raise ModelError(f"{zip_path.name} does not hold a working model: its configuration cannot be built "
                         f"({type(e).__name__}).") from None
    if wanted > (folder / WEIGHTS_FILE).stat().st_size:
        raise ModelError(f"{zip_path.name} does not hold a working model: its card describes {wanted:,} numbers, "
                         f"more than its weights file holds.")
    try:
        load_model_folder(folder)
    except ModelError as e:
        raise ModelError(f"{zip_path.name} does not hold a working model: {e}") from None


def import_model(path: str | os.PathLike, on_conflict: str = "rename", verify: bool = True,
                 limits: ImportLimits = ImportLimits()) -> ModelInfo:
    """:func:`import_steps` run to the end: the imported model's info."""
    return _drain(import_steps(path, on_conflict, verify, limits))


# -------------------------------------------------------------------------------------------------- delete

def delete_model(model: str) -> Deleted:
    """Delete the user model ``model`` (its id, or its folder in the user models folder): the studio's files in
    its folder; the folder too when nothing else is in it. Shipped models are refused."""
    info = user_model(model)
    folder = info.path
    staging = folder.parent / f".{folder.name}.deleting-{uuid.uuid4().hex[:8]}"
    os.rename(folder, staging)                       # out of every list at once
    removed: list[str] = []
    try:
        for name in MODEL_FILES:
            p = staging / name
            if p.is_file() and not p.is_symlink():
                p.unlink()
                removed.append(name)
        kept = sorted(p.name for p in staging.iterdir())
    except BaseException:
        if not folder.exists():
            os.rename(staging, folder)               # put back what is left
        raise
    if kept:
        os.rename(staging, folder)                   # someone's own files stay where they were
    else:
        staging.rmdir()
    notify_models_changed(ModelsChange("deleted", info.id, str(folder), info.name))
    return Deleted(info.id, folder, tuple(removed), tuple(kept))


# -------------------------------------------------------------------------------------------------- plumbing

class _Cancelled(Exception):
    pass


def _mkstemp(folder: Path) -> tuple[int, str]:
    import tempfile
    return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)


def _drain(gen: Generator[Any, None, Any]) -> Any:
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value


__all__ = ["MODEL_FILES", "ImportLimits", "ModelsChange", "ZipCheck", "Deleted", "add_models_changed_listener",
           "remove_models_changed_listener", "notify_models_changed", "is_user_model", "user_model", "check_name",
           "valid_id", "rename_model", "export_path", "export_steps", "export_model", "inspect_zip", "check_card",
           "taken_ids", "free_id", "import_steps", "import_model", "delete_model"]
