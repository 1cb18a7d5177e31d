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

    def test_agrees_with_cutechess_cli_published_outputs(self):
        # Matches whose cutechess-cli (1.3, the generalised SPRT in logistic Elo, as fishtest) output
        # was published with its counts, hypotheses and LLR, to three significant digits:
        #  * "Score of New vs checks: 364 - 346 - 218 [0.510] 928 ... SPRT: llr 0.174 (5.9%), lbound
        #    -2.94, ubound 2.94" with -sprt elo0=0 elo1=10 alpha=0.05 beta=0.05 (talkchess.com,
        #    viewtopic.php?t=84211, cutechess-cli 1.3.1);
        #  * "Score of Wordfish 1.0 dev 260825 vs Wordfish base: 3225 - 3068 - 3707 [0.508] 10000 ...
        #    SPRT: llr 1.94 (66.1%)" with -sprt elo0=0 elo1=5 (ijccrl.com/?p=5831).
        # cutechess prints W - L - D; ours takes (wins, draws, losses). Ours gives 0.1748 and 1.9450:
        # within one unit of the last printed digit (cutechess's own root finder differs in the 4th).
        lo, hi = sprt.bounds(0.05, 0.05)
        self.assertAlmostEqual(hi, 2.94, places=2)
        for (w, l, d), elo1, printed, percent in [((364, 346, 218), 10, 0.174, 5.9), ((3225, 3068, 3707), 5, 1.94, 66.1)]:
            llr = sprt.llr(w, d, l, 0, elo1)
            self.assertAlmostEqual(llr, printed, delta=0.01 if printed >= 1 else 0.001)
            self.assertAlmostEqual(100 * llr / hi, percent, delta=0.1)  # the share of the way to H1

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
