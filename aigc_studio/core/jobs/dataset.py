"""The dataset scan job (kind "dataset-scan"): :func:`core.data.dataset_scan.scan` on the engine thread, with
progress, stopped by a cancel. No torch.

``Result.data``: ``{"report": <the report dict>, "thumbnails": {relative path: uint8 (h, w, 4)},
"manifest": <the manifest dict when a manifest was rescanned, else None>, "stopped": "cancelled" | "done"}``.
"""
from __future__ import annotations

from collections.abc import Generator
from typing import Any

from aigc_studio.core.base.dataset_spec import DatasetScanSpec
from aigc_studio.core.base.events import Result
from aigc_studio.core.data.dataset_scan import scan
from aigc_studio.core.jobs.context import JobContext


def run(spec: DatasetScanSpec, ctx: JobContext) -> Generator[Any, None, Result]:
    selection = None
    if spec.favourites:             # "Train on favourites": the Assets library at spec.path, read here (not on the
        from aigc_studio.core.assets.store import AssetStore        # GUI thread), its files hashed by the scan
        from aigc_studio.core.data.favourites import favourites_selection
        with AssetStore(spec.path) as store:
            selection = favourites_selection(store, spec.data_kind)
    outcome = yield from scan(spec.path, spec.data_kind or None, should_stop=lambda: ctx.cancelled,
                              thumbnails=spec.thumbnails, selection=selection)
    report = outcome.report
    stopped = "cancelled" if report.get("stopped") or ctx.cancelled else "done"
    manifest = outcome.manifest.to_dict() if outcome.manifest is not None else None
    return Result(text=f"{report['usable']} of {report['files']} files usable",
                  data={"report": report, "thumbnails": outcome.thumbnails, "manifest": manifest, "stopped": stopped})
