"""ui/playback.py: the Player with a fake sounddevice module (this machine has no sound card), and once with the
real one, which must degrade to a note instead of raising."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from aigc_studio.ui import playback  # noqa: E402
from aigc_studio.ui.playback import Player  # noqa: E402


class PortAudioError(Exception):
    pass


class CallbackStop(Exception):
    pass


class Stream:
    def __init__(self, sd, **kw):
        self.sd, self.kw = sd, kw
        self.active = self.started = self.closed = False

    def start(self):
        if self.sd.fail_start:
            raise PortAudioError("Device unavailable")
        self.started = self.active = True

    def abort(self):
        self.active = False

    def close(self):
        self.closed = True
        if self.sd.fail_close:
            raise PortAudioError("Device unavailable")


class FakeSD:
    """The parts of sounddevice the Player uses; ``refuse_rates`` makes OutputStream refuse those rates."""
    PortAudioError = PortAudioError
    CallbackStop = CallbackStop

    def __init__(self, refuse_rates=(), default_rate=48000.0):
        self.refuse_rates, self.default_rate = set(refuse_rates), default_rate
        self.streams: list[Stream] = []
        self.fail_start = self.fail_close = False

    def OutputStream(self, **kw):  # noqa: N802
        if kw["samplerate"] in self.refuse_rates:
            raise PortAudioError("Invalid sample rate")
        s = Stream(self, **kw)
        self.streams.append(s)
        return s

    def query_devices(self, kind=None):
        return {"name": "fake out", "default_samplerate": self.default_rate}


@pytest.fixture
def sd():
    return FakeSD()


@pytest.fixture
def player(qtbot, sd):
    p = Player(loader=lambda: sd)
    yield p
    p.stop()


def tone(n=1000):
    return np.sin(np.arange(n) / 10.0).astype(np.float32)


def pull(stream, frames):
    out = np.full((frames, 1), 9.0, np.float32)
    stream.kw["callback"](out, frames, None, None)
    return out[:, 0]


def test_plays_through_a_callback_stream_and_stops_at_the_end(qtbot, player, sd):
    states = []
    player.state_changed.connect(states.append)
    x = tone(1000)
    assert player.play(x[None, :], 16000) is True                       # (1, n) like an AudioChunk
    (stream,) = sd.streams
    assert stream.started and stream.kw["samplerate"] == 16000 and stream.kw["channels"] == 1
    assert stream.kw["dtype"] == "float32" and player.is_playing and states == ["playing"]
    np.testing.assert_array_equal(pull(stream, 600), x[:600])
    assert abs(player.position() - 600 / 16000) < 1e-9
    out = np.full((600, 1), 9.0, np.float32)
    with pytest.raises(CallbackStop):
        stream.kw["callback"](out, 600, None, None)
    np.testing.assert_array_equal(out[:400, 0], x[600:])
    assert not out[400:].any()                                          # silence after the end
    with qtbot.waitSignal(player.state_changed, timeout=2000) as sig:
        pass
    assert sig.args == ["stopped"] and not player.is_playing and stream.closed
    assert player.note == "" and player.available


def test_loop_wraps_around_and_can_be_turned_off_while_playing(player, sd):
    x = tone(300)
    player.play(x, 8000, loop=True)
    stream = sd.streams[-1]
    got = pull(stream, 700)
    np.testing.assert_array_equal(got, np.concatenate([x, x, x[:100]]))
    player.set_loop(False)
    with pytest.raises(CallbackStop):
        pull(stream, 700)


def test_stop_aborts_at_once(player, sd):
    player.play(tone(), 8000)
    stream = sd.streams[-1]
    player.stop()
    assert not stream.active and stream.closed and not player.is_playing


def test_playing_again_replaces_the_sound(player, sd):
    player.play(tone(), 8000)
    player.play(tone(50), 8000)
    assert sd.streams[0].closed and not sd.streams[1].closed
    assert len(pull(sd.streams[1], 20)) == 20


@pytest.mark.parametrize("error", [ImportError("No module named 'sounddevice'"),
                                   OSError("PortAudio library not found")])
def test_missing_library_disables_playback_with_a_note(qtbot, error):
    def loader():
        raise error
    p = Player(loader=loader)
    notes = []
    p.unavailable.connect(notes.append)
    assert p.play(tone(), 8000) is False
    assert not p.available and not p.can_retry and "PortAudio" in p.note
    assert notes == [p.note]
    assert p.probe() is False and p.play(tone(), 8000) is False         # still no crash, the note once
    assert notes == [p.note]


def test_import_failure_of_the_real_module_name(qtbot, monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)               # import sounddevice -> ImportError
    p = Player()
    assert p.play(tone(), 8000) is False and not p.available


def test_no_output_device(player, sd):
    def refuse(**kw):
        raise PortAudioError("Error querying device -1")
    sd.OutputStream = refuse
    sd.query_devices = refuse
    assert player.probe() is False
    assert player.play(tone(), 8000) is False
    assert not player.available and player.can_retry
    assert "no sound output device" in player.note and "-1" in player.detail   # the system's words stay out of the note
    del sd.OutputStream, sd.query_devices
    assert player.probe() is True and player.available and player.note == ""


def test_a_device_that_fails_to_start(player, sd):
    sd.fail_start = True
    assert player.play(tone(), 8000) is False
    assert sd.streams[0].closed and not player.is_playing and "Device unavailable" in player.detail


def test_device_disappears_mid_playback(qtbot, player, sd):
    notes = []
    player.unavailable.connect(notes.append)
    player.play(tone(100000), 8000)
    stream = sd.streams[-1]
    sd.fail_close = True

    class Gone(Stream):
        @property
        def active(self):
            raise PortAudioError("Device unavailable")

        @active.setter
        def active(self, value):
            pass
    stream.__class__ = Gone
    qtbot.waitUntil(lambda: not player.is_playing, timeout=2000)
    assert notes and "stopped working" in notes[-1] and "Device unavailable" in player.detail
    assert stream.closed and player.can_retry


def test_stream_interrupted_by_portaudio(qtbot, player, sd):
    player.play(tone(100000), 8000)
    sd.streams[-1].active = False                       # PortAudio stopped it: not the end of the sound
    qtbot.waitUntil(lambda: not player.is_playing, timeout=2000)
    assert "stopped working" in player.note


def test_unsupported_rate_falls_back_to_the_devices_rate(player):
    sd = FakeSD(refuse_rates={8000}, default_rate=48000.0)
    p = Player(loader=lambda: sd)
    x = tone(800)
    assert p.play(x, 8000) is True
    (stream,) = sd.streams
    assert stream.kw["samplerate"] == 48000
    got = pull(stream, 4800)
    np.testing.assert_allclose(got[::6], x, atol=1e-6)                  # the same sound, resampled
    p.stop()


def test_empty_sound_does_nothing(player, sd):
    assert player.play(np.zeros(0, np.float32), 8000) is False
    assert sd.streams == [] and player.note == ""


def test_position_signal_drives_a_playhead(qtbot, player, sd):
    player.play(tone(8000), 8000)
    pull(sd.streams[-1], 4000)
    with qtbot.waitSignal(player.position_changed, timeout=2000) as sig:
        pass
    assert abs(sig.args[0] - 0.5) < 1e-9


def test_sounddevice_is_imported_only_when_needed(qtbot, monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    Player()
    assert "sounddevice" not in sys.modules


def test_the_real_library_on_this_machine_never_raises(qtbot):
    """Whatever this machine has (no sound card here), probing and playing end in a result, not an exception."""
    p = Player(loader=playback.load_sounddevice)
    ok = p.probe()
    played = p.play(tone(800), 16000)
    p.stop()
    assert ok == p.available or not played
    if not played:
        assert p.note
