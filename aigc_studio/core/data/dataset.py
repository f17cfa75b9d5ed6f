"""A dataset is a manifest: which of a folder's files training reads, and why the others are left out.

Qt-free, torch-free and light at import (only the standard library): the training configurations check a
manifest on the GUI thread. Scanning (the report: unreadable files, duplicates, outliers) is in
:mod:`aigc_studio.core.data.dataset_scan`; the per-file probes in :mod:`aigc_studio.core.data.dataset_probe`.

The user's files are never modified, moved or deleted: the manifest only lists them. It is JSON, written
atomically (``core.base.atomic``)::

    {"format": "aigc-studio-dataset/1", "kind": "image", "root": "/abs/folder",
     "created": "...", "updated": "...",
     "files":    [{"path": "a/b.png", "size": 1234, "mtime": 1.7e9, "sha256": "..."}],   # included
     "excluded": [{"path": "c.png", "code": "exact_duplicate", "reason": "An exact copy of a/b.png.",
                   "by": "scan" | "user"}],
     "augment":  {...},                  # core.data.augment.AugmentSettings.to_dict()
     "summary":  {"files": 10, "usable": 9, ...}}

Paths in a manifest are relative to ``root`` (POSIX separators), so the JSON reads the same on every system.

A manifest may come from someone else, so it is read as untrusted: at most ``MAX_MANIFEST_BYTES`` and
``MANIFEST_MAX_DEPTH`` deep; a ``.json`` given as data is always read as a manifest (a newer version's, another
program's JSON or a damaged file is refused in words, never scanned as text); a listed name never leaves its
folder (absolute or ``..``: damaged); ``root`` missing, relative (to the manifest's folder) or not an existing
folder means the manifest's own folder; training and evaluating on a manifest read only the files it lists.
Scanning a manifest file again walks ``root`` for new files only when ``root`` is the manifest's own folder or
a folder inside it (a dataset saved beside its data); any other root — ``"root": "/etc"`` in a file someone
sent — gets only the files the manifest lists looked at again, never a walk. A folder elsewhere is walked only
when the user asks to scan that folder (the Train tab's "Scan again" of a dataset it shows, naming the folder).

:func:`dataset_files` is what the trainers read: the files of a folder (as before manifests existed), of a
single file, or the included files of a manifest.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigc_studio.core.assets.formats import KIND_EXTENSIONS, SIDECAR_EXTENSION
from aigc_studio.core.base.atomic import atomic_write_json
from aigc_studio.core.base.errors import InvalidParameters, Problem, UserError
from aigc_studio.core.base.settings import data_dir
from aigc_studio.core.data.augment_settings import AugmentSettings, recommended
from aigc_studio.core.models.limits import json_depth, safe_text

MANIFEST_FORMAT = "aigc-studio-dataset/1"
MANIFEST_SUFFIX = ".json"
KINDS = ("image", "audio", "text")
KIND_WORDS = {"image": "images", "audio": "sounds", "text": "text files"}
MAX_MANIFEST_BYTES = 64 * 1024 * 1024      # a manifest of a million files is ~100 MB; refuse absurd files
MANIFEST_PREFIX = "aigc-studio-dataset/"   # any version: a newer one is named as such, not read as text
MANIFEST_MAX_DEPTH = 16                    # ours nest 4 deep (augment settings)


def _escapes(name: str) -> bool:
    """True when a manifest's file name leaves its folder (absolute, or through ``..``)."""
    p = Path(name)
    return p.is_absolute() or name.startswith(("/", "\\")) or ".." in p.parts or ".." in name.split("\\")


class DatasetError(UserError, ValueError):
    """A dataset (folder or manifest) that cannot be used, in the user's words."""


# ---------------------------------------------------------------------------------------------- listing files

def is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def kind_files(folder: Path, kind: str) -> list[Path]:
    """The files of ``kind`` under ``folder`` (recursively, by extension, hidden files skipped), sorted."""
    exts = KIND_EXTENSIONS[kind]
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in exts
                  and not is_hidden(p))


def looks_like_manifest(path: str | Path) -> bool:
    """True when ``path`` is a ``.json`` file: no kind of data the studio trains on is JSON, so a ``.json`` given as
    data is read as a manifest (and one that is not — another program's JSON, a damaged or newer manifest — is
    refused in words by :meth:`Manifest.load`, never scanned as a one-file text dataset)."""
    p = Path(path)
    return p.suffix.lower() == MANIFEST_SUFFIX and p.is_file()


def _is_our_manifest(path: str | Path) -> bool:
    """True when ``path`` is a file that starts like one of our dataset manifests (reads at most 4 KiB): one
    that saving may replace."""
    p = Path(path)
    if p.suffix.lower() != MANIFEST_SUFFIX or not p.is_file():
        return False
    try:
        with open(p, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"format"' in head and MANIFEST_FORMAT.encode() in head


def dataset_files(data: str | Path, kind: str) -> list[Path]:
    """The files training reads from ``data``: a folder (its files of ``kind``, recursively, sorted), one file
    (itself), or a dataset manifest (its included files that still exist, in the manifest's order).

    Raises :class:`DatasetError` when ``data`` does not exist, or is a manifest of another kind or damaged."""
    if kind not in KINDS:
        raise DatasetError(f"Unknown kind of data '{kind}': one of {', '.join(KINDS)}.")
    path = Path(data)
    if looks_like_manifest(path):
        manifest = Manifest.load(path)
        if manifest.kind != kind:
            raise DatasetError(f"The dataset {path.name} holds {KIND_WORDS[manifest.kind]}, not "
                               f"{KIND_WORDS[kind]}.")
        return [p for p in manifest.included_paths() if p.is_file()]
    if path.is_dir():
        return kind_files(path, kind)
    if path.is_file():
        return [path]
    raise DatasetError(f"The training data {path} is neither a file, a folder nor a dataset manifest.")


def dataset_root(data: str | Path) -> Path:
    """The folder the names of ``data``'s files are relative to: a manifest's root, a folder itself, a single
    file's folder."""
    path = Path(data)
    if looks_like_manifest(path):
        return Manifest.load(path).root
    return path if path.is_dir() else path.parent


# ---------------------------------------------------------------------------------------------- the manifest

def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators (the manifest's and the report's names)."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


@dataclass
class Manifest:
    """A dataset: ``files`` (included; each a dict with path, size, mtime, sha256), ``excluded`` (each with
    path, code, reason, by), the augmentation settings (a dict) and a summary of the last scan."""
    kind: str
    root: Path
    files: list[dict[str, Any]] = field(default_factory=list)
    excluded: list[dict[str, Any]] = field(default_factory=list)
    augment: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    selection: bool = False             # True: a chosen set of files (favourites); a rescan looks only at them
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)
    path: Path | None = None            # the file that holds exactly this state (loaded or saved); None once
    #                                     changed (a file left out or put back, a rescan) until it is saved again

    # --- reading and writing ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": MANIFEST_FORMAT, "kind": self.kind, "root": str(self.root), "created": self.created,
                "updated": self.updated, "files": [dict(f) for f in self.files],
                "excluded": [dict(e) for e in self.excluded], "augment": dict(self.augment),
                "summary": dict(self.summary), **({"selection": True} if self.selection else {})}

    @classmethod
    def from_dict(cls, d: Any, where: str = "The dataset") -> "Manifest":
        fmt = d.get("format") if isinstance(d, dict) else None
        if isinstance(fmt, str) and fmt.startswith(MANIFEST_PREFIX) and fmt != MANIFEST_FORMAT:
            raise DatasetError(f"{where} was saved by a newer version of the studio ({safe_text(fmt, 60, False)}): "
                               "update the studio to open it, or scan the folder again.")
        if fmt != MANIFEST_FORMAT:
            raise DatasetError(f"{where} is not an AIGC Studio dataset, or it is damaged "
                               f"(no \"format\": \"{MANIFEST_FORMAT}\").")
        kind, root = d.get("kind"), d.get("root")
        if root is None or root == "":
            root = "."                  # no folder named: the manifest's own folder (see the module)
        if kind not in KINDS or not isinstance(root, str):
            raise DatasetError(f"{where} is damaged: its kind or folder is missing.")
        files, excluded = d.get("files", []), d.get("excluded", [])
        if not (isinstance(files, list) and isinstance(excluded, list)
                and all(isinstance(f, dict) and isinstance(f.get("path"), str) for f in files + excluded)):
            raise DatasetError(f"{where} is damaged: its list of files is not readable.")
        if any(_escapes(f["path"]) for f in files + excluded):
            raise DatasetError(f"{where} is damaged: it lists a file outside its folder.")
        augment = d.get("augment") if isinstance(d.get("augment"), dict) else {}
        summary = d.get("summary") if isinstance(d.get("summary"), dict) else {}
        return cls(kind=kind, root=Path(root), files=[dict(f) for f in files], excluded=[dict(e) for e in excluded],
                   augment=dict(augment), summary=dict(summary), selection=d.get("selection") is True,
                   created=str(d.get("created") or _now()),
                   updated=str(d.get("updated") or _now()))

    @classmethod
    def load(cls, path: str | Path) -> "Manifest":
        """Read a manifest file; a clear :class:`DatasetError` when it is missing, unreadable or not one."""
        path = Path(path)
        name = path.name
        try:
            size = path.stat().st_size
            if size > MAX_MANIFEST_BYTES:
                raise DatasetError(f"{name} is too large ({size / 1e6:.0f} MB) to be a dataset manifest.")
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            raise DatasetError(f"The dataset {name} was not found.") from None
        except PermissionError:
            raise DatasetError(f"The dataset {name} cannot be read: permission denied.") from None
        except IsADirectoryError:
            raise DatasetError(f"{name} is a folder, not a dataset manifest.") from None
        except OSError as e:
            raise DatasetError(f"The dataset {name} cannot be read: {e.strerror or e}.") from None
        try:
            text = raw.decode("utf-8-sig")
            if json_depth(text) > MANIFEST_MAX_DEPTH:        # a crafted file nested 100,000 deep
                raise DatasetError(f"{name} is damaged: it is nested too deeply to be a dataset manifest.")
            d = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise DatasetError(f"{name} is not an AIGC Studio dataset, or it is damaged (it is not valid JSON "
                               "text).") from None
        m = cls.from_dict(d, where=name)
        if not m.root.is_absolute():            # a hand-written manifest: its folder is relative to the manifest
            m.root = Path(os.path.abspath(path.parent / m.root))
        if not m.root.is_dir():                 # moved with its files, or a folder that is not there
            m.root = Path(os.path.abspath(path.parent))
        m.path = path
        return m

    def save(self, path: str | Path) -> Path:
        """Write the manifest atomically (complete or not at all); the user's data files are not touched."""
        path = Path(path)
        if path.suffix.lower() != MANIFEST_SUFFIX:
            path = path.with_name(path.name + MANIFEST_SUFFIX)
        if path.exists() and not _is_our_manifest(path):
            raise DatasetError(f"{path.name} exists and is not a dataset manifest: choose another name.")
        self.updated = _now()
        try:
            atomic_write_json(path, self.to_dict())
        except PermissionError:
            raise DatasetError(f"The dataset cannot be saved in {path.parent}: permission denied.") from None
        except OSError as e:
            raise DatasetError(f"The dataset could not be saved ({e.strerror or e}); nothing was written.") from None
        self.path = path
        return path

    def save_for_training(self) -> Path:
        """A file holding exactly this state, for training to read: the one it was loaded from or saved to when
        nothing changed since, else a new save in the studio's own datasets folder (a name made from its folder),
        never over the user's own saved file without their "Save"."""
        if self.path is not None and self.path.is_file():
            return self.path
        tag = hashlib.sha1(str(self.root).encode("utf-8")).hexdigest()[:8]
        folder = datasets_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return self.save(folder / f"{self.root.name or 'data'}-{self.kind}-{tag}.json")

    # --- what is in it ------------------------------------------------------------------------------------
    def included_paths(self) -> list[Path]:
        return [self.root / f["path"] for f in self.files]

    def all_names(self) -> list[str]:
        """Every file the manifest lists, included or not (unreadable folders aside)."""
        return [f["path"] for f in self.files] + [e["path"] for e in self.excluded if not e["path"].endswith("/")]

    def included_names(self) -> list[str]:
        return [f["path"] for f in self.files]

    def excluded_names(self) -> dict[str, dict[str, Any]]:
        return {e["path"]: e for e in self.excluded}

    def exclude(self, name: str, reason: str = "Left out by you.", code: str = "user") -> bool:
        """Move ``name`` (relative path) from the included files to the excluded ones; False if not included."""
        for i, f in enumerate(self.files):
            if f["path"] == name:
                del self.files[i]
                entry = {k: v for k, v in f.items() if k != "by"}
                self.excluded.append({**entry, "code": code, "reason": reason,
                                      "by": "user" if code == "user" else "scan"})
                self.path = None
                return True
        return False

    def include(self, name: str) -> bool:
        """Move ``name`` back from the excluded files to the included ones (only files the scan could read);
        the choice is the user's, so a rescan keeps it."""
        for i, e in enumerate(self.excluded):
            if e["path"] == name and e.get("readable", True):
                del self.excluded[i]
                self.files.append({**{k: v for k, v in e.items() if k in ("path", "size", "mtime", "sha256")},
                                   "by": "user"})
                self.files.sort(key=lambda f: f["path"])
                self.path = None
                return True
        return False

    def set_included(self, name: str, included: bool) -> bool:
        return self.include(name) if included else self.exclude(name)

    @classmethod
    def from_report(cls, report: dict[str, Any], previous: "Manifest | None" = None,
                    augment: dict[str, Any] | None = None) -> "Manifest":
        """The manifest of a scan report: readable files are included unless the scan suggests leaving them
        out (duplicates beyond the first, silent or empty files); unreadable ones are excluded with their reason.
        With ``previous`` (a re-scan), the user's choices made there (files left out or put back) are kept for the
        files that still exist; everything else follows this scan."""
        root = Path(report["root"])
        suggested = {s["path"]: s for s in report.get("suggested_exclusions", [])}
        kept_in = {f["path"] for f in previous.files if f.get("by") == "user"} if previous else set()
        kept_out = {e["path"]: e for e in previous.excluded if e.get("by") == "user"} if previous else {}
        files, excluded = [], []
        for item in report.get("items", []):
            name = item["path"]
            entry = {"path": name, "size": item.get("size"), "mtime": item.get("mtime"), "sha256": item.get("sha256")}
            if name in kept_out:              # the user's choices stand; the scan's suggestions are made afresh
                excluded.append({**entry, "code": "user", "reason": kept_out[name].get("reason", "Left out by you."),
                                 "by": "user"})
            elif name in kept_in:
                files.append({**entry, "by": "user"})
            elif name in suggested:
                s = suggested[name]
                excluded.append({**entry, "code": s["code"], "reason": s["reason"], "by": "scan",
                                 **({"message": s["message"], "args": s.get("args", {})} if "message" in s else {})})
            else:
                files.append(entry)
        for u in report.get("unreadable", []):
            excluded.append({"path": u["path"], "code": u.get("code", "unreadable"), "reason": u["reason"],
                             "by": "scan", "readable": False,
                             **({"message": u["message"], "args": u.get("args", {})} if "message" in u else {})})
        if augment is None:         # a new dataset: the recommended augmentation of its kind (none for text)
            augment = previous.augment if previous else recommended(report["kind"]).for_kind(report["kind"]).to_dict()
        m = cls(kind=report["kind"], root=root, files=files, excluded=excluded, augment=dict(augment),
                summary=summary_of(report))
        if previous is not None:
            m.created = previous.created
            m.selection = previous.selection
        return m


def summary_of(report: dict[str, Any]) -> dict[str, Any]:
    """The counts of a report that a manifest keeps."""
    return {k: report.get(k) for k in ("files", "usable", "total_bytes", "formats")} | {
        "unreadable": len(report.get("unreadable", [])),
        "exact_duplicate_groups": len(report.get("exact_duplicates", [])),
        "near_duplicate_groups": len(report.get("near_duplicates", [])), "outliers": len(report.get("outliers", []))}


def datasets_dir() -> Path:
    """Where datasets that were never saved by the user go when training needs them as a file."""
    return data_dir() / "datasets"


def default_manifest_path(folder: str | Path) -> Path:
    """Where "Save" suggests putting a folder's manifest: beside the folder (never inside the user's data)."""
    folder = Path(folder)
    return folder.parent / f"{folder.name}.dataset.json"


def augment_problems(value: Any) -> list[Problem]:
    """What is wrong with augmentation settings given as JSON (the training option ``data_augment``)."""
    if value in (None, {}):
        return []
    try:
        AugmentSettings.from_dict(value)
    except InvalidParameters as e:
        return list(e.problems)
    except TypeError as e:
        return [Problem("data_augment", "wrong_type", "A setting has a value of the wrong type ({error}).",
                        {"error": str(e)})]
    return []


def file_signature(path: Path) -> tuple[int, int]:
    """(size, mtime in ns): what tells that a file changed."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


__all__ = ["DatasetError", "augment_problems", "KINDS", "KIND_WORDS", "MANIFEST_FORMAT", "Manifest",
           "SIDECAR_EXTENSION",
           "dataset_files", "dataset_root", "default_manifest_path", "kind_files", "looks_like_manifest", "rel",
           "summary_of"]
