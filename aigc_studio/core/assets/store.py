"""The asset store: where generated files go, what they are called, the metadata saved with them and the index.

``root/YYYY-MM-DD/NNNN-<model-slug>-s<seed>.<ext>``: one folder per day, numbers that only grow, names that never
collide and files that are never overwritten (see :func:`atomic.publish_new`). Every save goes through
:meth:`AssetStore._save`, which any kind (text today; image and audio later) feeds with its payload bytes, its
extension and whether the metadata goes in a JSON sidecar or is embedded by the payload builder.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from aigc_studio.core.base.atomic import (TEMP_PREFIX, atomic_write_json, clean_stale_temps, folder_lock,
                                          json_bytes, publish_new, write_temp)
from aigc_studio.core.assets.index import INDEX_NAME, AssetIndex, IndexRow, is_corruption, is_read_only
from aigc_studio import __version__
from aigc_studio.core.assets.metadata import (APP, EMBEDDED_EXTS, EXT_KIND, SIDECAR_SUFFIX, UserError,
                                              asset_of_sidecar, parameters_line, parse_metadata, read_metadata,
                                              sidecar_of)
from aigc_studio.core.base.specs import SPEC_TYPES, spec_to_dict

log = logging.getLogger(__name__)

PREVIEW_CHARS = 200
SAVE_LOCK_NAME = INDEX_NAME + ".savelock"    # next to the index: held while a save picks its number
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^(\d{4,})-")


def model_slug(model: str) -> str:
    """A short file-name-safe form of a model id or folder: ``"Tang Poems (zh)"`` -> ``"tang-poems-zh"``."""
    name = str(model or "").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    return slug or "model"


def _now() -> datetime:
    return datetime.now().astimezone()


def _parse_time(iso: Any, fallback: float) -> tuple[str, float]:
    try:
        t = datetime.fromisoformat(str(iso))
        if t.tzinfo is None:
            t = t.astimezone()
        return t.isoformat(timespec="seconds"), t.timestamp()
    except (TypeError, ValueError):
        t = datetime.fromtimestamp(fallback).astimezone()
        return t.isoformat(timespec="seconds"), t.timestamp()


@dataclass(frozen=True)
class AssetRecord:
    """One row of the library: a saved file and what the index knows about it."""
    path: Path
    kind: str            # text | image | audio
    spec_json: str
    model: str
    created: str         # ISO 8601
    favourite: bool
    preview: str         # text: the first ~200 characters

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def thumbnail(self) -> Path | None:
        """Images are their own thumbnails (the library draws them small)."""
        return self.path if self.kind == "image" else None

    @property
    def spec(self) -> Any:
        """The job spec, checked as ``load_spec`` checks it (the form's rules; a source path is not used
        silently): ``InvalidParameters`` / ``UserError`` otherwise."""
        from aigc_studio.core.assets.metadata import spec_from_metadata
        from aigc_studio.core.base.errors import InvalidParameters, Problem
        try:
            d = json.loads(self.spec_json)
        except (ValueError, RecursionError):
            raise InvalidParameters([Problem("", "not_json", "The saved settings are not valid JSON.")]) from None
        return spec_from_metadata({"spec": d}, self.path)


def _preview(kind: str, spec_dict: dict[str, Any], body: str) -> str:
    """What the library shows under a file's name: the start of a text, the settings line of an image or sound."""
    if kind == "text":
        return body[:PREVIEW_CHARS]
    return parameters_line(spec_dict)[:PREVIEW_CHARS]


def _unwritable(root: Path, exc: OSError) -> UserError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        reason = "a file is in the way where a folder should be"
    return UserError(f"The output folder {root} cannot be written: {reason}. Choose another in Settings.")


def partial_save_error(saved: list[Path], total: int, exc: BaseException) -> UserError:
    """What to say when a batch of saves stopped part-way: exactly how many files were saved (and where), that the
    rest were not, and why — never "nothing was saved" after some were."""
    from aigc_studio.core.base.atomic import disk_full
    from aigc_studio.core.base.errors import user_message

    n, left = len(saved), total - len(saved)
    where = f" (the last: {saved[-1]})" if saved else ""
    if disk_full(exc):
        return UserError(f"The disk is full: {n} of {total} files were saved{where}; the other {left} were not "
                         "(no partial file was left). Free some space and save them again.")
    return UserError(f"{n} of {total} files were saved{where}; the other {left} were not: {user_message(exc)}")


class AssetStore:
    """Saves assets under ``root`` and keeps the library index. Safe to share between threads."""

    def __init__(self, root: str | Path, clock: Callable[[], datetime] = _now):
        self.root = Path(root).expanduser()
        self._clock = clock
        self._index = AssetIndex(self.root / INDEX_NAME)
        self._lock = threading.RLock()
        self._opened = False
        self._stale = False
        self._seen_days: dict[str, int] = {}     # day folder -> its mtime when last reconciled with the index
        self.skipped: dict[str, str] = {}        # assets left out of the library: relative path -> why (a note)

    # -- context -----------------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._index.close()
            self._opened = False

    def __enter__(self) -> "AssetStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_NAME

    def ensure_writable(self) -> None:
        """Fail early (before a long job) when the output folder cannot be written: makes ``root`` and a
        throw-away file in it. Raises the same ``UserError`` a save would. The constructor never raises."""
        self._make_folder(self.root)
        try:
            tmp = write_temp(self.root, b"")
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise
            raise _unwritable(self.root, e) from e
        tmp.unlink()

    # -- saving ------------------------------------------------------------------------------------------
    def save_text(self, text: str, spec: Any, extra: dict[str, Any] | None = None) -> Path:
        """Save generated text as ``NNNN-<model>-s<seed>.txt`` (UTF-8) with its ``.txt.json`` sidecar."""
        return self._save(kind="text", ext=".txt", spec=spec, extra=extra,
                          build=lambda meta: text.encode("utf-8"),
                          preview=text[:PREVIEW_CHARS], body=text)

    def save_image(self, rgba: Any, spec: Any, extra: dict[str, Any] | None = None) -> Path:
        """Save a generated RGBA uint8 ``(H, W, 4)`` picture as ``NNNN-<model>-s<seed>.png``, the metadata embedded
        in the PNG (no sidecar); the library preview is the one-line parameters summary."""
        from aigc_studio.core.assets.images import png_bytes   # lazily: numpy and PIL, only to save a picture

        line = parameters_line(spec_to_dict(spec))
        return self._save(kind="image", ext=".png", spec=spec, extra=extra,
                          build=lambda meta: png_bytes(rgba, meta, line), preview=line, body="", sidecar=False)

    def save_audio(self, samples: Any, sample_rate: int, spec: Any, extra: dict[str, Any] | None = None,
                   fmt: str = "wav") -> Path:
        """Save a generated sound (float samples, (n,) or (channels, n)) as ``NNNN-<model>-s<seed>.wav`` (PCM
        16-bit) or ``.flac`` with its ``.wav.json`` sidecar; the one-line settings summary is also the file's
        own comment tag and the library preview."""
        from aigc_studio.core.assets.audio_io import encode_audio   # lazily: numpy and soundfile, only for sound

        line = parameters_line(spec_to_dict(spec))
        fmt = str(fmt).lower().lstrip(".")
        return self._save(kind="audio", ext="." + fmt, spec=spec, extra=extra,
                          build=lambda meta: encode_audio(samples, sample_rate, fmt, comment=line,
                                                          title="AIGC Studio: AI-generated sound"),
                          preview=line, body="", sidecar=True)

    def _save(self, *, kind: str, ext: str, spec: Any, extra: dict[str, Any] | None,
              build: Callable[[dict[str, Any]], bytes], preview: str = "", body: str = "",
              sidecar: bool = True) -> Path:
        """The one saving path for every kind. ``build(meta)`` returns the payload bytes (a PNG builder embeds
        ``meta``); with ``sidecar`` the metadata is also written as ``name.ext.json``. Both files appear
        together or not at all."""
        created = self._clock()
        meta = self._metadata(spec, extra, created)
        folder = self.root / created.strftime("%Y-%m-%d")
        self._make_folder(folder)
        files = {ext: build(meta)}
        if sidecar:
            files[ext + SIDECAR_SUFFIX] = json_bytes(meta)
        try:
            # The lock makes the number unique across processes: two studios saving into one folder never pick
            # the same NNNN (the names differ by model and seed, so the hard link alone could not tell).
            with folder_lock(self.root / SAVE_LOCK_NAME):
                paths = publish_new(files, folder, self._names(folder, spec))
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR):
                raise _unwritable(self.root, e) from e
            raise   # a full disk and the rest: core.base.errors.user_message says it in words
        path = paths[ext]
        spec_dict = spec_to_dict(spec)
        row = IndexRow(path=self._rel(path), kind=kind,
                       spec_json=json.dumps(spec_dict, ensure_ascii=False, sort_keys=True),
                       model=str(spec_dict.get("model", "")), created=meta["created"],
                       created_ts=created.timestamp(), favourite=False, preview=preview,
                       search=self._search_text(spec_dict, body))
        try:
            self._with_index(lambda: self._index.upsert(row), reconcile=False)   # its own row: no folder scan
        except Exception as e:  # noqa: BLE001 — the file is saved: a save never fails because of the index cache
            log.warning("Saved %s but could not add it to the library index (%s); it is added on the next "
                        "look at the library.", path, e)
            self._stale = True
        return path

    def _metadata(self, spec: Any, extra: dict[str, Any] | None, created: datetime) -> dict[str, Any]:
        result = dict(extra or {})
        device = result.get("device", getattr(spec, "device", None))
        # Round-trip through JSON now so that a value JSON cannot hold fails before anything is written.
        result = json.loads(json.dumps(result, ensure_ascii=False, default=str))
        return {"app": APP, "version": __version__, "spec": spec_to_dict(spec),
                "created": created.isoformat(timespec="seconds"), "device": device, "result": result}

    def _make_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError as e:       # a file named like the folder
            raise _unwritable(self.root, e) from e
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise
            raise _unwritable(self.root, e) from e
        if not folder.is_dir():
            raise _unwritable(self.root, NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder)))

    @staticmethod
    def _names(folder: Path, spec: Any) -> Iterator[str]:
        """Candidate stems: numbers above the highest one in the folder; the caller skips any that is taken."""
        highest = 0
        for entry in os.scandir(folder):
            m = NUMBER_RE.match(entry.name)
            if m:
                highest = max(highest, int(m.group(1)))
        slug = model_slug(getattr(spec, "model", ""))
        seed = getattr(spec, "seed", None)
        tail = f"-s{seed}" if isinstance(seed, int) else ""
        for n in range(highest + 1, highest + 100_000):
            yield f"{n:04d}-{slug}{tail}"

    @staticmethod
    def _search_text(spec_dict: dict[str, Any], body: str) -> str:
        parts = [str(spec_dict.get("prompt", "") or ""), body, str(spec_dict.get("model", "") or "")]
        return "\n".join(parts).casefold()

    # -- paths ---------------------------------------------------------------------------------------------
    def _rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def _inside(self, path: str | Path) -> Path:
        p = Path(path).expanduser()
        if not p.is_absolute():
            p = self.root / p
        p = Path(os.path.abspath(p))
        root = Path(os.path.abspath(self.root))
        try:
            rel = p.resolve().relative_to(root.resolve())
        except ValueError:
            raise UserError(f"“{p.name}” is not in the output folder {self.root}: the studio only changes files "
                            "it saved there.") from None
        if not rel.parts or rel.name == INDEX_NAME:
            raise UserError(f"“{p.name}” is not a saved asset.")
        return p

    @staticmethod
    def _main_file(p: Path) -> Path:
        main = asset_of_sidecar(p)
        return main if main is not None else p

    # -- the index -----------------------------------------------------------------------------------------
    def _ensure_index(self, reconcile: bool = True) -> bool:
        """Open the index, healing it: rebuilt when it is new, missing, damaged or read-only; reconciled with the
        day folders whose contents changed since it last looked (files saved by another process, a save a crash
        cut short, files deleted by hand); temporary files of dead processes removed. False when there is no
        library yet (the output folder does not exist)."""
        with self._lock:
            if not self.root.is_dir():
                return False
            if self._opened and not self.index_path.exists():
                log.warning("The asset index %s disappeared: rebuilding it.", self.index_path)
                self._index.reset()
            if not self._opened:
                clean_stale_temps(self.root)
                try:
                    self._index.open()
                except OSError as e:
                    raise _unwritable(self.root, e) from e
                except sqlite3.OperationalError as e:
                    raise UserError(f"The library index in {self.root} cannot be opened: {e}. Choose another "
                                    "output folder in Settings.") from e
                self._opened = True
            if self._index.fresh or self._stale:
                self._rebuild_locked()
            elif reconcile:
                self._reconcile_locked()
            return True

    def _with_index(self, op: Callable[[], Any], reconcile: bool = True) -> Any:
        """Run an index operation; a damaged or read-only database (it is only a cache) is thrown away, rebuilt
        from the files, and ``op`` retried."""
        with self._lock:
            try:
                if not self._ensure_index(reconcile):     # its rebuild or reconcile may meet the damage first
                    return None
                return op()
            except sqlite3.DatabaseError as e:
                if not (is_corruption(e) or is_read_only(e)):
                    raise
                log.warning("The asset index %s is damaged or read-only (%s): rebuilding it.", self.index_path, e)
                self._index.reset()
                self._rebuild_locked()
                return op()

    def refresh(self) -> int:
        """Bring the index up to date with the folders (what the library does on every look); the asset count."""
        with self._lock:
            if not self._ensure_index():
                return 0
            self._seen_days.clear()          # look at every day folder, not only those whose mtime changed
            return self._with_index(self._index.count) or 0

    def _day_mtimes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        try:
            with os.scandir(self.root) as it:
                for e in it:
                    if DAY_RE.match(e.name) and e.is_dir():
                        out[e.name] = e.stat().st_mtime_ns
        except OSError:
            pass
        return out

    def _reconcile_locked(self) -> int:
        """Add the assets of changed day folders that the index lacks (one bad sidecar is skipped with a note),
        drop rows whose files are gone. Only folders whose mtime changed are listed, so a look is cheap."""
        days = self._day_mtimes()
        changed = [d for d, m in days.items() if self._seen_days.get(d) != m]
        vanished = [d for d in self._seen_days if d not in days]
        if not changed and not vanished:
            return -1
        indexed = self._index.paths()
        added = 0
        for day in changed:
            folder = self.root / day
            clean_stale_temps(folder)
            # listed from root/day itself: its relative path is day/name (no resolve() per file, which cost a
            # 1,000-asset library's first look ~150 ms on the GUI thread)
            on_disk = {f"{day}/{f.name}": f for f in self._asset_files(folder)}
            for rel, f in on_disk.items():
                if rel in indexed:
                    continue
                row = self._safe_row(f)
                if row is not None:
                    self._index.upsert(row)
                    added += 1
            prefix = day + "/"
            for rel in [r for r in indexed if r.startswith(prefix) and r not in on_disk]:
                if not (self.root / rel).exists():
                    self._index.remove(rel)
            for rel in [r for r in self.skipped if r.startswith(prefix) and r not in on_disk]:
                del self.skipped[rel]
        for day in vanished:
            prefix = day + "/"
            for rel in [r for r in indexed if r.startswith(prefix)]:
                self._index.remove(rel)
        if added:
            log.info("Added %d assets the library index did not have (%s).", added, self.root)
        self._seen_days = days
        return added

    def rebuild_index(self) -> int:
        """Rescan the day folders (sidecars, embedded metadata) and rebuild the index. Returns the asset count."""
        with self._lock:
            try:
                if not self._ensure_index():
                    return 0
                return self._rebuild_locked()
            except sqlite3.DatabaseError as e:
                if not (is_corruption(e) or is_read_only(e)):
                    raise
                self._index.reset()
                return self._rebuild_locked()

    def _rebuild_locked(self) -> int:
        try:
            kept_favourites = self._index.favourites()
        except sqlite3.DatabaseError:
            kept_favourites = set()
        days = self._day_mtimes()
        self.skipped.clear()
        rows = []
        for row in self._scan():
            if row.path in kept_favourites:
                row.favourite = True
            rows.append(row)
        n = self._index.replace_all(rows, still_there=lambda rel: (self.root / rel).exists())
        self._stale = False
        self._seen_days = days
        log.info("Indexed %d assets in %s.", n, self.root)
        return n

    def _scan(self) -> Iterator[IndexRow]:
        if not self.root.is_dir():
            return
        for day in sorted(self.root.iterdir()):
            if not (DAY_RE.match(day.name) and day.is_dir()):
                continue
            clean_stale_temps(day)
            for f in self._asset_files(day):
                row = self._safe_row(f)
                if row is not None:
                    yield row

    @staticmethod
    def _asset_files(day: Path) -> list[Path]:
        """The files of a day folder that are assets of ours: a known extension with a sidecar, or a PNG."""
        out = []
        try:
            names = sorted(os.listdir(day))
        except OSError:
            return out
        present = set(names)
        for name in names:
            if name.startswith(TEMP_PREFIX) or name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in EXT_KIND:
                continue
            if name + SIDECAR_SUFFIX not in present and suffix not in EMBEDDED_EXTS:
                continue   # not ours (or its sidecar was lost)
            f = day / name
            if f.is_file():
                out.append(f)
        return out

    def _safe_row(self, f: Path) -> IndexRow | None:
        """The row of ``f``, or None with a note in :attr:`skipped` (one hand-edited or damaged sidecar must not
        stop the others from being listed)."""
        try:
            row = self._row_for(f)
        except Exception as e:  # noqa: BLE001 — whatever a hand-edited file holds, the others are still indexed
            why = str(e) if isinstance(e, UserError) else f"its settings cannot be read ({type(e).__name__}: {e})"
            rel = self._rel(f)
            if self.skipped.get(rel) != why:       # said once, not at every look
                log.warning("Skipping %s while indexing: %s", f, why)
            self.skipped[rel] = why
            return None
        self.skipped.pop(row.path, None)
        return row

    def _row_for(self, path: Path) -> IndexRow:
        """The index row of a saved asset, from the files alone."""
        meta = read_metadata(path)
        spec_dict = meta["spec"]
        if not isinstance(spec_dict.get("kind"), str):
            raise UserError(f"The settings of “{path.name}” are damaged (their kind is not a name).")
        kind = EXT_KIND[path.suffix.lower()]
        body = ""
        if kind == "text":
            with open(path, "rb") as fh:
                body = fh.read(4 * 1024 * 1024).decode("utf-8", errors="replace")
        if spec_dict.get("kind") not in SPEC_TYPES:
            log.info("%s holds a spec of unknown kind %r; indexed anyway.", path, spec_dict.get("kind"))
        created, ts = _parse_time(meta.get("created"), path.stat().st_mtime)
        return IndexRow(path=self._rel(path), kind=kind,
                        spec_json=json.dumps(spec_dict, ensure_ascii=False, sort_keys=True),
                        model=str(spec_dict.get("model", "") or ""), created=created, created_ts=ts,
                        favourite=bool(meta.get("favourite", False)), preview=_preview(kind, spec_dict, body),
                        search=self._search_text(spec_dict, body))

    # -- library operations --------------------------------------------------------------------------------
    def search(self, query: str = "", kind: str | None = None, favourites: bool = False,
               limit: int = 500) -> list[AssetRecord]:
        """Newest first; ``query`` is a case-insensitive substring of the prompt, the text or the model."""
        needle = (query or "").strip().casefold()
        rows = self._with_index(lambda: self._index.query(needle, kind, favourites, limit))
        if not rows:
            return []
        out, gone = [], []
        for r in rows:
            p = self.root / r.path
            if p.exists():
                out.append(AssetRecord(path=p, kind=r.kind, spec_json=r.spec_json, model=r.model,
                                       created=r.created, favourite=r.favourite, preview=r.preview))
            else:
                gone.append(r.path)   # deleted outside the studio
        for g in gone:
            self._with_index(lambda g=g: self._index.remove(g))
        return out

    def get(self, path: str | Path) -> AssetRecord | None:
        p = self._main_file(self._inside(path))
        r = self._with_index(lambda: self._index.get(self._rel(p)))
        if r is None:
            return None
        return AssetRecord(path=self.root / r.path, kind=r.kind, spec_json=r.spec_json, model=r.model,
                           created=r.created, favourite=r.favourite, preview=r.preview)

    def set_favourite(self, path: str | Path, on: bool) -> None:
        """Mark an asset as a favourite (kept in its sidecar too, so a rebuilt index keeps it)."""
        p = self._main_file(self._inside(path))
        if not p.exists():
            raise UserError(f"“{p.name}” was not found.")
        rel = self._rel(p)
        side = sidecar_of(p)
        if side.exists():
            try:
                meta = parse_metadata(side.read_bytes(), side)
                meta["favourite"] = bool(on)
                atomic_write_json(side, meta)
            except OSError as e:
                log.warning("Could not record the favourite in %s: %s", side, e)

        def op() -> None:
            if not self._index.set_favourite(rel, on):
                row = self._row_for(p)   # saved but not yet indexed
                row.favourite = bool(on)
                self._index.upsert(row)
        self._with_index(op)

    def delete(self, path: str | Path) -> None:
        """Delete an asset: the file, its sidecar and its index row. Only inside the output folder."""
        p = self._main_file(self._inside(path))
        if p.is_dir() or p.suffix.lower() not in EXT_KIND:
            raise UserError(f"“{p.name}” is not a saved asset.")
        rel = self._rel(p)
        for f in (p, sidecar_of(p)):
            try:
                f.unlink()
            except FileNotFoundError:
                pass
            except OSError as e:
                raise UserError(f"“{f.name}” could not be deleted: {e.strerror or e}.") from e
        self._with_index(lambda: self._index.remove(rel))
