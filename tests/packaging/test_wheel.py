"""The wheel is the whole studio: built from a clean copy of the source, installed into a fresh virtual
environment (no access to the checkout), it lists the five shipped models and passes its self-test.

It needs the package registry (or pip's cache) for the dependencies, like any ``pip install``. Measured on the
2-core development VM: 30 s in all (the fresh environment's install 18 s with pip's cache warm and torch from
the local wheel); with a cold cache add the download of torch and PySide6 (about 300 MB). Not marked ``slow``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {"tang-poems-zh", "fortunes-en", "english-en", "emoji-gan", "emoji-cgan", "emoji-vae", "gm-notes-vae"}
# What the source copy leaves out at the top: build leftovers (a stale build/lib would leak old files into the
# wheel), environments, caches, and folders that are never packaged; __pycache__ everywhere.
TOP_IGNORED = {".git", ".venv", "build", "dist", ".pytest_cache", ".hypothesis", "data", "runs", "packaging",
               "tests", ".github"}


def _ignored(folder: str, names: list[str]) -> set[str]:
    top = Path(folder).resolve() == ROOT
    return {n for n in names if n == "__pycache__" or n.endswith(".egg-info") or (top and n in TOP_IGNORED)}


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None, cwd: Path | None = None):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    assert proc.returncode == 0, (f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
                                  f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}")
    return proc


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "aigc-studio"
    shutil.copytree(ROOT, src, ignore=_ignored)
    # what rebuilding a shipped model leaves beside it: its training samples, which must not ship
    leftover = src / "aigc_studio" / "resources" / "models" / "emoji-gan.samples"
    leftover.mkdir(exist_ok=True)
    (leftover / "step-000100.png").write_bytes(b"a training sample")
    out = tmp_path_factory.mktemp("wheels")
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-q",
          "-w", str(out)], timeout=300)
    wheels = list(out.glob("aigc_studio-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_models_and_translations_only(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in SHIPPED:
        for part in ("card.json", "model.safetensors", "README.md"):
            assert f"aigc_studio/resources/models/{model}/{part}" in names, (model, part)
    for model in ("tang-poems-zh", "fortunes-en"):
        assert f"aigc_studio/resources/models/{model}/tokenizer.json" in names
    assert "aigc_studio/resources/translations/aigc_studio_zh_CN.qm" in names
    assert not [n for n in names if n.endswith(".ts")], "translator sources (.ts) are not needed at run time"
    assert not [n for n in names if ".samples/" in n], "training samples of a rebuilt model are not shipped"
    assert "aigc_studio/resources/eval/feature-net/model.safetensors" in names     # FID/KID of the Train tab
    assert not [n for n in names if "/emoji-classifier/" in n], "the evaluation-only classifier is not shipped"
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "packaging/")) or "__pycache__" in n]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "aigc-studio = aigc_studio.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_installs_and_runs_in_a_fresh_environment(wheel: Path, tmp_path: Path):
    started = time.monotonic()
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    # Dependencies come from the registry (or pip's cache; torch==2.13.0 from the machine's local wheel
    # folder where pip is configured with one), exactly as a user's `pip install` would get them.
    _run([str(bindir / "python"), "-m", "pip", "install", "-q", "--no-compile", str(wheel)], timeout=900)
    installed_s = time.monotonic() - started
    site = next((venv / "lib").glob("python3*/site-packages/aigc_studio")) if os.name != "nt" else \
        venv / "Lib" / "site-packages" / "aigc_studio"
    before = _snapshot(site)

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "AIGC_STUDIO"))}
    env.update(AIGC_STUDIO_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PATH=str(bindir) + os.pathsep + env.get("PATH", ""))
    exe = str(bindir / "aigc-studio")
    cwd = tmp_path                     # not the checkout: nothing may be imported from the source tree

    listed = json.loads(_run([exe, "models", "--json"], timeout=120, env=env, cwd=cwd).stdout)
    shipped = {m["id"]: m for m in listed if m.get("source") == "shipped"}
    assert set(shipped) == SHIPPED, sorted(shipped)
    for info in shipped.values():
        path = Path(info["path"])
        assert path.is_relative_to(venv), f"{info['id']} was found outside the fresh environment: {path}"
        assert (path / "model.safetensors").is_file()

    selftest = _run([exe, "selftest"], timeout=600, env=env, cwd=cwd)
    assert "FAIL" not in selftest.stdout, selftest.stdout
    # User data went to AIGC_STUDIO_HOME (or the self-test's own temporary folder), never into the installation
    # (Python's own __pycache__ aside).
    changed = sorted(set(_snapshot(site).items()) ^ set(before.items()))
    assert not changed, f"the studio wrote into its installation: {changed[:5]}"
    print(f"\nfresh environment: install {installed_s:.0f} s, total {time.monotonic() - started:.0f} s")
