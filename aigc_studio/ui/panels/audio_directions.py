"""The Audio panel's direction sliders: edit the current sound in place along the model's main latent directions.

``SoundDirections(panel)`` builds the "Directions" box (a ``widgets.direction_sliders.DirectionSliders``, one
slider per principal direction of the model's card) and keeps it in step with the current sound:

* :meth:`update` — as many sliders as the sound's model has directions, usable for a finished sound (a hint says
  why not otherwise); with ``sync`` they show the current sound's amounts.
* :meth:`apply` — on release, or every ``SLIDER_THROTTLE_MS`` while dragging, a mode ``latent`` job decodes the
  sound's original latent moved by the amounts; a newer move cancels the older job (latest wins); while another
  job of the panel runs, the edit waits for its end. All zero brings the original back at once, without a job.

The words are the Audio panel's (translation context "AudioPanel").
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from aigc_studio.ui.widgets.direction_sliders import DirectionSliders

# The main directions get a slider: the ninth and later of the shipped model each move under 1 % of its variance.
SLIDERS_SHOWN = 8

SLIDER_THROTTLE_MS = 250            # while dragging a direction slider: at most 4 jobs a second


class SoundDirections:
    """The direction sliders of ``panel`` (an ``AudioPanel``); ``box`` is their group box."""

    def __init__(self, panel: Any):
        self.panel = panel
        self.pending = False                       # moved while another job ran: apply when it ends
        self.box = QGroupBox(QCoreApplication.translate("AudioPanel", "Directions"), panel)
        self.box.setToolTip(QCoreApplication.translate(
            "AudioPanel", "The main ways the model's sounds differ (principal directions of its latent space). "
                          "Moving a slider changes the current sound."))
        self.sliders = DirectionSliders(
            panel, QCoreApplication.translate("AudioPanel", "Direction %1"),
            QCoreApplication.translate("AudioPanel", "Move the current sound along principal direction %1 (in "
                                                     "standard deviations of the training sounds)"),
            QCoreApplication.translate("AudioPanel", "Reset sliders"),
            QCoreApplication.translate("AudioPanel", "Back to the sound as it was made"), SLIDER_THROTTLE_MS)
        QVBoxLayout(self.box).addWidget(self.sliders)

    def update(self, sync: bool = False) -> None:
        """One slider per main direction of the model whose sounds they edit (the current sound's, else the
        form's), enabled for a finished sound; with ``sync`` they show the current sound's amounts (when the
        current sound changes — never under the user's mouse)."""
        panel = self.panel
        sound = panel.current_sound()
        self.sliders.set_count(min(SLIDERS_SHOWN, panel.model_box.model_card(
            sound.model if sound is not None else panel.current_model()).directions))
        usable = sound is not None and sound.base_latent is not None
        if not self.sliders.sliders:
            hint = QCoreApplication.translate("AudioPanel", "This model has no latent directions to explore.")
        elif sound is None:
            hint = QCoreApplication.translate("AudioPanel", "Select a sound to change it with the sliders.")
        elif not usable:
            hint = QCoreApplication.translate("AudioPanel",
                                              "Wait for the sound to finish: the sliders change a finished sound.")
        else:
            hint = ""
        self.sliders.set_usable(usable, hint)
        if sync and sound is not None:
            self.sliders.set_amounts(sound.directions)

    def apply(self) -> str | None:
        """Make the current sound follow the sliders (see the module docstring); the job id when one was
        submitted."""
        panel = self.panel
        self.sliders.cancel_pending()
        sound = panel.current_sound()
        if sound is None or sound.base_latent is None or not self.sliders.sliders:
            return None
        amounts = self.sliders.amounts()
        if amounts == tuple(sound.directions) + (0.0,) * (len(amounts) - len(sound.directions)):
            return None
        if panel.is_busy():
            if panel.model.target is None:
                self.pending = True
                panel.status_message.emit(QCoreApplication.translate(
                    "AudioPanel", "The sound changes when the running job has finished."))
                return None
            panel._abandon_job()
        if not any(amounts) and sound.original is not None and sound.original.n_samples:
            panel.model.restore_original(sound)
            if sound is panel.current_sound():
                panel._show_current()
            panel._update_buttons()
            return None
        base = sound.original or sound.take
        spec = replace(sound.spec_for_save() if base.spec is None else base.spec, mode="latent", count=1,
                       latents=(sound.base_latent,), directions=amounts if any(amounts) else ())
        return panel._submit(spec, target=sound)

    def job_ended(self) -> None:
        """The panel's job has ended: the sliders follow, and an edit that waited for it runs now."""
        self.update()
        if self.pending:
            self.pending = False
            self.apply()
