"""Qt-free session models of the panels (the way napari keeps ``components/`` apart from ``_qt/``): plain Python
and numpy, unit-tested without Qt. The widgets render them; an import-linter contract keeps PySide6 and pyqtgraph
out of this package.

* :mod:`image_session` — the images of an Image-panel session, in sections (one per job).
* :mod:`sound_list` — the sounds of an Audio-panel session and the job that is filling them.
* :mod:`model_card` — what a model's card says, read once (name, description, usage, metrics, directions...).
"""
