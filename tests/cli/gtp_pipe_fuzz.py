#!/usr/bin/env python3
"""GTP through real pipes: seeded sessions drive `tengen gtp` on stdin/stdout with valid, random and
mutated command streams — analysis (lz-analyze, kata-analyze ... ownership) interleaved with genmove,
pondering on in some sessions, 1 MB lines, binary bytes, NUL — and end with `quit`, with EOF in the
middle of an analysis, or with EOF after a half-written line. A watchdog fails the run on any hang:
every few commands a `name` with a fresh id must be answered within 30 s, and the process must exit
within 30 s of the end of its input, with status 0 and no sanitizer report on stderr.

Usage: gtp_pipe_fuzz.py TENGEN SESSIONS SEED [extra tengen gtp flags...]"""
import random
import subprocess
import sys
import threading
import time

TENGEN, SESSIONS, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
EXTRA = sys.argv[4:]
COLS = "ABCDEFGHJKLMNOPQRST"


def vertex(rng, size=9):
    if rng.random() < 0.05:
        return rng.choice(["pass", "PASS", "resign", "Z99", "A0", "T19", "a1", "", "J9"])
    return COLS[rng.randrange(size)] + str(1 + rng.randrange(size))


def valid_command(rng):
    c = rng.choice("bw")
    return rng.choice([
        f"play {c} {vertex(rng)}", f"play {c} {vertex(rng)}", f"play {c} {vertex(rng)}",
        f"genmove {c}", f"reg_genmove {c}", f"kgs-genmove_cleanup {c}",
        f"lz-analyze {c} {rng.choice([1, 5, 10, 50])}", f"kata-analyze {c} interval {rng.choice([1, 10])}",
        f"kata-analyze {c} interval 5 ownership true", f"lz-genmove_analyze {c} 5",
        "undo", "showboard", "final_score", "final_status_list dead", "clear_board",
        f"boardsize {rng.choice([9, 9, 9, 5, 19, 4, 20, -1, 'x'])}", f"komi {rng.choice(['6.5', '0', '-3', '1e9', 'nan', '0x10'])}",
        f"fixed_handicap {rng.choice([2, 3, 9, 10, 1])}", f"place_free_handicap {rng.choice([2, 4])}",
        f"set_free_handicap {vertex(rng)} {vertex(rng)}", f"time_settings {rng.randrange(5)} 1 {rng.randrange(3)}",
        f"time_left {c} {rng.randrange(5)} {rng.randrange(3)}", "kgs-time_settings byoyomi 5 1 2",
        "loadsgf /dev/zero", "loadsgf /does/not/exist", "list_commands", "known_command genmove",
        "protocol_version", "version", "gogui-analyze_commands", "tengen-visits", "tengen-pv",
        "tengen-ownership", "tengen-policy", "tengen-estimates", "name",
    ])


def mutate(rng, line):
    b = bytearray(line.encode())
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        if op == 0 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op == 1:
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
        elif op == 2 and b:
            del b[rng.randrange(len(b))]
        else:
            b += bytes([rng.choice([0, 9, 13, 32, 35, 255])])
    return bytes(b).replace(b"\n", b" ")


def stream_line(rng):
    r = rng.random()
    if r < 0.7:
        return valid_command(rng).encode()
    if r < 0.9:
        return mutate(rng, valid_command(rng))
    if r < 0.95:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))).replace(b"\n", b"")
    if r < 0.98:
        return b"play b " + b"A" * (1 << 20)  # a 1 MB line
    return b"\x00\x00name\x00"


class Session:
    def __init__(self, rng, ponder):
        flags = ["gtp", "--quiet", "--threads", "2", "--visits", "16", "--move-time", "0.3", "--boardsize", "9", *EXTRA]
        if ponder:
            flags.append("--ponder")
        self.p = subprocess.Popen([TENGEN, *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = bytearray()
        self.err = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._pump, args=(self.p.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.p.stderr, self.err), daemon=True).start()

    def _pump(self, pipe, buf):
        for chunk in iter(lambda: pipe.read1(65536), b""):
            with self.lock:
                buf += chunk

    def send(self, data):
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
            return True
        except BrokenPipeError:
            return False

    def answered(self, marker, timeout=30.0):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if marker in self.out:
                    return True
            if self.p.poll() is not None:
                return False
            time.sleep(0.01)
        return False


def run_session(index):
    rng = random.Random(SEED * 1000 + index)
    s = Session(rng, ponder=rng.random() < 0.3)
    ending = rng.choice(["quit", "eof-in-analysis", "eof-mid-line"])
    sync = 1000
    for i in range(rng.randrange(20, 60)):
        if not s.send(stream_line(rng) + b"\n"):
            return f"session {index}: the engine closed its input early (exit {s.p.poll()})"
        if i % 8 == 7:
            sync += 1
            s.send(f"{sync} name\n".encode())
            if not s.answered(f"={sync} Tengen".encode()):
                s.p.kill()
                return f"session {index}: no answer to `{sync} name` within 30 s (hang or crash; exit {s.p.poll()})"
    if ending == "quit":
        s.send(b"quit\n")
    elif ending == "eof-in-analysis":
        s.send(b"lz-analyze b 10\n")
        time.sleep(rng.uniform(0, 0.3))
    else:
        s.send(b"genmove b")  # no newline
    try:
        s.p.stdin.close()
    except BrokenPipeError:
        pass
    try:
        code = s.p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        s.p.kill()
        return f"session {index} ({ending}): still running 30 s after the end of its input"
    time.sleep(0.05)
    with s.lock:
        err = bytes(s.err)
    if code != 0:
        return f"session {index} ({ending}): exit {code}; stderr: {err[-800:]!r}"
    if b"Sanitizer" in err or b"runtime error" in err:
        return f"session {index} ({ending}): sanitizer report: {err[-1500:]!r}"
    return None


def main():
    failures = [f for f in (run_session(i) for i in range(SESSIONS)) if f]
    for f in failures:
        print("FAIL:", f)
    print(f"gtp pipe fuzz: {SESSIONS} sessions (seed {SEED}), {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
