"""device.resolve: the choice and the reason in words (CUDA / MPS simulated with monkeypatch)."""
from __future__ import annotations

import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

from aigc_studio.core.base.device import DeviceInfo, resolve  # noqa: E402


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


@pytest.fixture
def fake_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda i=0: "NVIDIA Test GPU")
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)


def test_cpu_chosen_in_settings():
    info = resolve("cpu")
    assert isinstance(info, DeviceInfo)
    assert info.device == torch.device("cpu") and info.name == "cpu" and info.dtype == torch.float32
    assert info.reason == "CPU — chosen in Settings"


def test_auto_without_gpu(no_gpu):
    info = resolve("auto")
    assert info.name == "cpu" and info.reason == "CPU — no CUDA device found"
    assert resolve().reason == "CPU — no CUDA device found"


def test_cuda_requested_but_missing(no_gpu):
    info = resolve("cuda")
    assert info.name == "cpu" and info.reason == "CPU — CUDA was requested but is not available"
    assert resolve("mps").reason == "CPU — MPS was requested but is not available"


def test_auto_picks_cuda(fake_cuda):
    info = resolve("auto")
    assert info.name == "cuda" and info.device.type == "cuda" and info.dtype == torch.bfloat16
    assert info.reason == "CUDA — NVIDIA Test GPU"
    assert resolve("cuda").reason == "CUDA — NVIDIA Test GPU (chosen in Settings)"
    assert resolve("cpu").name == "cpu"


def test_broken_cuda_falls_back_to_cpu(monkeypatch, no_gpu):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)

    def broken(i=0):
        raise RuntimeError("CUDA driver initialization failed")

    monkeypatch.setattr(torch.cuda, "get_device_name", broken)
    assert resolve("auto").reason == "CPU — no CUDA device found"


def test_auto_picks_mps_when_no_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    info = resolve("auto")
    assert info.name == "mps" and info.device.type == "mps" and info.reason == "MPS — Apple GPU"


def test_unknown_preference_is_treated_as_auto(no_gpu):
    info = resolve("tpu")
    assert info.name == "cpu" and info.reason.startswith("CPU — no CUDA device found") and "tpu" in info.reason


def test_importing_device_does_not_import_torch():
    code = "import sys, aigc_studio.core.base.device; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_real_cuda():   # pragma: no cover - runs only where a GPU is present
    info = resolve("auto")
    assert info.name == "cuda" and info.reason.startswith("CUDA — ")
    assert torch.ones(2, device=info.device, dtype=info.dtype).sum().item() == 2


@pytest.mark.parametrize("pref", ["auto", "cuda", "mps", "cpu"])
def test_probe_without_torch_agrees_with_resolve(pref):
    from aigc_studio.core.base.device import probe_without_torch, resolve
    known = probe_without_torch(pref)
    if known is None:
        pytest.skip("only torch can tell on this machine")
    info = resolve(pref)
    assert known == (info.name, info.reason)


def test_probe_without_torch_does_not_import_torch():
    import subprocess
    import sys
    code = ("import sys; from aigc_studio.core.base.device import probe_without_torch; probe_without_torch('auto'); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
