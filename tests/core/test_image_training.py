"""The image trainer (core/training/image.py) and the train-image job on made-up pictures: a GAN and a VAE run
write model folders that load and generate, checkpoints resume bit for bit, stopping is clean, bad pictures are
skipped, bad folders and options are refused in words."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from image_fixtures import (GAN_CFG, VAE_CFG, build_tiny_gan, drive, make_shapes_folder,  # noqa: F401
                            shapes_folder, write_bad_pictures)
from safetensors.torch import load_file

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.events import Log, Metric, Progress, Result, Sample
from aigc_studio.core.models.checkpoint import load_model_folder
from aigc_studio.core.models.gan import GANConfig
from aigc_studio.core.jobs import problems as job_problems
from aigc_studio.core.jobs import validate
from aigc_studio.core.training.config import ImageTrainConfig, TrainingError, config_for
from aigc_studio.core.training.image import load_image_tensor, train_image

pytestmark = pytest.mark.usefixtures("one_thread")


def cfg(tmp_path: Path, data_folder: Path, name: str = "m", model_type: str = "gan", /,
        **kw) -> ImageTrainConfig:
    base = dict(data=str(data_folder), out=str(tmp_path / name), run_dir=str(tmp_path / f"{name}.run"),
                model_type=model_type, model=dict(GAN_CFG if model_type == "gan" else VAE_CFG), steps=4,
                batch_size=8, lr=2e-3, lr_d=2e-3, eval_every=2, sample_every=2, checkpoint_every=2, log_every=1,
                kl_warmup=2, seed=7)
    base.update(kw)
    return ImageTrainConfig(**base)


def metrics(events, name):
    return [e.value for e in events if isinstance(e, Metric) and e.name == name]


# ------------------------------------------------------------------------------------------------ runs

def test_a_gan_run_writes_a_model_folder_that_loads_and_generates(tmp_path, shapes_folder):
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, card={"id": "my-gan", "name": "My GAN"})))
    assert res["stopped"] == "steps" and res["step"] == 4 and res["out"] == str(tmp_path / "m")
    for name in ("d_loss", "g_loss", "d_real", "d_fake", "images_per_s"):
        assert len(metrics(events, name)) == 4, name
    assert [e.done for e in events if isinstance(e, Progress)] == [1, 2, 3, 4]
    samples = [e for e in events if isinstance(e, Sample)]
    assert [s.step for s in samples] == [0, 2, 4, 4]                # step 0, every 2 steps, the final model's
    assert all(s.data.dtype == np.uint8 and s.data.ndim == 3 and s.data.shape[2] == 4 for s in samples)
    model, tok, card = load_model_folder(Path(res["out"]))
    assert tok is None and card["id"] == "my-gan" and card["name"] == "My GAN"
    assert (card["kind"], card["architecture"], card["image_size"], card["channels"]) == ("image", "gan", 16, 4)
    assert card["config"] == GANConfig(**GAN_CFG).to_dict()
    assert card["weights_dtype"] == "float16" and card["parameters"] == model.num_params()
    assert {"d_real_heldout", "d_fake_samples", "d_loss", "g_loss"} <= set(card["metrics"])
    tr = card["training"]
    assert (tr["steps"], tr["stopped"], tr["images_seen"], tr["train_images"]) == (4, "steps", 32, 22)  # 24 - 10 %
    assert tr["world_size"] == 1 and tr["diffaugment"]                   # on for a small set
    assert card["recipe"]["steps"] == 4 and card["data"]["source"] == str(shapes_folder)
    readme = (Path(res["out"]) / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# My GAN") and "## Metrics" in readme and "DCGAN" in readme
    # the sliders are fitted: orthonormal directions, w_avg at the mean
    c = model.G.pca_components
    assert torch.allclose(c @ c.T, torch.eye(2), atol=1e-2)             # float16 on disk
    assert torch.equal(model.G.w_avg, model.G.pca_mean)
    # and the image job uses it
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.specs import ImageSpec
    from aigc_studio.core.models.registry import ModelCache
    _, result = drive(get_runner("image")(ImageSpec(model=res["out"], count=2, seed=1),
                                          JobContext(device=torch.device("cpu"), models=ModelCache())))
    assert len(result.data["items"]) == 2 and result.data["model"] == "my-gan"


def test_a_vae_run_writes_a_model_folder_that_loads(tmp_path, shapes_folder):
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, "m", "vae", steps=6, kl_warmup=4,
                                        beta_max=0.5)))
    assert res["stopped"] == "steps" and res["step"] == 6
    assert metrics(events, "beta") == [0.0, 0.125, 0.25, 0.375, 0.5, 0.5]   # KL annealing from 0
    assert len(metrics(events, "eval_recon_mae")) == 3 and len(metrics(events, "recon")) == 6
    model, _, card = load_model_folder(Path(res["out"]))
    assert (card["kind"], card["architecture"], card["id"]) == ("image", "image_vae", "m")
    assert {"recon_mae_255", "recon_psnr_db", "loss", "kl"} <= set(card["metrics"])
    assert 0 < card["metrics"]["recon_mae_255"] < 255
    readme = (Path(res["out"]) / "README.md").read_text(encoding="utf-8")
    assert "Convolutional VAE" in readme and "## Data" in readme
    assert torch.count_nonzero(model.pca_components.float()) > 0
    samples = [e for e in events if isinstance(e, Sample)]
    # every 10th of the 24 pictures is held out: 2 held-out pictures, each beside its reconstruction
    assert res["heldout"]["source"] == "split" and len(res["heldout"]["files"]) == 2
    assert samples[0].data.shape == (16, 16 * 2 * 2, 4)


def test_vae_training_lowers_the_loss(tmp_path, shapes_folder):
    events, _ = drive(train_image(cfg(tmp_path, shapes_folder, "m", "vae", steps=24, kl_warmup=1000,
                                      lr=3e-3, eval_every=0, sample_every=0, checkpoint_every=0)))
    loss = metrics(events, "recon")
    assert np.mean(loss[-4:]) < 0.8 * np.mean(loss[:4]), loss


@pytest.mark.parametrize("model_type", ["gan", "vae"])
def test_resume_continues_bit_for_bit(tmp_path, shapes_folder, model_type):
    # 4 steps in one go, against 2 steps, a stop, and a resumed run to 4
    drive(train_image(cfg(tmp_path, shapes_folder, "a", model_type, steps=4, hflip=True)))
    seen = []
    events, first = drive(train_image(cfg(tmp_path, shapes_folder, "b", model_type, steps=4, hflip=True),
                                      should_stop=lambda: len(seen) >= 2),
                          lambda ev: seen.append(ev.done) if isinstance(ev, Progress) else None)
    assert first["stopped"] == "cancelled" and first["step"] == 2 and first["out"] is None
    assert not (tmp_path / "b").exists()
    assert json.loads((tmp_path / "b.run" / "checkpoint" / "state.json").read_text())["step"] == 2
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, "b", model_type, steps=4, hflip=True)))
    assert any(isinstance(e, Log) and "Resumed from the checkpoint at step 2" in e.message for e in events)
    assert [e.done for e in events if isinstance(e, Progress)] == [3, 4]
    assert res["step"] == 4 and res["out"] == str(tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a.run" / "checkpoint").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b.run" / "checkpoint").iterdir())
    for f in [*(n for n in files if n.endswith(".safetensors")), "../../a/model.safetensors"]:
        a = load_file(str(tmp_path / "a.run" / "checkpoint" / f))
        b = load_file(str(tmp_path / "b.run" / "checkpoint" / f.replace("/a/", "/b/")))
        assert a.keys() == b.keys()
        for k in a:
            assert torch.equal(a[k], b[k]), (f, k)
    # no pickles anywhere in a run folder
    assert not [p for p in (tmp_path / "b.run").rglob("*") if p.suffix in (".pt", ".pth", ".pkl", ".bin")]


def test_more_steps_continue_a_finished_run_and_other_options_start_anew(tmp_path, shapes_folder):
    drive(train_image(cfg(tmp_path, shapes_folder, steps=2)))
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, steps=3)))
    assert any(isinstance(e, Log) and "step 2" in e.message for e in events) and res["step"] == 3
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, steps=3)))      # already there: no new step
    assert res["step"] == 3 and not metrics(events, "d_loss")
    assert "d_loss" in load_model_folder(Path(res["out"]))[2]["metrics"]
    other = dict(GAN_CFG, z_dim=4)
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, steps=2, model=other)))
    assert any(isinstance(e, Log) and e.level == "warning" and "new run" in e.message for e in events)
    assert res["step"] == 2 and load_model_folder(Path(res["out"]))[2]["config"]["z_dim"] == 4


def test_stop_and_save_writes_a_model(tmp_path, shapes_folder):
    n = []
    events, res = drive(train_image(cfg(tmp_path, shapes_folder, steps=1000), stop_and_save=lambda: len(n) >= 3),
                        lambda ev: n.append(1) if isinstance(ev, Progress) else None)
    assert res["stopped"] == "stop-and-save" and res["step"] == 3
    card = load_model_folder(Path(res["out"]))[2]
    assert card["training"]["stopped"] == "stop-and-save" and card["training"]["steps"] == 3


def test_fine_tuning_reuses_the_base_model(tmp_path, shapes_folder, monkeypatch):
    base, model0 = build_tiny_gan(tmp_path / "models" / "base-gan", "base-gan")
    monkeypatch.setenv("AIGC_STUDIO_MODELS_DIR", str(tmp_path / "models"))
    _, res = drive(train_image(cfg(tmp_path, shapes_folder, from_model="base-gan", steps=2,
                                   model={"image_size": 32})))                # ignored: the base model's size
    model, _, card = load_model_folder(Path(res["out"]))
    assert card["fine_tuned_from"] == "base-gan" and card["config"]["image_size"] == 16
    assert any(not torch.equal(a, b.float()) for a, b in zip(model0.G.state_dict().values(),
                                                              model.G.state_dict().values()))
    with pytest.raises(TrainingError, match="not a VAE"):
        drive(train_image(cfg(tmp_path, shapes_folder, "v", "vae", from_model=str(base), steps=2)))


# ------------------------------------------------------------------------------------------------ data

def test_unreadable_files_are_skipped_with_a_warning(tmp_path, shapes_folder):
    data = tmp_path / "data"
    shutil.copytree(shapes_folder, data)
    bad = write_bad_pictures(data / "bad")
    (data / "readme.txt").write_text("not a picture, and not an image name either")
    (data / ".hidden.png").write_bytes(b"whatever")
    x, skipped = load_image_tensor(data, 16, 4)
    assert x.shape == (24, 4, 16, 16) and len(skipped) == len(bad)
    events, res = drive(train_image(cfg(tmp_path, data, steps=2)))
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"
                and e.message.startswith("Skipped")]
    assert len(warnings) == len(bad)
    for path in bad.values():
        assert any(path.name in w for w in warnings), path.name
    held = [f for f in res["heldout"]["files"] if "/bad/" not in f]       # every 10th file, read or not
    assert res["heldout"]["source"] == "split" and len(res["heldout"]["files"]) == 2
    assert res["step"] == 2 and load_model_folder(Path(res["out"]))[2]["training"]["train_images"] == 24 - len(held)


def test_a_folder_without_readable_images_is_an_error(tmp_path):
    bad = tmp_path / "bad"
    write_bad_pictures(bad)
    with pytest.raises(TrainingError, match="at least 2 readable images"):
        drive(train_image(cfg(tmp_path, bad)))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TrainingError, match="at least 2 readable images"):
        drive(train_image(cfg(tmp_path, empty)))
    one = make_shapes_folder(tmp_path / "one", n=1)
    with pytest.raises(TrainingError, match="at least 2"):
        drive(train_image(cfg(tmp_path, one)))
    assert not (tmp_path / "m").exists()


def test_held_out_folder_without_images_is_an_error(tmp_path, shapes_folder):
    held = tmp_path / "held"
    write_bad_pictures(held)
    with pytest.raises(TrainingError, match="held-out"):
        drive(train_image(cfg(tmp_path, shapes_folder, eval_data=str(held))))


def test_rgb_models_see_pictures_composited_on_white(tmp_path):
    from PIL import Image
    folder = tmp_path / "pics"
    folder.mkdir()
    im = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    im.paste((255, 0, 0, 255), (0, 0, 8, 16))                          # left half opaque red, right transparent
    im.save(folder / "half.png")
    x, _ = load_image_tensor(folder, 16, 3)
    assert x.shape == (1, 3, 16, 16)
    assert torch.allclose(x[0, :, 4, 2], torch.tensor([1.0, -1.0, -1.0]))
    assert torch.allclose(x[0, :, 4, 13], torch.tensor([1.0, 1.0, 1.0]))      # white, not grey


# ------------------------------------------------------------------------------------------------ refusals

def test_an_out_folder_that_is_not_a_model_is_refused(tmp_path, shapes_folder):
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "novel.txt").write_text("my only copy", encoding="utf-8")
    with pytest.raises(TrainingError, match="not a model folder"):
        drive(train_image(cfg(tmp_path, shapes_folder, out=str(docs))))
    with pytest.raises(TrainingError, match="not a model folder"):
        drive(train_image(cfg(tmp_path, shapes_folder, out=str(shapes_folder))))   # the data itself
    assert (docs / "novel.txt").read_text(encoding="utf-8") == "my only copy"
    assert len(list(shapes_folder.iterdir())) == 24


@pytest.mark.parametrize("kw, words", [
    ({"model_type": "diffusion"}, "gan or vae"), ({"steps": 0}, "Steps"), ({"batch_size": 0}, "batch size"),
    ({"lr": 0.0}, "Learning rates"), ({"minutes": -1.0}, "negative"), ({"model": {"image_size": 24}}, "power of two"),
    ({"model": {"channels": 2}}, "channels"), ({"model": [16]}, "JSON object"), ({"log_every": 0}, "intervals"),
    ({"ema_decay": 1.5}, "optimiser"), ({"seed": -3}, "seed"), ({"save_dtype": "int8"}, "float16"),
    ({"lr": "fast"}, "wrong type"), ({"data": "/no/such/folder"}, "not a folder"),
    ({"eval_data": "/no/such/folder"}, "held-out")])
def test_bad_options_are_refused_in_words(tmp_path, shapes_folder, kw, words):
    c = cfg(tmp_path, shapes_folder, **kw)
    assert words in " ".join(map(str, c.problems()))
    with pytest.raises(TrainingError, match=words):
        drive(train_image(c))


def test_model_options_the_model_does_not_know_are_a_training_error(tmp_path, shapes_folder):
    with pytest.raises(TrainingError, match="unknown GAN options: colour"):
        drive(train_image(cfg(tmp_path, shapes_folder, model={**GAN_CFG, "colour": "red"})))
    with pytest.raises(TrainingError, match="unknown VAE options: d_width, g_width, w_dim, z_dim"):
        drive(train_image(cfg(tmp_path, shapes_folder, "m", "vae", model=dict(GAN_CFG))))


# ------------------------------------------------------------------------------------------------ the job

TINY_OPTIONS = {"model": GAN_CFG, "batch_size": 8}


def test_train_image_spec_and_job(tmp_path, shapes_folder):
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.specs import spec_from_json, spec_to_json
    from aigc_studio.core.base.train_specs import TrainImageSpec

    spec = TrainImageSpec(data=str(shapes_folder), out=str(tmp_path / "job-gan"), device="cpu",
                          options={**TINY_OPTIONS, "steps": 3, "seed": 2}, model_type="gan")
    assert spec_from_json(spec_to_json(spec)) == spec and validate(spec) is spec
    c = config_for(spec)
    assert (c.steps, c.seed, c.model_type, c.sample_every, c.eval_every, c.checkpoint_every) == (3, 2, "gan", 1, 1, 1)
    assert c.card["id"] == "job-gan"
    ctx = JobContext(device=torch.device("cpu"), models=None)
    events, res = drive(get_runner("train-image")(spec, ctx))
    assert isinstance(res, Result) and res.paths == (str(tmp_path / "job-gan"),)
    assert res.data["stopped"] == "steps" and res.data["step"] == 3
    assert all(not isinstance(getattr(e, "value", None), torch.Tensor) for e in events)
    assert load_model_folder(tmp_path / "job-gan")[2]["data"]["licence"] == "the user's own data"

    vspec = TrainImageSpec(data=str(shapes_folder), out=str(tmp_path / "job-vae"), device="cpu",
                           options={"model": VAE_CFG, "batch_size": 8, "steps": 6}, model_type="vae")
    assert config_for(vspec).kl_warmup == 2                           # shrinks with short runs
    _, res = drive(get_runner("train-image")(vspec, ctx))
    assert load_model_folder(Path(res.paths[0]))[2]["architecture"] == "image_vae"

    ctx2 = JobContext(device=torch.device("cpu"), models=None)
    ctx2.cancel()
    spec2 = TrainImageSpec(data=str(shapes_folder), out=str(tmp_path / "job2"), device="cpu",
                           options={**TINY_OPTIONS, "steps": 50})
    _, res2 = drive(get_runner("train-image")(spec2, ctx2))
    assert res2.data["stopped"] == "cancelled" and res2.paths == () and not (tmp_path / "job2").exists()


def test_train_image_spec_problems_are_worded_for_the_user(tmp_path, shapes_folder):
    from aigc_studio.core.base.train_specs import TrainImageSpec

    def problems(**kw):
        spec = TrainImageSpec(**{"data": str(shapes_folder), "out": str(tmp_path / "o"), **kw})
        return " ".join(p.text for p in job_problems(spec))

    assert problems() == ""
    assert "model type must be gan or vae" in problems(model_type="audio")
    assert "Unknown training options: colour" in problems(options={"colour": "red"})
    assert "power of two" in problems(options={"model": {"image_size": 100}})
    assert "wrong type" in problems(options={"steps": 3, "lr": "fast"})
    assert "not a JSON object" in problems(options="[1, 2")
    assert "not a folder" in problems(data=str(tmp_path / "missing"))
    assert "device must be" in problems(device="tpu")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("x")
    assert "not a model folder" in problems(out=str(docs))
    with pytest.raises(InvalidParameters):
        validate(TrainImageSpec(data=str(shapes_folder), out=str(docs)))


def test_train_image_spec_from_the_command_line_and_a_recipe(tmp_path, shapes_folder):
    from aigc_studio.core.base.train_specs import TrainImageSpec

    root = Path(__file__).resolve().parents[2]
    recipe = root / "recipes" / "emoji-vae.json"
    spec = TrainImageSpec.from_cli(data=shapes_folder, out=tmp_path / "o", minutes=2, recipe=recipe,
                                   model_type="vae")
    r = json.loads(recipe.read_text(encoding="utf-8"))
    c = config_for(spec)
    assert c.model == r["model"] and c.model_type == "vae" and c.minutes == 2 and c.steps == 10_000_000
    assert c.data == str(shapes_folder) and c.eval_data == "" and c.card["id"] == "o"     # not the recipe's own
    assert job_problems(spec) == []
    plain = TrainImageSpec.from_cli(data=shapes_folder, out=tmp_path / "o", steps=5, from_model="emoji-gan")
    assert config_for(plain).steps == 5 and config_for(plain).from_model == "emoji-gan"


def test_a_recipes_base_model_is_fine_tuned_unless_the_command_line_names_another(tmp_path, shapes_folder):
    """A recipe written as a fine-tune (``from_model``) fine-tunes that model from the command line; before, the
    spec's empty base model won over it and the run silently trained a new model of default size."""
    from aigc_studio.cli.main import build_parser
    from aigc_studio.cli.train import spec_from_args
    recipe = tmp_path / "finetune.json"
    recipe.write_text(json.dumps({"model_type": "gan", "from_model": "emoji-gan", "steps": 3}), encoding="utf-8")
    argv = ["train", "gan", "--data", str(shapes_folder), "--out", str(tmp_path / "o"), "--recipe", str(recipe)]
    spec = spec_from_args(build_parser().parse_args(argv))
    assert spec.from_model == "emoji-gan" and config_for(spec).from_model == "emoji-gan"
    assert "from_model" not in spec.option_values()
    other = spec_from_args(build_parser().parse_args(argv + ["--from", "emoji-vae"]))
    assert other.from_model == "emoji-vae" and config_for(other).from_model == "emoji-vae"
    recipe.write_text(json.dumps({"model_type": "gan", "from_model": ["emoji-gan"]}), encoding="utf-8")
    with pytest.raises(InvalidParameters, match="The base model must be a model id or folder"):
        spec_from_args(build_parser().parse_args(argv))
