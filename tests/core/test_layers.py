"""The layer rules: core never imports Qt (import-linter + a real import of every core module), and importing
the package or the job specs loads neither torch nor Qt. Each check runs in a fresh interpreter."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QT_PREFIXES = ("PySide6", "shiboken6", "pyqtgraph", "aigc_studio.ui")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True,
                          text=True, timeout=240)


def _lint_imports() -> str | None:
    here = Path(sys.executable).parent / "lint-imports"
    if here.exists():
        return str(here)
    return shutil.which("lint-imports")


def test_import_linter_contracts_pass():
    exe = _lint_imports()
    assert exe is not None, "import-linter is not installed: bash scripts/install.sh --test"
    out = subprocess.run([exe, "--no-cache", "--no-logo"], cwd=REPO, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "broken" in out.stdout and "0 broken" in out.stdout


def test_importing_every_core_module_loads_no_qt():
    out = _python(f"""
        import importlib, pkgutil, sys
        import aigc_studio.core as core
        names = ["aigc_studio.core"]
        for m in pkgutil.walk_packages(core.__path__, "aigc_studio.core."):
            names.append(m.name)
        for name in names:
            importlib.import_module(name)
        bad = sorted(m for m in sys.modules if m.startswith({QT_PREFIXES!r}))
        print(len(names), "modules")
        assert not bad, "core imported Qt: " + ", ".join(bad)
    """)
    assert out.returncode == 0, out.stdout + out.stderr
    assert int(out.stdout.split()[0]) >= 5


def test_package_and_specs_import_neither_torch_nor_qt():
    out = _python(f"""
        import sys
        import aigc_studio
        import aigc_studio.core.base.specs
        heavy = sorted(m for m in sys.modules
                       if m == "torch" or m.startswith("torch.") or m.startswith({QT_PREFIXES!r}))
        assert not heavy, "imported: " + ", ".join(heavy[:10])
    """)
    assert out.returncode == 0, out.stdout + out.stderr


def test_settings_assets_and_device_import_neither_torch_nor_qt():
    out = _python(f"""
        import sys
        import aigc_studio.core.base.settings, aigc_studio.core.assets, aigc_studio.core.base.device
        heavy = sorted(m for m in sys.modules
                       if m == "torch" or m.startswith("torch.") or m.startswith({QT_PREFIXES!r}))
        assert not heavy, "imported: " + ", ".join(heavy[:10])
    """)
    assert out.returncode == 0, out.stdout + out.stderr


def test_validating_any_job_imports_neither_torch_nor_qt():
    """The engine validates a spec on the GUI thread before queueing it, training specs included (their options
    build the trainer's configuration): that must never load torch (a stall of a second) or need Qt."""
    out = _python(f"""
        import json, sys
        from aigc_studio.core import jobs
        from aigc_studio.core.base.specs import spec_from_dict
        for kind, extra in (("text", {{"prompt": "hi"}}), ("image", {{}}), ("audio", {{}}),
                            ("train-text", {{"options": {{"steps": "many"}}}}),
                            ("train-image", {{"model_type": "vae", "options": {{"kl_warmup": -1}}}}),
                            ("train-audio", {{"options": {{"model": {{"latent_dim": 0}}}}}})):
            spec = spec_from_dict({{"kind": kind, "data": "d", "out": "o", **extra}})
            found = jobs.problems(spec)
            print(kind, len(found))
            assert kind in ("text", "image", "audio") or found, kind
        heavy = sorted(m for m in sys.modules
                       if m == "torch" or m.startswith("torch.") or m.startswith({QT_PREFIXES!r}))
        assert not heavy, "imported: " + ", ".join(heavy[:10])
    """)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "train-audio" in out.stdout


def test_the_import_graph_has_no_circles():
    """No module reaches itself through imports (those written inside functions count too): each package can be
    read, tested and replaced from the bottom up."""
    import grimp   # comes with import-linter (the test extra)

    graph = grimp.build_graph("aigc_studio")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:          # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert len(graph.modules) > 50
    assert not circles, "import circles: " + "; ".join(" <-> ".join(c) for c in circles)
