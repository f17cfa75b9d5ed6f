"""The Image panel's files out: saving images into the asset store, exporting them to a folder, exporting a strip.

``ImageExport(panel)`` does the file side of an ``ImagePanel``:

* :meth:`ImageExport.save` (Ctrl+S) writes the selected images — with none selected, those of the last job — as
  PNGs with their settings inside (``AssetStore.save_image``); an image saved before is not saved twice.
* :meth:`ImageExport.export_to_folder` writes the selected (or all) images to a folder
  (``core.assets.images.export_images``).
* :meth:`ImageExport.export_strip` writes a strip — two or more selected images, or an interpolation
  (:meth:`strip_items`) — as a one-row sprite sheet PNG or an animated GIF/WebP.

``core.assets.images`` (Pillow) is imported when a file is written, not with the panel. Failures go through the
panels' shared :func:`ui.panels.saving.write_files`: shown in the panel, the images stay on the canvas. The words are
the Image panel's (translation context "ImagePanel").
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from aigc_studio.core.assets import model_slug
from aigc_studio.core.base.errors import user_message
from aigc_studio.ui.panels.image_jobs import item_spec
from aigc_studio.ui.panels.saving import ask_folder, write_files
from aigc_studio.ui.widgets.image_canvas import CanvasImage

STRIP_SUFFIXES = (".png", ".gif", ".webp")


def _not_exported() -> str:
    return QCoreApplication.translate("ImagePanel", "Not exported: %1")


class ImageExport:
    """The files ``panel`` (an ``ImagePanel``) writes: from its canvas, with its store, status and messages."""

    def __init__(self, panel: Any):
        self.panel = panel

    # --- save -------------------------------------------------------------------------------------------------
    def items_to_save(self) -> list[CanvasImage]:
        """The selected images; with none selected, those of the last job (when still on the canvas)."""
        canvas, last = self.panel.canvas, self.panel._last_section
        chosen = canvas.selected_images()
        if not chosen and last is not None and last in canvas.sections:
            chosen = last.ordered()
        return chosen

    def save(self) -> str | None:
        """Save :meth:`items_to_save` that are finished; ``asset_saved`` is emitted for each new file. Returns the
        last path saved (None when nothing was saved)."""
        panel = self.panel
        chosen = self.items_to_save()
        ready = [it for it in chosen if it.spec]
        if not chosen:
            panel.status_message.emit(QCoreApplication.translate(
                "ImagePanel", "Nothing to save yet: generate images, then select some."))
            return None
        if not ready:
            panel.status_message.emit(QCoreApplication.translate(
                "ImagePanel", "Wait until the job has finished: the settings that make each image arrive at its end."))
            return None

        stopped: list[BaseException] = []     # a save that failed after others were saved (a full disk)

        def write() -> list[str]:
            store = panel.store_getter()
            paths = []
            for it in ready:
                if it.saved_path is None:
                    extra = {k: v for k, v in (("score", it.score), ("label", it.label or None),
                                               ("latent", it.latent), ("device", panel._device_name or None))
                             if v is not None}
                    try:
                        it.data.saved_path = str(store.save_image(it.rgba, item_spec(it), extra))
                    except Exception as exc:  # noqa: BLE001 — some were saved: say exactly how many, below
                        if not paths:
                            raise
                        stopped.append(exc)
                        break
                    panel.asset_saved.emit(it.saved_path)
                paths.append(it.saved_path)
            return paths

        ok, paths = write_files(panel, write, QCoreApplication.translate(
            "ImagePanel", "Not saved: %1 The images are still here; try again."), "saving images")
        if not ok:
            return None
        if stopped:
            panel._show_error(QCoreApplication.translate(
                "ImagePanel", "Saved %1 of %2 images in %3; the others were not saved: %4 They are still here: "
                              "save again to save the rest.")
                .replace("%1", str(len(paths))).replace("%2", str(len(ready)))
                .replace("%3", str(Path(paths[-1]).parent)).replace("%4", user_message(stopped[0])))
            return paths[-1]
        skipped = len(chosen) - len(ready)
        msg = (QCoreApplication.translate("ImagePanel", "Saved %1").replace("%1", paths[0]) if len(paths) == 1 else
               QCoreApplication.translate("ImagePanel", "Saved %1 images in %2").replace("%1", str(len(paths)))
               .replace("%2", str(Path(paths[-1]).parent)))
        if skipped:
            msg += " " + QCoreApplication.translate("ImagePanel", "(%1 still being made were left out.)").replace(
                "%1", str(skipped))
        panel.status_message.emit(msg)
        return paths[-1]

    # --- export to a folder -----------------------------------------------------------------------------------
    def choose_export_folder(self) -> None:
        folder = ask_folder(self.panel, QCoreApplication.translate("ImagePanel", "Export images to folder"))
        if folder:
            self.export_to_folder(folder)

    def export_to_folder(self, folder: str, stem: str | None = None) -> list[str]:
        """Write the selected images (none selected: every image) to ``folder`` with their settings inside; the
        file names start with ``stem`` (by default the model's)."""
        panel = self.panel
        chosen = [it for it in (panel.canvas.selected_images() or panel.canvas.images()) if it.spec]
        if not chosen:
            panel.status_message.emit(QCoreApplication.translate("ImagePanel", "Nothing to export yet."))
            return []
        stem = stem or model_slug(str((chosen[0].spec or {}).get("model", "image")))

        def write() -> list[str]:
            from aigc_studio.core.assets.images import export_images     # Pillow: only when exporting
            return [str(p) for p in export_images([it.rgba for it in chosen], folder, stem,
                                                  [item_spec(it) for it in chosen])]

        ok, paths = write_files(panel, write, _not_exported(), "exporting images")
        if not ok:
            return []
        panel.status_message.emit(QCoreApplication.translate("ImagePanel", "Exported %1 images to %2")
                                  .replace("%1", str(len(paths))).replace("%2", str(folder)))
        return paths

    # --- export a strip ---------------------------------------------------------------------------------------
    def strip_items(self) -> list[CanvasImage]:
        """What "Export strip" writes: two or more selected images; or the interpolation the one selected image
        belongs to; or, with nothing selected, the last interpolation."""
        canvas = self.panel.canvas
        selected = canvas.selected_images()
        if len(selected) >= 2:
            return selected
        if len(selected) == 1:
            return selected[0].section.ordered() if selected[0].section.mode == "interpolate" else []
        for s in reversed(canvas.sections):
            if s.mode == "interpolate" and s.items:
                return s.ordered()
        return []

    def choose_strip_export(self) -> None:
        filters = {QCoreApplication.translate("ImagePanel", "Sprite sheet (*.png)"): ".png",
                   QCoreApplication.translate("ImagePanel", "Animated GIF (*.gif)"): ".gif",
                   QCoreApplication.translate("ImagePanel", "Animated WebP (*.webp)"): ".webp"}
        path, chosen = QFileDialog.getSaveFileName(self.panel, QCoreApplication.translate("ImagePanel", "Export strip"),
                                                   "strip.png", ";;".join(filters))
        if path:
            if Path(path).suffix.lower() not in STRIP_SUFFIXES:
                path += filters.get(chosen, ".png")
            self.export_strip(path)

    def export_strip(self, path: str) -> str | None:
        """Write the strip as a sprite sheet (``.png``, one row) or an animation (``.gif``/``.webp`` at the
        panel's frames per second, looping)."""
        panel = self.panel
        items = self.strip_items()
        if len(items) < 2:
            panel.status_message.emit(QCoreApplication.translate(
                "ImagePanel", "Select two or more images, or an interpolation, to export a strip."))
            return None
        images = [it.rgba for it in items]
        suffix = Path(path).suffix.lower()

        def write() -> str:
            from aigc_studio.core.assets import images as image_files     # Pillow: only when exporting
            if suffix in (".gif", ".webp"):
                out = image_files.save_animation(images, path, fmt=suffix[1:], fps=panel.fps_spin.value(), loop=True)
            else:
                out = image_files.save_sprite_sheet(images, path, columns=len(images))
            return str(out or path)

        ok, out = write_files(panel, write, _not_exported(), "exporting a strip")
        if not ok:
            return None
        panel.status_message.emit(QCoreApplication.translate("ImagePanel", "Exported %1 frames to %2")
                                  .replace("%1", str(len(images))).replace("%2", out))
        return out
