"""Augmentation settings (Qt-free, standard library only: the training options check them on the GUI thread).
The functions that apply them are in :mod:`aigc_studio.core.data.augment`."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from aigc_studio.core.base.errors import InvalidParameters, Problem


@dataclass(frozen=True)
class AugmentSettings:
    """What to vary and by how much (0 / False = off). Image fields apply to pictures, audio fields to sounds."""
    hflip: bool = False            # mirror left-right, half of the time
    crop: float = 0.0              # zoom in by up to this fraction (0.2: keep 80-100 % of the side), random place
    brightness: float = 0.0        # x (1 ± brightness)
    contrast: float = 0.0          # x (1 ± contrast) around the mean
    saturation: float = 0.0        # x (1 ± saturation) around grey
    hue: float = 0.0               # rotate the hue by up to ± hue turns (0.5 = half the colour wheel)
    gain_db: float = 0.0           # ± dB
    shift: float = 0.0             # move the sound by up to ± this fraction of the clip
    pitch: float = 0.0             # ± semitones

    RANGES = {"crop": (0.0, 0.5), "brightness": (0.0, 1.0), "contrast": (0.0, 1.0), "saturation": (0.0, 1.0),
              "hue": (0.0, 0.5), "gain_db": (0.0, 24.0), "shift": (0.0, 0.5), "pitch": (0.0, 12.0)}
    IMAGE_FIELDS = ("hflip", "crop", "brightness", "contrast", "saturation", "hue")
    AUDIO_FIELDS = ("gain_db", "shift", "pitch")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Any) -> "AugmentSettings":
        """Settings from JSON; unknown keys or values out of range raise :class:`InvalidParameters`."""
        if d is None:
            return cls()
        if isinstance(d, AugmentSettings):
            return d
        if not isinstance(d, dict):
            raise InvalidParameters([Problem("data_augment", "wrong_type",
                                             "The augmentation settings must be a JSON object.")])
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(k for k in d if k not in names)
        if unknown:
            raise InvalidParameters([Problem("data_augment", "unknown", "Unknown augmentation settings: {names}.",
                                             {"names": ", ".join(unknown)})])
        s = cls(**d)
        s.validate()
        return s

    def problems(self) -> list[Problem]:
        p = []
        if not isinstance(self.hflip, bool):
            p.append(Problem("data_augment", "wrong_type", "The augmentation settings must be a JSON object."))
        for name, (lo, hi) in self.RANGES.items():
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi):
                p.append(Problem("data_augment", "range", "The augmentation setting {name} must be between {lo} and "
                                 "{hi}.", {"name": name, "lo": lo, "hi": hi}))
        return p

    def validate(self) -> "AugmentSettings":
        found = self.problems()
        if found:
            raise InvalidParameters(found)
        return self

    def active(self, kind: str) -> bool:
        """True when something is varied for ``kind`` ("image" | "audio" | "text")."""
        fields = {"image": self.IMAGE_FIELDS, "audio": self.AUDIO_FIELDS}.get(kind, ())
        return any(bool(getattr(self, f)) for f in fields)

    def for_kind(self, kind: str) -> "AugmentSettings":
        """Only the fields of ``kind`` kept (the others at their defaults)."""
        fields = {"image": self.IMAGE_FIELDS, "audio": self.AUDIO_FIELDS}.get(kind, ())
        return AugmentSettings(**{f: getattr(self, f) for f in fields})


def recommended(kind: str) -> AugmentSettings:
    """The augmentation the Train tab suggests for ``kind`` and a new dataset starts with: mild variations that keep
    a style recognisable (images: flip, light crop, light colour jitter; sounds: light gain and time shift — no pitch
    shift, which would teach a pitched model wrong notes; text: none). Reproducible: the variations are drawn from
    the run's seed."""
    if kind == "image":
        return AugmentSettings(hflip=True, crop=0.1, brightness=0.1, contrast=0.1, saturation=0.1, hue=0.02)
    if kind == "audio":
        return AugmentSettings(gain_db=3.0, shift=0.05)
    return AugmentSettings()


__all__ = ["AugmentSettings", "recommended"]
