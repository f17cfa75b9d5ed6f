import os as _os

__version__ = "0.1.0"

# PySide6 creates its Python types lazily by default (a type is made the first time Python names it), so which types
# exist when depends on import order and on threads: the engine thread imports pyqtgraph, whose Qt shim reads every
# name of QtCore/QtGui/QtWidgets while the GUI thread runs. Two rare SIGSEGVs of scripted sessions happened during
# that import (1 in ~40 runs, not reproduced on demand); other PySide 6.11 projects bisected crashes of the same
# family to lazy type creation and cured them with this switch. With it, every type of a Qt module is made when the
# module is imported (on the GUI thread, before the window): ~0.1-0.3 s and ~15 MB more at start. It acts only
# before PySide6 is first imported, so it is set here, on entering the package; a user's own value wins.
_os.environ.setdefault("PYSIDE6_OPTION_LAZY", "0")
