"""The bar at the top of the Train tab that offers to resume unfinished training runs (never a blocking dialog).

``find_unfinished(root)`` lists the runs whose checkpoint has no finished model yet: ``core.training``'s
``unfinished_runs(root)`` where it exists, otherwise the run folders (``<name>.run`` with ``run.json`` and a
checkpoint) under ``root``. Each run is a :class:`Unfinished`: its name, the step and seconds of its checkpoint and
the job spec that resumes it (the same options: the loop resumes a checkpoint of the same data and model).

``ResumeBar(parent)``: ``offer(runs)`` shows the first run with "Resume" and "Not now" (and how many more there
are); signals ``resume_requested(object)`` (an ``Unfinished``) and ``dismissed()``.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec

log = logging.getLogger(__name__)

RUN_SUFFIX = ".run"


@dataclass(frozen=True)
class Unfinished:
    name: str
    run_dir: str
    step: int
    total: int
    seconds: float
    spec: Any                      # the job spec that resumes it (None when it cannot be rebuilt)


def _spec_from_run(run_dir: Path, train: dict, kind: str = "") -> Any:
    """The spec that resumes a run, from its ``run.json`` options (which trainer: ``kind``, else from the options
    it has). The run folder is named in the options, so the same checkpoint is found again."""
    own = ("data", "out", "from_model", "device", "model_type")
    opts = {k: v for k, v in train.items() if k not in own and k not in ("run_dir", "resume")}
    common = {"data": str(train.get("data", "")), "out": str(train.get("out", "")),
              "from_model": str(train.get("from_model", "") or ""), "device": "auto"}
    if kind == "train-image" or (not kind and "model_type" in train):
        cls, extra = TrainImageSpec, {"model_type": str(train.get("model_type") or "gan")}
    elif kind == "train-audio" or (not kind and ("max_seconds" in train or "stft_sizes" in train)):
        cls, extra = TrainAudioSpec, {}
    else:
        cls, extra = TrainTextSpec, {}
    opts["run_dir"] = str(run_dir)
    return cls(options=opts, **common, **extra)


def _scan(root: Path) -> list[Unfinished]:
    found = []
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir() and p.name.endswith(RUN_SUFFIX))
    except OSError:
        return []
    for run_dir in children:
        try:
            run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
            state = json.loads((run_dir / "checkpoint" / "state.json").read_text(encoding="utf-8"))
            train = run["train"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        step, total = int(state.get("step", 0)), int(train.get("steps", 0) or 0)
        out = Path(str(train.get("out", "")))
        if total and step >= total:
            continue                                 # finished (its model was written)
        if out.is_dir() and (out / "card.json").is_file():
            try:
                card = json.loads((out / "card.json").read_text(encoding="utf-8"))
                if int((card.get("training") or {}).get("steps", -1)) >= step:
                    continue                         # stopped and saved there: nothing more to resume
            except (OSError, ValueError, TypeError):
                pass
        try:
            spec = _spec_from_run(run_dir, train)
        except (TypeError, ValueError):
            spec = None
        found.append(Unfinished(out.name or run_dir.name[:-len(RUN_SUFFIX)], str(run_dir), step, total,
                                float(state.get("seconds", 0.0)), spec))
    return found


def find_unfinished(root: str | Path) -> list[Unfinished]:
    """The unfinished runs under ``root`` (see the module docstring); never raises."""
    root = Path(root)
    try:
        from aigc_studio.core.training import runs as core_runs      # H2a's listing, where it exists
    except ImportError:
        core_runs = None
    if core_runs is not None and hasattr(core_runs, "unfinished_runs"):
        try:
            return [_adapt(r) for r in core_runs.unfinished_runs(root)]
        except Exception:  # noqa: BLE001 — the offer is a convenience: fall back to reading the folders
            log.exception("listing unfinished runs failed")
    if not root.is_dir():
        return []
    return _scan(root)


def _adapt(run: Any) -> Unfinished:
    if isinstance(run, Unfinished):
        return run
    get = (run.get if isinstance(run, dict) else lambda k, d=None: getattr(run, k, d))
    run_dir = Path(str(get("run_dir", "")))
    spec = get("spec", None)
    if spec is None:
        train = get("train", None) or get("options", None)
        if not isinstance(train, dict):
            try:
                train = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["train"]
            except (OSError, ValueError, KeyError, TypeError):
                train = None
        if isinstance(train, dict):
            try:
                spec = _spec_from_run(run_dir, train, str(get("kind", "") or ""))
            except (TypeError, ValueError):
                spec = None
    return Unfinished(str(get("name", "") or run_dir.name), str(run_dir), int(get("step", 0) or 0),
                      int(get("total", 0) or 0), float(get("seconds", 0.0) or 0.0), spec)


class ResumeBar(QFrame):
    """See the module docstring."""

    resume_requested = Signal(object)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("TrainResumeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#TrainResumeBar { background: palette(alternate-base); border-radius: 4px; }")
        self.runs: list[Unfinished] = []
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.setObjectName("TrainResumeButton")
        self.resume_button.setToolTip(self.tr("Go on from the last checkpoint"))
        self.dismiss_button = QPushButton(self.tr("Not now"), self)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.resume_button)
        lay.addWidget(self.dismiss_button)
        self.resume_button.clicked.connect(self._resume)
        self.dismiss_button.clicked.connect(self._dismiss)
        self.hide()

    def offer(self, runs: list[Unfinished]) -> bool:
        self.runs = [r for r in runs if r.spec is not None]
        if not self.runs:
            self.hide()
            return False
        r = self.runs[0]
        text = self.tr("An unfinished training can be resumed: %1, stopped at step %2.").replace(
            "%1", r.name).replace("%2", f"{r.step:,}")
        if len(self.runs) > 1:
            text += " " + self.tr("(%1 more)").replace("%1", str(len(self.runs) - 1))
        self.label.setText(text)
        self.show()
        return True

    @Slot()
    def _resume(self) -> None:
        if self.runs:
            run = self.runs.pop(0)
            self.offer(self.runs)
            self.resume_requested.emit(run)

    @Slot()
    def _dismiss(self) -> None:
        self.runs = []
        self.hide()
        self.dismissed.emit()
