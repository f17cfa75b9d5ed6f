"""`aigc-studio bench [--json] [--only text,ui]`: speed figures, measured, never asserted in tests.

text.tokens_per_s      batch 1, KV cache, greedy, up to 128 new tokens within the context, our generate_stream
                       (median of 5 runs interleaved with transformers' runs; speedup_vs_hf = median pair ratio)
text.first_token_ms    64-token prompt, call to first decoded token (median of 5)
text.english_en_tokens_per_s, text.english_en_first_token_ms
                       the same two figures (ours only) for the larger shipped English model, english-en
                       (6 x 256, 8,192-token BPE; issue 10: "bench figures stay")
text.hf_tokens_per_s   transformers' generate() on the same GPT-2 weights (when transformers is installed), the
                       better of its default thread count and one thread; ours uses generate_stream's own policy
ui.*                   a scripted user session (devtools/bench_session.py), 5 fresh processes (--ui-runs N or
                       $AIGC_STUDIO_BENCH_UI_RUNS), each on a fresh copy of a studio home holding 1,000 real assets;
                       every figure is the WORST run's, each run's own under ui.per_run. One 5 ms GUI timer runs
                       through the session: all tabs shown, the Text panel writes 300 tokens, the Image panel a
                       64-image batch onto its canvas, the Audio panel a 2 s sound, the Assets library scrolled
                       top to bottom, 10 s of training in the Train tab (curves and samples), then Abort.
ui.window_ms           process launch to main window exposed (offscreen)
ui.rss_mb_idle         resident memory once the engine has warmed up and the window is idle, before the first job
ui.stall_p99_ms        GUI-thread lateness (p99) while jobs stream (text, image, audio and training phases)
ui.stall_max_ms        the longest GUI stall of the whole scripted part
ui.first_job_stall_max_ms  the longest GUI stall of the first job after idle (the text job: its model loads)
ui.training_stall_max_ms   the longest GUI stall from pressing Start training until the aborted job has ended
ui.<phase>_stall_max_ms    the same per phase (tabs, text, image, audio, library, training), for diagnosis
train.*                training throughput, ours beside a plain nanoGPT loop (devtools/bench_train.py)
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aigc_studio.core.base.device import probe_without_torch, resolve
from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.devtools import bench_audio, bench_image, bench_train

# torch, transformers and the models load inside the sections that measure them (`--only ui` needs none of them)

BENCH_MODEL = "fortunes-en"     # a GPT-2-architecture model with a byte-level BPE tokenizer
ENGLISH_MODEL = "english-en"    # the larger English model of issue 10 (measured beside, ours only)
NEW_TOKENS = 128
REPEATS = 5


def _load_bench_model():
    """The shipped English model; a random model of the same shape when it is not there (said in the output)."""
    import torch
    try:
        loaded = ModelCache().get(BENCH_MODEL, torch.device("cpu"))
        return loaded.model, loaded.tokenizer, BENCH_MODEL
    except ModelError:
        from aigc_studio.core.models.gpt import GPT, GPTConfig
        from aigc_studio.core.models.tokenizers import BPETokenizer
        torch.manual_seed(0)
        tok = BPETokenizer.train(["the quick brown fox jumps over the lazy dog " * 50], vocab_size=512)
        model = GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=256, n_layer=4, n_head=4, n_embd=192)).eval()
        return model, tok, "random-gpt2-4x192"


def to_hf_gpt2(model):
    """The same weights as a transformers GPT2LMHeadModel (Conv1D layout = our Linear weights transposed)."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel
    c = model.config
    hf = GPT2LMHeadModel(GPT2Config(vocab_size=c.vocab_size, n_positions=c.block_size, n_embd=c.n_embd,
                                    n_layer=c.n_layer, n_head=c.n_head, layer_norm_epsilon=c.layer_norm_eps,
                                    activation_function="gelu_new", resid_pdrop=0.0, embd_pdrop=0.0,
                                    attn_pdrop=0.0, bos_token_id=None, eos_token_id=None, pad_token_id=0))
    conv1d = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
    state = {}
    for k, v in model.state_dict().items():
        if k == "lm_head.weight":
            continue
        state[k] = v.t().contiguous() if k.endswith(conv1d) else v.contiguous()
    missing, unexpected = hf.load_state_dict(state, strict=False)
    assert not unexpected and all("lm_head" in m or "attn.bias" in m or "masked_bias" in m for m in missing)
    hf.tie_weights()
    return hf.eval().to(torch.float32)


def bench_text() -> dict[str, Any]:
    import torch
    from aigc_studio.core.models.sampling import GenerationStats, generate_stream, prepare_for_generation

    model, tok, name = _load_bench_model()
    prepare_for_generation(model)
    no_eos = copy.copy(tok)
    no_eos.eos_id = None          # measure a full-length run; the model may otherwise end a fortune early
    prompt = tok.encode("A journey of a thousand miles begins with a single step. " * 12)
    prompt64 = prompt[:64]
    prompt16 = prompt[:16]

    def ours(ids, n, m=model, t=no_eos):
        st = GenerationStats()
        for _ in generate_stream(m, t, ids, max_new_tokens=n, temperature=0.0, top_k=0, top_p=1.0,
                                 seed=0, stats=st):
            pass
        return st

    # both sides generate within the context (transformers' GPT-2 cannot go past n_positions)
    new_tokens = min(NEW_TOKENS, model.config.block_size - len(prompt16))
    ours(prompt16, 8)   # warm-up
    first = statistics.median(ours(prompt64, 1).first_token_ms for _ in range(5))
    out: dict[str, Any] = {"model": name, "new_tokens": new_tokens, "first_token_ms": round(first, 2)}
    try:                   # the larger English model, ours only (its tokenizer is not GPT-2's)
        big = ModelCache().get(ENGLISH_MODEL, torch.device("cpu"))
    except ModelError:
        out["english_en_tokens_per_s"] = None
    else:
        prepare_for_generation(big.model)
        big_tok = copy.copy(big.tokenizer)
        big_tok.eos_id = None
        ids = big_tok.encode("A journey of a thousand miles begins with a single step. " * 12)
        ours(ids[:16], 8, big.model, big_tok)
        out["english_en_first_token_ms"] = round(statistics.median(
            ours(ids[:64], 1, big.model, big_tok).first_token_ms for _ in range(5)), 2)
        n_big = min(NEW_TOKENS, big.model.config.block_size - 16)
        out["english_en_tokens_per_s"] = round(statistics.median(
            ours(ids[:16], n_big, big.model, big_tok).tokens_per_s for _ in range(REPEATS)), 1)
    try:
        import transformers  # noqa: F401
    except ImportError:
        out["tokens_per_s"] = round(statistics.median(ours(prompt16, new_tokens).tokens_per_s
                                                      for _ in range(REPEATS)), 1)
        out["hf_tokens_per_s"] = None
        return out
    hf = to_hf_gpt2(model)
    ids = torch.tensor([prompt16])
    default_threads = torch.get_num_threads()
    with torch.inference_mode():
        ref = model(ids)[0]
        diff = float((hf(ids).logits - ref).abs().max())

        def hf_run(n, threads):
            torch.set_num_threads(threads)
            try:
                t0 = time.perf_counter()
                g = hf.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, min_new_tokens=n,
                                do_sample=False, use_cache=True, pad_token_id=0)
                return (g.shape[1] - ids.shape[1]) / (time.perf_counter() - t0)
            finally:
                torch.set_num_threads(default_threads)

        # transformers at its default thread count and at one thread: the better one is compared
        hf_by_threads = {n: max(hf_run(new_tokens, n) for _ in range(2)) for n in sorted({1, default_threads})}
        hf_threads = max(hf_by_threads, key=hf_by_threads.get)
        # interleaved pairs, so both sides meet the same background load; the median pair ratio is the speed-up
        pairs = [(ours(prompt16, new_tokens).tokens_per_s, hf_run(new_tokens, hf_threads)) for _ in range(REPEATS)]
    out.update({"tokens_per_s": round(statistics.median(p[0] for p in pairs), 1),
                "hf_tokens_per_s": round(statistics.median(p[1] for p in pairs), 1),
                "speedup_vs_hf": round(statistics.median(a / b for a, b in pairs), 2),
                "hf_threads": hf_threads, "hf_logits_max_abs_diff": diff})
    return out


UI_RUNS = 5
UI_RUNS_ENV = "AIGC_STUDIO_BENCH_UI_RUNS"
UI_ASSETS = 1000
# the figures of a UI session where a larger value is worse: the report's value is the worst run's
UI_WORST_KEYS = ("window_ms", "rss_mb_window", "rss_mb_idle", "stall_p99_ms", "stall_max_ms",
                 "first_job_stall_max_ms", "training_stall_max_ms", "stall_p50_ms", "idle_wait_s")
UI_PER_RUN_KEYS = UI_WORST_KEYS + ("text_tokens", "canvas_images", "library_assets", "train_points",
                                   "train_samples", "worst_ticks_ms", "tab_stall_max_ms")


def _child_json(args: list[str], env: dict[str, str], timeout_s: float) -> dict[str, Any]:
    """Run ``python -m <args>`` and read the last JSON line it printed (or an error in words)."""
    try:
        proc = subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired as e:
        return {"error": f"{args[0]} ran past {timeout_s:.0f} s: {str(e.stderr or '')[-300:]}"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    why = f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
    tail = "\n".join(ln for ln in (proc.stderr or proc.stdout).splitlines()
                     if "propagateSizeHints" not in ln)[-4000:]     # a crash: every thread's stack
    return {"error": f"{args[0]}: {why}" + (f": {tail.strip()}" if tail.strip() else "")}


def prepared_ui_home(assets: int = UI_ASSETS) -> Path:
    """The studio home the UI sessions start from (``assets`` real assets, a text dataset), prepared once by a
    child process (numpy, the asset store) and kept under the temporary folder for later benches."""
    from aigc_studio.devtools.bench_session import HOME_FORMAT
    home = Path(tempfile.gettempdir()) / f"aigc-bench-session-home-v{HOME_FORMAT}-{assets}"
    if not (home / "prepared.json").is_file():
        out = _child_json(["aigc_studio.devtools.bench_session", "--prepare", str(home), "--assets", str(assets)],
                          dict(os.environ), 900)
        if "error" in out:
            raise RuntimeError(f"preparing the library of {assets} assets failed: {out['error']}")
    return home


def ui_session(prepared: Path, short: bool = False, timeout_s: float = 600) -> dict[str, Any]:
    """One scripted session (devtools/bench_session.py) in a fresh process on a fresh copy of ``prepared``."""
    run_root = Path(tempfile.mkdtemp(prefix="aigc-bench-session-"))
    try:
        home = run_root / "home"
        shutil.copytree(prepared, home, symlinks=True)
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.setdefault("PYTHONFAULTHANDLER", "1")      # a crash says where (in the run's error)
        env["AIGC_STUDIO_HOME"] = str(home)
        env["AIGC_STUDIO_BENCH_T0"] = repr(time.time())
        args = ["aigc_studio.devtools.bench_session"] + (["--short"] if short else [])
        return _child_json(args, env, timeout_s)
    finally:
        shutil.rmtree(run_root, ignore_errors=True)


def worst_of_runs(results: list[dict[str, Any]], short: bool = False) -> dict[str, Any]:
    """The UI report of several sessions' JSON: every figure of UI_WORST_KEYS and every per-phase stall figure is
    the worst (largest) of the runs that reported it; what went wrong in a run under ``problems``; each run's own
    values under ``per_run``."""
    good = [r for r in results if "error" not in r]
    out: dict[str, Any] = {"runs": len(results), "session": "short" if short else "full"}
    if not good:
        out["error"] = results[0].get("error", "no session reported") if results else "no session ran"
        return out
    keys = list(UI_WORST_KEYS) + sorted({k for r in good for k in r
                                         if k.endswith(("_stall_max_ms", "_stall_p99_ms")) and k not in UI_WORST_KEYS})
    for k in keys:
        vals = [r[k] for r in good if isinstance(r.get(k), (int, float)) and not isinstance(r.get(k), bool)]
        out[k] = max(vals) if vals else None
    errors = {f"run{i + 1}.{k}": v for i, r in enumerate(results) for k, v in r.items()
              if k == "error" or k.endswith(("_error", "_message"))}
    if errors:
        out["problems"] = errors
    out["per_run"] = [{k: r.get(k) for k in UI_PER_RUN_KEYS if k in r} or {"error": r.get("error")}
                      for r in results]
    return out


def bench_ui(runs: int | None = None, short: bool = False, assets: int = UI_ASSETS,
             prepared: Path | None = None) -> dict[str, Any]:
    """``runs`` scripted sessions (default 5, or $AIGC_STUDIO_BENCH_UI_RUNS), each in a fresh process on a fresh
    copy of one prepared home (``prepared``, else one of ``assets`` assets cached under the temporary folder);
    the report is :func:`worst_of_runs`."""
    if runs is None:
        runs = int(os.environ.get(UI_RUNS_ENV, "") or UI_RUNS)
    runs = max(1, runs)
    home = Path(prepared) if prepared is not None else prepared_ui_home(assets)
    return worst_of_runs([ui_session(home, short) for _ in range(runs)], short)


SECTIONS = {"text": bench_text, "image": bench_image.run, "audio": bench_audio.run, "ui": bench_ui,
            "train": bench_train.run}


def run_bench(only: str | None = None, as_json: bool = False, ui_runs: int | None = None) -> int:
    wanted = [s.strip() for s in only.split(",")] if only else list(SECTIONS)
    unknown = [s for s in wanted if s not in SECTIONS and s not in ("image", "audio", "train")]
    if unknown:
        print(f"aigc-studio: unknown bench section(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if ui_runs is not None and ui_runs < 1:
        print("aigc-studio: --ui-runs must be 1 or more", file=sys.stderr)
        return 2
    # `--only ui` never loads torch here (the sessions are children of their own): the device named without it
    if wanted == ["ui"]:
        probe = probe_without_torch("auto")
        device = probe[1] if probe else "chosen by each session's engine (not probed: torch is not loaded here)"
    else:
        device = resolve("auto").reason
    report: dict[str, Any] = {"device": device}
    sections = dict(SECTIONS, ui=lambda: bench_ui(ui_runs))
    for name in ("text", "image", "audio", "ui", "train"):
        if name not in wanted:
            continue
        if name not in SECTIONS:
            report[name] = {"note": "arrives in a later version"}
            continue
        try:
            report[name] = sections[name]()
        except Exception as e:   # noqa: BLE001 — one failing section must not hide the others
            report[name] = {"error": f"{type(e).__name__}: {e}"}
        if not as_json:
            print(f"[{name}]")
            for k, v in report[name].items():
                print(f"  {name}.{k} = {v}")
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    return 0 if all("error" not in v for v in report.values() if isinstance(v, dict)) else 1
