"""Where the studio's shipped data lives: ``aigc_studio/resources/`` inside the package (models, translations),
found with :mod:`importlib.resources`, so a wheel, an installer or a source checkout all carry it."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of ``aigc_studio/resources/<parts...>`` (installed packages are plain folders, never zips)."""
    return Path(str(files("aigc_studio").joinpath("resources", *parts)))
