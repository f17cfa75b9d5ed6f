"""Reading sound files (every bad input a UserError in words), resampling, writing WAV/FLAC with a comment,
pitch estimates, sample packs and saving sounds in the asset store."""
from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf
from audio_fixtures import SR, tone

from aigc_studio.core.assets.audio_io import encode_audio, export_sample_pack, load_audio, resample
from aigc_studio.core.assets.audio_features import estimate_pitch, note_name
from aigc_studio.core.base.errors import UserError


def _sine(hz, sr, seconds=0.5):
    return (0.5 * np.sin(2 * np.pi * hz * np.arange(int(sr * seconds)) / sr)).astype(np.float32)


def test_reads_any_channels_and_rates(tmp_path):
    x = _sine(440, 44100)
    stereo = np.stack([x, x * 0.5], axis=1)
    sf.write(tmp_path / "st.flac", stereo, 44100)
    six = np.repeat(x[:, None], 6, axis=1)
    sf.write(tmp_path / "six.wav", six, 22050)
    y = load_audio(tmp_path / "st.flac", 16000)
    assert y.dtype == np.float32 and y.ndim == 1 and len(y) == 8000
    assert abs(float(np.max(np.abs(y))) - 0.375) < 0.01          # the channels' mean
    assert abs(estimate_pitch(y, 16000) - 440) < 2
    z = load_audio(tmp_path / "six.wav")                         # its own rate
    assert len(z) == len(x)


def test_resample_keeps_a_tone_and_removes_what_cannot_be_represented():
    y = resample(_sine(1000, 48000), 48000, 16000)
    assert len(y) == 8000
    ref = _sine(1000, 16000)
    assert np.max(np.abs(y[100:-100] - ref[100:-100])) < 1e-3
    alias = resample(_sine(12000, 48000), 48000, 16000)          # above the new Nyquist: filtered out
    assert np.max(np.abs(alias[100:-100])) < 0.01
    assert len(resample(_sine(440, 8000), 8000, 44100)) == int(0.5 * 44100)


def test_long_file_is_read_partially(tmp_path, monkeypatch):
    sf.write(tmp_path / "long.wav", np.tile(_sine(220, SR, 1.0), 60), SR)   # one minute
    calls = []
    real = sf.read

    def spy(*a, **k):
        calls.append(k.get("frames"))
        return real(*a, **k)
    monkeypatch.setattr(sf, "read", spy)
    y = load_audio(tmp_path / "long.wav", max_seconds=2.0, start_seconds=10.0)
    assert len(y) == 2 * SR and calls == [2 * SR]


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"hello, this is not a sound at all\n" * 3, "text file"),
    (b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4, "MP3"),
    (bytes(range(256)) * 8, "not a sound file"),
])
def test_unreadable_and_mislabelled_files(tmp_path, content, words):
    p = tmp_path / "sound.wav"
    p.write_bytes(content)
    with pytest.raises(UserError, match=words):
        load_audio(p, SR)


def test_missing_silent_and_non_finite(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        load_audio(tmp_path / "nope.wav")
    sf.write(tmp_path / "silent.wav", np.zeros(SR, np.float32), SR)
    with pytest.raises(UserError, match="silent"):
        load_audio(tmp_path / "silent.wav")
    assert load_audio(tmp_path / "silent.wav", allow_silence=True).shape == (SR,)
    bad = _sine(440, SR)
    bad[100], bad[200] = np.nan, np.inf
    sf.write(tmp_path / "nan.wav", bad, SR, subtype="FLOAT")
    with pytest.raises(UserError, match="not numbers"):
        load_audio(tmp_path / "nan.wav")
    sf.write(tmp_path / "short.wav", _sine(440, SR), SR)
    with pytest.raises(UserError, match="no sound"):
        load_audio(tmp_path / "short.wav", start_seconds=5.0)


@pytest.mark.parametrize("fmt, subtype", [("wav", "PCM_16"), ("wav", "PCM_24"), ("wav", "FLOAT"), ("flac", "PCM_16")])
def test_encode_audio_with_comment(tmp_path, fmt, subtype):
    data = encode_audio(tone(440), SR, fmt, comment="model: tiny, seed: 3", subtype=subtype)
    p = tmp_path / f"x.{fmt}"
    p.write_bytes(data)
    with sf.SoundFile(p) as f:
        assert f.samplerate == SR and f.channels == 1 and f.subtype == subtype
        assert f.comment == "model: tiny, seed: 3"
    y, _ = sf.read(p, dtype="float32")
    assert np.max(np.abs(y - tone(440))) < 1e-3


def test_encode_audio_refuses_bad_input():
    with pytest.raises(UserError):
        encode_audio(tone(440), SR, "mp3")
    with pytest.raises(UserError):
        encode_audio(np.array([0.0, np.nan], np.float32), SR)


def test_estimate_pitch():
    for hz in (55.0, 220.0, 440.0, 1000.0):
        assert abs(estimate_pitch(_sine(hz, 16000), 16000) - hz) / hz < 0.01
    rng = np.random.default_rng(0)
    assert estimate_pitch(rng.standard_normal(16000).astype(np.float32) * 0.3, 16000) is None
    assert estimate_pitch(np.zeros(16000), 16000) is None
    assert estimate_pitch(np.zeros(10), 16000) is None
    assert note_name(440.0) == "A4" and note_name(None) == ""


def test_sample_pack_never_overwrites(tmp_path):
    items = [{"samples": tone(440), "sample_rate": SR, "name": "Bell A!", "spec": {"kind": "audio", "seed": 7}},
             {"samples": tone(220)[None], "sample_rate": SR}]
    first = export_sample_pack(items, tmp_path)
    second = export_sample_pack(items, tmp_path, fmt="flac")
    assert first.name == "sample-pack" and second.name == "sample-pack-2"
    assert sorted(p.name for p in first.iterdir()) == ["01-bell-a.wav", "02-sound.wav", "manifest.csv",
                                                        "manifest.json"]
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    row = manifest["items"][0]
    assert row["seed"] == 7 and row["note"] == "A4" and abs(row["pitch_hz"] - 440) < 5
    assert row["sample_rate"] == SR and row["seconds"] == pytest.approx(0.2)
    csv_lines = (first / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("file,seconds,sample_rate") and len(csv_lines) == 3
    assert (second / "01-bell-a.flac").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]      # no temporary folder left
    with pytest.raises(UserError):
        export_sample_pack([], tmp_path)


def test_store_save_audio_with_sidecar(tmp_path):
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.assets.metadata import read_metadata
    from aigc_studio.core.base.specs import AudioSpec
    spec = AudioSpec(model="tiny-audio", count=1, seed=42)
    with AssetStore(tmp_path / "out") as store:
        p = store.save_audio(tone(440), SR, spec, extra={"pitch_hz": 440.0})
        q = store.save_audio(tone(440), SR, spec, fmt="flac")
        assert p.suffix == ".wav" and q.suffix == ".flac" and p != q
        assert p.name.endswith("-tiny-audio-s42.wav")
        meta = read_metadata(p)
        assert meta["spec"]["seed"] == 42 and meta["result"]["pitch_hz"] == 440.0
        assert p.with_name(p.name + ".json").is_file()
        with sf.SoundFile(p) as f:
            assert "seed: 42" in f.comment
        [rec] = [r for r in store.search(kind="audio") if r.path == p]
        assert rec.spec == spec
