"""The one job driver (core/jobs/driver.py): results, events, cancel with a grace time (an injected clock, no
sleeps), and the generator closed whenever the drive stops early."""
from __future__ import annotations

import pytest

from aigc_studio.core.base.events import Progress, Result, TextDelta
from aigc_studio.core.jobs.driver import collect, drive


class Job:
    """A scripted job: ``steps`` text deltas; returns early when ``cancelled`` unless it ignores it; records
    whether its ``finally:`` ran."""

    def __init__(self, steps: int = 3, ignore_cancel: bool = False, fail_at: int = -1):
        self.steps, self.ignore_cancel, self.fail_at = steps, ignore_cancel, fail_at
        self.cancelled = False
        self.finally_ran = False

    def run(self):
        try:
            for i in range(self.steps):
                if self.cancelled and not self.ignore_cancel:
                    return Result(text="partial", data={"stopped": "cancelled", "steps": i})
                if i == self.fail_at:
                    raise RuntimeError(f"broke at step {i}")
                yield TextDelta(str(i))
            return Result(text="done", data={"stopped": "length"})
        finally:
            self.finally_ran = True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_returns_the_result_and_hands_every_event_on_in_order():
    job = Job(steps=4)
    seen = []
    driven = drive(job.run(), seen.append)
    assert driven.result == Result(text="done", data={"stopped": "length"})
    assert not driven.closed and driven.events == 4
    assert [e.text for e in seen] == ["0", "1", "2", "3"]
    assert job.finally_ran


def test_a_job_that_honours_cancel_returns_what_it_has():
    job = Job(steps=10)

    def on_event(ev):
        if ev.text == "1":
            job.cancelled = True

    driven = drive(job.run(), on_event, cancelled=lambda: job.cancelled, grace_s=0.0)
    assert not driven.closed
    assert driven.result.data == {"stopped": "cancelled", "steps": 2}


def test_a_job_that_ignores_cancel_is_closed_after_the_grace_time():
    job = Job(steps=1000, ignore_cancel=True)
    clock = Clock()
    seen = []

    def on_event(ev):
        seen.append(ev.text)
        if ev.text == "5":
            job.cancelled = True           # the cancel arrives here; the grace time starts at the next check
        if job.cancelled:
            clock.now += 0.5               # each further step takes half a second

    driven = drive(job.run(), on_event, cancelled=lambda: job.cancelled, grace_s=2.0, clock=clock)
    assert driven.closed and driven.result is None
    assert seen[-1] == "9"                 # still running 1.5 s after the cancel; closed at 2.0 s
    assert job.finally_ran


def test_cancel_is_not_closing_within_the_grace_time():
    job = Job(steps=20, ignore_cancel=True)
    driven = drive(job.run(), None, cancelled=lambda: True, grace_s=2.0, clock=Clock())   # the clock stands still
    assert not driven.closed and driven.result.text == "done" and driven.events == 20


def test_an_error_in_the_job_propagates_after_its_finally():
    job = Job(steps=5, fail_at=2)
    with pytest.raises(RuntimeError, match="broke at step 2"):
        drive(job.run())
    assert job.finally_ran


@pytest.mark.parametrize("error", [ValueError("the view broke"), KeyboardInterrupt()])
def test_an_error_while_handling_an_event_closes_the_job_first(error):
    job = Job(steps=100)
    state_when_raised = []

    def on_event(ev):
        if ev.text == "3":
            raise error

    with pytest.raises(type(error)):
        try:
            drive(job.run(), on_event)
        except BaseException:
            state_when_raised.append(job.finally_ran)
            raise
    assert state_when_raised == [True]     # closed (finally: ran) before the error reached the caller


def test_collect_returns_every_event_and_the_result():
    job = Job(steps=2)
    also = []
    events, result = collect(job.run(), also.append)
    assert events == also == [TextDelta("0"), TextDelta("1")]
    assert result.text == "done"
    events, result = collect(iter_with_progress())
    assert events == [Progress(1, 1)] and result == "ok"


def iter_with_progress():
    yield Progress(1, 1)
    return "ok"
