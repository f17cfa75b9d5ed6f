"""``Options``: the base of the configuration dataclasses (model configs, training configs). ``from_dict`` refuses
unknown keys (a typo in a recipe must not be ignored silently; keys starting with ``_`` are comments) and runs
``check()``; ``to_dict`` is ``dataclasses.asdict``."""
from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from aigc_studio.core.base.errors import Problem, as_problems

T = TypeVar("T", bound="Options")


class Options:
    WHAT = "options"          # named in the error: "unknown GAN options: ..."

    @classmethod
    def from_dict(cls: type[T], d: dict[str, Any]) -> T:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(k for k in d if k not in names and not str(k).startswith("_"))
        if unknown:
            raise ValueError(f"unknown {cls.WHAT}: {', '.join(unknown)}")
        obj = cls(**{k: v for k, v in d.items() if k in names})
        obj.check()
        return obj

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def check(self) -> None:
        """Raise ValueError when the values cannot work together (subclasses say which)."""

    def problems(self) -> list[Problem]:
        """What is wrong with these options as :class:`Problem` data (empty when they are fine); ``field`` names
        the option. A value of the wrong type (e.g. from a hand-edited recipe) is one of them, not a TypeError.
        ``_problems`` may still give plain strings: they become ``Problem("", "other", text)``."""
        try:
            return as_problems(self._problems())
        except (TypeError, AttributeError) as e:
            return [Problem("", "wrong_type", "A {what} has a value of the wrong type ({error}).",
                            {"what": self.WHAT.removesuffix("s"), "error": str(e)})]

    def _problems(self) -> list[Problem | str]:
        return []


def check_image_shape(image_size: int, channels: int) -> None:
    """Image models: a power-of-two square from 16 to 256 pixels, RGB or RGBA."""
    if not (isinstance(image_size, int) and 16 <= image_size <= 256 and image_size & (image_size - 1) == 0):
        raise ValueError("image_size must be a power of two between 16 and 256")
    if channels not in (3, 4):
        raise ValueError("channels must be 3 (RGB) or 4 (RGBA)")
