#!/usr/bin/env python3
"""Measure the shipped audio model and write the figures into its model card (card.json "evaluation" and the
README.md section "Measured").

    python scripts/eval/eval_audio.py [--model aigc_studio/resources/models/gm-notes-vae] [--sounds DIR]

- 100 sounds of the "sample" job (seeds 0-99, temperature 1, the model's clip length): peak levels (silent,
  clipped), the share with a clear pitch and a histogram of their estimated pitches (note names and octaves),
  next to the same figures for the held-out training sounds (``data/audio-notes/heldout``, when present);
- ``--sounds DIR``: ``sox FILE -n stat`` of the WAV files there (e.g. 10 sounds from
  ``aigc-studio generate audio --count 10 --out DIR``): RMS and maximum amplitude, rough frequency;
- the held-out log-spectral distance comes from the card's metrics (computed by the trainer).
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from aigc_studio.core.assets.audio_features import estimate_pitch, midi_number, note_name  # noqa: E402

NOTES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def pitch_summary(sounds: list[np.ndarray], sr: int) -> dict:
    peaks = np.array([float(np.max(np.abs(s))) for s in sounds])
    pitches = [estimate_pitch(s, sr) for s in sounds]
    pitched = [p for p in pitches if p]
    names = collections.Counter(re.sub(r"-?\d+$", "", note_name(p)) for p in pitched)
    octaves = collections.Counter(int(midi_number(p) + 0.5) // 12 - 1 for p in pitched)
    return {"count": len(sounds), "silent": int(np.sum(peaks < 1e-3)), "clipped": int(np.sum(peaks >= 0.999)),
            "median_peak_dbfs": round(float(20 * np.log10(np.median(peaks) + 1e-12)), 1),
            "pitched": len(pitched),
            "pitch_hz_median": round(float(np.median(pitched)), 1) if pitched else None,
            "notes": {n: names.get(n, 0) for n in NOTES},
            "octaves": {str(o): octaves[o] for o in sorted(octaves)}}


def sox_stats(folder: Path) -> list[dict]:
    if not shutil.which("sox"):
        return []
    rows = []
    for f in sorted(folder.rglob("*.wav"))[:10]:
        err = subprocess.run(["sox", str(f), "-n", "stat"], capture_output=True, text=True).stderr
        vals = {}
        for line in err.splitlines():
            if ":" in line:
                k, v = line.rsplit(":", 1)
                try:
                    vals[k.strip()] = float(v)
                except ValueError:
                    pass
        rows.append({"file": f.name, "seconds": vals.get("Length (seconds)"),
                     "max_amplitude": vals.get("Maximum amplitude"), "min_amplitude": vals.get("Minimum amplitude"),
                     "rms": vals.get("RMS     amplitude"), "rough_hz": vals.get("Rough   frequency")})
    return rows


def histogram_lines(title: str, s: dict) -> list[str]:
    lines = [f"**{title}**: {s['count']} sounds, {s['silent']} silent (peak below -60 dBFS), {s['clipped']} "
             f"clipped (peak at full scale), median peak {s['median_peak_dbfs']} dBFS; {s['pitched']} with a clear "
             f"pitch (median {s['pitch_hz_median']} Hz).", "",
             "| note | " + " | ".join(NOTES) + " |", "|---|" + "---|" * len(NOTES),
             "| sounds | " + " | ".join(str(s["notes"][n]) for n in NOTES) + " |", "",
             "Octaves (of the pitched ones): " + ", ".join(f"{o}: {c}" for o, c in s["octaves"].items()), ""]
    return lines


def main(argv=None) -> int:
    import torch

    from aigc_studio.core.base.atomic import atomic_write_json, atomic_write_text
    from aigc_studio.core.assets.audio_io import load_audio
    from aigc_studio.core.jobs.audio import run as run_job
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.events import AudioChunk
    from aigc_studio.core.base.specs import AudioSpec
    from aigc_studio.core.models.registry import ModelCache
    from aigc_studio.core.models.readme import render_readme

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=ROOT / "resources" / "models" / "gm-notes-vae")
    ap.add_argument("--sounds", type=Path, default=None, help="a folder of WAV files made with the CLI")
    ap.add_argument("--heldout", type=Path, default=ROOT / "data" / "audio-notes" / "heldout")
    a = ap.parse_args(argv)

    ctx = JobContext(device=torch.device("cpu"), models=ModelCache())
    model = ctx.models.get(str(a.model), ctx.device).model
    sr, clip = model.sample_rate, model.config.clip_samples
    sounds = []
    for first in (0, 50):                  # a job makes at most 64 sounds; sound i is seed i either way
        spec = AudioSpec(model=str(a.model), count=50, seed=first, seconds=clip / sr, device="cpu")
        chunks: dict[int, list] = collections.defaultdict(list)
        for ev in run_job(spec, ctx):
            if isinstance(ev, AudioChunk):
                chunks[ev.index].append(ev.samples[0])
        sounds += [np.concatenate(chunks[i]) for i in sorted(chunks)]
    evaluation = {"samples": pitch_summary(sounds, sr)}
    if a.heldout.is_dir():
        data = [load_audio(f, sr) for f in sorted(a.heldout.glob("*.wav"))]
        evaluation["heldout_data"] = pitch_summary(data, sr)
    if a.sounds:
        evaluation["sox"] = sox_stats(a.sounds)

    card_path = a.model / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["evaluation"] = evaluation
    lines = ["## Measured", "",
             f"Held-out log-spectral distance: {card.get('metrics', {}).get('heldout_lsd_db')} dB "
             f"({card.get('metrics', {}).get('heldout_sounds')} sounds never trained on).", "",
             "Pitch estimates: YIN-lite (`aigc_studio/core/data/audio_features.py`), octave-folded note names.", ""]
    lines += histogram_lines("100 samples (seeds 0-99, temperature 1)", evaluation["samples"])
    if "heldout_data" in evaluation:
        lines += histogram_lines("The held-out training sounds, for comparison", evaluation["heldout_data"])
    if evaluation.get("sox"):
        lines += ["`sox FILE -n stat` of sounds made with `aigc-studio generate audio --count 10`:", "",
                  "| file | seconds | max | min | RMS | rough Hz |", "|---|---|---|---|---|---|"]
        lines += [f"| {r['file']} | {r['seconds']} | {r['max_amplitude']} | {r['min_amplitude']} | {r['rms']} | "
                  f"{r['rough_hz']} |" for r in evaluation["sox"]]
        lines.append("")
    atomic_write_json(card_path, card)
    atomic_write_text(a.model / "README.md", render_readme(card, extra="\n".join(lines)))
    print(json.dumps(evaluation, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
