"""Hostile-input review, round 1 (H12): each test reproduces one finding of the reviewer and shows its fix."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from aigc_studio.cli import run_cli
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.data.dataset import DatasetError, Manifest, dataset_files, looks_like_manifest


# --- 1. --record never rewrites a shipped model --------------------------------------------------------------

def test_record_into_a_shipped_model_is_refused_before_evaluating(tmp_path, capsys):
    from aigc_studio.core.models.registry import resolve
    info = resolve("tang-poems-zh")
    card_before = (info.path / "card.json").read_bytes()
    readme_before = (info.path / "README.md").read_bytes()
    data = tmp_path / "d"
    data.mkdir()
    (data / "a.txt").write_text("床前明月光，疑是地上霜。\n", encoding="utf-8")
    assert run_cli(["eval", "tang-poems-zh", "--data", str(data), "--record"]) == 2
    assert "only into your own models" in capsys.readouterr().err
    assert (info.path / "card.json").read_bytes() == card_before
    assert (info.path / "README.md").read_bytes() == readme_before


def test_the_evaluate_job_refuses_recording_into_a_shipped_model(tmp_path):
    import aigc_studio.core.jobs.evaluate as evaluate_job
    from aigc_studio.core.base.eval_specs import EvalSpec
    spec = EvalSpec(model="tang-poems-zh", data=str(tmp_path), record=True)
    with pytest.raises(UserError, match="only into your own models"):
        next(evaluate_job.run(spec, ctx=None))


def test_record_refusal_allows_a_user_model(user_models_dir, tiny_char_folder):
    import shutil

    from aigc_studio.core.eval.card import record_refusal
    from aigc_studio.core.models.registry import resolve
    shutil.copytree(tiny_char_folder, user_models_dir / "tiny-char")
    assert record_refusal(resolve("tiny-char")) == ""
    assert "shipped" in record_refusal(resolve("fortunes-en"))


# --- 2. deeply nested JSON never ends in RecursionError -------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


def _model_zip(path: Path, card_text: str) -> Path:
    from aigc_studio.core.models.registry import resolve
    src = resolve("fortunes-en").path
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("m/card.json", card_text)
        z.write(src / "model.safetensors", "m/model.safetensors")
        z.write(src / "tokenizer.json", "m/tokenizer.json")
    return path


def test_importing_a_zip_whose_card_is_nested_100k_deep_says_so(tmp_path, capsys):
    z = _model_zip(tmp_path / "x.zip", DEEP)
    assert run_cli(["models", "import", str(z)]) == 2
    e = capsys.readouterr().err
    assert "x.zip is not a model the studio can import" in e and "Unexpected" not in e


def test_a_manifest_nested_100k_deep_is_damaged_for_scan_and_eval(tmp_path, capsys):
    m = tmp_path / "m.json"
    m.write_text('{"format":"aigc-studio-dataset/1","files":' + DEEP + "}", encoding="utf-8")
    assert run_cli(["dataset", "scan", str(m)]) == 2
    e = capsys.readouterr().err
    assert "m.json is damaged" in e and "Unexpected" not in e
    assert run_cli(["eval", "tang-poems-zh", "--data", str(m)]) == 2
    e = capsys.readouterr().err
    assert "m.json is damaged" in e and "Unexpected" not in e


def test_deeply_nested_tokenizer_and_run_files_are_refused_in_words(tmp_path):
    from aigc_studio.core.base.errors import ModelError
    from aigc_studio.core.models.tokenizers import load_tokenizer
    (tmp_path / "tokenizer.json").write_text(DEEP, encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        load_tokenizer(tmp_path)


# --- 3. export targets ----------------------------------------------------------------------------------------

def test_export_into_an_existing_folder_writes_the_zip_inside_it(tmp_path, capsys):
    out = tmp_path / "exports"
    out.mkdir()
    assert run_cli(["models", "export", "fortunes-en", "--out", str(out)]) == 0
    assert (out / "fortunes-en.zip").is_file()
    assert not (tmp_path / "exports.zip").exists()


def test_export_says_when_it_adds_zip_and_refuses_devices(tmp_path, capsys):
    assert run_cli(["models", "export", "fortunes-en", "--out", str(tmp_path / "mine")]) == 0
    assert ".zip added" in capsys.readouterr().err and (tmp_path / "mine.zip").is_file()
    if Path("/dev/null").exists():
        assert run_cli(["models", "export", "fortunes-en", "--out", "/dev/null", "--force"]) == 2
        assert "not an ordinary file" in capsys.readouterr().err
        assert not Path("/dev/null.zip").exists()


# --- 4. a crafted import names the zip, not the hidden temporary folder ---------------------------------------

def test_a_crafted_config_is_refused_naming_the_zip(tmp_path, capsys, user_models_dir):
    from aigc_studio.core.models.registry import resolve
    card = json.loads((resolve("fortunes-en").path / "card.json").read_text(encoding="utf-8"))
    card["id"] = "crafted"
    card["config"]["n_layer"] = 10_000_000
    z = _model_zip(tmp_path / "crafted.zip", json.dumps(card))
    assert run_cli(["models", "import", str(z)]) == 2
    e = capsys.readouterr().err
    assert "crafted.zip" in e and "n_layer" in e and ".partial" not in e and ".import-" not in e
    assert not any(p.name.startswith(".import-") for p in user_models_dir.iterdir())


# --- 5. every skipped user folder is named --------------------------------------------------------------------

def test_bad_user_cards_are_each_named_in_the_notes(user_models_dir, capsys):
    from aigc_studio.core.models.registry import list_models, resolve, skipped_models
    (user_models_dir / "arr").mkdir()
    (user_models_dir / "arr" / "card.json").write_text("[1,2]", encoding="utf-8")
    (user_models_dir / "dup").mkdir()
    (user_models_dir / "dup" / "card.json").write_bytes((resolve("tang-poems-zh").path / "card.json").read_bytes())
    ids = [m.id for m in list_models()]
    assert ids.count("tang-poems-zh") == 1
    skipped = {s.path.name: s.reason for s in skipped_models()}
    assert set(skipped) >= {"arr", "dup"}
    assert "tang-poems-zh is already used by a shipped model" in skipped["dup"]
    assert run_cli(["models"]) == 0
    e = capsys.readouterr().err
    assert "dup" in e and "arr" in e


# --- 6. control characters never reach the terminal raw ------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_control_characters_are_escaped_on_a_terminal_only():
    from aigc_studio.cli.common import escape_controls, terminal_text
    s = "a\x00b\x07c\x1b[2Jd\x1c\x1d\x1e\x1f\n\t春"
    shown = escape_controls(s)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert "\\x1b[2J" in shown and "\\x00" in shown and shown.endswith("\n\t春")
    assert terminal_text(s, _Tty()) == shown
    assert terminal_text(s, io.StringIO()) == s        # a file or a pipe keeps the exact text


def test_generate_text_echoes_an_escape_prompt_escaped_on_a_terminal(tmp_path, tiny_char_folder, monkeypatch):
    tty = _Tty()
    monkeypatch.setattr("sys.stdout", tty)
    assert run_cli(["generate", "text", "--model", str(tiny_char_folder), "--prompt", "\x1b[2Jthe",
                    "--max-new-tokens", "3", "--seed", "1", "--no-save"]) == 0
    out = tty.getvalue()
    assert "\x1b" not in out and out.startswith("\\x1b[2Jthe")


def test_train_samples_print_control_characters_escaped():
    import inspect

    import aigc_studio.cli.train as train_cli
    assert "escape_controls(ev.text)" in inspect.getsource(train_cli)


# --- 7. poem forms: checked before the echo, real counts, the CLI's words -------------------------------------

def test_form_errors_come_before_the_echo_with_the_real_count(capsys):
    rc = run_cli(["generate", "text", "--model", "tang-poems-zh", "--prompt", "春风吹又生春风吹又生春风吹又生，",
                  "--form", "wuyan-jueju", "--no-save"])
    cap = capsys.readouterr()
    assert rc == 2 and cap.out == ""                  # nothing echoed: the error is on a line of its own
    assert "has 15 characters" in cap.err and "春风吹又生春风吹又生春风吹又生" in cap.err


def test_a_model_without_poems_names_the_cli_value(capsys):
    assert run_cli(["generate", "text", "--model", "fortunes-en", "--form", "wuyan-jueju", "--prompt", "hi",
                    "--no-save"]) == 2
    assert "--form free" in capsys.readouterr().err


def test_more_verses_than_the_form_allows_is_said():
    from aigc_studio.core.models.poem_form import PoemFormError, normalise_prompt
    with pytest.raises(PoemFormError, match="more verses than the form"):
        normalise_prompt("床前明月光，疑是地上霜。举头望明月，低头思故乡。春风吹又生，野火烧不尽。", "wuyan-jueju")
    normalise_prompt("床前明月光，疑是地上霜。举头望明月，低头思故乡。", "wuyan-jueju")     # exactly four: fine


# --- 8. manifests -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content,words", [
    (b'{"format":"aigc-studio-dataset/99","kind":"text","root":".","files":[]}', "newer version"),
    (b"[1]", "not an AIGC Studio dataset"),
    (b"\xff\xfe\x00abc", "not an AIGC Studio dataset"),
])
def test_a_json_that_is_not_a_usable_manifest_is_never_read_as_text(tmp_path, content, words):
    m = tmp_path / "m.json"
    m.write_bytes(content)
    assert looks_like_manifest(m)
    with pytest.raises(DatasetError, match=words):
        dataset_files(m, "text")


def test_a_manifest_never_walks_a_crafted_root(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("hello there\n" * 20, encoding="utf-8")
    m = tmp_path / "m.json"
    m.write_text(json.dumps({"format": "aigc-studio-dataset/1", "kind": "text", "root": str(tmp_path / "nope"),
                             "files": [{"path": "a.txt"}]}), encoding="utf-8")
    loaded = Manifest.load(m)
    assert loaded.root == tmp_path                       # a root that is not a folder: the manifest's own
    (tmp_path / "elsewhere").mkdir()
    etc = tmp_path / "elsewhere" / "m2.json"            # its root is not its own folder nor inside it
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3):
        (big / f"{i}.txt").write_text("x\n", encoding="utf-8")
    etc.write_text(json.dumps({"format": "aigc-studio-dataset/1", "kind": "text", "root": str(big),
                               "files": [{"path": "0.txt"}]}), encoding="utf-8")
    assert run_cli(["dataset", "scan", str(etc), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 1                          # only what it lists, never a walk of its root


def test_a_manifest_listing_a_file_outside_its_folder_is_damaged(tmp_path):
    m = tmp_path / "m.json"
    m.write_text(json.dumps({"format": "aigc-studio-dataset/1", "kind": "text", "root": str(tmp_path),
                             "files": [{"path": "../../etc/passwd"}]}), encoding="utf-8")
    with pytest.raises(DatasetError, match="outside its folder"):
        Manifest.load(m)


def test_a_recipe_or_options_nested_100k_deep_is_refused_in_words(tmp_path):
    from aigc_studio.core.base.errors import InvalidParameters
    from aigc_studio.core.base.train_specs import recipe_options
    r = tmp_path / "r.json"
    r.write_text(DEEP, encoding="utf-8")
    with pytest.raises(InvalidParameters):
        recipe_options(r, tmp_path)
