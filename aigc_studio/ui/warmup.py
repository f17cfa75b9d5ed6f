"""The engine's warm-up: what the engine thread loads before the user asks for it, in two parts.

* At start (right after the window's first paint): pyqtgraph (the Audio panel's and Train tab's plots) and the
  sound output library, then the window builds its plots one per event-loop turn. About 60 MB; the idle window
  stays near 200 MB.
* Before the first job: torch (its C++ libraries loaded without the interpreter lock first), the device, the job
  modules and torch's first operations. torch alone is ~270 MB of resident memory, so it is NOT loaded at start:
  an idle studio stays small (the issue's < 300 MB), and the first job pays the ~1 s load, as it always did.

Both parts run with the cyclic garbage collector paused (:func:`collector_paused`) and end by moving everything
alive into its permanent generation (``gc.freeze``). Measured on a 2-core machine, a thread importing torch and
the job modules stalled a 5 ms timer on another thread by up to 181 ms: automatic full collections (walking the
quarter of a million objects the imports create, 50–90 ms each, holding the interpreter lock) and the static
initialisers of libtorch_cpu.so run under the lock. With the libraries preloaded (:func:`preload_torch_libraries`)
and the collector paused, the worst stall was 11 ms. ``ui/engine.py`` runs the steps; each step is allowed to fail
(logged): the job that needs the module then reports the problem in words, as it would have without a warm-up.
"""
from __future__ import annotations

import contextlib
import gc
import importlib
import logging
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

# The modules the panels' first jobs import (besides torch, loaded by the device step): the runners of the Text,
# Image and Audio panels and the model modules, readers and codecs they load on first use. Measured with a fresh
# interpreter: after these, a first text/image/audio job imports nothing more than small standard-library bits.
JOB_MODULES = (
    "numpy", "numpy.fft",
    "aigc_studio.core.jobs.text", "aigc_studio.core.jobs.image", "aigc_studio.core.jobs.audio",
    "aigc_studio.core.models.gpt", "aigc_studio.core.models.lstm", "aigc_studio.core.models.gan",
    "aigc_studio.core.models.image_vae", "aigc_studio.core.models.audio_vae", "aigc_studio.core.models.sampling",
    "aigc_studio.core.models.tokenizers", "safetensors.torch", "tokenizers", "PIL.Image", "PIL.PngImagePlugin",
    "soundfile",
    "importlib.resources.readers", "encodings.utf_8_sig",
)
# Playback (ui/playback.py) imports sounddevice when the Audio tab is first shown; its import starts PortAudio
# (~60 ms here, more with many sound devices): done here instead of on the GUI thread.
SOUND_MODULES = ("sounddevice",)


_preloaded: list[int] = []     # dlopen handles, kept (the libraries stay loaded for the life of the process anyway)

# torch's C++ libraries whose static initialisers are long (libtorch_cpu.so: 170-250 ms of operator registration on
# a 2-core machine); none of them needs Python to load.
TORCH_LIBRARIES = ("libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so")


def preload_torch_libraries() -> list[str]:
    """Load torch's C++ libraries WITHOUT holding the interpreter lock (Linux), before ``import torch``.

    ``import torch`` loads them through Python's extension loader, which holds the GIL while their static
    initialisers run: ~0.2 s in one piece in which the window cannot paint. Loaded first through libc's
    ``dlopen`` called via ctypes (a foreign call releases the GIL), the same initialisers run while the GUI thread
    goes on; ``import torch`` then finds them loaded (same files, same sonames) and only binds them. RTLD_LOCAL,
    as torch itself loads them. Elsewhere (macOS, Windows) or when anything is unexpected, nothing is done and
    ``import torch`` loads them as before. Returns the names loaded."""
    import sys
    if not sys.platform.startswith("linux") or "torch" in sys.modules:
        return []
    try:
        import ctypes
        import importlib.util
        import os
        spec = importlib.util.find_spec("torch")          # locates the package; does not import it
        if spec is None or not spec.origin:
            return []
        lib = os.path.join(os.path.dirname(spec.origin), "lib")
        dlopen = ctypes.CDLL(None).dlopen
        dlopen.restype = ctypes.c_void_p
        dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        loaded = []
        for name in TORCH_LIBRARIES:
            path = os.path.join(lib, name)
            if os.path.isfile(path):
                handle = dlopen(os.fsencode(path), os.RTLD_NOW | os.RTLD_LOCAL)
                if handle:
                    _preloaded.append(handle)
                    loaded.append(name)
        return loaded
    except Exception:  # noqa: BLE001 — an optimisation only: import torch loads them itself
        log.info("warm-up: preloading torch's libraries failed", exc_info=True)
        return []


def import_modules(names: tuple[str, ...] = JOB_MODULES) -> list[str]:
    """Import ``names`` (on the calling thread); the names that could not be imported (logged, not raised)."""
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 — a missing optional module: the job that needs it says so itself
            log.info("warm-up: %s could not be imported", name, exc_info=True)
            failed.append(name)
    return failed


def first_torch_ops() -> None:
    """Run one tiny matrix product and convolution: torch sets up its CPU kernels and thread pool on the first
    operation (tens of ms of held GIL), here rather than in the first job."""
    import torch
    with torch.inference_mode():
        x = torch.ones(1, 4, 8, 8)
        torch.nn.functional.conv2d(x, torch.ones(4, 4, 3, 3), padding=1)
        (torch.ones(8, 8) @ torch.ones(8, 8)).sum().item()


def load_plots() -> None:
    """pyqtgraph for the Audio panel's and Train tab's plots (``ui/widgets/plots.py``)."""
    from aigc_studio.ui.widgets import plots
    plots.load()


def steps() -> list[tuple[str, Callable[[], object]]]:
    """The warm-up at start: the plots (the views the window builds once it ends need them), the sound output."""
    return [("plots", load_plots), ("sound output", lambda: import_modules(SOUND_MODULES))]


def first_job_steps(device_step: Callable[[], object]) -> list[tuple[str, Callable[[], object]]]:
    """The warm-up before the first job, in order: torch's C++ libraries (without the GIL), the device
    (``device_step``: imports torch and announces the device), the job modules, torch's first operations."""
    return [("torch libraries", preload_torch_libraries), ("device", device_step), ("job modules", import_modules),
            ("first torch ops", first_torch_ops)]


def pause_collector() -> bool:
    """Pause the automatic cyclic garbage collection (process-wide) while modules load; whether it was on (give
    that to :func:`freeze_and_resume`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    return was_enabled


def freeze_and_resume(was_enabled: bool = True) -> None:
    """Freeze every object alive into the collector's permanent generation, and resume automatic collection if it
    was on.

    Modules, classes and functions live as long as the studio; left to the collector, every full collection would
    walk them all (0.1 s with torch loaded, the interpreter lock held: a hitch the window shows at a random
    moment). Paused, the imports trigger no collection at all; frozen, later full collections skip them. Nothing
    is collected first: a full ``gc.collect()`` held the lock 105–145 ms and found 4 objects of garbage among
    220,000, and even collecting the young generations walks everything made while the collector was paused
    (measured: 45–90 ms after torch's import)."""
    gc.freeze()
    if was_enabled:
        gc.enable()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """:func:`pause_collector` for the block, then :func:`freeze_and_resume`."""
    was_enabled = pause_collector()
    try:
        yield
    finally:
        freeze_and_resume(was_enabled)


__all__ = ["JOB_MODULES", "TORCH_LIBRARIES", "collector_paused", "first_job_steps", "first_torch_ops",
           "freeze_and_resume", "import_modules", "load_plots", "pause_collector", "preload_torch_libraries", "steps"]
