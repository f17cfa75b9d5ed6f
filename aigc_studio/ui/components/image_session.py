"""The images of an Image-panel session (Qt-free), in sections: one section per job, each image with what makes
it — its pixels (straight-alpha uint8 RGBA), the spec that reproduces it alone (a dict), its latent, its score
(best of N), a caption — and, once the direction sliders moved it, the image as it was (``original``) and the
slider amounts.

``ImageSession`` holds the sections; every change goes through its methods, which tell the listeners
(``subscribe(fn)``: ``fn(event, section, items)``) so a view (``ui/widgets/image_canvas.py``) can render it:

=============  ==============================================================================================
"section"      a section was added
"removed"      a section was removed (its items with it)
"cleared"      every section went
"pixels"       ``items`` got new pixels (new items included); the section may have grown (capacity, cell size)
"info"         ``items`` got a new spec, latent, score or caption
"order"        the section's items changed slots (sorted by score)
=============  ==============================================================================================
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np


def _floats(values: Iterable[Any] | None) -> list[float] | None:
    return [float(x) for x in values] if values is not None else None


def _score(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


@dataclass(frozen=True)
class Original:
    """An image as it was before the direction sliders first moved it."""
    rgba: np.ndarray
    spec: dict[str, Any]
    latent: list[float]
    score: float | None
    caption: str
    saved_path: str | None
    base_latent: tuple[float, ...]       # the latent the sliders move from
    amounts: tuple[float, ...]           # the slider amounts it was made with


@dataclass(eq=False)
class ImageItem:
    """One image of a section (see the module docstring)."""
    section: "ImageSection"
    index: int                           # position in its job
    rgba: np.ndarray
    slot: int = -1                       # position in the section (changes when sorted); -1: the index
    spec: dict[str, Any] | None = None
    latent: list[float] | None = None
    score: float | None = None
    caption: str = ""
    saved_path: str | None = None        # the file it was saved to (saving again returns it)
    amounts: list[float] | None = None   # the direction sliders' amounts; None: those of its spec
    original: Original | None = None

    def __post_init__(self) -> None:
        if self.slot < 0:
            self.slot = self.index

    @property
    def ready(self) -> bool:
        """Finished: its job's Result gave it the spec and latent the latent tools start from."""
        return self.latent is not None and bool(self.spec)

    @property
    def model(self) -> str:
        return str((self.spec or {}).get("model", ""))

    def spec_amounts(self) -> list[float]:
        d = (self.spec or {}).get("directions") or []
        try:
            return [float(x) for x in d]
        except (TypeError, ValueError):
            return []

    def slider_amounts(self) -> list[float]:
        return list(self.amounts) if self.amounts is not None else self.spec_amounts()

    def remember_original(self) -> Original:
        """Keep the image as it is now, the first time the sliders move it; returns what was kept."""
        if self.original is None:
            spec = dict(self.spec or {})
            latents = spec.get("latents") or []
            base = latents[0] if spec.get("mode") == "latent" and latents else (self.latent or ())
            self.original = Original(self.rgba, spec, list(self.latent or []), self.score, self.caption,
                                     self.saved_path, tuple(float(x) for x in base), tuple(self.spec_amounts()))
        return self.original


@dataclass(eq=False)
class ImageSection:
    """The images of one job under a title. ``items``: job index -> item."""
    id: int
    title: str
    capacity: int
    columns: int
    job_id: str | None = None
    mode: str = ""
    scored: bool = False
    cell: tuple[int, int] = (64, 64)
    items: dict[int, ImageItem] = field(default_factory=dict)

    def ordered(self) -> list[ImageItem]:
        return sorted(self.items.values(), key=lambda it: it.slot)


class ImageSession:
    """The sections of a session, in order (see the module docstring)."""

    def __init__(self) -> None:
        self.sections: list[ImageSection] = []
        self.cleared: list[ImageSection] = []      # what the last clear removed (Edit › Undo)
        self._ids = 0
        self._listeners: list[Callable[[str, ImageSection | None, list[ImageItem]], Any]] = []

    def subscribe(self, fn: Callable[[str, ImageSection | None, list[ImageItem]], Any]) -> None:
        self._listeners.append(fn)

    def _emit(self, event: str, section: ImageSection | None, items: list[ImageItem] | None = None) -> None:
        for fn in list(self._listeners):
            fn(event, section, items or [])

    # --- queries ----------------------------------------------------------------------------------------------
    def images(self) -> list[ImageItem]:
        """Every image, section by section, slot by slot."""
        return [it for s in self.sections for it in s.ordered()]

    def image_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    def contains(self, item: ImageItem | None) -> bool:
        return item is not None and item.section in self.sections and \
            item.section.items.get(item.index) is item

    def section_of_job(self, job_id: str) -> ImageSection | None:
        return next((s for s in reversed(self.sections) if s.job_id == job_id), None)

    # --- changes ----------------------------------------------------------------------------------------------
    def add_section(self, title: str, count: int, columns: int, *, job_id: str | None = None, mode: str = "",
                    scored: bool = False, cell: tuple[int, int] = (64, 64)) -> ImageSection:
        count = max(1, int(count))
        self._ids += 1
        s = ImageSection(id=self._ids, title=title, capacity=count, columns=max(1, min(int(columns), count)),
                         job_id=job_id, mode=mode, scored=scored, cell=(int(cell[0]), int(cell[1])))
        self.sections.append(s)
        self._emit("section", s)
        return s

    def set_images(self, section: ImageSection, images: dict[int, np.ndarray]) -> list[ImageItem]:
        """Put images into slots (``{job index: rgba}``): new indices get an item (the section grows past its
        capacity when needed; its first image sets the cell size), existing ones new pixels."""
        changed = []
        for index, rgba in images.items():
            item = section.items.get(index)
            if item is None:
                if not section.items:
                    h, w = rgba.shape[:2]
                    section.cell = (int(w), int(h))
                item = ImageItem(section, int(index), rgba)
                section.capacity = max(section.capacity, item.index + 1)
                section.items[item.index] = item
            else:
                item.rgba = rgba
            changed.append(item)
        if changed:
            self._emit("pixels", section, changed)
        return changed

    def set_info(self, item: ImageItem, spec: dict | None = None, latent: Iterable[float] | None = None,
                 score: float | None = None, caption: str = "", keep_edit: bool = False) -> None:
        """What makes ``item`` (from its job's Result). A new image is not saved yet (``saved_path`` None); with
        ``keep_edit`` the original and slider amounts stay (a slider preview's result)."""
        item.spec = dict(spec) if isinstance(spec, dict) else None
        item.latent = _floats(latent)
        item.score = _score(score)
        item.caption = str(caption or "")
        item.saved_path = None
        if not keep_edit:
            item.original, item.amounts = None, None
        self._emit("info", item.section, [item])

    def restore_original(self, item: ImageItem) -> bool:
        """The image as it was before the sliders moved it (False when they never did)."""
        orig = item.original
        if orig is None:
            return False
        item.rgba = orig.rgba
        item.spec, item.latent, item.score, item.caption = dict(orig.spec), list(orig.latent), orig.score, \
            orig.caption
        item.saved_path = orig.saved_path            # the same image: saving it again gives the same file
        item.amounts = list(orig.amounts)
        self._emit("pixels", item.section, [item])
        self._emit("info", item.section, [item])
        return True

    def sort_by_score(self, section: ImageSection | None = None) -> None:
        """Reorder a section's images (all sections without one) by score, best first, unscored last."""
        for s in ([section] if section is not None else list(self.sections)):
            items = s.ordered()
            if not any(it.score is not None for it in items):
                continue
            items.sort(key=lambda it: (it.score is None, -(it.score or 0.0), it.slot))
            for slot, it in enumerate(items):
                it.slot = slot
            self._emit("order", s)

    def remove_section(self, section: ImageSection) -> None:
        if section in self.sections:
            self.sections.remove(section)
            self._emit("removed", section, list(section.items.values()))

    def clear(self) -> None:
        """Remove every section; :meth:`undo_clear` brings them back (until the next clear)."""
        if self.sections:
            self.cleared = list(self.sections)
        self.sections.clear()
        self._emit("cleared", None)

    def can_undo_clear(self) -> bool:
        return bool(self.cleared)

    def undo_clear(self) -> bool:
        """Put the sections the last :meth:`clear` removed back, above any made since. False when there are none."""
        if not self.cleared:
            return False
        back, self.cleared = self.cleared, []
        later = list(self.sections)
        self.sections.clear()
        self._emit("cleared", None)
        for s in back + later:
            self.sections.append(s)
            self._emit("section", s)
            items = s.ordered()
            if items:
                self._emit("pixels", s, items)
                self._emit("info", s, items)
        return True
