"""Run folders, torch-free: where the window's trainings keep their checkpoints, which runs can be resumed, and
the lock that keeps two trainings out of one run folder.

- :func:`default_runs_root` (``<user data>/runs``) and :func:`default_models_root` (``<user data>/models``, where
  the model pickers look): the window trains ``<models root>/<name>`` with the run folder ``<runs root>/<name>``;
  :func:`new_run_paths` picks a name free in both.
- :func:`unfinished_runs`: the run folders under a root that hold a checkpoint but no finished model (crashed,
  killed, cancelled), newest first, as ``{"name", "kind", "model_type", "step", "total", "when", "run_dir",
  "out", "data", "from_model"}`` (``when``: seconds since the epoch of the checkpoint). The Train tab offers to
  resume them: the same job (:func:`resume_spec` of the run folder) continues from the checkpoint. Also
  ``"seconds"``: the training time so far.
- :class:`RunLock`: ``<run_dir>/lock`` holds the training process's id (and start time) while it runs; a second training of the
  same folder (another process, or a second job of the window) is refused in words; a lock left by a killed
  process is taken over.
- ``<run_dir>/finished.json`` marks a run whose model was written (removed when the run goes on).
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from aigc_studio.core.base.settings import data_dir, user_models_dir

RUN_FILE = "run.json"
FINISHED_FILE = "finished.json"
LOCK_FILE = "lock"
_STATE = Path("checkpoint") / "state.json"

KIND_OF_JOB = {"train-text": "text", "train-image": "image", "train-audio": "audio"}


def default_runs_root() -> Path:
    return data_dir() / "runs"


def default_models_root() -> Path:
    return user_models_dir()


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.")
    return name[:60] or "model"


def new_run_paths(name: str, models_root: Path | None = None, runs_root: Path | None = None) -> tuple[Path, Path]:
    """(model folder, run folder) of a new training named ``name``: a name free in both roots ("name",
    "name-2", ...), so two trainings asked at once never share a folder."""
    models_root = Path(models_root) if models_root else default_models_root()
    runs_root = Path(runs_root) if runs_root else default_runs_root()
    base = _safe_name(name)
    for n in range(1, 10_000):
        candidate = base if n == 1 else f"{base}-{n}"
        out, run = models_root / candidate, runs_root / candidate
        if not out.exists() and not run.exists():
            return out, run
    raise OSError(f"No free model name like {base} in {models_root}.")


def _read_json(path: Path) -> dict | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return d if isinstance(d, dict) else None


def run_kind(train: dict) -> str:
    """The job kind ("train-text"...) of a run.json's ``train`` options."""
    if "model_type" in train:
        return "train-image"
    if "tokenizer" in train or "vocab_size" in train:
        return "train-text"
    return "train-audio"


def unfinished_runs(root: Path | None = None) -> list[dict]:
    """The resumable runs under ``root`` (default: :func:`default_runs_root`), newest first."""
    root = Path(root) if root else default_runs_root()
    found = []
    try:
        folders = [p for p in root.iterdir() if p.is_dir()]
    except OSError:
        return []
    for run_dir in folders:
        state = _read_json(run_dir / _STATE)
        run = _read_json(run_dir / RUN_FILE)
        if state is None or run is None or (run_dir / FINISHED_FILE).exists():
            continue
        train = run.get("train") if isinstance(run.get("train"), dict) else {}
        try:
            when = (run_dir / _STATE).stat().st_mtime
        except OSError:
            continue
        kind = run.get("kind") or run_kind(train)
        found.append({"name": run_dir.name, "kind": kind, "model_type": train.get("model_type", ""),
                      "step": int(state.get("step", 0) or 0), "total": int(train.get("steps", 0) or 0),
                      "seconds": float(state.get("seconds", 0.0) or 0.0), "when": when, "run_dir": str(run_dir), "out": str(train.get("out", "")),
                      "data": str(train.get("data", "")), "from_model": str(train.get("from_model", ""))})
    found.sort(key=lambda r: r["when"], reverse=True)
    return found


def mark_finished(run_dir: Path, out: Path, step: int) -> None:
    from aigc_studio.core.base.atomic import atomic_write_text
    atomic_write_text(Path(run_dir) / FINISHED_FILE, json.dumps({"out": str(out), "step": int(step),
                                                                 "when": time.time()}))


def clear_finished(run_dir: Path) -> None:
    try:
        (Path(run_dir) / FINISHED_FILE).unlink()
    except FileNotFoundError:
        pass


def _started(pid: int) -> str:
    """When process ``pid`` started (Linux: clock ticks after boot), "" where that cannot be read: with the id it
    tells a live lock holder from a new process that was given a dead holder's id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(pid: int, started: str = "") -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":       # os.kill(pid, 0) would send Ctrl+C there
        import ctypes
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        pass
    now = _started(pid)
    return not (started and now and now != started)


class RunFolderBusy(Exception):
    """Another training is writing to the run folder."""


class RunLock:
    """``<run_dir>/lock`` while a training runs (see the module's docstring)."""

    def __init__(self, run_dir: Path):
        self.path = Path(run_dir) / LOCK_FILE
        self.held = False

    def acquire(self) -> None:
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    fields = self.path.read_text(encoding="utf-8").split()
                    pid, started = int(fields[0]), (fields[1] if len(fields) > 1 else "")
                except (OSError, ValueError, IndexError):
                    pid, started = 0, ""
                if _alive(pid, started):
                    raise RunFolderBusy(pid) from None
                try:                      # left by a killed process: take it over
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {_started(os.getpid())}".strip())
            self.held = True
            return
        raise RunFolderBusy(0)

    def release(self) -> None:
        if self.held:
            self.held = False
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def resume_spec(run_dir: Path):
    """The training job spec that continues the run in ``run_dir`` (its ``run.json``): submitted, it resumes from
    the checkpoint. Raises OSError / ValueError when the run folder cannot be read."""
    from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec

    run = _read_json(Path(run_dir) / RUN_FILE)
    if run is None or not isinstance(run.get("train"), dict):
        raise ValueError(f"{run_dir} is not a training run folder (no readable {RUN_FILE}).")
    train = dict(run["train"])
    kind = run.get("kind") or run_kind(train)
    cls = {"train-text": TrainTextSpec, "train-image": TrainImageSpec, "train-audio": TrainAudioSpec}[kind]
    own = {"data": str(train.pop("data", "")), "out": str(train.pop("out", "")),
           "from_model": str(train.pop("from_model", "") or "")}
    train.pop("device", None)
    train["run_dir"] = str(run_dir)
    if cls is TrainImageSpec:
        own["model_type"] = str(train.pop("model_type", "gan"))
    return cls(options=train, **own)
