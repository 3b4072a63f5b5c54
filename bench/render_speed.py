"""`scaffold new --no-input` against plain `cookiecutter --no-input` on the same template.

Goal (issue 5): scaffold no slower than plain cookiecutter, and under 300 ms
wall time. Each run renders into a fresh folder; HOME points at a temp folder
so cookiecutter's replay file does not land in the real home.

Run: python bench/render_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import ROOT, summary, write_section  # noqa: E402

BIN = Path(sys.executable).parent


def timed_runs(make_cmd, runs: int, env: dict[str, str]) -> list[float]:
    """Wall times of `runs` runs, each rendering into a new empty folder."""
    times = []
    for index in range(runs + 1):
        with tempfile.TemporaryDirectory() as out:
            cmd = make_cmd(Path(out))
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            if index:  # the first run warms the file cache and is not counted
                times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    scaffold = shutil.which("scaffold", path=str(BIN)) or "scaffold"
    cookiecutter = shutil.which("cookiecutter", path=str(BIN)) or "cookiecutter"
    rows = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home}
        for framework in ("django", "flask"):
            template = str(ROOT / "templates" / framework)
            ours = timed_runs(
                lambda out, fw=framework: [scaffold, "new", "--no-input", "--framework", fw, "-o", str(out)],
                args.runs,
                env,
            )
            plain = timed_runs(lambda out, t=template: [cookiecutter, "--no-input", t, "-o", str(out)], args.runs, env)
            rows.append((framework, ours, plain))
    body = "| template | `scaffold new --no-input` | plain `cookiecutter --no-input` |\n|---|---|---|\n"
    body += "".join(f"| {fw} (defaults) | {summary(ours)} | {summary(plain)} |\n" for fw, ours, plain in rows)
    body += (
        "\nBoth render the same template with its defaults into a new folder; scaffold also validates the "
        "answers, decides, writes `.scaffold.yml` and moves the project into place atomically.\n"
        "Goal: no slower than plain cookiecutter, and under 300 ms."
    )
    write_section("render", "Rendering: scaffold new against plain cookiecutter", body)
    print(body)


if __name__ == "__main__":
    main()
