"""Reading what the studio wrote into an asset: the metadata dict (sidecar JSON or embedded PNG chunk), the job
spec it holds, and plain text files dropped on a panel. Every failure is a :class:`UserError` in the user's words.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.specs import SPEC_TYPES, spec_from_dict

APP = "aigc-studio"
SIDECAR_SUFFIX = ".json"
PNG_KEY = "aigc-studio"           # iTXt chunk holding the metadata JSON
MAX_SIDECAR_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_SCAN_PIXELS = 16_000_000     # a PNG is decoded to look for moved text chunks only up to this size

# Asset kind by file extension. Kinds whose spec lives in a sidecar ``name.ext.json``; PNG embeds it.
EXT_KIND: dict[str, str] = {".txt": "text", ".md": "text", ".png": "image", ".wav": "audio", ".flac": "audio"}
EMBEDDED_EXTS = {".png"}


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def asset_of_sidecar(path: Path) -> Path | None:
    """``x.txt.json`` -> ``x.txt`` (when that is an asset name), else None."""
    if not path.name.endswith(SIDECAR_SUFFIX):
        return None
    main = path.with_name(path.name[: -len(SIDECAR_SUFFIX)])
    return main if main.suffix.lower() in EXT_KIND else None


def _not_ours(path: Path, why: str = "") -> UserError:
    return UserError(f"“{path.name}” was not saved by AIGC Studio{why}, so it holds no settings to restore.")


def parse_metadata(raw: bytes | str, source: Path) -> dict[str, Any]:
    """Check and return a metadata dict written by :class:`AssetStore`."""
    try:
        meta = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        raise UserError(f"The settings file “{source.name}” is damaged (it is not valid JSON), so its settings "
                        "cannot be restored.") from None
    if not isinstance(meta, dict) or meta.get("app") != APP or not isinstance(meta.get("spec"), dict):
        raise _not_ours(source)
    return meta


def _read_sidecar(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > MAX_SIDECAR_BYTES:
            raise _not_ours(path, " (it is far too large for a settings file)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"“{path.name}” was not found.") from None
    except IsADirectoryError:
        raise UserError(f"“{path.name}” is a folder, not a saved file.") from None
    except PermissionError:
        raise UserError(f"“{path.name}” cannot be read: permission denied.") from None
    return parse_metadata(raw, path)


def _read_png(path: Path) -> dict[str, Any]:
    from PIL import Image, UnidentifiedImageError  # lazy: only when a PNG is dropped

    try:
        with Image.open(path, formats=["PNG"]) as im:
            raw = im.info.get(PNG_KEY)   # the studio writes it before the image data: no pixels decoded
            if raw is None and im.width * im.height <= MAX_SCAN_PIXELS:
                im.load()    # other tools may move text chunks after the image data; load() reads them
                raw = getattr(im, "text", {}).get(PNG_KEY)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise UserError(f"“{path.name}” is not a readable PNG image.") from None
    if raw is None:
        raise _not_ours(path, " (it has no AIGC Studio settings inside)")
    return parse_metadata(raw, path)


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata dict of a saved asset, given the asset or its sidecar."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"“{path.name}” was not found.")
    if path.is_dir():
        raise UserError(f"“{path.name}” is a folder, not a saved file.")
    suffix = path.suffix.lower()
    if suffix == SIDECAR_SUFFIX:
        return _read_sidecar(path)
    side = sidecar_of(path)
    if side.exists():
        return _read_sidecar(side)
    if suffix in EMBEDDED_EXTS:
        return _read_png(path)
    if suffix in EXT_KIND:
        raise _not_ours(path, f" (there is no settings file “{side.name}” next to it)")
    raise _not_ours(path)


def spec_from_metadata(meta: dict[str, Any], source: Path) -> Any:
    d = meta.get("spec")
    kind = d.get("kind") if isinstance(d, dict) else None
    if not isinstance(kind, str) or kind not in SPEC_TYPES:
        known = ", ".join(sorted(SPEC_TYPES))
        raise UserError(f"“{source.name}” holds settings for a kind of job this version of AIGC Studio does not "
                        f"know (“{kind}”; it knows: {known}). A newer version may open it.")
    try:
        return spec_from_dict(d)
    except InvalidParameters as e:
        raise UserError(f"The settings in “{source.name}” cannot be restored: {e}") from None


def load_spec(path: str | Path) -> Any:
    """The job spec saved with an asset (a .txt/.wav/.flac via its sidecar, the sidecar itself, or a PNG)."""
    path = Path(path)
    return spec_from_metadata(read_metadata(path), path)


def read_text_file(path: str | Path, max_bytes: int = DEFAULT_MAX_TEXT_BYTES) -> str:
    """A plain text file dropped on a panel, as a string (UTF-8, with or without a BOM; newlines as ``\\n``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UserError(f"“{path.name}” is a folder, not a text file.")
        if size > max_bytes:
            raise UserError(f"“{path.name}” is too large ({_size(size)}): the studio reads text files of up to "
                            f"{_size(max_bytes)}. Open a shorter excerpt instead.")
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UserError(f"“{path.name}” was not found.") from None
    except PermissionError:
        raise UserError(f"“{path.name}” cannot be read: permission denied.") from None
    if len(raw) > max_bytes:   # it grew while we looked
        raise UserError(f"“{path.name}” is too large: the studio reads text files of up to {_size(max_bytes)}.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UserError(f"“{path.name}” is not UTF-8 text (an unreadable byte at position {e.start}). Save it as "
                        "UTF-8 in a text editor and try again.") from None
    if "\x00" in text:
        raise UserError(f"“{path.name}” is not a text file (it contains binary data).")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# ---------------------------------------------------------------------------------------------- summary line

def parameters_line(spec: dict[str, Any]) -> str:
    """The one-line summary written to the PNG's ``parameters`` chunk and shown in the library, e.g.
    ``model: emoji-gan, mode: sample, seed: 42, count: 16, truncation: 0.7``. Only the settings that matter for
    the spec's mode appear; the full spec is in the ``aigc-studio`` chunk."""
    mode = spec.get("mode")
    items: list[tuple[str, Any]] = [(k, spec[k]) for k in ("model", "mode", "seed", "count") if k in spec]
    if spec.get("truncation", 1.0) != 1.0:
        items.append(("truncation", spec["truncation"]))
    if "temperature" in spec:
        items.append(("temperature", spec["temperature"]))
    if "seconds" in spec:
        items.append(("seconds", spec["seconds"]))
    for key, shown_in in (("strength", ("variations", "encode")), ("frames", ("interpolate",)),
                          ("best_of", ("best_of",))):
        if key in spec and mode in shown_in:
            items.append((key, spec[key]))
    if any(spec.get("directions") or ()):
        items.append(("directions", " ".join(_value(x) for x in spec["directions"])))
    if spec.get("latents"):
        items.append(("latents", len(spec["latents"])))
    if spec.get("source"):
        items.append(("source", Path(str(spec["source"])).name))
    return ", ".join(f"{k}: {_value(v)}" for k, v in items)


def _value(v: Any) -> str:
    text = f"{v:g}" if isinstance(v, float) else str(v)
    return json.dumps(text, ensure_ascii=False) if any(c in text for c in ",:\"\n") else text
