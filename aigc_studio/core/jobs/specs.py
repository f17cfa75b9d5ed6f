"""One frozen, serialisable spec per job kind. A spec holds every input that determines the job's output,
the concrete seed included, so a job can be stored in an asset, repeated and tested.

``spec_to_json`` / ``spec_from_json`` round-trip exactly; ``validate()`` lists problems in the user's words.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from aigc_studio.core.errors import InvalidParameters

SEED_MAX = 2**32 - 1
DEFAULT_TEXT_MODEL = "tang-poems-zh"


@dataclass(frozen=True)
class TextSpec:
    kind: ClassVar[str] = "text"
    prompt: str
    model: str = DEFAULT_TEXT_MODEL
    max_new_tokens: int = 200
    temperature: float = 0.8          # 0 = greedy
    top_k: int = 40                   # 0 = off
    top_p: float = 0.95               # 1.0 = off
    repetition_penalty: float = 1.1   # 1.0 = off
    seed: int = 0
    stop: tuple[str, ...] = ()
    device: str = "auto"              # auto | cuda | mps | cpu

    def problems(self) -> list[str]:
        p = []
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            p.append("The prompt is empty: type a few words to start from.")
        if not (1 <= self.max_new_tokens <= 4096):
            p.append("Max new tokens must be between 1 and 4096.")
        if not (0.0 <= self.temperature <= 5.0):
            p.append("Temperature must be between 0 (greedy) and 5.")
        if not (0 <= self.top_k <= 100000):
            p.append("Top-k must be 0 (off) or a positive number of tokens.")
        if not (0.0 < self.top_p <= 1.0):
            p.append("Top-p must be greater than 0 and at most 1.")
        if not (1.0 <= self.repetition_penalty <= 3.0):
            p.append("Repetition penalty must be between 1 (off) and 3.")
        if not (0 <= self.seed <= SEED_MAX):
            p.append(f"The seed must be between 0 and {SEED_MAX}.")
        if not isinstance(self.model, str) or not self.model.strip():
            p.append("Choose a model.")
        if self.device not in ("auto", "cuda", "mps", "cpu"):
            p.append("The device must be auto, cuda, mps or cpu.")
        if any((not isinstance(s, str)) or s == "" for s in self.stop):
            p.append("Stop strings must not be empty.")
        return p

    def validate(self) -> "TextSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


SPEC_TYPES: dict[str, type] = {"text": TextSpec}


def register_spec(cls: type) -> type:
    """Later job kinds (image, audio, train) register their spec class here."""
    SPEC_TYPES[cls.kind] = cls
    return cls


def spec_to_dict(spec: Any) -> dict[str, Any]:
    d = dataclasses.asdict(spec)
    d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}
    return {"kind": spec.kind, **d}


def spec_to_json(spec: Any) -> str:
    return json.dumps(spec_to_dict(spec), ensure_ascii=False, sort_keys=True)


def spec_from_dict(d: dict[str, Any]) -> Any:
    if not isinstance(d, dict) or d.get("kind") not in SPEC_TYPES:
        raise InvalidParameters(["This file does not hold AIGC Studio settings."])
    cls = SPEC_TYPES[d["kind"]]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for k, v in d.items():
        if k == "kind" or k not in fields:
            continue  # unknown keys from newer versions are ignored
        if isinstance(v, list):
            v = tuple(v)
        kwargs[k] = v
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise InvalidParameters([f"The saved settings are incomplete ({e})."]) from None


def spec_from_json(text: str) -> Any:
    try:
        d = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        raise InvalidParameters(["The saved settings are not valid JSON."]) from None
    return spec_from_dict(d)
