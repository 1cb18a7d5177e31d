#!/usr/bin/env python3
"""A move never arrives after its clock ran out, on a loaded machine (issue 33).

`tengen gtp` (the shipped networks, two search threads) plays 19x19 while busy processes keep every
core loaded. Under 1 s of absolute time left (time_left b 1 0), in the last 1-s byo-yomi period and
in a Canadian period's last stone with 1 s, each genmove must answer within that second, measured
from sending the command to reading the answer. Timing is the point of this test: the bound is the
clock itself, not a speed expectation.
Usage: clock_deadline_test.py TENGEN
"""
import multiprocessing
import subprocess
import sys
import time


def burn():
    while True:
        pass


class Engine:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True, bufsize=1)

    def send(self, command):
        """The answer to `command` and the seconds it took."""
        start = time.monotonic()
        self.p.stdin.write(command + "\n")
        self.p.stdin.flush()
        lines = []
        while True:
            line = self.p.stdout.readline()
            if not line:
                sys.exit("FAIL: the engine ended during '%s'" % command)
            if line == "\n" and lines:
                break
            lines.append(line.rstrip("\n"))
        return "\n".join(lines), time.monotonic() - start

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=60)


def main():
    tengen = sys.argv[1]
    load = [multiprocessing.Process(target=burn, daemon=True) for _ in range(multiprocessing.cpu_count())]
    for p in load:
        p.start()
    try:
        engine = Engine([tengen, "gtp", "--threads", "2", "--quiet"])
        engine.send("name")  # the networks are loaded
        cases = [
            ("absolute, 1 s left", ["time_settings 600 0 0", "time_left b 1 0"]),
            ("absolute, 0.3 s left", ["time_left b 0.3 0"]),
            ("byo-yomi, the last 1-s period", ["kgs-time_settings byoyomi 0 1 1", "time_left b 1 1"]),
            ("Canadian, last stone, 1 s", ["time_settings 0 10 5", "time_left b 1 1"]),
        ]
        for c in ["play b Q16", "play w D4", "play b Q4", "play w D16"]:  # an opening, Black to move
            engine.send(c)
        for what, setup in cases:
            for c in setup:
                answer, _ = engine.send(c)
                if not answer.startswith("="):
                    sys.exit("FAIL: %s: '%s' answered %s" % (what, c, answer))
            limit = 0.3 if "0.3" in what else 1.0
            answer, took = engine.send("genmove b")
            if not answer.startswith("= "):
                sys.exit("FAIL: %s: genmove answered %s" % (what, answer))
            print("%s: %s in %.3f s (limit %.1f s)" % (what, answer, took, limit))
            if took >= limit:
                sys.exit("FAIL: %s: the move came after %.3f s, past the clock's %.1f s" % (what, took, limit))
            engine.send("undo")
        engine.close()
    finally:
        for p in load:
            p.terminate()
    print("ok")


if __name__ == "__main__":
    main()
