"""The large view of the Audio panel: the shown sound's name, its waveform and spectrogram, and the playback row
(Play / Stop playing, Loop, the play time, and a note with "Try again" when there is no sound output).

``SoundView(player, parent)`` — ``show_sound(sound)`` draws a ``ui.components.sound_list.Sound`` (or "No sound
selected." for None); ``play(sound)`` / ``toggle(sound)`` play it through ``player`` (``ui/playback.py``);
``probe()`` looks for a sound output device. ``playback_changed`` is emitted whenever what the playback buttons
may do changes (the panel then updates its buttons; ``update_play_button(has_audio)`` enables Play).

The waveform and spectrogram (``widgets/waveform.py``) need pyqtgraph, which the GUI thread never imports (~0.4 s):
the engine's warm-up loads it (``widgets/plots.py``). The views are then made one per event-loop turn by the main
window (:meth:`build_view_step`: the waveform, the spectrogram, their linked time axes; each step 1–14 ms), or at
once when the panel is shown before that (:meth:`request_views`); until then a one-line placeholder says they are
loading, and ``waveform`` and ``spectrogram`` are None. :meth:`ensure_views` builds them all now (tests, scripts:
it imports pyqtgraph on the calling thread if nobody has). The words are the Audio panel's (translation context
"AudioPanel").
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from aigc_studio.ui.components.sound_list import Sound
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.widgets.param_form import WARNING_COLOUR, MessageLabel
from aigc_studio.ui.widgets.sound_list import display_name


class SoundView(QWidget):
    """The shown sound, large, with its playback row (see the module docstring)."""

    playback_changed = Signal()

    def __init__(self, player: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.player = player
        self.waveform: Any = None                  # widgets.waveform.WaveformView, made by ensure_views()
        self.spectrogram: Any = None
        self.title = QLabel(self)
        self.title.setObjectName("ViewTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.view_box = QWidget(self)
        self.view_box.setMinimumHeight(160)
        self._view_layout = QVBoxLayout(self.view_box)
        self._view_layout.setContentsMargins(0, 0, 0, 0)
        self._view_layout.setSpacing(2)
        self.views_placeholder = QLabel(QCoreApplication.translate("AudioPanel", "Loading the sound views…"),
                                        self.view_box)
        self.views_placeholder.setObjectName("ViewsPlaceholder")
        self.views_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views_placeholder.setWordWrap(True)
        self._view_layout.addWidget(self.views_placeholder, 1)
        self._views_done = False
        self._bare_plot: Any = None                # a plot widget made by one step, set up by the next
        self._views_requested: list[Any] = []        # callbacks waiting for request_views()
        self._views_waiting = False

        self.play_button = QPushButton(QCoreApplication.translate("AudioPanel", "Play"), self)
        self.play_button.setToolTip(QCoreApplication.translate(
            "AudioPanel", "Play the current sound through the sound card (double-click a row to play it)"))
        self.play_button.setObjectName("PlayButton")
        self.loop_check = QCheckBox(QCoreApplication.translate("AudioPanel", "Loop"), self)
        self.loop_check.setToolTip(QCoreApplication.translate("AudioPanel",
                                                              "Play the sound again and again until you stop it"))
        self.loop_check.toggled.connect(player.set_loop)
        self.play_time = QLabel(self)
        self.play_time.setObjectName("PlayTime")
        self.playback_note = MessageLabel(WARNING_COLOUR, self, "playback_note")
        self.retry_button = QToolButton(self)
        self.retry_button.setText(QCoreApplication.translate("AudioPanel", "Try again"))
        self.retry_button.setToolTip(QCoreApplication.translate("AudioPanel", "Look for a sound output device again"))
        self.retry_button.clicked.connect(self.probe)
        self.retry_button.hide()
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.play_button)
        row.addWidget(self.loop_check)
        row.addWidget(self.playback_note, 1)
        row.addWidget(self.retry_button)
        row.addStretch(0)
        row.addWidget(self.play_time)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.view_box, 1)
        lay.addLayout(row)

        player.state_changed.connect(self._on_play_state)
        player.position_changed.connect(self._on_play_position)
        player.unavailable.connect(self._on_playback_note)

    # --- the views --------------------------------------------------------------------------------------------
    @property
    def views_done(self) -> bool:
        """Both views are made and linked."""
        return self._views_done

    def build_view_step(self) -> str | None:
        """Make the next part of the views (pyqtgraph must be loaded: ``plots.is_ready()``): "waveform plot" (the
        bare pyqtgraph widget), "waveform" (set up), the same two for the spectrogram, then "link" (the shared
        time axis; the views are shown then). Five steps: whole, a view took 14–17 ms. The name of what was made,
        None when all was made before. Measured on a 2-core machine: 1–14 ms a step."""
        if self._views_done:
            return None
        from aigc_studio.ui.widgets.waveform import SpectrogramView, WaveformView, plot_widget
        for name, cls in (("waveform", WaveformView), ("spectrogram", SpectrogramView)):
            if getattr(self, name) is not None:
                continue
            if self._bare_plot is None:
                self._bare_plot = plot_widget(self.view_box)
                return f"{name} plot"
            view = cls(self.view_box, self._bare_plot)
            view.setObjectName(cls.__name__)
            view.hide()
            setattr(self, name, view)
            self._bare_plot = None
            return name
        self.spectrogram.plot.setXLink(self.waveform.plot)
        self._view_layout.removeWidget(self.views_placeholder)
        self.views_placeholder.hide()
        self._view_layout.addWidget(self.waveform, 2)
        self._view_layout.addWidget(self.spectrogram, 3)
        self.waveform.show()
        self.spectrogram.show()
        self._views_done = True
        return "link"

    def ensure_views(self) -> bool:
        """Make whatever is left of the views now; True when something was made. Imports pyqtgraph on the calling
        thread if nobody has (tests and scripts only: the window waits for the warm-up, :meth:`request_views`)."""
        made = False
        while self.build_view_step() is not None:
            made = True
        return made

    def request_views(self, done: Any = None) -> bool:
        """Make the views as soon as pyqtgraph is loaded (at once when it is; the engine's warm-up loads it, never
        the GUI thread), then call ``done()``. Until then the placeholder says they are loading; if pyqtgraph
        cannot be loaded it says so. True when the views were ready now."""
        from aigc_studio.ui.widgets import plots
        if self._views_done:
            if done is not None:
                done()
            return True
        if done is not None:
            self._views_requested.append(done)
        if self._views_waiting:
            return False
        self._views_waiting = True
        return plots.when_ready(self._on_plots_ready)

    def _on_plots_ready(self) -> None:
        from aigc_studio.ui.widgets import plots
        callbacks, self._views_requested = self._views_requested, []
        self._views_waiting = False
        if not plots.is_ready():
            self.views_placeholder.setText(QCoreApplication.translate(
                "AudioPanel", "The waveform and spectrogram cannot be shown: the plotting library (pyqtgraph) "
                              "could not be loaded. Generating, playing and saving sounds still work."))
            self.views_placeholder.setToolTip(plots.error())
            return
        self.ensure_views()
        for cb in callbacks:
            cb()

    def show_sound(self, sound: Sound | None) -> None:
        """Draw ``sound`` (what has arrived of it so far) in the views, when they exist."""
        if sound is None:
            self.title.setText(QCoreApplication.translate("AudioPanel", "No sound selected."))
            if self._views_done:
                self.waveform.clear()
                self.spectrogram.clear()
            return
        take = sound.take
        self.title.setText(display_name(sound))
        if not self._views_done:
            return
        duration = max(take.seconds, 0.0 if take.finished else sound.expected_seconds, 1e-3)
        samples = take.samples()
        self.waveform.set_sound(samples, take.sample_rate, duration)
        self.spectrogram.set_sound(samples, take.sample_rate, duration, key=(sound.number, sound.version),
                                   final=take.finished or take.partial)

    # --- playback ---------------------------------------------------------------------------------------------
    @Slot()
    def probe(self) -> bool:
        """Look for a sound output device (imports sounddevice); the note says what is wrong, if anything."""
        ok = self.player.probe()
        if ok:
            self._clear_note()
        self.playback_changed.emit()
        return ok

    def play(self, sound: Sound | None) -> bool:
        """Play ``sound`` (what has arrived of it so far); False when there is nothing to play or no output."""
        if sound is None or sound.take.n_samples == 0:
            return False
        ok = self.player.play(sound.take.samples(), sound.take.sample_rate, loop=self.loop_check.isChecked())
        if ok:
            self._clear_note()
        self.playback_changed.emit()
        return ok

    def toggle(self, sound: Sound | None) -> None:
        if self.player.is_playing:
            self.player.stop()
        else:
            self.play(sound)

    def update_play_button(self, has_audio: bool) -> None:
        self.play_button.setEnabled(self.player.is_playing or (has_audio and self.player.available))

    def _clear_note(self) -> None:
        self.playback_note.clear_message()
        self.retry_button.hide()

    @Slot(str)
    def _on_play_state(self, state: str) -> None:
        self.play_button.setText(QCoreApplication.translate("AudioPanel", "Stop playing") if state == "playing"
                                 else QCoreApplication.translate("AudioPanel", "Play"))
        if state != "playing":
            self.play_time.setText("")
        self.playback_changed.emit()

    @Slot(float)
    def _on_play_position(self, seconds: float) -> None:
        if self._views_done:
            self.waveform.set_playhead(seconds)
            self.spectrogram.set_playhead(seconds)
        self.play_time.setText(QCoreApplication.translate("AudioPanel", "%1 s").replace("%1", f"{seconds:.2f}")
                               if seconds >= 0 else "")

    @Slot(str)
    def _on_playback_note(self, text: str) -> None:
        self.playback_note.show_message(text)
        detail = str(getattr(self.player, "detail", "") or "")     # the sound system's own (English) words
        if detail and current_language() != "en":
            detail = QCoreApplication.translate("SoundView", "The sound system's own words about this are in the "
                                                             "studio's log.")
        self.playback_note.setToolTip(detail)
        self.retry_button.setVisible(self.player.can_retry)
        self.playback_changed.emit()
