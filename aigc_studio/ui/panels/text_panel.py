"""The Text tab: a prompt, a model, sampling settings, and the generated text streaming into a large view.

``TextPanel(engine, settings, store_getter)`` — the main window owns the keyboard shortcuts (Ctrl+Return
Generate, Esc Stop, Ctrl+R Regenerate, Ctrl+Shift+Return Continue, Ctrl+S Save) and calls the panel's methods;
the panel names them in its tooltips but registers none itself (the same key twice in one window is ambiguous
and Qt would then fire neither).

How it works:

* **Generate** reads the form into a ``core.base.specs.TextSpec``. The spec's own ``problems()`` decides what is
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout,
                               QWidget)

from aigc_studio.core.assets import read_text_file
from aigc_studio.core.base.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.base.events import Log, Progress, TextDelta
from aigc_studio.core.base.specs import TextSpec
from aigc_studio.core.base.settings import SEED_MODES  # noqa: F401 (tests read it here)
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, JobPanel, list_models,  # noqa: F401 (re-exported)
                                          merge_problems, push_button, resolve_model, side_column, spec_problems,
                                          job_progress_bar, split_panel, stats_label, tr_core, tr_core_text)
from aigc_studio.ui.widgets.model_box import ModelBox
from aigc_studio.ui.widgets.param_form import (WARNING_COLOUR, FormErrors, FormTable, MessageLabel, Param,
                                               ParamForm, StopStringError, format_stop_strings, parse_stop_strings,
                                               stop_string_message)
from aigc_studio.ui.widgets.text_views import OutputView, PromptEdit
from aigc_studio.ui.widgets.seed_row import SeedRow

log = logging.getLogger(__name__)

PARAM_KEYS = ("model", "prompt", "max_new_tokens", "temperature", "top_k", "top_p", "repetition_penalty", "seed",
              "seed_mode", "stop", "form")
# A spec with no problems: each field of a form's spec is tried on it to find which control a problem belongs to.
DEFAULTS = TextSpec(prompt="x", model="x")         # the form's defaults are the spec's

# The sampling form: one row per parameter (the box ranges are wider than the spec allows: its own message explains).
FORM = (
    Param("max_new_tokens", "int", QT_TRANSLATE_NOOP("TextPanel", "Max new tokens"),
          QT_TRANSLATE_NOOP("TextPanel", "How many tokens (characters or word pieces) to write at most: 1 to 4096"),
          0, 100000, step=50),
    Param("temperature", "float", QT_TRANSLATE_NOOP("TextPanel", "Temperature"),
          QT_TRANSLATE_NOOP("TextPanel", "Randomness: 0 = greedy (always the most likely token, the same text every "
                                         "time); higher is more surprising. 0 to 5"),
          0.0, 10.0, decimals=3, step=0.05, special=QT_TRANSLATE_NOOP("TextPanel", "0 (greedy)")),
    Param("top_k", "int", QT_TRANSLATE_NOOP("TextPanel", "Top-k"),
          QT_TRANSLATE_NOOP("TextPanel", "Pick only among the k most likely tokens; 0 = off"), 0, 1000000, step=1,
          special=QT_TRANSLATE_NOOP("TextPanel", "off")),
    Param("top_p", "float", QT_TRANSLATE_NOOP("TextPanel", "Top-p"),
          QT_TRANSLATE_NOOP("TextPanel", "Pick among the most likely tokens that together make up this probability; "
                                         "1 = off. Greater than 0, at most 1"), 0.0, 1.0, decimals=3, step=0.01),
    Param("repetition_penalty", "float", QT_TRANSLATE_NOOP("TextPanel", "Repetition penalty"),
          QT_TRANSLATE_NOOP("TextPanel", "Make tokens already in the text less likely; 1 = off. 1 to 3"),
          0.0, 10.0, decimals=3, step=0.05),
)


def _list_text_models() -> list[Any]:
    return list_models("text")


class TextPanel(JobPanel):
    """Text generation. See the module docstring for the behaviour."""

    KIND = "text"
    SPEED_UNIT = QT_TRANSLATE_NOOP("TextPanel", "%1 tokens/s")
    REMEMBER_SEED_MODE = True

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self._job_spec: TextSpec | None = None
        self._result: Any = None              # its Result (None while running, or when it failed)
        self._generated = ""                  # text shown after the prompt (streamed, then the Result's)
        self._buffer: list[str] = []          # TextDeltas not yet in the view
        self._saved_path: str | None = None   # the saved file of the current result (Save twice: same file)
        self._from_continue = False           # the job continued a piece: the prompt holds text to save
        self._waiting: list[tuple[str, TextSpec]] = []     # our jobs queued behind the current one
        self._finished: dict[str, dict[str, Any]] = {}     # finished jobs of this session: what they showed
        self._undo: list[dict[str, Any]] = []               # views a new job or Show replaced (Edit › Undo)
        self._build_ui()
        self._start()

    # ================================================================================================ UI ========
    def _build_ui(self) -> None:
        # --- left: prompt over output -------------------------------------------------------------------------
        self.prompt_edit = PromptEdit(self)
        self.prompt_edit.setObjectName("PromptEdit")
        self._default_prompt_hint = self.tr("Type the beginning of a text: the model continues it.\n"
                                            "Drop a .txt file here or use File › Open to start from one.")
        self.prompt_edit.setPlaceholderText(self._default_prompt_hint)
        self._suggested_stop = ""
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_message = MessageLabel(parent=self, name="prompt_message")

        self.generate_button = push_button(self, self.tr("Generate"),
                                           self.tr("Generate a continuation of the prompt (Ctrl+Enter)"), self.generate)
        self.generate_button.setDefault(True)
        self.stop_button = push_button(self, self.tr("Stop"),
                                       self.tr("Stop at the next token; the text so far stays (Esc)"), self.stop)
        self.regenerate_button = push_button(self, self.tr("Regenerate"),
                                             self.tr("Run the last job again with the same settings — a new seed "
                                                     "when the seed mode is Random (Ctrl+R)"), self.regenerate)
        self.continue_button = push_button(self, self.tr("Continue"),
                                           self.tr("Append the generated text to the prompt and go on writing "
                                                   "(Ctrl+Shift+Enter)"), self.continue_)
        self.save_button = push_button(self, self.tr("Save"),
                                       self.tr("Save the prompt and the generated text, with the settings that made "
                                               "it (Ctrl+S)"), self.save)
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

        self.notice = MessageLabel(WARNING_COLOUR, self, "notice")    # warnings from the job (prompt truncated...)
        self.error_message = MessageLabel(parent=self, name="error_message")     # a failed job, a failed save
        self.output_view = OutputView(self)
        self.output_view.setPlaceholderText(self.tr("The generated text appears here, after the prompt."))
        self.progress = job_progress_bar(self, "TokenProgress", self.tr("%v / %m tokens"))
        self.stats_label = stats_label(self, self.tr("Ready."))

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
        self.model_box = ModelBox(self.tr("No text model found"), self,
                                  folder_tip=self.tr("Use a model folder: one of ours (card.json + "
                                                     "model.safetensors) or a GPT-2 Hugging Face folder"))
        self.model_combo = self.model_box.combo
        self.model_folder_button = self.model_box.folder_button
        self.model_info = self.model_box.info
        self.model_message = self.model_box.message
        self.model_folder_button.clicked.connect(self.choose_model_folder)
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)

        self.form = f = ParamForm(self)
        self.table = FormTable("TextPanel", FORM, DEFAULTS)
        w = self.table.build(self, {"": self.form})
        self.max_tokens_spin, self.temperature_spin, self.top_k_spin = w["max_new_tokens"], w["temperature"], w["top_k"]
        self.top_p_spin, self.rep_penalty_spin = w["top_p"], w["repetition_penalty"]
        self.seed_row = SeedRow(self)
        self.seed_mode_combo = self.seed_row.mode_combo
        self.seed_edit = self.seed_row.edit
        self.stop_edit = QLineEdit(self)
        self.stop_edit.setObjectName("StopEdit")
        self.stop_edit.setPlaceholderText(self.tr("e.g. \\n\\n, THE END"))
        f.add_row("seed", self.tr("Seed"), self.seed_row,
                  self.tr("Random: a new seed every time. Fixed: the seed in the box (same settings + same seed "
                          "= same text). Reuse last: the seed of the last job. Last + 1: the next seed"))
        f.widgets["seed"] = self.seed_edit
        f.add_row("stop", self.tr("Stop strings"), self.stop_edit,
                  self.tr("Stop when the text contains one of these. Separate them with commas; write \\n for a "
                          "new line, \\, for a comma, \\s for a space at the start or end, \\\\ for a backslash"))
        # poem forms (core/models/poem_form.py): shown only for a model whose card lists "forms" (tang-poems-zh)
        self.form_combo = QComboBox(self)
        self.form_combo.setObjectName("PoemFormCombo")
        for label, value in ((self.tr("Automatic (metre of the first verse)"), "auto"),
                             (self.tr("Free (no form)"), "free"),
                             (self.tr("五言绝句 (4 verses of 5)"), "wuyan-jueju"),
                             (self.tr("七言绝句 (4 verses of 7)"), "qiyan-jueju"),
                             (self.tr("五言律诗 (8 verses of 5)"), "wuyan-lushi"),
                             (self.tr("七言律诗 (8 verses of 7)"), "qiyan-lushi")):
            self.form_combo.addItem(label, value)
        f.add_row("form", self.tr("Form"), self.form_combo,
                  self.tr("A regular poem's form, always met: 4 or 8 verses of 5 or 7 characters, ，and 。 in "
                          "their places, even verses rhyming; the model still chooses the words. Automatic takes the "
                          "metre from your first verse (or the model's). Free: the text as the model writes it"))
        self._forms: tuple[str, ...] = ()
        f.form.setRowVisible(self.form_combo.parentWidget(), False)
        self.form_message = MessageLabel(parent=self, name="form_message")     # problems no single control explains
        params_box = QGroupBox(self.tr("Sampling"), self)
        pl2 = QVBoxLayout(params_box)
        pl2.addWidget(self.form)
        pl2.addWidget(self.form_message)
        self._errors = FormErrors(
            [self.form], self.form_message,
            report={"prompt": self.prompt_message, "model": self.model_message, "": self.form_message},
            labels={"prompt": self.prompt_message, "model": self.model_message},
            focus={"prompt": self.prompt_edit, "model": self.model_combo}, status=self.status_message.emit,
            hints={"model": lambda: "" if self.model_combo.count() else self.tr(
                "No text model is installed yet: use “Open model folder…” to choose one.")},
            rank_rest=True)

        split_panel(self, left, side_column(self, [self.model_box, params_box]), [820, 320])

    # ============================================================================================ models ========
    def reload_models(self) -> None:
        """(Re)fill the model picker from the registry, keeping the selection and any folders the user added."""
        self.model_box.reload(_list_text_models(),
                              lambda name, card: f"{name} — {self.language_name(card['language'])}"
                              if card.get("language") else name)
        self._on_model_changed()

    def language_name(self, code: Any) -> str:
        """A card's language code in words ("en" -> English), in the interface's language."""
        return {"en": self.tr("English"), "zh": self.tr("Chinese")}.get(str(code), str(code))

    def _select_model(self, model: str) -> None:
        self.model_box.select(model)

    def _select_model_of_language(self) -> None:
        """A first start: the text model whose card speaks the interface's language, when there is one."""
        want = "zh" if current_language().startswith("zh") else "en"
        for i in range(self.model_combo.count()):
            model = str(self.model_combo.itemData(i) or "")
            if self.model_box.card(model).get("language") == want:
                self.model_combo.setCurrentIndex(i)
                return

    def current_model(self) -> str:
        return self.model_box.current()

    def use_model_folder(self, folder: str) -> bool:
        """Add a model folder to the picker and select it; a folder that is not a usable model is explained."""
        return self.model_box.use_folder(folder, resolve_model, ("text", None, ""),
                                         self.tr("This folder holds a %1 model, not a text model."),
                                         lambda name, card: name)

    @Slot()
    def _on_model_changed(self, *_: Any) -> None:
        self._apply_model_usage()
        self.model_box.show_info()

    def _apply_model_usage(self) -> None:
        """A model's card may suggest how to prompt it and where a piece ends (``usage.prompt``, ``usage.stop``:
        a blank line ends a Tang poem). The hint becomes the prompt's placeholder; the suggested stop strings fill
        the field when it is empty or still holds the previous model's suggestion — never over the user's own."""
        card = self.model_box.model_card()
        self._forms = tuple(card.forms)
        self.form.form.setRowVisible(self.form_combo.parentWidget(), bool(self._forms))
        self.prompt_edit.setPlaceholderText(self._default_prompt_hint + (
            "\n" + self.tr("This model: %1").replace("%1", card.usage_prompt) if card.usage_prompt else ""))
        suggested = format_stop_strings(card.usage_stop) if card.usage_stop else ""
        if self.stop_edit.text() in ("", self._suggested_stop):
            self.stop_edit.setText(suggested)
        self._suggested_stop = suggested
        # the card's example prompt fills an empty prompt (or the previous model's example): a first Generate works
        example = card.usage_example
        if self.prompt_edit.exact_text() in ("", getattr(self, "_suggested_prompt", "")):
            self.prompt_edit.set_exact_text(example)
        self._suggested_prompt = example

    # ============================================================================================= seeds ========
    def seed_mode(self) -> str:
        return self.seed_row.mode()

    def set_seed_mode(self, mode: str) -> None:
        self.seed_row.set_mode(mode)

    # ============================================================================================== form ========
    def _read_form(self, seed: int | None = None, prompt: str | None = None) -> tuple[TextSpec | None, dict]:
        """The spec the form describes and the problems per control ({} when valid)."""
        errors: dict[str, list[str]] = {}
        if seed is None:
            seed, msg = self.seed_row.seed_for_run()
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
            **self.table.spec_values(),
            seed=seed if seed is not None else 0,
            stop=stop,
            form=self.poem_form(),
        )
        return spec, merge_problems(errors, spec_problems(spec))

    def poem_form(self) -> str:
        """The Form choice for a model that writes poems; "free" for any other model."""
        return str(self.form_combo.currentData() or "free") if self._forms else "free"

    def set_poem_form(self, form: str) -> None:
        i = self.form_combo.findData(form)
        if i >= 0:
            self.form_combo.setCurrentIndex(i)

    def _show_form_errors(self, errors: dict[str, list[str]]) -> None:
        self._errors.show(errors)

    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        return self._errors.shown()

    # ============================================================================================== jobs ========
    def _busy_text(self) -> str:
        return self.tr("A text job is already running: stop it or wait for it.")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form as a job; returns the job id, or None when the form was refused."""
        return self._generate_from_form()

    def _generate_from_form(self, prompt: str | None = None, seed: int | None = None) -> str | None:
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
        last = self._waiting[-1][1] if self._waiting else self._job_spec
        return self._submit(replace(last, seed=self.seed_row.next_seed(last.seed)))

    @Slot()
    def continue_(self) -> str | None:
        """Append the generated text to the prompt (the prompt box then holds the whole piece, as the output view
        shows it) and go on writing with the form's settings."""
        if self._refuse_if_busy():
            return None
        if self._job_spec is None or not self._has_piece():
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
        return self._submit(spec, from_continue=True)

    def _submit(self, spec: TextSpec, from_continue: bool = False) -> str | None:
        """Submit ``spec``; while a job of this panel runs, it is queued behind it (and behind any already
        waiting) and shown when its turn comes."""
        try:
            job_id = str(self.engine.submit(spec))
        except InvalidParameters as exc:
            self._show_form_errors(spec_problems(spec) or {"": [tr_core(m) for m in exc.problems]})
            return None
        except UserError as exc:
            self._show_error(tr_core_text(str(exc)))
            return None
        self.save_settings()
        self.seed_row.used(spec.seed)
        if self.is_busy():
            self._waiting.append((job_id, spec))
            self.status_message.emit(self.tr("Queued after the running text job (%1 waiting).")
                                     .replace("%1", str(len(self._waiting))))
            self._update_buttons()
            return job_id
        self._begin(job_id, spec, from_continue)
        return job_id

    def waiting_jobs(self) -> list[str]:
        """The ids of this panel's jobs queued behind the current one, in the order they were asked for."""
        return [j for j, _ in self._waiting]

    def _begin(self, job_id: str, spec: TextSpec, from_continue: bool = False) -> None:
        """Make ``job_id`` the panel's job: the view shows its prompt and what it writes (the piece it replaces
        can be brought back with Edit › Undo)."""
        self._push_undo()
        self._from_continue = from_continue
        self._flush_timer.stop()
        self._buffer.clear()
        self._clear_pending()
        self._job_id = str(job_id)
        self._job_state = "queued"
        self._job_spec = spec
        self._result = None
        self._generated = ""
        self._saved_path = None
        self.notice.clear_message()
        self.error_message.clear_message()
        self.output_view.show_prompt(spec.prompt)
        self.progress.setRange(0, spec.max_new_tokens)
        self.progress.setValue(0)
        self.progress.show()
        self.stats_label.setText(self.tr("Queued: waiting for the engine…"))
        self.status_message.emit(self.tr("Generating with %1 (seed %2)…").replace("%1", spec.model)
                                 .replace("%2", str(spec.seed)))
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        """Cancel the running job: it halts at its next token and the text so far stays in the view."""
        if not self.is_busy() or self._job_id is None:
            return
        self.engine.cancel(self._job_id)
        self.stats_label.setText(self.tr("Stopping…"))

    # --- engine signals ---------------------------------------------------------------------------------------
    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: object) -> None:
        if job_id != self._job_id:
            return
        if isinstance(event, TextDelta):
            if event.text:
                self._buffer.append(event.text)
                self._flush_timer.poke()
        elif isinstance(event, Progress):
            self._note_progress(event)
            self._flush_timer.poke()
        elif isinstance(event, Log):
            self._note_log(event)

    @Slot()
    def _flush(self) -> None:
        """Put the buffered text into the view: one update for everything that arrived since the last flush."""
        self._show_pending_progress()
        if not self._buffer:
            return
        text = "".join(self._buffer)
        self._buffer.clear()
        self._generated += text
        self.output_view.append_generated(text)
        self.flush_count += 1

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != self._job_id:
            if any(j == job_id for j, _ in self._waiting):       # a waiting job cancelled from the Jobs list
                self._waiting = [(j, s) for j, s in self._waiting if j != job_id]
                self._update_buttons()
            return
        self._flush_timer.stop()
        self._flush()
        state = self._finished_state(info)
        result = getattr(info, "result", None)
        self._result = result
        self._note_device(info)
        if result is not None and isinstance(getattr(result, "text", None), str) and result.text != self._generated:
            if result.text or state != "cancelled":
                # The Result is authoritative (a stop string trimmed off the end, a job that streamed nothing).
                self._generated = result.text
                self.output_view.show_prompt(self._job_spec.prompt if self._job_spec else "")
                self.output_view.append_generated(result.text)
        self.progress.hide()
        if state == "failed":
            self._failed(info, self.tr("Text generation failed: %1"))
        else:
            self.stats_label.setText(self._stats_text(result, state, info))
            data = getattr(result, "data", None) or {}
            if data.get("prompt_truncated") and not self.notice.text():
                self.notice.show_message(self.tr("The prompt was longer than the model can read: only its end "
                                                 "was used."))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            elif self._from_continue and not self._generated:
                self.status_message.emit(self.tr("The model added nothing: the piece looks finished. It can be "
                                                 "saved as it is (Ctrl+S)."))
            else:
                self.status_message.emit(self.tr("Done: press Ctrl+S to save it."))
        self._remember_finished(job_id)
        self._update_buttons()
        self._start_next_waiting()

    def _start_next_waiting(self) -> None:
        """The panel's next queued job (the one the engine runs first) becomes the panel's job."""
        if not self._waiting:
            return
        order = {j: i for i, j in enumerate(self.engine.queued_ids())} if hasattr(self.engine, "queued_ids") else {}
        self._waiting.sort(key=lambda js: order.get(js[0], -1))
        job_id, spec = self._waiting.pop(0)
        self._begin(job_id, spec)

    # --- session history and undo -------------------------------------------------------------------------------
    def _view_state(self) -> dict[str, Any]:
        return {"job_id": self._job_id, "job_state": self._job_state, "spec": self._job_spec,
                "result": self._result, "generated": self._generated, "saved_path": self._saved_path,
                "from_continue": self._from_continue, "prompt_box": self.prompt_edit.exact_text(),
                "stats": self.stats_label.text()}

    def _remember_finished(self, job_id: str) -> None:
        self._finished[job_id] = self._view_state()
        while len(self._finished) > 200:                 # the session's last 200 results
            self._finished.pop(next(iter(self._finished)))

    def _push_undo(self) -> None:
        if self._job_spec is not None and self._has_piece() and not self.is_busy():
            self._undo.append(self._view_state())
            del self._undo[:-20]

    def _apply_view_state(self, st: dict[str, Any]) -> None:
        self._flush_timer.stop()
        self._buffer.clear()
        self._clear_pending()
        self._job_id, self._job_state, self._job_spec = st["job_id"], st["job_state"], st["spec"]
        self._result, self._generated, self._saved_path = st["result"], st["generated"], st["saved_path"]
        self._from_continue = st["from_continue"]
        self.notice.clear_message()
        self.error_message.clear_message()
        self.output_view.show_prompt(self._job_spec.prompt if self._job_spec else "")
        if self._generated:
            self.output_view.append_generated(self._generated)
        self.progress.hide()
        self.stats_label.setText(st["stats"])
        self._update_buttons()

    def can_undo(self) -> bool:
        return bool(self._undo) and not self.is_busy()

    def undo_text(self) -> str:
        return self.tr("Undo: bring back the previous text") if self.can_undo() else ""

    @Slot()
    def undo(self) -> bool:
        """Bring back the piece the last Generate, Regenerate, Continue or Show replaced (not while a job runs)."""
        if not self.can_undo():
            return False
        self._apply_view_state(self._undo.pop())
        self.status_message.emit(self.tr("The previous text is back."))
        return True

    def show_job(self, job_id: str) -> bool:
        """Show a finished job of this session again (double-click in the Jobs list); Undo goes back."""
        st = self._finished.get(job_id)
        if st is None or self.is_busy():
            return False
        if job_id != self._job_id:
            self._push_undo()
            self._apply_view_state(st)
        return True

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
    def generated_text(self) -> str:
        """The generated continuation of the current job (what is shown after the prompt)."""
        return self._generated

    def output_text(self) -> str:
        return self.output_view.toPlainText()

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        self.generate_button.setEnabled(True)              # while a job runs, a new one is queued behind it
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(self._job_spec is not None)
        self.continue_button.setEnabled(not busy and self._has_piece())
        self.save_button.setEnabled(not busy and self._has_piece())
        self.stop_button.setToolTip(self.tr("Stop at the next token; the text so far stays (Esc)") + (
            "\n" + self.tr("%1 more jobs wait in the queue").replace("%1", str(len(self._waiting)))
            if self._waiting else ""))

    def has_unsaved_text(self) -> bool:
        """Generated text on screen that no file holds yet (closing the window offers to save it)."""
        return not self.is_busy() and self._has_piece() and self._saved_path is None

    def _has_piece(self) -> bool:
        """Whether the view shows a piece that can be saved or continued: generated text, or a continued piece
        (its prompt holds what was written before) even when the model added nothing."""
        return self._job_spec is not None and (bool(self._generated) or (self._from_continue
                                                                         and bool(self._job_spec.prompt)))

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
        if self._job_spec is None or not self._has_piece():
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
            self._show_error(self.tr("Not saved: %1 The text is still here; try again.").replace(
                "%1", user_message(exc)))
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
        self.table.fill(spec)
        self.seed_row.set_fixed(int(spec.seed))
        self.stop_edit.setText(format_stop_strings(tuple(spec.stop)))
        self.set_poem_form(str(getattr(spec, "form", "free")))
        self._show_form_errors({})

    def form_spec(self) -> TextSpec | None:
        """The spec Generate would submit now with a Fixed/Reuse seed (None when the form is invalid)."""
        spec, errors = self._read_form()
        return None if errors else spec

    def load_text_file(self, path: str) -> None:
        """Put a UTF-8 text file into the prompt. A file that cannot be read (not UTF-8, too large, missing) is
        explained next to the prompt, which stays as it was, and the ``UserError`` is raised for the caller."""
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
        return {
            "model": self.current_model(),
            "prompt": self.prompt_edit.exact_text(),
            **self.table.save(),
            **self.seed_row.params(),
            "stop": stop,
            "form": str(self.form_combo.currentData() or "auto"),
        }

    def _load_params(self) -> None:
        self.table.reset()
        p, mode = self._remembered()
        if not (isinstance(p.get("model"), str) and p["model"]):
            self._select_model_of_language()       # a first start: the model of the interface's language
        self._apply_params(p, mode)

    def _apply_params(self, p: dict[str, Any], default_mode: str) -> None:
        """Apply remembered values, each only when it has the right type (a damaged file changes nothing)."""
        self._apply_remembered(p, [])
        self.table.restore(p)
        if isinstance(p.get("prompt"), str) and (p["prompt"] or not self.prompt_edit.exact_text()):
            self.prompt_edit.set_exact_text(p["prompt"])
        if isinstance(p.get("stop"), list) and all(isinstance(s, str) and s for s in p["stop"]):
            self.stop_edit.setText(format_stop_strings(tuple(p["stop"])))
        self.seed_row.apply_params(p, default_mode)
        if isinstance(p.get("form"), str):
            self.set_poem_form(p["form"])
