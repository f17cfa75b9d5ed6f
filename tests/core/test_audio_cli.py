"""`aigc-studio generate audio` and `aigc-studio train audio`, in-process, with a tiny model folder."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf
from audio_fixtures import SR, TINY_CFG, tiny_audio_folder, tone_folder  # noqa: F401  (fixtures)

from aigc_studio.cli import run_cli


def _saved(out: str) -> list[Path]:
    return [Path(line[len("saved: "):]) for line in out.splitlines() if line.startswith("saved: ")]


def test_generate_audio_saves_each_sound_with_its_settings(tmp_path, tiny_audio_folder, monkeypatch, capsys):
    monkeypatch.setenv("AIGC_STUDIO_MODELS_DIR", str(tiny_audio_folder.parent))     # found by its id
    args = ["generate", "audio", "--model", "tiny-audio", "--count", "3", "--seed", "40", "--seconds", "0.25",
            "--out", str(tmp_path / "out")]
    assert run_cli(args) == 0
    paths = _saved(capsys.readouterr().out)
    assert len(paths) == 3 and all(p.suffix == ".wav" and p.is_file() for p in paths)
    metas = [json.loads(Path(str(p) + ".json").read_text(encoding="utf-8")) for p in paths]
    assert [m["spec"]["seed"] for m in metas] == [40, 41, 42]
    assert all(m["spec"]["count"] == 1 and len(m["result"]["latent"]) == 4 for m in metas)
    y, sr = sf.read(paths[2], dtype="float32")
    assert sr == SR and len(y) == int(0.25 * SR)
    # the third sound alone, as FLAC: the same samples (up to 16-bit rounding)
    assert run_cli(["generate", "audio", "--model", "tiny-audio", "--count", "1", "--seed", "42", "--seconds",
                    "0.25", "--format", "flac", "--out", str(tmp_path / "out")]) == 0
    [flac] = _saved(capsys.readouterr().out)
    assert flac.suffix == ".flac"
    z, _ = sf.read(flac, dtype="float32")
    assert np.array_equal(y, z)


def test_generate_audio_errors_go_to_stderr(tmp_path, tiny_audio_folder, capsys):
    assert run_cli(["generate", "audio", "--model", str(tmp_path / "nope"), "--out", str(tmp_path)]) != 0
    cap = capsys.readouterr()
    assert cap.err and "saved:" not in cap.out
    assert run_cli(["generate", "audio", "--model", str(tiny_audio_folder), "--seconds", "60"]) == 2
    assert "between 0.1 and 10 seconds" in capsys.readouterr().err


def test_train_audio_command(tmp_path, tone_folder, capsys):
    recipe = tmp_path / "r.json"
    recipe.write_text(json.dumps({"model": TINY_CFG, "batch_size": 2, "stft_sizes": [64, 32], "sample_every": 2}), encoding="utf-8")
    out = tmp_path / "model"
    assert run_cli(["train", "audio", "--data", str(tone_folder), "--out", str(out), "--steps", "2",
                    "--recipe", str(recipe), "--device", "cpu"]) == 0
    text = capsys.readouterr().out
    assert _saved(text) == [out] and (out / "card.json").is_file()
    assert (tmp_path / "model.samples" / "step-000002.wav").is_file()
