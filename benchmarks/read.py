"""The read commands against jrnl on a journal of the same size, in the same run.

    python benchmarks/read.py [HOME] [--notes 10000] [--reps 50] [--runs 7]

Without HOME a home is generated (benchmarks/generate.py). A jrnl journal is
written with one entry per note (its date, summary and body), and jrnl is
installed once into a throwaway venv (see benchmarks/startup.py). Every
command runs warm (once untimed first, the index already built), each run in
a fresh process; the table shows medians, the ratio to jrnl, the bar, and the
peak memory (RSS) of each command. Then one note is edited and the index is
refreshed, to show that only that note is re-read.

Bars (issue 13): history <= 0.6x `jrnl -n 10`; reps, actions and balance
<= 0.6x `jrnl --short`; a common-word search <= 4x `grep -rl WORD` over the
notes; peak RSS of every read command < 60 MB, `search --all --json`
included. The floor rows: `grep -rl` and reading every note's file. This
script only prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import startup  # noqa: E402  (the jrnl venv helper)
from generate import generate  # noqa: E402

SEARCH_WORD = "champion"
READ_FILES = """
import os, sys
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                handle.read()
"""
"""The floor: reading every note, as any tool must."""


# Each command is started by a small launcher process, which reports the
# command's time and peak RSS: a child forked straight from this (large)
# benchmark process would count this process's pages in its own peak.
LAUNCHER = """
import os, resource, subprocess, sys, time
began = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
took = time.perf_counter() - began
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit status of one run of ``argv``."""
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def write_journal(home: Path, target: Path) -> int:
    """One jrnl entry per note: date and time, the summary as title, the body."""
    from coachcli.notes import split_note

    notes = sorted(home.glob("reps/*/*.md"))
    entries = []
    for path in notes:
        text = path.read_text(encoding="utf-8")
        _, body = split_note(text, str(path))
        stamp = path.name[:10]
        summary = next((ln[2:] for ln in body.splitlines() if ln.startswith("> ")), "Session")
        entries.append((stamp, summary, body.strip()))
    entries.sort()
    with target.open("w", encoding="utf-8") as out:
        for n, (stamp, summary, body) in enumerate(entries):
            out.write(f"[{stamp} {9 + n % 8:02d}:00] {summary}\n{body}\n\n")
    return len(entries)


def jrnl_env(folder: Path, journal: Path) -> dict[str, str]:
    config = folder / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default: {{journal: {journal}}}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return {**os.environ, "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, nargs="?")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jrnl-venv", type=Path, default=startup.default_cache_dir())
    parser.add_argument("--no-jrnl", action="store_true", help="do not install or time jrnl")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="coach-read-bench-"))
    home = args.home
    if home is None:
        home = work / "home"
        print(f"generating {args.notes} notes for {args.reps} reps ...", file=sys.stderr)
        generate(home, args.notes, args.reps)
    coach = startup.find_coach()
    if coach is None:
        sys.exit("coach is not installed next to this python or on PATH")
    env = {
        **os.environ,
        "COACH_HOME": str(home),
        "XDG_CACHE_HOME": str(work / "cache"),
        "NO_COLOR": "1",
        "COLUMNS": "120",
    }
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    journal = work / "journal.txt"
    entries = write_journal(home, journal)
    size = sum(p.stat().st_size for p in home.glob("reps/*/*.md"))
    print(
        f"{entries} notes ({size / 1e6:.0f} MB) and a journal of {entries} entries "
        f"({journal.stat().st_size / 1e6:.0f} MB)",
        file=sys.stderr,
    )
    jrnl = None if args.no_jrnl else startup.ensure_jrnl(args.jrnl_venv)
    j_env = jrnl_env(work / "jrnl-config", journal)

    from coachcli.home import Home
    from coachcli.index import refresh
    from coachcli.reps import list_reps, rep_dir

    the_home = Home(home)
    busiest = max(
        list_reps(the_home).reps, key=lambda r: len(list(rep_dir(the_home, r).glob("*.md")))
    )
    began = time.perf_counter()
    refresh(the_home)
    print(f"index built in {time.perf_counter() - began:.1f} s", file=sys.stderr)

    jrnl_cmd = [str(jrnl)] if jrnl else None
    grep = ["grep", "-rl", SEARCH_WORD, str(home / "reps")]
    read_all = [sys.executable, "-c", READ_FILES, str(home / "reps")]
    # (label, argv, peer label, peer argv or None, peer env, bar: mine / peer at most)
    rows: list[tuple[str, list[str], str, list[str] | None, dict[str, str], float | None]] = [
        ("coach history REP", [str(coach), "history", busiest.name],
         "jrnl -n 10", jrnl_cmd and [*jrnl_cmd, "-n", "10"], j_env, 0.6),
        ("coach reps", [str(coach), "reps"],
         "jrnl --short", jrnl_cmd and [*jrnl_cmd, "--short"], j_env, 0.6),
        ("coach actions", [str(coach), "actions"],
         "jrnl --short", jrnl_cmd and [*jrnl_cmd, "--short"], j_env, 0.6),
        ("coach balance", [str(coach), "balance"],
         "jrnl --short", jrnl_cmd and [*jrnl_cmd, "--short"], j_env, 0.6),
        ("coach brief REP", [str(coach), "brief", busiest.name],
         "jrnl -n 10", jrnl_cmd and [*jrnl_cmd, "-n", "10"], j_env, None),
        ("coach search WORD", [str(coach), "search", SEARCH_WORD], "grep -rl WORD", grep, env, 4.0),
        ("coach search --all", [str(coach), "search", SEARCH_WORD, "--all"],
         "grep -rl WORD", grep, env, None),
        ("coach search --all --json", [str(coach), "search", SEARCH_WORD, "--all", "--json"],
         "grep -rl WORD", grep, env, None),
        ("jrnl -contains WORD", (jrnl_cmd and [*jrnl_cmd, "-contains", SEARCH_WORD]) or [],
         "grep -rl WORD", grep, j_env, None),
        ("read the files", read_all, "grep -rl WORD", grep, env, None),
    ]  # fmt: skip
    # each command and its peer run in turn (A B A B ...), and the ratio is the median of the
    # pairs' ratios: a machine whose speed drifts during the run moves both alike
    times: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    rss: dict[str, int] = {}
    for label, argv, peer, peer_argv, peer_env, _ in rows:
        pair = [(label, argv, env if label.startswith("coach") else peer_env)]
        if peer_argv:
            pair.append((peer, peer_argv, peer_env))
        for name, command, command_env in pair:
            if not command:
                continue
            _, _, code = run(command, command_env)  # warm-up, and a check that it works
            if code not in (0, 1):
                sys.exit(f"{name} failed with exit status {code}")
        if not argv:
            continue
        for _ in range(args.runs):
            took: dict[str, float] = {}
            for name, command, command_env in pair:
                took[name], peak, _ = run(command, command_env)
                times.setdefault(name, []).append(took[name])
                rss[name] = max(rss.get(name, 0), peak)
            if peer in took:
                ratios.setdefault(label, []).append(took[label] / took[peer])

    print()
    head = f"{'command':<26} {'median s':>9} {'peak MB':>8}   {'vs':<15} {'s':>7}"
    print(f"{head} {'ratio':>6} {'bar':>5}")
    print("-" * 84)
    verdicts = []
    for label, _, peer, _, _, bar in rows:
        if label not in times:
            continue
        mine = statistics.median(times[label])
        theirs = statistics.median(times[peer]) if peer in times else None
        line = f"{label:<26} {mine:>9.3f} {rss[label] / 1024:>8.1f}   "
        if theirs and label in ratios:
            ratio = statistics.median(ratios[label])
            line += f"{peer:<15} {theirs:>6.2f}s {ratio:>6.2f} {bar or '':>5}"
            if bar is not None:
                verdicts.append((f"{label} <= {bar}x {peer}", ratio <= bar))
        print(line)
        if label.startswith("coach"):
            verdicts.append((f"{label} peak RSS < 60 MB", rss[label] < 60 * 1024))

    note = next(rep_dir(the_home, busiest).glob("*.md"))
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\nEdited by the benchmark.\n")
    stats = refresh(the_home)
    verdicts.append((f"after one note changes, {stats.read} file re-read", stats.read == 1))
    print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")


if __name__ == "__main__":
    main()
