#!/usr/bin/env python3
"""SIGKILL torture: `train sl`, `train value`, `train rl` and `selfplay` are killed at seeded random
moments and rerun with the same command until they finish; then
  - training: the final weights' data (tengen.data_sha256) equal an uninterrupted run's (exact resume
    from the last complete checkpoint), and every metrics.csv step appears once;
  - self-play: every game 0..N-1 exists exactly once (SGF files, stats.json), and the SGFs equal an
    uninterrupted run's (a game is a function of the job seed and its number).
Usage: kill_torture_test.py TENGEN FIXTURES_SGF WORKDIR [KILLS_PER_COMMAND]"""
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

TENGEN, FIXTURES, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
KILLS = int(sys.argv[4]) if len(sys.argv) > 4 else 20
RNG = random.Random(20261202)
FAILURES = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        FAILURES.append(what)


def run(args, **kw):
    return subprocess.run([TENGEN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)


def timed(args):
    start = time.time()
    r = run(args)
    if r.returncode != 0:
        sys.exit(f"setup failed: tengen {' '.join(args)}\n{r.stderr}")
    return time.time() - start


def torture(args, duration, kills):
    """Runs `args` again and again, each run SIGKILLed after a random 5-40% of `duration` (the
    uninterrupted run's time), until `kills` kills are made or a run finishes on its own; then runs it
    to the end. Returns the kills made."""
    made = 0
    while made < kills:
        p = subprocess.Popen([TENGEN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            p.wait(timeout=RNG.uniform(0.05, 0.4) * duration)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            made += 1
            continue
        if p.returncode != 0:
            check(False, f"tengen {args[0]} {args[1]}: a rerun after a kill failed: {p.stderr.read()[-600:]}")
        break  # it finished before its kill was due
    r = run(args, timeout=600)
    check(r.returncode == 0, f"tengen {' '.join(args[:2])}: the last rerun finished (exit {r.returncode}) {r.stderr[-300:]}")
    return made


def data_sha(path):
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        return json.loads(f.read(n))["__metadata__"]["tengen.data_sha256"]


def metrics_steps_once(run_dir):
    with open(os.path.join(run_dir, "metrics.csv")) as f:
        rows = list(csv.reader(f))
    steps = [r[0] for r in rows[1:] if r]
    return len(steps) == len(set(steps)), steps


def training(name, args_for, weights_name, total):
    ref, tortured = os.path.join(WORK, name + "-ref"), os.path.join(WORK, name + "-killed")
    duration = timed(args_for(ref))
    kills = torture(args_for(tortured), duration, KILLS)
    same = data_sha(os.path.join(ref, weights_name)) == data_sha(os.path.join(tortured, weights_name))
    check(same, f"{name}: {kills} kills; final {weights_name} equals the uninterrupted run's")
    once, steps = metrics_steps_once(tortured)
    check(once, f"{name}: every metrics.csv step once ({len(steps)} rows)")
    return kills


def selfplay(total_games):
    def args(out):
        return ["selfplay", "--out", out, "--mode", "search", "--policy", "none", "--size", "9", "--visits", "12",
                "--games", str(total_games), "--parallel", "2", "--seed", "5"]
    ref, tortured = os.path.join(WORK, "sp-ref"), os.path.join(WORK, "sp-killed")
    duration = timed(args(ref))
    kills = torture(args(tortured), duration, KILLS)
    names = sorted(os.listdir(os.path.join(tortured, "sgf")))
    want = sorted(os.listdir(os.path.join(ref, "sgf")))
    check(names == want and len(names) == total_games, f"selfplay: {kills} kills; games 0..{total_games - 1} "
          f"each once ({len(names)} SGF files)")
    with open(os.path.join(tortured, "stats.json")) as f:
        check(json.load(f).get("games") == total_games, "selfplay: stats.json counts every game once")
    same = all(open(os.path.join(ref, "sgf", n), "rb").read() == open(os.path.join(tortured, "sgf", n), "rb").read()
               for n in names if n in want)
    check(same, "selfplay: every SGF equals the uninterrupted job's")
    return kills


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    data = os.path.join(WORK, "data")
    timed(["dataset", "build", "--out", data, "--val-per-mille", "200", FIXTURES])
    small = ["--layers", "3", "--filters", "8", "--batch", "8", "--log-every", "4", "--val-batches", "1"]
    def sl_args(out):
        return ["train", "sl", "--data", data, "--out", out, "--steps", "120", "--checkpoint-every", "4",
                "--validate-every", "40", *small]
    kills = training("train-sl", sl_args, "policy.safetensors", 120)
    sl = os.path.join(WORK, "train-sl-ref", "policy.safetensors")
    value_data = os.path.join(WORK, "value-data")
    timed(["selfplay", "--out", value_data, "--value-data", "--sl-policy", sl, "--rl-policy", sl, "--games", "8",
           "--parallel", "4", "--max-u", "30"])
    kills += training("train-value", lambda out: ["train", "value", "--data", value_data, "--out", out, "--steps", "80",
                                                  "--checkpoint-every", "4", "--validate-every", "40",
                                                  "--val-per-mille", "500", *small], "value.safetensors", 80)
    kills += training("train-rl", lambda out: ["train", "rl", "--sl-policy", sl, "--out", out, "--iterations", "48",
                                               "--games", "2", "--checkpoint-every", "1"], "policy.safetensors", 48)
    kills += selfplay(96)
    extra = 0
    while kills < 50:  # a fast machine finishes the short jobs between kills: more of train sl
        extra += 1
        kills += training(f"train-sl-{extra}", sl_args, "policy.safetensors", 120)
    check(kills >= 50, f"{kills} SIGKILLs in all (at least 50)")
    if FAILURES:
        sys.exit(f"{len(FAILURES)} failure(s)")


if __name__ == "__main__":
    main()
