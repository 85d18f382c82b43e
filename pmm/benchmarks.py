"""Shared helpers of the ``bench`` command: figures and the RESULT lines compared run to run."""

import statistics


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def result_line(name: str, ratio: float, goal: float, *, at_most: bool = False) -> str:
    """``RESULT <name> ratio=<value> goal>=<value>`` (or ``goal<=`` for a ceiling)."""
    op = "<=" if at_most else ">="
    return f"RESULT {name} ratio={ratio:.3f} goal{op}{goal:g}"
