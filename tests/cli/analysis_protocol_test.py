#!/usr/bin/env python3
"""`tengen analysis` through a real pipe, as KaTrain drives it: the shipped networks, one JSON query per
line, answers read as they arrive. Checks every query field Tengen reads, several queries in flight,
analyzeTurns over a game, terminate mid-search, malformed JSON, unknown fields, an illegal move, a
board size without a network, and that the end of the input ends the process cleanly (exit 0), with
and without --quit-without-waiting.

Usage: analysis_protocol_test.py TENGEN"""
import json
import queue
import subprocess
import sys
import threading
import time

TENGEN = sys.argv[1]
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


class Engine:
    def __init__(self, *flags):
        self.proc = subprocess.Popen([TENGEN, "analysis", "--analysis-threads", "2", *flags],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.answers = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.answers.put(json.loads(line))  # every answer line must be JSON
        self.answers.put(None)

    def send(self, query):
        self.proc.stdin.write((query if isinstance(query, str) else json.dumps(query)) + "\n")
        self.proc.stdin.flush()

    def until(self, pred, timeout=120):
        """Answers up to and including the first for which pred holds."""
        seen, end = [], time.time() + timeout
        while time.time() < end:
            try:
                a = self.answers.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            if a is None:
                break
            seen.append(a)
            if pred(a):
                return seen
        raise AssertionError(f"no expected answer within {timeout} s; got {seen}")

    def close(self, timeout=120):
        self.proc.stdin.close()
        rest = []
        while True:
            a = self.answers.get(timeout=timeout)
            if a is None:
                break
            rest.append(a)
        return self.proc.wait(timeout=timeout), rest


def final(id_, turn=None):
    return lambda a: (a.get("id") == id_ and a.get("isDuringSearch") is False
                      and (turn is None or a.get("turnNumber") == turn))


GAME = [["B", "Q16"], ["W", "D4"], ["B", "Q3"], ["W", "D16"], ["B", "R5"]]


def full_query():
    return {"id": "full", "initialStones": [["B", "C3"]], "initialPlayer": "W", "moves": GAME,
            "rules": "chinese", "komi": 6.5, "boardXSize": 19, "boardYSize": 19, "analyzeTurns": [0, 3, 5],
            "maxVisits": 40, "includeOwnership": True, "includePolicy": True, "priority": 2,
            "reportDuringSearchEvery": 0.2}


def main():
    e = Engine()
    e.send({"id": "v", "action": "query_version"})
    v = e.until(lambda a: a.get("id") == "v")[-1]
    check(v.get("action") == "query_version" and "version" in v, f"query_version answer: {v}")
    # The start-up line says which networks run; it was written before the first answer, but the
    # thread that reads stderr may not have read it yet: wait for it.
    deadline = time.monotonic() + 30
    while not any("networks on" in line for line in e.stderr) and time.monotonic() < deadline:
        time.sleep(0.05)
    check(any("networks on" in line for line in e.stderr), f"no start-up line on stderr: {e.stderr}")
    networks = not any("networks on none" in line for line in e.stderr)

    # Every field, three turns; an unknown field on the way.
    q = full_query()
    q["mood"] = "calm"
    e.send(q)
    done = set()

    def all_three(a):
        if final("full")(a):
            done.add(a["turnNumber"])
        return len(done) == 3
    got = e.until(all_three)
    check({"warning": "Unexpected or unused field", "field": "mood", "id": "full"} in got, "unknown field warned")
    finals = {a["turnNumber"]: a for a in got if final("full")(a)}
    check(sorted(finals) == [0, 3, 5], f"one final answer per analyzeTurns entry: {sorted(finals)}")
    for turn, a in finals.items():
        check(a["rootInfo"]["visits"] == 40, f"turn {turn}: maxVisits 40 -> {a['rootInfo']['visits']}")
        # turn 0: initialPlayer; turn 3: the player of moves[3]; turn 5: after Black's R5
        check(a["rootInfo"]["currentPlayer"] == "W", f"turn {turn}: currentPlayer {a['rootInfo']['currentPlayer']}")
        check(len(a["ownership"]) == 361, f"turn {turn}: ownership of 361 points")
        check("scoreLead" in a["rootInfo"], f"turn {turn}: scoreLead")
        m = a["moveInfos"][0]
        check(set(m) >= {"move", "visits", "winrate", "prior", "lcb", "order", "pv"}, f"moveInfos fields: {m}")
        if networks:
            check(len(a["policy"]) == 362 and a["policy"][16 * 19 + 2] == -1,
                  f"turn {turn}: policy of 362 entries, -1 on the C3 stone")

    # Several queries in flight, then terminate one mid-search.
    for i in range(3):
        e.send({"id": f"many{i}", "moves": GAME[:i + 1], "rules": "tromp-taylor", "boardXSize": 19,
                "boardYSize": 19, "maxVisits": 30})
    e.send({"id": "long", "moves": GAME, "rules": "chinese", "boardXSize": 19, "boardYSize": 19,
            "maxVisits": 5000000, "reportDuringSearchEvery": 0.2})
    seen = e.until(lambda a: a.get("id") == "long" and a.get("isDuringSearch") is True)
    e.send({"id": "stop", "action": "terminate", "terminateId": "long"})
    seen += e.until(final("long"), timeout=30)
    for i in range(3):
        check(any(final(f"many{i}")(a) for a in seen), f"many{i} answered")
    ack = [a for a in seen if a.get("id") == "stop"]
    check(ack == [{"id": "stop", "action": "terminate", "terminateId": "long"}], f"terminate echoed: {ack}")
    last = seen[-1]
    check(0 < last["rootInfo"]["visits"] < 5000000, f"terminated with partial results: {last['rootInfo']}")

    # Bad input: answered with an error, and the engine goes on.
    e.send("{not json")
    check("error" in e.until(lambda a: "error" in a)[-1], "malformed JSON -> error")
    bad = {"id": "bad", "moves": [["B", "Q16"], ["W", "Q16"]], "rules": "chinese", "boardXSize": 19, "boardYSize": 19}
    e.send(bad)
    err = e.until(lambda a: a.get("id") == "bad")[-1]
    check(err.get("field") == "moves" and "Illegal move 2" in err.get("error", ""), f"illegal move: {err}")
    # A size the networks do not cover is searched with the tree policy, as tengen gtp does (KaTrain
    # switches board sizes mid-session), with or without networks loaded.
    e.send({"id": "nine", "moves": [["B", "E5"]], "rules": "chinese", "boardXSize": 9, "boardYSize": 9,
            "maxVisits": 50})
    nine = e.until(lambda a: a.get("id") == "nine")[-1]
    check("error" not in nine and nine["moveInfos"] and nine["rootInfo"]["visits"] >= 50, f"9x9 analysed: {nine}")
    e.send({"id": "c", "action": "clear_cache"})
    check(e.until(lambda a: a.get("id") == "c")[-1] == {"id": "c", "action": "clear_cache"}, "clear_cache echoed")

    # The end of the input: queued queries are finished, then exit 0.
    e.send({"id": "tail", "moves": GAME, "rules": "chinese", "boardXSize": 19, "boardYSize": 19, "maxVisits": 60})
    code, rest = e.close()
    check(code == 0, f"exit status {code} at the end of the input")
    check(any(final("tail")(a) and a["rootInfo"]["visits"] == 60 for a in rest), "queued query finished at EOF")

    # --quit-without-waiting: the end of the input mid-search ends at once, with partial results.
    e = Engine("--quit-without-waiting")
    e.send({"id": "huge", "moves": GAME, "rules": "chinese", "boardXSize": 19, "boardYSize": 19,
            "maxVisits": 5000000, "reportDuringSearchEvery": 0.2})
    e.until(lambda a: a.get("id") == "huge")
    start = time.time()
    code, rest = e.close(timeout=60)
    check(code == 0 and time.time() - start < 30, f"--quit-without-waiting: exit {code} after {time.time() - start:.1f} s")
    check(any(final("huge")(a) for a in rest), "a final answer for the terminated query")

    if FAILURES:
        print(f"{len(FAILURES)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("analysis protocol: all checks passed")


if __name__ == "__main__":
    main()
