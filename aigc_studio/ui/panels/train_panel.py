"""The Train tab (训练): a dataset, a model, a budget — Start — curves, samples and figures while it trains — the
evaluation and a model that the other panels list at once.

``TrainPanel(engine, settings)``:

* the settings column: the Dataset section (``train_dataset.DatasetSection``: scan a folder, the report, the
  manifest), the Model section (:mod:`.train_form`), Start / Pause–Resume / Stop and save / Abort, and
  "Models…" (the models manager);
* the run view (:mod:`.train_run`): status, progress, throughput, time left, device, memory, loss curves, samples,
  evaluation, messages;
* a non-modal bar that offers to resume unfinished runs (:mod:`.train_resume`), checked when the tab is first
  shown.

The training is a job of the engine (``train-text`` / ``train-image`` / ``train-audio``); the panel only submits it
and shows its events. A second Start while one trains queues the second run (the engine runs one job at a time):
the panel says "queued" and shows the second run when it starts. ``model_trained(path)`` is emitted when a run
writes its model (the window reloads every model picker). For the window's close: ``is_training()``,
``active_job_id()``.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QPushButton, QScrollArea, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from aigc_studio.core import jobs as core_jobs
from aigc_studio.core.base.errors import InvalidParameters, as_problem, user_message
from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.base.settings import user_models_dir
from aigc_studio.ui.panels.common import side_column, split_panel, tr_core, tr_core_text
from aigc_studio.ui.panels.train_dataset import DatasetSection
from aigc_studio.ui.panels.train_form import ModelSection, slug
from aigc_studio.ui.panels.train_resume import ResumeBar, Unfinished, find_unfinished
from aigc_studio.ui.panels.train_run import RunView
from aigc_studio.ui.widgets.model_box import muted_label
from aigc_studio.ui.widgets.param_form import MessageLabel


log = logging.getLogger(__name__)

FINAL = ("done", "cancelled", "failed")
DATA_KIND = {"train-text": "text", "train-image": "image", "train-audio": "audio"}


def runs_root() -> Path:
    """Where the Train tab's runs keep their checkpoints (``<runs root>/<name>``)."""
    try:
        from aigc_studio.core.training.runs import default_runs_root
    except ImportError:
        return user_models_dir().parent / "runs"
    return Path(default_runs_root())


def models_root() -> Path:
    """Where the Train tab's models go (``<models root>/<name>``: the model pickers list them)."""
    return user_models_dir()


class TrainPanel(QWidget):
    """See the module docstring."""

    model_trained = Signal(str)          # the folder of a model a run just wrote
    status_message = Signal(str)
    models_manager_requested = Signal()

    KIND = "train"

    def __init__(self, engine: Any, settings: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("TrainPanel")
        self.engine = engine
        self.settings = settings
        self.jobs: list[str] = []                 # our jobs, in the order they were started
        self.job_kinds: dict[str, str] = {}
        self.job_specs: dict[str, Any] = {}
        self.shown_job: str | None = None         # the run the view shows
        self.states: dict[str, str] = {}
        self.paused: set[str] = set()
        self.last_result: Any = None
        self.last_card: dict = {}
        self._offered = False
        self._auto_name = ""
        self._split_touched = False           # the user dragged the splitter: their sizes are kept

        # --- settings column ------------------------------------------------------------------------------
        self.dataset = DatasetSection(engine, self)
        self.model_section = ModelSection(self)
        self.start_button = QPushButton(self.tr("Start training"), self)
        self.start_button.setObjectName("TrainStart")
        self.start_button.setToolTip(self.tr("Train with these settings (queued if another job runs)"))
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("TrainPause")
        self.pause_button.setToolTip(self.tr("Hold the training between steps; paused time spends no budget"))
        self.save_button = QPushButton(self.tr("Stop and save"), self)
        self.save_button.setObjectName("TrainStopSave")
        self.save_button.setToolTip(self.tr("End now and keep the model trained so far"))
        self.abort_button = QPushButton(self.tr("Abort"), self)
        self.abort_button.setObjectName("TrainAbort")
        self.abort_button.setToolTip(self.tr("End now without a model (the checkpoint is kept: it can be resumed)"))
        self.models_button = QToolButton(self)
        self.models_button.setObjectName("TrainModelsButton")
        self.models_button.setText(self.tr("Your models…"))
        self.models_button.setToolTip(self.tr("Rename, export, import or delete your models"))
        self.message = MessageLabel(parent=self, name="train_message")
        buttons = QWidget(self)
        grid = QGridLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.start_button, 0, 0, 1, 2)
        grid.addWidget(self.pause_button, 1, 0)
        grid.addWidget(self.save_button, 1, 1)
        self.evaluate_button = QPushButton(self.tr("Evaluate"), self)
        self.evaluate_button.setObjectName("TrainEvaluate")
        self.evaluate_button.setToolTip(self.tr("Measure the trained model against the run's held-out data (else "
                                                "its dataset) and write the figures into its card"))
        self.evaluate_button.setEnabled(False)
        grid.addWidget(self.abort_button, 2, 0)
        grid.addWidget(self.evaluate_button, 2, 1)
        grid.addWidget(self.models_button, 3, 0, 1, 2)
        grid.addWidget(self.message, 4, 0, 1, 2)
        self.data_label = muted_label(self)
        self.data_label.setObjectName("TrainDataSummary")
        data_box = QGroupBox(self.tr("Data"), self)
        QVBoxLayout(data_box).addWidget(self.data_label)
        self.column = side_column(self, [data_box, self.model_section, buttons])
        self.column.setMinimumWidth(max(self.column.minimumWidth(), 270))

        # --- the views: the dataset (its report) and the run -----------------------------------------------
        self.resume_bar = ResumeBar(self)
        self.run_view = RunView(self)
        self.views = QTabWidget(self)
        self.views.setObjectName("TrainViews")
        self.views.setDocumentMode(True)
        self.dataset_area = QScrollArea(self)        # the report scrolls rather than widen the window
        self.dataset_area.setWidgetResizable(True)
        self.dataset_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.dataset_area.setWidget(self.dataset)
        self.dataset_area.setMinimumWidth(360)
        self.views.addTab(self.dataset_area, self.tr("1 · Dataset"))
        self.views.addTab(self.run_view, self.tr("2 · Training"))
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.resume_bar)
        lv.addWidget(self.views, 1)
        self.split = split_panel(self, left, self.column, [760, 320])
        self.split.splitterMoved.connect(self._on_split_moved)

        # --- wiring ---------------------------------------------------------------------------------------
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.save_button.clicked.connect(self.stop_and_save)
        self.abort_button.clicked.connect(self.abort)
        self.models_button.clicked.connect(self.models_manager_requested)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.eval_job: str | None = None
        self.eval_target: dict = {}               # {"out", "kind", "data", "heldout", "job"} of the model to evaluate
        self.resume_bar.resume_requested.connect(self.resume_run)
        self.dataset.manifestChanged.connect(self._on_manifest)
        self.model_section.changed.connect(self._on_form_changed)
        engine.job_changed.connect(self._on_job_changed)
        engine.job_event.connect(self._on_job_event)
        engine.job_finished.connect(self._on_job_finished)
        engine.job_event.connect(self._on_eval_event)
        engine.job_finished.connect(self._on_eval_finished)
        self._restore()
        self._show_data_summary(self.dataset.manifest())
        self._update_buttons()

    # --- for the window ---------------------------------------------------------------------------------------
    def is_training(self) -> bool:
        return any(self.states.get(j) not in FINAL for j in self.jobs)

    def active_job_id(self) -> str | None:
        """The running training of this tab (else the first queued one), None when none."""
        live = [j for j in self.jobs if self.states.get(j) not in FINAL]
        running = [j for j in live if self.states.get(j) == "running"]
        return (running or live or [None])[0]

    def is_busy(self) -> bool:
        return self.is_training()

    def reload_models(self) -> None:
        self.model_section.reload_models()

    def view_build_steps(self) -> list[tuple[str, Any]]:
        """The costly views still to make (the loss curves' pyqtgraph plot, in two steps): the main window runs
        them one per event-loop turn once the engine's warm-up has loaded pyqtgraph."""
        plot = self.run_view.plot
        return [] if plot.plot is not None else [("loss plot", plot.make_widget), ("loss plot", plot.ensure_view)]

    def save_settings(self) -> None:
        if self.settings is None:
            return
        lp = getattr(self.settings, "last_params", None)
        if isinstance(lp, dict):
            lp["train"] = self.model_section.values()

    def _restore(self) -> None:
        lp = getattr(self.settings, "last_params", None) if self.settings is not None else None
        if isinstance(lp, dict) and isinstance(lp.get("train"), dict):
            self.model_section.restore(lp["train"])
        self._fill_default_name()

    def _fill_default_name(self, force: bool = True) -> None:
        """A free name ("my-gan-3") in the name field, unless the user typed one (``force``: replace it)."""
        current = self.model_section.model_name()
        if not force and current and (current != self._auto_name or current in self._names_in_use()):
            return
        models, runs = models_root(), runs_root()
        self._auto_name = self.model_section.default_name(
            lambda n: (models / n).exists() or (runs / n).exists() or n in self._names_in_use())
        self.model_section.name_edit.setText(self._auto_name)

    def resizeEvent(self, event) -> None:
        """On a narrow tab the column keeps its least width, so the dataset report keeps as much as it can."""
        super().resizeEvent(event)
        width = self.width()
        if width < 1000 and not self._split_touched:
            col = self.column.minimumWidth()
            self.split.setSizes([max(1, width - col - 24), col])

    # --- the offer to resume --------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._offered:
            self._offered = True
            self.check_unfinished()

    def check_unfinished(self) -> bool:
        """Offer to resume the unfinished runs (those not running now)."""
        running = {str(getattr(self.job_specs.get(j), "out", "")) for j in self.jobs
                   if self.states.get(j) not in FINAL}
        runs = [r for r in find_unfinished(runs_root()) if r.spec is None or str(r.spec.out) not in running]
        return self.resume_bar.offer(runs)

    @Slot(object)
    def resume_run(self, run: Unfinished) -> str | None:
        if run.spec is None:
            return None
        return self._submit(run.spec, resumed=True)

    # --- data -----------------------------------------------------------------------------------------------
    def use_manifest(self, manifest: Any) -> None:
        """Train on ``manifest`` (a dataset made elsewhere: "Train on favourites")."""
        self.dataset.load_manifest(manifest)
        self.views.setCurrentWidget(self.dataset_area)
        kind = getattr(manifest, "kind", None)
        if kind:
            self.model_section.choose_for_data_kind(str(kind))
            self.model_section.finetune_radio.setChecked(True)
            self._fill_default_name()

    def use_favourites(self, assets_folder: Any, kind: str) -> str | None:
        """Train on the favourite assets of ``kind`` ("Train on favourites"): they are found and scanned as a job
        (never hashed on the GUI thread), shown in the Dataset view; the form is set to fine-tune a model of that
        kind. The scan's job id (None when refused)."""
        job_id = self.dataset.scan_favourites(assets_folder, kind)
        if job_id is None:
            return None
        self.views.setCurrentWidget(self.dataset_area)
        self.model_section.choose_for_data_kind(str(kind))
        self.model_section.finetune_radio.setChecked(True)
        self._fill_default_name()
        return job_id

    @Slot(object)
    def _on_manifest(self, manifest: Any) -> None:
        kind = getattr(manifest, "kind", None)
        if kind in ("text", "image", "audio"):
            self.model_section.choose_for_data_kind(kind)
        if kind == "text":
            self._fit_text_model(manifest)
        self.message.clear_message()
        self._show_data_summary(manifest)

    def _fit_text_model(self, manifest: Any) -> None:
        """A text corpus too small even for the smallest GPT (presets.size_advice, its size in characters
        estimated from the files' bytes) gets the LSTM preset; one too small for the chosen GPT size gets the size
        that suits it. A choice the user made for this corpus (the LSTM already) is kept."""
        from aigc_studio.core.training.presets import presets_for, size_advice
        chars = sum(int(f.get("size") or 0) for f in getattr(manifest, "files", []) or [] if isinstance(f, dict))
        if chars <= 0 or self.model_section.choice().key != "gpt":
            return
        gpts = sorted((p for p in presets_for("train-text") if p.options.get("architecture") == "gpt"),
                      key=lambda p: p.min_items)
        if gpts and size_advice("train-text", gpts[0].name, chars) is not None:
            self.model_section.set_choice("lstm")
            return
        advice = size_advice("train-text", self.model_section.preset(), chars)
        if advice is not None and advice[1].get("recommended"):
            i = self.model_section.preset_combo.findData(advice[1]["recommended"])
            if i >= 0:
                self.model_section.preset_combo.setCurrentIndex(i)

    def data_kind_problem(self) -> str:
        """Words for a dataset whose kind the chosen model cannot learn ("" when they fit)."""
        manifest = self.dataset.manifest()
        kind = str(getattr(manifest, "kind", "") or "") if manifest is not None else ""
        if not kind or kind == self.model_section.choice().data_kind:
            return ""
        return {"text": self.tr("This dataset holds texts; choose a text model."),
                "image": self.tr("This dataset holds images; choose an image model."),
                "audio": self.tr("This dataset holds sounds; choose a sound model.")}.get(kind, "")

    def _show_data_summary(self, manifest: Any) -> None:
        if manifest is None:
            self.data_label.setText(self.tr("No dataset yet: choose or drop a folder in the Dataset view."))
            return
        count = len(getattr(manifest, "files", []) or [])
        left_out = len(getattr(manifest, "excluded", []) or [])
        root = Path(str(getattr(manifest, "root", "") or ""))
        words = {"image": self.tr("%1 images"), "audio": self.tr("%1 sounds"), "text": self.tr("%1 text files")}
        what = words.get(str(getattr(manifest, "kind", "")), self.tr("%1 files")).replace("%1", f"{count:,}")
        text = self.tr("%1 from %2").replace("%1", what).replace("%2", root.name or str(root))
        if left_out:
            text += "\n" + self.tr("%1 left out (duplicates, unreadable or by you)").replace("%1", f"{left_out:,}")
        self.data_label.setText(text)

    def _data_for_training(self, name: str) -> str:
        """The ``data`` of the spec: the dataset's manifest (saved beside the model's run folder, never in the
        user's folder) or the chosen folder."""
        manifest = self.dataset.manifest()
        if manifest is None:
            return ""
        path = getattr(manifest, "path", None)
        if path is None or not Path(path).is_file():
            target = runs_root() / f"{name}.dataset.json"   # beside the run folder, not inside it
            target.parent.mkdir(parents=True, exist_ok=True)
            path = manifest.save(target)
        return str(path)

    # --- start / controls -----------------------------------------------------------------------------------
    @Slot()
    def start(self) -> str | None:
        """Start a training with the form's settings; the job id, or None (the reason is shown)."""
        self.message.clear_message()
        self.model_section.name_message.clear_message()
        wrong_kind = self.data_kind_problem()
        if wrong_kind:
            self.message.show_message(wrong_kind)
            return None
        name = slug(self.model_section.model_name())
        if name and name in {Path(str(getattr(s, "out", "") or "")).name for s in self.job_specs.values()}:
            self._fill_default_name()           # "Queue another training" / a new run after one: a fresh name
            name = slug(self.model_section.model_name())
        if not name:
            self.model_section.name_message.show_message(self.tr("Give the new model a name."))
            return None
        out, run_dir = models_root() / name, runs_root() / name
        if out.exists() or run_dir.exists() or name in self._names_in_use():
            self.model_section.name_message.show_message(
                self.tr("A model or folder named %1 exists already: choose another name.").replace("%1", name))
            return None
        if self.model_section.fine_tune() and not self.model_section.base_model():
            self.message.show_message(self.tr("Choose the model to fine-tune."))
            return None
        try:
            data = self._data_for_training(name)
        except Exception as exc:  # noqa: BLE001 — saving the manifest: said in words, nothing submitted
            self.message.show_message(tr_core_text(user_message(exc)))
            return None
        spec = self.model_section.spec(data, str(out), run_dir=str(run_dir))
        spec, note = self._readable_data(spec, name)
        job = self._submit(spec)
        if job is not None and note:
            self.run_view.on_log(note, "warning")
        return job

    def _names_in_use(self) -> set[str]:
        """The model names of this tab's trainings that have not ended (a queued one has no folder yet)."""
        return {Path(str(getattr(self.job_specs.get(j), "out", "") or "")).name for j in self.jobs
                if self.states.get(j) not in FINAL}

    def _readable_data(self, spec: Any, name: str) -> tuple[Any, str]:
        """A trainer that does not read dataset manifests yet gets the manifest's folder instead (said in the run's
        messages when files were left out of the dataset, since the folder has them all)."""
        manifest = self.dataset.manifest()
        if manifest is None or not any(getattr(p, "field", "") == "data" for p in core_jobs.problems(spec)):
            return spec, ""
        root = str(getattr(manifest, "root", "") or "")
        folder_spec = self.model_section.spec(root, spec.out, run_dir=str(runs_root() / name))
        if any(getattr(p, "field", "") == "data" for p in core_jobs.problems(folder_spec)):
            return spec, ""                      # the folder does not do either: the spec's own problem is said
        if getattr(manifest, "excluded", None):
            return folder_spec, self.tr("This kind of model reads the whole folder %1: the files left out of the "
                                        "dataset are used too.").replace("%1", root)
        return folder_spec, ""

    def _submit(self, spec: Any, resumed: bool = False) -> str | None:
        try:
            job_id = self.engine.submit(spec)
        except InvalidParameters as exc:
            problems = getattr(exc, "problems", None) or [str(exc)]
            self.message.show_message("\n".join(tr_core(as_problem(p)) for p in problems))
            return None
        except Exception as exc:  # noqa: BLE001 — e.g. the studio is closing
            self.message.show_message(tr_core_text(user_message(exc)))
            return None
        self.jobs.append(job_id)
        self.job_kinds[job_id] = spec.kind
        self.job_specs[job_id] = spec
        self.states[job_id] = "queued"
        if self.shown_job is None or self.states.get(self.shown_job) in FINAL:
            self._show_job(job_id)
            self.run_view.set_status(self.tr("Queued: it starts when the jobs before it are done.")
                                     if self._others_busy(job_id) else self.tr("Starting…"))
        else:
            self.status_message.emit(self.tr("Training queued: it starts when the running one ends."))
        if resumed:
            self.run_view.on_log(self.tr("Resuming %1 from its checkpoint.").replace("%1", Path(spec.out).name))
        # the Name box keeps the name of the model being trained (the status line says the same name); pressing
        # Start again picks a fresh one (start())
        self.model_section.name_edit.setText(Path(str(spec.out)).name)
        self._update_buttons()
        return job_id

    def _others_busy(self, job_id: str) -> bool:
        jobs = getattr(self.engine, "jobs", None)
        if not callable(jobs):
            return False
        return any(i.id != job_id and not i.is_final for i in jobs())

    def _show_job(self, job_id: str) -> None:
        self.shown_job = job_id
        self.run_view.start(DATA_KIND.get(self.job_kinds.get(job_id, ""), "text"))
        self.views.setCurrentWidget(self.run_view)

    @Slot()
    def toggle_pause(self) -> bool:
        job = self.active_job_id()
        if job is None or self.states.get(job) != "running":
            return False
        if job in self.paused:
            ok = bool(self.engine.resume(job))
            if ok:
                self.paused.discard(job)
                self.run_view.set_status(self.tr("Training…"))
        else:
            ok = bool(self.engine.pause(job))
            if ok:
                self.paused.add(job)
                self.run_view.set_status(self.tr("Paused: press Resume to go on."))
        self._update_buttons()
        return ok

    @Slot()
    def stop_and_save(self) -> bool:
        job = self.active_job_id()
        if job is None:
            return False
        ok = bool(self.engine.stop_and_save(job))
        if ok:
            self.paused.discard(job)
            self.run_view.set_status(self.tr("Stopping and saving the model…"))
        self._update_buttons()
        return ok

    @Slot()
    def abort(self) -> bool:
        job = self.active_job_id()
        if job is None:
            return False
        ok = bool(self.engine.cancel(job))
        if ok:
            self.run_view.set_status(self.tr("Aborting…"))
        self._update_buttons()
        return ok

    def _update_buttons(self) -> None:
        job = self.active_job_id()
        running = job is not None and self.states.get(job) == "running"
        self.pause_button.setEnabled(running)
        self.pause_button.setText(self.tr("Resume") if job in self.paused else self.tr("Pause"))
        self.save_button.setEnabled(job is not None)
        self.abort_button.setEnabled(job is not None)
        self.start_button.setText(self.tr("Queue another training") if job is not None
                                  else self.tr("Start training"))

    @Slot(int, int)
    def _on_split_moved(self, *_: Any) -> None:
        self._split_touched = True

    @Slot()
    def _on_form_changed(self) -> None:
        self.message.clear_message()
        self._fill_default_name(force=False)
        self.save_settings()                 # the window saves the settings when it closes

    # --- engine events ----------------------------------------------------------------------------------------
    @Slot(object)
    def _on_job_changed(self, info: Any) -> None:
        job = info.id
        if job not in self.job_kinds:
            return
        was = self.states.get(job)
        self.states[job] = info.state
        if info.state == "running" and was != "running":
            if self.shown_job != job:
                self._show_job(job)
            self.run_view.set_device(str(info.device or ""))
            self.run_view.set_status(self.tr("Training…"))
        elif info.state == "queued" and self.shown_job == job:
            self.run_view.set_status(self.tr("Queued: it starts when the jobs before it are done."))
        if getattr(info, "paused", False):
            self.paused.add(job)
        self._update_buttons()

    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: Any) -> None:
        if job_id not in self.job_kinds:
            return
        if job_id != self.shown_job:
            return
        if isinstance(event, Metric):
            self.run_view.on_metric(event)
        elif isinstance(event, Sample):
            self.run_view.on_sample(event)
        elif isinstance(event, Progress):
            spec = self.job_specs.get(job_id)
            opts = spec.option_values() if spec is not None else {}
            if int(event.total) != int(opts.get("steps", event.total) or 0):
                return                    # the evaluation's own progress after training: not the run's steps
            self.run_view.on_progress(int(event.done), int(event.total))
            if job_id not in self.paused and self.states.get(job_id) == "running":
                name = Path(str(getattr(spec, "out", "") or "")).name
                if event.total and event.total < 10_000_000:
                    self.run_view.set_status(self.tr("Training %1: step %2 of %3").replace("%1", name).replace(
                        "%2", f"{event.done:,}").replace("%3", f"{event.total:,}"))
                else:
                    minutes = float(opts.get("minutes") or 0)
                    self.run_view.set_status(self.tr("Training %1: step %2 (time budget %3 min)").replace(
                        "%1", name).replace("%2", f"{event.done:,}").replace("%3", f"{minutes:g}"))
        elif isinstance(event, Log):
            self.run_view.on_log(event.message, event.level)

    # --- evaluating a trained model -----------------------------------------------------------------------------
    def _heldout_data(self, target: dict) -> tuple[str, str, str]:
        """(data, train_data, note) for evaluating ``target``: the files the run held out (a small manifest of them
        in the run's folder), else the run's dataset (a note says the figures are then measured on training data)."""
        from aigc_studio.core.data.dataset import Manifest, dataset_files, rel
        kind, data = target["kind"], str(target.get("data") or "")
        held = target.get("heldout") if isinstance(target.get("heldout"), dict) else {}
        files = [Path(p) for p in held.get("files") or [] if Path(p).is_file()]
        if files:
            root = Path(os.path.commonpath([str(p.parent) for p in files]))
            manifest = Manifest(kind=kind, root=root, files=[{"path": rel(p, root)} for p in files])
            run_dir = Path(str(target.get("run_dir") or "")) if target.get("run_dir") else Path(target["out"])
            run_dir.mkdir(parents=True, exist_ok=True)
            saved = manifest.save(run_dir / "heldout.dataset.json")
            train = ""
            if kind == "image" and data:
                reference = {str(p.resolve()) for p in files}
                rest = [p for p in dataset_files(data, "image") if str(Path(p).resolve()) not in reference]
                if rest:
                    troot = Path(os.path.commonpath([str(p.parent) for p in rest]))
                    train = str(Manifest(kind=kind, root=troot, files=[{"path": rel(p, troot)} for p in rest]).save(
                        run_dir / "train.dataset.json"))
            return str(saved), train, ""
        note = self.tr("Nothing was held out of this run's data: the figures are measured on the training data and "
                       "flatter the model.")
        return data, "", note

    @Slot()
    def evaluate(self) -> str | None:
        """Evaluate the model of the last finished run (an "evaluate" job): against the files the run held out,
        else its dataset; the figures go into its card and are shown in the Evaluation view. The job id or None."""
        from aigc_studio.core.base.eval_specs import EvalSpec
        target = self.eval_target
        if not target.get("out") or not Path(str(target["out"])).is_dir():
            self.message.show_message(self.tr("There is no trained model to evaluate: finish or stop-and-save a "
                                              "training first."))
            return None
        if self.eval_job is not None and self.states.get(self.eval_job) not in FINAL:
            self.message.show_message(self.tr("An evaluation is running: wait for it."))
            return None
        try:
            data, train, note = self._heldout_data(target)
            job_id = self.engine.submit(EvalSpec(model=str(target["out"]), data=data, train_data=train, record=True))
        except InvalidParameters as exc:
            problems = getattr(exc, "problems", None) or [str(exc)]
            self.message.show_message("\n".join(tr_core(as_problem(p)) for p in problems))
            return None
        except Exception as exc:  # noqa: BLE001 — the held-out list cannot be written, the studio closing...
            self.message.show_message(tr_core_text(user_message(exc)))
            return None
        self.eval_job = job_id
        self.states[job_id] = "queued"
        self.views.setCurrentWidget(self.run_view)
        self.run_view.set_status(self.tr("Evaluating %1…").replace("%1", Path(str(target["out"])).name))
        if note:
            self.run_view.on_log(note, "warning")
        self.evaluate_button.setEnabled(False)
        return job_id

    @Slot(str, object)
    def _on_eval_event(self, job_id: str, event: Any) -> None:
        if job_id == self.eval_job and isinstance(event, Log):
            self.run_view.on_log(event.message, event.level)

    @Slot(str, object)
    def _on_eval_finished(self, job_id: str, info: Any) -> None:
        if job_id != self.eval_job:
            return
        self.states[job_id] = info.state
        self.evaluate_button.setEnabled(bool(self.eval_target.get("out")))
        name = Path(str(self.eval_target.get("out") or "")).name
        if info.state == "done":
            data = getattr(info.result, "data", None) or {}
            card = self._read_card(str(self.eval_target.get("out")))
            self.last_card = card
            self.run_view.show_evaluation(card, data if isinstance(data, dict) else {})
            self.run_view.set_status(self.tr("Evaluated %1: the figures are written into its card.").replace(
                "%1", name))
        elif info.state == "cancelled":
            self.run_view.set_status(self.tr("The evaluation was stopped; nothing was written."))
        else:
            self.run_view.set_status(self.tr("The evaluation failed: %1").replace(
                "%1", tr_core_text(str(getattr(info, "message", "") or ""))))

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id not in self.job_kinds:
            return
        self.states[job_id] = info.state
        self.paused.discard(job_id)
        result = info.result
        data = getattr(result, "data", None) or {}
        out = data.get("out") if isinstance(data, dict) else None
        name = Path(str(getattr(self.job_specs.get(job_id), "out", "") or "")).name
        if job_id == self.shown_job:
            if info.state == "done" and out:
                self.last_result = result
                card = self._read_card(out)
                self.last_card = card
                self.run_view.show_evaluation(card, data)
                stopped, step = str(data.get("stopped", "")), _int_or_none(data.get("step"))
                steps = f"{step:,}" if step is not None else "?"
                if stopped == "stop-and-save":
                    text = self.tr("Stopped and saved after %1 steps: the model %2 is ready in the Image, Text or "
                                   "Audio tab.")
                elif stopped == "time budget":
                    text = self.tr("The time budget is spent after %1 steps: the model %2 is ready in the Image, "
                                   "Text or Audio tab.")
                else:
                    text = self.tr("Done after %1 steps: the model %2 is ready in the Image, Text or Audio tab.")
                self.run_view.finish(text.replace("%1", steps).replace("%2", name), step=step,
                                     complete=stopped == "steps")
            elif info.state == "cancelled":
                step = _int_or_none(data.get("step")) if isinstance(data, dict) else None
                self.run_view.finish(self.tr("Aborted: no model was written; the checkpoint is kept, so the run "
                                             "can be resumed."), step=step)
            elif info.state == "failed":
                self.run_view.finish(self.tr("The training failed: %1").replace("%1", tr_core_text(info.message)))
                self.run_view.on_log(info.message, "error")
        if info.state == "done" and out:
            spec = self.job_specs.get(job_id)
            self.eval_target = {"out": str(out), "kind": DATA_KIND.get(self.job_kinds.get(job_id, ""), "text"),
                                "data": str(getattr(spec, "data", "") or ""), "heldout": data.get("heldout") or {},
                                "run_dir": str(data.get("run_dir") or "")}
            self.evaluate_button.setEnabled(True)
            self.model_trained.emit(str(out))
            self.status_message.emit(self.tr("The model %1 is trained.").replace("%1", name))
        if info.state == "cancelled" and job_id == self.shown_job:
            self.check_unfinished()
        nxt = next((j for j in self.jobs if self.states.get(j) not in FINAL), None)
        if nxt is not None and self.states.get(nxt) == "running" and self.shown_job != nxt:
            self._show_job(nxt)
        self._update_buttons()

    @staticmethod
    def _read_card(out: str) -> dict:
        """The card.json of the model folder ``out`` ({} when unreadable)."""
        try:
            card = json.loads((Path(out) / "card.json").read_text(encoding="utf-8"))
            return card if isinstance(card, dict) else {}
        except (OSError, ValueError):
            return {}


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


__all__ = ["TrainPanel", "runs_root"]

