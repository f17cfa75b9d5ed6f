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
