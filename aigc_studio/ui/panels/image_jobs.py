"""The Image panel's jobs: their records, what they take from canvas images and give back, and their words.

* :class:`ImageJob` — one unfinished job of the panel: a batch (a section of its own on the canvas) or a slider job
  (its result replaces one image in place).
* :func:`item_spec` — the ``ImageSpec`` that makes one canvas image alone.
* :func:`result_items` — the per-image dicts of a finished job's ``Result.data["items"]`` (spec, latent, score,
  label).
* :func:`explore_problem` — why the picked images cannot start a Variations or Interpolate job ("" when they can).
* :func:`section_title` — the caption of a job's section on the canvas; :func:`stats_text` — the line under the
  canvas once a job has ended (images, time, seed, device).

No widgets; the panel (``image_panel``) and its parts (``image_directions``, ``image_export``) use them. The words are
the Image panel's (translation context "ImagePanel").
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from aigc_studio.core.base.specs import ImageSpec, spec_from_dict
from aigc_studio.ui.components.image_session import ImageItem
from aigc_studio.ui.widgets.image_canvas import CanvasImage, Section


@dataclass(eq=False)
class ImageJob:
    spec: ImageSpec
    purpose: str                          # "batch" (a section of its own) | "slider" (replaces ``item`` in place)
    section: Section | None = None
    item: ImageItem | None = None
    title: str = ""
    shown: bool = False                   # its first images reached the canvas


def item_spec(item: CanvasImage) -> ImageSpec:
    """The ImageSpec that makes ``item`` alone (``InvalidParameters`` when its stored spec is damaged)."""
    return spec_from_dict({"kind": "image", **(item.spec or {})})


def result_items(result: Any) -> list[dict[str, Any]]:
    """The items of a job's result that are dicts (none when the result holds no list of items)."""
    data = getattr(result, "data", None)
    items = data.get("items") if isinstance(data, dict) else None
    return [d for d in items if isinstance(d, dict)] if isinstance(items, list) else []


def explore_problem(picked: list[CanvasImage], n: int) -> str:
    """Why the ``picked`` images cannot start a job that takes ``n`` of them (1: Variations, 2: Interpolate); ""
    when they can."""
    if len(picked) != n:
        return (QCoreApplication.translate("ImagePanel", "Select one image (click it) to make variations of it.")
                if n == 1 else QCoreApplication.translate(
                    "ImagePanel", "Select two images (click one, Ctrl+click the other) to interpolate between them."))
    if any(it.latent is None or not it.spec for it in picked):
        return QCoreApplication.translate("ImagePanel", "Wait until the selected images are finished: their settings "
                                                        "arrive with the end of the job.")
    if len({str(it.spec.get("model")) for it in picked}) > 1:
        return QCoreApplication.translate(
            "ImagePanel", "The two images come from different models: pick two made by the same model.")
    return ""


def section_title(spec: ImageSpec) -> str:
    """A section's caption: "tiny-gan · seed 7 · 4 images", "tiny-vae · interpolation · 8 frames"..."""
    model = Path(spec.model).name if ("/" in spec.model or "\\" in spec.model) else spec.model
    if spec.mode == "best_of":
        text = QCoreApplication.translate("ImagePanel", "%1 · best %2 of %3 · seed %4").replace(
            "%2", str(spec.count)).replace("%3", str(spec.best_of)).replace("%4", str(spec.seed))
    elif spec.mode == "variations":
        text = QCoreApplication.translate("ImagePanel", "%1 · variations · strength %2 · seed %3").replace(
            "%2", f"{spec.strength:g}").replace("%3", str(spec.seed))
    elif spec.mode == "interpolate":
        text = QCoreApplication.translate("ImagePanel", "%1 · interpolation · %2 frames").replace(
            "%2", str(spec.frames))
    elif spec.mode == "encode":
        text = QCoreApplication.translate("ImagePanel", "%1 · encoded %2: reconstruction and variations").replace(
            "%2", Path(spec.source).name)
    elif spec.mode == "latent":
        text = QCoreApplication.translate("ImagePanel", "%1 · from saved settings")
    else:
        text = QCoreApplication.translate("ImagePanel", "%1 · seed %2 · %3 images").replace(
            "%2", str(spec.seed)).replace("%3", str(spec.count))
    return text.replace("%1", model)


def stats_text(job: ImageJob, result: Any, state: str, info: Any, device_name: str = "") -> str:
    """"4 images · 0.5 s · seed 7 · device: cpu" (and "stopped by you" when it was cancelled)."""
    data = getattr(result, "data", None) or {}
    n = len(job.section.items) if job.section is not None else 0
    parts = [QCoreApplication.translate("ImagePanel", "%1 images").replace("%1", str(n))]
    started, finished = getattr(info, "started", None), getattr(info, "finished", None)
    if isinstance(started, (int, float)) and isinstance(finished, (int, float)) and finished >= started:
        parts.append(QCoreApplication.translate("ImagePanel", "%1 s").replace("%1", f"{finished - started:.1f}"))
    if job.spec.mode in ("sample", "best_of", "variations", "encode"):
        parts.append(QCoreApplication.translate("ImagePanel", "seed %1").replace("%1", str(job.spec.seed)))
    device = data.get("device") or getattr(info, "device", "") or device_name
    if device:
        parts.append(QCoreApplication.translate("ImagePanel", "device: %1").replace("%1", str(device)))
    if state == "cancelled":
        parts.append(QCoreApplication.translate("ImagePanel", "stopped by you"))
    return " · ".join(parts)
