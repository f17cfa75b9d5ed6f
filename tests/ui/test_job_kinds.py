"""Every job kind has a name in the interface's words: the Jobs dock never shows a raw kind ("train-image",
"dataset-scan", "models-export"...), in English or in Chinese."""
from __future__ import annotations

import pytest

from aigc_studio.core.base.specs import SPEC_TYPES
from aigc_studio.core.jobs import RUNNERS


@pytest.fixture
def job_list(qtbot, make_engine):
    from aigc_studio.ui.widgets.job_list import JobList
    w = JobList(make_engine())
    qtbot.addWidget(w)
    return w


def test_every_job_kind_has_a_translated_name(qapp, job_list):
    from aigc_studio.ui.i18n import install_translators
    kinds = set(SPEC_TYPES) | set(RUNNERS)
    names = job_list.kind_names()
    assert kinds <= set(names), f"job kinds without a name in the Jobs dock: {sorted(kinds - set(names))}"
    for kind in kinds:
        assert job_list.kind_text(kind) != kind
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    try:
        for kind in kinds:
            text = job_list.kind_text(kind)
            assert any("\u4e00" <= c <= "\u9fff" for c in text), (kind, text)
    finally:
        install_translators(qapp, "en")
