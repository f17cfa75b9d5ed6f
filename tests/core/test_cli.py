"""The command line (DESIGN.md §5), run in-process: streams, saves, exit codes and messages."""
from __future__ import annotations

import json
from pathlib import Path

import aigc_studio.core.jobs as jobs
from aigc_studio.cli import generate_text, run_cli
from aigc_studio.core.base.events import Log, Result, TextDelta


def _gen(tmp_path, folder, *extra):
    return run_cli(["generate", "text", "--prompt", "the quick", "--model", str(folder), "--max-new-tokens", "12",
                    "--out", str(tmp_path / "out"), *extra])


def test_generate_text_streams_saves_and_reproduces(tmp_path, tiny_char_folder, capsys):
    assert _gen(tmp_path, tiny_char_folder, "--seed", "5") == 0
    out1 = capsys.readouterr().out
    assert out1.startswith("the quick")
    saved = [line for line in out1.splitlines() if line.startswith("saved: ")]
    assert len(saved) == 1
    path = Path(saved[0][len("saved: "):])
    assert path.is_file() and Path(str(path) + ".json").is_file()
    meta = json.loads(Path(str(path) + ".json").read_text(encoding="utf-8"))
    assert meta["spec"]["seed"] == 5 and meta["spec"]["prompt"] == "the quick"

    assert _gen(tmp_path, tiny_char_folder, "--seed", "5") == 0
    out2 = capsys.readouterr().out
    body = lambda s: s.split("\nsaved: ")[0]   # noqa: E731
    assert body(out1) == body(out2)            # same settings, same device -> same text
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 2   # never overwritten


def test_random_seed_is_reported(tmp_path, tiny_char_folder, capsys):
    assert _gen(tmp_path, tiny_char_folder, "--no-save") == 0
    cap = capsys.readouterr()
    assert "seed " in cap.err and "saved:" not in cap.out


def test_invalid_parameters_exit_2_with_message(tmp_path, tiny_char_folder, capsys):
    assert run_cli(["generate", "text", "--prompt", "  ", "--model", str(tiny_char_folder)]) == 2
    assert "prompt is empty" in capsys.readouterr().err
    assert _gen(tmp_path, tiny_char_folder, "--temperature", "9") == 2
    assert "Temperature" in capsys.readouterr().err


def test_unwritable_output_folder_fails_before_generating(tmp_path, tiny_char_folder, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = run_cli(["generate", "text", "--prompt", "the", "--model", str(tiny_char_folder),
                    "--out", str(blocker / "sub"), "--seed", "1"])
    cap = capsys.readouterr()
    assert code == 2 and "cannot be written" in cap.err
    assert cap.out == ""


def test_folder_that_is_not_a_model(tmp_path, capsys):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("hello")
    assert run_cli(["generate", "text", "--prompt", "hi", "--model", str(tmp_path / "junk"), "--no-save",
                    "--seed", "1"]) == 2
    assert "not" in capsys.readouterr().err.lower()


def test_models_json_lists_user_models(tmp_path, user_models_dir, make_char_model, capsys):
    make_char_model(user_models_dir / "my-poems", "my-poems")
    assert run_cli(["models", "--json"]) == 0
    models = json.loads(capsys.readouterr().out)
    mine = [m for m in models if m["id"] == "my-poems"]
    assert mine and mine[0]["source"] == "user" and mine[0]["kind"] == "text"


def test_a_missing_image_model_is_named(capsys, monkeypatch):
    monkeypatch.setattr("aigc_studio.core.models.registry.shipped_dirs", lambda: [])
    assert run_cli(["generate", "image", "--model", "no-such-model", "--count", "1", "--no-save"]) == 2
    err = capsys.readouterr().err
    assert "no-such-model" in err and "Traceback" not in err


def test_ctrl_c_during_a_job_exits_130_and_saves_nothing(tmp_path, monkeypatch, capsys):
    """Ctrl+C while an event is being handled: the job is closed (its finally: runs), nothing more is printed
    or saved, and the exit code is 130 with the word on stderr."""
    closed = []

    def job(spec, ctx):
        try:
            yield TextDelta(" one")
            yield Log("the output is slow", level="warning")
            yield TextDelta(" never")
            return Result(text=" one never", data={"stopped": "length"})
        finally:
            closed.append(spec.prompt)

    def ctrl_c(message):
        raise KeyboardInterrupt

    monkeypatch.setattr(jobs, "get_runner", lambda kind: job)
    monkeypatch.setattr(generate_text, "err", ctrl_c)          # the warning is being printed when Ctrl+C comes
    code = run_cli(["generate", "text", "--prompt", "count", "--seed", "1", "--stop", "END", "--device", "cpu",
                    "--out", str(tmp_path / "out")])
    cap = capsys.readouterr()
    assert code == 130 and cap.err.strip() == "aigc-studio: interrupted"
    assert cap.out == "count one" and closed == ["count"]
    assert not list((tmp_path / "out").rglob("*.txt"))
