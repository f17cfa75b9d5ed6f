"""The job specs of model management (``core/jobs/models.py`` runs them; ``core/models/manage.py`` does the work):
rename, export, import and delete a model, so the window does them on the engine thread, never the GUI thread.
Frozen and serialisable like every job spec (registered in ``SPEC_TYPES`` of :mod:`aigc_studio.core.base.specs`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aigc_studio.core.base.errors import Problem, Validated

CHOOSE_MODEL = "Choose a model."
NAME_EMPTY = "The new name is empty: type a name for the model."
NAME_LONG = "The name is too long: at most {max} characters."
CHOOSE_EXPORT = "Choose a file to export to."
CHOOSE_IMPORT = "Choose the .zip file of an exported model."
CONFLICT_CHOICE = "On a taken id: rename or refuse."
NAME_MAX = 80


def _text(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


@dataclass(frozen=True)
class ModelRenameSpec(Validated):
    """Give one of the user's models a new display name (its id stays)."""
    kind: ClassVar[str] = "models-rename"
    model: str
    name: str

    def problems(self) -> list[Problem]:
        p = [] if _text(self.model) else [Problem("model", "empty", CHOOSE_MODEL)]
        if not _text(self.name):
            p.append(Problem("name", "empty", NAME_EMPTY))
        elif len(" ".join(self.name.split())) > NAME_MAX:
            p.append(Problem("name", "range", NAME_LONG, {"max": NAME_MAX}))
        return p


@dataclass(frozen=True)
class ModelExportSpec(Validated):
    """Export a model (shipped or the user's) to one .zip; ``overwrite`` replaces an existing file."""
    kind: ClassVar[str] = "models-export"
    model: str
    out: str
    overwrite: bool = False

    def problems(self) -> list[Problem]:
        p = [] if _text(self.model) else [Problem("model", "empty", CHOOSE_MODEL)]
        if not _text(self.out):
            p.append(Problem("out", "empty", CHOOSE_EXPORT))
        return p


@dataclass(frozen=True)
class ModelImportSpec(Validated):
    """Import an exported model .zip into the user models folder; ``on_conflict`` "rename" (a taken id becomes
    ``<id>-2``...) or "refuse"."""
    kind: ClassVar[str] = "models-import"
    source: str
    on_conflict: str = "rename"

    def problems(self) -> list[Problem]:
        p = [] if _text(self.source) else [Problem("source", "empty", CHOOSE_IMPORT)]
        if self.on_conflict not in ("rename", "refuse"):
            p.append(Problem("on_conflict", "choice", CONFLICT_CHOICE))
        return p


@dataclass(frozen=True)
class ModelDeleteSpec(Validated):
    """Delete one of the user's models (shipped models are refused by the job)."""
    kind: ClassVar[str] = "models-delete"
    model: str

    def problems(self) -> list[Problem]:
        return [] if _text(self.model) else [Problem("model", "empty", CHOOSE_MODEL)]


MODEL_SPECS: tuple[type, ...] = (ModelRenameSpec, ModelExportSpec, ModelImportSpec, ModelDeleteSpec)
