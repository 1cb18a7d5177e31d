"""Unit tests of scripts/sprt.py (run: python3 -m unittest discover -s scripts -p 'test_*.py')."""
import math
import unittest

import sprt


class SprtArithmetic(unittest.TestCase):
    def test_bounds_are_walds(self):
        lo, hi = sprt.bounds(0.05, 0.05)
        self.assertAlmostEqual(lo, -2.944438979, places=8)  # ln(0.05 / 0.95)
        self.assertAlmostEqual(hi, 2.944438979, places=8)
        lo, hi = sprt.bounds(0.05, 0.10)
        self.assertAlmostEqual(lo, math.log(0.10 / 0.95))
        self.assertAlmostEqual(hi, math.log(0.90 / 0.05))

    def test_without_draws_it_is_walds_binomial_sprt(self):
        # Wald (1945): for Bernoulli trials the LLR is W ln(p1/p0) + L ln((1-p1)/(1-p0)).
        for wins, losses, elo0, elo1 in [(60, 40, 0, 35), (10, 30, 0, 35), (120, 100, -10, 10), (7, 3, 0, 50)]:
            s0, s1 = sprt.logistic_score(elo0), sprt.logistic_score(elo1)
            wald = wins * math.log(s1 / s0) + losses * math.log((1 - s1) / (1 - s0))
            self.assertAlmostEqual(sprt.llr(wins, 0, losses, elo0, elo1), wald, delta=1e-3 + 1e-4 * abs(wald))

    def test_normal_approximation_agrees_for_small_elo_differences(self):
        for w, d, l in [(300, 400, 280), (1000, 2000, 950), (50, 10, 40)]:
            exact, approx = sprt.llr(w, d, l, 0, 5), sprt.llr_normal(w, d, l, 0, 5)
            self.assertAlmostEqual(exact, approx, delta=0.02 * max(1.0, abs(approx)))

    def test_signs_and_symmetry(self):
        self.assertGreater(sprt.llr(70, 0, 30, 0, 35), sprt.bounds(0.05, 0.05)[1])   # clearly stronger: accept H1
        self.assertLess(sprt.llr(30, 0, 70, 0, 35), sprt.bounds(0.05, 0.05)[0])      # clearly weaker: accept H0
        self.assertEqual(sprt.llr(0, 0, 0, 0, 35), 0.0)
        # Seen from the other player (wins and losses swapped, both hypotheses negated) nothing changes.
        for w, d, l in [(40, 5, 30), (12, 0, 3), (100, 80, 120)]:
            self.assertAlmostEqual(sprt.llr(w, d, l, 0, 20), sprt.llr(l, d, w, 0, -20), places=9)
            self.assertAlmostEqual(sprt.llr(w, d, l, -10, 25), sprt.llr(l, d, w, 10, -25), places=9)

    def test_elo_and_its_interval(self):
        self.assertAlmostEqual(sprt.logistic_score(0), 0.5)
        self.assertAlmostEqual(sprt.elo_of_score(sprt.logistic_score(35)), 35, places=9)
        self.assertAlmostEqual(sprt.elo_of_score(0.75), 190.848501, places=5)  # 400 log10(3)
        elo, lo, hi = sprt.elo_interval(27, 0, 9)
        self.assertAlmostEqual(elo, 190.848501, places=5)
        self.assertAlmostEqual(sprt.logistic_score(lo), sprt.wilson(27, 36)[0], places=9)
        self.assertLess(lo, elo)
        self.assertGreater(hi, elo)
        self.assertEqual(sprt.elo_of_score(1.0), math.inf)


if __name__ == "__main__":
    unittest.main()
