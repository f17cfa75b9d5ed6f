#!/usr/bin/env python3
"""Data prep for the shipped audio model: one-shot notes and drum hits rendered from the General MIDI SoundFont
of Debian's ``fluid-soundfont-gm`` (FluidR3_GM.sf2, MIT) with ``tinysoundfont``.

    .venv/bin/pip install --no-deps tinysoundfont      # --no-deps: its optional pyaudio playback is not needed
    python scripts/data/prep_audio.py [--sf2 /usr/share/sounds/sf2/FluidR3_GM.sf2] [--out data/audio-notes]

What is rendered:

- every melodic GM program (0-127) at 5 pitches spread over the instrument family's sensible range (shifted a
  little per program so that all pitch classes occur) and 3 velocities (40, 80, 120);
- every GM percussion note (35-81, bank 128 / MIDI channel 10) at the same 3 velocities.

Each note is held 0.6 s then released; the file is 16,384 samples (1.024 s) at 16 kHz mono. 16 kHz keeps the
whole audible character of one-shot notes (everything up to 8 kHz) while needing a third of the compute of 48 kHz
for the model, which has to train in an hour and play in real time on a CPU; 16,384 samples are a whole number
of the model's 256-sample latent frames. The synth renders at 48 kHz and the result is decimated with a
windowed-sinc filter (``aigc_studio.core.assets.audio_io.resample``), which aliases less than rendering at 16 kHz.

Every file is peak-normalised to -1 dBFS: the model learns timbre and envelope rather than loudness, and each
sound of a sample pack comes out at a usable level (velocity still changes the timbre: FluidR3 layers brighter
samples and filters at high velocity). Renders whose peak is below -60 dBFS (programs without samples at that
pitch) are skipped. One file in 20, chosen by a hash of its name (the split never changes), is held out.

Writes ``OUT/train/*.wav``, ``OUT/heldout/*.wav`` (PCM 16-bit) and ``OUT/manifest.json`` (counts, source,
licence). ``data/`` is not committed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from aigc_studio.core.assets.audio_io import encode_audio, resample  # noqa: E402

SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
SAMPLE_RATE = 16000
RENDER_RATE = 48000
LENGTH = 16384                  # samples at SAMPLE_RATE (1.024 s = 64 latent frames of 256 samples)
HOLD_SECONDS = 0.6
VELOCITIES = (40, 80, 120)
PITCHES_PER_PROGRAM = 5
DRUM_NOTES = range(35, 82)
PEAK_DBFS = -1.0
SILENT_PEAK = 1e-3              # -60 dBFS
HELD_OUT_ONE_IN = 20

# GM families of 8 programs: (name, lowest and highest MIDI note that sounds natural)
FAMILIES = [("piano", 36, 96), ("chromatic-percussion", 60, 96), ("organ", 36, 84), ("guitar", 40, 84),
            ("bass", 28, 55), ("strings", 40, 84), ("ensemble", 40, 84), ("brass", 40, 79), ("reed", 45, 84),
            ("pipe", 60, 96), ("synth-lead", 48, 84), ("synth-pad", 40, 79), ("synth-effects", 40, 79),
            ("ethnic", 48, 84), ("percussive", 48, 79), ("sound-effects", 48, 72)]


def pitches_for(program: int) -> list[int]:
    _, lo, hi = FAMILIES[program // 8]
    shift = program % 5 - 2
    return sorted({int(min(hi, max(lo, round(p) + shift))) for p in np.linspace(lo, hi, PITCHES_PER_PROGRAM)})


def held_out(name: str) -> bool:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % HELD_OUT_ONE_IN == 0


class Renderer:
    def __init__(self, sf2: str):
        import tinysoundfont
        self.synth = tinysoundfont.Synth(samplerate=RENDER_RATE)
        self.sfid = self.synth.sfload(sf2)

    def preset_name(self, bank: int, program: int) -> str:
        return self.synth.sfpreset_name(self.sfid, bank, program) or f"program {program}"

    def render(self, program: int | None, note: int, velocity: int) -> np.ndarray:
        """One note (``program`` None: a drum hit) as mono float32 at SAMPLE_RATE, LENGTH samples."""
        s, chan = self.synth, (9 if program is None else 0)
        s.sounds_off()
        s.generate(RENDER_RATE // 10)                             # let the previous note die out completely
        if program is None:
            s.program_select(chan, self.sfid, 128, 0, is_drums=True)
        else:
            s.program_select(chan, self.sfid, 0, program)
        total = int(np.ceil(LENGTH * RENDER_RATE / SAMPLE_RATE)) + 64
        hold = int(HOLD_SECONDS * RENDER_RATE)
        s.noteon(chan, note, velocity)
        a = np.frombuffer(s.generate(hold), dtype=np.float32)
        s.noteoff(chan, note)
        b = np.frombuffer(s.generate(total - hold), dtype=np.float32)
        stereo = np.concatenate([a, b]).reshape(-1, 2)
        mono = stereo.mean(axis=1)
        return resample(mono, RENDER_RATE, SAMPLE_RATE)[:LENGTH]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sf2", default=SF2)
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "audio-notes")
    a = ap.parse_args(argv)
    if not Path(a.sf2).is_file():
        print(f"{a.sf2} not found: install it with `apt-get install fluid-soundfont-gm`.", file=sys.stderr)
        return 1
    r = Renderer(a.sf2)
    jobs = [(p, n, v, f"p{p:03d}-{r.preset_name(0, p)}") for p in range(128) for n in pitches_for(p)
            for v in VELOCITIES]
    jobs += [(None, n, v, f"drum-{r.preset_name(128, 0)}") for n in DRUM_NOTES for v in VELOCITIES]
    counts = {"train": 0, "heldout": 0, "skipped_silent": 0, "melodic": 0, "drums": 0}
    for split in ("train", "heldout"):
        (a.out / split).mkdir(parents=True, exist_ok=True)
    target = 10 ** (PEAK_DBFS / 20)
    for i, (program, note, vel, label) in enumerate(jobs):
        x = r.render(program, note, vel)
        peak = float(np.max(np.abs(x)))
        if peak < SILENT_PEAK:
            counts["skipped_silent"] += 1
            continue
        x = x * (target / peak)
        slug = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
        name = f"{slug}-n{note:03d}-v{vel:03d}.wav"
        split = "heldout" if held_out(name) else "train"
        data = encode_audio(x, SAMPLE_RATE, "wav", comment=f"FluidR3_GM {label} note {note} velocity {vel}")
        (a.out / split / name).write_bytes(data)
        counts[split] += 1
        counts["drums" if program is None else "melodic"] += 1
        if i % 200 == 0:
            print(f"{i}/{len(jobs)} {name}", flush=True)
    manifest = {
        "counts": counts, "sample_rate": SAMPLE_RATE, "samples_per_file": LENGTH, "hold_seconds": HOLD_SECONDS,
        "velocities": list(VELOCITIES), "peak_dbfs": PEAK_DBFS,
        "source": "FluidR3_GM.sf2 from Debian package fluid-soundfont-gm (/usr/share/sounds/sf2/FluidR3_GM.sf2), "
                  "rendered with tinysoundfont",
        "licence": "MIT (FluidR3_GM by Frank Wen; see /usr/share/doc/fluid-soundfont-gm/copyright)",
        "prep": "scripts/data/prep_audio.py: every GM program at 5 pitches in its family's range and velocities "
                "40/80/120, every GM drum note 35-81; held 0.6 s then released, 1.024 s at 16 kHz mono, rendered "
                "at 48 kHz and decimated with a windowed sinc, peak-normalised to -1 dBFS, silent renders skipped, "
                "1 in 20 held out by a stable hash of the file name",
    }
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
