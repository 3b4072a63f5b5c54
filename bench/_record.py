"""Write a benchmark's figures into its own section of docs/performance.md.

Each bench script owns one section, fenced by HTML comments
(`<!-- bench:NAME -->` ... `<!-- /bench:NAME -->`), and replaces only that
section, so the scripts can run alone or together without clobbering each
other. Every section says when and on what machine it was measured.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE_MD = ROOT / "docs" / "performance.md"

_HEADER = """# Performance

Every figure below is written by a script under `bench/` (never typed by hand),
with the date and the machine it was measured on. Re-run a script to refresh
its section; `python bench/run_all.py` refreshes them all.
"""


def machine() -> str:
    """One line naming the machine: CPU model, cores, memory, OS, Python."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if match:
            cpu = match.group(1).strip()
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        if match:
            mem = f", {int(match.group(1)) / 1024 / 1024:.0f} GiB"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def time_command(cmd: Sequence[str], *, runs: int, warmup: int = 1, **kwargs: object) -> list[float]:
    """Wall time in seconds of `runs` runs of a command (after `warmup` unmeasured runs)."""
    for _ in range(warmup):
        subprocess.run(list(cmd), check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(list(cmd), check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
        times.append(time.perf_counter() - start)
    return times


def time_call(func: Callable[[], object], *, runs: int, warmup: int = 0) -> list[float]:
    """Wall time in seconds of `runs` calls of `func`."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def summary(times: Sequence[float]) -> str:
    """Median, min and max of a series, in milliseconds under 10 s, else in seconds."""
    med, low, high, n = statistics.median(times), min(times), max(times), len(times)
    if med < 10:
        return f"{med * 1000:.0f} ms median (min {low * 1000:.0f}, max {high * 1000:.0f}, {n} runs)"
    return f"{med:.1f} s median (min {low:.1f}, max {high:.1f}, {n} runs)"


def write_section(name: str, title: str, body: str) -> None:
    """Replace (or append) the section `name` of docs/performance.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"Measured {stamp} on {machine()}.\n\n{body.strip()}\n<!-- /bench:{name} -->"
    )
    text = PERFORMANCE_MD.read_text("utf-8") if PERFORMANCE_MD.exists() else _HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    PERFORMANCE_MD.parent.mkdir(parents=True, exist_ok=True)
    PERFORMANCE_MD.write_text(text, "utf-8")


def load_note(before: float, after: float) -> str:
    """The 1-minute load average around a measurement, and whether other work shared the machine."""
    cores = os.cpu_count() or 1
    note = f"Load average (1 min) at start and end: {before:.1f}, {after:.1f} on {cores} cores"
    if max(before, after) > cores:
        return note + ": above the core count, so other work shared the machine and these figures run high."
    return note + "."
