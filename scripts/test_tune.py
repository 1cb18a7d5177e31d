"""Tests of scripts/tune.py: the tuner finds the optimum of a synthetic noisy objective (a quadratic win
rate, 16 binomial games per trial, 60 trials) within 0.15 of the ranges, for the default sampler (TPE)
on several seeds; bad parameter specifications are refused. Needs Debian's python3-optuna (run with
/usr/bin/python3); skipped where Optuna is missing."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import optuna  # noqa: F401
    import tune
except (ImportError, SystemExit):
    tune = None


@unittest.skipIf(tune is None, "Optuna is not installed for this Python (Debian: python3-optuna, /usr/bin/python3)")
class TuneTest(unittest.TestCase):
    def test_tpe_finds_the_synthetic_optimum(self):
        for seed in range(3):
            distance, c, lam = tune.synthetic_study("tpe", seed)
            self.assertLess(distance, 0.15, f"seed {seed}: c_puct {c:.2f}, lambda {lam:.2f} (optimum 2.0, 0.3)")

    def test_parameter_specifications(self):
        self.assertEqual(tune.parse_param("c_puct=0.5:10:log"), ("c_puct", 0.5, 10.0, True))
        self.assertEqual(tune.parse_param("lambda=0:1"), ("lambda", 0.0, 1.0, False))
        for bad in ("colour=0:1", "lambda=1:1", "lambda=2:1", "lambda=x:1", "c_puct=0:1:log", "lambda"):
            with self.assertRaises(SystemExit, msg=bad):
                tune.parse_param(bad)


if __name__ == "__main__":
    unittest.main()
