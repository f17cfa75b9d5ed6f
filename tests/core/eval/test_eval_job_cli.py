"""The "evaluate" job, the eval-after-training hook and `aigc-studio eval` (JSON keys, messages, exit codes)."""
from __future__ import annotations

import json
import shutil

import pytest
import torch

from audio_fixtures import tiny_audio_folder, tone_folder  # noqa: F401
from image_fixtures import GAN_CFG, make_shapes_folder, tiny_gan_folder  # noqa: F401

from aigc_studio.cli.main import run_cli
from aigc_studio.core.base.eval_specs import EvalSpec
from aigc_studio.core.base.events import Log, Result
from aigc_studio.core.base.specs import spec_from_json, spec_to_json
from aigc_studio.core.jobs import get_runner, validate
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect

TEXT_KEYS = {"kind", "heldout_loss", "perplexity", "heldout_loss_per_char", "heldout_tokens", "model", "data"}
IMAGE_KEYS = {"kind", "samples", "reference_images", "feature_space", "fid", "fid_minimum_images", "kid", "kid_std",
              "kid_subset_size", "memorisation", "diversity", "groups", "notes", "model", "data", "seed"}


def _ctx():
    return JobContext(device=torch.device("cpu"), models=None)


def test_spec_round_trips_and_checks_its_fields():
    spec = EvalSpec(model="fortunes-en", data="held.txt", samples=64, seed=3)
    assert spec_from_json(spec_to_json(spec)) == spec and validate(spec) is spec
    bad = EvalSpec(model="", data=" ", samples=1, seed=-1, device="gpu")
    fields = {p.field for p in bad.problems()}
    assert fields == {"model", "data", "samples", "seed", "device"}


def test_job_records_the_figures_in_the_card(tmp_path, tiny_audio_folder, tone_folder):
    folder = tmp_path / "model"
    shutil.copytree(tiny_audio_folder, folder)
    events, res = collect(get_runner("evaluate")(EvalSpec(model=str(folder), data=str(tone_folder)), _ctx()))
    assert isinstance(res, Result) and res.data["recorded"] is True
    assert res.data["evaluation"]["kind"] == "audio" and "log-spectral distance" in res.text
    card = json.loads((folder / "card.json").read_text())
    assert card["evaluation"]["heldout_lsd_db"] == res.data["evaluation"]["heldout_lsd_db"]
    assert "## Evaluation" in (folder / "README.md").read_text()


def test_job_cancelled_writes_nothing(tmp_path, tiny_audio_folder, tone_folder):
    folder = tmp_path / "model"
    shutil.copytree(tiny_audio_folder, folder)
    before = (folder / "card.json").read_bytes()
    ctx = _ctx()
    ctx.cancel()
    _, res = collect(get_runner("evaluate")(EvalSpec(model=str(folder), data=str(tone_folder)), ctx))
    assert res.data["stopped"] == "cancelled" and (folder / "card.json").read_bytes() == before


def test_cli_json_keys_text(tmp_path, make_char_model, capsys):
    folder, _, _ = make_char_model(tmp_path / "m", block_size=16)
    (tmp_path / "held.txt").write_text("the cat sat on the mat. " * 20, encoding="utf-8")
    assert run_cli(["eval", str(folder), "--data", str(tmp_path / "held.txt"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert TEXT_KEYS <= set(out) and out["device"] == "cpu"
    assert "evaluation" not in json.loads((folder / "card.json").read_text())      # no --record: card untouched


def test_cli_json_keys_image_and_kid_fallback(tmp_path, tiny_gan_folder, capsys):
    held = make_shapes_folder(tmp_path / "held", n=6, seed=4)
    assert run_cli(["eval", str(tiny_gan_folder), "--data", str(held), "--json", "--samples", "8",
                    "--train", str(make_shapes_folder(tmp_path / "train", n=6, seed=5))]) == 0
    cap = capsys.readouterr()
    out = json.loads(cap.out)
    assert IMAGE_KEYS <= set(out) and out["fid"] is None and out["kid"] is not None
    assert "FID needs at least 65 images" in cap.err and "KID is given instead" in cap.err
    assert out["feature_space"]["network"] == "emoji-feature-net"


def test_cli_plain_output_and_record(tmp_path, tiny_audio_folder, tone_folder, capsys):
    folder = tmp_path / "model"
    shutil.copytree(tiny_audio_folder, folder)
    assert run_cli(["eval", str(folder), "--data", str(tone_folder), "--record"]) == 0
    cap = capsys.readouterr()
    assert "held-out log-spectral distance" in cap.out and "heldout_lsd_db:" in cap.out
    assert "written into the model card" in cap.err
    assert "evaluation" in json.loads((folder / "card.json").read_text())


@pytest.mark.parametrize("case", ["missing-model", "missing-data", "wrong-kind", "bad-samples"])
def test_cli_errors_are_messages_not_tracebacks(tmp_path, tiny_gan_folder, capsys, case):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.txt").write_text("words")
    args = {"missing-model": ["no-such-model", "--data", str(tmp_path / "t")],
            "missing-data": [str(tiny_gan_folder), "--data", str(tmp_path / "nothing")],
            "wrong-kind": [str(tiny_gan_folder), "--data", str(tmp_path / "t")],
            "bad-samples": [str(tiny_gan_folder), "--data", str(tmp_path / "t"), "--samples", "0"]}[case]
    assert run_cli(["eval", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("aigc-studio: ")
    assert {"missing-model": "no-such-model", "missing-data": "does not exist", "wrong-kind": "holds text files",
            "bad-samples": "samples"}[case] in err


def test_training_job_evaluates_the_new_model(tmp_path):
    from aigc_studio.core.base.train_specs import TrainImageSpec
    data = make_shapes_folder(tmp_path / "data", n=30, seed=7)
    spec = TrainImageSpec(data=str(data), out=str(tmp_path / "gan"), device="cpu",
                          options={"model": GAN_CFG, "batch_size": 8, "steps": 2}, model_type="gan")
    events, res = collect(get_runner("train-image")(spec, _ctx()))
    ev = res.data["evaluation"]
    assert ev is not None and ev["kind"] == "image" and ev["reference_images"] == 3    # the trainer's 1 in 10
    assert ev["memorisation"]["train_images"] == 27 and ev["kid"] is not None
    card = json.loads((tmp_path / "gan" / "card.json").read_text())
    assert card["evaluation"]["kid"] == ev["kid"]
    assert any(isinstance(e, Log) and "Evaluating the new model" in e.message for e in events)


def test_stop_and_save_skips_the_evaluation(tmp_path):
    from aigc_studio.core.base.train_specs import TrainImageSpec
    data = make_shapes_folder(tmp_path / "data", n=30, seed=7)
    spec = TrainImageSpec(data=str(data), out=str(tmp_path / "gan"), device="cpu",
                          options={"model": GAN_CFG, "batch_size": 8, "steps": 50}, model_type="gan")
    ctx = _ctx()
    ctx.stop_and_save_event.set()
    _, res = collect(get_runner("train-image")(spec, ctx))
    assert res.data["stopped"] == "stop-and-save" and res.data["evaluation"] is None
    assert res.paths


def test_a_dataset_manifest_is_evaluation_data(tmp_path, tiny_audio_folder, tone_folder, capsys):
    from aigc_studio.core.data.dataset import Manifest
    sounds = sorted(tone_folder.glob("*.wav"))
    m = Manifest(kind="audio", root=tone_folder, files=[{"path": p.name} for p in sounds[:3]])
    path = m.save(tmp_path / "held.json")
    assert run_cli(["eval", str(tiny_audio_folder), "--data", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["heldout_sounds"] == 3
    wrong = Manifest(kind="text", root=tmp_path, files=[]).save(tmp_path / "texts.json")
    assert run_cli(["eval", str(tiny_audio_folder), "--data", str(wrong)]) == 2
    assert "holds text files, not sounds" in capsys.readouterr().err
