"""Wall time of the test suite as CI runs it (`pytest -n auto --dist worksteal`), and of the fast tier.

Runs each command once from the repository root with this interpreter's
pytest (so: inside the venv that has the test extra), with PostgreSQL, Redis
and Chromium as CI has them and the uv cache warm, and records the time and
pytest's own closing line in docs/performance.md. A failing run is recorded
as failing, never hidden.

Run: python bench/ci_wall_time.py [--skip-fast | --fast-only]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

from _record import ROOT, load_note, write_section

WHOLE_GOAL = 60 * 60
FAST_GOAL = 45

COMMANDS = [
    ("whole suite", ["-n", "auto", "--dist", "worksteal"], WHOLE_GOAL),
    ("fast tier", ["-m", "not slow"], FAST_GOAL),
]


def run(args: list[str]) -> tuple[float, int, str, list[str]]:
    """Seconds taken, exit code, pytest's closing line and the tests that failed (pytest's -rfE lines)."""
    env = {**os.environ, "CI": os.environ.get("CI", "true")}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    lines = [line.strip("= ") for line in result.stdout.splitlines() if line.strip()]
    closing = next((line for line in reversed(lines) if re.search(r"\d+ (passed|failed|error)", line)), "")
    failures = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return elapsed, result.returncode, closing or f"(no summary; exit {result.returncode})", failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--skip-fast", action="store_true", help="time only the whole suite")
    which.add_argument("--fast-only", action="store_true", help="time only the fast tier (serially)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    rows = []
    failed_tests: list[str] = []
    failed = False
    for name, pytest_args, goal in COMMANDS:
        if (args.skip_fast and name == "fast tier") or (args.fast_only and name != "fast tier"):
            continue
        print(f"timing {name}: pytest {' '.join(pytest_args)}", flush=True)
        elapsed, code, closing, failures = run(pytest_args)
        failed |= code != 0
        # A failing run names what failed, so a flaky test can be told from a broken one.
        failed_tests.extend(f"- {name}: `{line}`" for line in failures)
        within = "yes" if elapsed < goal else "**no**"
        status = "green" if code == 0 else f"**exit {code}**"
        rows.append(
            f"| {name} | `pytest {' '.join(pytest_args)}` | {elapsed:.0f} s | {goal} s | {within} "
            f"| {status}: {closing} |"
        )
        print(rows[-1], flush=True)

    body = f"""
What CI runs (`.ci/run` ends in `pytest -n auto`: every test, the slow proofs
included: PostgreSQL, gunicorn, headless Chromium) and the inner-loop fast
tier, each timed once with a warm uv cache on {os.cpu_count()} cores.

| run | command | wall time | goal | within goal | result |
|-----|---------|-----------|------|-------------|--------|
{chr(10).join(rows)}
{(chr(10) + "What failed:" + chr(10) + chr(10).join(failed_tests) + chr(10)) if failed_tests else ""}
{load_note(load_before, os.getloadavg()[0])}
Measured by `python bench/ci_wall_time.py`.
"""
    write_section("ci-wall-time", "Test suite wall time", body)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
