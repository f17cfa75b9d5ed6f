"""Human titles and details of the Assets library's rows, built from the settings each asset stores (its spec), in
the interface's language.

* :func:`asset_title` — one line: what the asset is ("Image · seed 42 · truncation 0.7", "Blend of two images ·
  frame 3", "Sound · seed 7 · FLAC", "Encoded picture “cat.png”"...); a text asset is its own first line.
* :func:`asset_details` — every stored setting, one per line, with its name in words (the row's tooltip and the
  Details… box).
* :func:`searchable` — the title, details and file name, for the library's search (so "seed 7" finds what the
  title shows)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

CTX = "AssetTitles"

# the names of the stored settings, in words
FIELD_NAMES = {
    "model": QT_TRANSLATE_NOOP("AssetTitles", "Model"),
    "mode": QT_TRANSLATE_NOOP("AssetTitles", "Mode"),
    "seed": QT_TRANSLATE_NOOP("AssetTitles", "Seed"),
    "count": QT_TRANSLATE_NOOP("AssetTitles", "Count"),
    "truncation": QT_TRANSLATE_NOOP("AssetTitles", "Truncation"),
    "strength": QT_TRANSLATE_NOOP("AssetTitles", "Variation strength"),
    "frames": QT_TRANSLATE_NOOP("AssetTitles", "Frames"),
    "best_of": QT_TRANSLATE_NOOP("AssetTitles", "Best of N"),
    "directions": QT_TRANSLATE_NOOP("AssetTitles", "Slider amounts"),
    "latents": QT_TRANSLATE_NOOP("AssetTitles", "Latents"),
    "source": QT_TRANSLATE_NOOP("AssetTitles", "Source file"),
    "device": QT_TRANSLATE_NOOP("AssetTitles", "Device"),
    "seconds": QT_TRANSLATE_NOOP("AssetTitles", "Length (s)"),
    "temperature": QT_TRANSLATE_NOOP("AssetTitles", "Temperature"),
    "prompt": QT_TRANSLATE_NOOP("AssetTitles", "Prompt"),
    "max_new_tokens": QT_TRANSLATE_NOOP("AssetTitles", "Max new tokens"),
    "top_k": QT_TRANSLATE_NOOP("AssetTitles", "Top-k"),
    "top_p": QT_TRANSLATE_NOOP("AssetTitles", "Top-p"),
    "repetition_penalty": QT_TRANSLATE_NOOP("AssetTitles", "Repetition penalty"),
    "stop": QT_TRANSLATE_NOOP("AssetTitles", "Stop strings"),
    "category": QT_TRANSLATE_NOOP("AssetTitles", "Category"),
    "form": QT_TRANSLATE_NOOP("AssetTitles", "Form"),
    "prior": QT_TRANSLATE_NOOP("AssetTitles", "Latent prior"),
    "kind": QT_TRANSLATE_NOOP("AssetTitles", "Kind"),
}
MODE_NAMES = {
    "sample": QT_TRANSLATE_NOOP("AssetTitles", "new samples"),
    "variations": QT_TRANSLATE_NOOP("AssetTitles", "variations"),
    "interpolate": QT_TRANSLATE_NOOP("AssetTitles", "blend"),
    "latent": QT_TRANSLATE_NOOP("AssetTitles", "edited with the sliders"),
    "encode": QT_TRANSLATE_NOOP("AssetTitles", "encoded file"),
    "best_of": QT_TRANSLATE_NOOP("AssetTitles", "best of N"),
}
VALUE_NAMES = {     # the values of the poem form and the latent prior settings
    "form": {"free": QT_TRANSLATE_NOOP("AssetTitles", "free"), "auto": QT_TRANSLATE_NOOP("AssetTitles", "automatic"),
             "wuyan-jueju": QT_TRANSLATE_NOOP("AssetTitles", "wuyan-jueju"),
             "qiyan-jueju": QT_TRANSLATE_NOOP("AssetTitles", "qiyan-jueju"),
             "wuyan-lushi": QT_TRANSLATE_NOOP("AssetTitles", "wuyan-lushi"),
             "qiyan-lushi": QT_TRANSLATE_NOOP("AssetTitles", "qiyan-lushi")},
    "prior": {"fitted": QT_TRANSLATE_NOOP("AssetTitles", "fitted to the training set"),
              "standard": QT_TRANSLATE_NOOP("AssetTitles", "standard normal")},
    # an image model's category (core/base/categories.py keys of the Unicode emoji groups)
    "category": {"any": QT_TRANSLATE_NOOP("AssetTitles", "any"),
                 "smileys": QT_TRANSLATE_NOOP("AssetTitles", "Smileys & Emotion"),
                 "people": QT_TRANSLATE_NOOP("AssetTitles", "People & Body"),
                 "animals": QT_TRANSLATE_NOOP("AssetTitles", "Animals & Nature"),
                 "food": QT_TRANSLATE_NOOP("AssetTitles", "Food & Drink"),
                 "travel": QT_TRANSLATE_NOOP("AssetTitles", "Travel & Places"),
                 "activities": QT_TRANSLATE_NOOP("AssetTitles", "Activities"),
                 "objects": QT_TRANSLATE_NOOP("AssetTitles", "Objects"),
                 "symbols": QT_TRANSLATE_NOOP("AssetTitles", "Symbols"),
                 "flags": QT_TRANSLATE_NOOP("AssetTitles", "Flags")},
}
KIND_NAMES = {"text": QT_TRANSLATE_NOOP("AssetTitles", "Text"), "image": QT_TRANSLATE_NOOP("AssetTitles", "Image"),
              "audio": QT_TRANSLATE_NOOP("AssetTitles", "Sound")}


# the words of titles and details (``_w(english)`` is the translation)
WORDS = {
    "automatic": QT_TRANSLATE_NOOP("AssetTitles", "automatic"),
    "%1: %2": QT_TRANSLATE_NOOP("AssetTitles", "%1: %2"),
    "Image · seed %1": QT_TRANSLATE_NOOP("AssetTitles", "Image · seed %1"),
    "Sound · seed %1": QT_TRANSLATE_NOOP("AssetTitles", "Sound · seed %1"),
    "truncation %1": QT_TRANSLATE_NOOP("AssetTitles", "truncation %1"),
    "%1 s": QT_TRANSLATE_NOOP("AssetTitles", "%1 s"),
    "Best of %1 · seed %2": QT_TRANSLATE_NOOP("AssetTitles", "Best of %1 · seed %2"),
    "Variation of an image": QT_TRANSLATE_NOOP("AssetTitles", "Variation of an image"),
    "Variation of a sound": QT_TRANSLATE_NOOP("AssetTitles", "Variation of a sound"),
    "strength %1": QT_TRANSLATE_NOOP("AssetTitles", "strength %1"),
    "seed %1": QT_TRANSLATE_NOOP("AssetTitles", "seed %1"),
    "Blend of two images": QT_TRANSLATE_NOOP("AssetTitles", "Blend of two images"),
    "Morph between two sounds": QT_TRANSLATE_NOOP("AssetTitles", "Morph between two sounds"),
    "Encoded picture “%1”": QT_TRANSLATE_NOOP("AssetTitles", "Encoded picture “%1”"),
    "Encoded sound “%1”": QT_TRANSLATE_NOOP("AssetTitles", "Encoded sound “%1”"),
    "Image edited with the sliders": QT_TRANSLATE_NOOP("AssetTitles", "Image edited with the sliders"),
    "Sound edited with the sliders": QT_TRANSLATE_NOOP("AssetTitles", "Sound edited with the sliders"),
    "Image from a stored latent": QT_TRANSLATE_NOOP("AssetTitles", "Image from a stored latent"),
    "Sound from a stored latent": QT_TRANSLATE_NOOP("AssetTitles", "Sound from a stored latent"),
    "%1 stored": QT_TRANSLATE_NOOP("AssetTitles", "%1 stored"),
    "none": QT_TRANSLATE_NOOP("AssetTitles", "none"),
    "Kind: %1": QT_TRANSLATE_NOOP("AssetTitles", "Kind: %1"),
    "File: %1": QT_TRANSLATE_NOOP("AssetTitles", "File: %1"),
    "Made: %1": QT_TRANSLATE_NOOP("AssetTitles", "Made: %1"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def _w(text: str) -> str:
    return QCoreApplication.translate(CTX, WORDS[text])


def _spec(spec_json: Any) -> dict[str, Any]:
    if isinstance(spec_json, dict):
        return spec_json
    try:
        d = json.loads(spec_json or "{}")
    except (TypeError, ValueError):
        return {}
    return d if isinstance(d, dict) else {}


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


def _format(path: str) -> str:
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    return suffix.upper() if suffix in ("wav", "flac", "ogg", "png", "jpg", "jpeg", "webp", "gif") else ""


def asset_title(kind: str, spec_json: Any, path: str = "", preview: str = "") -> str:
    """One line that says what the asset is (see the module docstring)."""
    if kind == "text":
        first = next((ln.strip() for ln in str(preview or "").splitlines() if ln.strip()), "")
        return first or Path(str(path)).name
    d = _spec(spec_json)
    mode = str(d.get("mode") or "sample")
    parts: list[str] = []
    source = Path(str(d.get("source") or "")).name
    image = kind == "image"
    if mode == "sample":
        words = _w("Image · seed %1") if image else _w("Sound · seed %1")
        parts.append(words.replace("%1", _num(d.get("seed", 0))))
        if image and isinstance(d.get("truncation"), (int, float)) and d["truncation"] != 1.0:
            parts.append(_w("truncation %1").replace("%1", _num(d["truncation"])))
        if not image and isinstance(d.get("seconds"), (int, float)):
            parts.append(_w("%1 s").replace("%1", _num(d["seconds"])))
    elif mode == "best_of":
        parts.append(_w("Best of %1 · seed %2").replace("%1", _num(d.get("best_of", "?")))
                     .replace("%2", _num(d.get("seed", 0))))
    elif mode == "variations":
        parts.append((_w("Variation of an image") if image else _w("Variation of a sound")))
        parts.append(_w("strength %1").replace("%1", _num(d.get("strength", 0.5))))
        parts.append(_w("seed %1").replace("%1", _num(d.get("seed", 0))))
    elif mode == "interpolate":
        parts.append(_w("Blend of two images") if image else _w("Morph between two sounds"))
    elif mode == "encode":
        words = _w("Encoded picture “%1”") if image else _w("Encoded sound “%1”")
        parts.append(words.replace("%1", source or "?"))
    elif mode == "latent":
        amounts = d.get("directions") or []
        if isinstance(amounts, list) and any(isinstance(a, (int, float)) and a for a in amounts):
            parts.append(_w("Image edited with the sliders") if image else _w("Sound edited with the sliders"))
        else:
            parts.append(_w("Image from a stored latent") if image else _w("Sound from a stored latent"))
    else:
        parts.append(_tr(KIND_NAMES.get(kind, kind)) if kind in KIND_NAMES else str(kind))
    if not image:
        fmt = _format(path)
        if fmt:
            parts.append(fmt)
    return " · ".join(parts)


def _value(key: str, v: Any) -> str:
    if key == "device" and v == "auto":
        return _w("automatic")
    if key in VALUE_NAMES and isinstance(v, str) and v in VALUE_NAMES[key]:
        return _tr(VALUE_NAMES[key][v])
    if key == "mode" and isinstance(v, str):
        return _tr(MODE_NAMES[v]) if v in MODE_NAMES else v
    if key == "latents" and isinstance(v, list):
        return _w("%1 stored").replace("%1", str(len(v)))
    if key == "directions" and isinstance(v, list):
        return ", ".join(_num(x) for x in v) if v else _w("none")
    if key == "stop" and isinstance(v, list):
        return ", ".join(json.dumps(s, ensure_ascii=False) for s in v) if v else _w("none")
    if key == "source" and v:
        return Path(str(v)).name
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)[:200]
    return _num(v)


def asset_details(kind: str, spec_json: Any, path: str = "", created: str = "") -> str:
    """Every stored setting of the asset, one "name: value" per line, then the file and when it was made."""
    d = _spec(spec_json)
    lines = [_w("Kind: %1").replace("%1", _tr(KIND_NAMES[kind]) if kind in KIND_NAMES else str(kind))]
    for key, v in d.items():
        if key in ("kind",) or v in ("", None):
            continue
        name = _tr(FIELD_NAMES[key]) if key in FIELD_NAMES else key
        lines.append(_w("%1: %2").replace("%1", name).replace("%2", _value(key, v)))
    if path:
        lines.append(_w("File: %1").replace("%1", str(path)))
    if created:
        lines.append(_w("Made: %1").replace("%1", str(created).replace("T", " ")[:19]))
    return "\n".join(lines)


def searchable(kind: str, spec_json: Any, path: str = "", preview: str = "") -> str:
    """What the library's search looks in besides the index: the title, the details and the file name."""
    return " ".join((asset_title(kind, spec_json, path, preview), asset_details(kind, spec_json, path),
                     Path(str(path)).name)).lower()
