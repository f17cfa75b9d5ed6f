"""The sounds of an Audio-panel session (Qt-free): every sound made or encoded, what each one is (samples, sample
rate, the spec that reproduces it, its latent, pitch, name) and the job that is filling them.

A job's ``AudioChunk`` events are *appended* to the sound of their index (:meth:`SoundListModel.add_chunk`); the
view asks which sounds changed since it last drew (:meth:`take_dirty`). A slider edit (a job with a ``target``)
fills a new take of an existing sound and keeps the take before the first edit as ``original``. Listeners
(``subscribe(fn)``) hear ``fn(event, sound)`` with event "added", "changed" or "removed".
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.specs import SEED_MAX, AudioSpec, spec_from_dict

log = logging.getLogger(__name__)


def mono(samples: Any) -> np.ndarray:
    """1-D float32 samples from (n,) or (channels, n) input (channels averaged)."""
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim == 2:
        x = x[0] if x.shape[0] == 1 else x.mean(axis=0)
    return x.reshape(-1)


def finite_number(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None


@dataclass(eq=False)
class Take:
    """One rendering of a sound: its samples (appended chunk by chunk) and what the job said about it."""
    sample_rate: int
    chunks: list[np.ndarray] = field(default_factory=list)
    spec: AudioSpec | None = None      # the per-sound spec that reproduces exactly this take (from the Result)
    latent: Any = None
    peak: float = 0.0
    pitch_hz: float | None = None
    finished: bool = False             # the job's Result described it
    partial: bool = False              # its job stopped or failed before the Result described it
    _joined: np.ndarray | None = None

    def append(self, samples: Any) -> None:
        x = mono(samples)
        if x.size:
            self.chunks.append(x)
            self.peak = max(self.peak, float(np.max(np.abs(x))))
            self._joined = None

    def samples(self) -> np.ndarray:
        if self._joined is None:
            self._joined = (np.concatenate(self.chunks) if len(self.chunks) > 1 else
                            self.chunks[0] if self.chunks else np.zeros(0, np.float32))
            self.chunks = [self._joined] if self._joined.size else []
        return self._joined

    @property
    def n_samples(self) -> int:
        return sum(c.size for c in self.chunks)

    @property
    def seconds(self) -> float:
        return self.n_samples / self.sample_rate if self.sample_rate else 0.0


@dataclass(eq=False)
class Sound:
    """A sound of the session. ``take`` is what is heard now; ``original`` the take before slider edits."""
    number: int                        # unique in the session (the view's key)
    label: str                         # its name
    job_spec: AudioSpec                # the job that made it
    index: int                         # its position in that job
    take: Take
    expected_seconds: float
    original: Take | None = None
    directions: tuple[float, ...] = ()
    version: int = 0                   # changes with each new take (the spectrogram starts over)
    saved: dict[str, str] = field(default_factory=dict)     # format -> path of the saved take

    # --- what a sound is, by the names the panel and the exports use -----------------------------------------
    @property
    def name(self) -> str:
        return self.label

    @property
    def rate(self) -> int:
        return self.take.sample_rate

    @property
    def latent(self) -> Any:
        return self.take.latent

    @property
    def pitch_hz(self) -> float | None:
        return self.take.pitch_hz

    @property
    def spec(self) -> AudioSpec:
        return self.take.spec or self.job_spec

    def samples(self) -> np.ndarray:
        return self.take.samples()

    @property
    def model(self) -> str:
        return self.spec.model

    @property
    def base_latent(self) -> Any:
        return (self.original or self.take).latent

    @property
    def edited(self) -> bool:
        return self.original is not None and any(self.directions)

    def spec_for_save(self) -> AudioSpec:
        """The take's own spec; for a take cut short (no Result), the spec of the whole sound it was part of."""
        if self.take.spec is not None:
            return self.take.spec
        s = self.job_spec
        return replace(s, count=1, seed=(s.seed + self.index) % (SEED_MAX + 1)) if s.mode == "sample" else s

    def restore_original(self) -> bool:
        """The take before the slider edits comes back (False when there is none)."""
        if self.original is None:
            return False
        self.take, self.original = self.original, None
        self.directions = ()
        self.version += 1
        self.saved = {}
        return True


class SoundListModel:
    """The sounds of a session, in list order, and the job filling some of them (see the module docstring)."""

    def __init__(self) -> None:
        self.sounds: list[Sound] = []
        self._next_number = 1
        self.job_spec: AudioSpec | None = None
        self.target: Sound | None = None           # a slider edit: the sound it changes
        self.job_sounds: dict[int, Sound] = {}     # index in the job -> its sound
        self._label_of: Callable[[AudioSpec, int], str] = lambda spec, i: f"{spec.mode} {i + 1}"
        self._dirty: dict[int, Sound] = {}         # number -> sound with new samples since the last take_dirty
        self._listeners: list[Callable[[str, Sound], Any]] = []

    # --- listeners --------------------------------------------------------------------------------------------
    def subscribe(self, fn: Callable[[str, Sound], Any]) -> None:
        self._listeners.append(fn)

    def _emit(self, event: str, sound: Sound) -> None:
        for fn in list(self._listeners):
            fn(event, sound)

    def changed(self, sound: Sound) -> None:
        """Say that ``sound`` changed (its take, name, saved files)."""
        self._emit("changed", sound)

    # --- queries ----------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.sounds)

    def by_number(self, number: Any) -> Sound | None:
        return next((s for s in self.sounds if s.number == number), None)

    def making(self) -> list[Sound]:
        """The sounds the job fills now (its new sounds and the edited one)."""
        out = list(self.job_sounds.values())
        if self.target is not None and self.target not in out:
            out.append(self.target)
        return out

    # --- the job ----------------------------------------------------------------------------------------------
    def begin_job(self, spec: AudioSpec, target: Sound | None = None,
                  label_of: Callable[[AudioSpec, int], str] | None = None) -> None:
        """A new job fills sounds from now on (``label_of(spec, index)`` names its new sounds); the previous
        job's late chunks are no longer taken."""
        self.job_spec, self.target, self.job_sounds = spec, target, {}
        if label_of is not None:
            self._label_of = label_of
        self._dirty.clear()

    def end_job(self) -> None:
        """Forget the job (a cancelled slider edit: latest wins)."""
        self.job_spec, self.target, self.job_sounds = None, None, {}
        self._dirty.clear()

    def add_chunk(self, index: int, sample_rate: int, samples: Any) -> Sound:
        """Append a chunk to the sound of ``index`` of the job (made, or a new take of the target, on its first
        chunk)."""
        sound = self.job_sounds.get(index)
        if sound is None:
            sound = self._sound_for(index, sample_rate)
        sound.take.append(samples)
        self._dirty[sound.number] = sound
        return sound

    def _sound_for(self, index: int, sample_rate: int) -> Sound:
        spec = self.job_spec
        assert spec is not None, "add_chunk without begin_job"
        target = self.target
        if target is not None and index == 0:
            if target.original is None:
                target.original = target.take
            target.take = Take(sample_rate)
            target.directions = tuple(spec.directions)
            target.version += 1
            target.saved = {}
            sound = target
        else:
            sound = Sound(number=self._next_number, label=self._label_of(spec, index), job_spec=spec, index=index,
                          take=Take(sample_rate), expected_seconds=float(spec.seconds))
            self._next_number += 1
            if spec.mode == "latent" and spec.latents:
                # A restored slider edit: its original is the undirected latent (no audio until a reset decodes it).
                sound.original = Take(sample_rate, latent=spec.latents[0])
                sound.directions = tuple(spec.directions)
            self.sounds.append(sound)
            self._emit("added", sound)
        self.job_sounds[index] = sound
        return sound

    def take_dirty(self) -> list[Sound]:
        """The sounds with new samples since the last call (oldest change first)."""
        dirty, self._dirty = list(self._dirty.values()), {}
        return dirty

    def finish_job(self, items: Any, done: bool) -> None:
        """Give each sound of the job what the Result says about it (its own spec, latent, peak, pitch). Sounds
        that never got a sample (a job that failed early) are removed; with ``done`` False the others the Result
        did not describe are marked as cut short (``partial``)."""
        for i, item in enumerate(items if isinstance(items, list) else []):
            sound = self.job_sounds.get(i)
            if sound is None or not isinstance(item, dict):
                continue
            take = sound.take
            spec = item.get("spec")
            if isinstance(spec, dict):
                try:
                    take.spec = spec_from_dict({"kind": "audio", **spec})
                except (InvalidParameters, TypeError, ValueError) as exc:
                    log.warning("a sound's spec in the result is unusable: %s", exc)
            take.latent = item.get("latent")
            peak = finite_number(item.get("peak"))
            take.peak = peak if peak is not None else take.peak
            take.pitch_hz = finite_number(item.get("pitch_hz"))
            take.finished = True
            self._emit("changed", sound)
        for index, sound in list(self.job_sounds.items()):
            if sound.take.n_samples == 0 and sound is not self.target:
                self.remove(sound)
                del self.job_sounds[index]
            elif not sound.take.finished and not done:
                sound.take.partial = True
                self._emit("changed", sound)
        if self.target is not None:
            self._emit("changed", self.target)

    # --- editing the list -------------------------------------------------------------------------------------
    def remove(self, sound: Sound) -> None:
        if sound in self.sounds:
            self.sounds.remove(sound)
            self._dirty.pop(sound.number, None)
            self._emit("removed", sound)

    def restore_original(self, sound: Sound) -> bool:
        if sound.restore_original():
            self._emit("changed", sound)
            return True
        return False
