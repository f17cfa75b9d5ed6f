"""`aigc-studio models [--json] [--kind KIND]`: the models the studio can use (reads model cards only)."""
from __future__ import annotations

import json

from aigc_studio.core.models.registry import list_models


def add_parser(sub) -> None:
    m = sub.add_parser("models", help="list the models the studio can use")
    m.add_argument("--json", action="store_true")
    m.add_argument("--kind", default=None)


def run(a) -> int:
    models = list_models(a.kind)
    if a.json:
        print(json.dumps([{"id": m.id, "name": m.name, "kind": m.kind, "source": m.source, "path": str(m.path),
                           "parameters": m.card.get("parameters"), "size_bytes": m.card.get("size_bytes"),
                           "language": m.card.get("language")} for m in models], ensure_ascii=False, indent=2))
        return 0
    if not models:
        print("No models found.")
    for m in models:
        params = m.card.get("parameters")
        size = f"{params / 1e6:.1f}M params" if params else ""
        print(f"{m.id:24} {m.kind:6} {m.source:8} {size:14} {m.name}")
    return 0
