"""The Windows installer script compiles (Debian's makensis) against a small dummy payload shaped like the
PyInstaller one-folder app; the real payload is built on Windows (packaging/windows/build-installer.ps1).
Also: the icon renderer writes every size the installers use, and the Linux desktop entry names the right things.
"""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "windows" / "aigc-studio.nsi"


@pytest.fixture(scope="module")
def icons(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    subprocess.run([sys.executable, str(ROOT / "packaging" / "icons" / "render_icons.py"), str(out)], check=True,
                   capture_output=True, timeout=120)
    return out


def test_icons_in_every_size(icons: Path):
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(icons / "hicolor" / f"{n}x{n}" / "apps" / "aigc-studio.png") as im:
            assert im.size == (n, n) and im.mode == "RGBA"
            assert im.getpixel((0, 0))[3] == 0 and im.getpixel((n // 2, n // 2))[3] == 255  # rounded tile
    assert (icons / "hicolor" / "scalable" / "apps" / "aigc-studio.svg").is_file()
    with Image.open(icons / "aigc-studio.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "aigc-studio.icns") as icns:
        assert icns.size[0] >= 512


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "linux" / "aigc-studio.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Icon"] == "aigc-studio" and d["Exec"].startswith("aigc-studio ")
    mimes = set(filter(None, d["MimeType"].split(";")))
    assert {"image/png", "audio/wav", "audio/x-wav", "audio/flac"} <= mimes
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-utils is not installed: bash scripts/install.sh --test"
    proc = subprocess.run([validator, str(ROOT / "packaging" / "linux" / "aigc-studio.desktop")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "error" not in proc.stdout.lower(), proc.stdout + proc.stderr


def test_nsis_installer_compiles(icons: Path, tmp_path: Path):
    assert shutil.which("makensis"), "NSIS is not installed: bash scripts/install.sh --test"
    payload = tmp_path / "aigc-studio"
    (payload / "_internal" / "aigc_studio" / "resources").mkdir(parents=True)
    (payload / "aigc-studio.exe").write_bytes(b"MZ dummy windowed program")
    (payload / "aigc-studio-cli.exe").write_bytes(b"MZ dummy console program")
    (payload / "_internal" / "base_library.zip").write_bytes(b"PK dummy")
    (payload / "_internal" / "aigc_studio" / "resources" / "README.md").write_text("dummy payload\n")
    out = tmp_path / "aigc-studio-0.0.0-win64.exe"
    proc = subprocess.run(["makensis", "-WX", "-V2", "-DVERSION=0.0.0", f"-DPAYLOAD_DIR={payload}",
                           f"-DICON={icons / 'aigc-studio.ico'}", f"-DOUTFILE={out}", str(NSI)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    data = out.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data
