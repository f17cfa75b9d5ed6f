"""The ONE job driver: runs a job generator (``run(spec, ctx) -> Generator[Event, None, Result]``) to its Result.
Qt-free; the command line, the engine's worker thread, the bench and the tests all drive jobs with it.

* Each event goes to ``on_event`` as it arrives.
* Cancel is cooperative: the job sees ``ctx.cancelled`` and returns what it has. A job that keeps yielding for
  ``grace_s`` after ``cancelled()`` became true is closed (``Driven.closed``).
* Whenever the driver stops early (a cancel past the grace time, an error in the job or in ``on_event``, Ctrl+C),
  it closes the generator, so the job's ``finally:`` runs on the calling thread before the driver returns or
  raises.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

DEFAULT_GRACE_S = 2.0


@dataclass(frozen=True)
class Driven:
    """How a drive ended: the job's return value (its Result; None when the driver closed the job), whether the
    driver closed it because it ignored a cancel, and how many events it yielded."""
    result: Any
    closed: bool = False
    events: int = 0


def drive(gen: Generator[Any, None, Any], on_event: Callable[[Any], None] | None = None, *,
          cancelled: Callable[[], bool] | None = None, grace_s: float = DEFAULT_GRACE_S,
          clock: Callable[[], float] = time.monotonic) -> Driven:
    """Run ``gen`` to its end, handing each event to ``on_event``.

    ``cancelled()`` is asked after every event; once it is true the job has ``grace_s`` (measured with ``clock``)
    to return by itself before it is closed. Exceptions from the job or from ``on_event`` propagate after the
    generator has been closed."""
    count = 0
    cancelled_at: float | None = None
    try:
        while True:
            try:
                event = next(gen)
            except StopIteration as stop:
                return Driven(stop.value, False, count)
            count += 1
            if on_event is not None:
                on_event(event)
            if cancelled is not None and cancelled():
                now = clock()
                if cancelled_at is None:
                    cancelled_at = now
                elif now - cancelled_at >= grace_s:
                    gen.close()
                    return Driven(None, True, count)
    except BaseException:
        gen.close()            # its finally: runs now, here (a no-op when the job itself raised)
        raise


def collect(gen: Generator[Any, None, Any], on_event: Callable[[Any], None] | None = None) -> tuple[list, Any]:
    """``(events, result)`` of a job or trainer generator run to its end; ``on_event(ev)`` sees each event as it
    comes (scripts and tests that look at everything a job said)."""
    events: list = []

    def record(event: Any) -> None:
        events.append(event)
        if on_event is not None:
            on_event(event)

    return events, drive(gen, record).result


__all__ = ["DEFAULT_GRACE_S", "Driven", "collect", "drive"]
