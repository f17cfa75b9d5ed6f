"""`aigc-studio generate image` and `aigc-studio train gan|vae`, run in-process: saved PNGs carry the spec that
regenerates them exactly, exit codes and messages for bad input, trained model folders that load."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from image_fixtures import (GAN_CFG, VAE_CFG, drive, shapes_folder, tiny_gan_folder,  # noqa: F401
                            tiny_vae_folder, write_bad_pictures)
from PIL import Image

from aigc_studio.cli import run_cli
from aigc_studio.core.assets.metadata import load_spec, read_metadata
from aigc_studio.core.base.specs import ImageSpec

pytestmark = pytest.mark.usefixtures("one_thread")


def saved_paths(out: str) -> list[Path]:
    return [Path(line[len("saved: "):]) for line in out.splitlines() if line.startswith("saved: ")]


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        assert im.mode == "RGBA"
        return np.asarray(im).copy()


def regenerate(spec: ImageSpec) -> np.ndarray:
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.events import ImagePreview
    from aigc_studio.core.models.registry import ModelCache
    events, _ = drive(get_runner("image")(spec, JobContext(device=torch.device("cpu"), models=ModelCache())))
    return np.concatenate([e.images for e in events if isinstance(e, ImagePreview)])


# ------------------------------------------------------------------------------------------------ generate

def test_generate_saves_pngs_whose_spec_regenerates_them(tmp_path, tiny_gan_folder, capsys):
    code = run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--count", "3", "--seed", "5",
                    "--out", str(tmp_path / "out")])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    paths = saved_paths(cap.out)
    assert len(paths) == 3 and len(set(paths)) == 3
    for i, path in enumerate(paths):
        assert path.is_file() and path.suffix == ".png" and path.parent.parent == tmp_path / "out"
        assert not Path(str(path) + ".json").exists()                     # the spec is inside the PNG
        spec = load_spec(path)
        assert spec == ImageSpec(model=str(tiny_gan_folder), count=1, seed=5 + i, device="auto")
        im = pixels(path)
        assert im.shape == (16, 16, 4)
        assert np.array_equal(regenerate(spec)[0], im)
        meta = read_metadata(path)
        assert meta["result"]["label"] == f"seed {5 + i}"
    # the same command again: the same pictures, new files
    assert run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--count", "3", "--seed", "5",
                    "--out", str(tmp_path / "out")]) == 0
    again = saved_paths(capsys.readouterr().out)
    assert not set(again) & set(paths)
    assert all(np.array_equal(pixels(a), pixels(b)) for a, b in zip(paths, again))


def test_generate_by_model_id_with_truncation(tmp_path, tiny_gan_folder, monkeypatch, capsys):
    monkeypatch.setenv("AIGC_STUDIO_MODELS_DIR", str(tiny_gan_folder.parent))
    assert run_cli(["generate", "image", "--model", "tiny-gan", "--count", "2", "--seed", "9", "--truncation", "0",
                    "--out", str(tmp_path / "out"), "--device", "cpu"]) == 0
    paths = saved_paths(capsys.readouterr().out)
    assert len(paths) == 2 and "tiny-gan" in paths[0].name
    spec = load_spec(paths[1])
    assert (spec.model, spec.seed, spec.truncation, spec.device) == ("tiny-gan", 10, 0.0, "cpu")
    assert np.array_equal(pixels(paths[0]), pixels(paths[1]))              # truncation 0: the average image


def test_generate_without_saving_and_with_a_random_seed(tmp_path, tiny_vae_folder, capsys):
    assert run_cli(["generate", "image", "--model", str(tiny_vae_folder), "--count", "2", "--no-save",
                    "--out", str(tmp_path / "out")]) == 0
    cap = capsys.readouterr()
    assert "generated 2 images" in cap.out and "saved:" not in cap.out
    assert "seed " in cap.err and not (tmp_path / "out").exists()


def test_generate_best_of(tmp_path, tiny_gan_folder, capsys):
    assert run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--count", "2", "--best-of", "6",
                    "--seed", "1", "--out", str(tmp_path / "out")]) == 0
    paths = saved_paths(capsys.readouterr().out)
    assert len(paths) == 2
    scores = [read_metadata(p)["result"]["score"] for p in paths]
    assert scores == sorted(scores, reverse=True)
    for p in paths:
        spec = load_spec(p)
        assert spec.mode == "sample" and spec.count == 1 and 1 <= spec.seed <= 6
        assert np.array_equal(regenerate(spec)[0], pixels(p))


def test_generate_encode_with_a_vae(tmp_path, tiny_vae_folder, shapes_folder, capsys):
    src = shapes_folder / "shape-001.png"
    assert run_cli(["generate", "image", "--model", str(tiny_vae_folder), "--encode", str(src), "--count", "3",
                    "--seed", "2", "--strength", "0.4", "--out", str(tmp_path / "out")]) == 0
    paths = saved_paths(capsys.readouterr().out)
    assert len(paths) == 3
    assert [read_metadata(p)["result"]["label"] for p in paths] == ["reconstruction", "variation 1", "variation 2"]
    for p in paths:
        spec = load_spec(p)
        assert spec.mode == "latent" and len(spec.latents) == 1 and len(spec.latents[0]) == 8
        assert np.array_equal(regenerate(spec)[0], pixels(p))


@pytest.mark.parametrize("args, words", [
    (["--count", "0"], "number of results must be between 1 and 64"),
    (["--count", "65"], "number of results"),
    (["--seed", "-1"], "seed must be between"),
    (["--truncation", "3"], "Truncation"),
    (["--best-of", "2", "--count", "3"], "keep at most N"),
    (["--best-of", "0"], "N must be between 1 and 1024"),
])
def test_generate_refuses_bad_settings(tmp_path, tiny_gan_folder, capsys, args, words):
    code = run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--out", str(tmp_path / "out"), *args])
    cap = capsys.readouterr()
    assert code == 2 and words in cap.err and "saved:" not in cap.out
    assert not (tmp_path / "out").exists()


def test_generate_errors_in_words(tmp_path, tiny_gan_folder, tiny_vae_folder, shapes_folder, capsys):
    out = ["--out", str(tmp_path / "out"), "--seed", "1"]
    assert run_cli(["generate", "image", "--model", str(tmp_path / "nothing-here"), *out]) == 2
    assert "no model folder" in capsys.readouterr().err
    assert run_cli(["generate", "image", "--model", "no-such-model", *out]) == 2
    assert "Unknown model 'no-such-model'" in capsys.readouterr().err
    src = str(shapes_folder / "shape-000.png")
    assert run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--encode", src, *out]) == 2
    assert "needs a VAE" in capsys.readouterr().err
    assert run_cli(["generate", "image", "--model", str(tiny_vae_folder), "--best-of", "4", "--count", "1",
                    *out]) == 2
    assert "GAN's discriminator" in capsys.readouterr().err
    bad = write_bad_pictures(tmp_path / "bad")
    for key, words in (("truncated", "damaged or incomplete"), ("bomb", "too large"), ("text", "text file")):
        assert run_cli(["generate", "image", "--model", str(tiny_vae_folder), "--encode", str(bad[key]), *out]) == 2
        err = capsys.readouterr().err
        assert words in err and bad[key].name in err
    assert run_cli(["generate", "image", "--model", str(tiny_vae_folder), "--encode",
                    str(tmp_path / "missing.png"), *out]) == 2
    assert "“missing.png” was not found" in capsys.readouterr().err
    assert list((tmp_path / "out").rglob("*.png")) == []


def test_an_unwritable_output_folder_fails_before_generating(tmp_path, tiny_gan_folder, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = run_cli(["generate", "image", "--model", str(tiny_gan_folder), "--out", str(blocker / "sub"),
                    "--seed", "1", "--count", "1"])
    cap = capsys.readouterr()
    assert code == 2 and "cannot be written" in cap.err and cap.out == ""


# ------------------------------------------------------------------------------------------------ train

@pytest.fixture
def tiny_recipes(tmp_path):
    """Recipes for tiny models (the defaults are the 64x64 shipped sizes: too slow for a test)."""
    recipes = {}
    for kind, model in (("gan", GAN_CFG), ("vae", VAE_CFG)):
        path = tmp_path / f"tiny-{kind}.json"
        path.write_text(json.dumps({"_comment": "tests", "model_type": kind, "model": model, "batch_size": 8,
                                    "data": "ignored/by/the/cli", "out": "ignored", "seed": 3}), encoding="utf-8")
        recipes[kind] = path
    return recipes


@pytest.mark.parametrize("kind, arch", [("gan", "gan"), ("vae", "image_vae")])
def test_train_writes_a_model_folder_that_generates(kind, arch, tmp_path, shapes_folder, tiny_recipes, capsys):
    out = tmp_path / f"my-{kind}"
    code = run_cli(["train", kind, "--data", str(shapes_folder), "--steps", "3", "--out", str(out),
                    "--recipe", str(tiny_recipes[kind]), "--device", "cpu"])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    assert saved_paths(cap.out) == [out]
    assert "training on CPU" in cap.err
    assert "step      3" in cap.out
    from aigc_studio.core.models.checkpoint import load_model_folder
    _, _, card = load_model_folder(out)
    assert (card["id"], card["kind"], card["architecture"], card["training"]["steps"]) == (f"my-{kind}", "image",
                                                                                            arch, 3)
    assert card["config"]["image_size"] == 16 and card["recipe"]["seed"] == 3
    assert card["data"]["source"] == str(shapes_folder)
    samples = sorted((tmp_path / f"my-{kind}.samples").iterdir())
    assert len(samples) == len({p.name for p in samples}) >= 4          # a sample per step + the final, none lost
    assert all(pixels(p).ndim == 3 for p in samples)
    assert run_cli(["generate", "image", "--model", str(out), "--count", "2", "--seed", "1",
                    "--out", str(tmp_path / "gen")]) == 0
    assert len(saved_paths(capsys.readouterr().out)) == 2


def test_train_refuses_a_folder_that_is_not_a_model_and_data_without_images(tmp_path, shapes_folder, tiny_recipes,
                                                                            capsys):
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "novel.txt").write_text("my only copy", encoding="utf-8")
    assert run_cli(["train", "gan", "--data", str(shapes_folder), "--steps", "2", "--out", str(docs),
                    "--recipe", str(tiny_recipes["gan"])]) == 2
    assert "not a model folder" in capsys.readouterr().err
    assert os.listdir(docs) == ["novel.txt"]
    bad = tmp_path / "bad"
    write_bad_pictures(bad)
    assert run_cli(["train", "vae", "--data", str(bad), "--steps", "2", "--out", str(tmp_path / "m"),
                    "--recipe", str(tiny_recipes["vae"])]) == 2
    err = capsys.readouterr().err
    assert "at least 2 readable images" in err and "half.png" in err      # the skipped files are named too
    assert run_cli(["train", "gan", "--data", str(tmp_path / "nowhere"), "--steps", "2",
                    "--out", str(tmp_path / "m")]) == 2
    assert "not a folder" in capsys.readouterr().err
    bad_recipe = tmp_path / "r.json"
    bad_recipe.write_text(json.dumps({"model": {"image_size": 20}}), encoding="utf-8")
    assert run_cli(["train", "gan", "--data", str(shapes_folder), "--steps", "2", "--out", str(tmp_path / "m"),
                    "--recipe", str(bad_recipe)]) == 2
    assert "power of two" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
