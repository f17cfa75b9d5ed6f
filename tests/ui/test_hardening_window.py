"""Issue "Hardening" in the real window with a real Engine: findings 2 (a crafted asset naming a FIFO never hangs
the engine; a source path is only read when it is an ordinary file the user confirms; Cancel, later jobs and
closing still work), 4 (the library heals its index and says which file it could not list), 7 (wrong settings in
a dropped file are explained in the form's words) and 14 (a failed job's traceback goes to the log file, stderr
gets one line)."""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from aigc_studio.core.assets import INDEX_NAME, AssetStore
from aigc_studio.core.assets.images import png_bytes
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import ImageSpec, TextSpec

fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def crafted_png(path: Path, spec: dict, **meta) -> Path:
    """A PNG whose embedded settings are ``spec`` (as someone could send it)."""
    rgba = np.zeros((16, 16, 4), np.uint8)
    rgba[..., 3] = 255
    path.write_bytes(png_bytes(rgba, {"app": "aigc-studio", "version": "0", "spec": spec, **meta}))
    return path


def picture(path: Path) -> Path:
    from PIL import Image
    img = np.zeros((64, 64, 4), np.uint8)
    img[16:48, 16:48] = (230, 40, 40, 255)
    img[..., 3] = np.maximum(img[..., 3], 255)
    Image.fromarray(img).save(path)
    return path


@pytest.fixture
def real_window(qtbot):
    """The real window and a real Engine: real device (CPU), real model cache, real jobs, shipped models."""
    from aigc_studio.ui.engine import Engine
    from aigc_studio.ui.main_window import MainWindow
    settings = Settings.load()
    eng = Engine(device_pref="cpu", cancel_grace_s=0.5)
    w = MainWindow(settings, engine=eng)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    eng.start()
    yield w
    assert eng.shutdown(timeout_s=10)


def wait_final(qtbot, eng, job_id, timeout=120_000):
    qtbot.waitUntil(lambda: eng.job(job_id) is not None and eng.job(job_id).is_final, timeout=timeout)
    return eng.job(job_id)


@fifo_only
def test_a_crafted_asset_naming_a_fifo_never_hangs_the_window(qtbot, real_window, tmp_path, monkeypatch):
    w, eng = real_window, real_window.engine
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    png = crafted_png(tmp_path / "present.png", {"kind": "image", "mode": "encode", "model": "emoji-vae",
                                                  "count": 2, "source": str(fifo)})
    try:
        assert w.open_path(png) is False                  # dropped on the window (or File › Open)
        assert "not an ordinary file" in w.last_error and asked == []
        w.image_panel.error_message.clear_message()
        assert w.image_panel.opening.open_file(str(png)) is False     # dropped on the image canvas
        assert "not an ordinary file" in w.image_panel.error_message.text()
        assert eng.jobs() == []                           # no job was started, so none can hang

        # Even a spec that gets there (a script, a future path) cannot block the engine: refused at once...
        job = eng.submit(ImageSpec(model="emoji-vae", mode="encode", count=1, source=str(fifo)))
        info = wait_final(qtbot, eng, job)
        assert info.state == "failed" and "not an ordinary file" in info.message
        # ... and a read that does hang (a dead network share) gives way to Cancel; later jobs run
        import aigc_studio.core.jobs.image as image_job
        release = threading.Event()
        real_load = image_job.load_image
        monkeypatch.setattr(image_job, "load_image", lambda *a, **k: release.wait(60) and None)
        src = picture(tmp_path / "drawing.png")
        hung = eng.submit(ImageSpec(model="emoji-vae", mode="encode", count=1, source=str(src)))
        qtbot.waitUntil(lambda: eng.job(hung).state == "running", timeout=120_000)
        time.sleep(0.2)
        assert eng.cancel(hung)
        assert wait_final(qtbot, eng, hung, timeout=10_000).state == "cancelled"
        release.set()
        monkeypatch.setattr(image_job, "load_image", real_load)
        after = eng.submit(ImageSpec(model="emoji-gan", count=1, seed=3))
        assert wait_final(qtbot, eng, after).state == "done"
    finally:
        try:                                              # the old code blocks in open(): let it go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def test_a_source_path_is_read_only_when_the_user_confirms(qtbot, real_window, tmp_path, monkeypatch):
    w, eng = real_window, real_window.engine
    src = picture(tmp_path / "drawing.png")
    png = crafted_png(tmp_path / "sent.png", {"kind": "image", "mode": "encode", "model": "emoji-vae", "count": 2,
                                               "source": str(src)})
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    assert w.open_path(png) is False and eng.jobs() == []          # "No": nothing is read
    assert str(src) in asked[0]
    assert w.open_path(png) is True                                # "Yes": the job encodes it
    job = eng.jobs()[-1]
    assert Path(job.spec.source).name == src.name        # the file itself, or the panel's prepared copy of it
    assert wait_final(qtbot, eng, job.id).state == "done"


def test_a_stored_latent_is_used_instead_of_asking(qtbot, real_window, tmp_path, monkeypatch):
    w, eng = real_window, real_window.engine
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("must not ask"))
    png = crafted_png(tmp_path / "own.png", {"kind": "image", "mode": "encode", "model": "emoji-vae", "count": 1,
                                              "source": "/dev/zero"}, result={"latent": [0.0] * 32})
    from aigc_studio.core.assets import load_spec
    spec = load_spec(png)
    assert spec.mode == "latent" and spec.source == ""


@pytest.mark.parametrize("spec, words", [
    ({"kind": "image", "count": "ten", "model": "emoji-gan"}, "The number of results must be between 1 and 64."),
    ({"kind": "text", "prompt": "a", "max_new_tokens": float("nan")}, "Max new tokens must be between 1 and 4096."),
    ({"kind": "text", "prompt": "a", "stop": 5}, "A setting has a value of the wrong type"),
])
def test_dropped_settings_of_the_wrong_type_are_explained(qtbot, make_window, tmp_path, spec, words):
    w = make_window()
    if spec["kind"] == "image":
        path = crafted_png(tmp_path / "bad.png", spec)
    else:
        path = tmp_path / "bad.txt"
        path.write_text("x")
        (tmp_path / "bad.txt.json").write_text(json.dumps({"app": "aigc-studio", "spec": spec}))
    assert w.open_path(path) is False
    assert words in w.last_error and "bad." in w.last_error
    assert w.engine.jobs() == []


def test_deeply_nested_settings_are_explained(qtbot, make_window, tmp_path):
    w = make_window()
    path = tmp_path / "deep.txt"
    path.write_text("x")
    (tmp_path / "deep.txt.json").write_text('{"app": "aigc-studio", "spec": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert w.open_path(path) is False
    assert "nested more than" in w.last_error


# ---------------------------------------------------------------------------------------------- 4: the library

def test_the_library_heals_its_index_and_names_what_it_cannot_list(qtbot, make_window):
    settings = Settings.load()
    root = settings.output_path
    with AssetStore(root) as s:
        paths = [s.save_text(f"text {i}", TextSpec(prompt=f"p{i}", seed=i)) for i in range(11)]
    side = paths[3].with_name(paths[3].name + ".json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["spec"]["kind"] = ["text"]                       # hand-edited
    side.write_text(json.dumps(meta), encoding="utf-8")
    (root / INDEX_NAME).unlink()                          # and the index is gone
    w = make_window(settings)
    lib = w.assets
    lib.refresh()
    assert lib.model.rowCount() == 10 and lib.last_error == ""          # was: 0 rows and no message
    assert lib.note_label.isVisibleTo(lib) and paths[3].name in lib.note_label.text()

    with AssetStore(root) as other:                        # the command line saves while the window is open
        new = other.save_text("from the command line", TextSpec(prompt="cli", seed=50))
    with sqlite3.connect(root / INDEX_NAME) as c:          # ... and its index row was lost (kill -9)
        c.execute("DELETE FROM assets WHERE path LIKE ?", ("%" + new.name,))
    lib.refresh()
    assert lib.model.rowCount() == 11 and str(new) in lib.paths()

    w._store.close() if getattr(w, "_store", None) else None
    for suffix in ("", "-wal", "-shm"):                    # the index deleted while the window runs
        Path(f"{root / INDEX_NAME}{suffix}").unlink(missing_ok=True)
    lib.refresh()
    assert lib.model.rowCount() == 11


# ---------------------------------------------------------------------------------------------- 14: the log file

def test_a_failed_jobs_traceback_goes_to_the_log_file_not_stderr(qtbot, make_engine, Script, capsys):
    from aigc_studio.ui import logfile
    from aigc_studio.ui.widgets.diagnostics import environment_lines
    terminal = logging.StreamHandler(sys.stderr)           # what logging.basicConfig gives the app
    logging.getLogger().addHandler(terminal)
    try:
        eng = make_engine()
        job = eng.submit(Script(name="boom", steps=3, fail_at=1))
        qtbot.waitUntil(lambda: eng.job(job).is_final, timeout=10_000)
        assert eng.job(job).state == "failed"
        err = capsys.readouterr().err
        assert "Traceback" not in err and "broke at step 1" in err
        assert len([line for line in err.splitlines() if line.strip()]) <= 1
        log_file = logfile.installed_path()
        assert log_file == Path(os.environ["AIGC_STUDIO_HOME"]).resolve() / "log" / "aigc-studio.log" or \
            log_file == Path(os.environ["AIGC_STUDIO_HOME"]) / "log" / "aigc-studio.log"
        for h in logging.getLogger("aigc_studio").handlers:
            h.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "Traceback" in text and "boom broke at step 1" in text
        assert any(str(log_file) in line for line in environment_lines())     # Help › Diagnostics shows where
    finally:
        logging.getLogger().removeHandler(terminal)


# ---------------------------------------------------------------------------------------------- 9: a full disk

def test_a_full_disk_mid_batch_says_how_many_images_were_saved(qtbot, make_window, monkeypatch):
    import errno

    from test_image_panel import fake_items
    from test_image_panel import picture as colour

    from aigc_studio.core.base import atomic
    from aigc_studio.core.base.events import ImagePreview, Result

    def run(spec, ctx):
        yield ImagePreview(np.stack([colour(i + 1) for i in range(spec.count)]), 0)
        return Result(data={"items": fake_items(spec), "device": "cpu"})

    w = make_window()
    w.engine.runner_override["image"] = run
    panel = w.image_panel
    w.tabs.setCurrentWidget(panel)
    panel.count_spin.setValue(10)
    panel.generate()
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.canvas.image_count() == 10, timeout=20_000)
    real, pngs = atomic._write_all, []

    def disk_fills_up(f, data):
        if bytes(data[:4]) == b"\x89PNG":
            pngs.append(1)
            if len(pngs) > 6:
                raise OSError(errno.ENOSPC, "No space left on device")
        real(f, data)

    monkeypatch.setattr(atomic, "_write_all", disk_fills_up)
    panel.canvas.select_all() if hasattr(panel.canvas, "select_all") else None
    panel.save()
    text = panel.error_message.text()
    assert "Saved 6 of 10 images" in text and "The disk is full" in text     # was: "nothing was saved"
    root = Settings.load().output_path
    assert len(list(root.rglob("*.png"))) == 6
    assert not [p for p in root.rglob("*") if p.name.startswith(atomic.TEMP_PREFIX)]
    monkeypatch.setattr(atomic, "_write_all", real)
    panel.save()                                           # space again: the other 4, none twice
    assert len(list(root.rglob("*.png"))) == 10
