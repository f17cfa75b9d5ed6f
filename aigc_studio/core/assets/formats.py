"""The file types the studio reads, in one table (Qt-free): what the panels accept when a file is dropped or
opened, what the file dialogs offer (``ui`` builds its filter strings from these), and what training collects
from a data folder.

Sounds are read by soundfile (libsndfile ≥ 1.1 reads MP3 as well), pictures by Pillow (the format is read from the
content, so the extension only decides which files are offered), text as UTF-8.
"""
from __future__ import annotations

from pathlib import Path

AUDIO_EXTENSIONS: tuple[str, ...] = (".wav", ".flac", ".ogg", ".oga", ".aif", ".aiff", ".mp3")
IMAGE_EXTENSIONS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")
TEXT_EXTENSIONS: tuple[str, ...] = (".txt", ".md")
SIDECAR_EXTENSION = ".json"          # the settings next to a saved sound or text

KIND_EXTENSIONS: dict[str, tuple[str, ...]] = {"audio": AUDIO_EXTENSIONS, "image": IMAGE_EXTENSIONS,
                                               "text": TEXT_EXTENSIONS}


def kind_of_path(path: str | Path) -> str:
    """"audio", "image" or "text" by the file's extension (any case); "" for anything else."""
    suffix = Path(path).suffix.lower()
    return next((kind for kind, exts in KIND_EXTENSIONS.items() if suffix in exts), "")


def glob_patterns(extensions: tuple[str, ...]) -> str:
    """``"*.wav *.flac ..."``: the patterns of a file dialog's filter."""
    return " ".join(f"*{e}" for e in extensions)
