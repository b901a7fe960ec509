"""Timing helpers shared by the benchmark scripts (one home: medians of repeats, peak memory).

Import it from a script in this directory (``from _timing import median, peak_mb``); the
scripts' own directory is first on ``sys.path`` when they run as ``python benchmarks/x.py``.
"""

__all__ = ["median", "median_cpu", "median_of", "peak_mb"]

import resource
import statistics
import time


def median_of(times) -> float:
    """The median of a list of seconds, NaN for an empty list (a skipped measurement)."""
    return statistics.median(times) if times else float("nan")


def median(fn, repeats: int) -> tuple:
    """``(median wall seconds of repeats calls of fn(), the last result)``; at least one call."""
    seconds, _, out = median_cpu(fn, repeats)
    return seconds, out


def median_cpu(fn, repeats: int) -> tuple:
    """``(median wall seconds, median CPU seconds of this process, the last result)``.

    The CPU time shows how much of the wall time other processes took on a loaded machine.
    """
    walls, cpus, out = [], [], None
    for _ in range(max(1, repeats)):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return statistics.median(walls), statistics.median(cpus), out


def peak_mb() -> float:
    """Peak resident set of this process so far, in MB (Linux ``ru_maxrss`` is in KB); it
    includes the interpreter and the libraries."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
