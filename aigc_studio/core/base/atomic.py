"""Atomic file writing: every file the studio saves appears complete or not at all.

A file is written to a temporary file in the same folder, flushed and fsynced, then moved into place:

* :func:`atomic_write_bytes` / :func:`atomic_write_text` / :func:`atomic_write_json` replace the target
  (``os.replace``) — for files the studio owns (settings, sidecars it rewrites).
* :func:`publish_new` never replaces anything: it hard-links the finished temporary file to the first free name
  (``os.link`` fails with ``EEXIST`` when the name is taken, so two saves cannot race) and falls back to an
  ``O_EXCL`` reservation on file systems without hard links.

On any error (a full disk mid-write included) the temporary file is removed and the error re-raised, so nothing is
left behind. A process killed mid-write (kill -9, power loss) cannot clean up: its temporary files carry its PID
(``.aigc-tmp-<pid>-XXXX.part``) and :func:`clean_stale_temps` removes those of processes no longer alive.
:func:`folder_lock` serialises choosing a name in one folder across processes. Qt-free; no torch.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

TEMP_PREFIX = ".aigc-tmp-"
TEMP_SUFFIX = ".part"
LEGACY_TEMP_AGE_S = 24 * 3600    # a temporary file without a PID (earlier versions) is removed after a day
_TEMP_PID_RE = re.compile(r"^" + re.escape(TEMP_PREFIX) + r"(\d+)-.*" + re.escape(TEMP_SUFFIX) + r"$")


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()   # read once, at import (os.umask is process-wide)


def _write_all(f: BinaryIO, data: bytes) -> None:
    """Write every byte (a short write is retried, a failing one raises)."""
    view = memoryview(data)
    while view:
        n = f.write(view)
        if n is None:  # pragma: no cover - unbuffered raw streams only
            n = len(view)
        view = view[n:]


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); harmless where folders cannot be opened (Windows)."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _unlink_quietly(path: str | Path | None) -> None:
    if path is None:
        return
    with contextlib.suppress(FileNotFoundError, OSError):
        os.unlink(path)


def write_temp(folder: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file in ``folder`` (flushed and fsynced) and return its path.
    On any error the temporary file is removed and the error re-raised."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            _write_all(f, data)
            f.flush()
            if os.name == "posix":   # the permissions a normal open() gives (mkstemp makes it 0600)
                os.fchmod(f.fileno(), 0o666 & ~_UMASK)
            os.fsync(f.fileno())
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return Path(tmp)


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def disk_full(exc: BaseException) -> bool:
    """True for "no space left on device" (or over quota), also when a library reports it in its own exception
    (safetensors' ``SafetensorError: ... No space left on device (os error 28)``)."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    text = str(exc)
    return "No space left on device" in text or "os error 28" in text or "Disk quota exceeded" in text


def pid_alive(pid: int) -> bool:
    """True unless process ``pid`` certainly does not exist (where that cannot be told: True)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name != "posix":  # pragma: no cover - Windows: leave it to the age rule
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:          # EPERM: it exists, it is someone else's
        return True
    return True


def clean_stale_temps(folder: str | Path, now: float | None = None) -> list[Path]:
    """Remove the studio's temporary files in ``folder`` left by processes that died mid-write (their PID is in
    the name and no such process is alive), and nameless-PID ones older than a day. Returns what was removed."""
    folder = Path(folder)
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        names = [n for n in os.listdir(folder) if n.startswith(TEMP_PREFIX) and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        m = _TEMP_PID_RE.match(name)
        try:
            if m is not None:
                stale = not pid_alive(int(m.group(1)))
            else:
                stale = now - path.stat().st_mtime > LEGACY_TEMP_AGE_S
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def folder_lock(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made if missing; it stays, empty) across processes, e.g. while
    a name is chosen and published. Where no lock can be made (a read-only folder, a file system without locks)
    it goes on without one: the save itself then says what is wrong."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield
        return
    locked = False
    try:
        try:
            if os.name == "posix":
                import fcntl
                fcntl.flock(fd, fcntl.LOCK_EX)
            else:  # pragma: no cover - Windows
                import msvcrt
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            locked = True
        except OSError:
            pass
        yield
    finally:
        if locked:
            with contextlib.suppress(OSError):
                if os.name == "posix":
                    import fcntl
                    fcntl.flock(fd, fcntl.LOCK_UN)
                else:  # pragma: no cover
                    import msvcrt
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)


def replace_folder(tmp: Path, final: Path) -> Path:
    """Put the finished folder ``tmp`` in place of ``final`` (two renames; the old folder is removed after the new
    one is in place), so a crash leaves either the old folder or the new one, never half of one."""
    tmp, final = Path(tmp), Path(final)
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, replacing what is there."""
    path = Path(path)
    tmp = write_temp(path.parent, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    _fsync_dir(path.parent)
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 (no BOM, newlines as given) atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def atomic_write_json(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as indented UTF-8 JSON atomically."""
    return atomic_write_bytes(path, json_bytes(obj))


_NO_LINK_ERRNOS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def _link_exclusive(tmp: Path, target: Path) -> bool:
    """Put the finished ``tmp`` at ``target`` unless ``target`` exists; False when the name is taken.
    With hard links ``tmp`` stays (the caller removes it); with the fallback it is moved."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError as e:
        if e.errno not in _NO_LINK_ERRNOS:
            raise
    # No hard links here (FAT, some network shares): reserve the name with O_EXCL, then replace the placeholder.
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    os.close(fd)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(target)
        raise
    return True


def publish_new(files: dict[str, bytes], folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """Save a group of files that belong together (an asset and its sidecar) under the first free name.

    ``files`` maps a suffix (``".txt"``, ``".txt.json"``) to its bytes; ``names`` yields candidate stems
    (``"0007-tang-poems-zh-s42"``). Every file is written and fsynced to a temporary file first; then each is
    linked to ``stem + suffix`` without ever replacing an existing file. If any name of the group is taken the
    group moves on to the next stem. On any error whatever was published is removed again, the temporary files
    too, and the error is re-raised. Returns ``{suffix: final path}``.
    """
    folder = Path(folder)
    temps: dict[str, Path] = {}
    published: list[Path] = []
    try:
        for suffix, data in files.items():
            temps[suffix] = write_temp(folder, data)
        for stem in names:
            ok = True
            for suffix in temps:
                if not temps[suffix].exists():   # moved by the no-hard-link fallback for a stem given up
                    temps[suffix] = write_temp(folder, files[suffix])
                target = folder / f"{stem}{suffix}"
                if _link_exclusive(temps[suffix], target):
                    published.append(target)
                else:
                    ok = False
                    break
            if ok:
                result = {suffix: folder / f"{stem}{suffix}" for suffix in temps}
                published = []  # they stay
                _fsync_dir(folder)
                return result
            for p in published:   # a name of the group was taken: release the others and try the next stem
                _unlink_quietly(p)
            published = []
        raise FileExistsError(errno.EEXIST, "No free file name", str(folder))
    except BaseException:
        for p in published:
            _unlink_quietly(p)
        raise
    finally:
        for tmp in temps.values():
            if tmp.exists():
                _unlink_quietly(tmp)
