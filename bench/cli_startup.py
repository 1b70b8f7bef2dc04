"""Start-up cost of the command line: wall time and peak memory of
``newscrawl --help`` and ``--version`` (target: under 0.5 s), and for
comparison of a command that loads its stack (``extract --help``).

    python bench/cli_startup.py --runs 5

Each run is a fresh process (``newscrawl`` of this interpreter's
environment); peak RSS comes from ``resource.getrusage(RUSAGE_CHILDREN)``
of a child that runs exactly one command. Figures depend on the machine's
load (the development machine is shared); the median of the runs is shown.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PROBE = ("import resource, subprocess, sys\n"
         "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")

COMMANDS = (["--help"], ["--version"], ["extract", "--help"])


def measure(args: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of one ``newscrawl <args>`` process."""
    command = [sys.executable, "-m", "newscrawl.cli", *args]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - started
    rss = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True,
                         text=True, check=True).stdout.strip()
    return elapsed, int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'command':<28} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS':>10}")
    for command in COMMANDS:
        results = [measure(command) for _ in range(args.runs)]
        times = [t for t, _ in results]
        rss = statistics.median(r for _, r in results)
        print(f"{'newscrawl ' + ' '.join(command):<28} {statistics.median(times):>9.3f} "
              f"{min(times):>7.3f} {max(times):>7.3f} {rss / 1024:>8.1f} MB")


if __name__ == "__main__":
    main()
