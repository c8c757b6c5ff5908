"""The build's memo of derived values (Build.memo): made once per build, asked for by several pages,
features and checks."""

from __future__ import annotations

from typing import Any, Callable


def remembered(memo: dict | None, key: tuple, make: Callable[[], Any]) -> Any:
    """`make()`, once per build when `memo` is the build's (Build.memo; None: made every time). Keys are
    tuples that start with what is made ("library members", "annual counts", …) and hold the id() of the
    object it is made from, which the build keeps alive."""
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]
