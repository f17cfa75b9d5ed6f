"""Issue "Hardening", findings 2, 8, 9 in the jobs: a source file that would block is refused or waited for with
Cancel honoured; damaged (NaN/inf) models are named, not run; a full disk during a checkpoint keeps the previous
one and leaves no partial folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import torch
from audio_fixtures import tiny_audio_folder  # noqa: F401
from image_fixtures import drive, tiny_gan_folder, tiny_vae_folder  # noqa: F401
from safetensors.torch import load_file, save_file

from aigc_studio.core.base.errors import user_message
from aigc_studio.core.base.specs import AudioSpec, ImageSpec, TextSpec
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.damaged import DamagedModel
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.core.training import run_state

pytestmark = pytest.mark.usefixtures("one_thread")


def poisoned(folder: Path, dest: Path, value: float = float("nan")) -> Path:
    """A copy of a model folder with one weight tensor set to ``value``."""
    shutil.copytree(folder, dest)
    f = dest / "model.safetensors"
    from safetensors import safe_open
    with safe_open(str(f), "pt") as h:
        meta = h.metadata()
    sd = load_file(str(f))
    name = next(k for k, v in sd.items() if v.is_floating_point() and v.numel() > 1)
    sd[name] = sd[name].clone()
    sd[name].view(-1)[0] = value
    save_file(sd, str(f), metadata=meta)
    return dest


def ctx() -> JobContext:
    return JobContext(device=torch.device("cpu"), models=ModelCache())


# ------------------------------------------------------------------------------------ 8: damaged models

@pytest.mark.parametrize("which, value", [("gan", float("nan")), ("vae", float("inf"))])
def test_image_models_with_non_finite_weights_are_called_damaged(tmp_path, tiny_gan_folder, tiny_vae_folder,
                                                                  which, value):
    src = tiny_gan_folder if which == "gan" else tiny_vae_folder
    bad = poisoned(src, tmp_path / "bad", value)
    with pytest.raises(DamagedModel, match="is damaged: its weights hold invalid numbers"):
        drive(get_runner("image")(ImageSpec(model=str(bad), count=2), ctx()))


def test_non_finite_image_output_is_never_shown(tmp_path, tiny_gan_folder, monkeypatch):
    c = ctx()
    loaded = c.models.get(str(tiny_gan_folder), c.device)
    monkeypatch.setattr(loaded.model, "sample", lambda z, *a, **k: torch.full((z.shape[0], 4, 16, 16), float("nan")))
    events = []
    with pytest.raises(DamagedModel, match="instead of an image"):
        drive(get_runner("image")(ImageSpec(model=str(tiny_gan_folder), count=2), c), events.append)
    assert not [e for e in events if type(e).__name__ == "ImagePreview"]     # no blank picture reached anyone


def test_audio_model_with_nan_weights_is_called_damaged(tmp_path, tiny_audio_folder):
    bad = poisoned(tiny_audio_folder, tmp_path / "bad")
    with pytest.raises(DamagedModel, match="is damaged"):
        drive(get_runner("audio")(AudioSpec(model=str(bad), count=1, seconds=0.2), ctx()))


def test_text_model_with_nan_weights_is_called_damaged(tmp_path, tiny_char_folder):
    bad = poisoned(tiny_char_folder, tmp_path / "bad")
    with pytest.raises(DamagedModel) as e:
        drive(get_runner("text")(TextSpec(prompt="the", model=str(bad), max_new_tokens=5), ctx()))
    assert "Unexpected" not in user_message(e.value) and "probability tensor" not in user_message(e.value)


def test_healthy_models_are_not_called_damaged(tiny_gan_folder):
    _, result = drive(get_runner("image")(ImageSpec(model=str(tiny_gan_folder), count=2), ctx()))
    assert len(result.data["items"]) == 2


# ------------------------------------------------------------------------------------ 2: a source that blocks

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_encode_job_refuses_a_fifo_at_once(tmp_path, tiny_vae_folder):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    done = []

    def run():
        try:
            drive(get_runner("image")(ImageSpec(model=str(tiny_vae_folder), mode="encode", count=1,
                                                source=str(fifo)), ctx()))
        except Exception as e:  # noqa: BLE001
            done.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)
    if t.is_alive():                          # the old code blocks in open(): release it before failing
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        t.join(5)
        pytest.fail("the job hung on a FIFO")
    assert done and "not an ordinary file" in str(done[0])


def test_cancel_stops_a_job_waiting_for_its_source_file(tmp_path, tiny_vae_folder, monkeypatch):
    import aigc_studio.core.jobs.image as image_job
    release = threading.Event()

    def hung(path, *a, **k):          # a read that never returns (a dead network share)
        release.wait(60)
        raise OSError("gone")

    monkeypatch.setattr(image_job, "load_image", hung)
    src = tmp_path / "x.png"
    src.write_bytes(b"")
    _assert_cancel_ends_it("image", ImageSpec(model=str(tiny_vae_folder), mode="encode", count=1, source=str(src)),
                           release)


def test_cancel_stops_a_sound_job_waiting_for_its_source_file(tmp_path, tiny_audio_folder, monkeypatch):
    import aigc_studio.core.jobs.audio as audio_job
    release = threading.Event()
    monkeypatch.setattr(audio_job, "load_audio", lambda *a, **k: release.wait(60))
    src = tmp_path / "x.wav"
    src.write_bytes(b"")
    _assert_cancel_ends_it("audio", AudioSpec(model=str(tiny_audio_folder), mode="encode", count=1, source=str(src)),
                           release)


def _assert_cancel_ends_it(kind: str, spec, release: threading.Event) -> None:
    """Cancel the ``kind`` job 0.3 s in, while its source file read hangs until ``release``: it ends cancelled,
    with nothing made."""
    c = ctx()
    threading.Timer(0.3, c.cancel).start()
    _, result = drive(get_runner(kind)(spec, c))
    release.set()
    assert result.data["stopped"] == "cancelled" and result.data["items"] == []


# ------------------------------------------------------------------------------------ 9: a full disk in training

def _state():
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters())
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    return {"m": model}, {"adam": opt}, {"g": torch.Generator().manual_seed(1)}


def test_a_full_disk_during_a_checkpoint_keeps_the_previous_one(tmp_path, monkeypatch):
    modules, opts, gens = _state()
    run_state.save_run_state(tmp_path, modules, opts, gens, 10, 1.0)
    before = {p.name: p.read_bytes() for p in (tmp_path / "checkpoint").iterdir()}
    calls = []

    class SafetensorError(Exception):
        pass

    def full(tensors, path, *a, **k):
        calls.append(path)
        if len(calls) == 2:    # the second file: a partial folder exists by now
            raise SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)")
        return save_file(tensors, path, *a, **k)

    monkeypatch.setattr(run_state, "save_file", full)
    with pytest.raises(run_state.CheckpointNotSaved) as e:
        run_state.save_run_state(tmp_path, modules, opts, gens, 20, 2.0)
    msg = user_message(e.value)
    assert msg.startswith("The disk is full") and "step 20" in msg and "previous checkpoint (step 10) is intact" in msg
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint"]     # no .checkpoint.partial-PID
    assert {p.name: p.read_bytes() for p in (tmp_path / "checkpoint").iterdir()} == before


def test_partial_checkpoints_of_killed_processes_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stale = tmp_path / f".checkpoint.partial-{dead}"
    stale.mkdir()
    (stale / "m.safetensors").write_bytes(b"half")
    live = tmp_path / f".checkpoint.partial-{os.getppid()}"     # a live process (our parent) may be writing it
    live.mkdir()
    modules, opts, gens = _state()
    run_state.save_run_state(tmp_path, modules, opts, gens, 1, 0.1)
    assert not stale.exists() and live.exists()
    assert (tmp_path / "checkpoint" / "state.json").is_file()


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="mounts a tmpfs (root)")
def test_a_real_full_file_system(tmp_path):
    """A 300 KB tmpfs: the checkpoint does not fit, the message says so and nothing is left behind."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        model = torch.nn.Linear(300, 300)        # 360 KB of weights: more than the disk holds
        opt = torch.optim.Adam(model.parameters())
        with pytest.raises(run_state.CheckpointNotSaved, match="The disk is full"):
            run_state.save_run_state(mnt, {"m": model}, {"adam": opt}, {}, 5, 1.0)
        assert os.listdir(mnt) == []
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
        time.sleep(0.05)
