"""The user's own models (core/models/manage.py, core/jobs/models.py, `aigc-studio models ...`): rename, export,
import (and every bad zip), delete; the jobs, their specs and the models-changed hook."""
from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from image_fixtures import build_tiny_gan

from aigc_studio.cli import run_cli
from aigc_studio.core import jobs
from aigc_studio.core.base.errors import InvalidParameters, ModelError, UserError
from aigc_studio.core.base.events import Progress
from aigc_studio.core.base.model_specs import ModelDeleteSpec, ModelExportSpec, ModelImportSpec, ModelRenameSpec
from aigc_studio.core.base.specs import SPEC_TYPES, spec_from_json, spec_to_json
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect
from aigc_studio.core.models import manage, registry
from aigc_studio.core.models.registry import ModelCache, list_models, resolve

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture
def shipped_dir(tmp_path, monkeypatch):
    """The only shipped-models folder the registry sees, holding one tiny GAN ("ship-gan")."""
    d = tmp_path / "shipped"
    d.mkdir()
    build_tiny_gan(d / "ship-gan", model_id="ship-gan", seed=1)
    monkeypatch.setattr(registry, "shipped_dirs", lambda: [d])
    return d


@pytest.fixture
def mine(user_models_dir, make_char_model):
    """A user text model "mine" (char GPT with tokenizer) in the user models folder."""
    folder, _, _ = make_char_model(user_models_dir / "mine", model_id="mine", seed=2)
    return folder


@pytest.fixture
def changes():
    seen: list[manage.ModelsChange] = []
    manage.add_models_changed_listener(seen.append)
    yield seen
    manage.remove_models_changed_listener(seen.append)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def entries(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def ctx() -> JobContext:
    return JobContext(device="cpu", models=ModelCache())


# ---------------------------------------------------------------------------------------------- round trip

def test_export_delete_import_round_trip_gives_identical_files_and_a_working_model(mine, tmp_path, changes):
    import torch

    before = files_of(mine)
    loaded = ModelCache().get("mine", "cpu")
    idx = torch.tensor([loaded.tokenizer.encode("the lazy")])
    with torch.inference_mode():
        want = loaded.model(idx)[0]

    out = manage.export_model("mine", tmp_path / "exports" / "mine")         # ".zip" is added
    assert out == tmp_path / "exports" / "mine.zip" and out.is_file()
    assert entries(out.parent) == ["mine.zip"]                                # no temporary file left
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["mine/README.md", "mine/card.json", "mine/model.safetensors",
                                         "mine/tokenizer.json"]

    gone = manage.delete_model("mine")
    assert not mine.exists() and gone.kept == ()
    assert set(gone.removed) == set(before)
    assert "mine" not in [m.id for m in list_models()]

    info = manage.import_model(out)
    assert info.id == "mine" and info.path == mine.resolve() and info.source == "user"
    assert files_of(mine) == before                                           # byte-identical, card included
    again = ModelCache().get("mine", "cpu")
    with torch.inference_mode():
        torch.testing.assert_close(again.model(idx)[0], want, rtol=0, atol=0)
    assert [c.op for c in changes] == ["deleted", "imported"]
    assert changes[-1].id == "mine" and changes[-1].path == str(mine.resolve())


def test_round_trip_of_an_image_model(user_models_dir, tmp_path):
    import torch

    folder, _ = build_tiny_gan(user_models_dir / "my-gan", model_id="my-gan", seed=4)
    weights = (folder / "model.safetensors").read_bytes()
    z = torch.randn(3, 8, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        want = ModelCache().get("my-gan", "cpu").model.G(z)
    out = manage.export_model("my-gan", tmp_path / "g.zip")
    manage.delete_model("my-gan")
    manage.import_model(out)
    assert (folder / "model.safetensors").read_bytes() == weights
    with torch.inference_mode():
        torch.testing.assert_close(ModelCache().get("my-gan", "cpu").model.G(z), want, rtol=0, atol=0)


def test_a_shipped_model_exports_and_imports_as_a_copy_with_a_new_id(shipped_dir, user_models_dir, tmp_path):
    out = manage.export_model("ship-gan", tmp_path / "ship.zip")
    first = manage.import_model(out)
    second = manage.import_model(out)
    assert (first.id, second.id) == ("ship-gan-2", "ship-gan-3")
    assert first.name == "Tiny ship-gan (2)" and second.name == "Tiny ship-gan (3)"
    assert json.loads((user_models_dir / "ship-gan-2" / "card.json").read_text())["id"] == "ship-gan-2"
    assert (first.path / "model.safetensors").read_bytes() == (shipped_dir / "ship-gan" / "model.safetensors") \
        .read_bytes()
    assert resolve("ship-gan").source == "shipped"                            # the shipped one is untouched
    assert {m.id for m in list_models("image")} == {"ship-gan", "ship-gan-2", "ship-gan-3"}
    with pytest.raises(ModelError, match="already installed"):
        manage.import_model(out, on_conflict="refuse")


# -------------------------------------------------------------------------------------------------- rename

def test_rename_changes_the_name_not_the_id(mine, changes):
    card = json.loads((mine / "card.json").read_text())
    card["name_zh"] = "旧名字"
    (mine / "card.json").write_text(json.dumps(card))
    from aigc_studio.core.models.readme import render_readme
    (mine / "README.md").write_text(render_readme(card), encoding="utf-8")
    weights = (mine / "model.safetensors").read_bytes()

    info = manage.rename_model("mine", "  My   poems 诗 ")
    assert (info.id, info.name, info.path) == ("mine", "My poems 诗", mine.resolve())
    new = json.loads((mine / "card.json").read_text())
    assert new["name"] == "My poems 诗" and "name_zh" not in new and new["id"] == "mine"
    assert (mine / "README.md").read_text(encoding="utf-8").startswith("# My poems 诗\n")
    assert (mine / "model.safetensors").read_bytes() == weights
    assert [m.name for m in list_models() if m.id == "mine"] == ["My poems 诗"]
    assert changes[-1] == manage.ModelsChange("renamed", "mine", str(mine.resolve()), "My poems 诗")


def test_rename_keeps_a_hand_written_readme_but_its_title(mine):
    (mine / "README.md").write_text("# Tiny mine\n\nMy own notes.\n", encoding="utf-8")
    manage.rename_model("mine", "Poems")
    assert (mine / "README.md").read_text(encoding="utf-8") == "# Poems\n\nMy own notes.\n"
    (mine / "README.md").write_text("Notes without a title.\n", encoding="utf-8")
    manage.rename_model("mine", "Poems 2")
    assert (mine / "README.md").read_text(encoding="utf-8") == "Notes without a title.\n"


@pytest.mark.parametrize("name, words", [("", "empty"), ("   ", "empty"), ("x" * 81, "too long"),
                                         ("bad\x07name", "control"), (None, "empty")])
def test_rename_refuses_bad_names(mine, name, words):
    before = files_of(mine)
    with pytest.raises(ModelError, match=words):
        manage.rename_model("mine", name)
    assert files_of(mine) == before


def test_shipped_and_unknown_models_cannot_be_renamed_or_deleted(shipped_dir, mine, tmp_path, make_char_model):
    for op in (lambda m: manage.rename_model(m, "x"), manage.delete_model):
        with pytest.raises(ModelError, match="shipped with the studio"):
            op("ship-gan")
        with pytest.raises(ModelError, match="Unknown model"):
            op("nope")
    elsewhere, _, _ = make_char_model(tmp_path / "elsewhere" / "other", model_id="other")
    with pytest.raises(ModelError, match="not in your models folder"):
        manage.delete_model(str(elsewhere))
    assert (shipped_dir / "ship-gan" / "model.safetensors").is_file() and (elsewhere / "card.json").is_file()


# -------------------------------------------------------------------------------------------------- export

def test_export_never_replaces_a_file_unless_asked(mine, tmp_path):
    out = tmp_path / "m.zip"
    out.write_bytes(b"precious")
    with pytest.raises(UserError, match="already exists"):
        manage.export_model("mine", out)
    assert out.read_bytes() == b"precious" and entries(tmp_path) == ["m.zip"]
    manage.export_model("mine", out, overwrite=True)
    assert zipfile.is_zipfile(out)
    again = manage.export_model("mine", tmp_path / "again.zip")
    assert again.read_bytes() == out.read_bytes()                   # the same model exports to the same bytes
    (tmp_path / "folder.zip").mkdir()           # an existing folder gets <folder>/<id>.zip (review round 1)
    assert manage.export_model("mine", tmp_path / "folder.zip", overwrite=True) == tmp_path / "folder.zip" / "mine.zip"
    (tmp_path / "folder.zip" / "mine.zip").unlink()
    (tmp_path / "folder.zip" / "mine.zip").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        manage.export_model("mine", tmp_path / "folder.zip", overwrite=True)


def test_export_refuses_an_incomplete_model(mine, tmp_path):
    (mine / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="tokenizer.json"):
        manage.export_model(str(mine), tmp_path / "m.zip")
    assert not (tmp_path / "m.zip").exists()


def test_a_cancelled_export_leaves_nothing(mine, tmp_path):
    gen = manage.export_steps("mine", tmp_path / "m.zip", cancelled=lambda: True)
    assert manage._drain(gen) is None
    assert entries(tmp_path) == []


# -------------------------------------------------------------------------------------------------- bad zips

@pytest.fixture
def good_zip(mine, tmp_path):
    """The export of "mine" and its files by name (the model itself is deleted: its id is free)."""
    out = manage.export_model("mine", tmp_path / "good.zip")
    with zipfile.ZipFile(out) as zf:
        files = {Path(n).name: zf.read(n) for n in zf.namelist()}
    manage.delete_model("mine")
    return out, files


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def assert_refused(path, words, user_models_dir, **kw):
    with pytest.raises(ModelError, match=words):
        manage.import_model(path, **kw)
    assert entries(user_models_dir) == []            # nothing extracted, no temporary folder left


def test_flat_zips_import_too(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    info = manage.import_model(make_zip(tmp_path / "flat.zip", files))
    assert info.id == "mine" and files_of(info.path) == files


@pytest.mark.parametrize("name", ["../card.json", "mine/../../card.json", "/etc/card.json", "C:/card.json",
                                  "mine\\card.json", "./card.json"])
def test_path_traversal_is_refused(good_zip, tmp_path, user_models_dir, name):
    _, files = good_zip
    bad = make_zip(tmp_path / "bad.zip", {**{f"mine/{k}": v for k, v in files.items() if k != "card.json"},
                                          name: files["card.json"]})
    assert_refused(bad, "unsafe path|more than one folder|several folders", user_models_dir)
    assert not (tmp_path / "card.json").exists()


def test_a_pickle_inside_is_refused_unopened(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    evil = pickle.dumps(Evil())
    for name in ("pytorch_model.bin", "model.pt", "weights.ckpt", "x.pkl"):
        bad = make_zip(tmp_path / "bad.zip", {**{f"mine/{k}": v for k, v in files.items()}, f"mine/{name}": evil})
        assert_refused(bad, "pickle files", user_models_dir)
    only = make_zip(tmp_path / "only.zip", {"mine/card.json": files["card.json"], "mine/pytorch_model.bin": evil})
    assert_refused(only, "pickle files", user_models_dir)
    assert not marker.exists()


@pytest.mark.parametrize("missing, words", [("card.json", "no card.json"), ("model.safetensors",
                                                                            "no model.safetensors"),
                                            ("tokenizer.json", "without tokenizer.json")])
def test_missing_files_are_refused(good_zip, tmp_path, user_models_dir, missing, words):
    _, files = good_zip
    bad = make_zip(tmp_path / "bad.zip", {f"mine/{k}": v for k, v in files.items() if k != missing})
    assert_refused(bad, words, user_models_dir)


def test_corrupt_and_foreign_files_are_refused(good_zip, tmp_path, user_models_dir):
    out, files = good_zip
    raw = out.read_bytes()
    (tmp_path / "noise.zip").write_bytes(os.urandom(4096))
    assert_refused(tmp_path / "noise.zip", "not a readable .zip", user_models_dir)
    (tmp_path / "half.zip").write_bytes(raw[: len(raw) // 2])
    assert_refused(tmp_path / "half.zip", "not a readable .zip", user_models_dir)
    (tmp_path / "empty.zip").write_bytes(b"")
    assert_refused(tmp_path / "empty.zip", "not a readable .zip", user_models_dir)
    assert_refused(tmp_path / "missing.zip", "no file", user_models_dir)
    assert_refused(tmp_path, "is a folder", user_models_dir)
    # a flipped byte inside the stored weights: the zip's CRC catches it while extracting
    at = raw.find(files["model.safetensors"][-64:])
    flipped = bytearray(raw)
    flipped[at + 10] ^= 0xFF
    (tmp_path / "flipped.zip").write_bytes(bytes(flipped))
    assert_refused(tmp_path / "flipped.zip", "damaged", user_models_dir)


def test_corrupt_card_and_weights_are_refused(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    card = json.loads(files["card.json"])

    def with_(**over):
        return make_zip(tmp_path / "bad.zip", {f"mine/{k}": v for k, v in {**files, **over}.items()})

    assert_refused(with_(**{"card.json": b"{not json"}), "not valid JSON", user_models_dir)
    assert_refused(with_(**{"card.json": json.dumps({**card, "format": "other"}).encode()}),
                   "not an AIGC Studio model card", user_models_dir)
    assert_refused(with_(**{"card.json": json.dumps({**card, "architecture": "exe"}).encode()}),
                   "unknown kind", user_models_dir)
    for bad_id in ("../x", ".hidden", "a/b", "", "x" * 101):
        assert_refused(with_(**{"card.json": json.dumps({**card, "id": bad_id}).encode()}),
                       "cannot be a folder name", user_models_dir)
    no_id = {k: v for k, v in card.items() if k != "id"}
    assert_refused(with_(**{"card.json": json.dumps(no_id).encode()}), "lacks 'id'", user_models_dir)
    assert_refused(with_(**{"model.safetensors": b"\x00" * 4}), "too short", user_models_dir)
    assert_refused(with_(**{"model.safetensors": struct.pack("<Q", 10**9) + b"{}"}), "damaged header",
                   user_models_dir)
    header = json.dumps({"w": {"dtype": "F32", "shape": [1000], "data_offsets": [0, 4000]}}).encode()
    assert_refused(with_(**{"model.safetensors": struct.pack("<Q", len(header)) + header + b"\x00" * 8}),
                   "outside the file", user_models_dir)
    # well-formed safetensors that do not fit the card: refused by loading the model once before it is installed
    from safetensors.torch import save as st_save
    import torch
    assert_refused(with_(**{"model.safetensors": st_save({"w": torch.zeros(3)})}), "does not hold a working model",
                   user_models_dir)


def test_unexpected_members_are_refused(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    base = {f"mine/{k}": v for k, v in files.items()}
    assert_refused(make_zip(tmp_path / "b.zip", {**base, "mine/run.sh": b"rm -rf ~"}), "files a model does not have",
                   user_models_dir)
    assert_refused(make_zip(tmp_path / "b.zip", {**base, "mine/sub/card.json": b"{}"}), "more than one folder",
                   user_models_dir)
    assert_refused(make_zip(tmp_path / "b.zip", {**{f"a/{k}": v for k, v in files.items() if k != "README.md"},
                                                 "b/README.md": files["README.md"]}), "several folders",
                   user_models_dir)
    with zipfile.ZipFile(tmp_path / "twice.zip", "w") as zf:
        for k, v in base.items():
            zf.writestr(k, v)
        with pytest.warns(UserWarning):
            zf.writestr("mine/README.md", b"again")
    assert_refused(tmp_path / "twice.zip", "twice", user_models_dir)
    link = zipfile.ZipInfo("mine/README.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as zf:
        for k, v in base.items():
            if k != "mine/README.md":
                zf.writestr(k, v)
        zf.writestr(link, "/etc/passwd")
    assert_refused(tmp_path / "link.zip", "link", user_models_dir)


def test_huge_files_and_zip_bombs_are_refused(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    base = {f"mine/{k}": v for k, v in files.items()}
    small = manage.ImportLimits(weights_bytes=len(files["model.safetensors"]) - 1)
    assert_refused(make_zip(tmp_path / "big.zip", base), "too large", user_models_dir, limits=small)
    bomb = make_zip(tmp_path / "bomb.zip", {**base, "mine/README.md": b"\0" * (8 << 20)})   # 8 MiB -> ~8 KiB
    assert_refused(bomb, "too large|zip bomb", user_models_dir)
    bomb2 = make_zip(tmp_path / "bomb2.zip", {**base, "mine/README.md": b"\0" * (8 << 20)})
    assert_refused(bomb2, "zip bomb", user_models_dir, limits=manage.ImportLimits(readme_bytes=64 << 20))
    many = make_zip(tmp_path / "many.zip", {**base, **{f"mine/{i}/": b"" for i in range(20)}})
    assert_refused(many, "entries", user_models_dir)


def test_a_lying_size_is_caught_while_extracting(good_zip, tmp_path, user_models_dir):
    """An entry that declares fewer bytes than it holds: zipfile stops at the declared size and the CRC fails."""
    _, files = good_zip
    out = make_zip(tmp_path / "lie.zip", {f"mine/{k}": v for k, v in files.items()}, zipfile.ZIP_STORED)
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        size = zf.getinfo("mine/README.md").file_size
    entry = raw.find(b"mine/README.md", raw.find(b"PK\x01\x02")) - 46      # its central directory record
    assert raw[entry:entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", raw, entry + 24, size - 10)                       # the uncompressed size, shrunk
    (tmp_path / "lie2.zip").write_bytes(bytes(raw))
    assert_refused(tmp_path / "lie2.zip", "damaged", user_models_dir)


def test_a_card_asking_for_a_huge_model_is_refused_before_building_it(good_zip, tmp_path, user_models_dir):
    _, files = good_zip
    card = json.loads(files["card.json"])
    card["config"] = {**card["config"], "n_layer": 200, "n_embd": 4096, "n_head": 32}     # ~40 G parameters
    bad = make_zip(tmp_path / "bad.zip", {f"mine/{k}": v for k, v in {**files, "card.json": json.dumps(card)
                                                                       .encode()}.items()})
    assert_refused(bad, "more than its weights file holds", user_models_dir)


def test_not_enough_disk_space_is_said_before_extracting(good_zip, user_models_dir, monkeypatch):
    out, _ = good_zip
    monkeypatch.setattr(manage.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 1000))
    with pytest.raises(UserError, match="disk is full"):
        manage.import_model(out)
    assert entries(user_models_dir) == []


# -------------------------------------------------------------------------------------------------- delete

def test_delete_removes_only_the_studios_files(mine, changes):
    (mine / "my-notes.txt").write_text("mine")
    gone = manage.delete_model("mine")
    assert gone.kept == ("my-notes.txt",) and "model.safetensors" in gone.removed
    assert entries(mine) == ["my-notes.txt"]
    assert "mine" not in [m.id for m in list_models()]
    assert changes[-1].op == "deleted" and changes[-1].id == "mine"
    assert [p.name for p in mine.parent.iterdir()] == ["mine"]         # no hidden leftovers


def test_a_failing_listener_does_not_undo_the_change(mine):
    def boom(change):
        raise RuntimeError("view bug")
    manage.add_models_changed_listener(boom)
    try:
        assert manage.rename_model("mine", "Still renamed").name == "Still renamed"
    finally:
        manage.remove_models_changed_listener(boom)


def test_notify_without_a_change_says_changed(changes):
    manage.notify_models_changed()
    assert changes == [manage.ModelsChange("changed", "", "")]
    manage.remove_models_changed_listener(changes.append)
    manage.notify_models_changed()
    assert len(changes) == 1


# -------------------------------------------------------------------------------------------------- jobs and specs

def test_the_specs_are_registered_and_round_trip():
    specs = [ModelRenameSpec("mine", "New"), ModelExportSpec("mine", "/tmp/x.zip", True),
             ModelImportSpec("/tmp/x.zip", "refuse"), ModelDeleteSpec("mine")]
    for s in specs:
        assert SPEC_TYPES[s.kind] is type(s)
        assert spec_from_json(spec_to_json(s)) == s
        assert jobs.get_runner(s.kind).__module__ == "aigc_studio.core.jobs.models"
        assert jobs.validate(s) is s
    bad = [ModelRenameSpec("", " "), ModelRenameSpec("m", "y" * 81), ModelExportSpec("m", ""),
           ModelImportSpec("", "merge"), ModelDeleteSpec(" ")]
    fields = [sorted(p.field for p in b.problems()) for b in bad]
    assert fields == [["model", "name"], ["name"], ["out"], ["on_conflict", "source"], ["model"]]
    with pytest.raises(InvalidParameters):
        jobs.validate(bad[0])


def test_jobs_rename_export_import_delete_and_drop_cached_copies(mine, tmp_path):
    c = ctx()
    c.models.get("mine", "cpu")
    assert len(c.models) == 1
    _, r = collect(jobs.get_runner("models-rename")(ModelRenameSpec("mine", "Renamed"), c))
    assert r.data == {"op": "renamed", "id": "mine", "name": "Renamed", "path": str(mine.resolve()),
                      "stopped": "done", "models_changed": True}
    assert len(c.models) == 0                                # the loaded copy had the old card
    assert c.models.get("mine", "cpu").info.name == "Renamed"

    events, r = collect(jobs.get_runner("models-export")(ModelExportSpec("mine", str(tmp_path / "e.zip")), c))
    assert r.paths == (str(tmp_path / "e.zip"),) and r.data["stopped"] == "done" and not r.data["models_changed"]
    ps = [e for e in events if isinstance(e, Progress)]
    assert ps and ps[-2].done == ps[-2].total and ps[-2].message == "Exporting"

    _, r = collect(jobs.get_runner("models-delete")(ModelDeleteSpec("mine"), c))
    assert r.data["op"] == "deleted" and r.data["kept"] == [] and len(c.models) == 0 and not mine.exists()

    events, r = collect(jobs.get_runner("models-import")(ModelImportSpec(str(tmp_path / "e.zip")), c))
    assert r.data["id"] == "mine" and r.data["name"] == "Renamed" and r.paths == (str(mine.resolve()),)
    assert {e.message for e in events if isinstance(e, Progress)} >= {"Importing", "Checking the model"}


def test_cancelled_jobs_leave_nothing(mine, tmp_path, user_models_dir):
    c = ctx()
    c.cancel()
    _, r = collect(jobs.get_runner("models-export")(ModelExportSpec("mine", str(tmp_path / "e.zip")), c))
    assert r.data["stopped"] == "cancelled" and not (tmp_path / "e.zip").exists()
    manage.export_model("mine", tmp_path / "e.zip")
    manage.delete_model("mine")
    _, r = collect(jobs.get_runner("models-import")(ModelImportSpec(str(tmp_path / "e.zip")), c))
    assert r.data["stopped"] == "cancelled" and entries(user_models_dir) == []


def test_a_refused_job_says_why(shipped_dir):
    with pytest.raises(ModelError, match="shipped with the studio"):
        collect(jobs.get_runner("models-delete")(ModelDeleteSpec("ship-gan"), ctx()))


# -------------------------------------------------------------------------------------------------- command line

def test_cli_rename_export_import_delete(mine, tmp_path, capsys, monkeypatch):
    assert run_cli(["models", "rename", "mine", "CLI name"]) == 0
    assert "now called CLI name" in capsys.readouterr().out
    assert run_cli(["models", "export", "mine", "--out", str(tmp_path / "m.zip")]) == 0
    assert capsys.readouterr().out.strip() == f"saved: {tmp_path / 'm.zip'}"
    assert run_cli(["models", "export", "mine", "--out", str(tmp_path / "m.zip")]) == 2
    assert "--force" in capsys.readouterr().err
    assert run_cli(["models", "export", "mine", "--out", str(tmp_path / "m.zip"), "--force"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run_cli(["models", "delete", "mine"]) == 2                  # nobody to answer: --yes needed
    assert "--yes" in capsys.readouterr().err and mine.exists()
    assert run_cli(["models", "delete", "mine", "--yes"]) == 0
    assert "deleted: mine" in capsys.readouterr().out and not mine.exists()
    assert run_cli(["models", "import", str(tmp_path / "m.zip")]) == 0
    assert "imported: mine (CLI name)" in capsys.readouterr().out
    assert run_cli(["models", "import", str(tmp_path / "m.zip"), "--refuse-taken"]) == 2
    assert "already installed" in capsys.readouterr().err
    assert run_cli(["models", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [m["name"] for m in listed if m["id"] == "mine"] == ["CLI name"]


def test_cli_refusals_are_one_line(shipped_dir, tmp_path, capsys):
    assert run_cli(["models", "delete", "ship-gan", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "shipped with the studio" in err and "Traceback" not in err
    (tmp_path / "x.zip").write_bytes(b"junk")
    assert run_cli(["models", "import", str(tmp_path / "x.zip")]) == 2
    assert "not a readable .zip" in capsys.readouterr().err
    assert run_cli(["models"]) == 0 and "ship-gan" in capsys.readouterr().out
