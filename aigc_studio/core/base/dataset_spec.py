"""The spec of a dataset scan job (kind "dataset-scan"), torch-free: the folder, file or manifest to scan, the
kind of data (empty: the kind most files have) and whether to make thumbnails. Listed in ``specs.SPEC_TYPES``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aigc_studio.core.base.errors import Problem, Validated

DATA_KINDS = ("", "image", "audio", "text")


@dataclass(frozen=True)
class DatasetScanSpec(Validated):
    kind: ClassVar[str] = "dataset-scan"
    path: str = ""
    data_kind: str = ""            # "" = detect; "image" | "audio" | "text"
    thumbnails: bool = True
    favourites: bool = False       # True: scan the favourites of ``data_kind`` in the Assets library at ``path``

    def problems(self) -> list[Problem]:
        found = []
        if not isinstance(self.path, str) or not self.path.strip():
            found.append(Problem("path", "empty", "Choose a folder of images, sounds or text files to scan."))
        if self.data_kind not in DATA_KINDS or (self.favourites is True and not self.data_kind):
            found.append(Problem("data_kind", "choice", "The kind of data must be image, audio or text."))
        if not isinstance(self.favourites, bool):
            found.append(Problem("favourites", "wrong_type", "A setting has a value of the wrong type ({error}).",
                                 {"error": "favourites"}))
        if not isinstance(self.thumbnails, bool):
            found.append(Problem("thumbnails", "wrong_type", "A setting has a value of the wrong type ({error}).",
                                 {"error": "thumbnails"}))
        return found
