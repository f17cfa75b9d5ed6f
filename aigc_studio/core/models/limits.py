"""Sanity checks for what a model folder claims, made before anything is allocated (torch-free).

A model card is a file someone may have written by hand or sent you, so nothing in it is trusted:

- :func:`read_json_limited`: a JSON file of at most ``max_bytes``, nested at most ``max_depth`` deep (a deeply
  nested file would otherwise exhaust Python's recursion in the parser or in whatever walks it later).
- :func:`check_card`: ``id`` (a name, never a path), ``name``, ``kind``, ``architecture`` and ``config`` have the
  right types; every string of the card is made safe to print (:func:`safe_text`).
- :data:`CONFIG_LIMITS` / :func:`config_problems`: one table per architecture of the sizes a model of this studio
  can sensibly have (``n_layer=10**7`` would hang, ``n_embd=10**6`` would ask for terabytes, ``n_head=0`` divides
  by zero). An architecture added later gets its row here; one without a row still gets the generic checks (whole
  numbers non-negative and below :data:`GENERIC_INT_MAX`, lists short).
- :func:`safetensors_shapes`: the tensor names and shapes of a ``.safetensors`` file from its header alone (no
  tensor is read), so the weights can be compared with the card before the model is built.

Every problem is an English sentence in the user's words (the caller wraps it in a ``ModelError``).
"""
from __future__ import annotations

import json
import math
import re
import struct
import unicodedata
from pathlib import Path
from typing import Any

CARD_MAX_BYTES = 1_000_000        # the shipped cards are 4-8 kB
JSON_MAX_DEPTH = 32               # the shipped cards nest 3 deep
ID_MAX_CHARS = 128
TEXT_MAX_CHARS = 20_000           # one string of a card (a description), after cleaning
SAFETENSORS_HEADER_MAX = 100_000_000   # the safetensors library's own limit
KINDS = ("text", "image", "audio")
GENERIC_INT_MAX = 10_000_000
GENERIC_LIST_MAX = 64

# architecture -> {config key: (lowest, highest)} for whole numbers, or ("list", lowest, highest, longest) for
# lists of whole numbers; keys not listed get the generic checks. Keep one row per architecture of
# core.models.checkpoint.ARCHITECTURES (a new architecture: add its row here).
CONFIG_LIMITS: dict[str, dict[str, tuple]] = {
    "gpt": {"vocab_size": (1, 1_000_000), "block_size": (1, 65_536), "n_layer": (1, 256), "n_head": (1, 256),
            "n_embd": (1, 32_768)},
    "gan": {"image_size": (16, 256), "channels": (3, 4), "z_dim": (1, 4096), "w_dim": (1, 4096),
            "mapping_layers": (0, 64), "g_width": (1, 4096), "d_width": (1, 4096), "width_cap": (1, 1024),
            "mbstd_group": (0, 4096), "pca_components": (0, 4096)},
    "image_vae": {"image_size": (16, 256), "channels": (3, 4), "latent_dim": (1, 16_384), "width": (1, 4096),
                  "width_cap": (1, 1024), "pca_components": (0, 16_384)},
    "audio_vae": {"sample_rate": (1000, 384_000), "clip_samples": (64, 100_000_000), "latent_dim": (1, 4096),
                  "strides": ("list", 2, 64, 12), "enc_channels": ("list", 1, 4096, 13),
                  "dec_channels": ("list", 1, 4096, 13), "frame_dilations": ("list", 1, 4096, 32),
                  "stage_dilations": ("list", 1, 4096, 32), "harmonics": (1, 4096), "noise_bands": (1, 4096),
                  "res_stages": (0, 64), "pca_k": (1, 4096), "noise_seed": (0, 2 ** 63 - 1)},
    "lstm": {"vocab_size": (1, 1_000_000), "block_size": (1, 65_536), "n_layer": (1, 64), "n_embd": (1, 32_768)},
}

# every additional rule that ties two values together: (architecture, test(config) -> problem or None)
_GPT_HEADS = ("gpt", lambda c: ("n_embd ({n_embd}) must be a multiple of n_head ({n_head})".format(**c)
                                if _int(c.get("n_embd")) and _int(c.get("n_head")) and c["n_embd"] % c["n_head"]
                                else None))
CONFIG_RULES = [_GPT_HEADS]


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _widths(base: int, cap: int, n: int) -> list[int]:
    return [base * min(cap, 2 ** i) for i in range(n + 1)]


def _gan_estimate(c: dict) -> int:
    n = int(math.log2(c.get("image_size", 64))) - 2
    g = _widths(c.get("g_width", 16), c.get("width_cap", 16), n)
    d = _widths(c.get("d_width", 16), c.get("width_cap", 16), n)
    w, z = c.get("w_dim", 128), c.get("z_dim", 64)
    return 18 * sum(x * x for x in g + d) + w * (w * c.get("mapping_layers", 2) + z) + 16 * (g[-1] + d[-1]) * w


def _vae_estimate(c: dict) -> int:
    n = int(math.log2(c.get("image_size", 64))) - 2
    ws = _widths(c.get("width", 32), c.get("width_cap", 4), n)
    return 36 * sum(x * x for x in ws) + 32 * ws[-1] * c.get("latent_dim", 128)


def _audio_estimate(c: dict) -> int:
    chans = list(c.get("enc_channels", [16])) + list(c.get("dec_channels", [16]))
    return 16 * sum(a * b for a, b in zip(chans, chans[1:])) + 64 * max(chans) * (
        c.get("latent_dim", 32) + c.get("harmonics", 40) + c.get("noise_bands", 16))


# architecture -> about how many parameters a model of this config has (within a factor of a few): compared with
# the weights file's header, so a card that claims a model far larger than its weights is refused before the model
# is built (building it would allocate the card's size). An architecture without an entry is built on the meta
# device instead (no memory, but about a second the first time in a process).
PARAM_ESTIMATES: dict[str, Any] = {
    "gpt": lambda c: c["n_layer"] * 12 * c["n_embd"] ** 2 + (c["vocab_size"] + c.get("block_size", 256)) * c["n_embd"],
    "lstm": lambda c: c["n_layer"] * 8 * c["n_embd"] ** 2 + 2 * c["vocab_size"] * c["n_embd"],
    "gan": _gan_estimate,
    "image_vae": _vae_estimate,
    "audio_vae": _audio_estimate,
}


def estimated_parameters(architecture: str, config: dict[str, Any]) -> int | None:
    """About how many parameters the card's model has, or None when this architecture has no estimate."""
    fn = PARAM_ESTIMATES.get(architecture)
    if fn is None:
        return None
    try:
        return int(fn(config))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


# ------------------------------------------------------------------------------------------------ safe strings

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])")
_BIDI = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
         "\u2069"}


def safe_text(s: Any, limit: int = TEXT_MAX_CHARS, keep_newlines: bool = True) -> str:
    """``s`` as a string that is safe to print on a terminal or show in a window: ANSI escape sequences, other
    control characters (newlines and tabs kept when ``keep_newlines``) and bidirectional overrides removed, at
    most ``limit`` characters (an ellipsis marks a cut)."""
    s = _ANSI.sub("", str(s))
    keep = "\n\t" if keep_newlines else ""
    s = "".join(c for c in s if c in keep or not (unicodedata.category(c) == "Cc" or c in _BIDI
                                                   or 0xD800 <= ord(c) <= 0xDFFF))
    if not keep_newlines:
        s = " ".join(s.split()) if any(c.isspace() and c != " " for c in s) else s
    return s if len(s) <= limit else s[:max(0, limit - 1)] + "…"


def _clean_strings(obj: Any) -> Any:
    """The card with every string made safe (the depth is already bounded, so recursion is safe)."""
    if isinstance(obj, str):
        return safe_text(obj)
    if isinstance(obj, list):
        return [_clean_strings(v) for v in obj]
    if isinstance(obj, dict):
        return {safe_text(k, 200, False): _clean_strings(v) for k, v in obj.items()}
    return obj


# ------------------------------------------------------------------------------------------------ JSON

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deep ``text``'s arrays and objects nest (strings ignored), without parsing it."""
    depth = deepest = 0
    for b in _BRACKETS.findall(_JSON_STRING.sub('""', text)):
        if b in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class LimitError(ValueError):
    """What is wrong, in the user's words."""


def read_json_limited(path: Path, max_bytes: int = CARD_MAX_BYTES, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """The JSON value in ``path``; a :class:`LimitError` in words when the file is too large, too deeply nested,
    not UTF-8 or not JSON. ``OSError`` (unreadable) goes to the caller."""
    path = Path(path)
    with open(path, "rb") as f:
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise LimitError(f"{path.name} is too large (more than {max_bytes // 1000:,} kB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LimitError(f"{path.name} is not UTF-8 text") from None
    if json_depth(text) > max_depth:
        raise LimitError(f"{path.name} is nested too deeply (more than {max_depth} levels)")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        raise LimitError(f"{path.name} is corrupt (not valid JSON)") from None


# ------------------------------------------------------------------------------------------------ the card

_ID_BAD = re.compile(r"[/\\]")      # folder separators (a trained model's id is its folder's name: keep the rest)


def id_problem(model_id: Any) -> str | None:
    """Why ``model_id`` cannot be a model id (None when it can): a non-empty name, never a path."""
    if not isinstance(model_id, str):
        return "its id is not text" if model_id is not None else "it has no id"
    if not model_id.strip():
        return "its id is empty"
    if len(model_id) > ID_MAX_CHARS:
        return f"its id is longer than {ID_MAX_CHARS} characters"
    if model_id != model_id.strip() or model_id.startswith((".", "~")) or _ID_BAD.search(model_id):
        return "its id looks like a path (an id is a plain name)"
    if safe_text(model_id, ID_MAX_CHARS, False) != model_id:
        return "its id contains control characters"
    return None


def check_card(card: Any, known_architectures) -> dict[str, Any]:
    """The card with its strings made safe; a :class:`LimitError` naming the first thing wrong."""
    if not isinstance(card, dict):
        raise LimitError("it is not an AIGC Studio model card")
    for key in ("id", "kind", "architecture", "config"):
        if key not in card:
            raise LimitError(f"its card lacks '{key}'")
    why = id_problem(card["id"])
    if why:
        raise LimitError(why)
    if card["kind"] not in KINDS:
        raise LimitError("it is not a text, image or audio model")
    arch = card["architecture"]
    if not isinstance(arch, str) or arch not in known_architectures:
        raise LimitError(f"its architecture '{safe_text(arch, 60, False)}' is not one this studio knows")
    if not isinstance(card["config"], dict):
        raise LimitError("its configuration is not a set of named values")
    name = card.get("name")
    if name is not None and not isinstance(name, str):
        raise LimitError("its name is not text")
    problems = config_problems(arch, card["config"])
    if problems:
        raise LimitError("its configuration is invalid: " + "; ".join(problems[:3]))
    card = _clean_strings(card)
    for key in ("parameters", "size_bytes"):        # facts the lists show: a whole number or nothing
        if key in card and not (_int(card[key]) and card[key] >= 0):
            card[key] = None
    for key in ("name", "language", "description", "tokenizer"):
        if key in card and card[key] is not None and not isinstance(card[key], str):
            card[key] = None
    return card


def _number_ok(v: Any) -> bool:
    return not isinstance(v, float) or math.isfinite(v)


def config_problems(architecture: str, config: dict[str, Any]) -> list[str]:
    """What in ``config`` is outside the sane limits of ``architecture`` (empty when nothing is)."""
    limits = CONFIG_LIMITS.get(architecture, {})
    out: list[str] = []
    for key, value in config.items():
        rule = limits.get(key)
        name = safe_text(key, 60, False)
        if rule and rule[0] == "list":
            _, lo, hi, longest = rule
            if not isinstance(value, list) or not 1 <= len(value) <= longest:
                out.append(f"{name} must be a list of 1 to {longest} whole numbers")
            elif not all(_int(v) and lo <= v <= hi for v in value):
                out.append(f"every entry of {name} must be a whole number from {lo:,} to {hi:,}")
        elif rule:
            lo, hi = rule
            if not _int(value):
                out.append(f"{name} must be a whole number (it is {safe_text(json.dumps(value), 40, False)})")
            elif not lo <= value <= hi:
                out.append(f"{name} must be from {lo:,} to {hi:,} (it is {value:,})")
        elif _int(value):
            if not -GENERIC_INT_MAX <= value <= GENERIC_INT_MAX:
                out.append(f"{name} is out of range ({value:,})")
        elif isinstance(value, float):
            if not _number_ok(value):
                out.append(f"{name} is not a finite number")
        elif isinstance(value, list):
            if len(value) > GENERIC_LIST_MAX or not all(isinstance(v, (int, float, bool)) and _number_ok(v)
                                                        and abs(v) <= GENERIC_INT_MAX for v in value):
                out.append(f"{name} must be a short list of numbers")
        elif isinstance(value, dict):
            out.append(f"{name} must not be a nested set of values")
        elif isinstance(value, str) and len(value) > 200:
            out.append(f"{name} is too long")
    for arch, rule in CONFIG_RULES:
        if arch == architecture and not out:
            why = rule(config)
            if why:
                out.append(why)
    return out


# ------------------------------------------------------------------------------------------------ safetensors

def safetensors_shapes(path: Path) -> dict[str, tuple[int, ...]]:
    """``{tensor name: shape}`` from the header of a ``.safetensors`` file (no tensor is read); a
    :class:`LimitError` when the header is damaged or claims more bytes than the file holds."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise LimitError(f"{path.name} is corrupt or truncated (it has no header)")
        (n,) = struct.unpack("<Q", head)
        if n > min(SAFETENSORS_HEADER_MAX, size - 8):
            raise LimitError(f"{path.name} is corrupt or truncated (its header is larger than the file)")
        raw = f.read(n)
    if json_depth(raw.decode("utf-8", "replace")) > 4:
        raise LimitError(f"{path.name} is corrupt or truncated (its header is not a list of tensors)")
    try:
        header = json.loads(raw)
    except (ValueError, RecursionError):
        raise LimitError(f"{path.name} is corrupt or truncated (its header is not valid JSON)") from None
    if not isinstance(header, dict):
        raise LimitError(f"{path.name} is corrupt or truncated (its header is not a list of tensors)")
    shapes: dict[str, tuple[int, ...]] = {}
    data_bytes = size - 8 - n
    for name, info in header.items():
        if name == "__metadata__":
            continue
        shape = info.get("shape") if isinstance(info, dict) else None
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if (not isinstance(shape, list) or not all(_int(d) and d >= 0 for d in shape)
                or not isinstance(offsets, list) or len(offsets) != 2 or not all(_int(o) for o in offsets)
                or not 0 <= offsets[0] <= offsets[1] <= data_bytes):
            raise LimitError(f"{path.name} is corrupt or truncated (the entry of {safe_text(name, 80, False)} "
                             "is invalid)")
        shapes[str(name)] = tuple(shape)
    return shapes
