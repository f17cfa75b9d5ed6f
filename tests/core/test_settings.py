"""Settings: locations, load (missing / damaged / partly invalid), atomic save, validation."""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from aigc_studio.core.base import settings as settings_mod
from aigc_studio.core.base import atomic
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.settings import (Settings, config_dir, data_dir, default_output_dir, settings_path,
                                       user_models_dir)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_locations_under_aigc_studio_home(home):
    assert config_dir() == home / "config"
    assert data_dir() == home / "data"
    assert default_output_dir() == home / "output"
    assert user_models_dir() == home / "data" / "models"
    assert settings_path() == home / "config" / "settings.json"


def test_locations_from_platformdirs(monkeypatch):
    monkeypatch.delenv("AIGC_STUDIO_HOME", raising=False)
    import platformdirs
    assert config_dir() == Path(platformdirs.user_config_dir("aigc-studio", appauthor=False))
    assert data_dir() == Path(platformdirs.user_data_dir("aigc-studio", appauthor=False))
    assert default_output_dir() == Path(platformdirs.user_documents_dir()) / "AIGC Studio"


def test_missing_file_gives_defaults_without_warning(home):
    s = Settings.load()
    assert s == Settings()
    assert s.load_warning is None
    assert s.output_dir == str(home / "output")
    assert (s.device, s.language, s.seed_mode, s.last_params) == ("auto", "system", "random", {})
    assert s.problems() == []
    assert not home.exists()   # loading creates nothing


def test_save_and_load_round_trip(home):
    s = Settings.load()
    s.device = "cpu"
    s.language = "zh_CN"
    s.last_params = {"text": {"temperature": 0.7, "model": "tang-poems-zh"}}
    s.window_geometry = "AdnQywADAAAAAA=="
    s.seed_mode = "fixed"
    s.output_dir = str(home / "elsewhere")
    path = s.save()
    assert path == settings_path()
    assert os.listdir(path.parent) == ["settings.json"]    # no temp left behind
    assert json.loads(path.read_text(encoding="utf-8"))["language"] == "zh_CN"
    again = Settings.load()
    assert again == s and again.load_warning is None
    assert again.output_path == home / "elsewhere"


def test_damaged_file_gives_defaults_and_a_warning(home):
    settings_path().parent.mkdir(parents=True)
    settings_path().write_bytes(b"{not json\xff")
    s = Settings.load()
    assert s == Settings()
    assert "damaged" in s.load_warning and "default settings" in s.load_warning
    settings_path().write_text("[1, 2, 3]")
    assert "damaged" in Settings.load().load_warning
    s.save()                                   # replaces the damaged file
    assert Settings.load().load_warning is None


def test_invalid_values_are_reset_one_by_one(home):
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text(json.dumps({
        "device": "gpu", "language": "zh_CN", "seed_mode": 5, "last_params": {"text": [1]},
        "window_state": "AAAA", "output_dir": "", "from_a_newer_version": {"x": 1}}), encoding="utf-8")
    s = Settings.load()
    assert s.device == "auto" and s.seed_mode == "random" and s.last_params == {}
    assert s.output_dir == str(default_output_dir())
    assert s.language == "zh_CN" and s.window_state == "AAAA"     # valid ones are kept
    w = s.load_warning
    assert "reset" in w and "device" in w and "seed mode" in w and "output folder" in w
    s.save()
    assert json.loads(settings_path().read_text())["from_a_newer_version"] == {"x": 1}   # kept for newer versions


def test_validate(home):
    s = Settings.load()
    assert s.validate() is s
    bad = s.replace(device="tpu", language="fr")
    with pytest.raises(InvalidParameters) as ei:
        bad.validate()
    assert len(ei.value.problems) == 2
    with pytest.raises(InvalidParameters):
        bad.save()
    assert not settings_path().exists()


def test_save_where_the_config_folder_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(blocker))
    with pytest.raises(UserError, match="settings could not be saved"):
        Settings.load().save()


def test_save_on_a_full_disk_keeps_the_old_file(home, monkeypatch):
    s = Settings.load()
    s.save()
    old = settings_path().read_bytes()

    def full(f, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", full)
    s.device = "cpu"
    with pytest.raises(UserError, match="disk is full"):
        s.save()
    assert settings_path().read_bytes() == old
    assert os.listdir(settings_path().parent) == ["settings.json"]


def test_unreadable_file_gives_a_warning(home, monkeypatch):
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text("{}")

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(settings_mod.Path, "read_bytes", denied)
    s = Settings.load()
    assert s == Settings() and "could not be read" in s.load_warning
