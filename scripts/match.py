#!/usr/bin/env python3
"""Play a match between two GTP engines and report the first engine's win rate with a 95% interval.

Usage:
  scripts/match.py --games 40 --size 9 --komi 7 \
      --a "build/tengen gtp --move-time 0.5 --quiet" --b "gnugo --mode gtp --level 1" [--sgf-dir DIR]

Colours alternate (engine A takes Black in even games). A game ends on two passes, a resignation, an
illegal or failed move (that side loses), or --max-moves (then it is scored). Finished games are
scored by engine B's final_score when it answers (GNU Go's is a reliable area/territory scorer),
otherwise by engine A's; both scores are printed. Results go to stdout, one line per game, then the
summary; --sgf-dir keeps each game's record (written by engine A's printsgf).

--concurrency N plays N games at once, each worker with its own pair of engine processes (default: one
per core, so give each engine one search thread). --openings PATH (SGF files or a
folder of them, e.g. ../shared/data/sample) starts game pair k (games 2k and 2k+1, colours swapped)
from the first --opening-moves moves of the k-th record of the board size, so deterministic engines do
not replay one game. --results FILE.jsonl records the match (its settings, then one line per finished
game, flushed and fsynced): running the same command again continues the match, neither replaying nor
losing a finished game, even after a SIGKILL; a file from other settings is refused.

With --sprt ELO0 ELO1 ALPHA BETA the match is a sequential test of H0 "A is ELO0 stronger than B"
against H1 "ELO1 stronger" (scripts/sprt.py; Leela Zero gates networks with 0 35 0.05 0.05): each
game line shows the log-likelihood ratio and its bounds, and the match stops at a bound (or after
--games, undecided); games already in flight when a bound is reached are finished and counted. The
summary gives the Elo difference with its 95% interval.

--time SPEC plays under a clock (whole seconds): MAIN (absolute), MAIN+BYO/STONES (Canadian: BYO
seconds for every STONES moves, GTP time_settings), MAIN+PERIODSxBYO (Japanese byo-yomi:
kgs-time_settings byoyomi, and time_left's count is the periods left, as kgsGtp sends it) or
MAIN+INCf (Fischer: kata-time_settings fischer; INC seconds added after each move). Both engines get
the settings at the start of each game and the side to move `time_left` before every genmove, and the
wall time of each genmove is charged to its clock. A side whose clock falls below minus --time-margin
(default 1 s, for process and pipe lag), or whose move overruns its last byo-yomi period by more,
loses on time. Engines then choose their own time per move (Tengen: --time-*), so give them no
--move-time or --visits limit. --results records each side's seconds per move (plot them with
scripts/plot_move_times.py).
"""
import argparse
import glob
import json
import os
import queue
import re
import shlex
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sprt  # noqa: E402

GTP_COLUMNS = "ABCDEFGHJKLMNOPQRST"


class Engine:
    def __init__(self, command):
        self.command = command
        try:
            self.proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True, bufsize=1)
        except OSError as e:
            raise RuntimeError(f"cannot start '{command}': {e}")

    def send(self, line):
        """Returns (ok, text) for one GTP command."""
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise RuntimeError(f"engine '{self.command}' is not running (sending '{line}')")
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
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def winner_of(score):
    s = score.upper()
    if s.startswith("B+"):
        return "B"
    if s.startswith("W+"):
        return "W"
    return None


class Clock:
    """A game clock for both sides, charged with the wall time of each genmove. Systems (parse_time):
    absolute; Canadian (BYO seconds for every STONES moves, GTP time_settings); Japanese byo-yomi
    (PERIODS periods of BYO seconds: a move within a period keeps it, an overrun uses it up; sent with
    kgs-time_settings, and time_left's count is the periods left, kgsGtp's convention); Fischer (INC
    seconds added after each move; sent with kata-time_settings). Not thread-safe: one per game."""

    def __init__(self, spec, margin=1.0):
        self.system, self.main, self.byo, self.count, self.inc = parse_time(spec)
        self.margin = margin
        overtime = self.main == 0 and self.system in ("canadian", "byoyomi")
        self.left = {c: float(self.byo if overtime else self.main) for c in "BW"}
        self.period = {c: (self.count if overtime else None) for c in "BW"}  # stones/periods left; None: main time
        self.used = {c: 0.0 for c in "BW"}
        self.moves = {c: [] for c in "BW"}  # seconds per move, for plots (scripts/plot_move_times.py)

    def settings_command(self):
        return self.settings_commands()[0]

    def settings_commands(self):
        """The command that tells an engine this clock, then the GTP 2 stand-in for an engine that
        refuses it (as gtp2ogs does): byo-yomi as Canadian periods of one stone, Fischer as absolute
        time. The clock match.py enforces is the real one either way."""
        if self.system == "byoyomi":
            return [f"kgs-time_settings byoyomi {self.main} {self.byo} {self.count}", f"time_settings {self.main} {self.byo} 1"]
        if self.system == "fischer":
            return [f"kata-time_settings fischer {self.main} {self.inc}", f"time_settings {self.main} 0 0"]
        return [f"time_settings {self.main} {self.byo} {self.count}"]

    def time_left_command(self, colour):
        return f"time_left {colour} {max(0, int(self.left[colour]))} {self.period[colour] or 0}"

    def charge(self, colour, seconds):
        """Charges one move's `seconds` to `colour`; False when its flag fell."""
        self.used[colour] += seconds
        self.moves[colour].append(round(seconds, 3))
        if self.period[colour] is None:
            self.left[colour] -= seconds
            if self.system == "fischer" and self.left[colour] >= -self.margin:
                self.left[colour] = max(0.0, self.left[colour]) + self.inc
                return True
            if self.left[colour] >= 0:
                return True
            if self.system in ("absolute", "fischer"):
                return self.left[colour] >= -self.margin
            seconds = -self.left[colour]  # the overrun opens the first period; this move is its first
            self.period[colour], self.left[colour] = self.count, float(self.byo)
        return self.charge_overtime(colour, seconds)

    def charge_overtime(self, colour, seconds):
        if self.system == "byoyomi":
            while seconds > self.byo + self.margin and self.period[colour] > 1:  # an overrun uses a period up
                seconds -= self.byo
                self.period[colour] -= 1
            if seconds > self.byo + self.margin:
                return False
            self.left[colour] = float(self.byo)
            return True
        self.left[colour] -= seconds
        if self.left[colour] < -self.margin:
            return False
        self.period[colour] -= 1
        if self.period[colour] == 0:
            self.period[colour], self.left[colour] = self.count, float(self.byo)
        return True


def parse_time(spec):
    """-> (system, main, byo, count, increment); ValueError otherwise. Whole seconds:
    'MAIN' absolute, 'MAIN+BYO/STONES' Canadian, 'MAIN+PERIODSxBYO' Japanese byo-yomi,
    'MAIN+INCf' Fischer (INC seconds added after each move)."""
    spec = spec.strip()
    m = re.fullmatch(r"(\d+)(?:\+(\d+)/(\d+))?", spec)
    if m:
        main, byo, stones = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if byo > 0 and stones < 1:
            raise ValueError("--time: byo-yomi needs at least one stone per period")
        if main == 0 and byo == 0:
            raise ValueError("--time: no time at all (MAIN and BYO both 0)")
        return ("canadian" if byo > 0 else "absolute"), main, byo, stones, 0
    m = re.fullmatch(r"(\d+)\+(\d+)x(\d+)", spec)
    if m:
        main, periods, byo = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if periods < 1 or byo < 1:
            raise ValueError("--time: byo-yomi needs at least one period of at least 1 s")
        return "byoyomi", main, byo, periods, 0
    m = re.fullmatch(r"(\d+)\+(\d+)f", spec)
    if m and int(m.group(1)) > 0:
        return "fischer", int(m.group(1)), 0, 0, int(m.group(2))
    raise ValueError(f"--time must be MAIN, MAIN+BYO/STONES (Canadian), MAIN+PERIODSxBYO (byo-yomi) or "
                     f"MAIN+INCf (Fischer) in whole seconds, got '{spec}'")


def play_game(a, b, a_is_black, size, komi, max_moves, opening=(), time_spec=None, time_margin=1.0, clock=None):
    """One game; (winner colour or None, how it ended). Under a clock: `clock`, or one from time_spec."""
    if clock is None and time_spec:
        clock = Clock(time_spec, time_margin)
    for e in (a, b):
        for cmd in [f"boardsize {size}", "clear_board", f"komi {komi}"]:
            ok, text = e.send(cmd)
            if not ok:
                raise RuntimeError(f"'{e.command}' refused '{cmd}': {text}")
        if clock and not any(e.send(cmd)[0] for cmd in clock.settings_commands()):
            raise RuntimeError(f"'{e.command}' refused every form of the clock: {clock.settings_commands()}")
        for colour, move in opening:
            ok, text = e.send(f"play {colour} {move}")
            if not ok:
                raise RuntimeError(f"'{e.command}' refused the opening move {colour} {move}: {text}")
    black, white = (a, b) if a_is_black else (b, a)
    colour = "B" if not opening or opening[-1][0] == "W" else "W"
    to_move, other = (black, white) if colour == "B" else (white, black)
    names = {"B": f"Black ({'A' if a_is_black else 'B'})", "W": f"White ({'B' if a_is_black else 'A'})"}
    passes, moves = 0, len(opening)
    while moves < max_moves:
        if clock:
            to_move.send(clock.time_left_command(colour))
        started = time.monotonic()
        ok, move = to_move.send(f"genmove {colour}")
        if clock and not clock.charge(colour, time.monotonic() - started):
            return ("W" if colour == "B" else "B"), f"{names[colour]} lost on time"
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
    if clock:
        note += f"; time used: Black {clock.used['B']:.1f} s, White {clock.used['W']:.1f} s"
    for score in scores:
        if winner_of(score):
            return winner_of(score), note
    return None, "unscored: " + note


def play_timed_game(a, b, a_is_black, size, komi, max_moves, opening=(), time_spec=None, time_margin=1.0):
    """play_game, and each side's seconds per move under the clock ({} without one)."""
    clock = Clock(time_spec, time_margin) if time_spec else None
    winner, how = play_game(a, b, a_is_black, size, komi, max_moves, opening, clock=clock)
    return winner, how, (clock.moves if clock else {})


def load_openings(path, size, count):
    """The first `count` main-line moves of every SGF record of board `size` under `path`, as
    [(colour, GTP vertex)], in file-name order (records without `count` plain moves are skipped)."""
    files = sorted(glob.glob(os.path.join(path, "**", "*.sgf"), recursive=True)) if os.path.isdir(path) else [path]
    openings = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        sz = re.search(r"SZ\[(\d+)\]", text)
        if (int(sz.group(1)) if sz else 19) != size or re.search(r"\b(AB|AW)\[", text):
            continue
        moves = []
        for colour, coord in re.findall(r";\s*([BW])\[([a-s]{0,2})\]", text):
            if len(coord) != 2:
                break  # a pass in the opening: not an opening
            x, y = ord(coord[0]) - 97, ord(coord[1]) - 97
            moves.append((colour, f"{GTP_COLUMNS[x]}{size - y}"))
            if len(moves) == count:
                break
        if len(moves) == count:
            openings.append(moves)
    return openings


class Results:
    """The match record (JSON lines): the settings first, then one line per finished game."""

    def __init__(self, path, settings):
        self.path, self.done, self.lock = path, {}, threading.Lock()
        if not path:
            return
        if os.path.exists(path):
            with open(path) as f:
                lines = [json.loads(line) for line in f if line.strip().endswith("}")]  # a torn last line is dropped
            if lines and lines[0].get("settings") != settings:
                raise SystemExit(f"match.py: {path} records a match with other settings: {lines[0].get('settings')}; "
                                 "use another --results file")
            for row in lines[1:]:
                self.done[row["game"]] = row
            with open(path, "w") as f:  # rewritten without a torn line
                f.write("".join(json.dumps(r) + "\n" for r in ([{"settings": settings}] + [self.done[g] for g in sorted(self.done)])))
        else:
            with open(path, "w") as f:
                f.write(json.dumps({"settings": settings}) + "\n")

    def add(self, row):
        with self.lock:
            self.done[row["game"]] = row
            if self.path:
                with open(self.path, "a") as f:
                    f.write(json.dumps(row) + "\n")
                    f.flush()
                    os.fsync(f.fileno())


def settings_of(args):
    keep = ("a", "b", "size", "komi", "max_moves", "openings", "opening_moves", "sprt")
    settings = {k: getattr(args, k) for k in keep}
    if args.time:  # only when set: records of matches without a clock stay resumable
        settings["time"] = args.time
    return settings


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="engine A's command line")
    ap.add_argument("--b", required=True, help="engine B's command line")
    ap.add_argument("--games", type=int, default=20, help="games in all (the most, with --sprt)")
    ap.add_argument("--size", type=int, default=9)
    ap.add_argument("--komi", type=float, default=7.0)
    ap.add_argument("--max-moves", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=os.cpu_count() or 1,
                    help="games played at once, each with its own engine pair (default: one per core; give "
                         "each engine one thread)")
    ap.add_argument("--openings", help="SGF file or folder: game pair k starts from record k's first moves")
    ap.add_argument("--opening-moves", type=int, default=4)
    ap.add_argument("--results", help="JSON-lines record of the match; rerunning continues it")
    ap.add_argument("--sgf-dir", help="keep each game's SGF here (from engine A's printsgf)")
    ap.add_argument("--sprt", nargs=4, type=float, metavar=("ELO0", "ELO1", "ALPHA", "BETA"),
                    help="stop when a sequential test of H0: A is ELO0 stronger against H1: ELO1 decides")
    ap.add_argument("--time", metavar="SPEC",
                    help="play under a clock: MAIN, MAIN+BYO/STONES (Canadian), MAIN+PERIODSxBYO (byo-yomi), "
                         "MAIN+INCf (Fischer); seconds")
    ap.add_argument("--time-margin", type=float, default=1.0,
                    help="seconds a clock may run below zero before that side loses on time (lag)")
    args = ap.parse_args()
    if args.time:
        try:
            parse_time(args.time)
        except ValueError as e:
            ap.error(str(e))
    if args.sprt:
        elo0, elo1, alpha, beta = args.sprt
        if not (elo0 < elo1 and 0 < alpha < 0.5 and 0 < beta < 0.5):
            ap.error("--sprt needs ELO0 < ELO1 and 0 < ALPHA, BETA < 0.5")
    if args.games < 1 or args.concurrency < 1 or args.opening_moves < 1:
        ap.error("--games, --concurrency and --opening-moves must be at least 1")
    return args


def check_engines(args):
    """Both engines start and answer `name` before any game: a clear error otherwise (exit 2)."""
    for label, command in (("A", args.a), ("B", args.b)):
        try:
            e = Engine(command)
            ok, text = e.send("name")
            e.close()
            if not ok:
                raise RuntimeError(f"answered `name` with an error: {text}")
        except RuntimeError as err:
            raise SystemExit(f"match.py: engine {label} ('{command}') does not work: {err}")


class Match:
    def __init__(self, args, results, openings):
        self.args, self.results, self.openings = args, results, openings
        self.stop = threading.Event()
        self.print_lock = threading.Lock()
        self.verdict = ""
        self.errors = []
        if args.sprt:
            self.lower, self.upper = sprt.bounds(args.sprt[2], args.sprt[3])
        if args.sprt:  # a resumed match may be decided already
            wins, played = self.tally()
            llr = sprt.llr(wins, 0, played - wins, args.sprt[0], args.sprt[1])
            if llr >= self.upper or llr <= self.lower:
                self.verdict = f"SPRT: decided before this run (LLR {llr:.2f})"
                self.stop.set()
        self.todo = queue.Queue()
        for g in range(args.games):
            if g not in results.done:
                self.todo.put(g)

    def tally(self):
        rows = [r for r in self.results.done.values() if r["result"] is not None]
        wins = sum(r["result"] == "A" for r in rows)
        return wins, len(rows)

    def worker(self):
        a = b = None
        try:
            a, b = Engine(self.args.a), Engine(self.args.b)
            while not self.stop.is_set():
                try:
                    g = self.todo.get_nowait()
                except queue.Empty:
                    return
                self.play(a, b, g)
        except RuntimeError as e:
            self.errors.append(str(e))
            self.stop.set()
        finally:
            for e in (a, b):
                if e:
                    e.close()

    def play(self, a, b, g):
        args = self.args
        a_black = g % 2 == 0
        opening = self.openings[(g // 2) % len(self.openings)] if self.openings else []
        winner, how, move_times = play_timed_game(a, b, a_black, args.size, args.komi, args.max_moves, opening,
                                                  args.time, args.time_margin)
        result = None if winner is None else ("A" if (winner == "B") == a_black else "B")
        if args.sgf_dir:
            os.makedirs(args.sgf_dir, exist_ok=True)
            a.send(f"printsgf {os.path.join(args.sgf_dir, f'game-{g:03d}.sgf')}")
        row = {"game": g, "a_black": a_black, "result": result, "how": how,
               "opening": " ".join(f"{c} {m}" for c, m in opening)}
        if move_times:  # engine A's and B's seconds per move, in order (scripts/plot_move_times.py)
            row["seconds_per_move"] = {"A": move_times["B" if a_black else "W"], "B": move_times["W" if a_black else "B"]}
        self.results.add(row)
        line = f"game {g + 1}: A {'black' if a_black else 'white'}, " \
               f"{'A won' if result == 'A' else ('B won' if result else 'no result')} ({how})"
        with self.print_lock:
            if args.sprt:
                wins, played = self.tally()
                llr = sprt.llr(wins, 0, played - wins, args.sprt[0], args.sprt[1])
                line += f"  LLR {llr:.2f} ({self.lower:.2f}, {self.upper:.2f})"
                if (llr >= self.upper or llr <= self.lower) and not self.verdict:
                    self.verdict = (f"SPRT: H1 accepted (A is at least {args.sprt[1]:g} Elo stronger)" if llr >= self.upper
                                    else f"SPRT: H0 accepted (A is not {args.sprt[1]:g} Elo stronger; at most {args.sprt[0]:g})")
                    self.stop.set()
            print(line, flush=True)

    def run(self):
        threads = [threading.Thread(target=self.worker) for _ in range(min(self.args.concurrency, self.todo.qsize()))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def main():
    args = parse_args()
    openings = []
    if args.openings:
        openings = load_openings(args.openings, args.size, args.opening_moves)
        if not openings:
            raise SystemExit(f"match.py: no {args.size}x{args.size} record with {args.opening_moves} opening moves in {args.openings}")
    results = Results(args.results, settings_of(args))
    if results.done:
        print(f"continuing the match in {args.results}: {len(results.done)} games already played", flush=True)
    check_engines(args)
    match = Match(args, results, openings)
    match.run()
    if match.errors:
        print("match.py: stopped: " + "; ".join(match.errors), file=sys.stderr)
    wins, played = match.tally()
    lo, hi = sprt.wilson(wins, played)
    elo, elo_lo, elo_hi = sprt.elo_interval(wins, 0, played - wins)
    clock = f", clock {args.time}" if args.time else ""
    print(f"A: {args.a}\nB: {args.b}\n{args.size}x{args.size}, komi {args.komi}{clock}: A won {wins} of {played} "
          f"({100.0 * wins / max(1, played):.1f}%), 95% interval {100 * lo:.1f}%-{100 * hi:.1f}% (Wilson); "
          f"Elo difference {elo:+.0f} ({elo_lo:+.0f} to {elo_hi:+.0f})")
    if args.sprt:
        llr = sprt.llr(wins, 0, played - wins, args.sprt[0], args.sprt[1])
        print(match.verdict or f"SPRT: undecided after {played} games (LLR {llr:.2f})")
    return 1 if match.errors else 0


if __name__ == "__main__":
    sys.exit(main())
