"""Issue "Hardening", findings 2, 4, 7, 9, 13 (Qt-free, no torch): files named inside settings are never read
blindly, the library index heals itself, embedded settings are checked like the form, a full disk says exactly
what was saved, two processes never share a number, a huge text chunk is "too large"."""
from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aigc_studio.core.assets import INDEX_NAME, AssetStore, load_spec
from aigc_studio.core.assets.index import AssetIndex
from aigc_studio.core.assets.metadata import EmbeddedSource, InvalidSettings
from aigc_studio.core.assets.store import partial_save_error
from aigc_studio.core.base import atomic
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.safe_read import (NotARegularFile, ReadCancelled, ReadTimedOut, call_with_deadline,
                                             is_regular_file, open_regular)
from aigc_studio.core.base.specs import ImageSpec, TextSpec, spec_from_json

T0 = datetime(2024, 5, 6, 10, 30, 0, tzinfo=timezone.utc)
fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def save_texts(root: Path, n: int, **kw) -> list[Path]:
    with AssetStore(root, clock=lambda: T0) as s:
        return [s.save_text(f"text {i}", TextSpec(prompt=f"p{i}", seed=i, **kw)) for i in range(n)]


def edit_sidecar(path: Path, change) -> None:
    side = path.with_name(path.name + ".json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    change(meta)
    side.write_text(json.dumps(meta), encoding="utf-8")


def sidecar(folder: Path, spec: dict, **meta) -> Path:
    p = folder / "a.txt"
    p.write_text("x", encoding="utf-8")
    body = {"app": "aigc-studio", "spec": spec, **meta}
    (folder / "a.txt.json").write_text(json.dumps(body), encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------ 4: the index heals itself

def test_a_hand_edited_sidecar_and_a_missing_index_lose_nothing(tmp_path):
    root = tmp_path / "out"
    paths = save_texts(root, 10)
    edit_sidecar(paths[1], lambda m: m["spec"].__setitem__("kind", ["text"]))   # unhashable: was a TypeError
    (root / INDEX_NAME).unlink()
    with AssetStore(root, clock=lambda: T0) as s:
        new = s.save_text("after", TextSpec(prompt="after", seed=99))    # was: "Unexpected error (TypeError)"
        assert new.exists()
        listed = {r.path for r in s.search()}
        assert len(listed) == 10 and new in listed and paths[1] not in listed   # 11 files, one bad: 10 listed
        assert list(s.skipped) == [f"{paths[1].parent.name}/{paths[1].name}"]
        assert "damaged" in next(iter(s.skipped.values()))


@pytest.mark.parametrize("change", [
    lambda m: m.__setitem__("created", 12),
    lambda m: m["spec"].__setitem__("directions", 5),
    lambda m: m["spec"].__setitem__("model", {"a": 1}),
    lambda m: m.__setitem__("favourite", "yes"),
    lambda m: m["spec"].__setitem__("kind", {"x": 1}),
])
def test_any_hand_edit_of_one_sidecar_never_stops_the_others(tmp_path, change):
    root = tmp_path / "out"
    paths = save_texts(root, 3)
    edit_sidecar(paths[0], change)
    (root / INDEX_NAME).unlink()
    with AssetStore(root) as s:
        assert s.rebuild_index() >= 2
        assert {r.path for r in s.search()} >= set(paths[1:])


def test_files_another_process_saved_are_listed_without_a_rebuild(tmp_path):
    root = tmp_path / "out"
    window = AssetStore(root, clock=lambda: T0)
    first = save_texts(root, 2)
    assert len(window.search()) == 2
    time.sleep(0.01)                          # another mtime for the day folder
    other = save_texts(root, 1, model="fortunes-en")[0]     # another store: like the command line
    # the other store's row is in the shared index; drop it to be the process whose index write was lost
    with sqlite3.connect(root / INDEX_NAME) as c:
        c.execute("DELETE FROM assets WHERE path LIKE ?", ("%" + other.name,))
    time.sleep(0.01)
    (other.parent / "touch").write_text("")   # the folder changes again (as the next save would do)
    (other.parent / "touch").unlink()
    listed = {r.path for r in window.search()}
    assert listed == set(first) | {other}
    window.close()


def test_assets_missing_from_the_index_are_added_when_a_store_opens(tmp_path):
    root = tmp_path / "out"
    paths = save_texts(root, 4)
    with sqlite3.connect(root / INDEX_NAME) as c:        # a kill -9 between the file and its index row
        c.execute("DELETE FROM assets WHERE path LIKE ?", ("%" + paths[2].name,))
    with AssetStore(root) as s:
        assert {r.path for r in s.search()} == set(paths)


def test_the_index_deleted_while_the_window_runs_is_rebuilt(tmp_path):
    root = tmp_path / "out"
    paths = save_texts(root, 3)
    with AssetStore(root) as s:
        assert len(s.search()) == 3
        for suffix in ("", "-wal", "-shm"):
            Path(f"{root / INDEX_NAME}{suffix}").unlink(missing_ok=True)
        assert {r.path for r in s.search()} == set(paths)
        assert s.refresh() == 3


def test_a_read_only_index_is_replaced_and_saves_are_indexed(tmp_path, monkeypatch):
    root = tmp_path / "out"
    save_texts(root, 2)
    real_connect = AssetIndex._connect
    opened = []

    def read_only_once(self):
        if not opened:       # what a read-only index file gives (root ignores file modes, so say it with a URI)
            opened.append(1)
            conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, check_same_thread=False,
                                   isolation_level=None)
            return conn
        return real_connect(self)

    monkeypatch.setattr(AssetIndex, "_connect", read_only_once)
    with AssetStore(root, clock=lambda: T0) as s:
        p = s.save_text("new", TextSpec(prompt="new", seed=7))
        assert p in {r.path for r in s.search()}        # was: the save unindexed and search failing
    with AssetStore(root) as s:
        assert len(s.search()) == 3


def test_temp_files_of_dead_processes_are_removed_live_ones_kept(tmp_path):
    root = tmp_path / "out"
    paths = save_texts(root, 1)
    day = paths[0].parent
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    left = day / f"{atomic.TEMP_PREFIX}{dead}-abc{atomic.TEMP_SUFFIX}"   # kill -9 mid-save
    left.write_bytes(b"half a file")
    mine = day / f"{atomic.TEMP_PREFIX}{os.getpid()}-def{atomic.TEMP_SUFFIX}"   # a save in progress
    mine.write_bytes(b"being written")
    legacy = day / f"{atomic.TEMP_PREFIX}old{atomic.TEMP_SUFFIX}"          # earlier versions: no PID
    legacy.write_bytes(b"")
    os.utime(legacy, (time.time() - 3 * 86400,) * 2)
    with AssetStore(root) as s:
        s.search()
    assert not left.exists() and not legacy.exists() and mine.exists()


def test_temp_names_carry_the_pid(tmp_path):
    tmp = atomic.write_temp(tmp_path, b"x")
    assert tmp.name.startswith(f"{atomic.TEMP_PREFIX}{os.getpid()}-")
    tmp.unlink()


# ------------------------------------------------------------------------------------ 7: embedded settings

@pytest.mark.parametrize("spec, words", [
    ({"kind": "image", "count": "ten"}, "The number of results must be between 1 and 64."),
    ({"kind": "text", "prompt": "a", "max_new_tokens": float("nan")}, "Max new tokens must be between 1 and 4096."),
    ({"kind": "text", "prompt": "a", "stop": 5}, "A setting has a value of the wrong type"),
    ({"kind": "audio", "seconds": "long"}, "The length must be between 0.1 and 10 seconds."),
    ({"kind": "image", "latents": [[1, "x"]], "mode": "latent"}, "A stored image latent is damaged"),
])
def test_wrongly_typed_settings_are_refused_in_the_forms_words(tmp_path, spec, words):
    with pytest.raises(InvalidSettings) as e:
        load_spec(sidecar(tmp_path, spec))
    assert words in str(e.value)
    assert any(words.split("(")[0] in p.message for p in e.value.problems)   # the form's Problems: translatable


def test_metadata_nested_100k_deep_is_refused_without_recursion(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("x")
    (tmp_path / "a.txt.json").write_text('{"app": "aigc-studio", "spec": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(UserError, match="nested more than"):
        load_spec(p)
    with pytest.raises(Exception) as e:
        spec_from_json("[" * 100_000 + "]" * 100_000)
    assert not isinstance(e.value, RecursionError)


def test_valid_settings_still_restore(tmp_path):
    assert load_spec(sidecar(tmp_path, {"kind": "text", "prompt": "moon", "seed": 3})) == TextSpec("moon", seed=3)


# ------------------------------------------------------------------------------------ 2: a source path inside

@fifo_only
def test_a_fifo_is_refused_at_once_never_waited_on(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert not is_regular_file(fifo)
    with pytest.raises(NotARegularFile, match="pipe"):
        open_regular(fifo)
    from aigc_studio.core.assets.images import ImageLoadError, load_image
    with pytest.raises(ImageLoadError, match="not an ordinary file"):
        load_image(fifo)
    side = tmp_path / "a.png"
    side.write_bytes(b"")
    os.mkfifo(tmp_path / "a.png.json")          # a FIFO where the sidecar should be: was a hang on the GUI thread
    with pytest.raises(UserError, match="not an ordinary file"):
        load_spec(side)


def test_an_encode_spec_inside_a_file_is_never_read_silently(tmp_path):
    p = sidecar(tmp_path, {"kind": "image", "mode": "encode", "model": "emoji-vae", "source": "/etc/passwd"})
    with pytest.raises(EmbeddedSource) as e:
        load_spec(p)
    assert e.value.source == "/etc/passwd" and e.value.spec.mode == "encode"
    assert load_spec(p, allow_source=True).source == "/etc/passwd"    # the window asked and the user said yes


def test_the_stored_latent_is_used_instead_of_the_source(tmp_path):
    p = sidecar(tmp_path, {"kind": "image", "mode": "encode", "model": "emoji-vae", "source": "/dev/zero"},
                result={"latent": [0.5] * 8})
    spec = load_spec(p)
    assert spec.mode == "latent" and spec.source == "" and spec.latents == ((0.5,) * 8,)


def test_a_source_in_another_mode_is_dropped(tmp_path):
    spec = load_spec(sidecar(tmp_path, {"kind": "image", "mode": "sample", "source": "/dev/zero"}))
    assert spec.source == ""


def test_a_blocking_read_honours_cancel_and_its_deadline():
    release = threading.Event()
    cancelled = threading.Event()
    threading.Timer(0.2, cancelled.set).start()
    with pytest.raises(ReadCancelled):
        call_with_deadline(lambda: release.wait(30), cancelled.is_set, timeout_s=30)
    clock = iter([0.0, 0.0, 100.0, 100.0, 100.0])
    with pytest.raises(ReadTimedOut, match="took longer than 60 seconds"):
        call_with_deadline(lambda: release.wait(30), None, timeout_s=60, clock=lambda: next(clock))
    release.set()
    assert call_with_deadline(lambda: 42) == 42
    with pytest.raises(ValueError):
        call_with_deadline(lambda: int("x"))


# ------------------------------------------------------------------------------------ 9: a full disk

def test_a_batch_stopped_by_a_full_disk_says_exactly_what_was_saved(tmp_path, monkeypatch):
    store = AssetStore(tmp_path / "out", clock=lambda: T0)
    saved = [store.save_text(f"t{i}", TextSpec(prompt="p", seed=i)) for i in range(6)]
    real = atomic._write_all

    def full(f, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", full)
    with pytest.raises(OSError) as e:
        store.save_text("t6", TextSpec(prompt="p", seed=6))
    monkeypatch.setattr(atomic, "_write_all", real)
    msg = str(partial_save_error(saved, 64, e.value))
    assert msg.startswith("The disk is full: 6 of 64 files were saved") and "the other 58 were not" in msg
    assert str(saved[-1]) in msg
    assert "nothing was saved" not in user_message(e.value)
    leftovers = [p.name for p in (tmp_path / "out").rglob("*") if p.name.startswith(atomic.TEMP_PREFIX)]
    assert leftovers == []


def test_disk_full_is_recognised_in_a_libraries_own_error():
    class SafetensorError(Exception):
        pass
    e = SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)")
    assert atomic.disk_full(e)
    assert user_message(e).startswith("The disk is full")


# ------------------------------------------------------------------------------------ 13: two processes, one folder

def test_two_stores_saving_at_once_never_share_a_number(tmp_path, monkeypatch):
    root = tmp_path / "out"
    real = AssetStore._names

    def slow_names(folder, spec):
        names = real(folder, spec)
        first = next(names)     # the folder was scanned: the highest number is known
        time.sleep(0.3)         # ... and the other process scans now (without a lock, it finds the same)
        yield first
        yield from names

    monkeypatch.setattr(AssetStore, "_names", staticmethod(slow_names))
    stores = [AssetStore(root, clock=lambda: T0) for _ in range(2)]
    out: list[Path] = []

    def save(k):
        out.append(stores[k].save_text(f"from {k}", TextSpec(prompt="p", seed=k, model=f"model-{k}")))

    threads = [threading.Thread(target=save, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = sorted(p.name.split("-")[0] for p in out)
    assert numbers == ["0001", "0002"], [p.name for p in out]


def test_saves_from_two_real_processes_get_unique_numbers(tmp_path):
    root = tmp_path / "out"
    code = ("import sys\nfrom aigc_studio.core.assets import AssetStore\nfrom aigc_studio.core.base.specs import "
            "TextSpec\ns = AssetStore(sys.argv[1])\nfor i in range(15):\n    s.save_text('x', TextSpec(prompt='p', "
            "seed=i, model=sys.argv[2]))\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(root), f"model-{k}"]) for k in range(2)]
    assert [p.wait(120) for p in procs] == [0, 0]
    names = [p.name for p in root.rglob("*.txt")]
    numbers = [n.split("-")[0] for n in names]
    assert len(names) == 30 and len(set(numbers)) == 30


def _png_with_ztxt(size: int) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGBA", (16, 16)).save(buf, "PNG")
    data = buf.getvalue()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    z = b"comment\0\0" + zlib.compress(b"a" * size, 9)
    return data[:33] + chunk(b"zTXt", z) + data[33:]


def test_a_50_mb_text_chunk_is_too_large_not_damaged(tmp_path):
    from aigc_studio.core.assets.images import ImageTooLarge, load_image
    p = tmp_path / "big-text.png"
    p.write_bytes(_png_with_ztxt(50_000_000))
    with pytest.raises(ImageTooLarge) as e:
        load_image(p)
    assert "too large" in str(e.value) and "damaged" not in str(e.value)
    with pytest.raises(UserError) as e2:
        load_spec(p)
    assert "too large" in str(e2.value)


def test_image_spec_round_trip_is_unchanged():
    s = ImageSpec(mode="latent", latents=((0.1, 0.2),), count=1)
    assert spec_from_json(json.dumps({"kind": "image", "mode": "latent", "latents": [[0.1, 0.2]], "count": 1})) == s


def test_kill_9_during_a_save_leaves_nothing_the_next_look_does_not_clean(tmp_path):
    """A real process killed (SIGKILL) while its file is half written, right after another save whose index row
    it never wrote: the next store removes the temp file and lists every saved asset."""
    import signal
    root = tmp_path / "out"
    code = """
import sys, time
from aigc_studio.core.assets import AssetStore
from aigc_studio.core.assets import store as store_module
from aigc_studio.core.base import atomic
from aigc_studio.core.base.specs import TextSpec
s = AssetStore(sys.argv[1])
s.save_text('first', TextSpec(prompt='p', seed=1))
store_module.AssetIndex.upsert = lambda self, row: time.sleep(3600)     # killed before the row is written
real = atomic._write_all
def half(f, data):
    real(f, data[: len(data) // 2]); f.flush(); print('half', flush=True); time.sleep(3600)
import threading
def second():
    s2 = AssetStore(sys.argv[1])
    s2.save_text('second', TextSpec(prompt='p', seed=2))
t = threading.Thread(target=second, daemon=True); t.start()
time.sleep(1.0)
atomic._write_all = half
s.save_text('third ' * 100, TextSpec(prompt='p', seed=3))
"""
    proc = subprocess.Popen([sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "half"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
    day = next(p for p in root.iterdir() if p.is_dir())
    assert [p for p in day.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)]     # what the kill left
    with AssetStore(root) as s:
        names = sorted(r.path.name for r in s.search())
    assert names == ["0001-tang-poems-zh-s1.txt", "0002-tang-poems-zh-s2.txt"]
    assert not [p for p in day.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)]
