"""Reading what the studio wrote into an asset: the metadata dict (sidecar JSON or embedded PNG chunk), the job
spec it holds, and plain text files dropped on a panel. Every failure is a :class:`UserError` in the user's words.
"""
from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any, Iterable

from aigc_studio.core.base.errors import InvalidParameters, Problem, UserError
from aigc_studio.core.base.safe_read import NotARegularFile, open_regular, read_regular
from aigc_studio.core.base.specs import SPEC_TYPES, spec_from_dict

APP = "aigc-studio"
SIDECAR_SUFFIX = ".json"
PNG_KEY = "aigc-studio"           # iTXt chunk holding the metadata JSON
MAX_SIDECAR_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_SCAN_PIXELS = 16_000_000     # a PNG is decoded to look for moved text chunks only up to this size
MAX_JSON_DEPTH = 32              # settings are a flat dict of numbers, strings and lists of latents (depth 4)

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


def _too_deep(raw: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests brackets deeper than ``limit`` (checked before parsing: a file nested 100,000
    deep would exhaust the parser's recursion). Brackets inside strings are skipped."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, (bytes, bytearray)) else str(raw)
    if text.count("[") + text.count("{") <= limit:
        return False                      # the usual case: no need to walk the text
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _damaged_json(source: Path) -> UserError:
    return UserError(f"The settings file “{source.name}” is damaged (it is not valid JSON), so its settings "
                     "cannot be restored.")


def parse_metadata(raw: bytes | str, source: Path) -> dict[str, Any]:
    """Check and return a metadata dict written by :class:`AssetStore` (at most ``MAX_SIDECAR_BYTES``, nested at
    most ``MAX_JSON_DEPTH`` deep)."""
    if len(raw) > MAX_SIDECAR_BYTES:
        raise _not_ours(source, " (it is far too large for a settings file)")
    if _too_deep(raw):
        raise _not_ours(source, f" (its settings are nested more than {MAX_JSON_DEPTH} levels deep)")
    try:
        meta = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged_json(source) from None
    if not isinstance(meta, dict) or meta.get("app") != APP or not isinstance(meta.get("spec"), dict):
        raise _not_ours(source)
    return meta


def _read_sidecar(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_SIDECAR_BYTES)   # a FIFO or a device is refused, never waited on
    except NotARegularFile as e:
        raise UserError(str(e)) from None
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
        with open_regular(path) as fh, Image.open(fh, formats=["PNG"]) as im:
            raw = im.info.get(PNG_KEY)   # the studio writes it before the image data: no pixels decoded
            if raw is None and im.width * im.height <= MAX_SCAN_PIXELS:
                im.load()    # other tools may move text chunks after the image data; load() reads them
                raw = getattr(im, "text", {}).get(PNG_KEY)
    except NotARegularFile as e:
        raise UserError(str(e)) from None
    except ValueError as e:
        if "too large" in str(e).lower() or "max_text" in str(e).lower():    # PIL's text chunk limits
            raise UserError(f"“{path.name}” holds a text block that is too large, so its settings are not "
                            "read.") from None
        raise UserError(f"“{path.name}” is not a readable PNG image.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
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


RESTORE_TEMPLATE = "The settings in “{name}” cannot be restored: {problems}"


class InvalidSettings(InvalidParameters):
    """Settings inside (or next to) an asset that fail the form's own checks: ``problems`` are the form's
    problems (:class:`Problem`; the window shows each in its words), ``source`` the file they came from."""

    def __init__(self, source: Path, problems: Iterable[Problem | str]):
        super().__init__(problems)
        self.source = Path(source)
        self.args = (RESTORE_TEMPLATE.format(name=self.source.name,
                                             problems="; ".join(p.text for p in self.problems)),)


class EmbeddedSource(UserError):
    """The settings ask to encode a file named inside them (``spec.source``) and the asset holds no latent to use
    instead. Reading an arbitrary local path because a file someone sent says so is not done silently: the window
    asks the user (and only offers it for an ordinary file); everything else refuses. ``spec`` is the validated
    spec, ``source`` the path it names, ``asset`` the file it came from."""

    TEMPLATE = ("“{name}” asks to read another file on this computer, {source}. The studio reads it only if "
                "you confirm.")

    def __init__(self, spec: Any, asset: Path):
        self.spec = spec
        self.asset = Path(asset)
        self.source = str(spec.source)
        super().__init__(self.TEMPLATE.format(name=self.asset.name, source=self.source))


def _stored_latent(meta: dict[str, Any]) -> tuple[float, ...] | None:
    """The latent the asset was decoded from (``result.latent``, saved with every image and sound), if it is a
    flat list of at most 4096 finite numbers."""
    result = meta.get("result")
    lat = result.get("latent") if isinstance(result, dict) else None
    if not isinstance(lat, list) or not 0 < len(lat) <= 4096:
        return None
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in lat):
        return None
    return tuple(float(x) for x in lat)


def spec_from_metadata(meta: dict[str, Any], source: Path, allow_source: bool = False) -> Any:
    """The spec in ``meta``, checked with the same rules (and words) as the form: :class:`InvalidSettings` when a
    value is wrong. A ``source`` path in the settings is never read silently: an encode job whose asset stored its
    latent becomes a ``latent`` job of that latent; otherwise :class:`EmbeddedSource` unless ``allow_source``
    (the user confirmed). Other modes ignore a ``source``."""
    d = meta.get("spec")
    kind = d.get("kind") if isinstance(d, dict) else None
    if not isinstance(kind, str) or kind not in SPEC_TYPES:
        known = ", ".join(sorted(SPEC_TYPES))
        shown = kind if isinstance(kind, str) else type(kind).__name__
        raise UserError(f"“{source.name}” holds settings for a kind of job this version of AIGC Studio does not "
                        f"know (“{shown[:80]}”; it knows: {known}). A newer version may open it.")
    try:
        spec = spec_from_dict(d)
    except InvalidParameters as e:
        raise InvalidSettings(source, e.problems) from None
    src = getattr(spec, "source", None)
    if src not in (None, "") and getattr(spec, "mode", None) != "encode":
        spec = dataclasses.replace(spec, source="")       # only an encode job reads a source
    try:
        problems = spec.problems()
    except (TypeError, ValueError, AttributeError, RecursionError) as e:
        problems = [Problem("", "wrong_type", "A setting has a value of the wrong type ({error}).",
                            {"error": str(e)[:200]})]
    if problems:
        raise InvalidSettings(source, problems)
    if getattr(spec, "mode", None) == "encode" and not allow_source:
        latent = _stored_latent(meta)
        if latent is not None:
            return dataclasses.replace(spec, mode="latent", latents=(latent,), source="", count=1)
        raise EmbeddedSource(spec, source)
    return spec


def load_spec(path: str | Path, allow_source: bool = False) -> Any:
    """The job spec saved with an asset (a .txt/.wav/.flac via its sidecar, the sidecar itself, or a PNG), checked
    as the form checks it (:class:`InvalidSettings`); see :func:`spec_from_metadata` for a ``source`` path."""
    path = Path(path)
    return spec_from_metadata(read_metadata(path), path, allow_source)


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
        raw = read_regular(path, max_bytes)     # a FIFO or a device is refused, never waited on
    except NotARegularFile as e:
        raise UserError(str(e)) from None
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
