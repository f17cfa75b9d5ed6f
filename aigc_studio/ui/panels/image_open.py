"""The Image panel's way in for image files: a file dropped on the canvas, picked with "Encode an image…", or opened
by the window.

``ImageOpening(panel)``:

* :meth:`open_file` — a saved studio PNG (or its ``.json`` sidecar) restores its settings and makes the same image
  again (the settings of another kind of job are explained, not used); any other image file is encoded.
* :meth:`encode_file` — a VAE model encodes the file (the job shows its reconstruction and variations); with a GAN
  selected the panel switches to the first VAE and says so.
* :meth:`dropped` takes the first of the files dropped on the canvas; :meth:`choose_file` asks for one to encode.

:func:`saved_spec` is the settings a studio asset holds, or None for any other file. A file that cannot be used is
explained above the canvas; nothing on the canvas is lost. The words are the Image panel's (translation context
"ImagePanel").
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from aigc_studio.core.assets import load_spec
from aigc_studio.core.assets.formats import IMAGE_EXTENSIONS, glob_patterns
from aigc_studio.core.assets.metadata import EmbeddedSource, InvalidSettings
from aigc_studio.ui.panels.embedded_settings import confirm_source, settings_error_text


def saved_spec(p: Path) -> Any:
    """The settings saved in or next to a studio asset, or None for any other file. Settings of ours that fail
    the form's checks (:class:`InvalidSettings`) or ask to read another file (:class:`EmbeddedSource`) are raised
    for the caller to explain or confirm: such a file is never silently treated as an ordinary picture."""
    if p.suffix.lower() not in (".png", ".json") and not p.with_name(p.name + ".json").is_file():
        return None
    try:
        return load_spec(p)
    except (InvalidSettings, EmbeddedSource):
        raise
    except Exception:  # noqa: BLE001 — not one of ours: an ordinary image
        return None


class ImageOpening:
    """The image files ``panel`` (an ``ImagePanel``) takes in (see the module docstring)."""

    def __init__(self, panel: Any):
        self.panel = panel

    def dropped(self, paths: list) -> None:
        if len(paths) > 1:
            self.panel.status_message.emit(QCoreApplication.translate(
                "ImagePanel", "Several files were dropped: only the first one is used."))
        self.open_file(str(paths[0]))

    def choose_file(self) -> None:
        patterns = glob_patterns(IMAGE_EXTENSIONS)
        path, _ = QFileDialog.getOpenFileName(
            self.panel, QCoreApplication.translate("ImagePanel", "Encode an image"), "",
            QCoreApplication.translate("ImagePanel", "Images (%1);;All files (*)").replace("%1", patterns))
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """A studio PNG restores its settings and makes the image again; any other image file is encoded by a VAE
        model. True when a job was started."""
        panel, p = self.panel, Path(path)
        if not p.is_file():
            panel._show_error(QCoreApplication.translate("ImagePanel", "%1 is not a file.").replace("%1", str(p)))
            return False
        if panel._refuse_if_busy():
            panel._show_error(QCoreApplication.translate(
                "ImagePanel", "An image job is already running: stop it or wait for it, then drop the file again."))
            return False
        try:
            spec = saved_spec(p)
        except InvalidSettings as exc:
            panel._show_error(settings_error_text(exc))
            return False
        except EmbeddedSource as exc:
            spec, why = confirm_source(panel, exc)
            if spec is None:
                if why:
                    panel._show_error(why)
                return False
        if spec is not None:
            if getattr(spec, "kind", "") != "image":
                panel._show_error(QCoreApplication.translate(
                    "ImagePanel", "%1 holds the settings of a %2 job: open it with File › Open asset.")
                    .replace("%1", p.name).replace("%2", str(getattr(spec, "kind", "?"))))
                return False
            return panel.restore_spec(spec) is not None
        return self.encode_file(str(p)) is not None

    def vae_models(self) -> list[str]:
        """The models in the picker that can encode an image."""
        combo = self.panel.model_combo
        return [str(combo.itemData(i)) for i in range(combo.count())
                if self.panel.architecture(str(combo.itemData(i))) == "image_vae"]

    def encode_file(self, path: str) -> str | None:
        """Encode an image file with a VAE model (switching to one when a GAN is selected, and saying so)."""
        panel = self.panel
        if panel._refuse_if_busy():
            return None
        if panel.architecture() != "image_vae":
            vaes = self.vae_models()
            if not vaes:
                panel._show_error(QCoreApplication.translate(
                    "ImagePanel", "Encoding an image needs a VAE image model, and none is installed. Use “Open model "
                                  "folder…” to add one."))
                return None
            panel._select_model(vaes[0])
            switched = QCoreApplication.translate(
                "ImagePanel", "Switched to %1: only a VAE model can encode an image.").replace(
                "%1", panel.model_combo.currentText())
        else:
            switched = ""
        spec, errors = panel._read_form("encode", source=str(path))
        panel._show_form_errors(errors)
        job_id = None if errors else panel._submit(spec)
        if switched:
            panel.notice.show_message(switched)
            panel.status_message.emit(switched)
        return job_id
