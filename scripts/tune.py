#!/usr/bin/python3
"""Tune Tengen's search parameters with Optuna (Debian: python3-optuna) against a fixed reference engine.

  scripts/tune.py --engine "build/tengen gtp --quiet --threads 1 --visits 64" \\
      --reference "/usr/games/gnugo --mode gtp --level 1" --size 9 --komi 7 \\
      --params c_puct=0.5:10:log fpu_reduction=0:1 lambda=0:1 --trials 30 --games 8 \\
      --study /tmp/tune.db --name c-fpu-lambda --plots docs/images/tune

Each trial appends the suggested values as flags to --engine (`c_puct=2.1` -> `--c-puct 2.1`), plays
--games games against --reference (colours alternating; scripts/match.py's game loop, --concurrency
at once) and reports the win rate. The objective carries its uncertainty: the value Optuna maximises
is the posterior mean (wins + 1) / (games + 2); the wins, games and the 95% Wilson interval are kept as
the trial's attributes and in the progress line. The study lives in SQLite (--study): the same
command resumes it, and several processes may share it. --sampler tpe|cmaes|random|qmc (default tpe;
--compare-samplers says why). --plots PREFIX writes PREFIX-history.png and PREFIX-importance.png.

  scripts/tune.py --compare-samplers [--seeds 8]
compares the samplers on a synthetic noisy objective with a known optimum (a quadratic win rate with
binomial noise from 16 games per trial) and prints each one's mean distance to the optimum.

Parameter names: lambda, c_puct, fpu_reduction, expansion_threshold, virtual_loss, policy_temperature,
refuse_self_atari, resign, and the time management's time_spend, time_opening_factor, time_extend (they
only matter under a clock, so tune them with --time SPEC — scripts/match.py's clocks: absolute,
Canadian, byo-yomi, Fischer; time_left; loss on time — and an --engine without --visits or --move-time). A range is LO:HI[:log]; integers for expansion_threshold, virtual_loss and
refuse_self_atari. Errors (unknown name, empty range, a reference engine that does not start) are
reported before any game is played.
"""
import argparse
import warnings
import math
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sprt  # noqa: E402

try:
    import optuna
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
except ImportError:
    sys.exit("tune.py: needs Optuna: apt install python3-optuna (Debian's, for /usr/bin/python3)")

# name -> (tengen flag, integer?)
PARAMETERS = {
    "lambda": ("--lambda", False), "c_puct": ("--c-puct", False), "fpu_reduction": ("--fpu-reduction", False),
    "expansion_threshold": ("--expansion-threshold", True), "virtual_loss": ("--virtual-loss", True),
    "policy_temperature": ("--policy-temperature", False), "refuse_self_atari": ("--refuse-self-atari", True),
    "resign": ("--resign", False), "time_spend": ("--time-spend", False),
    "time_opening_factor": ("--time-opening-factor", False), "time_extend": ("--time-extend", False),
}


def parse_param(text):
    """`name=lo:hi[:log]` -> (name, lo, hi, log); SystemExit with the reason otherwise."""
    name, _, rng = text.partition("=")
    if name not in PARAMETERS:
        raise SystemExit(f"tune.py: unknown parameter '{name}' (known: {', '.join(sorted(PARAMETERS))})")
    parts = rng.split(":")
    try:
        lo, hi = float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        raise SystemExit(f"tune.py: {name}: the range must be LO:HI[:log], got '{rng}'")
    log = len(parts) > 2 and parts[2] == "log"
    if not lo < hi:
        raise SystemExit(f"tune.py: {name}: empty range {lo}:{hi}")
    if log and lo <= 0:
        raise SystemExit(f"tune.py: {name}: a log range must be positive")
    return name, lo, hi, log


def suggest(trial, params):
    values = {}
    for name, lo, hi, log in params:
        if PARAMETERS[name][1]:
            values[name] = trial.suggest_int(name, int(math.ceil(lo)), int(math.floor(hi)), log=log)
        else:
            values[name] = trial.suggest_float(name, lo, hi, log=log)
    return values


def make_sampler(name, seed):
    return {"tpe": lambda: optuna.samplers.TPESampler(seed=seed),
            "cmaes": lambda: optuna.samplers.CmaEsSampler(seed=seed),
            "random": lambda: optuna.samplers.RandomSampler(seed=seed),
            "qmc": lambda: optuna.samplers.QMCSampler(seed=seed)}[name]()


def record(trial, wins, games):
    lo, hi = sprt.wilson(wins, games)
    trial.set_user_attr("wins", wins)
    trial.set_user_attr("games", games)
    trial.set_user_attr("interval", [lo, hi])
    return (wins + 1) / (games + 2)


def play_trial(args, values):
    import match  # scripts/match.py: the engines and the game loop
    flags = " ".join(f"{PARAMETERS[n][0]} {v:.6g}" if isinstance(v, float) else f"{PARAMETERS[n][0]} {v}"
                     for n, v in values.items())
    engine = f"{args.engine} {flags}"
    wins = played = 0
    for g in range(args.games):
        a, b = match.Engine(engine), match.Engine(args.reference)
        try:
            winner, _ = match.play_game(a, b, g % 2 == 0, args.size, args.komi, args.max_moves,
                                        time_spec=args.time, time_margin=args.time_margin)
        finally:
            a.close()
            b.close()
        if winner is not None:
            played += 1
            wins += (winner == "B") == (g % 2 == 0)
    return wins, played


def check_engine(command, label):
    import match
    try:
        e = match.Engine(command)
        ok, text = e.send("name")
        e.close()
        if not ok:
            raise RuntimeError(text)
    except RuntimeError as err:
        raise SystemExit(f"tune.py: the {label} engine ('{command}') does not work: {err}")


def progress(study, trial, started, total):
    done = len([t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE])
    best = study.best_trial
    lo, hi = best.user_attrs.get("interval", [0, 1])
    eta = (time.time() - started) / max(1, trial.number + 1 - started_trials[0]) * max(0, total - done)
    print(f"[tune] trial {done}/{total}: {trial.user_attrs.get('wins')}/{trial.user_attrs.get('games')} "
          f"with {trial.params} | best #{best.number}: {best.user_attrs.get('wins')}/{best.user_attrs.get('games')} "
          f"({100 * lo:.0f}-{100 * hi:.0f}%) {best.params} | ETA {eta / 60:.0f} min", flush=True)


started_trials = [0]


def write_plots(study, prefix):
    try:
        import matplotlib
        matplotlib.use("Agg")
        from optuna.visualization import matplotlib as ovm
    except ImportError:
        print("tune.py: no matplotlib (apt install python3-matplotlib): no plots", file=sys.stderr)
        return
    ovm.plot_optimization_history(study).figure.savefig(f"{prefix}-history.png", dpi=100, bbox_inches="tight")
    if len(study.best_trial.params) > 1 and len(study.trials) > 2:
        ovm.plot_param_importances(study).figure.savefig(f"{prefix}-importance.png", dpi=100, bbox_inches="tight")
    print(f"tune.py: plots {prefix}-history.png" + (f", {prefix}-importance.png" if len(study.best_trial.params) > 1 else ""))


def recommendation(study):
    """The parameters to adopt: the median of each over the best quarter of the trials (a single best
    trial of a few games is mostly noise)."""
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    top = sorted(done, key=lambda t: -t.value)[:max(1, len(done) // 4)]
    out = {}
    for name in top[0].params:
        v = statistics.median(t.params[name] for t in top)
        out[name] = round(v) if all(isinstance(t.params[name], int) for t in top) else v
    return out


def synthetic_study(sampler, seed, trials=60, games=16):
    """Maximises a quadratic win rate with its optimum at (c_puct, lambda) = (2.0, 0.3), each trial
    observed through `games` binomial games; returns the best trial's distance to the optimum (in
    units of each range)."""
    rng = random.Random(seed)

    def objective(trial):
        c = trial.suggest_float("c_puct", 0.5, 8.0)
        lam = trial.suggest_float("lambda", 0.0, 1.0)
        p = 0.8 - 0.6 * (((c - 2.0) / 7.5) ** 2 * 4 + ((lam - 0.3) / 1.0) ** 2 * 4)
        wins = sum(rng.random() < max(0.02, p) for _ in range(games))
        return record(trial, wins, games)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=make_sampler(sampler, seed))
    study.optimize(objective, n_trials=trials)
    r = recommendation(study)
    c, lam = r["c_puct"], r["lambda"]
    return math.hypot((c - 2.0) / 7.5, lam - 0.3), c, lam


def compare_samplers(seeds):
    print("sampler  mean distance to the optimum (fraction of the ranges), over seeds")
    for name in ("tpe", "cmaes", "qmc", "random"):
        d = [synthetic_study(name, s)[0] for s in range(seeds)]
        print(f"{name:7s}  {sum(d) / len(d):.3f}  (worst {max(d):.3f})", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", help="the engine tuned (a GTP command line; the parameters are appended)")
    ap.add_argument("--reference", help="the fixed opponent (a GTP command line)")
    ap.add_argument("--params", nargs="+", default=[], help="NAME=LO:HI[:log] ...")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--games", type=int, default=8, help="games per trial")
    ap.add_argument("--size", type=int, default=9)
    ap.add_argument("--komi", type=float, default=7.0)
    ap.add_argument("--max-moves", type=int, default=300)
    ap.add_argument("--time", metavar="SPEC", help="play under a clock (scripts/match.py --time: MAIN, MAIN+BYO/STONES, MAIN+PxBYO, MAIN+INCf)")
    ap.add_argument("--time-margin", type=float, default=1.0, help="seconds below zero before a loss on time")
    ap.add_argument("--study", help="SQLite file of the study (resumable, shareable)")
    ap.add_argument("--name", default="tengen-tune", help="study name inside the file")
    ap.add_argument("--sampler", default="tpe", choices=["tpe", "cmaes", "random", "qmc"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plots", help="PNG prefix for the optimisation history and parameter importance")
    ap.add_argument("--compare-samplers", action="store_true")
    ap.add_argument("--seeds", type=int, default=8)
    args = ap.parse_args()
    if args.compare_samplers:
        compare_samplers(args.seeds)
        return 0
    if not args.engine or not args.reference or not args.params:
        ap.error("--engine, --reference and --params are required (or --compare-samplers)")
    params = [parse_param(p) for p in args.params]
    if args.time:
        import match
        try:
            match.parse_time(args.time)
        except ValueError as err:
            ap.error(str(err))
    check_engine(args.reference, "reference")
    check_engine(args.engine, "tuned")
    storage = f"sqlite:///{os.path.abspath(args.study)}" if args.study else None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name=args.name, storage=storage, load_if_exists=True, direction="maximize",
                                sampler=make_sampler(args.sampler, args.seed))
    started_trials[0] = len(study.trials)
    left = args.trials - len([t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE])
    started = time.time()
    if left > 0:
        study.optimize(lambda t: record(t, *play_trial(args, suggest(t, params))), n_trials=left,
                       callbacks=[lambda s, t: progress(s, t, started, args.trials)])
    best = study.best_trial
    lo, hi = best.user_attrs["interval"]
    print(f"best: trial {best.number}, {best.params}: {best.user_attrs['wins']}/{best.user_attrs['games']} "
          f"({100 * lo:.0f}-{100 * hi:.0f}%, 95% Wilson)")
    rec = recommendation(study)
    print("recommended (median of the best quarter of the trials): " +
          " ".join(f"{PARAMETERS[n][0]} {v:.4g}" if isinstance(v, float) else f"{PARAMETERS[n][0]} {v}" for n, v in rec.items()))
    if args.plots:
        write_plots(study, args.plots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
