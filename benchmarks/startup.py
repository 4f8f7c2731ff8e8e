"""Start-up time of ``coach``, compared with ``python -c pass`` and ``jrnl --version``.

Run it from anywhere with the Python that has coachcli installed::

    python benchmarks/startup.py [--runs N]

The bar (issue 13, part 3): every subcommand's ``--help``, ``coach --help``
and ``--version``, the listings on an empty home and ``coach history REP``
for a rep with 10 notes must be no slower than ``jrnl --version`` (a Python
journal CLI) measured in the same run. jrnl is
installed once into a throwaway venv (by default
``~/.cache/coachcli-bench/jrnl-venv``); when it cannot be installed the table
is printed without the jrnl column and the bar is not judged.

Commands are run interleaved (one round runs each command once, in a rotating
order) after a few warm-up rounds, so that a busy moment on the machine hits
every command alike. Figures are medians of wall-clock time measured with
``time.perf_counter`` around ``subprocess.run``. This script only prints
figures: nothing in the test suite times anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BIN_DIR = "Scripts" if os.name == "nt" else "bin"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def default_cache_dir() -> Path:
    """Where the throwaway jrnl venv lives unless --jrnl-venv says otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coachcli-bench" / "jrnl-venv"


def find_coach() -> Path | None:
    """The ``coach`` next to this Python (its venv), else the one on PATH.

    Its package is compiled to bytecode first, as `pip install` of a wheel
    does: an editable install under ``PYTHONDONTWRITEBYTECODE`` (set on some
    machines) would otherwise compile every changed module on every run, a
    cost no installed coach pays and jrnl, installed from a wheel, never does.
    """
    import compileall

    import coachcli

    compileall.compile_dir(Path(coachcli.__file__).parent, quiet=1)
    beside = Path(sys.executable).parent / f"coach{EXE_SUFFIX}"
    if beside.is_file():
        return beside
    found = shutil.which("coach")
    return Path(found) if found else None


def ensure_jrnl(venv: Path) -> Path | None:
    """Return the ``jrnl`` executable in ``venv``, creating the venv if needed.

    Returns None (after saying why) when the venv or jrnl cannot be installed.
    """
    jrnl = venv / BIN_DIR / f"jrnl{EXE_SUFFIX}"
    if jrnl.is_file():
        return jrnl
    python = venv / BIN_DIR / f"python{EXE_SUFFIX}"
    print(f"Installing jrnl into {venv} (once) ...", file=sys.stderr)
    steps: list[list[str]] = []
    if not python.is_file():
        steps.append([sys.executable, "-m", "venv", str(venv)])
    steps.append(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "jrnl"]
    )
    for step in steps:
        try:
            result = subprocess.run(step, capture_output=True, text=True, check=False)
        except OSError as exc:
            print(f"Could not run {step[0]}: {exc}", file=sys.stderr)
            return None
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            print(f"Could not install jrnl ({' '.join(step[:4])} failed):", file=sys.stderr)
            for line in tail:
                print(f"  {line}", file=sys.stderr)
            print("Continuing without the jrnl column.", file=sys.stderr)
            return None
    if not jrnl.is_file():
        print(f"pip succeeded but {jrnl} is missing; continuing without jrnl.", file=sys.stderr)
        return None
    return jrnl


NOTHING_FOUND = 1
"""The exit status of a search that finds nothing (as grep's): not a failure here."""


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall-clock seconds for one run of ``argv``; raises if it fails."""
    start = time.perf_counter()
    result = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, NOTHING_FOUND if "search" in argv else 0):
        raise RuntimeError(f"{' '.join(argv)} exited with status {result.returncode}")
    return elapsed


def check_runs(label: str, argv: Sequence[str], env: dict[str, str]) -> None:
    """Run ``argv`` once with its output shown, so a broken command is not timed."""
    result = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode not in (0, NOTHING_FOUND if "search" in argv else 0):
        sys.exit(
            f"`{label}` failed with status {result.returncode}:\n{result.stderr or result.stdout}"
        )


def measure(
    commands: dict[str, list[str]], env: dict[str, str], runs: int, warmup: int
) -> dict[str, list[float]]:
    """Time every command ``runs`` times, interleaved, after ``warmup`` untimed rounds."""
    labels = list(commands)
    times: dict[str, list[float]] = {label: [] for label in labels}
    for round_no in range(warmup + runs):
        shift = round_no % len(labels)
        for label in labels[shift:] + labels[:shift]:
            elapsed = run_once(commands[label], env)
            if round_no >= warmup:
                times[label].append(elapsed)
    return times


def print_table(times: dict[str, list[float]], jrnl_label: str | None) -> None:
    """Print median and min in ms, and the median's ratio to the baselines."""
    medians = {label: statistics.median(values) for label, values in times.items()}
    base = medians["python -c pass"]
    jrnl = medians[jrnl_label] if jrnl_label else None
    width = max(len(label) for label in times)
    header = f"{'command':<{width}}  {'median ms':>9}  {'min ms':>7}  {'x python':>8}"
    if jrnl is not None:
        header += f"  {'x jrnl':>6}"
    print(header)
    print("-" * len(header))
    for label, values in times.items():
        row = (
            f"{label:<{width}}  {medians[label] * 1000:>9.1f}  {min(values) * 1000:>7.1f}"
            f"  {medians[label] / base:>8.2f}"
        )
        if jrnl is not None:
            row += f"  {medians[label] / jrnl:>6.2f}"
        print(row)


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of ``coach``, as the words that run it."""
    import typer

    from coachcli.cli import app

    found: list[tuple[str, ...]] = []

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, command in sorted(getattr(group, "commands", {}).items()):
            found.append((*prefix, name))
            walk(command, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return found


def verdict(times: dict[str, list[float]], jrnl_label: str | None) -> bool | None:
    """Print the PASS/FAIL line for the bar; None when jrnl could not be measured."""
    bar = ("every --help, every listing on an empty home and history of 10 notes"
           " <= jrnl --version (medians)")  # fmt: skip
    if jrnl_label is None:
        print(f"\nSKIP  {bar}: jrnl is not available")
        return None
    jrnl = statistics.median(times[jrnl_label])
    coach = [
        label for label in times
        if label.startswith("coach")
        and label.endswith(("--help", "--version", "(empty home)", "(10 notes)"))
    ]  # fmt: skip
    worst = max(coach, key=lambda label: statistics.median(times[label]))
    slowest = statistics.median(times[worst])
    ok = slowest <= jrnl
    figures = f"slowest {worst!r} {slowest * 1000:.1f} ms vs {jrnl * 1000:.1f} ms"
    print(f"\n{'PASS' if ok else 'FAIL'}  {bar}: {figures}")
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="timed rounds (default: 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default: 3)")
    parser.add_argument(
        "--jrnl-venv",
        type=Path,
        default=default_cache_dir(),
        help="throwaway venv holding jrnl (default: %(default)s)",
    )
    parser.add_argument("--no-jrnl", action="store_true", help="do not install or time jrnl")
    parser.add_argument(
        "--quick", action="store_true", help="only --version and --help (not every command)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    coach = find_coach()
    if coach is None:
        print("No `coach` command next to this Python nor on PATH.", file=sys.stderr)
        print("Install the project (pip install -e .) and run with its Python.", file=sys.stderr)
        return 2
    jrnl = None if args.no_jrnl else ensure_jrnl(args.jrnl_venv)

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        # coach gets an empty data home; jrnl gets empty config/data folders so
        # that neither reads nor writes the user's own files.
        env = dict(os.environ)
        env["COACH_HOME"] = str(Path(tmp) / "coach-home")
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        commands: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "coach --version": [str(coach), "--version"],
            "coach --help": [str(coach), "--help"],
        }
        if not args.quick:
            for path in command_paths():
                commands[f"coach {' '.join(path)} --help"] = [str(coach), *path, "--help"]
            for words in (["reps"], ["rep", "list"], ["actions"], ["balance"],
                          ["search", "pricing"]):  # fmt: skip
                commands[f"coach {' '.join(words)} (empty home)"] = [str(coach), *words]
            ten = Path(tmp) / "ten-notes"
            sys.path.insert(0, str(Path(__file__).parent))
            from generate import generate  # benchmarks/generate.py: a realistic home

            generate(ten, notes=10, reps=1)
            rep = next(p.name for p in (ten / "reps").iterdir() if p.is_dir())
            commands["coach history REP (10 notes)"] = [
                str(coach),
                "--no-pager",
                "--home",
                str(ten),
                "history",
                rep,
            ]
        jrnl_label: str | None = None
        if jrnl is not None:
            jrnl_label = "jrnl --version"
            commands[jrnl_label] = [str(jrnl), "--version"]
        for label, command in commands.items():
            check_runs(label, command, env)

        print(f"python: {sys.executable} ({sys.version.split()[0]})")
        print(f"coach:  {coach}")
        print(f"jrnl:   {jrnl if jrnl else 'not available'}")
        print(f"runs:   {args.runs} interleaved, after {args.warmup} warm-up rounds")
        print(f"cpus:   {os.cpu_count()}\n")
        sys.stdout.flush()
        times = measure(commands, env, args.runs, args.warmup)

    print_table(times, jrnl_label)
    verdict(times, jrnl_label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
