#!/usr/bin/python3
"""Plots the seconds each engine used per move in a clock match (scripts/match.py --time ... --results
FILE): every move as a dot, and the mean by move number as a line, engine A against engine B; prints
how many games were lost on time.

Usage: scripts/plot_move_times.py RESULTS.jsonl OUT.png [--title TEXT]   (Debian's python3-matplotlib: /usr/bin/python3)
"""
import argparse
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_results(path):
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip().endswith("}")]
    settings = rows[0].get("settings", {}) if rows else {}
    return settings, [r for r in rows[1:] if "seconds_per_move" in r]


def plot(settings, games, out, title):
    fig, ax = plt.subplots(figsize=(9, 5))
    for side, colour in (("A", "tab:blue"), ("B", "tab:orange")):
        by_move = {}
        for g in games:
            for i, s in enumerate(g["seconds_per_move"][side]):
                by_move.setdefault(i + 1, []).append(s)
        xs = sorted(by_move)
        ax.scatter([x for x in xs for _ in by_move[x]], [s for x in xs for s in by_move[x]], s=3, alpha=0.25,
                   color=colour)
        ax.plot(xs, [sum(by_move[x]) / len(by_move[x]) for x in xs], color=colour,
                label=f"{side}: {settings.get(side.lower(), side)}"[:90])
    ax.set_xlabel("the engine's move number")
    ax.set_ylabel("seconds (wall time of genmove)")
    lost = sum("lost on time" in g.get("how", "") for g in games)
    ax.set_title(title or f"{len(games)} games, clock {settings.get('time')}: {lost} lost on time")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    return lost


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("out")
    ap.add_argument("--title")
    args = ap.parse_args()
    settings, games = read_results(args.results)
    if not games:
        sys.exit(f"plot_move_times: no game with seconds per move in {args.results} (a match with --time?)")
    lost = plot(settings, games, args.out, args.title)
    print(f"{len(games)} games, {lost} lost on time; wrote {args.out}")


if __name__ == "__main__":
    main()
