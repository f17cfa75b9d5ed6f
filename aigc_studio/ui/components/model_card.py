"""What a model's card (``card.json``) says, read once for every panel: name, description, usage hints, metrics,
architecture, sample rate and how many principal directions (sliders) it offers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aigc_studio.core.base.specs import MAX_DIRECTIONS


def localized(card: Any, key: str, language: str) -> str:
    """``card[key]`` in ``language``: ``card[key + "_zh"]`` for Chinese when the card has it, else ``card[key]``."""
    card = card if isinstance(card, dict) else {}
    if str(language or "").lower().startswith("zh") and isinstance(card.get(f"{key}_zh"), str) and card[f"{key}_zh"]:
        return card[f"{key}_zh"]
    v = card.get(key)
    return v if isinstance(v, str) else ""


def _positive_int(v: Any) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else 0


@dataclass(frozen=True)
class ModelCard:
    name: str = ""
    description: str = ""
    kind: str = ""
    architecture: str = ""
    language: str = ""
    usage_prompt: str = ""                       # ``usage.prompt``: how to prompt the model (a placeholder)
    usage_stop: tuple[str, ...] = ()             # ``usage.stop``: where a piece ends (default stop strings)
    metrics: dict[str, Any] = field(default_factory=dict)
    sample_rate: int = 0                         # sound models
    directions: int = 0                          # principal directions, at most MAX_DIRECTIONS

    usage_example: str = ""                      # ``usage.example``: a prompt a first Generate can start from
    forms: tuple[str, ...] = ()                  # ``forms``: regular poem forms the model writes (Text panel's Form)

    @classmethod
    def from_card(cls, card: Any, name: str = "", language: str = "en") -> "ModelCard":
        """Read a card dict; anything missing or of the wrong type reads as empty (a damaged card still lists).
        ``language`` "zh*": the card's Chinese texts (``name_zh``, ``description_zh``, ``usage.prompt_zh``,
        ``usage.example_zh``) where it has them, else its English ones."""
        card = card if isinstance(card, dict) else {}
        config = card.get("config") if isinstance(card.get("config"), dict) else {}
        usage = card.get("usage") if isinstance(card.get("usage"), dict) else {}
        stops = usage.get("stop")
        stop = tuple(stops) if isinstance(stops, list) and stops and all(isinstance(s, str) and s
                                                                         for s in stops) else ()
        rate = next((r for r in (_positive_int(card.get("sample_rate")), _positive_int(config.get("sample_rate")))
                     if r), 0)
        directions = 0
        for v in (card.get("pca_components"), card.get("directions"), config.get("pca_components"),
                  config.get("pca_k")):
            n = len(v) if isinstance(v, (list, tuple)) else _positive_int(v)
            if n:
                directions = n
                break

        def text(v: Any) -> str:
            return v if isinstance(v, str) else ""

        zh = str(language or "").lower().startswith("zh")

        def local(d: dict, key: str) -> str:
            return (text(d.get(f"{key}_zh")) if zh else "") or text(d.get(key))

        return cls(name=local(card, "name") or name, description=local(card, "description"),
                   kind=text(card.get("kind")), architecture=text(card.get("architecture")),
                   language=text(card.get("language")),
                   usage_prompt=local(usage, "prompt"), usage_stop=stop, usage_example=local(usage, "example"),
                   metrics=dict(card["metrics"]) if isinstance(card.get("metrics"), dict) else {},
                   sample_rate=rate, directions=min(directions, MAX_DIRECTIONS),
                   forms=tuple(f for f in card["forms"] if isinstance(f, str))
                   if isinstance(card.get("forms"), list) else ())

    def metrics_items(self) -> list[tuple[str, str]]:
        """``(name, value)`` per scalar metric (numbers to 4 significant digits), in the card's order."""
        out = []
        for k, v in self.metrics.items():
            if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                continue
            out.append((k, f"{v:.4g}" if isinstance(v, float) else f"{v}"))
        return out

    def metrics_lines(self) -> list[str]:
        """``"name: value"`` per scalar metric (numbers to 4 significant digits), in the card's order."""
        return [f"{k}: {v}" for k, v in self.metrics_items()]
