"""`scaffold serve` under load: 20 parallel downloads, memory over 200 sequential ones, and zips per second by workers.

Goal (issue 13): the 20 parallel downloads all succeed, and the server's
memory stays flat over 200 sequential downloads (no render leaks a module,
a Jinja environment or a temporary file). The server is started as a user
starts it (`scaffold serve --port N --no-open`) with its own TMPDIR, whose
emptiness is checked at the end; its resident memory is read from /proc.

Throughput (issue 20): the app as a deployment runs it, `uvicorn --factory
scaffold.serve.app:create_app --workers W`, for W = 1 and 2; zips per second
over `--zips` downloads sent `--parallel` at a time.

Run: python bench/serve_load.py [--sequential 200] [--parallel 20] [--zips 200] [--only memory|workers]
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import load_note, summary, write_section  # noqa: E402

from scaffold._tmpcache import cache_folder  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def download(port: int, name: str) -> tuple[int, bytes, float]:
    """GET /starter.zip for a project name: (status, body, seconds)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request("GET", f"/starter.zip?project_name={name.replace(' ', '%20')}&features=admin,auth,api")
        response = conn.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - start
    finally:
        conn.close()


def rss_mib(pid: int) -> float:
    """Resident memory of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("scaffold serve exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("scaffold serve did not start")


def zips_per_second(workers: int, *, zips: int, parallel: int) -> tuple[float, int]:
    """Start the factory under uvicorn with `workers` processes; (zips per second, zips that succeeded)."""
    work = Path(tempfile.mkdtemp(prefix="serve-workers-"))
    (work / "tmp").mkdir()
    port = free_port()
    env = {**os.environ, "TMPDIR": str(work / "tmp"), "HOME": str(work / "home")}
    command = [sys.executable, "-m", "uvicorn", "--factory", "scaffold.serve.app:create_app"]
    command += ["--workers", str(workers), "--port", str(port), "--no-access-log"]
    command += ["--http", "scaffold.serve.protocol:TimedH11Protocol"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, proc)
        # Warm every worker (the kernel hands connections to whichever accepts first, so send
        # plenty): each loads its modules and the shared compiled templates once.
        with ThreadPoolExecutor(max_workers=workers * 4) as pool:
            list(pool.map(lambda n: download(port, f"Warm {n}"), range(workers * 10)))
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            results = list(pool.map(lambda n: download(port, f"Load {n}"), range(zips)))
        wall = time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    ok = sum(1 for status, _, _ in results if status == 200)
    return zips / wall, ok


def workers_section(*, zips: int, parallel: int) -> str:
    """Measure 1 and 2 workers and write the `serve-workers` section."""
    load_before = os.getloadavg()[0]
    rows = []
    rates = {}
    for workers in (1, 2):
        rate, ok = zips_per_second(workers, zips=zips, parallel=parallel)
        rates[workers] = rate
        rows.append(f"| {workers} | {rate:.1f} zips/s | {ok} of {zips} |")
    load_after = os.getloadavg()[0]
    body = (
        "`uvicorn --factory scaffold.serve.app:create_app --workers W --http "
        "scaffold.serve.protocol:TimedH11Protocol`, "
        f"{zips} downloads of `/starter.zip?project_name=...&features=admin,auth,api` (a Django project), "
        f"{parallel} at a time, after a warm-up.\n\n"
        "| workers | throughput | succeeded |\n|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Two workers over one: {rates[2] / rates[1]:.2f}x. A render is CPU-bound Python, so a process renders "
        "on one core at a time (the GIL): more workers add only as many cores as are free. The app keeps no "
        "state between requests, so any number of workers can serve it.\n"
        f"{load_note(load_before, load_after)}"
    )
    write_section("serve-workers", "scaffold serve: zips per second by worker processes", body)
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--zips", type=int, default=200)
    parser.add_argument("--only", choices=["memory", "workers"], default=None)
    args = parser.parse_args()
    if args.only != "memory":
        print(workers_section(zips=args.zips, parallel=args.parallel))
    if args.only != "workers":
        memory_section(parallel=args.parallel, sequential=args.sequential)


def memory_section(*, parallel: int, sequential: int) -> None:
    """Start `scaffold serve` as a user does; parallel downloads, then memory over sequential ones."""
    args = argparse.Namespace(parallel=parallel, sequential=sequential)
    scaffold = shutil.which("scaffold") or str(Path(sys.executable).parent / "scaffold")
    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    tmp = work / "tmp"
    tmp.mkdir()
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp), "HOME": str(work / "home")}
    load_before = os.getloadavg()[0]
    proc = subprocess.Popen(
        [scaffold, "serve", "--port", str(port), "--no-open"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, proc)
        for number in range(5):
            download(port, f"Warm {number}")
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            burst = list(pool.map(lambda n: download(port, f"Burst {n}"), range(args.parallel)))
        burst_wall = time.perf_counter() - start
        ok = sum(
            1 for status, body, _ in burst if status == 200 and zipfile.ZipFile(io.BytesIO(body)).testzip() is None
        )
        files = sum(1 for name in zipfile.ZipFile(io.BytesIO(burst[0][1])).namelist() if not name.endswith("/"))
        rss = [rss_mib(proc.pid)]
        times = []
        for number in range(args.sequential):
            status, _, seconds = download(port, f"Seq {number}")
            if status != 200:
                raise RuntimeError(f"download {number}: HTTP {status}")
            times.append(seconds)
            if (number + 1) % 20 == 0:
                rss.append(rss_mib(proc.pid))
        # scaffold's cache folder stays in TMPDIR on purpose (scaffold._tmpcache): compiled templates
        # and parsed rules, named by hashes and versions, nothing from a request. Anything else counts.
        cache = tmp / cache_folder().name
        left = sorted(
            str(path)
            for path in tmp.rglob("*")
            if not (path == cache or (path.parent == cache and not path.name.startswith(".")))
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()[0]

    growth = rss[-1] - rss[1]
    flat = abs(growth) < 10
    body = (
        "`scaffold serve --port N --no-open` (uvicorn, one process), downloads of "
        f"`/starter.zip?project_name=...&features=admin,auth,api` (a Django project of {files} files).\n\n"
        "| measure | result |\n|---|---|\n"
        f"| {args.parallel} parallel downloads | {ok} of {args.parallel} succeeded, all done in {burst_wall:.1f} s "
        "(renders run in parallel) |\n"
        f"| one download, {args.sequential} in a row | {summary(times)} |\n"
        f"| server memory (RSS) after the burst | {rss[0]:.0f} MiB |\n"
        f"| RSS every 20 sequential downloads | {', '.join(f'{value:.0f}' for value in rss[1:])} MiB |\n"
        f"| RSS growth from download 20 to {args.sequential} | {growth:+.1f} MiB |\n"
        f"| files left in the server's TMPDIR (scaffold's cache folder aside) | {len(left)} |\n\n"
        f"{load_note(load_before, load_after)}\n"
        f"Goal: every parallel download succeeds ({'met' if ok == args.parallel else 'not met'}); memory flat over "
        f"{args.sequential} sequential downloads, under 10 MiB of growth ({'met' if flat else 'not met'}); "
        f"nothing left in TMPDIR ({'met' if not left else 'not met'})."
    )
    write_section("serve-load", "scaffold serve under load", body)
    print(body)


if __name__ == "__main__":
    main()
