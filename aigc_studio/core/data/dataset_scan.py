"""Scanning a dataset folder (Qt-free, no torch): the report the Train tab and ``aigc-studio dataset scan`` show.

:func:`scan` is a generator: it yields :class:`Progress` and :class:`Log` events, checks ``should_stop`` between
files (and inside long reads), and returns a :class:`ScanResult` — the report (a JSON-able dict) and small
thumbnails of the pictures (uint8 arrays, kept out of the JSON).

The report::

    {"format": "aigc-studio-dataset-report/1", "path": <what was scanned>, "root": <folder of the names>,
     "kind": "image" | "audio" | "text", "kind_detected": bool,
     "files": <files of that kind>, "usable": <readable and not suggested for exclusion>,
     "total_bytes": int, "formats": {"PNG": 12, ...},
     "items": [{"path", "size", "mtime", "sha256", "format", ...kind's numbers, "envelope" | "snippet"}],
     "unreadable": [{"path", "code", "reason", "message", "args"}],
     "other_files": [{"path", "code", "reason", "message", "args"}],      # "not a <kind>"
     "exact_duplicates": [[path, ...]], "near_duplicates": [[path, ...]],
     "outliers": [{"path", "code", "reason", "message", "args"}],
     "suggested_exclusions": [{"path", "code", "reason", "message", "args"}],
     "stopped": bool}

``reason`` is the English text; ``message`` + ``args`` are its template and arguments (the interface translates
the template, context "CoreMessages"). Paths are relative to ``root`` with POSIX separators.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np

from aigc_studio.core.assets.formats import KIND_EXTENSIONS, SIDECAR_EXTENSION, kind_of_path
from aigc_studio.core.base.errors import Problem
from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.data import dataset_probe as probe
from aigc_studio.core.data.dataset import KIND_WORDS, KINDS, DatasetError, Manifest, looks_like_manifest, rel

REPORT_FORMAT = "aigc-studio-dataset-report/1"
MAX_FILES = 200_000
MAX_THUMBNAILS = 2000        # ~9 KB each: the first 2,000 files and every flagged one
IMAGE_HAMMING = 6            # of 64 dHash bits
IMAGE_COLOUR_DIFF = 5.0      # mean difference of the 8x8 colour grids (of 255): a JPEG copy 1-4
AUDIO_TOLERANCE_DB = 2.5     # RMS difference of the coarse spectra over time (dB)
AUDIO_LENGTH_TOLERANCE = 0.1

NOT_KIND = {"image": "Not an image: by its name it is {what}.",
            "audio": "Not a sound: by its name it is {what}.",
            "text": "Not a text file: by its name it is {what}."}
WHAT = {"image": "an image", "audio": "a sound", "text": "a text file", "": "another kind of file"}
FOLDER_UNREADABLE = "Skipped: this folder cannot be read ({error})."
EXACT_COPY = "An exact copy of {first}: left out."
NEAR_COPY = "Nearly the same as {first}: left out."
OUTLIER_TEXT = {
    "tiny": "Tiny: {width}×{height} pixels (most images here are about {typical} pixels across).",
    "huge": "Huge: {width}×{height} pixels (most images here are about {typical} pixels across).",
    "aspect": "Odd shape: {width}×{height} pixels, more than 3 times wider than tall or taller than wide.",
    "blank": "Blank: the picture is a single colour.",
    "silent": "Silent: its loudest sample is below -80 dBFS.",
    "too_short": "Too short: {seconds} s.",
    "too_long": "Very long: {seconds} s (most sounds here last about {typical} s).",
    "empty": "Empty: it holds no text.",
    "huge_text": "Very large: {megabytes} MB of text (most files here are about {typical} kB).",
}
SUGGEST = {"silent": "Silent: left out (training cannot learn from silence).",
           "empty": "Empty: left out."}


@dataclass
class ScanResult:
    report: dict[str, Any]
    thumbnails: dict[str, Any] = field(default_factory=dict)    # relative path -> uint8 (h, w, 4)
    manifest: Manifest | None = None                            # the manifest rescanned, if one was given


def _entry(path: str, p: Problem) -> dict[str, Any]:
    return {"path": path, "code": p.code, "reason": p.text, "message": p.message, "args": dict(p.args)}


def _problem(code: str, message: str, **args: Any) -> Problem:
    return Problem("", code, message, args)


# ---------------------------------------------------------------------------------------------- listing

def _walk(root: Path, unreadable: list, should_stop: Callable[[], bool]) -> Generator[Any, None, list[Path] | None]:
    """Every file under ``root`` (not following folder links; hidden files, hidden folders and the studio's own
    sidecars skipped). A folder that cannot be listed is recorded in ``unreadable``."""
    found: list[Path] = []

    def onerror(e: OSError) -> None:
        name = rel(Path(e.filename), root) if e.filename else "."
        unreadable.append(_entry(name + "/", _problem("permission" if isinstance(e, PermissionError) else "read_error",
                                                      FOLDER_UNREADABLE, error=e.strerror or str(e))))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if f.startswith("."):
                continue
            p = Path(dirpath) / f
            if p.suffix.lower() == SIDECAR_EXTENSION and kind_of_path(p.with_suffix("")):
                continue          # the settings beside a saved sound or text
            found.append(p)
            if len(found) > MAX_FILES:
                raise DatasetError(f"The folder {root.name} holds more than {MAX_FILES:,} files: choose a smaller "
                                   "folder.")
            if len(found) % 500 == 0:
                yield Progress(0, 0, f"Listing files: {len(found):,}")
                if should_stop():
                    return None
    return found


def _kind_counts(files: list[Path]) -> Counter:
    return Counter(kind_of_path(p) for p in files)


KIND_WORD_ONE = {"image": "image", "audio": "sound", "text": "text file"}
A_KIND_WORD = {"image": "an image", "audio": "a sound", "text": "a text file"}


def _describe_counts(counts: Counter) -> str:
    parts = [f"{counts[k]} {KIND_WORDS[k] if counts[k] != 1 else KIND_WORD_ONE[k]}" for k in KINDS if counts.get(k)]
    if counts.get(""):
        parts.append(f"{counts['']} other files" if counts[""] != 1 else "1 other file")
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------- scanning

def _walkable(root: Path, manifest: Path) -> bool:
    """Whether scanning the manifest file ``manifest`` again may walk its ``root`` for new files: only when the
    root is the manifest's own folder or a folder inside it (a dataset saved beside its data)."""
    try:
        r, here = Path(os.path.realpath(root)), Path(os.path.realpath(Path(manifest).parent))
    except OSError:
        return False
    return r == here or here in r.parents


def scan(path: str | Path, kind: str | None = None, *, should_stop: Callable[[], bool] | None = None,
         thumbnails: bool = True, selection: Manifest | None = None) -> Generator[Any, None, ScanResult]:
    """Scan a folder, a single file or a saved dataset manifest (the files it lists are scanned again, with its kind — its folder is not walked, see
    :mod:`aigc_studio.core.data.dataset` — and
    :attr:`ScanResult.manifest` is the manifest read). ``kind`` None: the kind most of the files have.
    ``selection``: a manifest in memory to scan instead of ``path`` (the favourites: only its own files).

    Raises :class:`DatasetError` (a ``UserError``) for a path that does not exist, an empty folder, a folder with
    no files of ``kind`` (or of any kind the studio reads)."""
    stop = should_stop or (lambda: False)
    if kind not in (None, "", *KINDS):
        raise DatasetError(f"Unknown kind '{kind}': choose image, audio or text.")
    path = Path(os.path.abspath(Path(path).expanduser()))     # a manifest's root must not depend on the cwd
    previous = None
    if selection is not None:
        previous, kind, target = selection, selection.kind, selection.root
    elif looks_like_manifest(path):
        previous = Manifest.load(path)
        if kind and kind != previous.kind:
            raise DatasetError(f"The dataset {path.name} holds {KIND_WORDS[previous.kind]}, not {KIND_WORDS[kind]}.")
        kind = previous.kind
        target = previous.root
        if not target.is_dir():
            raise DatasetError(f"The folder of the dataset {path.name} ({target}) is gone: it was moved or deleted.")
    else:
        target = path
    unreadable: list[dict[str, Any]] = []
    if previous is not None and (previous.selection or selection is not None
                                 or not _walkable(previous.root, path)):
        # a chosen set (favourites), or a manifest whose folder is elsewhere: only its own files, never a walk of
        # its root (a manifest someone sent, "root": "/etc", must not make the studio read a folder)
        root = target
        files = sorted({root / n for n in previous.all_names() if (root / n).is_file()})
        if not files:
            raise DatasetError(f"None of the files of the dataset {path.name} is there any more.")
    elif target.is_dir():
        root = target
        try:
            with os.scandir(root) as entries:
                next(entries, None)
        except PermissionError:
            raise DatasetError(f"The folder {root.name} cannot be read: permission denied.") from None
        files = yield from _walk(root, unreadable, stop)
        if files is None:
            return ScanResult(_empty_report(path, root, kind or "image", stopped=True), manifest=previous)
    elif target.is_file():
        root = target.parent
        files = [target]
    elif not target.exists():
        raise DatasetError(f"{target} does not exist.")
    else:
        raise DatasetError(f"{target} is neither a folder nor a file.")
    if not files and not unreadable:
        raise DatasetError(f"The folder {root.name} is empty: put images, sounds or text files in it.")
    counts = _kind_counts(files)
    known = {k: counts.get(k, 0) for k in KINDS}
    detected = not kind
    if not kind:
        if not any(known.values()):
            if target.is_file():
                kind = "text"        # a single file of another extension: read as text (it says so if it is not)
            else:
                raise DatasetError(f"The folder {root.name} holds no images, sounds or text files "
                                   f"({len(files)} other files). The studio reads "
                                   + ", ".join(e for k in KINDS for e in KIND_EXTENSIONS[k]) + ".")
        else:
            kind = max(KINDS, key=lambda k: (known[k], -KINDS.index(k)))
    if target.is_dir() and not known[kind]:
        raise DatasetError(f"The folder {root.name} holds no {KIND_WORDS[kind]}: it has {_describe_counts(counts)}."
                           " Choose another folder or another kind.")
    if target.is_file():
        mine, others = files, []
    else:
        mine = [p for p in files if kind_of_path(p) == kind]
        others = [p for p in files if kind_of_path(p) != kind]
    other_entries = [_entry(rel(p, root), _problem("other_kind", NOT_KIND[kind], what=WHAT[kind_of_path(p)]))
                     for p in others]
    if len(others) == 1:
        yield Log(f"1 file is not {A_KIND_WORD[kind]} and is left out ({_describe_counts(_kind_counts(others))}).",
                  "warning")
    elif others:
        yield Log(f"{len(others)} files are not {KIND_WORDS[kind]} and are left out "
                  f"({_describe_counts(_kind_counts(others))}).", "warning")
    items: list[dict[str, Any]] = []
    fps: dict[str, Any] = {}
    thumbs: dict[str, Any] = {}
    stopped = False
    n = len(mine)
    for i, p in enumerate(mine):
        if stop():
            stopped = True
            break
        name = rel(p, root)
        yield Progress(i, n, f"Scanning {name}")
        try:
            item = _probe_one(p, kind, thumbnails, stop)
        except probe.ProbeFailure as e:
            unreadable.append(_entry(name, e.problem))
            continue
        except InterruptedError:
            stopped = True
            break
        if item is None:
            stopped = True
            break
        item["path"] = name
        fps[name] = item.pop("_fp")
        thumb = item.pop("_thumb", None)
        if thumb is not None:
            thumbs[name] = thumb
        items.append(item)
    yield Progress(n if not stopped else len(items), n, "Comparing files")
    report = _report(path, root, kind, detected, items, fps, unreadable, other_entries, stopped)
    if len(thumbs) > MAX_THUMBNAILS:           # memory: the flagged files and the first others keep theirs
        flagged = {p for g in report["exact_duplicates"] + report["near_duplicates"] for p in g}
        flagged |= {o["path"] for o in report["outliers"]}
        keep = flagged | {it["path"] for it in items[:MAX_THUMBNAILS]}
        thumbs = {k: v for k, v in thumbs.items() if k in keep}
    if unreadable:
        yield Log(f"{len(unreadable)} files cannot be used; the report says why.", "warning")
    return ScanResult(report, thumbs, previous)


def _probe_one(p: Path, kind: str, thumbnails: bool, stop: Callable[[], bool]) -> dict[str, Any] | None:
    """The probe of one file, its hash, and the check that it did not change while being read."""
    try:
        before = os.stat(p)
    except OSError as e:
        raise probe.os_failure(e) from None
    try:
        if kind == "image":
            item = probe.probe_image(p, thumbnails)
        elif kind == "audio":
            item = probe.probe_audio(p, thumbnails, stop)
        else:
            item = probe.probe_text(p, thumbnails, stop)
        if "sha256" not in item:
            digest = probe.hash_file(p, stop)
            if digest is None:
                return None
            item["sha256"] = digest
        after = os.stat(p)
    except OSError as e:
        raise probe.os_failure(e) from None
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise probe.ProbeFailure("changed", probe.CHANGED)
    item["size"] = int(after.st_size)
    item["mtime"] = after.st_mtime
    item.pop("name", None)
    return item


def _empty_report(path: Path, root: Path, kind: str, stopped: bool) -> dict[str, Any]:
    return {"format": REPORT_FORMAT, "path": str(path), "root": str(root), "kind": kind, "kind_detected": False,
            "files": 0, "usable": 0, "total_bytes": 0, "formats": {}, "items": [], "unreadable": [],
            "other_files": [], "exact_duplicates": [], "near_duplicates": [], "outliers": [],
            "suggested_exclusions": [], "stopped": stopped}


# ---------------------------------------------------------------------------------------------- judging

def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 (numpy 1.26 has no bitwise_count)."""
    x = np.ascontiguousarray(x, dtype=np.uint64)
    return np.unpackbits(x.view(np.uint8)).reshape(len(x), 64).sum(axis=1)


def _star_groups(names: list[str], close_to: Callable[[int, np.ndarray], np.ndarray]) -> list[list[str]]:
    """Groups around a first member: each file (in name order) joins the group of the first earlier file that
    leads a group and is close to it, else leads its own. No chains: A~B and B~C does not put A with C unless C is
    close to A itself (single linkage would gather a whole folder of gradually different drum hits)."""
    leaders: list[int] = []
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        if leaders:
            hit = np.asarray(close_to(i, np.asarray(leaders)), dtype=bool)
            if hit.any():
                groups[leaders[int(np.argmax(hit))]].append(i)
                continue
        leaders.append(i)
        groups[i] = [i]
    return sorted(([names[k] for k in g] for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def near_groups(kind: str, reps: list[dict[str, Any]], fps: dict[str, Any]) -> list[list[str]]:
    """Groups of near duplicates among ``reps`` (one item per distinct content, in name order)."""
    if kind == "image":
        usable = [r for r in reps if not r.get("blank")]      # every blank picture has the same hash
        if len(usable) < 2:
            return []
        h = np.array([fps[r["path"]][0] for r in usable], dtype=np.uint64)
        colours = np.stack([fps[r["path"]][1].astype(np.float32).ravel() for r in usable])
        aspect = np.log(np.array([r["width"] / max(1, r["height"]) for r in usable], dtype=np.float64))

        def close(i: int, lead: np.ndarray) -> np.ndarray:
            return ((_popcount(h[lead] ^ h[i]) <= IMAGE_HAMMING) & (np.abs(aspect[lead] - aspect[i]) < 0.1)
                    & (np.abs(colours[lead] - colours[i]).mean(axis=1) < IMAGE_COLOUR_DIFF))
    elif kind == "audio":
        usable = [r for r in reps if not r.get("silent")]
        if len(usable) < 2:
            return []
        f = np.stack([np.asarray(fps[r["path"]], np.float64).ravel() for r in usable])
        sec = np.log(np.array([max(r["seconds"], 1e-3) for r in usable]))

        def close(i: int, lead: np.ndarray) -> np.ndarray:
            rms = np.sqrt(((f[lead] - f[i]) ** 2).mean(axis=1))
            return (rms < AUDIO_TOLERANCE_DB) & (np.abs(sec[lead] - sec[i]) < AUDIO_LENGTH_TOLERANCE)
    else:
        usable = [r for r in reps if not r.get("empty")]
        if len(usable) < 2:
            return []
        keys = [fps[r["path"]] for r in usable]

        def close(i: int, lead: np.ndarray) -> np.ndarray:
            return np.array([keys[j] == keys[i] for j in lead])
    return _star_groups([r["path"] for r in usable], close)


def outliers(kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    many = len(items) >= 5

    def add(item: dict[str, Any], code: str, **args: Any) -> None:
        out.append(_entry(item["path"], _problem(code, OUTLIER_TEXT[code], **args)))

    if kind == "image" and items:
        longs = [max(i["width"], i["height"]) for i in items]
        typical = int(median(longs))
        typical_px = median([i["width"] * i["height"] for i in items])
        for it, long_side in zip(items, longs):
            w, h = it["width"], it["height"]
            if long_side < 16 or (many and long_side < typical / 4):
                add(it, "tiny", width=w, height=h, typical=typical)
            elif long_side > 4096 or (many and w * h > 16 * typical_px):
                add(it, "huge", width=w, height=h, typical=typical)
            if max(w, h) > 3 * min(w, h):
                add(it, "aspect", width=w, height=h)
            if it.get("blank"):
                add(it, "blank")
    elif kind == "audio" and items:
        typical = median([i["seconds"] for i in items])
        for it in items:
            s = it["seconds"]
            if it.get("silent"):
                add(it, "silent")
            if s < 0.05:
                add(it, "too_short", seconds=f"{s:.3f}")
            elif s > 60 or (many and s > 10 and s > 10 * typical):
                add(it, "too_long", seconds=f"{s:.1f}", typical=f"{typical:.1f}")
    elif kind == "text" and items:
        typical = median([i["size"] for i in items])
        for it in items:
            if it.get("empty"):
                add(it, "empty")
            elif it["size"] > 5e6 or (many and it["size"] > 1e6 and it["size"] > 20 * typical):
                add(it, "huge_text", megabytes=f"{it['size'] / 1e6:.1f}", typical=f"{typical / 1e3:.0f}")
    return out


def _report(path: Path, root: Path, kind: str, detected: bool, items: list[dict[str, Any]], fps: dict[str, Any],
            unreadable: list, other_entries: list, stopped: bool) -> dict[str, Any]:
    by_hash: dict[str, list[str]] = {}
    for it in items:
        by_hash.setdefault(it["sha256"], []).append(it["path"])
    exact = sorted((sorted(g) for g in by_hash.values() if len(g) > 1), key=lambda g: g[0])
    firsts = {g[0] for g in by_hash.values()}
    reps = [it for it in items if it["path"] in firsts]
    near = near_groups(kind, reps, fps)
    outs = outliers(kind, items)
    suggested: list[dict[str, Any]] = []
    taken: set[str] = set()
    for group in exact:
        for other in group[1:]:
            suggested.append(_entry(other, _problem("exact_duplicate", EXACT_COPY, first=group[0])))
            taken.add(other)
    for group in near:
        for other in group[1:]:
            if other not in taken:
                suggested.append(_entry(other, _problem("near_duplicate", NEAR_COPY, first=group[0])))
                taken.add(other)
    for o in outs:
        if o["code"] in SUGGEST and o["path"] not in taken:
            suggested.append(_entry(o["path"], _problem(o["code"], SUGGEST[o["code"]])))
            taken.add(o["path"])
    formats = Counter(it.get("format", "?") for it in items)
    return {"format": REPORT_FORMAT, "path": str(path), "root": str(root), "kind": kind, "kind_detected": detected,
            "files": len(items) + sum(1 for u in unreadable if not u["path"].endswith("/")),
            "usable": len(items) - len(taken), "total_bytes": int(sum(it["size"] for it in items)),
            "formats": dict(sorted(formats.items())), "items": items, "unreadable": unreadable,
            "other_files": other_entries, "exact_duplicates": exact, "near_duplicates": near, "outliers": outs,
            "suggested_exclusions": suggested, "stopped": stopped}


def run_scan(path: str | Path, kind: str | None = None, **kw: Any) -> ScanResult:
    """:func:`scan` driven to the end, its events dropped (tests, scripts)."""
    gen = scan(path, kind, **kw)
    while True:
        try:
            next(gen)
        except StopIteration as done:
            return done.value


__all__ = ["REPORT_FORMAT", "ScanResult", "near_groups", "outliers", "run_scan", "scan"]
