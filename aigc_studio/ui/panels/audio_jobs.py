"""The Audio panel's jobs in words, and the jobs its "From the selected sounds" actions make from sounds.

* :func:`describe` — the status line of a submitted job ("Generating 8 sounds with … (seed 42)…").
* :func:`sound_label` — the name of sound *i* of a job in the list ("Sample · seed 43", "Morph 2 of 5"...).
* :func:`stats_text` — the line under the view once a job has ended (sounds, time, device, seed).
* :func:`variations_from` / :func:`morph_from` / :func:`encode_problem` — what a Variations, Morph or Encode job
  takes from the chosen sounds or file (the spec fields they set), or why it cannot run.

No widgets: plain functions of specs and sounds. The words are the Audio panel's (translation context
"AudioPanel").
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from aigc_studio.core.assets.formats import AUDIO_EXTENSIONS
from aigc_studio.core.base.specs import SEED_MAX, AudioSpec
from aigc_studio.ui.components.sound_list import Sound


def describe(spec: AudioSpec) -> str:
    """What the panel is doing for ``spec`` (the status bar, when the job is submitted)."""
    if spec.mode == "sample":
        return QCoreApplication.translate("AudioPanel", "Generating %1 sounds with %2 (seed %3)…").replace(
            "%1", str(spec.count)).replace("%2", spec.model).replace("%3", str(spec.seed))
    if spec.mode == "variations":
        return QCoreApplication.translate("AudioPanel", "Making %1 variations…").replace("%1", str(spec.count))
    if spec.mode == "interpolate":
        return QCoreApplication.translate("AudioPanel", "Morphing in %1 steps…").replace("%1", str(spec.frames))
    if spec.mode == "encode":
        return QCoreApplication.translate("AudioPanel", "Encoding %1…").replace("%1", Path(spec.source).name)
    return QCoreApplication.translate("AudioPanel", "Decoding the edited sound…")


def sound_label(spec: AudioSpec, index: int) -> str:
    """The name of the job's sound ``index`` (0-based) in the list."""
    if spec.mode == "sample":
        return QCoreApplication.translate("AudioPanel", "Sample · seed %1").replace(
            "%1", str((spec.seed + index) % (SEED_MAX + 1)))
    if spec.mode == "variations":
        return QCoreApplication.translate("AudioPanel", "Variation %1").replace("%1", str(index + 1))
    if spec.mode == "interpolate":
        return QCoreApplication.translate("AudioPanel", "Morph %1 of %2").replace("%1", str(index + 1)).replace(
            "%2", str(spec.frames))
    if spec.mode == "encode":
        name = Path(spec.source).name
        return (QCoreApplication.translate("AudioPanel", "%1, rebuilt").replace("%1", name) if index == 0 else
                QCoreApplication.translate("AudioPanel", "%1, variation %2").replace("%1", name).replace(
                    "%2", str(index)))
    return QCoreApplication.translate("AudioPanel", "Edited sound")


def stats_text(spec: AudioSpec | None, state: str, made: int, edited: bool, seconds: float, device: str) -> str:
    """The stats line of a job of ``spec`` that ended in ``state``: ``made`` sounds (or one ``edited`` sound) in
    ``seconds`` on ``device``, with its seed when it drew sounds from one."""
    parts = [QCoreApplication.translate("AudioPanel", "edited") if edited else
             QCoreApplication.translate("AudioPanel", "%1 sounds").replace("%1", str(made)),
             QCoreApplication.translate("AudioPanel", "%1 s").replace("%1", f"{seconds:.1f}")]
    if device:
        parts.append(QCoreApplication.translate("AudioPanel", "device: %1").replace("%1", str(device)))
    if spec is not None and spec.mode in ("sample", "variations", "encode"):
        parts.append(QCoreApplication.translate("AudioPanel", "seed %1").replace("%1", str(spec.seed)))
    if state == "cancelled":
        parts.append(QCoreApplication.translate("AudioPanel", "stopped by you"))
    return " · ".join(parts)


def seconds_of(sound: Sound) -> float:
    """The length the sound was made with (a variation or morph of it keeps it)."""
    spec = sound.take.spec or sound.job_spec
    return float(spec.seconds)


def variations_from(sound: Sound | None) -> tuple[dict[str, Any], str]:
    """The spec fields of a Variations job of ``sound`` (its model, latent and length), or ``({}, why not)``."""
    if sound is not None and sound.take.latent is not None:
        return dict(mode="variations", model=sound.model, latents=(sound.take.latent,),
                    seconds=seconds_of(sound)), ""
    if sound is None or sound.take.n_samples == 0:
        return {}, QCoreApplication.translate("AudioPanel",
                                              "Select a finished sound first: variations start from its latent.")
    return {}, QCoreApplication.translate("AudioPanel", "This sound was stopped before it was finished, so it has "
                                                        "no latent to vary. Choose another one.")


def morph_from(chosen: list[Sound]) -> tuple[dict[str, Any], str]:
    """The spec fields of a Morph job from the upper of two sounds to the lower one (the upper one's model,
    length and seed), or ``({}, why not)``."""
    if len(chosen) != 2:
        return {}, QCoreApplication.translate("AudioPanel",
                                              "Select exactly two sounds (Ctrl+click) to morph between them.")
    a, b = chosen
    if a.take.latent is None or b.take.latent is None:
        return {}, QCoreApplication.translate("AudioPanel", "Both sounds must be finished: a sound that was stopped "
                                                            "has no latent.")
    if a.model != b.model:
        return {}, QCoreApplication.translate("AudioPanel", "These sounds come from different models: a morph needs "
                                                            "two sounds of the same model.")
    return dict(mode="interpolate", model=a.model, latents=(a.take.latent, b.take.latent), seconds=seconds_of(a),
                seed=(a.take.spec or a.job_spec).seed), ""


def encode_problem(path: Path) -> str:
    """Why ``path`` cannot be encoded ("" when it can be tried: the job itself explains a damaged file)."""
    if path.suffix.lower() not in AUDIO_EXTENSIONS:
        return QCoreApplication.translate("AudioPanel", "%1 is not a sound file the studio can encode (WAV, FLAC, "
                                                        "OGG, AIFF, MP3).").replace("%1", path.name)
    if not path.is_file():
        return QCoreApplication.translate("AudioPanel", "%1 does not exist or is not a file.").replace("%1", str(path))
    return ""
