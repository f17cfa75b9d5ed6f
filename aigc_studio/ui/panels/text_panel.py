"""The Text tab: a prompt, a model, sampling settings, and the generated text streaming into a large view.

``TextPanel(engine, settings, store_getter)`` — the main window owns the keyboard shortcuts (Ctrl+Return
Generate, Esc Stop, Ctrl+R Regenerate, Ctrl+Shift+Return Continue, Ctrl+S Save) and calls the panel's methods;
the panel names them in its tooltips but registers none itself (the same key twice in one window is ambiguous
and Qt would then fire neither).

How it works:

* **Generate** reads the form into a ``core.jobs.specs.TextSpec``. The spec's own ``problems()`` decides what is
  valid; each problem is shown under the control that causes it and nothing is submitted. Otherwise the spec goes
  to ``engine.submit``.
* Events arrive through ``engine.job_event`` into a slot; ``TextDelta`` text is *buffered* and flushed into the
  view by a ~30 Hz timer (one widget update per flush, never one per token). The view follows the end unless the
  user scrolled up. ``Log`` warnings (prompt truncated...) are shown above the view.
* **Stop** asks the engine to cancel: the job halts at its next token and the text so far stays.
* On ``job_finished`` the stats line shows tokens, tokens/s, first-token latency, why it stopped and the device;
  a failed job shows its readable message. The spec and the Result are kept for Save, Regenerate and Continue.
* **Seed modes**: *random* draws a new seed for every job (shown in the seed box, so it can be kept by switching
  to *fixed*); *fixed* uses the seed box; *reuse last* uses the seed of the last job; *increment* uses last + 1.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSpinBox,
                               QSplitter, QToolButton, QVBoxLayout, QWidget)

from aigc_studio.core.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.jobs.events import Log, Progress, TextDelta
from aigc_studio.core.jobs.specs import SEED_MAX, TextSpec
from aigc_studio.core.settings import SEED_MODES
from aigc_studio.ui.widgets.param_form import (WARNING_COLOUR, ExactDoubleSpinBox, MessageLabel, ParamForm,
                                               StopStringError, format_stop_strings, parse_stop_strings,
                                               stop_string_message,
                                               problems_by_field)


log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 33          # ~30 Hz
PARAM_KEYS = ("model", "prompt", "max_new_tokens", "temperature", "top_k", "top_p", "repetition_penalty", "seed",
              "seed_mode", "stop")
# A spec with no problems: each field of a form's spec is tried on it to find which control a problem belongs to.
_VALID_BASE = TextSpec(prompt="x", model="x")

# The words core.jobs.specs uses, so translators see them (core has no Qt); shown through _tr_core().
_CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("TextPanel", "The prompt is empty: type a few words to start from."),
    QT_TRANSLATE_NOOP("TextPanel", "Max new tokens must be between 1 and 4096."),
    QT_TRANSLATE_NOOP("TextPanel", "Temperature must be between 0 (greedy) and 5."),
    QT_TRANSLATE_NOOP("TextPanel", "Top-k must be 0 (off) or a positive number of tokens."),
    QT_TRANSLATE_NOOP("TextPanel", "Top-p must be greater than 0 and at most 1."),
    QT_TRANSLATE_NOOP("TextPanel", "Repetition penalty must be between 1 (off) and 3."),
    QT_TRANSLATE_NOOP("TextPanel", "The seed must be between 0 and 4294967295."),
    QT_TRANSLATE_NOOP("TextPanel", "Choose a model."),
    QT_TRANSLATE_NOOP("TextPanel", "Stop strings must not be empty."),
)


def _tr_core(text: str) -> str:
    return QCoreApplication.translate("TextPanel", text)


def _list_text_models() -> list[Any]:
    try:
        from aigc_studio.core.models import registry
        return list(registry.list_models("text"))
    except Exception as exc:  # noqa: BLE001 — no registry / unreadable cards: the folder button still works
        log.warning("listing text models failed: %s", exc)
        return []


def _resolve_model(path: str) -> Any:
    from aigc_studio.core.models import registry
    return registry.resolve(path)


class PromptEdit(QPlainTextEdit):
    """The prompt editor. Dropped files are left to the window (a .txt becomes the prompt, a saved asset restores
    its settings) instead of inserting their URL as text."""

    @staticmethod
    def _has_files(event: Any) -> bool:
        md = event.mimeData()
        return md is not None and md.hasUrls() and any(u.isLocalFile() for u in md.urls())

    def dragEnterEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dropEvent(event)

    # Qt's document turns "\r\n", U+2028/U+2029 into "\n" and a no-break space into a space, so a prompt put in
    # from a spec (a saved asset, the CLI) would come back different and the same seed would write another text.
    # Like ExactDoubleSpinBox: remember the exact text while the box still shows it unedited.
    _exact: tuple[str, str] | None = None

    def set_exact_text(self, text: str) -> None:
        self.setPlainText(text)
        self._exact = (text, self.toPlainText())

    def exact_text(self) -> str:
        shown = self.toPlainText()
        if self._exact is not None and self._exact[1] == shown:
            return self._exact[0]
        return shown


class TextPanel(QWidget):
    """Text generation. See the module docstring for the behaviour."""

    asset_saved = Signal(str)
    status_message = Signal(str)

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("TextPanel")
        self.engine = engine
        self.settings = settings
        self.store_getter = store_getter

        self._job_id: str | None = None       # the job whose text is in the view (queued, running or finished)
        self._job_state: str = ""             # its last known state
        self._job_spec: TextSpec | None = None
        self._result: Any = None              # its Result (None while running, or when it failed)
        self._generated = ""                  # text shown after the prompt (streamed, then the Result's)
        self._buffer: list[str] = []          # TextDeltas not yet in the view
        self._pending_progress: tuple[int, int] | None = None
        self._pending_phase = ""              # a Progress message ("Loading the model") for the stats line
        self._last_seed: int | None = None
        self._saved_path: str | None = None   # the saved file of the current result (Save twice: same file)
        self._device_name = ""
        self.flush_count = 0                  # view updates with new text (tests check the coalescing)

        self._build_ui()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush)

        engine.job_event.connect(self._on_job_event)
        engine.job_finished.connect(self._on_job_finished)
        if hasattr(engine, "job_changed"):
            engine.job_changed.connect(self._on_job_changed)
        if hasattr(engine, "device_ready"):
            engine.device_ready.connect(self._on_device_ready)

        self.reload_models()
        self._load_params()
        self._update_buttons()

    # ================================================================================================ UI ========
    def _build_ui(self) -> None:
        # --- left: prompt over output -------------------------------------------------------------------------
        self.prompt_edit = PromptEdit(self)
        self.prompt_edit.setObjectName("PromptEdit")
        self._default_prompt_hint = self.tr("Type the beginning of a text: the model continues it.\n"
                                            "Drop a .txt file here or use File › Open to start from one.")
        self.prompt_edit.setPlaceholderText(self._default_prompt_hint)
        self._usage: dict[str, dict] = {}      # model id -> its card's "usage" (prompt hint, suggested stops)
        self._suggested_stop = ""
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_message = MessageLabel(parent=self)
        self.prompt_message.setObjectName("prompt_message")

        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setToolTip(self.tr("Generate a continuation of the prompt (Ctrl+Enter)"))
        self.generate_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setToolTip(self.tr("Stop at the next token; the text so far stays (Esc)"))
        self.regenerate_button = QPushButton(self.tr("Regenerate"), self)
        self.regenerate_button.setToolTip(self.tr("Run the last job again with the same settings — a new seed "
                                                  "when the seed mode is Random (Ctrl+R)"))
        self.continue_button = QPushButton(self.tr("Continue"), self)
        self.continue_button.setToolTip(self.tr("Append the generated text to the prompt and go on writing "
                                                "(Ctrl+Shift+Enter)"))
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setToolTip(self.tr("Save the prompt and the generated text, with the settings that made "
                                            "it (Ctrl+S)"))
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.continue_button.clicked.connect(self.continue_)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for b in (self.generate_button, self.stop_button, self.regenerate_button, self.continue_button,
                  self.save_button):
            b.setMinimumWidth(56)          # so the window still fits small screens
        for b in (self.generate_button, self.stop_button, self.regenerate_button, self.continue_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        prompt_box = QWidget(self)
        pl = QVBoxLayout(prompt_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(4)
        prompt_label = QLabel(self.tr("Prompt"), self)
        prompt_label.setBuddy(self.prompt_edit)
        pl.addWidget(prompt_label)
        pl.addWidget(self.prompt_edit, 1)
        pl.addWidget(self.prompt_message)
        pl.addLayout(buttons)

        self.notice = MessageLabel(WARNING_COLOUR, self)       # warnings from the job (prompt truncated...)
        self.notice.setObjectName("notice")
        self.error_message = MessageLabel(parent=self)         # a failed job, a failed save
        self.error_message.setObjectName("error_message")
        self.output_view = QPlainTextEdit(self)
        self.output_view.setObjectName("OutputView")
        self.output_view.setReadOnly(True)
        self.output_view.setPlaceholderText(self.tr("The generated text appears here, after the prompt."))
        self.output_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.output_view.setFont(font)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("TokenProgress")
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(14)
        self.progress.setFormat(self.tr("%v / %m tokens"))
        self.progress.hide()
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("StatsLabel")
        self.stats_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats_label.setText(self.tr("Ready."))
        small = QFont(self.stats_label.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        self.stats_label.setFont(small)

        output_box = QWidget(self)
        ol = QVBoxLayout(output_box)
        ol.setContentsMargins(0, 0, 0, 0)
        ol.setSpacing(4)
        output_label = QLabel(self.tr("Output"), self)
        ol.addWidget(output_label)
        ol.addWidget(self.notice)
        ol.addWidget(self.error_message)
        ol.addWidget(self.output_view, 1)
        ol.addWidget(self.progress)
        ol.addWidget(self.stats_label)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setChildrenCollapsible(False)
        left.addWidget(prompt_box)
        left.addWidget(output_box)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        left.setSizes([220, 560])

        # --- right: model and parameters ---------------------------------------------------------------------
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("ModelCombo")
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(14)
        self.model_combo.setPlaceholderText(self.tr("No text model found"))
        self.model_folder_button = QToolButton(self)
        self.model_folder_button.setText(self.tr("Open model folder…"))
        self.model_folder_button.setToolTip(self.tr("Use a model folder: one of ours (card.json + "
                                                    "model.safetensors) or a GPT-2 Hugging Face folder"))
        self.model_folder_button.clicked.connect(self.choose_model_folder)
        self.model_message = MessageLabel(parent=self)
        self.model_message.setObjectName("model_message")
        self.model_info = QLabel(self)
        self.model_info.setWordWrap(True)
        self.model_info.setTextFormat(Qt.TextFormat.PlainText)
        muted = self.model_info.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.model_info.setPalette(muted)
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        model_box = QGroupBox(self.tr("Model"), self)
        ml = QVBoxLayout(model_box)
        ml.setSpacing(4)
        ml.addWidget(self.model_combo)
        ml.addWidget(self.model_folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        ml.addWidget(self.model_info)
        ml.addWidget(self.model_message)

        self.form = ParamForm(self)
        self.max_tokens_spin = QSpinBox(self)
        self.max_tokens_spin.setRange(0, 100000)
        self.max_tokens_spin.setSingleStep(50)
        self.max_tokens_spin.setValue(_VALID_BASE.max_new_tokens)
        self.temperature_spin = ExactDoubleSpinBox(self)
        self.temperature_spin.setRange(0.0, 10.0)
        self.temperature_spin.setDecimals(3)
        self.temperature_spin.setSingleStep(0.05)
        self.temperature_spin.setSpecialValueText(self.tr("0 (greedy)"))
        self.top_k_spin = QSpinBox(self)
        self.top_k_spin.setRange(0, 1000000)
        self.top_k_spin.setSpecialValueText(self.tr("off"))
        self.top_p_spin = ExactDoubleSpinBox(self)
        self.top_p_spin.setRange(0.0, 1.0)
        self.top_p_spin.setDecimals(3)
        self.top_p_spin.setSingleStep(0.01)
        self.rep_penalty_spin = ExactDoubleSpinBox(self)
        self.rep_penalty_spin.setRange(0.0, 10.0)
        self.rep_penalty_spin.setDecimals(3)
        self.rep_penalty_spin.setSingleStep(0.05)
        self.seed_mode_combo = QComboBox(self)
        for mode, label in (("random", self.tr("Random")), ("fixed", self.tr("Fixed")),
                            ("reuse", self.tr("Reuse last")), ("increment", self.tr("Last + 1"))):
            self.seed_mode_combo.addItem(label, mode)
        self.seed_edit = QLineEdit(self)
        self.seed_edit.setObjectName("SeedEdit")
        self.seed_edit.setMaxLength(12)
        self.seed_edit.setPlaceholderText(self.tr("e.g. 1234"))
        seed_row = QWidget(self)
        sl = QHBoxLayout(seed_row)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.setSpacing(4)
        sl.addWidget(self.seed_mode_combo)
        sl.addWidget(self.seed_edit, 1)
        self.seed_mode_combo.currentIndexChanged.connect(self._on_seed_mode_changed)
        self.stop_edit = QLineEdit(self)
        self.stop_edit.setObjectName("StopEdit")
        self.stop_edit.setPlaceholderText(self.tr("e.g. \\n\\n, THE END"))

        f = self.form
        f.add_row("max_new_tokens", self.tr("Max new tokens"), self.max_tokens_spin,
                  self.tr("How many tokens (characters or word pieces) to write at most: 1 to 4096"))
        f.add_row("temperature", self.tr("Temperature"), self.temperature_spin,
                  self.tr("Randomness: 0 = greedy (always the most likely token, the same text every time); "
                          "higher is more surprising. 0 to 5"))
        f.add_row("top_k", self.tr("Top-k"), self.top_k_spin,
                  self.tr("Pick only among the k most likely tokens; 0 = off"))
        f.add_row("top_p", self.tr("Top-p"), self.top_p_spin,
                  self.tr("Pick among the most likely tokens that together make up this probability; "
                          "1 = off. Greater than 0, at most 1"))
        f.add_row("repetition_penalty", self.tr("Repetition penalty"), self.rep_penalty_spin,
                  self.tr("Make tokens already in the text less likely; 1 = off. 1 to 3"))
        f.add_row("seed", self.tr("Seed"), seed_row,
                  self.tr("Random: a new seed every time. Fixed: the seed in the box (same settings + same seed "
                          "= same text). Reuse last: the seed of the last job. Last + 1: the next seed"))
        f.widgets["seed"] = self.seed_edit
        f.add_row("stop", self.tr("Stop strings"), self.stop_edit,
                  self.tr("Stop when the text contains one of these. Separate them with commas; write \\n for a "
                          "new line, \\, for a comma, \\s for a space at the start or end, \\\\ for a backslash"))
        self.form_message = MessageLabel(parent=self)           # problems no single control explains
        self.form_message.setObjectName("form_message")
        params_box = QGroupBox(self.tr("Sampling"), self)
        pl2 = QVBoxLayout(params_box)
        pl2.addWidget(self.form)
        pl2.addWidget(self.form_message)

        right_inner = QWidget(self)
        rl = QVBoxLayout(right_inner)
        rl.setContentsMargins(0, 0, 4, 0)
        rl.setSpacing(8)
        rl.addWidget(model_box)
        rl.addWidget(params_box)
        rl.addStretch(1)
        right = QScrollArea(self)
        right.setWidgetResizable(True)
        right.setFrameShape(QScrollArea.Shape.NoFrame)
        right.setWidget(right_inner)
        right.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.setMinimumWidth(right_inner.minimumSizeHint().width()
                              + right.verticalScrollBar().sizeHint().width() + 2)
        right.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)       # extra width goes to the text, not the form
        split.setSizes([820, 320])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(split)

        self._on_seed_mode_changed()

    # ============================================================================================ models ========
    def reload_models(self) -> None:
        """(Re)fill the model picker from the registry, keeping the selection and any folders the user added."""
        current = self.current_model()
        extra = [(self.model_combo.itemText(i), self.model_combo.itemData(i), self.model_combo.itemData(
            i, Qt.ItemDataRole.ToolTipRole)) for i in range(self.model_combo.count())
            if self.model_combo.itemData(i, Qt.ItemDataRole.UserRole + 1)]
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for info in _list_text_models():
            card = getattr(info, "card", None) or {}
            lang = card.get("language", "") if isinstance(card, dict) else ""
            name = getattr(info, "name", "") or info.id
            label = f"{name} — {lang}" if lang else name
            self.model_combo.addItem(label, info.id)
            i = self.model_combo.count() - 1
            desc = card.get("description", "") if isinstance(card, dict) else ""
            self.model_combo.setItemData(i, desc or str(getattr(info, "path", "")), Qt.ItemDataRole.ToolTipRole)
            usage = card.get("usage") if isinstance(card, dict) else None
            self._usage[info.id] = usage if isinstance(usage, dict) else {}
        for text, data, tip in extra:
            self._add_model_item(text, data, tip, user_added=True)
        self.model_combo.blockSignals(False)
        if current:
            self._select_model(current)
        elif self.model_combo.count():
            self.model_combo.setCurrentIndex(0)
        self._on_model_changed()

    def _add_model_item(self, text: str, data: str, tip: str | None, user_added: bool) -> int:
        self.model_combo.addItem(text, data)
        i = self.model_combo.count() - 1
        if tip:
            self.model_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        if user_added:
            self.model_combo.setItemData(i, True, Qt.ItemDataRole.UserRole + 1)
        return i

    def _select_model(self, model: str) -> None:
        i = self.model_combo.findData(model)
        if i < 0:
            label = Path(model).name if ("/" in model or "\\" in model) else model
            i = self._add_model_item(self.tr("%1 (not installed)").replace("%1", label), model, model, True)
        self.model_combo.setCurrentIndex(i)

    def current_model(self) -> str:
        data = self.model_combo.currentData()
        return str(data) if data else ""

    @Slot()
    def choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open model folder"))
        if folder:
            self.use_model_folder(folder)

    def use_model_folder(self, folder: str) -> bool:
        """Add a model folder to the picker and select it; a folder that is not a usable model is explained."""
        self.model_message.clear_message()
        try:
            info = _resolve_model(str(folder))
        except UserError as exc:
            self.model_message.show_message(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001
            self.model_message.show_message(user_message(exc))
            return False
        if getattr(info, "kind", "text") not in ("text", None, ""):
            self.model_message.show_message(self.tr("This folder holds a %1 model, not a text model.")
                                            .replace("%1", str(info.kind)))
            return False
        value = str(folder)
        i = self.model_combo.findData(value)
        if i < 0:
            name = getattr(info, "name", "") or Path(value).name
            i = self._add_model_item(self.tr("%1 (folder)").replace("%1", name), value, value, True)
        self.model_combo.setCurrentIndex(i)
        return True

    @Slot()
    def _on_model_changed(self, *_: Any) -> None:
        self._apply_model_usage()
        i = self.model_combo.currentIndex()
        tip = self.model_combo.itemData(i, Qt.ItemDataRole.ToolTipRole) if i >= 0 else ""
        self.model_info.setText(str(tip or ""))
        self.model_info.setVisible(bool(tip))
        self.model_combo.setToolTip(str(tip or ""))
        self.model_message.clear_message()

    def _apply_model_usage(self) -> None:
        """A model's card may suggest how to prompt it and where a piece ends (``usage.prompt``, ``usage.stop``:
        a blank line ends a Tang poem). The hint becomes the prompt's placeholder; the suggested stop strings fill
        the field when it is empty or still holds the previous model's suggestion — never over the user's own."""
        usage = self._usage.get(self.current_model(), {})
        hint = usage.get("prompt") if isinstance(usage.get("prompt"), str) else ""
        self.prompt_edit.setPlaceholderText(self._default_prompt_hint + (
            "\n" + self.tr("This model: %1").replace("%1", hint) if hint else ""))
        stops = usage.get("stop")
        suggested = format_stop_strings(tuple(stops)) if isinstance(stops, list) and all(
            isinstance(x, str) and x for x in stops) else ""
        if self.stop_edit.text() in ("", self._suggested_stop):
            self.stop_edit.setText(suggested)
        self._suggested_stop = suggested

    # ============================================================================================= seeds ========
    def seed_mode(self) -> str:
        return str(self.seed_mode_combo.currentData())

    def set_seed_mode(self, mode: str) -> None:
        i = self.seed_mode_combo.findData(mode)
        if i >= 0:
            self.seed_mode_combo.setCurrentIndex(i)

    @Slot()
    def _on_seed_mode_changed(self, *_: Any) -> None:
        fixed = self.seed_mode() == "fixed"
        self.seed_edit.setReadOnly(not fixed)
        self.seed_edit.setToolTip(self.tr("The seed of the next job") if fixed else
                                  self.tr("The seed of the last job: choose Fixed to keep it"))

    def _seed_for_run(self) -> tuple[int | None, str]:
        """The seed the next job uses, by the seed mode; (None, message) when the box holds no valid seed."""
        mode = self.seed_mode()
        if mode == "random":
            return secrets.randbelow(SEED_MAX + 1), ""
        last = self._last_seed
        if mode in ("reuse", "increment") and last is not None:
            return (last if mode == "reuse" else (last + 1) % (SEED_MAX + 1)), ""
        text = self.seed_edit.text().strip()
        if not text and mode in ("reuse", "increment"):
            return secrets.randbelow(SEED_MAX + 1), ""       # nothing to reuse yet: this one becomes the last
        if not text:
            return None, self.tr("Type a seed (a whole number from 0 to %1) or choose Random.").replace(
                "%1", str(SEED_MAX))
        try:
            return int(text), ""
        except ValueError:
            return None, self.tr("The seed must be a whole number from 0 to %1.").replace("%1", str(SEED_MAX))

    # ============================================================================================== form ========
    def _read_form(self, seed: int | None = None, prompt: str | None = None) -> tuple[TextSpec | None, dict]:
        """The spec the form describes and the problems per control ({} when valid)."""
        errors: dict[str, list[str]] = {}
        if seed is None:
            seed, msg = self._seed_for_run()
            if msg:
                errors["seed"] = [msg]
        try:
            stop = parse_stop_strings(self.stop_edit.text())
        except StopStringError as exc:
            errors["stop"] = [self.tr("Stop strings: %1").replace("%1", stop_string_message(exc))]
            stop = ()
        spec = TextSpec(
            prompt=self.prompt_edit.exact_text() if prompt is None else prompt,
            model=self.current_model(),
            max_new_tokens=self.max_tokens_spin.value(),
            temperature=self.temperature_spin.exact_value(),
            top_k=self.top_k_spin.value(),
            top_p=self.top_p_spin.exact_value(),
            repetition_penalty=self.rep_penalty_spin.exact_value(),
            seed=seed if seed is not None else 0,
            stop=stop,
        )
        by_field, rest = problems_by_field(spec, _VALID_BASE)
        for name, msgs in by_field.items():
            if name == "seed" and "seed" in errors:
                continue
            errors.setdefault(name, []).extend(_tr_core(m) for m in msgs)
        if rest:
            errors.setdefault("", []).extend(_tr_core(m) for m in rest)
        return spec, errors

    def _show_form_errors(self, errors: dict[str, list[str]]) -> None:
        self.form.clear_errors()
        self.prompt_message.clear_message()
        self.model_message.clear_message()
        self.form_message.clear_message()
        if not errors:
            return
        errs = dict(errors)
        prompt = errs.pop("prompt", [])
        model = errs.pop("model", [])
        if prompt:
            self.prompt_message.show_message("\n".join(prompt))
        if model:
            if self.model_combo.count() == 0:
                model = [self.tr("No text model is installed yet: use “Open model folder…” to choose one.")]
            self.model_message.show_message("\n".join(model))
        rest = self.form.show_errors(errs)
        if rest:
            self.form_message.show_message("\n".join(rest))
        order = ("prompt", "model") + tuple(self.form.widgets) + ("",)
        first = min(errors, key=lambda k: order.index(k) if k in order else len(order))
        target = {"prompt": self.prompt_edit, "model": self.model_combo}.get(first) or self.form.widgets.get(first)
        if target is not None:
            target.setFocus()
        self.status_message.emit(self.tr("Check the settings: %1").replace("%1", errors[first][0]))

    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        out = {name: m.text() for name, m in self.form.messages.items() if not m.isHidden()}
        for name, m in (("prompt", self.prompt_message), ("model", self.model_message),
                        ("", self.form_message)):
            if not m.isHidden():
                out[name] = m.text()
        return out

    # ============================================================================================== jobs ========
    def is_busy(self) -> bool:
        return self._job_id is not None and self._job_state not in ("done", "cancelled", "failed")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form as a job; returns the job id, or None when the form was refused."""
        return self._generate_from_form()

    def _generate_from_form(self, prompt: str | None = None, seed: int | None = None) -> str | None:
        if self.is_busy():
            self.status_message.emit(self.tr("A text job is already running: stop it or wait for it."))
            return None
        spec, errors = self._read_form(seed=seed, prompt=prompt)
        self._show_form_errors(errors)
        if errors or spec is None:
            return None
        return self._submit(spec)

    @Slot()
    def regenerate(self) -> str | None:
        """Run the last job's spec again — same prompt and settings; a new seed when the seed mode is Random
        (Fixed and Reuse last keep its seed; Last + 1 takes the next one). Without a last job: Generate."""
        if self._job_spec is None:
            return self.generate()
        if self.is_busy():
            self.status_message.emit(self.tr("A text job is already running: stop it or wait for it."))
            return None
        mode = self.seed_mode()
        seed = self._job_spec.seed
        if mode == "random":
            seed = secrets.randbelow(SEED_MAX + 1)
        elif mode == "increment":
            seed = (seed + 1) % (SEED_MAX + 1)
        return self._submit(replace(self._job_spec, seed=seed))

    @Slot()
    def continue_(self) -> str | None:
        """Append the generated text to the prompt (the prompt box then holds the whole piece, as the output view
        shows it) and go on writing with the form's settings."""
        if self.is_busy():
            self.status_message.emit(self.tr("A text job is already running: stop it or wait for it."))
            return None
        if self._job_spec is None or not self._generated:
            if self.prompt_edit.toPlainText().strip():
                return self.generate()
            self._show_form_errors({"prompt": [self.tr("Nothing to continue yet: type a prompt and press "
                                                       "Generate.")]})
            return None
        whole = self._job_spec.prompt + self._generated
        spec, errors = self._read_form(prompt=whole)
        self._show_form_errors(errors)
        if errors or spec is None:
            return None
        self.prompt_edit.set_exact_text(whole)
        cursor = self.prompt_edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.prompt_edit.setTextCursor(cursor)
        return self._submit(spec)

    def _submit(self, spec: TextSpec) -> str | None:
        try:
            job_id = self.engine.submit(spec)
        except InvalidParameters as exc:
            by_field, rest = problems_by_field(spec, _VALID_BASE)
            errors = {k: [_tr_core(m) for m in v] for k, v in by_field.items()}
            if rest or not errors:
                errors[""] = [_tr_core(m) for m in (rest or exc.problems)]
            self._show_form_errors(errors)
            return None
        except UserError as exc:
            self.error_message.show_message(str(exc))
            self.status_message.emit(str(exc))
            return None
        self._flush_timer.stop()
        self._buffer.clear()
        self._pending_progress = None
        self._pending_phase = ""
        self._job_id = str(job_id)
        self._job_state = "queued"
        self._job_spec = spec
        self._result = None
        self._generated = ""
        self._saved_path = None
        self._last_seed = spec.seed
        self.seed_edit.setText(str(spec.seed))
        self.notice.clear_message()
        self.error_message.clear_message()
        self._show_prompt_in_view(spec.prompt)
        self.progress.setRange(0, spec.max_new_tokens)
        self.progress.setValue(0)
        self.progress.show()
        self.stats_label.setText(self.tr("Queued: waiting for the engine…"))
        self.status_message.emit(self.tr("Generating with %1 (seed %2)…").replace("%1", spec.model)
                                 .replace("%2", str(spec.seed)))
        self.save_settings()
        self._update_buttons()
        return self._job_id

    @Slot()
    def stop(self) -> None:
        """Cancel the running job: it halts at its next token and the text so far stays in the view."""
        if not self.is_busy() or self._job_id is None:
            return
        self.engine.cancel(self._job_id)
        self.stats_label.setText(self.tr("Stopping…"))

    # --- engine signals ---------------------------------------------------------------------------------------
    @Slot(object)
    def _on_job_changed(self, info: Any) -> None:
        if getattr(info, "id", None) != self._job_id or self._job_state in ("done", "cancelled", "failed"):
            return
        state = getattr(info, "state", "")
        if state == "running" and self._job_state != "running":
            self._job_state = "running"
            self.stats_label.setText(self.tr("Generating…"))
        if getattr(info, "device", ""):
            self._device_name = str(info.device)

    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: object) -> None:
        if job_id != self._job_id:
            return
        if isinstance(event, TextDelta):
            if event.text:
                self._buffer.append(event.text)
                if not self._flush_timer.isActive():
                    self._flush_timer.start()
        elif isinstance(event, Progress):
            self._pending_progress = (int(event.done), int(event.total))
            if event.message:
                self._pending_phase = str(event.message)
            if self._job_state == "queued":
                self._job_state = "running"
            if not self._flush_timer.isActive():
                self._flush_timer.start()
        elif isinstance(event, Log):
            if event.level in ("warning", "error"):
                text = self.notice.text()
                self.notice.show_message(f"{text}\n{event.message}" if text else event.message)
            else:
                self.status_message.emit(event.message)

    @Slot()
    def _flush(self) -> None:
        """Put the buffered text into the view: one update for everything that arrived since the last flush."""
        if self._pending_progress is not None:
            done, total = self._pending_progress
            self._pending_progress = None
            if total:
                self.progress.setRange(0, total)
            self.progress.setValue(min(done, self.progress.maximum()))
        if self._pending_phase:
            self.stats_label.setText(self.tr("%1…").replace("%1", self._pending_phase))
            self._pending_phase = ""
        if not self._buffer:
            return
        text = "".join(self._buffer)
        self._buffer.clear()
        self._generated += text
        self._append_generated(text)
        self.flush_count += 1

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != self._job_id:
            return
        self._flush_timer.stop()
        self._flush()
        state = str(getattr(info, "state", "done"))
        self._job_state = state if state in ("done", "cancelled", "failed") else "done"
        result = getattr(info, "result", None)
        self._result = result
        if getattr(info, "device", ""):
            self._device_name = str(info.device)
        if result is not None and isinstance(getattr(result, "text", None), str) and result.text != self._generated:
            if result.text or state != "cancelled":
                # The Result is authoritative (a stop string trimmed off the end, a job that streamed nothing).
                self._generated = result.text
                self._show_prompt_in_view(self._job_spec.prompt if self._job_spec else "")
                self._append_generated(result.text)
        self.progress.hide()
        if state == "failed":
            msg = str(getattr(info, "message", "") or self.tr("The job failed."))
            self.error_message.show_message(msg)
            self.stats_label.setText(self.tr("Failed."))
            self.status_message.emit(self.tr("Text generation failed: %1").replace("%1", msg))
        else:
            self.stats_label.setText(self._stats_text(result, state, info))
            data = getattr(result, "data", None) or {}
            if data.get("prompt_truncated") and not self.notice.text():
                self.notice.show_message(self.tr("The prompt was longer than the model can read: only its end "
                                                 "was used."))
            if state == "cancelled":
                msg = str(getattr(info, "message", "") or self.tr("Stopped."))
                self.status_message.emit(msg)
            else:
                self.status_message.emit(self.tr("Done: press Ctrl+S to save it."))
        self._update_buttons()

    @Slot(object)
    def _on_device_ready(self, info: Any) -> None:
        self._device_name = str(getattr(info, "name", "") or "")

    def _stats_text(self, result: Any, state: str, info: Any) -> str:
        data = getattr(result, "data", None) or {}
        parts = []
        if "tokens" in data:
            parts.append(self.tr("%1 tokens").replace("%1", str(data["tokens"])))
        if data.get("tokens_per_s") is not None:
            parts.append(self.tr("%1 tokens/s").replace("%1", f"{float(data['tokens_per_s']):.1f}"))
        if data.get("first_token_ms") is not None:
            parts.append(self.tr("first token %1 ms").replace("%1", f"{float(data['first_token_ms']):.0f}"))
        reasons = {"length": self.tr("reached max tokens"), "stop": self.tr("stop string"),
                   "eos": self.tr("end of text"), "cancelled": self.tr("stopped by you")}
        stopped = data.get("stopped") or ("cancelled" if state == "cancelled" else "")
        if stopped:
            parts.append(self.tr("stopped: %1").replace("%1", reasons.get(str(stopped), str(stopped))))
        device = data.get("device") or getattr(info, "device", "") or self._device_name
        if device:
            parts.append(self.tr("device: %1").replace("%1", str(device)))
        if self._job_spec is not None:
            parts.append(self.tr("seed %1").replace("%1", str(self._job_spec.seed)))
        if not parts:
            return self.tr("Stopped.") if state == "cancelled" else self.tr("Done.")
        return " · ".join(parts)

    # ============================================================================================== view ========
    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        pal = self.output_view.palette()
        prompt_fmt = QTextCharFormat()
        prompt_fmt.setForeground(pal.color(QPalette.ColorRole.PlaceholderText))
        gen_fmt = QTextCharFormat()
        gen_fmt.setForeground(pal.color(QPalette.ColorRole.Text))
        return prompt_fmt, gen_fmt

    def _show_prompt_in_view(self, prompt: str) -> None:
        self.output_view.clear()
        prompt_fmt, _ = self._formats()
        cursor = QTextCursor(self.output_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(prompt, prompt_fmt)
        bar = self.output_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _append_generated(self, text: str) -> None:
        bar = self.output_view.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4     # the user has not scrolled up
        _, gen_fmt = self._formats()
        cursor = QTextCursor(self.output_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, gen_fmt)
        if follow:
            bar.setValue(bar.maximum())

    def generated_text(self) -> str:
        """The generated continuation of the current job (what is shown after the prompt)."""
        return self._generated

    def output_text(self) -> str:
        return self.output_view.toPlainText()

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(not busy and self._job_spec is not None)
        self.continue_button.setEnabled(not busy and bool(self._generated))
        self.save_button.setEnabled(not busy and bool(self._generated))

    # ============================================================================================== save ========
    @Slot()
    def save(self) -> str | None:
        """Save the current piece and return its path (None when there is nothing to save or saving failed).

        What is saved: the ``.txt`` holds the **prompt followed by the generated text**, exactly as the output view
        shows it — a writer wants the whole piece, not a fragment that starts mid-sentence. The sidecar holds the
        spec (so the prompt on its own is ``spec.prompt``, and the text after ``prompt_chars`` characters is the
        generated part) and the job's result data (tokens, speed, stop reason, device, prompt_used...).

        A failed save (folder not writable, disk full) is shown as a message; the text stays in the panel.
        Saving the same result twice returns the file already saved."""
        if self.is_busy():
            self.status_message.emit(self.tr("The job is still running: stop it or wait for it, then save."))
            return None
        if self._job_spec is None or not self._generated:
            self.status_message.emit(self.tr("Nothing to save yet: generate some text first."))
            return None
        if self._saved_path is not None:
            self.status_message.emit(self.tr("Already saved: %1").replace("%1", self._saved_path))
            return self._saved_path
        spec = self._job_spec
        data = dict(getattr(self._result, "data", None) or {})
        extra: dict[str, Any] = dict(data)
        extra.update({"content": "prompt+generated", "prompt_chars": len(spec.prompt),
                      "generated_chars": len(self._generated), "state": self._job_state})
        if self._result is None:
            extra["partial"] = True
        text = spec.prompt + self._generated
        try:
            store = self.store_getter()
            path = str(store.save_text(text, spec, extra))
        except Exception as exc:  # noqa: BLE001 — any failure is shown; the text stays here
            log.warning("saving the text failed: %s", exc)
            msg = self.tr("Not saved: %1 The text is still here; try again.").replace("%1", user_message(exc))
            self.error_message.show_message(msg)
            self.status_message.emit(msg)
            return None
        self._saved_path = path
        self.error_message.clear_message()
        self.status_message.emit(self.tr("Saved %1").replace("%1", path))
        self.asset_saved.emit(path)
        return path

    # ========================================================================================= restoring ========
    def restore_spec(self, spec: Any) -> None:
        """Fill every control from ``spec`` (model, prompt, sampling, stop strings) and set the seed mode to
        Fixed with its seed, so Generate makes the same text again."""
        if getattr(spec, "kind", "text") != "text":
            raise UserError(self.tr("This is not a text job's settings."))
        self._select_model(str(spec.model))
        self.prompt_edit.set_exact_text(str(spec.prompt))
        self.max_tokens_spin.setValue(int(spec.max_new_tokens))
        self.temperature_spin.set_exact(float(spec.temperature))
        self.top_k_spin.setValue(int(spec.top_k))
        self.top_p_spin.set_exact(float(spec.top_p))
        self.rep_penalty_spin.set_exact(float(spec.repetition_penalty))
        self.set_seed_mode("fixed")
        self.seed_edit.setText(str(int(spec.seed)))
        self.stop_edit.setText(format_stop_strings(tuple(spec.stop)))
        self._show_form_errors({})

    def form_spec(self) -> TextSpec | None:
        """The spec Generate would submit now with a Fixed/Reuse seed (None when the form is invalid)."""
        spec, errors = self._read_form()
        return None if errors else spec

    def load_text_file(self, path: str) -> None:
        """Put a UTF-8 text file into the prompt. A file that cannot be read (not UTF-8, too large, missing) is
        explained next to the prompt, which stays as it was, and the ``UserError`` is raised for the caller."""
        from aigc_studio.core.assets import read_text_file
        try:
            text = read_text_file(path)
        except UserError as exc:
            self.prompt_message.show_message(str(exc))
            self.status_message.emit(str(exc))
            raise
        except OSError as exc:
            msg = user_message(exc)
            self.prompt_message.show_message(msg)
            self.status_message.emit(msg)
            raise UserError(msg) from exc
        self.prompt_message.clear_message()
        self.prompt_edit.set_exact_text(text)
        self.status_message.emit(self.tr("Opened %1 as the prompt.").replace("%1", Path(path).name))

    # ========================================================================================== settings ========
    def params(self) -> dict[str, Any]:
        """The form's values as plain JSON data (what ``settings.last_params["text"]`` holds)."""
        try:
            stop = list(parse_stop_strings(self.stop_edit.text()))
        except StopStringError:
            stop = []
        seed_text = self.seed_edit.text().strip()
        return {
            "model": self.current_model(),
            "prompt": self.prompt_edit.exact_text(),
            "max_new_tokens": self.max_tokens_spin.value(),
            "temperature": self.temperature_spin.exact_value(),
            "top_k": self.top_k_spin.value(),
            "top_p": self.top_p_spin.exact_value(),
            "repetition_penalty": self.rep_penalty_spin.exact_value(),
            "seed": int(seed_text) if seed_text.isdigit() else None,
            "seed_mode": self.seed_mode(),
            "stop": stop,
        }

    def save_settings(self) -> None:
        """Remember the form in ``settings.last_params["text"]`` (the window writes the settings file)."""
        if self.settings is None:
            return
        p = self.params()
        try:
            last = getattr(self.settings, "last_params", None)
            if not isinstance(last, dict):
                last = {}
                self.settings.last_params = last
            last["text"] = p
            if p["seed_mode"] in SEED_MODES:
                self.settings.seed_mode = p["seed_mode"]
        except Exception:  # noqa: BLE001 — remembering parameters must never break the panel
            log.exception("remembering the text parameters failed")

    def _load_params(self) -> None:
        defaults = _VALID_BASE
        self.max_tokens_spin.setValue(defaults.max_new_tokens)
        self.temperature_spin.set_exact(defaults.temperature)
        self.top_k_spin.setValue(defaults.top_k)
        self.top_p_spin.set_exact(defaults.top_p)
        self.rep_penalty_spin.set_exact(defaults.repetition_penalty)
        mode = str(getattr(self.settings, "seed_mode", "random") or "random")
        p: dict[str, Any] = {}
        last = getattr(self.settings, "last_params", None)
        if isinstance(last, dict) and isinstance(last.get("text"), dict):
            p = last["text"]
        self._apply_params(p, mode)

    def _apply_params(self, p: dict[str, Any], default_mode: str) -> None:
        """Apply remembered values, each only when it has the right type (a damaged file changes nothing)."""
        def num(key: str, kind: type) -> Any:
            v = p.get(key)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                return None
            return kind(v) if kind is float or float(v).is_integer() else None

        if isinstance(p.get("model"), str) and p["model"]:
            self._select_model(p["model"])
        if isinstance(p.get("prompt"), str):
            self.prompt_edit.set_exact_text(p["prompt"])
        if (v := num("max_new_tokens", int)) is not None:
            self.max_tokens_spin.setValue(v)
        if (v := num("temperature", float)) is not None:
            self.temperature_spin.set_exact(v)
        if (v := num("top_k", int)) is not None:
            self.top_k_spin.setValue(v)
        if (v := num("top_p", float)) is not None:
            self.top_p_spin.set_exact(v)
        if (v := num("repetition_penalty", float)) is not None:
            self.rep_penalty_spin.set_exact(v)
        if (v := num("seed", int)) is not None and 0 <= v <= SEED_MAX:
            self.seed_edit.setText(str(v))
            self._last_seed = v
        if isinstance(p.get("stop"), list) and all(isinstance(s, str) and s for s in p["stop"]):
            self.stop_edit.setText(format_stop_strings(tuple(p["stop"])))
        mode = p.get("seed_mode") if p.get("seed_mode") in SEED_MODES else default_mode
        self.set_seed_mode(mode if mode in SEED_MODES else "random")
