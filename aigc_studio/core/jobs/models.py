"""The model management jobs: rename, export, import and delete a model on the engine thread
(``core/models/manage.py`` does the work; the specs are in ``core/base/model_specs.py``).

``run(spec, ctx)`` yields ``Progress`` (bytes, for export and import; ``message`` "Exporting", "Importing",
"Checking the model") and returns a ``Result`` whose ``data`` is::

    {"op": "renamed" | "exported" | "imported" | "deleted", "id": str, "name": str, "path": str,
     "stopped": "done" | "cancelled", "models_changed": bool,
     "kept": [file names left in a deleted model's folder]}         # delete only

``paths`` holds the zip written (export) or the model folder (import). A change to the user models folder
(rename, import, delete) drops the folder's loaded copies from ``ctx.models`` and calls the listeners of
``manage.add_models_changed_listener`` (the window reloads its model pickers there, or on ``models_changed``).
A cancelled export or import leaves nothing behind and returns ``stopped: "cancelled"``.
"""
from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Event, Progress, Result
from aigc_studio.core.base.model_specs import ModelDeleteSpec, ModelExportSpec, ModelImportSpec, ModelRenameSpec
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.models import manage


def _evict(ctx: JobContext, folder: Any) -> None:
    cache = getattr(ctx, "models", None)
    if cache is not None and hasattr(cache, "evict_folder"):
        cache.evict_folder(folder)


def run(spec: Any, ctx: JobContext) -> Generator[Event, None, Result]:
    spec = spec.validate()
    if isinstance(spec, ModelRenameSpec):
        info = manage.rename_model(spec.model, spec.name)
        _evict(ctx, info.path)
        return Result(text=info.name, paths=(str(info.path),),
                      data={"op": "renamed", "id": info.id, "name": info.name, "path": str(info.path),
                            "stopped": "done", "models_changed": True})
    if isinstance(spec, ModelExportSpec):
        out = yield from manage.export_steps(spec.model, spec.out, spec.overwrite, cancelled=lambda: ctx.cancelled)
        if out is None:
            return Result(data={"op": "exported", "id": spec.model, "name": "", "path": "", "stopped": "cancelled",
                                "models_changed": False})
        yield Progress(1, 1, "Done")
        return Result(paths=(str(out),), data={"op": "exported", "id": spec.model, "name": "", "path": str(out),
                                               "stopped": "done", "models_changed": False})
    if isinstance(spec, ModelImportSpec):
        info = yield from manage.import_steps(spec.source, spec.on_conflict, cancelled=lambda: ctx.cancelled)
        if info is None:
            return Result(data={"op": "imported", "id": "", "name": "", "path": "", "stopped": "cancelled",
                                "models_changed": False})
        _evict(ctx, info.path)
        yield Progress(1, 1, "Done")
        return Result(text=info.name, paths=(str(info.path),),
                      data={"op": "imported", "id": info.id, "name": info.name, "path": str(info.path),
                            "stopped": "done", "models_changed": True})
    if isinstance(spec, ModelDeleteSpec):
        gone = manage.delete_model(spec.model)
        _evict(ctx, gone.path)
        return Result(data={"op": "deleted", "id": gone.id, "name": "", "path": str(Path(gone.path)),
                            "stopped": "done", "models_changed": True, "kept": list(gone.kept)})
    raise UserError(f"Unknown job kind '{getattr(spec, 'kind', '?')}'.")
