"""The seed row of the generation panels: a seed mode and the seed box.

* *random* draws a new seed for every job (shown in the box, so it can be kept by switching to *fixed*);
* *fixed* uses the seed in the box;
* *reuse last* uses the seed of the last job;
* *increment* ("Last + 1", or "Next seeds" where one job uses several seeds) continues after the last job:
  ``last + step``, where the panel sets ``step`` (1, or the number of seeds the last job used).
"""
from __future__ import annotations

import secrets
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from aigc_studio.core.base.specs import SEED_MAX
from aigc_studio.core.base.settings import SEED_MODES


def random_seed() -> int:
    return secrets.randbelow(SEED_MAX + 1)


class SeedRow(QWidget):
    """The seed mode (random | fixed | reuse last | increment) and the seed box."""

    def __init__(self, parent: QWidget | None = None, increment_label: str = ""):
        super().__init__(parent)
        self.mode_combo = QComboBox(self)
        for mode, label in (("random", self.tr("Random")), ("fixed", self.tr("Fixed")),
                            ("reuse", self.tr("Reuse last")), ("increment", increment_label or self.tr("Last + 1"))):
            self.mode_combo.addItem(label, mode)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("SeedEdit")
        self.edit.setMaxLength(12)
        self.edit.setPlaceholderText(self.tr("e.g. 1234"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.mode_combo)
        lay.addWidget(self.edit, 1)
        self.last: int | None = None           # the seed of the last job
        self.step = 1                          # how far "increment" goes from it
        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)
        self._on_mode_changed()

    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        i = self.mode_combo.findData(mode)
        if i >= 0:
            self.mode_combo.setCurrentIndex(i)

    def set_seed(self, seed: int) -> None:
        self.edit.setText(str(int(seed)))

    def set_fixed(self, seed: int) -> None:
        """Fixed mode with this seed (a restored spec makes the same result again)."""
        self.set_mode("fixed")
        self.set_seed(seed)

    def used(self, seed: int, step: int = 1) -> None:
        """A job was submitted with ``seed`` (using ``step`` seeds): it becomes the last one and is shown."""
        self.last, self.step = seed, step
        self.set_seed(seed)

    @Slot()
    def _on_mode_changed(self, *_: Any) -> None:
        fixed = self.mode() == "fixed"
        self.edit.setReadOnly(not fixed)
        self.edit.setToolTip(self.tr("The seed of the next job") if fixed else
                             self.tr("The seed of the last job: choose Fixed to keep it"))

    def seed_for_run(self) -> tuple[int | None, str]:
        """The seed the next job uses, by the mode; (None, message) when the box holds no valid seed."""
        mode = self.mode()
        if mode == "random":
            return random_seed(), ""
        if mode in ("reuse", "increment") and self.last is not None:
            return (self.last if mode == "reuse" else (self.last + self.step) % (SEED_MAX + 1)), ""
        text = self.edit.text().strip()
        if not text and mode in ("reuse", "increment"):
            return random_seed(), ""           # nothing to reuse yet: this one becomes the last
        if not text:
            return None, self.tr("Type a seed (a whole number from 0 to %1) or choose Random.").replace(
                "%1", str(SEED_MAX))
        try:
            return int(text), ""
        except ValueError:
            return None, self.tr("The seed must be a whole number from 0 to %1.").replace("%1", str(SEED_MAX))

    def next_seed(self, seed: int, step: int = 1) -> int:
        """The seed a repeated job uses: new when Random, ``seed + step`` when incrementing, else the same."""
        mode = self.mode()
        if mode == "random":
            return random_seed()
        if mode == "increment":
            return (seed + step) % (SEED_MAX + 1)
        return seed

    # --- remembered settings ----------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        """``{"seed": the box's seed or None, "seed_mode": mode}`` for ``settings.last_params``."""
        text = self.edit.text().strip()
        return {"seed": int(text) if text.isdigit() else None, "seed_mode": self.mode()}

    def apply_params(self, p: dict[str, Any], default_mode: str) -> None:
        """Restore what :meth:`params` gave, each only when valid (else the mode is ``default_mode``)."""
        v = p.get("seed")
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() \
                and 0 <= v <= SEED_MAX:
            self.set_seed(int(v))
            self.last = int(v)
        mode = p.get("seed_mode") if p.get("seed_mode") in SEED_MODES else default_mode
        self.set_mode(mode if mode in SEED_MODES else "random")
