"""The Audio panel's sound files: saving and exporting its sounds, and the sound files it takes in.

``SoundFiles(panel)`` does the file side of an ``AudioPanel``:

* :meth:`SoundFiles.save` writes the current sound as WAV or FLAC with its own spec (``AssetStore.save_audio``),
  so dropping the file back restores it; saving the same take twice in the same format returns the file already
  saved.
* :meth:`SoundFiles.export_pack` writes sounds as numbered files plus a manifest
  (``core.assets.audio_io.export_sample_pack``) into a folder.
* :meth:`SoundFiles.extra` — what a saved sound's metadata holds besides its spec (peak, pitch, length, latent...).

:func:`dropped_sound` is the sound file of a drop the panel takes; :func:`choose_sound_file` asks for one to encode.

Failures go through the panels' shared :func:`ui.panels.saving.write_files`. The words are the Audio panel's
(translation context "AudioPanel").
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from aigc_studio.core.assets.formats import AUDIO_EXTENSIONS, SIDECAR_EXTENSION, glob_patterns

from aigc_studio.ui.components.sound_list import Sound
from aigc_studio.ui.panels.saving import ask_folder, write_files

FORMATS = ("wav", "flac")


def _export_sample_pack(items: list[dict[str, Any]], folder: str, fmt: str) -> Any:
    from aigc_studio.core.assets.audio_io import export_sample_pack     # numpy/soundfile: only when exporting
    return export_sample_pack(items, folder, fmt)


def dropped_sound(event: Any) -> str | None:
    """The sound file of a drop the panel takes: one local WAV/FLAC/OGG/AIFF/MP3 without a settings sidecar
    (a saved asset restores its settings through the window instead)."""
    md = event.mimeData()
    if md is None or not md.hasUrls():
        return None
    paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()]
    if len(paths) != 1:
        return None
    p = Path(paths[0])
    if p.suffix.lower() not in AUDIO_EXTENSIONS or p.with_name(p.name + SIDECAR_EXTENSION).is_file():
        return None
    return str(p)


def choose_sound_file(parent: QWidget) -> str:
    """A sound file the user picks to encode ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("AudioPanel", "Encode a sound file"), "",
                                          QCoreApplication.translate("AudioPanel", "Sounds (%1);;All files (*)")
                                          .replace("%1", glob_patterns(AUDIO_EXTENSIONS)))
    return path or ""


def _not_saved() -> str:
    return QCoreApplication.translate("AudioPanel", "Not saved: %1 The sounds are still here; try again.")


class SoundFiles:
    """The files of ``panel`` (an ``AudioPanel``): its sounds, store, settings, status and messages."""

    def __init__(self, panel: Any):
        self.panel = panel

    def extra(self, sound: Sound) -> dict[str, Any]:
        take = sound.take
        extra: dict[str, Any] = {"peak": take.peak, "pitch_hz": take.pitch_hz, "seconds": take.seconds,
                                 "sample_rate": take.sample_rate, "name": sound.label}
        if take.latent is not None:
            extra["latent"] = take.latent
        if self.panel._device_name:
            extra["device"] = self.panel._device_name
        if take.partial:
            extra["partial"] = True
        return extra

    def save(self, sound: Sound | None, fmt: str) -> str | None:
        """Save ``sound`` in ``fmt``; the path, or None when there is nothing to save or saving failed."""
        panel = self.panel
        if sound is None or sound.take.n_samples == 0:
            panel.status_message.emit(QCoreApplication.translate(
                "AudioPanel", "Nothing to save yet: generate a sound and select it."))
            return None
        if panel.is_busy() and sound in panel.model.job_sounds.values():
            panel.status_message.emit(QCoreApplication.translate(
                "AudioPanel", "This sound is still being made: wait for it, then save."))
            return None
        if fmt in sound.saved:
            panel.status_message.emit(QCoreApplication.translate("AudioPanel", "Already saved: %1").replace(
                "%1", sound.saved[fmt]))
            return sound.saved[fmt]
        take = sound.take
        ok, path = write_files(panel, lambda: str(panel.store_getter().save_audio(
            take.samples()[None, :], take.sample_rate, sound.spec_for_save(), self.extra(sound), fmt=fmt)),
            _not_saved(), "saving the sound")
        if not ok:
            return None
        sound.saved[fmt] = path
        panel._update_row(sound)
        panel.status_message.emit(QCoreApplication.translate("AudioPanel", "Saved %1").replace("%1", path))
        panel.asset_saved.emit(path)
        return path

    def export_pack(self, sounds: list[Sound], folder: str | None, fmt: str) -> Any:
        """Export ``sounds`` (those with audio) as a sample pack into ``folder`` (asked for when None). Returns
        what ``export_sample_pack`` returns, or None."""
        panel = self.panel
        chosen = [s for s in sounds if s.take.n_samples]
        if not chosen:
            panel.status_message.emit(QCoreApplication.translate(
                "AudioPanel", "Nothing to export yet: generate some sounds first."))
            return None
        if folder is None:
            folder = ask_folder(panel, QCoreApplication.translate("AudioPanel", "Export a sample pack to"),
                                str(getattr(panel.settings, "output_dir", "") or ""))
            if not folder:
                return None
        items = [{"samples": s.take.samples(), "sample_rate": s.take.sample_rate, "spec": s.spec_for_save(),
                  "name": s.label, **{k: v for k, v in self.extra(s).items() if k != "sample_rate"}}
                 for s in chosen]
        ok, out = write_files(panel, lambda: _export_sample_pack(items, str(folder), fmt), _not_saved(),
                              "exporting the sample pack")
        if not ok:
            return None
        panel.status_message.emit(QCoreApplication.translate("AudioPanel", "Exported %1 sounds to %2").replace(
            "%1", str(len(items))).replace("%2", str(out or folder)))
        return out
