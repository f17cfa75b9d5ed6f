""""Train on favourites" as a job: the dataset-scan job with ``favourites`` finds the starred assets of one kind
in the Assets library, reads and hashes them on the job's thread and returns a report and a selection."""
from __future__ import annotations

import numpy as np
import pytest

from aigc_studio.core import jobs
from aigc_studio.core.assets import AssetStore
from aigc_studio.core.base.dataset_spec import DatasetScanSpec
from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.specs import ImageSpec, spec_from_json, spec_to_json
from aigc_studio.core.data.dataset import DatasetError, Manifest
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive


def test_the_favourites_scan_job_reports_only_the_starred_assets(tmp_path):
    store = AssetStore(tmp_path / "out")
    pics = [store.save_image(np.full((16, 16, 4), 50 * i + 10, np.uint8), ImageSpec(seed=i)) for i in range(4)]
    spec = DatasetScanSpec(path=str(store.root), data_kind="image", favourites=True)
    assert spec_from_json(spec_to_json(spec)) == spec and jobs.validate(spec) is spec
    with pytest.raises(DatasetError, match="no favourite images"):
        drive(jobs.get_runner("dataset-scan")(spec, JobContext(device="cpu", models=None)))
    for p in pics[1:3]:
        store.set_favourite(p, True)
    store.close()
    result = drive(jobs.get_runner("dataset-scan")(spec, JobContext(device="cpu", models=None))).result
    report = result.data["report"]
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in pics[1:3])
    assert report["files"] == 2 and sorted(it["path"] for it in report["items"]) == names
    assert all(len(it["sha256"]) == 64 for it in report["items"])
    manifest = Manifest.from_report(report, previous=Manifest.from_dict(result.data["manifest"]))
    assert manifest.selection and manifest.kind == "image" and sorted(manifest.included_names()) == names


def test_a_favourites_scan_needs_a_kind():
    with pytest.raises(InvalidParameters) as e:
        jobs.validate(DatasetScanSpec(path="/x", favourites=True))
    assert [p.field for p in e.value.problems] == ["data_kind"]
