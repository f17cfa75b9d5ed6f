"""Saving and finding generated assets: atomic writes, naming, metadata (sidecars / embedded), the SQLite index.

Public API::

    store = AssetStore(root)                      # root = the output folder
    path = store.save_text(text, spec, extra)     # root/YYYY-MM-DD/NNNN-<model>-s<seed>.txt + .txt.json
    store.search(query="", kind=None, favourites=False, limit=500) -> list[AssetRecord]
    store.set_favourite(path, on); store.delete(path); store.rebuild_index()
    load_spec(path) -> spec                       # from an asset or its sidecar; UserError otherwise
    read_text_file(path, max_bytes=...) -> str    # plain UTF-8 text dropped on a panel
"""
from __future__ import annotations

from aigc_studio.core.base.atomic import (atomic_write_bytes, atomic_write_json, atomic_write_text,
                                            publish_new)
from aigc_studio.core.assets.index import INDEX_NAME
from aigc_studio.core.assets.metadata import load_spec, read_metadata, read_text_file
from aigc_studio.core.assets.store import AssetRecord, AssetStore, model_slug

__all__ = [
    "AssetRecord", "AssetStore", "INDEX_NAME", "atomic_write_bytes", "atomic_write_json", "atomic_write_text",
    "load_spec", "model_slug", "publish_new", "read_metadata", "read_text_file",
]
