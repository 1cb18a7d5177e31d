#!/usr/bin/env python3
"""Memory soak: one long-lived Tengen process, its resident memory sampled, plotted and checked.

  soak.py gtp TENGEN --games N --out DIR       one `tengen gtp` plays N 9x9 games against itself
                                               (genmove b / genmove w until two passes, a resignation
                                               or 200 moves; then clear_board); RSS after every game
  soak.py selfplay TENGEN --games N --out DIR  one `tengen selfplay` job of N 9x9 search games; RSS
                                               every 0.5 s with the games finished so far

Writes DIR/<kind>-memory.csv and, when gnuplot is installed, DIR/<kind>-memory.png. Exit 1 when the
memory grows: the largest sample of the last quarter may exceed the largest of the second quarter
(after warm-up) by at most --growth-mb (default 32), and no sample may exceed --max-mb (default 1024)."""
import argparse
import json
import os
import subprocess
import sys
import time


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def gtp_soak(args):
    p = subprocess.Popen([args.tengen, "gtp", "--quiet", "--boardsize", "9", "--threads", "1", "--visits",
                          str(args.visits), "--resign", "0.05"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, bufsize=1)

    def ask(cmd):
        p.stdin.write(cmd + "\n")
        p.stdin.flush()
        lines = []
        while True:
            line = p.stdout.readline()
            if line == "":
                raise SystemExit(f"tengen gtp exited during `{cmd}`")
            if line == "\n" and lines:
                return lines[0]
            if line.strip():
                lines.append(line.strip())

    rows, moves_total = [], 0
    for g in range(args.games):
        ask("clear_board")
        passes = 0
        for m in range(200):
            reply = ask("genmove " + ("b" if m % 2 == 0 else "w"))
            if not reply.startswith("="):
                raise SystemExit(f"game {g}: genmove failed: {reply}")
            move = reply[1:].strip().lower()
            moves_total += 1
            if move == "resign":
                break
            passes = passes + 1 if move == "pass" else 0
            if passes == 2:
                break
        rows.append((g + 1, moves_total, rss_mb(p.pid)))
        if (g + 1) % max(1, args.games // 10) == 0:
            print(f"gtp soak: game {g + 1}/{args.games}, {moves_total} moves, RSS {rows[-1][2]:.1f} MB", flush=True)
    ask("quit")
    p.wait(timeout=30)
    return ["game", "moves", "rss_mb"], rows


def selfplay_soak(args):
    job = os.path.join(args.out, "selfplay-job")
    p = subprocess.Popen([args.tengen, "selfplay", "--out", job, "--mode", "search", "--policy", "none", "--size", "9",
                          "--visits", str(args.visits), "--games", str(args.games), "--parallel", "8"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows, start = [], time.time()
    while p.poll() is None:
        games = len(os.listdir(os.path.join(job, "sgf"))) if os.path.isdir(os.path.join(job, "sgf")) else 0
        try:
            rows.append((round(time.time() - start, 1), games, rss_mb(p.pid)))
        except FileNotFoundError:
            break
        time.sleep(0.5)
    if p.wait() != 0:
        raise SystemExit(f"tengen selfplay exited with {p.returncode}")
    with open(os.path.join(job, "stats.json")) as f:
        print(f"selfplay soak: {json.load(f)['games']} games, {len(rows)} samples", flush=True)
    return ["seconds", "games", "rss_mb"], rows


def plot(kind, csv_path, png_path, x_column, x_label):
    script = (f"set terminal pngcairo size 800,400; set output '{png_path}'; set datafile separator ',';"
              f"set key off; set grid; set xlabel '{x_label}'; set ylabel 'resident memory (MB)'; set yrange [0:*];"
              f"set title 'tengen {kind}: resident memory'; plot '{csv_path}' every ::1 using {x_column}:3 with lines lw 2")
    try:
        subprocess.run(["gnuplot", "-e", script], check=True, stderr=subprocess.DEVNULL)
    except (FileNotFoundError, subprocess.CalledProcessError):
        print("soak: gnuplot missing or failed: no PNG", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["gtp", "selfplay"])
    ap.add_argument("tengen")
    ap.add_argument("--games", type=int, required=True)
    ap.add_argument("--visits", type=int, default=8)
    ap.add_argument("--out", required=True)
    ap.add_argument("--growth-mb", type=float, default=32)
    ap.add_argument("--max-mb", type=float, default=1024)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    header, rows = gtp_soak(args) if args.kind == "gtp" else selfplay_soak(args)
    csv_path = os.path.join(args.out, f"{args.kind}-memory.csv")
    with open(csv_path, "w") as f:
        f.write(",".join(header) + "\n" + "".join(",".join(str(v) for v in r) + "\n" for r in rows))
    plot(args.kind, csv_path, os.path.join(args.out, f"{args.kind}-memory.png"), 1,
         "games played" if args.kind == "gtp" else "seconds")
    rss = [r[2] for r in rows]
    q = max(1, len(rss) // 4)
    warm, late, peak = max(rss[q:2 * q] or rss), max(rss[-q:]), max(rss)
    print(f"{args.kind} soak: RSS after warm-up {warm:.1f} MB, last quarter {late:.1f} MB, peak {peak:.1f} MB")
    if late > warm + args.growth_mb or peak > args.max_mb:
        sys.exit(f"FAIL: memory grows (bound: +{args.growth_mb} MB after warm-up, {args.max_mb} MB in all)")


if __name__ == "__main__":
    main()
