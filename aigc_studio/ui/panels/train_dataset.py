"""The dataset part of the Train tab: pick or drop a folder (or open a saved dataset), scan it on the engine thread
with a progress bar, read the report (counts, sizes, formats; unreadable files with the reason; duplicate groups
and outliers with thumbnails, sound envelopes or text snippets), include or leave out files, choose and preview
the augmentation, save the dataset as a manifest.

Interface (the Train tab embeds it)::

    section = DatasetSection(engine, parent=None)     # engine: ui.engine_api.PanelEngine
    section.manifestChanged.connect(slot)             # slot(manifest: core.data.dataset.Manifest | None)
    section.manifest() -> Manifest | None             # what training should read (None: no dataset yet)
    section.load_manifest(path_or_manifest) -> bool   # open a saved dataset (then rescanned in the background)
    section.scan_folder(path) -> str | None           # start a scan job; its job id (None when refused)
    section.training_path() -> Path | None            # the manifest saved as a file for ``--data`` (None: none)
    dataset_text(str(error)) -> str                   # a DatasetError (favourites_manifest...) translated

The user's files are only read: leaving a file out changes the manifest, never the folder. A manifest that was
never saved lives in memory; ``training_path()`` writes it (where it was saved, else the studio's datasets folder).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from aigc_studio.core.base.dataset_spec import DatasetScanSpec
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.data.dataset import KINDS, DatasetError, Manifest, default_manifest_path, looks_like_manifest
from aigc_studio.ui.panels.common import tr_core, tr_core_text
from aigc_studio.ui.widgets.dataset_augment import AugmentBox
from aigc_studio.ui.widgets.dataset_report import DatasetReportView, human_size

# The core's words about datasets (core.data.dataset_probe / dataset_scan, core.base.dataset_spec, core.data.augment),
# listed for the translators (context "CoreMessages"; shown through tr_core / tr_core_text).
_DATASET_CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped: permission denied (the studio is not allowed to read this file)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped: the file disappeared during the scan."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped: the file changed while it was being read. Scan again when it is "
                                      "finished."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped: the file cannot be read ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "Cannot be used: {detail}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Not UTF-8 text: the bytes at position {position} are not valid UTF-8. Save it "
                                      "as UTF-8."),
    QT_TRANSLATE_NOOP("CoreMessages", "UTF-16 text: save it as UTF-8 to use it."),
    QT_TRANSLATE_NOOP("CoreMessages", "Not a text file: it holds binary data."),
    QT_TRANSLATE_NOOP("CoreMessages", "Not an image: by its name it is {what}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Not a sound: by its name it is {what}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Not a text file: by its name it is {what}."),
    QT_TRANSLATE_NOOP("CoreMessages", "an image"),
    QT_TRANSLATE_NOOP("CoreMessages", "a sound"),
    QT_TRANSLATE_NOOP("CoreMessages", "a text file"),
    QT_TRANSLATE_NOOP("CoreMessages", "another kind of file"),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped: this folder cannot be read ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "An exact copy of {first}: left out."),
    QT_TRANSLATE_NOOP("CoreMessages", "Nearly the same as {first}: left out."),
    QT_TRANSLATE_NOOP("CoreMessages", "Tiny: {width}×{height} pixels (most images here are about {typical} pixels "
                                      "across)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Huge: {width}×{height} pixels (most images here are about {typical} pixels "
                                      "across)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Odd shape: {width}×{height} pixels, more than 3 times wider than tall or "
                                      "taller than wide."),
    QT_TRANSLATE_NOOP("CoreMessages", "Blank: the picture is a single colour."),
    QT_TRANSLATE_NOOP("CoreMessages", "Silent: its loudest sample is below -80 dBFS."),
    QT_TRANSLATE_NOOP("CoreMessages", "Too short: {seconds} s."),
    QT_TRANSLATE_NOOP("CoreMessages", "Very long: {seconds} s (most sounds here last about {typical} s)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Empty: it holds no text."),
    QT_TRANSLATE_NOOP("CoreMessages", "Very large: {megabytes} MB of text (most files here are about {typical} kB)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Silent: left out (training cannot learn from silence)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Empty: left out."),
    QT_TRANSLATE_NOOP("CoreMessages", "Left out by you."),
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a folder of images, sounds or text files to scan."),
    QT_TRANSLATE_NOOP("CoreMessages", "The kind of data must be image, audio or text."),
    QT_TRANSLATE_NOOP("CoreMessages", "The augmentation settings must be a JSON object."),
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown augmentation settings: {names}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The augmentation setting {name} must be between {lo} and {hi}."),
)

# The core's sentences about datasets and folders (DatasetError): matched back to their template, which is
# translated and filled with its parts (each translated in turn when it is one of the core's words).
_DATASET_TEXTS = (
    QT_TRANSLATE_NOOP("CoreMessages", "{path} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is neither a folder nor a file."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder {name} is empty: put images, sounds or text files in it."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder {name} holds no {kind}: it has {counts}. Choose another folder or "
                                      "another kind."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder {name} holds no images, sounds or text files ({n} other files). "
                                      "The studio reads {extensions}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder {name} cannot be read: permission denied."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder {name} holds more than {n} files: choose a smaller folder."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset {name} holds {kind}, not {other}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The folder of the dataset {name} ({folder}) is gone: it was moved or deleted."),
    QT_TRANSLATE_NOOP("CoreMessages", "None of the files of the dataset {name} is there any more."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset {name} was not found."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset {name} cannot be read: permission denied."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset {name} cannot be read: {error}."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a folder, not a dataset manifest."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a dataset manifest (it is not valid JSON)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not an AIGC Studio dataset (no {format})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is damaged: its kind or folder is missing."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is damaged: its list of files is not readable."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is too large ({size} MB) to be a dataset manifest."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} exists and is not a dataset manifest: choose another name."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset cannot be saved in {folder}: permission denied."),
    QT_TRANSLATE_NOOP("CoreMessages", "The dataset could not be saved ({error}); nothing was written."),
    QT_TRANSLATE_NOOP("CoreMessages", "There are no favourite {kind} in the Assets library yet: star the ones you "
                                      "like, then train on them."),
    QT_TRANSLATE_NOOP("CoreMessages", "The favourite {kind} cannot be read any more (moved or deleted)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files are not {kind} and are left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files cannot be used; the report says why."),
)
# The kinds inside those sentences ("holds no {kind}"), in their own context: elsewhere "images" is a counted word.
_KIND_WORDS = (QT_TRANSLATE_NOOP("DatasetKinds", "images"), QT_TRANSLATE_NOOP("DatasetKinds", "sounds"),
               QT_TRANSLATE_NOOP("DatasetKinds", "text files"))
_DATASET_PATTERNS: list[tuple[str, Any]] = []
WIDE_LAYOUT = 900          # px: narrower than this, the augmentation goes under the report


def dataset_text(text: str) -> str:
    """A dataset error of the core (English) in the interface's language: the studio's shared core texts first,
    then the dataset sentences above; otherwise the text as it is."""
    text = str(text or "")
    done = tr_core_text(text)
    if done != text:
        return done
    if not _DATASET_PATTERNS:
        for template in sorted(_DATASET_TEXTS, key=len, reverse=True):
            parts = re.split(r"\{(\w+)\}", template)
            rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
            _DATASET_PATTERNS.append((template, re.compile(rx + r"\Z", re.DOTALL)))
    for template, rx in _DATASET_PATTERNS:
        m = rx.match(text)
        if m is None:
            continue
        target = QCoreApplication.translate("CoreMessages", template)
        if target == template:
            return text
        try:
            return target.format_map({k: QCoreApplication.translate("DatasetKinds", v) if v in _KIND_WORDS
                                      else tr_core_text(v) for k, v in m.groupdict().items()})
        except (KeyError, IndexError, ValueError):
            return text
    return text


class DatasetSection(QWidget):
    """See the module. Signals: ``manifestChanged(object)`` — the manifest (or None) whenever it changes: a scan
    finished, a dataset opened, a file included or left out, the augmentation changed."""

    manifestChanged = Signal(object)

    def __init__(self, engine: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("DatasetSection")
        self.setAcceptDrops(True)
        self.engine = engine
        self._manifest: Manifest | None = None
        self._report: dict[str, Any] | None = None
        self._thumbs: dict[str, Any] = {}
        self._job_id: str | None = None
        self._rescan_of: Manifest | None = None
        self._saved_path: Path | None = None       # where "Save" suggests: the file it was opened from or saved to
        self.scans_finished = 0           # tests wait on this

        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.folder_button = QPushButton(self.tr("Choose folder…"))
        self.open_button = QPushButton(self.tr("Open dataset…"))
        self.save_button = QPushButton(self.tr("Save dataset…"))
        self.rescan_button = QPushButton(self.tr("Scan again"))
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Any kind (most files)"), "")
        for kind, text in zip(KINDS, (self.tr("Images"), self.tr("Sounds"), self.tr("Text"))):
            self.kind_box.addItem(text, kind)
        for w in (self.folder_button, self.open_button, self.save_button, self.rescan_button):
            row.addWidget(w)
        row.addWidget(QLabel(self.tr("Kind:")))
        row.addWidget(self.kind_box)
        row.addStretch(1)
        lay.addLayout(row)
        self.path_label = QLabel(self.tr("Choose or drop a folder of images, sounds or text files."))
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.path_label)
        prow = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Stop"))
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.progress_host = QWidget()
        self.progress_host.setLayout(prow)
        prow.setContentsMargins(0, 0, 0, 0)
        self.progress_host.hide()
        lay.addWidget(self.progress_host)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #b00020; }")
        self.error_label.hide()
        lay.addWidget(self.error_label)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        lay.addWidget(self.summary_label)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        self.report_view = DatasetReportView()
        self.report_view.setMinimumHeight(240)     # in a scroll area (the Train tab) it scrolls, never squeezes
        self.augment_box = AugmentBox()
        split.addWidget(self.report_view)
        split.addWidget(self.augment_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([640, 300])
        self._wide: bool | None = None
        lay.addWidget(split, 1)

        self.folder_button.clicked.connect(self._choose_folder)
        self.open_button.clicked.connect(self._choose_manifest)
        self.save_button.clicked.connect(self._save)
        self.rescan_button.clicked.connect(self._rescan)
        self.cancel_button.clicked.connect(self._cancel)
        self.report_view.inclusionChanged.connect(self._on_inclusion)
        self.augment_box.settingsChanged.connect(self._on_augment)
        self.augment_box.previewShown.connect(self._fit_split)
        self.augment_box.set_preview_source(self._preview_item)
        engine.job_event.connect(self._on_job_event)
        engine.job_finished.connect(self._on_job_finished)
        self._update_buttons()

    # --- the interface ----------------------------------------------------------------------------------------
    def manifest(self) -> Manifest | None:
        return self._manifest

    def report(self) -> dict[str, Any] | None:
        return self._report

    def training_path(self) -> Path | None:
        """The manifest as a file training can read (saved where it was, or in the studio's datasets folder when
        it never was); None, with the reason shown, when there is none or it cannot be written."""
        if self._manifest is None:
            return None
        try:
            return self._manifest.save_for_training()
        except DatasetError as e:
            self._show_error(dataset_text(str(e)))
            return None

    def is_busy(self) -> bool:
        return self._job_id is not None

    def scan_folder(self, path: str | Path) -> str | None:
        """Scan ``path`` (a folder, one file or a manifest) as a job; returns its id, None when refused."""
        return self._start_scan(str(path), self.kind_box.currentData() or "", previous=None)

    def load_manifest(self, path_or_manifest: Any) -> bool:
        """Open a saved dataset (a path) or take a manifest; it is shown at once and rescanned in the background,
        keeping the choices made in it. False (and a message) when it cannot be read."""
        if isinstance(path_or_manifest, Manifest):
            manifest = path_or_manifest
        else:
            try:
                manifest = Manifest.load(path_or_manifest)
            except UserError as e:
                self._show_error(dataset_text(str(e)))
                return False
        self._set_kind(manifest.kind)
        self._saved_path = manifest.path
        self._report = _report_of_manifest(manifest)
        self._thumbs = {}
        self._set_manifest(manifest)
        self._show_report()
        if manifest.root.is_dir():
            self._rescan_manifest(manifest)
        else:
            self._show_error(self.tr("The folder of this dataset ({folder}) is gone: it was moved or deleted.")
                             .format(folder=manifest.root))
        return True

    # --- scanning ---------------------------------------------------------------------------------------------
    def scan_favourites(self, assets_folder: str | Path, kind: str) -> str | None:
        """Scan the favourite assets of ``kind`` in the Assets library at ``assets_folder`` as a job ("Train on
        favourites": the engine thread lists and hashes them); its id, None when refused."""
        job_id = self._start_scan(str(assets_folder), kind, previous=None, favourites=True)
        if job_id is not None:
            self._saved_path = None
        return job_id

    def _start_scan(self, path: str, kind: str, previous: Manifest | None, favourites: bool = False) -> str | None:
        if self.is_busy():
            self._show_error(self.tr("A scan is running: wait for it or stop it first."))
            return None
        self.error_label.hide()
        try:
            job_id = self.engine.submit(DatasetScanSpec(path=path, data_kind=kind, favourites=favourites))
        except InvalidParameters as e:
            self._show_error("\n".join(tr_core(p) for p in e.problems))
            return None
        self._job_id = job_id
        self._rescan_of = previous
        self.path_label.setText(path)
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Scanning…"))
        self.progress_host.show()
        self._update_buttons()
        return job_id

    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: object) -> None:
        if job_id != self._job_id:
            return
        if isinstance(event, Progress):
            if event.total > 0:
                self.progress.setRange(0, event.total)
                self.progress.setValue(event.done)
                self.progress.setFormat(self.tr("Scanning: %v of %m files"))
            else:
                self.progress.setRange(0, 0)
                self.progress.setFormat(self.tr("Listing files…"))
        elif isinstance(event, Log) and event.level != "info":
            self.summary_label.setText(dataset_text(event.message))

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != self._job_id:
            return
        self._job_id = None
        previous, self._rescan_of = self._rescan_of, None
        self.progress_host.hide()
        self.scans_finished += 1
        result = getattr(info, "result", None)
        data = getattr(result, "data", None) or {}
        report = data.get("report")
        if getattr(info, "state", "") == "failed" or report is None:
            msg = getattr(info, "message", "") or self.tr("The scan stopped.")
            self._show_error(dataset_text(msg))
            self._update_buttons()
            return
        self._report, self._thumbs = report, dict(data.get("thumbnails") or {})
        if report.get("stopped"):
            self._show_error(self.tr("The scan was stopped: the report shows only the files read so far, and the "
                                     "dataset was not changed. Scan again to finish."))
            self._show_report()
            self._update_buttons()
            return
        if previous is None and data.get("manifest"):
            try:
                previous = Manifest.from_dict(data["manifest"])
            except UserError:
                previous = None
        # a re-scan keeps the dataset's augmentation; a new dataset starts from the recommended one of its kind
        manifest = Manifest.from_report(report, previous=previous)
        self._set_kind(manifest.kind)
        self._set_manifest(manifest)
        self._show_report()

    @Slot()
    def _cancel(self) -> None:
        if self._job_id is not None:
            self.engine.cancel(self._job_id)

    @Slot()
    def _rescan(self) -> None:
        if self._manifest is not None:
            self._rescan_manifest(self._manifest)
        elif self._report is not None:
            self.scan_folder(self._report["path"])

    def _rescan_manifest(self, manifest: Manifest) -> None:
        """Scan a dataset again, keeping the choices made in it. A selection (favourites) is scanned through its
        file, so only its own files are looked at; it is written first when it never was."""
        target: Path = manifest.root
        if manifest.selection:
            if manifest.path is None and self.training_path() is None:
                return
            target = manifest.path
        self._start_scan(str(target), manifest.kind, previous=manifest)

    # --- the manifest -----------------------------------------------------------------------------------------
    def _set_manifest(self, manifest: Manifest | None) -> None:
        self._manifest = manifest
        if manifest is not None:
            self.augment_box.set_kind(manifest.kind)
            self.augment_box.set_settings(manifest.augment)
            self.path_label.setText(str(self._saved_path or manifest.root))
        self._update_summary()
        self._update_buttons()
        self.manifestChanged.emit(manifest)

    @Slot(str, bool)
    def _on_inclusion(self, path: str, included: bool) -> None:
        if self._manifest is None:
            return
        if included:
            self._manifest.include(path)
        else:
            self._manifest.exclude(path, "Left out by you.")
        self._update_summary()
        self.manifestChanged.emit(self._manifest)

    @Slot(object)
    def _on_augment(self, settings: dict) -> None:
        if self._manifest is None:
            return
        self._manifest.augment = dict(settings)
        self._manifest.path = None                  # changed: the saved file no longer holds it
        self.manifestChanged.emit(self._manifest)

    def _show_report(self) -> None:
        m = self._manifest
        included = set(m.included_names()) if m is not None else set()
        notes = m.excluded_names() if m is not None else {}
        self.report_view.show_report(self._report or {}, self._thumbs, included, notes)
        self._update_summary()

    def _update_summary(self) -> None:
        r, m = self._report, self._manifest
        if not r:
            self.summary_label.clear()
            return
        kind_words = {"image": self.tr("images"), "audio": self.tr("sounds"), "text": self.tr("text files")}
        fmts = ", ".join(f"{k} {v}" for k, v in (r.get("formats") or {}).items())
        parts = [self.tr("{n} {kind}, {size}").format(n=r.get("files", 0), kind=kind_words.get(r.get("kind"), ""),
                                                     size=human_size(r.get("total_bytes") or 0))]
        if fmts:
            parts.append(fmts)
        if m is not None:
            parts.append(self.tr("{n} included").format(n=len(m.files)))
        for key, one, many in (("unreadable", self.tr("1 cannot be used"), self.tr("{n} cannot be used")),
                               ("exact_duplicates", self.tr("1 group of exact duplicates"),
                                self.tr("{n} groups of exact duplicates")),
                               ("near_duplicates", self.tr("1 group of near duplicates"),
                                self.tr("{n} groups of near duplicates")),
                               ("outliers", self.tr("1 outlier"), self.tr("{n} outliers")),
                               ("other_files", self.tr("1 of another kind"), self.tr("{n} of another kind"))):
            if r.get(key):
                parts.append(one if len(r[key]) == 1 else many.format(n=len(r[key])))
        self.summary_label.setText(" · ".join(parts))

    # --- files ------------------------------------------------------------------------------------------------
    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of training data"))

    def _ask_open(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open dataset"), "",
                                              self.tr("Datasets (*.json)"))
        return path

    def _ask_save(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save dataset"), suggested, self.tr("Datasets (*.json)"))
        return path

    @Slot()
    def _choose_folder(self) -> None:
        folder = self._ask_folder()
        if folder:
            self.scan_folder(folder)

    @Slot()
    def _choose_manifest(self) -> None:
        path = self._ask_open()
        if path:
            self.load_manifest(path)

    @Slot()
    def _save(self) -> None:
        m = self._manifest
        if m is None:
            return
        suggested = str(self._saved_path or default_manifest_path(m.root))
        path = self._ask_save(suggested)
        if not path:
            return
        try:
            saved = m.save(path)
        except DatasetError as e:
            self._show_error(dataset_text(str(e)))
            return
        self._saved_path = saved
        self.path_label.setText(str(saved))
        self.manifestChanged.emit(m)

    def resizeEvent(self, event) -> None:         # noqa: N802 (Qt)
        """Side by side when there is room; the augmentation under the report when narrow (the report's notes
        column stays visible)."""
        super().resizeEvent(event)
        wide = self.width() >= WIDE_LAYOUT
        if wide != self._wide:
            self._wide = wide
            self.split.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
            # under the report the settings take two columns, so the file list keeps most of the height
            self.augment_box.set_columns(1 if wide else 2)
            if wide:
                self.split.setSizes([640, 300])
        if not wide:
            QTimer.singleShot(0, self, self._fit_split)   # once the splitter has its height (never after self is gone)

    @Slot()
    def _fit_split(self) -> None:
        """Under the report (narrow), the augmentation gets the height it needs and the file list the rest."""
        if self.split.orientation() != Qt.Orientation.Vertical:
            return
        total = sum(self.split.sizes()) or self.split.height()
        aug = self.augment_box.sizeHint().height()
        self.split.setSizes([max(240, total - aug), aug])

    def dragEnterEvent(self, event) -> None:      # noqa: N802 (Qt)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:           # noqa: N802 (Qt)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        self.open_path(paths[0])

    def open_path(self, path: str) -> None:
        """A dropped path: a saved dataset opens, anything else is scanned."""
        if looks_like_manifest(path):
            self.load_manifest(path)
        else:
            self.scan_folder(path)

    # --- helpers ----------------------------------------------------------------------------------------------
    def _set_kind(self, kind: str) -> None:
        i = self.kind_box.findData(kind)
        if i >= 0 and self.kind_box.currentIndex() not in (0, i):
            self.kind_box.setCurrentIndex(i)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        self.save_button.setEnabled(self._manifest is not None and not busy)
        self.rescan_button.setEnabled((self._manifest is not None or self._report is not None) and not busy)
        self.folder_button.setEnabled(not busy)
        self.open_button.setEnabled(not busy)

    def _preview_item(self) -> Any:
        """The item the augmentation preview varies: the selected file, else the first included one."""
        m = self._manifest
        if m is None:
            return None
        names = []
        sel = self.report_view.currentItem()
        if sel is not None and sel.data(0, Qt.ItemDataRole.UserRole + 1):
            names.append(sel.data(0, Qt.ItemDataRole.UserRole + 1))
        names += m.included_names()[:5]
        for name in names:
            if m.kind == "image" and name in self._thumbs:
                return self._thumbs[name]
            if m.kind == "audio":
                from aigc_studio.core.assets.audio_io import load_audio     # numpy + soundfile, already loaded
                try:
                    return load_audio(m.root / name, max_seconds=2.0, allow_silence=True), 0
                except UserError:
                    continue
        return None


def _report_of_manifest(m: Manifest) -> dict[str, Any]:
    """What can be shown of a dataset before it is rescanned: its files (included and left out)."""
    readable = [e for e in m.excluded if e.get("readable", True)]
    items = sorted(({"path": f["path"], "size": f.get("size") or 0} for f in m.files + readable),
                   key=lambda it: it["path"])
    unreadable = [{"path": e["path"], "code": e.get("code", ""), "reason": e.get("reason", "")}
                  for e in m.excluded if not e.get("readable", True)]
    return {"path": str(m.path or m.root), "root": str(m.root), "kind": m.kind, "files": len(items) + len(unreadable),
            "usable": len(m.files), "total_bytes": sum(int(it["size"] or 0) for it in items),
            "formats": dict(m.summary.get("formats") or {}), "items": items, "unreadable": unreadable,
            "other_files": [], "exact_duplicates": [], "near_duplicates": [], "outliers": [],
            "suggested_exclusions": [], "stopped": False}


__all__ = ["DatasetSection", "dataset_text"]
