"""The "Model" box of the generation panels: the model picker, "Open model folder…" (where the panel offers it),
what the chosen model is (its card's description) and a message under it when the model is refused.

``ModelBox.reload(infos, label_of)`` fills the picker from the registry's listing, keeping the selection and any
folders the user added; ``select(model)`` picks a model, adding "(not installed)" for one no longer listed;
``use_folder(folder, resolve, ...)`` adds a model folder after checking what kind of model it holds. The cards of
the listed models and folders are kept: ``card(model)`` (the dict), ``model_card(model)`` (a ``ModelCard``: name,
description, usage, metrics, architecture, sample rate, directions — read once per card, for every panel). The
info line under the picker is the model-card view: the description, with the card's metrics in its tooltip.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QToolButton, QVBoxLayout, QWidget

from aigc_studio.core.base.errors import user_message
from aigc_studio.ui.components.model_card import ModelCard, localized
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.panels.common import tr_core_text
from aigc_studio.ui.widgets.param_form import MessageLabel

USER_ADDED = Qt.ItemDataRole.UserRole + 1       # item data: a folder or model the user chose (kept on reload)


def muted_label(parent: QWidget, text: str = "") -> QLabel:
    """A word-wrapped plain-text label in the placeholder colour (descriptions and hints)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(pal)
    return label


# The metric names the shipped cards use: the English interface shows them as they are (the card's own names),
# the Chinese one in words (context "ModelMetrics").
METRIC_NAMES = {
    "d_real_heldout": QT_TRANSLATE_NOOP("ModelMetrics", "d_real_heldout"),
    "d_fake_samples": QT_TRANSLATE_NOOP("ModelMetrics", "d_fake_samples"),
    "d_loss": QT_TRANSLATE_NOOP("ModelMetrics", "d_loss"),
    "g_loss": QT_TRANSLATE_NOOP("ModelMetrics", "g_loss"),
    "d_real": QT_TRANSLATE_NOOP("ModelMetrics", "d_real"),
    "d_fake": QT_TRANSLATE_NOOP("ModelMetrics", "d_fake"),
    "d_class": QT_TRANSLATE_NOOP("ModelMetrics", "d_class"),
    "g_class": QT_TRANSLATE_NOOP("ModelMetrics", "g_class"),
    "g_ms": QT_TRANSLATE_NOOP("ModelMetrics", "g_ms"),
    "samples_closer_than_heldout_p5": QT_TRANSLATE_NOOP("ModelMetrics", "samples_closer_than_heldout_p5"),
    "d_score_heldout_mean": QT_TRANSLATE_NOOP("ModelMetrics", "d_score_heldout_mean"),
    "d_score_samples_mean": QT_TRANSLATE_NOOP("ModelMetrics", "d_score_samples_mean"),
    "eval_seconds": QT_TRANSLATE_NOOP("ModelMetrics", "eval_seconds"),
    "recon_mae_255": QT_TRANSLATE_NOOP("ModelMetrics", "recon_mae_255"),
    "recon_psnr_db": QT_TRANSLATE_NOOP("ModelMetrics", "recon_psnr_db"),
    "loss": QT_TRANSLATE_NOOP("ModelMetrics", "loss"),
    "recon": QT_TRANSLATE_NOOP("ModelMetrics", "recon"),
    "kl": QT_TRANSLATE_NOOP("ModelMetrics", "kl"),
    "beta": QT_TRANSLATE_NOOP("ModelMetrics", "beta"),
    "heldout_recon_mae_255": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_recon_mae_255"),
    "heldout_recon_psnr_db": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_recon_psnr_db"),
    "train_loss": QT_TRANSLATE_NOOP("ModelMetrics", "train_loss"),
    "heldout_loss_per_token": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_loss_per_token"),
    "heldout_loss_per_char": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_loss_per_char"),
    "heldout_tokens": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_tokens"),
    "heldout_chars": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_chars"),
    "train_stft_loss": QT_TRANSLATE_NOOP("ModelMetrics", "train_stft_loss"),
    "train_kl": QT_TRANSLATE_NOOP("ModelMetrics", "train_kl"),
    "heldout_lsd_db": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_lsd_db"),
    "heldout_stft_loss": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_stft_loss"),
    "heldout_f0_median_error_cents": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_f0_median_error_cents"),
    "heldout_f0_within_50_cents": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_f0_within_50_cents"),
    "heldout_sounds": QT_TRANSLATE_NOOP("ModelMetrics", "heldout_sounds"),
    "wellformed_line_fraction": QT_TRANSLATE_NOOP("ModelMetrics", "wellformed_line_fraction"),
    "wellformed_lines": QT_TRANSLATE_NOOP("ModelMetrics", "wellformed_lines"),
    "generated_lines": QT_TRANSLATE_NOOP("ModelMetrics", "generated_lines"),
    "same_metre_line_fraction": QT_TRANSLATE_NOOP("ModelMetrics", "same_metre_line_fraction"),
    "wellformed_poem_fraction": QT_TRANSLATE_NOOP("ModelMetrics", "wellformed_poem_fraction"),
    "wellformed_eval_poems": QT_TRANSLATE_NOOP("ModelMetrics", "wellformed_eval_poems"),
    # poem forms (scripts/eval/eval_poems.py)
    "poems_regular_fraction_free_titles": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_free_titles"),
    "poems_regular_fraction_free_first_lines": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_free_first_lines"),
    "poems_regular_fraction_free": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_free"),
    "poems_rhyme_rate_free": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_rate_free"),
    "poems_rhyme_verses_free": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_verses_free"),
    "poems_distinct2_free": QT_TRANSLATE_NOOP("ModelMetrics", "poems_distinct2_free"),
    "poems_regular_fraction_auto_titles": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_auto_titles"),
    "poems_regular_fraction_auto_first_lines": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_auto_first_lines"),
    "poems_regular_fraction_auto": QT_TRANSLATE_NOOP("ModelMetrics", "poems_regular_fraction_auto"),
    "poems_rhyme_rate_auto": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_rate_auto"),
    "poems_rhyme_verses_auto": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_verses_auto"),
    "poems_distinct2_auto": QT_TRANSLATE_NOOP("ModelMetrics", "poems_distinct2_auto"),
    "poems_rhyme_rate_training": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_rate_training"),
    "poems_rhyme_verses_training": QT_TRANSLATE_NOOP("ModelMetrics", "poems_rhyme_verses_training"),
    "poems_distinct2_heldout": QT_TRANSLATE_NOOP("ModelMetrics", "poems_distinct2_heldout"),
    "poems_eval_prompts": QT_TRANSLATE_NOOP("ModelMetrics", "poems_eval_prompts"),
    "poems_eval_seconds": QT_TRANSLATE_NOOP("ModelMetrics", "poems_eval_seconds"),
}


def metrics_text(card: ModelCard) -> str:
    """The card's metrics, one "name: value" per line, the names in the interface's language."""
    lines = [QCoreApplication.translate("ModelBox", "Evaluation figures of this model:")] if card.metrics else []
    for k, v in card.metrics_items():
        name = QCoreApplication.translate("ModelMetrics", METRIC_NAMES[k]) if k in METRIC_NAMES else k
        lines.append(f"{name}: {v}")
    return "\n".join(lines)


def _card(info: Any) -> dict:
    card = getattr(info, "card", None)
    return card if isinstance(card, dict) else {}


class ModelBox(QGroupBox):
    """The model picker. ``folder_tip`` given: an "Open model folder…" button (``folder_button``) with that tooltip;
    ``keep_added``: folders and missing models the user picked stay in the list when it is reloaded."""

    def __init__(self, placeholder: str, parent: QWidget | None = None, folder_tip: str = "",
                 keep_added: bool = True):
        super().__init__(self.tr("Model"), parent)
        self.keep_added = keep_added
        self.cards: dict[str, dict] = {}           # listed model id -> card
        self.folder_cards: dict[str, dict] = {}    # model folder -> card
        self._read: dict[str, ModelCard] = {}      # model -> its card, read
        self.combo = QComboBox(self)
        self.combo.setObjectName("ModelCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(14)
        self.combo.setPlaceholderText(placeholder)
        self.folder_button: QToolButton | None = None
        if folder_tip:
            self.folder_button = QToolButton(self)
            self.folder_button.setText(self.tr("Open model folder…"))
            self.folder_button.setToolTip(folder_tip)
        self.info = muted_label(self)
        self.message = MessageLabel(parent=self, name="model_message")
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.addWidget(self.combo)
        if self.folder_button is not None:
            lay.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.info)
        lay.addWidget(self.message)

    def current(self) -> str:
        data = self.combo.currentData()
        return str(data) if data else ""

    def card(self, model: str) -> dict:
        return self.cards.get(model) or self.folder_cards.get(model) or {}

    def model_card(self, model: str | None = None) -> ModelCard:
        """What the card of ``model`` (the chosen one by default) says, read once."""
        model = self.current() if model is None else model
        if model not in self._read:
            self._read[model] = ModelCard.from_card(self.card(model), language=current_language())
        return self._read[model]

    def reload(self, infos: list[Any], label_of: Callable[[str, dict], str]) -> None:
        """Fill the picker with ``infos`` (the registry's listing), each labelled ``label_of(name, card)`` with its
        card's description (or path) as tooltip — both in the interface's language when the card has it (``name_zh``,
        ``description_zh``); keeps the selection (without signals: call the panel's model-changed slot after)."""
        combo = self.combo
        current = self.current()
        extra = [(combo.itemText(i), combo.itemData(i), combo.itemData(i, Qt.ItemDataRole.ToolTipRole))
                 for i in range(combo.count()) if self.keep_added and combo.itemData(i, USER_ADDED)]
        combo.blockSignals(True)
        combo.clear()
        self.cards = {}
        self._read = {}
        lang = current_language()
        for info in infos:
            card = _card(info)
            self.cards[info.id] = card
            name = localized(card, "name", lang) if lang != "en" else ""
            self.add_item(label_of(name or getattr(info, "name", "") or info.id, card), info.id,
                          localized(card, "description", lang) or str(getattr(info, "path", "")), user_added=False)
        for text, data, tip in extra:
            if data in self.cards:      # listed again (a deleted model imported back): no "(not installed)" ghost
                continue
            self.add_item(text, data, tip, user_added=True)
        combo.blockSignals(False)
        if current:
            self.select(current)
        elif combo.count():
            combo.setCurrentIndex(0)

    def add_item(self, text: str, data: str, tip: str | None, user_added: bool) -> int:
        self.combo.addItem(text, data)
        i = self.combo.count() - 1
        if tip:
            self.combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        if user_added:
            self.combo.setItemData(i, True, USER_ADDED)
        return i

    def select(self, model: str) -> None:
        i = self.combo.findData(model)
        if i < 0:
            label = Path(model).name if ("/" in model or "\\" in model) else model
            i = self.add_item(self.tr("%1 (not installed)").replace("%1", label), model, model, True)
        self.combo.setCurrentIndex(i)

    def use_folder(self, folder: str, resolve: Callable[[str], Any], kinds: tuple[Any, ...], wrong_kind: str,
                   label_of: Callable[[str, dict], str]) -> bool:
        """Add a model folder to the picker and select it. A folder ``resolve`` refuses, or whose model's kind is
        not one of ``kinds``, is explained under the picker (``wrong_kind``: "%1" is the kind it holds)."""
        self.message.clear_message()
        try:
            info = resolve(str(folder))
        except Exception as exc:  # noqa: BLE001 — UserError or anything else: said in words
            self.message.show_message(tr_core_text(user_message(exc)))
            return False
        kind = getattr(info, "kind", None)
        if kind not in kinds:
            self.message.show_message(wrong_kind.replace("%1", str(kind if kind is not None else "?")))
            return False
        value = str(folder)
        self.folder_cards[value] = _card(info)
        self._read.pop(value, None)
        i = self.combo.findData(value)
        if i < 0:
            lang = current_language()
            name = ((localized(self.folder_cards[value], "name", lang) if lang != "en" else "")
                    or getattr(info, "name", "") or Path(value).name)
            i = self.add_item(self.tr("%1 (folder)").replace("%1", label_of(name, self.folder_cards[value])),
                              value, value, True)
        self.combo.setCurrentIndex(i)
        return True

    def show_info(self, extra: str = "") -> None:
        """Show what the chosen model is (its tooltip, then ``extra``) and clear the message."""
        i = self.combo.currentIndex()
        tip = str(self.combo.itemData(i, Qt.ItemDataRole.ToolTipRole) or "") if i >= 0 else ""
        info = "\n".join(t for t in (tip, extra) if t)
        self.info.setText(info)
        self.info.setToolTip(metrics_text(self.model_card()))
        self.info.setVisible(bool(info))
        self.combo.setToolTip(tip)
        self.message.clear_message()
