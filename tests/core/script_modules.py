"""The project's scripts (scripts/data, scripts/eval) loaded as modules, for the tests of their functions."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_script(name: str, relative: str):
    """The module of ``ROOT/relative`` under ``name`` (registered in sys.modules, as an import would)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod
