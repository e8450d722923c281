"""A log changed in one place, as a hand edit or a half-synced file changes it: for the
property tests of the ways a log is read (test_fast_load, test_log_digest)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def leaves(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in a JSON document, the document itself first."""
    if isinstance(value, dict):
        return [path] + [leaf for key, item in value.items() for leaf in leaves(item, (*path, key))]
    if isinstance(value, list):
        return [path] + [leaf for i, item in enumerate(value) for leaf in leaves(item, (*path, i))]
    return [path]


def change_one_place(
    document: Any, data: st.DataObject, values: st.SearchStrategy[Any]
) -> tuple[Any, ...]:
    """Remove one key of `document`, or give one of its values another from `values`; the
    path of the place changed."""
    where = data.draw(st.sampled_from(leaves(document)[1:]), label="where")
    target = document
    for part in where[:-1]:
        target = target[part]
    if data.draw(st.booleans(), label="remove") and isinstance(target, dict):
        del target[where[-1]]
    else:
        target[where[-1]] = data.draw(values, label="value")
    return tuple(where)
