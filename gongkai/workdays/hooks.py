"""Other apps store deadlines computed from the calendar; when a year's holiday
schedule changes they must recompute them. They register a function here (from their
``AppConfig.ready``); the schedule actions call :func:`schedule_changed` after commit
with the years that changed.

    from gongkai.workdays import hooks
    hooks.on_schedule_change(recompute_document_deadlines)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

Recompute = Callable[[frozenset[int]], None]
_listeners: list[Recompute] = []


def on_schedule_change(func: Recompute) -> Recompute:
    if func not in _listeners:
        _listeners.append(func)
    return func


def schedule_changed(years: Iterable[int]) -> None:
    """Run every listener with ``years`` once the current transaction commits."""
    changed = frozenset(years)
    if not changed:
        return

    def run() -> None:
        for func in _listeners:
            func(changed)

    transaction.on_commit(run)
