"""`aigc-studio bench --only ui`: the scripted user session (devtools/bench_session.py) reports every figure the
issue measures. Not a timed test: no figure is compared with a threshold, only that each one is there."""
from __future__ import annotations

import json
import math

from aigc_studio.devtools import bench
from aigc_studio.devtools.bench_session import DATASET_DIR, PHASES, prepare_home

REQUIRED = ("stall_p99_ms", "stall_max_ms", "first_job_stall_max_ms", "training_stall_max_ms", "window_ms",
            "rss_mb_idle")


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def test_prepared_home_holds_real_assets_of_every_kind(tmp_path):
    from aigc_studio.core.assets import AssetStore
    home = prepare_home(tmp_path / "bench-home", assets=10)
    assert json.loads((home / "prepared.json").read_text())["assets"] == 10
    with AssetStore(home / "output") as store:
        records = store.search(limit=100)
    assert len(records) == 10
    assert {r.kind for r in records} == {"image", "text", "audio"}
    assert all(r.path.is_file() for r in records)
    assert sorted(p.name for p in (home / DATASET_DIR).iterdir()) == [f"part-{k}.txt" for k in range(4)]
    assert prepare_home(home, assets=10) == home              # prepared once, then reused as it is


def test_worst_of_runs_takes_each_figure_from_its_worst_run():
    runs = [{"stall_max_ms": 12.0, "stall_p99_ms": 3.0, "window_ms": 900.0, "text_stall_max_ms": 12.0,
             "library_stall_max_ms": 4.0},
            {"stall_max_ms": 40.0, "stall_p99_ms": 2.0, "window_ms": 800.0, "text_stall_max_ms": 5.0,
             "library_stall_max_ms": 40.0, "audio_error": "RuntimeError: no model"},
            {"error": "the window did not open"}]
    out = bench.worst_of_runs(runs)
    assert out["runs"] == 3
    assert out["stall_max_ms"] == 40.0 and out["stall_p99_ms"] == 3.0 and out["window_ms"] == 900.0
    assert out["text_stall_max_ms"] == 12.0 and out["library_stall_max_ms"] == 40.0
    assert out["first_job_stall_max_ms"] is None                   # no run reported it: said, not invented
    assert out["problems"] == {"run2.audio_error": "RuntimeError: no model", "run3.error": "the window did not open"}
    assert [r.get("window_ms") for r in out["per_run"]] == [900.0, 800.0, None]
    assert bench.worst_of_runs([{"error": "boom"}])["error"] == "boom"


def test_one_short_session_reports_every_figure(tmp_path):
    prepared = prepare_home(tmp_path / "prepared", assets=40)
    out = bench.bench_ui(runs=1, short=True, prepared=prepared)
    assert "error" not in out, out
    assert out["runs"] == 1 and len(out["per_run"]) == 1
    for key in REQUIRED + tuple(f"{p}_stall_max_ms" for p in PHASES):
        assert _number(out.get(key)), (key, out)
    assert "problems" not in out, out["problems"]
    run = out["per_run"][0]
    assert run["library_assets"] == 40                  # the library listed the prepared assets
    assert run["canvas_images"] >= 8                    # the batch reached the canvas
    assert run["train_points"] >= 1                     # the training's curve showed
    assert prepared.is_dir() and (prepared / "prepared.json").is_file()   # the runs worked on copies


def test_qt_types_are_made_when_their_module_is_imported():
    """aigc_studio sets PYSIDE6_OPTION_LAZY=0 before PySide6 loads (here through tests/conftest.py, in the studio
    through the package itself): every QtWidgets type exists after the import, none is made later on another
    thread (the engine's pyqtgraph import)."""
    import os
    import subprocess
    import sys

    import PySide6.QtWidgets
    assert os.environ.get("PYSIDE6_OPTION_LAZY") == "0"
    assert len(vars(PySide6.QtWidgets)) > 150                 # lazily: about 15 names until they are used
    env = {k: v for k, v in os.environ.items() if k != "PYSIDE6_OPTION_LAZY"}
    probe = "import aigc_studio, PySide6.QtWidgets as W; print(len(vars(W)))"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout) > 150
