"""How long `scaffold --help` (and `--version`) take: the start-up every user pays.

Goal (issue 2): under 100 ms median wall time. cookiecutter and questionary
cost about 180 ms and 125 ms to import, so the CLI imports them only in the
commands that need them; this also records what the import of each costs.

Run: python bench/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _install import installed_scaffold  # noqa: E402
from _record import summary, time_command, write_section  # noqa: E402


def import_cost(python: str, module: str, runs: int) -> list[float]:
    """Wall time of a bare interpreter importing `module`, less a bare interpreter."""
    with_module = time_command([python, "-c", f"import {module}"], runs=runs)
    bare = time_command([python, "-c", "pass"], runs=runs)
    return [max(0.0, a - b) for a, b in zip(sorted(with_module), sorted(bare), strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with installed_scaffold() as bin_folder:
        body = measure(bin_folder, args.runs)
    write_section("cli-startup", "CLI start-up", body)
    print(body)


def measure(bin_folder: Path, runs: int) -> str:
    """The section's text, for the scaffold installed in `bin_folder` (a venv's, from the wheel)."""
    scaffold, python = str(bin_folder / "scaffold"), str(bin_folder / "python")
    rows = [
        ("`scaffold --help`", time_command([scaffold, "--help"], runs=runs, warmup=2)),
        ("`scaffold --version`", time_command([scaffold, "--version"], runs=runs, warmup=2)),
        ("`python -m scaffold --help`", time_command([python, "-m", "scaffold", "--help"], runs=runs)),
        ("`python -c pass` (the floor)", time_command([python, "-c", "pass"], runs=runs)),
    ]
    costs = [
        (module, import_cost(python, module, max(5, runs // 2)))
        for module in ("click", "questionary", "cookiecutter.main")
    ]
    body = "| command | wall time |\n|---|---|\n"
    body += "".join(f"| {name} | {summary(times)} |\n" for name, times in rows)
    body += "\nWhat the CLI avoids importing at start-up (import cost over a bare interpreter):\n\n"
    body += "| module | import cost |\n|---|---|\n"
    body += "".join(f"| `{module}` | {summary(times)} |\n" for module, times in costs)
    met = statistics.median(rows[0][1]) < 0.1
    body += (
        "\nscaffold is this checkout's wheel, installed byte-compiled into a new venv (as `pip install` leaves it)."
        f"\nGoal: `scaffold --help` under 100 ms median ({'met' if met else 'not met'})."
    )
    return body


if __name__ == "__main__":
    main()
