"""`aigc-studio dataset scan`, the dataset-scan job and its spec, and "Train on favourites" (core.data.favourites)."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from PIL import Image

from aigc_studio.cli import run_cli
from aigc_studio.core import jobs
from aigc_studio.core.assets import AssetStore
from aigc_studio.core.base.dataset_spec import DatasetScanSpec
from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.events import Progress
from aigc_studio.core.base.specs import ImageSpec, TextSpec, spec_from_json, spec_to_json
from aigc_studio.core.data.dataset import DatasetError, Manifest, dataset_files
from aigc_studio.core.data.favourites import favourites_manifest
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive


def make_images(folder, n=5):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        a = np.asarray(Image.fromarray(rng.integers(0, 256, (6, 6, 3), dtype=np.uint8)).resize((32, 32)))
        Image.fromarray(a).save(folder / f"p{i}.png")
    return folder


def test_cli_json_has_the_documented_keys(tmp_path, capsys):
    d = make_images(tmp_path / "imgs")
    shutil.copy(d / "p0.png", d / "p0-copy.png")
    (d / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (d / "readme.txt").write_text("about these", encoding="utf-8")
    assert run_cli(["dataset", "scan", str(d), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("kind", "files", "usable", "unreadable", "exact_duplicates", "near_duplicates", "outliers"):
        assert key in out
    assert out["kind"] == "image" and out["files"] == 7 and out["usable"] == 5
    assert out["unreadable"][0]["path"] == "broken.png" and out["unreadable"][0]["reason"]
    assert out["exact_duplicates"] == [["p0-copy.png", "p0.png"]]
    assert all(set(o) >= {"path", "reason"} for o in out["outliers"])
    assert isinstance(out["near_duplicates"], list)


def test_cli_text_output_save_and_rescan(tmp_path, capsys):
    d = make_images(tmp_path / "imgs")
    shutil.copy(d / "p1.png", d / "zz.png")
    manifest = tmp_path / "set.json"
    assert run_cli(["dataset", "scan", str(d), "--save", str(manifest)]) == 0
    out = capsys.readouterr().out
    assert "6 images, usable 5" in out and f"saved: {manifest}" in out
    assert "(1 group)" in out and "1 groups" not in out
    m = Manifest.load(manifest)
    assert "zz.png" in m.excluded_names()
    assert [p.name for p in dataset_files(manifest, "image")] == [f"p{i}.png" for i in range(5)]
    assert run_cli(["dataset", "scan", str(manifest), "--json"]) == 0       # a manifest is rescanned
    assert json.loads(capsys.readouterr().out)["root"] == str(d)


def test_cli_bad_input_exit_2_without_traceback(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run_cli(["dataset", "scan", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "is empty" in err and "Traceback" not in err
    assert run_cli(["dataset", "scan", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    make_images(tmp_path / "imgs")
    assert run_cli(["dataset", "scan", str(tmp_path / "imgs"), "--kind", "text"]) == 2
    assert "holds no text files: it has 5 images" in capsys.readouterr().err


def test_scan_spec_round_trips_validates_without_torch_and_runs_as_a_job(tmp_path):
    spec = DatasetScanSpec(path=str(make_images(tmp_path / "imgs")), data_kind="image")
    assert spec_from_json(spec_to_json(spec)) == spec
    assert jobs.validate(spec) is spec
    with pytest.raises(InvalidParameters) as e:
        jobs.validate(DatasetScanSpec(path=" ", data_kind="video"))
    assert {p.field for p in e.value.problems} == {"path", "data_kind"}
    ctx = JobContext(device="cpu", models=None)
    events = []
    result = drive(jobs.get_runner("dataset-scan")(spec, ctx), events.append).result
    assert result.data["stopped"] == "done" and result.data["report"]["usable"] == 5
    thumbs = result.data["thumbnails"]
    assert set(thumbs) == {f"p{i}.png" for i in range(5)}
    assert thumbs["p0.png"].dtype == np.uint8 and thumbs["p0.png"].shape[2] == 4 and max(thumbs["p0.png"].shape) <= 48
    assert any(isinstance(e, Progress) for e in events)
    ctx.cancel()
    stopped = drive(jobs.get_runner("dataset-scan")(spec, ctx), lambda e: None).result
    assert stopped.data["stopped"] == "cancelled"


def test_favourites_become_a_manifest(tmp_path):
    store = AssetStore(tmp_path / "out")
    pics = [store.save_image(np.full((16, 16, 4), 40 * i, np.uint8), ImageSpec(seed=i)) for i in range(3)]
    texts = [store.save_text(f"poem {i}\nline", TextSpec(prompt="p", seed=i)) for i in range(2)]
    with pytest.raises(DatasetError, match="no favourite images"):
        favourites_manifest(store, "image")
    store.set_favourite(pics[0], True)
    store.set_favourite(pics[2], True)
    store.set_favourite(texts[1], True)
    m = favourites_manifest(store, "image")
    assert m.kind == "image" and sorted(p.name for p in m.included_paths()) == sorted([pics[0].name, pics[2].name])
    saved = m.save(tmp_path / "fav.json")
    assert sorted(dataset_files(saved, "image")) == sorted([pics[0], pics[2]])
    from aigc_studio.core.data.dataset_scan import run_scan
    res = run_scan(saved)                       # a selection: rescanning looks only at its own files
    assert res.report["files"] == 2 and Manifest.from_report(res.report, previous=res.manifest).selection
    t = favourites_manifest(store, "text")
    assert [p.read_text(encoding="utf-8") for p in t.included_paths()] == ["poem 1\nline"]
    with pytest.raises(DatasetError, match="no favourite sounds"):
        favourites_manifest(store, "audio")
