"""AssetStore, the index, atomic writes, load_spec and read_text_file (Qt-free, no torch)."""
from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from aigc_studio.core.assets import (INDEX_NAME, AssetStore, atomic_write_bytes, atomic_write_text, load_spec,
                                     model_slug, read_text_file)
from aigc_studio.core.base import atomic
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.specs import TextSpec

T0 = datetime(2024, 5, 6, 10, 30, 0, tzinfo=timezone.utc)


class Clock:
    """A clock that moves one second per call, so 'newest first' is well defined."""

    def __init__(self, start: datetime = T0):
        self.t = start

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


def spec(prompt: str = "moon over the river", seed: int = 42, **kw) -> TextSpec:
    return TextSpec(prompt=prompt, seed=seed, **kw)


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` (recursively) that are not the index database."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(INDEX_NAME))


@pytest.fixture
def store(tmp_path):
    s = AssetStore(tmp_path / "out", clock=Clock())
    yield s
    s.close()


# -- atomic writes ----------------------------------------------------------------------------------------------

def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    p = tmp_path / "a.txt"
    atomic_write_text(p, "first")
    atomic_write_text(p, "second ✓")
    assert p.read_text(encoding="utf-8") == "second ✓"
    assert os.listdir(tmp_path) == ["a.txt"]


def _fail_midway(f, data):
    """A write that gets half the bytes out, then the disk is full."""
    f.write(bytes(data[: len(data) // 2]))
    raise OSError(errno.ENOSPC, "No space left on device")


def test_atomic_write_full_disk_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_write_all", _fail_midway)
    with pytest.raises(OSError) as ei:
        atomic_write_bytes(tmp_path / "a.bin", b"x" * 10000)
    assert ei.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == []
    assert user_message(ei.value).startswith("The disk is full")


def test_atomic_write_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "settings.json"
    atomic_write_text(p, "old")
    monkeypatch.setattr(atomic, "_write_all", _fail_midway)
    with pytest.raises(OSError):
        atomic_write_text(p, "new" * 1000)
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["settings.json"]


def test_save_text_full_disk_leaves_nothing(store, monkeypatch):
    store.save_text("before", spec())
    before = leftovers(store.root)
    monkeypatch.setattr(atomic, "_write_all", _fail_midway)
    with pytest.raises(OSError) as ei:
        store.save_text("a poem " * 1000, spec())
    assert "The disk is full" in user_message(ei.value)
    assert leftovers(store.root) == before


def test_save_text_full_disk_on_the_sidecar_leaves_nothing(store, monkeypatch):
    real = atomic._write_all
    calls = []

    def second_fails(f, data):
        calls.append(1)
        if len(calls) == 2:
            _fail_midway(f, data)
        real(f, data)

    monkeypatch.setattr(atomic, "_write_all", second_fails)
    with pytest.raises(OSError):
        store.save_text("text", spec())
    assert leftovers(store.root) == []


def test_failure_after_the_first_file_is_published_removes_it(store, monkeypatch):
    real = atomic._link_exclusive

    def link(tmp, target):
        if target.name.endswith(".json"):
            raise OSError(errno.EIO, "I/O error")
        return real(tmp, target)

    monkeypatch.setattr(atomic, "_link_exclusive", link)
    with pytest.raises(OSError):
        store.save_text("text", spec())
    assert leftovers(store.root) == []


def test_publish_without_hard_links_falls_back_to_exclusive_create(tmp_path, monkeypatch):
    def no_link(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_link)
    (tmp_path / "a.txt.json").write_text("orphan")   # stem "a" is half taken: must move on to "b"
    paths = atomic.publish_new({".txt": b"T", ".txt.json": b"J"}, tmp_path, iter(["a", "b"]))
    assert paths == {".txt": tmp_path / "b.txt", ".txt.json": tmp_path / "b.txt.json"}
    assert (tmp_path / "b.txt").read_bytes() == b"T" and (tmp_path / "b.txt.json").read_bytes() == b"J"
    assert (tmp_path / "a.txt.json").read_text() == "orphan"
    assert sorted(os.listdir(tmp_path)) == ["a.txt.json", "b.txt", "b.txt.json"]


# -- naming and saving ----------------------------------------------------------------------------------------

def test_save_text_names_folder_and_sidecar(store):
    p = store.save_text("床前明月光，疑是地上霜。", spec("床前", seed=1234), {"device": "cpu", "tokens": 11})
    assert p == store.root / "2024-05-06" / "0001-tang-poems-zh-s1234.txt"
    assert p.read_bytes() == "床前明月光，疑是地上霜。".encode("utf-8")
    meta = json.loads(Path(str(p) + ".json").read_text(encoding="utf-8"))
    assert meta["app"] == "aigc-studio"
    assert meta["version"]
    assert meta["spec"]["kind"] == "text" and meta["spec"]["prompt"] == "床前" and meta["spec"]["seed"] == 1234
    assert meta["device"] == "cpu"
    assert meta["result"] == {"device": "cpu", "tokens": 11}
    assert datetime.fromisoformat(meta["created"]) == T0 + timedelta(seconds=1)


def test_repeated_saves_never_overwrite(store):
    paths = [store.save_text(f"text {i}", spec()) for i in range(25)]
    assert len(set(paths)) == 25
    assert [p.name for p in paths[:3]] == ["0001-tang-poems-zh-s42.txt", "0002-tang-poems-zh-s42.txt",
                                           "0003-tang-poems-zh-s42.txt"]
    for i, p in enumerate(paths):
        assert p.read_text(encoding="utf-8") == f"text {i}"
    assert paths[-1].name.startswith("0025-")


def test_names_skip_existing_files_and_orphan_sidecars(store):
    day = store.root / "2024-05-06"
    day.mkdir(parents=True)
    (day / "0007-other-s1.txt").write_text("someone else's")
    (day / "0008-tang-poems-zh-s42.txt.json").write_text("{}")     # an orphan sidecar
    p = store.save_text("new", spec())
    assert p.name == "0009-tang-poems-zh-s42.txt"
    assert (day / "0007-other-s1.txt").read_text() == "someone else's"
    assert (day / "0008-tang-poems-zh-s42.txt.json").read_text() == "{}"


def test_taken_names_are_skipped_not_overwritten(store, monkeypatch):
    day = store.root / "2024-05-06"
    day.mkdir(parents=True)
    (day / "0001-tang-poems-zh-s42.txt").write_text("keep me")
    # Pretend the folder scan missed it (another process saved in between): the link refuses the name.
    monkeypatch.setattr(AssetStore, "_names", staticmethod(
        lambda folder, sp: (f"{n:04d}-tang-poems-zh-s42" for n in range(1, 100))))
    p = store.save_text("new", spec())
    assert p.name == "0002-tang-poems-zh-s42.txt"
    assert (day / "0001-tang-poems-zh-s42.txt").read_text() == "keep me"


def test_concurrent_saves_never_collide(tmp_path):
    root = tmp_path / "out"
    stores = [AssetStore(root, clock=lambda: T0) for _ in range(2)]   # two stores: like two processes
    results: list[Path] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(k):
        try:
            for i in range(10):
                p = stores[k % 2].save_text(f"{k}-{i}", spec())
                with lock:
                    results.append(p)
        except BaseException as e:   # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == len(set(results)) == 60
    texts = sorted(p.read_text() for p in results)
    assert texts == sorted(f"{k}-{i}" for k in range(6) for i in range(10))
    for p in results:
        assert load_spec(p) == spec()
    assert len(stores[0].search(limit=1000)) == 60
    for s in stores:
        s.close()


def test_model_slug():
    assert model_slug("tang-poems-zh") == "tang-poems-zh"
    assert model_slug("/home/me/models/My GPT (small)/") == "my-gpt-small"
    assert model_slug("C:\\models\\Fortune_EN") == "fortune-en"
    assert model_slug("唐诗") == "model"
    assert len(model_slug("x" * 300)) <= 40


def test_saved_files_have_normal_permissions(store):
    p = store.save_text("x", spec())
    if os.name == "posix":
        assert p.stat().st_mode & 0o044 == 0o044 & ~atomic._UMASK


# -- unwritable output folder ---------------------------------------------------------------------------------

def test_output_folder_under_a_file_is_a_user_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    s = AssetStore(blocker / "out")
    with pytest.raises(UserError) as ei:
        s.save_text("x", spec())
    msg = str(ei.value)
    assert "The output folder" in msg and "cannot be written" in msg and "Choose another in Settings" in msg
    assert s.search() == []
    with pytest.raises(UserError, match="cannot be written"):
        s.ensure_writable()


def test_ensure_writable_makes_the_folder_and_leaves_nothing(tmp_path):
    s = AssetStore(tmp_path / "new" / "out")
    s.ensure_writable()
    assert (tmp_path / "new" / "out").is_dir()
    assert os.listdir(tmp_path / "new" / "out") == []


def test_permission_denied_is_a_user_error(store, monkeypatch):
    def denied(*a, **kw):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(UserError, match="cannot be written: Permission denied. Choose another in Settings"):
        store.save_text("x", spec())
    with pytest.raises(UserError, match="cannot be written: Permission denied"):
        store.ensure_writable()


# -- round trip -------------------------------------------------------------------------------------------------

def test_round_trip_save_then_load_spec(store):
    s = spec("Once upon a time «quoted» ✓", seed=2**32 - 1, temperature=0.0, top_k=0, stop=("\n\n", "END"),
             model="fortunes-en", max_new_tokens=77, device="cpu")
    p = store.save_text("…", s, {"tokens": 1})
    assert load_spec(p) == s
    assert load_spec(Path(str(p) + ".json")) == s
    assert store.search()[0].spec == s


def test_load_spec_from_png(tmp_path):
    from PIL import Image, PngImagePlugin

    from aigc_studio.core.base.specs import spec_to_dict
    s = spec("a png")
    info = PngImagePlugin.PngInfo()
    info.add_itxt("aigc-studio", json.dumps({"app": "aigc-studio", "version": "0", "spec": spec_to_dict(s)}))
    p = tmp_path / "x.png"
    Image.new("RGB", (4, 4)).save(p, pnginfo=info)
    assert load_spec(p) == s
    plain = tmp_path / "plain.png"
    Image.new("RGB", (4, 4)).save(plain)
    with pytest.raises(UserError, match="not saved by AIGC Studio"):
        load_spec(plain)


def test_load_spec_refuses_foreign_files(tmp_path):
    txt = tmp_path / "notes.txt"
    txt.write_text("hello")
    with pytest.raises(UserError, match="“notes.txt” was not saved by AIGC Studio"):
        load_spec(txt)
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}')
    with pytest.raises(UserError, match="not saved by AIGC Studio"):
        load_spec(other)
    with pytest.raises(UserError, match="not found"):
        load_spec(tmp_path / "missing.txt")
    with pytest.raises(UserError, match="is a folder"):
        load_spec(tmp_path)


def test_load_spec_corrupt_sidecar(store):
    p = store.save_text("x", spec())
    Path(str(p) + ".json").write_text('{"app": "aigc-studio", "spec": {', encoding="utf-8")
    with pytest.raises(UserError, match="is damaged .*not valid JSON"):
        load_spec(p)


def test_load_spec_unknown_kind(store):
    p = store.save_text("x", spec())
    side = Path(str(p) + ".json")
    meta = json.loads(side.read_text())
    meta["spec"]["kind"] = "hologram"
    side.write_text(json.dumps(meta))
    with pytest.raises(UserError, match="kind of job this version .* does not know .*hologram"):
        load_spec(side)


def test_load_spec_incomplete_spec(store):
    p = store.save_text("x", spec())
    side = Path(str(p) + ".json")
    meta = json.loads(side.read_text())
    del meta["spec"]["prompt"]
    side.write_text(json.dumps(meta))
    with pytest.raises(UserError, match="cannot be restored"):
        load_spec(p)


# -- read_text_file ---------------------------------------------------------------------------------------------

def test_read_text_file_utf8_and_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("床前明月光\r\nline".encode("utf-8"))
    assert read_text_file(p) == "床前明月光\nline"
    p.write_bytes(b"\xef\xbb\xbfwith bom")
    assert read_text_file(p) == "with bom"


def test_read_text_file_refuses_non_utf8(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("床前明月光".encode("gbk"))
    with pytest.raises(UserError, match="“gbk.txt” is not UTF-8 text"):
        read_text_file(p)
    b = tmp_path / "bin.txt"
    b.write_bytes(b"abc\x00def")
    with pytest.raises(UserError, match="not a text file"):
        read_text_file(b)


def test_read_text_file_refuses_huge_files(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 5000)
    with pytest.raises(UserError, match="too large"):
        read_text_file(p, max_bytes=4096)
    assert len(read_text_file(p, max_bytes=5000)) == 5000
    with pytest.raises(UserError, match="not found"):
        read_text_file(tmp_path / "nope.txt")


# -- the index --------------------------------------------------------------------------------------------------

def _fill(store):
    a = store.save_text("The Moon rises over the sea.", spec("moon"))
    b = store.save_text("Rain on the mountain.", spec("rain", seed=7, model="fortunes-en"))
    c = store.save_text("床前明月光", spec("床前", seed=9))
    return a, b, c


def test_index_is_sqlite_in_wal_mode(store):
    _fill(store)
    db = store.root / INDEX_NAME
    assert db.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 3


def test_search_filters_and_order(store):
    a, b, c = _fill(store)
    assert [r.path for r in store.search()] == [c, b, a]           # newest first
    assert [r.path for r in store.search("MOON")] == [a]           # case-insensitive, prompt and text
    assert [r.path for r in store.search("mountain")] == [b]       # text only
    assert [r.path for r in store.search("FORTUNES")] == [b]       # model
    assert [r.path for r in store.search("明月")] == [c]
    assert store.search("nothing like this") == []
    assert [r.path for r in store.search(kind="text")] == [c, b, a]
    assert store.search(kind="image") == []
    assert len(store.search(limit=2)) == 2
    r = store.search("moon")[0]
    assert r.kind == "text" and r.model == "tang-poems-zh" and r.preview == "The Moon rises over the sea."
    assert r.favourite is False and datetime.fromisoformat(r.created)


def test_preview_is_the_first_200_characters(store):
    store.save_text("x" * 1000, spec())
    assert store.search()[0].preview == "x" * 200


def test_favourites(store):
    a, b, c = _fill(store)
    store.set_favourite(b, True)
    assert [r.path for r in store.search(favourites=True)] == [b]
    assert store.get(b).favourite is True
    store.set_favourite(Path(str(b) + ".json"), False)               # the sidecar names the same asset
    assert store.search(favourites=True) == []


def test_delete_removes_file_sidecar_and_row(store):
    a, b, c = _fill(store)
    store.delete(b)
    assert not b.exists() and not Path(str(b) + ".json").exists()
    assert [r.path for r in store.search()] == [c, a]
    store.delete(b)   # already gone: no error


def test_delete_only_inside_root(store, tmp_path):
    _fill(store)
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    with pytest.raises(UserError, match="not in the output folder"):
        store.delete(outside)
    with pytest.raises(UserError, match="not in the output folder"):
        store.delete(store.root / ".." / "precious.txt")
    with pytest.raises(UserError):
        store.delete(store.root / INDEX_NAME)
    assert outside.read_text() == "keep"
    assert len(store.search()) == 3


def test_search_forgets_files_deleted_outside(store):
    a, b, c = _fill(store)
    a.unlink()
    assert [r.path for r in store.search()] == [c, b]


def test_rebuild_after_index_file_deleted(store):
    a, b, c = _fill(store)
    store.set_favourite(a, True)
    store.close()
    for f in store.root.glob(INDEX_NAME + "*"):
        f.unlink()
    fresh = AssetStore(store.root)
    try:
        assert [r.path for r in fresh.search()] == [c, b, a]
        assert [r.path for r in fresh.search(favourites=True)] == [a]     # favourites live in the sidecars too
        assert fresh.search("mountain")[0].path == b
        assert fresh.search()[0].spec == spec("床前", seed=9)
    finally:
        fresh.close()


def test_index_deleted_while_open_is_rebuilt(store):
    a, b, c = _fill(store)
    for f in store.root.glob(INDEX_NAME + "*"):
        f.unlink()
    assert [r.path for r in store.search()] == [c, b, a]
    assert (store.root / INDEX_NAME).exists()


def test_rebuild_after_index_corrupted(store):
    a, b, c = _fill(store)
    store.close()
    for f in store.root.glob(INDEX_NAME + "-*"):
        f.unlink()
    (store.root / INDEX_NAME).write_bytes(b"this is not a database at all" * 100)
    fresh = AssetStore(store.root)
    try:
        assert [r.path for r in fresh.search()] == [c, b, a]
        assert a.read_text() == "The Moon rises over the sea."       # no asset lost
        d = fresh.save_text("after", spec())
        assert fresh.search()[0].path == d
    finally:
        fresh.close()
    with sqlite3.connect(store.root / INDEX_NAME) as conn:
        assert conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 4


def test_empty_index_file_is_rebuilt(store):
    _fill(store)
    store.close()
    for f in store.root.glob(INDEX_NAME + "*"):
        f.unlink()
    (store.root / INDEX_NAME).write_bytes(b"")
    fresh = AssetStore(store.root)
    assert len(fresh.search()) == 3
    fresh.close()


def test_rebuild_index_rescans_and_skips_foreign_files(store):
    a, b, c = _fill(store)
    day = a.parent
    (day / "notes.txt").write_text("not ours")                        # no sidecar: not indexed
    (day / "0099-x-s1.txt").write_text("broken")
    (day / "0099-x-s1.txt.json").write_text("{broken")                 # corrupt sidecar: skipped
    (store.root / "misc").mkdir()
    assert store.rebuild_index() == 3
    assert {r.path for r in store.search()} == {a, b, c}


def test_search_on_a_missing_root_is_empty(tmp_path):
    s = AssetStore(tmp_path / "does-not-exist")
    assert s.search() == []
    assert s.rebuild_index() == 0
    assert not (tmp_path / "does-not-exist").exists()


def test_rebuild_keeps_rows_of_assets_saved_after_the_scan(tmp_path):
    """A rescan that missed an asset another store saved meanwhile must not drop its row (the file is there)."""
    root = tmp_path / "out"
    with AssetStore(root, clock=lambda: T0) as a:
        p = a.save_text("kept", spec())
        index = a._index
        index.replace_all([], still_there=lambda rel: (root / rel).exists())
        assert [r.path for r in a.search()] == [p]
        p.unlink()
        Path(str(p) + ".json").unlink()
        index.replace_all([], still_there=lambda rel: (root / rel).exists())
        assert index.count() == 0
