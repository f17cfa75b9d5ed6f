"""User settings: one JSON file in the platform's config folder, validated field by field, saved atomically.

Locations come from platformdirs; when ``$AIGC_STUDIO_HOME`` is set (tests, portable installs) config, data and
the default output folder all live under it::

    $AIGC_STUDIO_HOME/config/settings.json   $AIGC_STUDIO_HOME/data/models/   $AIGC_STUDIO_HOME/output/

``Settings.load()`` never fails: a missing file gives the defaults, a damaged one the defaults plus
``settings.load_warning`` (a sentence for the UI to show); an invalid value is reset on its own and named there.
"""
from __future__ import annotations

import dataclasses
import errno
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from aigc_studio.core.base.atomic import atomic_write_json
from aigc_studio.core.base.errors import InvalidParameters, Problem, UserError

APP_NAME = "aigc-studio"
HOME_ENV = "AIGC_STUDIO_HOME"
SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 4 * 1024 * 1024

DEVICES = ("auto", "cuda", "mps", "cpu")
LANGUAGES = ("system", "en", "zh_CN")
SEED_MODES = ("random", "fixed", "reuse", "increment")   # new seed | the seed typed | the last job's | seed + 1


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Where settings.json lives."""
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Where the studio keeps its own data (user models, caches)."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_output_dir() -> Path:
    """The default output folder: Documents/AIGC Studio."""
    home = _home()
    return home / "output" if home else Path(platformdirs.user_documents_dir()) / "AIGC Studio"


def user_models_dir() -> Path:
    """Models the user trained or imported: ``<data dir>/models/<id>/``."""
    return data_dir() / "models"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _valid_last_params(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and isinstance(p, dict) for k, p in v.items())


# field -> (check, problem in words)
_CHECKS: dict[str, tuple[Any, str]] = {
    "output_dir": (lambda v: isinstance(v, str) and v.strip() != "" and "\x00" not in v,
                   "The output folder must be a folder path."),
    "device": (lambda v: v in DEVICES, "The device must be one of: " + ", ".join(DEVICES) + "."),
    "language": (lambda v: v in LANGUAGES, "The language must be one of: " + ", ".join(LANGUAGES) + "."),
    "last_params": (_valid_last_params, "The remembered parameters are damaged."),
    "window_geometry": (_is_str, "The saved window geometry is damaged."),
    "window_state": (_is_str, "The saved window layout is damaged."),
    "seed_mode": (lambda v: v in SEED_MODES, "The seed mode must be one of: " + ", ".join(SEED_MODES) + "."),
}


@dataclass
class Settings:
    output_dir: str = field(default_factory=lambda: str(default_output_dir()))
    device: str = "auto"                                        # auto | cuda | mps | cpu
    language: str = "system"                                    # system | en | zh_CN
    last_params: dict[str, dict[str, Any]] = field(default_factory=dict)   # {kind: {param: value}}
    window_geometry: str = ""                                   # base64 (QWidget.saveGeometry)
    window_state: str = ""                                      # base64 (QMainWindow.saveState)
    seed_mode: str = "random"                                   # one of SEED_MODES
    # Not saved:
    load_warning: str | None = field(default=None, compare=False, repr=False)
    path: Path | None = field(default=None, compare=False, repr=False)
    _extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # keys of newer versions

    SAVED_FIELDS = ("output_dir", "device", "language", "last_params", "window_geometry", "window_state",
                    "seed_mode")

    @property
    def output_path(self) -> Path:
        return Path(self.output_dir).expanduser()

    # -- validation ----------------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        return [Problem(name, "invalid", msg) for name, (check, msg) in _CHECKS.items()
                if not check(getattr(self, name))]

    def validate(self) -> "Settings":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self

    def to_dict(self) -> dict[str, Any]:
        d = dict(self._extra)
        d.update({name: getattr(self, name) for name in self.SAVED_FIELDS})
        return d

    # -- files ---------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> "Settings":
        """The saved settings, or the defaults (with ``load_warning`` saying why) — never raises."""
        p = Path(path) if path is not None else settings_path()
        defaults = cls()
        defaults.path = p
        try:
            if p.stat().st_size > MAX_SETTINGS_BYTES:
                defaults.load_warning = (f"The settings file {p} is far too large to be ours: "
                                         "the default settings are used.")
                return defaults
            raw = p.read_bytes()
        except FileNotFoundError:
            return defaults
        except OSError as e:
            defaults.load_warning = (f"The settings file {p} could not be read ({e.strerror or e}): "
                                     "the default settings are used.")
            return defaults
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict):
            defaults.load_warning = (f"The settings file {p} is damaged: the default settings are used and it "
                                     "will be replaced when settings are saved.")
            return defaults
        s = cls()
        s.path = p
        reset = []
        for name in cls.SAVED_FIELDS:
            if name not in data:
                continue
            check, msg = _CHECKS[name]
            if check(data[name]):
                setattr(s, name, data[name])
            else:
                reset.append(msg)
        s._extra = {k: v for k, v in data.items() if k not in cls.SAVED_FIELDS}
        if reset:
            s.load_warning = "Some settings were reset to their defaults: " + " ".join(reset)
        return s

    def save(self, path: str | Path | None = None) -> Path:
        """Write the settings (atomically). Raises ``InvalidParameters`` or ``UserError`` in words."""
        self.validate()
        p = Path(path) if path is not None else (self.path or settings_path())
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_json(p, self.to_dict())
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise UserError(f"The disk is full: the settings could not be saved to {p}.") from e
            raise UserError(f"The settings could not be saved to {p}: {e.strerror or e}.") from e
        self.path = p
        return p

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some fields changed (the dialog edits a copy, then validates and saves it)."""
        new = dataclasses.replace(self, **changes)
        new._extra = dict(self._extra)
        new.path = self.path
        return new
