"""Simplified Chinese for the Image panel strings (merged by translations_zh_CN.py)."""

ZH: dict[str, str] = {
}
