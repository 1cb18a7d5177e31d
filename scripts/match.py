#!/usr/bin/env python3
"""Play a match between two GTP engines and report the first engine's win rate with a 95% interval.

Usage:
  scripts/match.py --games 40 --size 9 --komi 7 \
      --a "build/tengen gtp --move-time 0.5 --quiet" --b "gnugo --mode gtp --level 1" [--sgf-dir DIR]

Colours alternate (engine A takes Black in even games). A game ends on two passes, a resignation, an
illegal or failed move (that side loses), or --max-moves (then it is scored). Finished games are
scored by engine B's final_score when it answers (GNU Go's is a reliable area/territory scorer),
otherwise by engine A's; both scores are printed. Results go to stdout, one line per game, then the summary; --sgf-dir keeps
each game's record (written by engine A's printsgf).

With --sprt ELO0 ELO1 ALPHA BETA the match is a sequential test of H0 "A is ELO0 stronger than B"
against H1 "ELO1 stronger" (scripts/sprt.py; Leela Zero gates networks with 0 35 0.05 0.05): each
game line shows the log-likelihood ratio and its bounds, and the match stops at a bound (or after
--games, undecided). The summary gives the Elo difference with its 95% interval.
"""
import argparse
import math
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sprt  # noqa: E402


class Engine:
    def __init__(self, command):
        self.command = command
        self.proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def send(self, line):
        """Returns (ok, text) for one GTP command."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            out = self.proc.stdout.readline()
            if out == "":
                raise RuntimeError(f"engine '{self.command}' closed its output after '{line}'")
            out = out.rstrip("\r\n")
            if out == "" and lines:
                break
            if out == "" and not lines:
                continue
            lines.append(out)
        text = "\n".join(lines)
        return text.startswith("="), text[1:].strip()

    def close(self):
        try:
            self.send("quit")
        except Exception:
            pass
        self.proc.kill()


def winner_of(score):
    s = score.upper()
    if s.startswith("B+"):
        return "B"
    if s.startswith("W+"):
        return "W"
    return None


def play_game(a, b, a_is_black, size, komi, max_moves):
    for e in (a, b):
        for cmd in (f"boardsize {size}", "clear_board", f"komi {komi}"):
            ok, text = e.send(cmd)
            if not ok:
                raise RuntimeError(f"'{e.command}' refused '{cmd}': {text}")
    black, white = (a, b) if a_is_black else (b, a)
    to_move, other = black, white
    colour = "B"
    names = {"B": f"Black ({'A' if a_is_black else 'B'})", "W": f"White ({'B' if a_is_black else 'A'})"}
    passes, moves = 0, 0
    while moves < max_moves:
        ok, move = to_move.send(f"genmove {colour}")
        if not ok:
            return ("W" if colour == "B" else "B"), f"{names[colour]} failed genmove: {move}"
        if move.lower() == "resign":
            return ("W" if colour == "B" else "B"), f"{names[colour]} resigned"
        ok, text = other.send(f"play {colour} {move}")
        if not ok:
            return ("W" if colour == "B" else "B"), f"{names[colour]} played {move}, refused: {text}"
        moves += 1
        passes = passes + 1 if move.lower() == "pass" else 0
        if passes >= 2:
            break
        to_move, other = other, to_move
        colour = "W" if colour == "B" else "B"
    scores = []
    for scorer in (b, a):
        ok, score = scorer.send("final_score")
        scores.append(score if ok else "?")
    note = f"B says {scores[0]}, A says {scores[1]}, after {moves} moves"
    for score in scores:
        if winner_of(score):
            return winner_of(score), note
    return None, "unscored: " + note


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="engine A's command line")
    ap.add_argument("--b", required=True, help="engine B's command line")
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--size", type=int, default=9)
    ap.add_argument("--komi", type=float, default=7.0)
    ap.add_argument("--max-moves", type=int, default=400)
    ap.add_argument("--sgf-dir", help="keep each game's SGF here (from engine A's printsgf)")
    ap.add_argument("--sprt", nargs=4, type=float, metavar=("ELO0", "ELO1", "ALPHA", "BETA"),
                    help="stop when a sequential test of H0: A is ELO0 stronger against H1: ELO1 decides")
    args = ap.parse_args()
    if args.sprt:
        elo0, elo1, alpha, beta = args.sprt
        if not (elo0 < elo1 and 0 < alpha < 0.5 and 0 < beta < 0.5):
            ap.error("--sprt needs ELO0 < ELO1 and 0 < ALPHA, BETA < 0.5")
        lower, upper = sprt.bounds(alpha, beta)
    a, b = Engine(args.a), Engine(args.b)
    wins = played = 0
    verdict = ""
    try:
        for g in range(args.games):
            a_black = g % 2 == 0
            winner, how = play_game(a, b, a_black, args.size, args.komi, args.max_moves)
            a_won = winner is not None and ((winner == "B") == a_black)
            if winner is not None:
                played += 1
                wins += a_won
            if args.sgf_dir:
                os.makedirs(args.sgf_dir, exist_ok=True)
                a.send(f"printsgf {os.path.join(args.sgf_dir, f'game-{g:03d}.sgf')}")
            line = f"game {g + 1}: A {'black' if a_black else 'white'}, {'A won' if a_won else ('B won' if winner else 'no result')} ({how})"
            if args.sprt:
                llr = sprt.llr(wins, 0, played - wins, elo0, elo1)
                line += f"  LLR {llr:.2f} ({lower:.2f}, {upper:.2f})"
                if llr >= upper or llr <= lower:
                    verdict = (f"SPRT: H1 accepted (A is at least {elo1:g} Elo stronger)" if llr >= upper
                               else f"SPRT: H0 accepted (A is not {elo1:g} Elo stronger; at most {elo0:g})")
            print(line, flush=True)
            if verdict:
                break
    finally:
        a.close()
        b.close()
    lo, hi = sprt.wilson(wins, played)
    elo, elo_lo, elo_hi = sprt.elo_interval(wins, 0, played - wins)
    print(f"A: {args.a}\nB: {args.b}\n{args.size}x{args.size}, komi {args.komi}: A won {wins} of {played} "
          f"({100.0 * wins / max(1, played):.1f}%), 95% interval {100 * lo:.1f}%-{100 * hi:.1f}% (Wilson); "
          f"Elo difference {elo:+.0f} ({elo_lo:+.0f} to {elo_hi:+.0f})")
    if args.sprt:
        print(verdict or f"SPRT: undecided after {played} games (LLR {sprt.llr(wins, 0, played - wins, elo0, elo1):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
