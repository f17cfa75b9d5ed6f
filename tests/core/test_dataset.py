"""Dataset scanning, reports and manifests (core.data.dataset*): every bad input of issue 9's list for datasets."""
from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.data import dataset_probe, dataset_scan
from aigc_studio.core.data.dataset import DatasetError, Manifest, dataset_files, dataset_root
from aigc_studio.core.data.dataset_scan import run_scan, scan

SR = 16000


def picture(seed: int, size: int = 32, alpha: bool = False) -> np.ndarray:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (8, 8, 4), dtype=np.uint8)
    a = np.asarray(Image.fromarray(small).resize((size, size), Image.Resampling.BILINEAR))
    a = a.copy()
    a[..., 3] = 255 if not alpha else a[..., 3]
    return a


def save_png(path: Path, arr: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr).save(path)
    return path


def tone(hz: float, seconds: float = 0.5, amp: float = 0.5, sr: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * hz * t) * np.exp(-3 * t)).astype(np.float32)


def image_folder(tmp_path: Path) -> Path:
    d = tmp_path / "images"
    for i in range(6):
        save_png(d / f"img{i}.png", picture(i))
    return d


def by_path(entries: list[dict]) -> dict[str, dict]:
    return {e["path"]: e for e in entries}


def events_of(gen) -> tuple[list, object]:
    evs = []
    while True:
        try:
            evs.append(next(gen))
        except StopIteration as done:
            return evs, done.value


# ---------------------------------------------------------------------------------------------- bad folders

def test_missing_and_empty_folders_are_refused_in_words(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        run_scan(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match="is empty"):
        run_scan(tmp_path / "empty")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.xyz").write_bytes(b"x")
    with pytest.raises(DatasetError, match="holds no images, sounds or text files"):
        run_scan(tmp_path / "junk")


def test_wrong_kind_says_what_the_folder_holds(tmp_path):
    d = image_folder(tmp_path)
    with pytest.raises(DatasetError, match=r"holds no sounds: it has 6 images"):
        run_scan(d, "audio")
    with pytest.raises(DatasetError, match="Unknown kind"):
        run_scan(d, "video")


def test_mixed_content_reports_the_majority_and_lists_the_others(tmp_path):
    d = image_folder(tmp_path)
    sf.write(d / "hit.wav", tone(440), SR)
    (d / "notes.txt").write_text("hello", encoding="utf-8")
    (d / "x.png.json").write_text("{}")          # a sidecar-like file of an image: not reported
    evs, res = events_of(scan(d))
    r = res.report
    assert r["kind"] == "image" and r["kind_detected"]
    assert r["files"] == 6 and r["usable"] == 6
    others = by_path(r["other_files"])
    assert set(others) == {"hit.wav", "notes.txt"}
    assert others["hit.wav"]["reason"] == "Not an image: by its name it is a sound."
    assert any(isinstance(e, Log) and e.level == "warning" for e in evs)
    assert any(isinstance(e, Progress) and e.total == 6 for e in evs)
    # the kind can be forced: the sound alone is then the dataset
    r2 = run_scan(d, "audio").report
    assert r2["kind"] == "audio" and r2["files"] == 1 and len(r2["other_files"]) == 7


def test_single_text_file(tmp_path):
    f = tmp_path / "novel.txt"
    f.write_text("Once upon a time.\nThe end.\n", encoding="utf-8")
    r = run_scan(f).report
    assert r["kind"] == "text" and r["files"] == 1 and r["items"][0]["lines"] == 2
    assert r["items"][0]["chars"] == len("Once upon a time.\nThe end.\n")
    assert dataset_files(f, "text") == [f]


# ---------------------------------------------------------------------------------------------- bad files

def test_corrupt_and_mislabelled_images_are_unreadable_with_reasons(tmp_path):
    d = image_folder(tmp_path)
    (d / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    good = (d / "img0.png").read_bytes()
    (d / "cut.png").write_bytes(good[: len(good) // 2])
    (d / "letter.png").write_text("Dear friend, this is not a picture.", encoding="utf-8")
    r = run_scan(d).report
    bad = by_path(r["unreadable"])
    assert set(bad) == {"broken.png", "cut.png", "letter.png"}
    assert bad["letter.png"]["code"] == "wrong_type" and "is a text file, not an image" in bad["letter.png"]["reason"]
    assert bad["broken.png"]["code"] == "damaged" and "damaged" in bad["broken.png"]["reason"]
    assert r["usable"] == 6 and r["files"] == 9


def test_decompression_bomb_is_refused_from_the_header(tmp_path):
    d = image_folder(tmp_path)
    # a PNG header claiming 20000 x 20000 pixels with almost no data: refused before decoding
    Image.new("1", (20000, 20000)).save(d / "bomb.png", optimize=True)
    assert (d / "bomb.png").stat().st_size < 200_000
    r = run_scan(d).report
    bad = by_path(r["unreadable"])
    assert bad["bomb.png"]["code"] == "too_large" and "too large" in bad["bomb.png"]["reason"]


def test_permission_error_skips_the_file_and_says_so(tmp_path, monkeypatch):
    d = image_folder(tmp_path)
    locked = d / "img3.png"
    os.chmod(locked, 0)
    try:
        if os.access(locked, os.R_OK):            # root reads anyway: simulate the error of the open
            real_open = open

            def deny(path, *a, **kw):
                if Path(path) == locked:
                    raise PermissionError(13, "Permission denied", str(path))
                return real_open(path, *a, **kw)
            monkeypatch.setattr("builtins.open", deny)
        r = run_scan(d).report
    finally:
        os.chmod(locked, 0o644)
    bad = by_path(r["unreadable"])
    assert bad["img3.png"]["code"] == "permission"
    assert bad["img3.png"]["reason"].startswith("Skipped: permission denied")
    assert r["usable"] == 5


def test_file_vanishing_mid_scan(tmp_path, monkeypatch):
    d = image_folder(tmp_path)
    real = dataset_probe.probe_image

    def vanish(path, thumbs=True):
        if path.name == "img2.png":
            path.unlink()
        return real(path, thumbs)
    monkeypatch.setattr(dataset_probe, "probe_image", vanish)
    r = run_scan(d).report
    assert by_path(r["unreadable"])["img2.png"]["code"] == "vanished"
    assert "disappeared" in by_path(r["unreadable"])["img2.png"]["reason"]
    assert r["usable"] == 5


def test_file_changing_mid_scan(tmp_path, monkeypatch):
    d = tmp_path / "texts"
    d.mkdir()
    for i in range(3):
        (d / f"t{i}.txt").write_text(f"text number {i}\n", encoding="utf-8")
    real = dataset_probe.probe_text

    def grow(path, thumbs=True, should_stop=None):
        item = real(path, thumbs, should_stop)
        if path.name == "t1.txt":
            with open(path, "a", encoding="utf-8") as f:
                f.write("still being written\n")
        return item
    monkeypatch.setattr(dataset_probe, "probe_text", grow)
    r = run_scan(d).report
    assert by_path(r["unreadable"])["t1.txt"]["code"] == "changed"
    assert r["usable"] == 2


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    d = image_folder(tmp_path)
    (d / "private").mkdir()
    save_png(d / "private" / "p.png", picture(9))
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **kw):
            if Path(dirpath).name == "private":
                onerror(PermissionError(13, "Permission denied", dirpath))
                continue
            yield dirpath, dirnames, filenames
    monkeypatch.setattr(dataset_scan.os, "walk", walk)
    r = run_scan(d).report
    assert by_path(r["unreadable"])["private/"]["code"] == "permission"
    assert r["files"] == 6


def test_text_encodings(tmp_path):
    d = tmp_path / "texts"
    d.mkdir()
    (d / "good.txt").write_text("Hello\n", encoding="utf-8")
    (d / "bom.txt").write_bytes("\ufeffBonjour\n".encode("utf-8"))
    (d / "latin.txt").write_bytes("café crème\n".encode("latin-1"))
    (d / "wide.txt").write_text("wide text", encoding="utf-16")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (d / "empty.txt").write_text("  \n\n", encoding="utf-8")
    r = run_scan(d).report
    bad = by_path(r["unreadable"])
    assert bad["latin.txt"]["code"] == "encoding" and "position 3" in bad["latin.txt"]["reason"]
    assert bad["wide.txt"]["code"] == "encoding" and "UTF-16" in bad["wide.txt"]["reason"]
    assert bad["bin.txt"]["code"] == "binary"
    assert by_path(r["outliers"])["empty.txt"]["code"] == "empty"
    assert "empty.txt" in by_path(r["suggested_exclusions"])
    assert r["usable"] == 2            # good, bom


def scan_with_peak(folder: Path, warm_up: Path) -> tuple[dict, int]:
    """Scan ``folder`` after scanning ``warm_up`` (imports, caches): ``(report, peak traced memory in bytes)``."""
    run_scan(warm_up)
    tracemalloc.start()
    try:
        r = run_scan(folder).report
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return r, peak


def test_huge_text_file_is_streamed_with_bounded_memory(tmp_path, monkeypatch):
    """An 8 MiB text file: hashed and normalised a chunk at a time (never read whole)."""
    monkeypatch.setattr(dataset_probe, "TEXT_CHUNK", 1 << 16)
    d = tmp_path / "big"
    d.mkdir()
    line = "The same line, again and again.   \n"
    with open(d / "big.txt", "w", encoding="utf-8") as f:
        for _ in range(8):
            f.write(line * ((1 << 20) // len(line)))
    (d / "small.txt").write_text("x " * 100, encoding="utf-8")
    size = (d / "big.txt").stat().st_size
    r, peak = scan_with_peak(d, warm_up=d / "small.txt")
    assert peak < 32 * dataset_probe.TEXT_CHUNK and peak < size / 4, (peak, size)   # bounded by the chunk
    items = by_path(r["items"])
    assert items["big.txt"]["size"] == size
    import hashlib
    assert items["big.txt"]["sha256"] == hashlib.sha256((d / "big.txt").read_bytes()).hexdigest()
    assert by_path(r["outliers"])["big.txt"]["code"] == "huge_text"


def test_huge_sound_file_is_read_in_blocks(tmp_path, monkeypatch):
    """A long sound (64 s of 48 kHz stereo float, 24 MB): read in blocks, memory stays small."""
    d = tmp_path / "snd"
    d.mkdir()
    with sf.SoundFile(d / "long.wav", "w", 48000, 2, "FLOAT") as f:
        block = np.repeat(tone(220, 1.0, sr=48000)[:, None], 2, axis=1)
        for _ in range(64):
            f.write(block)
    sf.write(d / "short.wav", tone(440), SR)
    r, peak = scan_with_peak(d, warm_up=d / "short.wav")
    assert peak < (d / "long.wav").stat().st_size / 8, peak
    items = by_path(r["items"])
    assert items["long.wav"]["seconds"] == pytest.approx(64.0)
    assert by_path(r["outliers"])["long.wav"]["code"] == "too_long"


# ---------------------------------------------------------------------------------------------- duplicates

def test_image_exact_and_near_duplicates(tmp_path):
    d = image_folder(tmp_path)
    shutil.copy(d / "img0.png", d / "copy-of-0.png")
    save_png(d / "big-1.png", np.asarray(Image.fromarray(picture(1)).resize((64, 64), Image.Resampling.LANCZOS)))
    jpeg = Image.fromarray(picture(2)[..., :3])
    jpeg.save(d / "img2.jpg", quality=85)
    r = run_scan(d).report
    assert r["exact_duplicates"] == [["copy-of-0.png", "img0.png"]]
    near = sorted(map(sorted, r["near_duplicates"]))
    assert ["big-1.png", "img1.png"] in near and ["img2.jpg", "img2.png"] in near
    flat = [p for g in near for p in g]
    assert not {"img3.png", "img4.png", "img5.png"} & set(flat)
    suggested = by_path(r["suggested_exclusions"])
    assert suggested["img0.png"]["code"] == "exact_duplicate"
    assert suggested["img1.png"]["code"] == "near_duplicate"
    assert r["usable"] == 6


def test_same_shape_in_other_colours_is_not_a_near_duplicate(tmp_path):
    """Sprites: one circle in several colours and sizes has the same brightness pattern (dHash) — the colour grid
    keeps them apart, so no one's drawing is left out as a "copy"."""
    d = tmp_path / "sprites"
    yy, xx = np.mgrid[:32, :32]
    for i, (colour, r) in enumerate((((216, 162, 130), 8), ((195, 186, 215), 7), ((44, 207, 165), 13),
                                     ((161, 138, 142), 13), ((20, 76, 122), 9))):
        a = np.zeros((32, 32, 4), np.uint8)
        m = (yy - 16) ** 2 + (xx - 16) ** 2 < r * r
        a[m, :3], a[m, 3] = colour, 255
        save_png(d / f"s{i}.png", a)
    save_png(d / "s2-big.png", np.asarray(Image.open(d / "s2.png").resize((64, 64), Image.Resampling.LANCZOS)))
    assert run_scan(d).report["near_duplicates"] == [["s2-big.png", "s2.png"]]


def test_sound_exact_and_near_duplicates(tmp_path):
    d = tmp_path / "snd"
    d.mkdir()
    base = tone(440)
    sf.write(d / "a.wav", base, SR)
    shutil.copy(d / "a.wav", d / "a-copy.wav")
    rng = np.random.default_rng(0)
    sf.write(d / "a-quiet.flac", 0.5 * base + 1e-4 * rng.standard_normal(len(base)).astype(np.float32), SR)
    sf.write(d / "a-22k.wav", np.interp(np.arange(int(len(base) * 22050 / SR)) * SR / 22050,
                                         np.arange(len(base)), base).astype(np.float32), 22050)
    sf.write(d / "b.wav", tone(1250), SR)
    sf.write(d / "c.wav", tone(440, seconds=1.5), SR)
    sf.write(d / "silent.wav", np.zeros(SR // 2, np.float32), SR)
    r = run_scan(d).report
    assert r["exact_duplicates"] == [["a-copy.wav", "a.wav"]]
    assert r["near_duplicates"] == [["a-22k.wav", "a-copy.wav", "a-quiet.flac"]]   # a.wav: in the exact group
    outs = by_path(r["outliers"])
    assert outs["silent.wav"]["code"] == "silent"
    assert by_path(r["suggested_exclusions"])["silent.wav"]["code"] == "silent"
    assert "b.wav" not in str(r["near_duplicates"]) and "c.wav" not in str(r["near_duplicates"])


def test_text_exact_and_near_duplicates(tmp_path):
    d = tmp_path / "texts"
    d.mkdir()
    (d / "a.txt").write_text("The Cat sat  on the mat.\n", encoding="utf-8")
    (d / "a2.txt").write_text("The Cat sat  on the mat.\n", encoding="utf-8")
    (d / "a3.md").write_text("the cat\tsat on the\nMAT.", encoding="utf-8")
    (d / "full.txt").write_text("ＴＨＥ　ｃａｔ sat on the mat.", encoding="utf-8")    # full-width (NFKC)
    (d / "b.txt").write_text("A dog sat on the log.", encoding="utf-8")
    r = run_scan(d).report
    assert r["exact_duplicates"] == [["a.txt", "a2.txt"]]
    assert r["near_duplicates"] == [["a.txt", "a3.md", "full.txt"]]


def test_normalised_text_hash_is_the_same_across_chunks(tmp_path, monkeypatch):
    words = " ".join(f"Wörd{i}" for i in range(3000))
    (tmp_path / "one.txt").write_text(words, encoding="utf-8")
    (tmp_path / "two.txt").write_text(words.upper().replace(" ", "  \n "), encoding="utf-8")
    fps = []
    for chunk in (1 << 20, 37):
        monkeypatch.setattr(dataset_probe, "TEXT_CHUNK", chunk)
        fps.append([dataset_probe.probe_text(tmp_path / n)["_fp"] for n in ("one.txt", "two.txt")])
    assert fps[0][0] == fps[0][1] == fps[1][0] == fps[1][1]


# ---------------------------------------------------------------------------------------------- outliers

def test_image_outliers(tmp_path):
    d = image_folder(tmp_path)
    save_png(d / "tiny.png", picture(7, size=10))
    save_png(d / "wide.png", np.asarray(Image.fromarray(picture(8)).resize((128, 32))))
    save_png(d / "blank.png", np.full((32, 32, 4), 200, np.uint8))
    save_png(d / "dot.png", picture(9, size=4))                # under 8 px: cannot be used at all
    r = run_scan(d).report
    outs = {(o["path"], o["code"]) for o in r["outliers"]}
    assert ("tiny.png", "tiny") in outs and ("wide.png", "aspect") in outs and ("blank.png", "blank") in outs
    assert by_path(r["unreadable"])["dot.png"]["code"] == "too_small"


def test_sound_outliers(tmp_path):
    d = tmp_path / "snd"
    d.mkdir()
    for i, hz in enumerate((220, 330, 440, 550, 660)):
        sf.write(d / f"n{i}.wav", tone(hz), SR)
    sf.write(d / "click.wav", tone(1000, seconds=0.01), SR)
    r = run_scan(d).report
    assert by_path(r["outliers"])["click.wav"]["code"] == "too_short"


# ---------------------------------------------------------------------------------------------- stopping

def test_should_stop_ends_the_scan_with_a_partial_report(tmp_path):
    d = image_folder(tmp_path)
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 3
    r = run_scan(d, should_stop=stop).report
    assert r["stopped"] and len(r["items"]) < 6


# ---------------------------------------------------------------------------------------------- manifests

def test_manifest_save_load_and_rescan_keep_choices(tmp_path):
    d = image_folder(tmp_path)
    shutil.copy(d / "img0.png", d / "zz-copy.png")
    res = run_scan(d)
    m = Manifest.from_report(res.report, augment={"hflip": True})
    assert "zz-copy.png" in m.excluded_names() and m.excluded_names()["zz-copy.png"]["by"] == "scan"
    assert len(m.files) == 6
    assert m.exclude("img3.png")
    assert m.include("zz-copy.png")
    before = {p: p.read_bytes() for p in d.iterdir()}
    path = m.save(tmp_path / "my-data")
    assert path.name == "my-data.json"
    assert {p: p.read_bytes() for p in d.iterdir()} == before      # the user's files are untouched
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "aigc-studio-dataset/1" and data["kind"] == "image" and data["augment"] == {"hflip": True}
    back = Manifest.load(path)
    assert back.included_names() == m.included_names()
    # rescan: a file removed, one added; the user's choices stand for files that still exist
    (d / "img5.png").unlink()
    save_png(d / "new.png", picture(42))
    res2 = run_scan(path)
    assert res2.manifest is not None and res2.manifest.kind == "image"
    m2 = Manifest.from_report(res2.report, previous=res2.manifest)
    names = set(m2.included_names())
    assert "img3.png" not in names and m2.excluded_names()["img3.png"]["by"] == "user"
    assert "zz-copy.png" in names                       # put back by the user
    assert "new.png" in names and "img5.png" not in names and "img5.png" not in m2.excluded_names()
    assert m2.augment == {"hflip": True}
    # dataset_files reads the manifest's included files
    files = dataset_files(path, "image")
    assert [f.name for f in files] == [n for n in m.included_names() if n != "img5.png"]   # img5: deleted
    assert dataset_root(path) == d
    with pytest.raises(DatasetError, match="holds images, not sounds"):
        dataset_files(path, "audio")


def test_bad_manifests_are_refused_in_words(tmp_path):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DatasetError, match="not valid JSON"):
        Manifest.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(DatasetError, match="not an AIGC Studio dataset"):
        Manifest.load(tmp_path / "y.json")
    (tmp_path / "z.json").write_text('{"format": "aigc-studio-dataset/1", "kind": "video", "root": "/"}')
    with pytest.raises(DatasetError, match="damaged"):
        Manifest.load(tmp_path / "z.json")
    with pytest.raises(DatasetError, match="not found"):
        Manifest.load(tmp_path / "none.json")
    # saving over a file that is not a manifest is refused; nothing is written
    other = tmp_path / "notes.json"
    other.write_text('{"mine": 1}', encoding="utf-8")
    m = Manifest(kind="text", root=tmp_path)
    with pytest.raises(DatasetError, match="not a dataset manifest"):
        m.save(other)
    assert other.read_text(encoding="utf-8") == '{"mine": 1}'


def test_dataset_files_for_folders_and_files(tmp_path):
    d = image_folder(tmp_path)
    (d / ".hidden.png").write_bytes(b"x")
    sf.write(d / "s.wav", tone(300), SR)
    assert [p.name for p in dataset_files(d, "image")] == [f"img{i}.png" for i in range(6)]
    assert [p.name for p in dataset_files(d, "audio")] == ["s.wav"]
    assert dataset_files(d / "s.wav", "audio") == [d / "s.wav"]
    with pytest.raises(DatasetError, match="neither a file, a folder nor a dataset manifest"):
        dataset_files(tmp_path / "nothing", "text")


def test_thumbnails_are_capped_but_flagged_files_keep_theirs(tmp_path, monkeypatch):
    d = image_folder(tmp_path)
    shutil.copy(d / "img5.png", d / "zz-copy.png")
    monkeypatch.setattr(dataset_scan, "MAX_THUMBNAILS", 2)
    res = run_scan(d)
    assert set(res.thumbnails) == {"img0.png", "img1.png", "img5.png", "zz-copy.png"}
    assert all(t.dtype == np.uint8 and t.shape[2] == 4 and max(t.shape[:2]) <= 48 for t in res.thumbnails.values())


def test_near_duplicate_groups_do_not_chain():
    """0~1~2~3 (each close to the next only): groups form around a first member, not a chain over everything."""
    values = np.array([0.0, 1.0, 2.0, 3.0, 10.0])
    groups = dataset_scan._star_groups(["a", "b", "c", "d", "e"],
                                       lambda i, lead: np.abs(values[lead] - values[i]) < 1.5)
    assert groups == [["a", "b"], ["c", "d"]]


def test_a_relative_root_is_relative_to_the_manifest(tmp_path):
    d = image_folder(tmp_path)
    (tmp_path / "hand.json").write_text(json.dumps({"format": "aigc-studio-dataset/1", "kind": "image",
                                                    "root": "images", "files": [{"path": "img1.png"}]}))
    assert dataset_files(tmp_path / "hand.json", "image") == [d / "img1.png"]


def test_huge_sparse_files_are_judged_without_reading_them_whole(tmp_path, monkeypatch):
    """1 GiB sparse files (no disk space used): a .txt of zeros is refused as binary from its first block and a
    .png that is not a picture from its header; nothing reads them through."""
    d = tmp_path / "mix"
    d.mkdir()
    (d / "ok.txt").write_text("fine\n", encoding="utf-8")
    for name in ("zeros.txt", "zeros.png"):
        with open(d / name, "wb") as f:
            f.truncate(1 << 30)
    read = []
    real_hash = dataset_probe.hash_file
    monkeypatch.setattr(dataset_probe, "hash_file", lambda p, stop=None: read.append(p.name) or real_hash(p, stop))
    r = run_scan(d, "text").report
    assert by_path(r["unreadable"])["zeros.txt"]["code"] == "binary"
    r = run_scan(d, "image").report
    assert by_path(r["unreadable"])["zeros.png"]["code"] in ("wrong_type", "damaged")
    assert "zeros.txt" not in read and "zeros.png" not in read


def test_a_changed_manifest_is_not_its_saved_file_any_more(tmp_path, monkeypatch):
    """Training reads a file that holds exactly what is shown: after a change, save_for_training writes a new file
    in the studio's datasets folder and never touches the user's saved one."""
    monkeypatch.setenv("AIGC_STUDIO_HOME", str(tmp_path / "home"))
    d = image_folder(tmp_path)
    m = Manifest.from_report(run_scan(d).report)
    mine = m.save(tmp_path / "mine.json")
    assert m.path == mine and m.save_for_training() == mine
    before = mine.read_bytes()
    m.exclude("img2.png")
    assert m.path is None
    copy = m.save_for_training()
    assert copy != mine and str(copy).startswith(str(tmp_path / "home")) and mine.read_bytes() == before
    assert "img2.png" not in [p.name for p in dataset_files(copy, "image")]
    assert "img2.png" in [p.name for p in dataset_files(mine, "image")]
