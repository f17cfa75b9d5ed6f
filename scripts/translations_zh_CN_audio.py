"""Simplified Chinese for the Audio panel strings (merged by translations_zh_CN.py)."""

ZH: dict[str, str] = {
}
