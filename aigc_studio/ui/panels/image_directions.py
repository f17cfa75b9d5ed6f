"""The Image panel's direction sliders: move the one selected image along the model's main latent directions.

``ImageDirections(panel)`` builds the "Directions of variation" box (a ``widgets.direction_sliders.DirectionSliders``,
one slider per principal direction of the model's card, and a message line) and drives it:

* :meth:`set_target` — the sliders follow the one selected, finished image: its model decides how many there are,
  and they show its amounts (a hint says why they cannot be used otherwise).
* While a slider is dragged, at most every ``SLIDER_INTERVAL_MS`` (:meth:`submit_job`), a small mode ``latent`` job
  decodes the image's original latent moved by the amounts, cancelling the previous one (latest wins); its previews
  and result replace the image in place (:meth:`job_finished`). Back at all zero, the original comes back without a
  job. :meth:`reset` puts every slider back to 0 and brings the image back.

The slider job is one of the panel's jobs (``panel._jobs``, an ``ImageJob`` of purpose "slider"); the panel buffers
its previews like any other. The words are the Image panel's (translation context "ImagePanel").
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.specs import spec_from_dict, spec_to_dict
from aigc_studio.ui.components.image_session import ImageItem
from aigc_studio.ui.panels.image_jobs import ImageJob, result_items
from aigc_studio.ui.widgets.direction_sliders import DirectionSliders
from aigc_studio.ui.widgets.image_canvas import CanvasImage
from aigc_studio.ui.widgets.param_form import MessageLabel

SLIDER_INTERVAL_MS = 100        # direction sliders submit at most 10 jobs a second


class ImageDirections:
    """The direction sliders of ``panel`` (an ``ImagePanel``); ``box`` is their group box, ``sliders`` the widget,
    ``message`` the line that explains a slider job that could not run or failed."""

    def __init__(self, panel: Any):
        self.panel = panel
        self.item: ImageItem | None = None         # the image the sliders move
        self.job_id: str | None = None             # its running slider job
        self.jobs_submitted = 0
        self.sliders = DirectionSliders(
            panel, QCoreApplication.translate("ImagePanel", "Direction %1"),
            QCoreApplication.translate("ImagePanel",
                                       "Direction %1: drag to move the selected image along it (−3 to +3)"),
            QCoreApplication.translate("ImagePanel", "Reset sliders"),
            QCoreApplication.translate("ImagePanel", "Put every slider back to 0 and bring the image back"),
            SLIDER_INTERVAL_MS, leading=True)
        self.sliders.moved.connect(self._on_moved)
        self.sliders.changed.connect(self.submit_job)
        self.sliders.reset_requested.connect(self.reset)
        self.message = MessageLabel(parent=panel, name="directions_message")
        self.box = QGroupBox(QCoreApplication.translate("ImagePanel", "Directions of variation"), panel)
        self.box.setToolTip(QCoreApplication.translate(
            "ImagePanel", "The main ways the model's images differ (principal components). Drag a slider to move the "
                          "selected image along one; it updates as you drag"))
        lay = QVBoxLayout(self.box)
        lay.addWidget(self.sliders)
        lay.addWidget(self.message)

    def set_target(self, view: CanvasImage | None) -> None:
        """Sliders follow the one selected, finished image: its model decides how many there are."""
        panel = self.panel
        item = view.data if view is not None else None
        if item is not self.item:
            self.sliders.flush()                   # the last move of the previous image still counts
            self.sliders.cancel_pending()
            self.item = item
        ready = item is not None and item.ready
        n = panel.directions_of(item.model if ready and item is not None else panel.current_model())
        self.sliders.set_count(n)
        self.sliders.set_amounts(item.slider_amounts() if ready and item is not None else ())
        if not self.sliders.sliders:
            hint = (QCoreApplication.translate("ImagePanel", "This model has no directions to explore.")
                    if (ready or panel.current_model()) else "")
        elif not ready:
            hint = QCoreApplication.translate(
                "ImagePanel", "Select one finished image to move it along the model's main directions.")
        else:
            hint = QCoreApplication.translate("ImagePanel", "Drag a slider: the selected image changes as you drag.")
        self.sliders.set_usable(ready and n > 0, hint)

    def _on_moved(self, amounts: tuple) -> None:
        item = self.item
        if item is not None and item.ready:
            item.remember_original()
            item.amounts = list(amounts)

    def cancel_job(self) -> None:
        """Cancel the running slider job, if any (its previews not yet shown are dropped)."""
        old, self.job_id = self.job_id, None
        if old is not None:
            self.panel._jobs.pop(old, None)
            self.panel._pending.pop(old, None)
            self.panel.engine.cancel(old)

    def forget(self) -> None:
        """The canvas was cleared: no job, no image to move."""
        self.cancel_job()
        self.item = None

    def submit_job(self, *_: Any) -> str | None:
        """One small job for the selected image at the sliders' amounts; the previous one is cancelled."""
        panel, item = self.panel, self.item
        if item is None or not panel.session.contains(item) or not item.ready:
            return None
        orig = item.remember_original()
        amounts = [float(a) for a in (item.amounts or [])]
        self.cancel_job()
        self.message.clear_message()
        if not any(amounts) and not any(orig.amounts):     # back where it started: no job needed
            panel.session.restore_original(item)
            return None
        while amounts and amounts[-1] == 0.0:
            amounts.pop()
        spec = replace(spec_from_dict({"kind": "image", **orig.spec}), mode="latent", count=1,
                       latents=(orig.base_latent,), directions=tuple(amounts), source="")
        try:
            job_id = str(panel.engine.submit(spec))
        except UserError as exc:
            self.message.show_message(str(exc))
            return None
        panel._jobs[job_id] = ImageJob(spec, "slider", item.section, item)
        self.job_id = job_id
        self.jobs_submitted += 1
        return job_id

    def job_finished(self, job_id: str, job: ImageJob, state: str, result: Any, info: Any) -> None:
        """A slider job ended: its image takes the result's spec, latent and score (a failure is explained)."""
        if job_id != self.job_id:
            return                                  # replaced by a newer drag
        self.job_id = None
        panel, item = self.panel, job.item
        if item is None or not panel.session.contains(item):
            return
        if state == "failed":
            self.message.show_message(str(getattr(info, "message", "") or
                                          QCoreApplication.translate("ImagePanel", "The job failed.")))
            return
        items = result_items(result)
        if state == "done" and items:
            d = items[0]
            panel.session.set_info(item, d.get("spec") or spec_to_dict(job.spec), d.get("latent"), d.get("score"),
                                   d.get("label", ""), keep_edit=True)
            view = panel.canvas.item_of(item)
            if view is not None and view.isSelected():
                panel._on_selection_changed()

    def reset(self) -> None:
        """Every slider back to 0; the selected image comes back as it was before the sliders moved it."""
        item = self.item
        self.sliders.cancel_pending()
        self.sliders.set_amounts(())
        if item is None or not item.ready:
            return
        orig = item.remember_original()
        item.amounts = []
        if not any(orig.amounts):
            self.cancel_job()
            self.panel.session.restore_original(item)
            item.amounts = []
        else:
            self.submit_job()
        self.panel._on_selection_changed()
