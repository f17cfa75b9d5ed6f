"""Loaded before pytest-qt imports PySide6: the studio's own Qt type mode (see aigc_studio/__init__.py) for every
test process, so the tests run Qt as the studio does."""
import aigc_studio  # noqa: F401  — sets PYSIDE6_OPTION_LAZY before PySide6 is first imported
