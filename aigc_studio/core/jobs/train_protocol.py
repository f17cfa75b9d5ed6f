"""The wire between the studio and its training process (:mod:`.train_process`, :mod:`.train_child`): JSON lines,
never pickle.

* Studio → child, on the child's stdin: first one JSON object, ``{"protocol": 1, "spec": spec_to_dict(spec),
  "device": "cpu"}``; then one control word a line: ``pause``, ``resume``, ``stop_and_save``, ``cancel``. The end
  of stdin (the studio closed it, or died) means ``cancel``: the child finishes its step, saves its checkpoint and
  ends.
* Child → studio, on the child's stdout (nothing else is written there: the child's own prints go to stderr): one
  JSON object a line, ``{"type": ...}``: ``log``, ``progress``, ``metric``, ``sample`` (the job events of
  :mod:`aigc_studio.core.base.events`), then exactly one of ``result`` (``text``, ``paths``, ``data``) or ``error``
  (``message``: the user's words, :func:`aigc_studio.core.base.errors.user_message`; ``problems`` when the spec's
  options were refused).
* A numpy array (a sample's picture or sound) travels as ``{"dtype", "shape", "b64"}``: the little-endian bytes in
  base64. The studio accepts only the dtypes of :data:`DTYPES`, at most :data:`MAX_DIMS` dimensions and
  :data:`MAX_ARRAY_BYTES`, and a size that matches the shape.

Everything the studio reads is checked: a line that is not one of these messages raises :class:`WireError`.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

import numpy as np

from aigc_studio.core.base.errors import Problem
from aigc_studio.core.base.events import Log, Metric, Progress, Result, Sample

PROTOCOL = 1
CONTROLS = ("pause", "resume", "stop_and_save", "cancel")
# dtype names on the wire -> the exact (little-endian) dtype of the bytes
DTYPES: dict[str, str] = {"uint8": "|u1", "int16": "<i2", "float32": "<f4", "float64": "<f8"}
MAX_DIMS = 4
MAX_ARRAY_BYTES = 64 * 2 ** 20                      # a 64-picture grid of 256 px RGBA is 16 MB
MAX_LINE_BYTES = MAX_ARRAY_BYTES * 4 // 3 + 2 ** 20  # the biggest array in base64, and the rest of its message
LEVELS = ("info", "warning", "error")


class WireError(ValueError):
    """A line from the training process that is not a message of this protocol (English, for the log and the
    message that names it)."""


# ------------------------------------------------------------------ child side: events to lines

def _jsonable(value: Any) -> Any:
    """``json.dumps``' fallback for what a result dict may hold: numpy scalars and small arrays, paths, sets."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def encode_array(data: Any) -> dict:
    arr = np.asarray(data)
    name = arr.dtype.name
    if name not in DTYPES:
        raise WireError(f"an array of {name} cannot be sent (only {', '.join(DTYPES)})")
    raw = np.ascontiguousarray(arr, dtype=np.dtype(DTYPES[name])).tobytes()
    return {"dtype": name, "shape": list(arr.shape), "b64": base64.b64encode(raw).decode("ascii")}


def encode_event(event: Any) -> dict:
    """The message of one job event (a training's Log, Progress, Metric or Sample)."""
    if isinstance(event, Log):
        return {"type": "log", "message": str(event.message), "level": str(event.level)}
    if isinstance(event, Progress):
        return {"type": "progress", "done": int(event.done), "total": int(event.total), "message": str(event.message)}
    if isinstance(event, Metric):
        return {"type": "metric", "name": str(event.name), "step": int(event.step), "value": float(event.value)}
    if isinstance(event, Sample):
        return {"type": "sample", "step": int(event.step), "text": str(event.text or ""),
                "data": None if event.data is None else encode_array(event.data)}
    raise WireError(f"a {type(event).__name__} event cannot be sent")


def encode_result(result: Result) -> dict:
    return {"type": "result", "text": str(result.text or ""), "paths": [str(p) for p in result.paths],
            "data": dict(result.data or {})}


def encode_error(message: str, problems: list[Problem] | None = None) -> dict:
    msg: dict[str, Any] = {"type": "error", "message": str(message)}
    if problems:
        msg["problems"] = [{"field": p.field, "code": p.code, "message": p.message, "args": dict(p.args)}
                           for p in problems]
    return msg


def dumps(message: dict) -> bytes:
    """One line of the wire (ASCII JSON and a newline)."""
    return json.dumps(message, ensure_ascii=True, default=_jsonable, separators=(",", ":")).encode("ascii") + b"\n"


# ------------------------------------------------------------------ studio side: lines to events

def _need(msg: dict, key: str, kinds: type | tuple[type, ...], what: str) -> Any:
    value = msg.get(key)
    if isinstance(value, bool) or not isinstance(value, kinds):       # no field of the wire is a bool
        raise WireError(f"{what} has no {key}" if key not in msg else f"{what} has a {key} of the wrong type")
    return value


def decode_array(obj: Any) -> np.ndarray:
    """The numpy array of a ``{"dtype", "shape", "b64"}`` object, checked: a known dtype, at most
    :data:`MAX_DIMS` non-negative dimensions, at most :data:`MAX_ARRAY_BYTES`, bytes that fill the shape."""
    if not isinstance(obj, dict):
        raise WireError("a sample's data is not an array object")
    name, shape, b64 = obj.get("dtype"), obj.get("shape"), obj.get("b64")
    if not isinstance(name, str) or name not in DTYPES:
        raise WireError(f"a sample's array has the dtype {str(name)[:20]!r}, not one of {', '.join(DTYPES)}")
    if (not isinstance(shape, list) or not 1 <= len(shape) <= MAX_DIMS
            or not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_ARRAY_BYTES for n in shape)):
        raise WireError(f"a sample's array has a shape that is not 1 to {MAX_DIMS} sizes")
    dtype = np.dtype(DTYPES[name])
    size = math.prod(shape) * dtype.itemsize
    if size > MAX_ARRAY_BYTES:
        raise WireError(f"a sample's array of {size} bytes is larger than {MAX_ARRAY_BYTES} bytes")
    if not isinstance(b64, str) or len(b64) > (size + 2) // 3 * 4 + 4:
        raise WireError("a sample's array holds more bytes than its shape")
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise WireError("a sample's array is not base64") from None
    if len(raw) != size:
        raise WireError(f"a sample's array has {len(raw)} bytes where its shape needs {size}")
    return np.frombuffer(bytearray(raw), dtype=dtype).reshape(shape).astype(np.dtype(name), copy=False)


def decode_line(line: bytes) -> dict:
    """The message of one line (a JSON object with a known ``type``), or :class:`WireError`."""
    if len(line) > MAX_LINE_BYTES:
        raise WireError(f"a line of more than {MAX_LINE_BYTES} bytes")
    try:
        msg = json.loads(line)
    except (ValueError, RecursionError):          # not JSON, not UTF-8, an integer of over 4,300 digits
        text = line[:60].decode("utf-8", "replace").strip()
        raise WireError(f"a line that is not JSON: {text!r}") from None
    if not isinstance(msg, dict) or msg.get("type") not in ("log", "progress", "metric", "sample", "result", "error"):
        kind = msg.get("type") if isinstance(msg, dict) else type(msg).__name__
        raise WireError(f"a message of unknown type {str(kind)[:40]!r}")
    return msg


def event_of(msg: dict) -> Any:
    """The job event of a ``log``/``progress``/``metric``/``sample`` message (checked), or :class:`WireError`."""
    kind = msg["type"]
    what = f"a {kind} message"
    if kind == "log":
        level = msg.get("level", "info")
        if level not in LEVELS:
            raise WireError(f"{what} has an unknown level")
        return Log(_need(msg, "message", str, what), level)
    if kind == "progress":
        return Progress(_need(msg, "done", int, what), _need(msg, "total", int, what),
                        _need(msg, "message", str, what))
    if kind == "metric":
        try:
            value = float(_need(msg, "value", (int, float), what))
        except OverflowError:
            raise WireError(f"{what} has a value too large for a number") from None
        return Metric(_need(msg, "name", str, what), _need(msg, "step", int, what), value)
    if kind == "sample":
        data = msg.get("data")
        return Sample(_need(msg, "step", int, what), _need(msg, "text", str, what),
                      None if data is None else decode_array(data))
    raise WireError(f"a {kind} message is not an event")


def result_of(msg: dict) -> Result:
    paths = msg.get("paths")
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise WireError("a result message has paths that are not a list of text")
    data = msg.get("data")
    if not isinstance(data, dict):
        raise WireError("a result message has data that is not an object")
    return Result(text=_need(msg, "text", str, "a result message"), paths=tuple(paths), data=data)


def problems_of(msg: dict) -> list[Problem]:
    """The problems of an ``error`` message (empty when it has none or they are malformed)."""
    found = []
    for p in msg.get("problems") or []:
        if (isinstance(p, dict) and all(isinstance(p.get(k), str) for k in ("field", "code", "message"))
                and isinstance(p.get("args", {}), dict)):
            problem = Problem(p["field"], p["code"], p["message"], dict(p.get("args") or {}))
            try:
                problem.text                      # its words can be made: every {placeholder} has its value
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
            found.append(problem)
    return found


__all__ = ["CONTROLS", "DTYPES", "MAX_ARRAY_BYTES", "MAX_DIMS", "MAX_LINE_BYTES", "PROTOCOL", "WireError",
           "decode_array", "decode_line", "dumps", "encode_array", "encode_error", "encode_event", "encode_result",
           "event_of", "problems_of", "result_of"]
