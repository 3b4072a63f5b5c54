"""Time from `scaffold new --no-input` to a green generated test suite, per kind and framework.

Each run renders the default project of one kind and framework into a fresh folder,
makes its venv and installs it with its `dev` extra from the warm, shared uv
cache (one unmeasured run warms it first), then runs the project's own
pytest. The total and each step's median go into docs/performance.md.

Rendering goes through the CLI (`python -m scaffold new --no-input
--framework F --set kind=K`), as a user would.

The all-features project of each framework (fullstack, every battery) is timed too,
as "everything": issue 18 asks each project's own suite to take under 5 s for the
default and the all-features projects, which the "suite" column checks.

Run: python bench/new_to_green.py [--runs 3] [--kinds fullstack,api,everything]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from _record import ROOT, load_note, write_section

sys.path.insert(0, str(ROOT / "tests"))

from support.generated import GeneratedProject, clean_env  # noqa: E402

FRAMEWORKS = ("django", "flask")
KINDS = ("fullstack", "cms", "admin_tool", "api", "microservice", "prototype")
#: Not a kind: the fullstack project with every feature, named so in the table and on --kinds.
EVERYTHING = "everything"
ALL_FEATURES = "admin,auth,api,rss,sitemap,cache,tasks"
GOAL_SECONDS = 15.0
SUITE_GOAL_SECONDS = 5.0


def render(framework: str, kind: str, output_dir: Path) -> GeneratedProject:
    """Make the default project of `kind` (or every feature's) and `framework` in `output_dir` with `scaffold new`."""
    answers = ["kind=fullstack", f"features={ALL_FEATURES}"] if kind == EVERYTHING else [f"kind={kind}"]
    cmd = [sys.executable, "-m", "scaffold", "new", "--no-input", "--framework", framework]
    cmd += [arg for answer in answers for arg in ("--set", answer)]
    subprocess.run([*cmd, "--output-dir", str(output_dir)], check=True, capture_output=True, env=clean_env())
    (project_path,) = [p for p in output_dir.iterdir() if p.is_dir()]
    # The Python the project declares: scaffold defaults to the newest one installed here.
    record = yaml.safe_load((project_path / ".scaffold.yml").read_text("utf-8"))
    return GeneratedProject(project_path, str(record["answers"]["python_version"]))


def one_run(framework: str, kind: str) -> dict[str, float]:
    """Render, install and test once; the seconds each step took."""
    with tempfile.TemporaryDirectory(prefix=f"new-to-green-{framework}-{kind}-") as tmp:
        times: dict[str, float] = {}
        start = time.perf_counter()
        project = render(framework, kind, Path(tmp))
        times["render"] = time.perf_counter() - start
        mark = time.perf_counter()
        project.install()
        times["venv + install"] = time.perf_counter() - mark
        mark = time.perf_counter()
        result = project.run("pytest", "-q", "-p", "no:cacheprovider")
        times["tests"] = time.perf_counter() - mark
        times["total"] = time.perf_counter() - start
        if " passed" not in result.stdout:
            raise SystemExit(f"{framework} {kind}: the generated tests did not pass:\n{result.stdout}")
        # Run again, as a developer does: the first run also byte-compiles the libraries uv installed.
        mark = time.perf_counter()
        again = project.run("pytest", "-q", "-p", "no:cacheprovider")
        times["again"] = time.perf_counter() - mark
        times["pytest"] = _pytest_seconds(again.stdout)
        return times


def _pytest_seconds(output: str) -> float:
    """The time pytest reports on its closing line ("201 passed in 4.05s"): the session, start-up excluded."""
    found = re.findall(r" in ([0-9.]+)s", output)
    return float(found[-1]) if found else float("nan")


def red_row(framework: str, kind: str, error: AssertionError) -> str:
    """A table row for a default project whose own tests fail: no time to green, the failing tests named."""
    failed = sorted(set(re.findall(r"^FAILED (\S+)", str(error), re.MULTILINE)))
    named = ", ".join(f"`{name.rsplit('::', 1)[-1]}`" for name in failed) or "see the bench's output"
    print(f"{framework} {kind}: the generated tests fail: {named}", flush=True)
    return f"| {kind} | {framework} | **red**: {named} | | | | | **no** | **no** |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per kind and framework (default 3)")
    parser.add_argument(
        "--kinds",
        default=",".join((*KINDS, EVERYTHING)),
        help="comma-separated kinds (default: all six and everything)",
    )
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]

    # cookiecutter writes replay files under ~: keep them out of the real home.
    # (generated.py read the uv cache's place from the real HOME at import.)
    home = tempfile.mkdtemp(prefix="new-to-green-home-")
    os.environ["HOME"] = home
    how = "`scaffold new --no-input --framework F --set kind=K` (the CLI)"

    load_before = os.getloadavg()[0]
    rows = []
    for kind in kinds:
        for framework in FRAMEWORKS:
            try:
                rows.append(measure(framework, kind, args.runs))
            except AssertionError as error:  # GeneratedProject.run: the project's own tests failed
                rows.append(red_row(framework, kind, error))

    goal, suite_head = f"{GOAL_SECONDS:.0f} s", f"suite under {SUITE_GOAL_SECONDS:.0f} s"
    body = f"""
The default project of each kind and framework, from nothing to its own tests passing:
render with {how}, `uv venv` + `uv pip install -e ".[dev]"` from a warm uv
cache, then `pytest` ("tests": its first run, which also byte-compiles the installed
libraries; "suite again": a second run, wall time, and in brackets the time pytest itself
reports, from its session's start: Python's start-up and the imports of conftest are outside it).
"everything" is the fullstack project with every feature
(`--set features={ALL_FEATURES}`). Median of {args.runs} runs each (after one unmeasured
run that warms the cache). Goals: under {GOAL_SECONDS:.0f} s from new to green, and the project's
own suite under {SUITE_GOAL_SECONDS:.0f} s as pytest reports it on a second run.

| kind | framework | new to green | render | venv + install | tests | suite again | under {goal} | {suite_head} |
|------|-----------|--------------|--------|----------------|-------|-------------|-------------|-------------|
{chr(10).join(rows)}

{load_note(load_before, os.getloadavg()[0])}
Measured by `python bench/new_to_green.py --runs {args.runs}`.
"""
    write_section("new-to-green", "From `scaffold new` to a green test suite", body)
    print("\n".join(rows))
    return 0


def measure(framework: str, kind: str, runs_wanted: int) -> str:
    """One table row: the median and spread of `runs_wanted` runs, after one that warms the cache."""
    print(f"{framework} {kind}: warming the uv cache", flush=True)
    one_run(framework, kind)
    runs = []
    for i in range(runs_wanted):
        runs.append(one_run(framework, kind))
        print(f"{framework} {kind} run {i + 1}: {runs[-1]['total']:.1f} s", flush=True)
    median = {step: statistics.median(r[step] for r in runs) for step in runs[0]}
    totals = [r["total"] for r in runs]
    verdict = "yes" if median["total"] < GOAL_SECONDS else "**no**"
    suite = "yes" if median["pytest"] < SUITE_GOAL_SECONDS else "**no**"
    spread = f"(min {min(totals):.1f}, max {max(totals):.1f})"
    steps = (
        f"{median['render']:.2f} s | {median['venv + install']:.1f} s | {median['tests']:.1f} s "
        f"| {median['again']:.1f} s ({median['pytest']:.1f} s)"
    )
    return f"| {kind} | {framework} | {median['total']:.1f} s {spread} | {steps} | {verdict} | {suite} |"


if __name__ == "__main__":
    raise SystemExit(main())
