""""Train on favourites": the assets of one kind that the user starred in the Assets library, as a dataset
manifest (Qt-free, no torch). The library is only read (its search); the files are listed where they are, never
copied or changed. Text assets are their ``.txt`` files (the prompt and the generated text, as saved), so
training reads their text. The manifest is a *selection*: rescanning it looks at these files only, not at the
whole output folder.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from aigc_studio.core.data.dataset import KIND_WORDS, KINDS, DatasetError, Manifest, rel
from aigc_studio.core.data.dataset_probe import hash_file

MAX_FAVOURITES = 100_000


def favourite_files(store: Any, kind: str) -> list[Path]:
    """The favourite assets of ``kind`` in ``store`` (an ``AssetStore``) that still exist, oldest first."""
    if kind not in KINDS:
        raise DatasetError(f"Unknown kind of data '{kind}': one of {', '.join(KINDS)}.")
    records = store.search("", kind=kind, favourites=True, limit=MAX_FAVOURITES)
    return [r.path for r in reversed(records) if Path(r.path).is_file()]


def favourites_selection(store: Any, kind: str, augment: dict[str, Any] | None = None) -> Manifest:
    """The favourite assets of ``kind`` as a selection to scan (``dataset_scan.scan(..., selection=...)``): their
    names only — the scan reads, hashes and judges them (on the engine thread: the dataset-scan job with
    ``favourites``). :class:`DatasetError` in words when there are none."""
    files = favourite_files(store, kind)
    if not files:
        raise DatasetError(f"There are no favourite {KIND_WORDS[kind]} in the Assets library yet: star the ones "
                           "you like, then train on them.")
    root = Path(store.root)
    return Manifest(kind=kind, root=root, files=[{"path": rel(p, root)} for p in files], augment=dict(augment or {}),
                    selection=True, summary={"files": len(files), "source": "favourites"})


def favourites_manifest(store: Any, kind: str, augment: dict[str, Any] | None = None) -> Manifest:
    """A manifest of the favourite assets of ``kind``; :class:`DatasetError` in words when there are none."""
    files = favourite_files(store, kind)
    if not files:
        raise DatasetError(f"There are no favourite {KIND_WORDS[kind]} in the Assets library yet: star the ones "
                           "you like, then train on them.")
    root = Path(store.root)
    entries = []
    for p in files:
        try:
            st = p.stat()
            digest = hash_file(p)
        except OSError:
            continue          # deleted or unreadable since the search: left out
        entries.append({"path": rel(p, root), "size": int(st.st_size), "mtime": st.st_mtime, "sha256": digest})
    if not entries:
        raise DatasetError(f"The favourite {KIND_WORDS[kind]} cannot be read any more (moved or deleted).")
    return Manifest(kind=kind, root=root, files=entries, augment=dict(augment or {}), selection=True,
                    summary={"files": len(entries), "usable": len(entries), "source": "favourites"})


__all__ = ["favourite_files", "favourites_manifest", "favourites_selection"]
