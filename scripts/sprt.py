"""Sequential probability ratio test (SPRT) and Elo arithmetic for engine matches.

The test is the generalised SPRT that fishtest and cutechess-cli run (Michel Van den Bergh,
"Generalized sequential probability ratio test for Elo", 2019): results are a distribution over
outcomes (loss 0, draw 1/2, win 1); for each hypothesis H0: score = s0 and H1: score = s1 (the
logistic score of elo0 and elo1) the maximum-likelihood distribution with that expected score is
found, and the log-likelihood ratio of the observed results under the two is summed. For results
without draws this is exactly Wald's binomial SPRT: W ln(s1/s0) + L ln((1-s1)/(1-s0)).
The test stops when the LLR leaves (ln(beta/(1-alpha)), ln((1-beta)/alpha)).
"""
import math


def logistic_score(elo):
    """Expected score of a player `elo` points stronger: 1 / (1 + 10^(-elo/400))."""
    return 1.0 / (1.0 + 10.0 ** (-elo / 400.0))


def elo_of_score(score):
    """The inverse of logistic_score; +-inf at 1 and 0."""
    if score <= 0.0:
        return -math.inf
    if score >= 1.0:
        return math.inf
    return -400.0 * math.log10(1.0 / score - 1.0)


def bounds(alpha, beta):
    """The LLR's lower (accept H0) and upper (accept H1) stopping bounds."""
    return math.log(beta / (1.0 - alpha)), math.log((1.0 - beta) / alpha)


def _mle_with_expectation(pdf, s):
    """The distribution closest in likelihood to `pdf` ([(value, probability)]) whose expectation is s:
    p_i / (1 + x (a_i - s)) with x the root of sum p_i (a_i - s) / (1 + x (a_i - s)) = 0."""
    terms = [(a - s, p) for a, p in pdf]
    # x must keep every 1 + x (a_i - s) positive: an interval around 0 bounded by the largest gaps.
    hi = -1.0 / min(t for t, _ in terms)  # min is negative (some outcome below s)
    lo = -1.0 / max(t for t, _ in terms)  # max is positive (some outcome above s)
    def f(x):
        return sum(p * t / (1.0 + x * t) for t, p in terms)
    a, b = lo + 1e-12 * (hi - lo), hi - 1e-12 * (hi - lo)
    for _ in range(200):  # f decreases in x on (lo, hi): bisection
        m = (a + b) / 2
        if f(m) > 0:
            a = m
        else:
            b = m
    x = (a + b) / 2
    return [p / (1.0 + x * t) for t, p in terms]


def llr(wins, draws, losses, elo0, elo1):
    """The generalised log-likelihood ratio of H1 (elo1) against H0 (elo0) for these results.
    Outcomes never seen get a tiny weight (1e-3 of a game), as fishtest does, so the MLE exists."""
    counts = [losses, draws, wins]
    if sum(counts) == 0:
        return 0.0
    counts = [c if c > 0 else 1e-3 for c in counts]
    n = sum(counts)
    pdf = [(i / 2.0, c / n) for i, c in enumerate(counts)]
    s0, s1 = logistic_score(elo0), logistic_score(elo1)
    p0, p1 = _mle_with_expectation(pdf, s0), _mle_with_expectation(pdf, s1)
    return n * sum(p * (math.log(q1) - math.log(q0)) for (_, p), q0, q1 in zip(pdf, p0, p1))


def llr_normal(wins, draws, losses, elo0, elo1):
    """The normal approximation of the same LLR: N (s1 - s0) (2 s - s0 - s1) / (2 var)."""
    n = wins + draws + losses
    s = (wins + draws / 2.0) / n
    var = (wins * (1 - s) ** 2 + draws * (0.5 - s) ** 2 + losses * s ** 2) / n
    s0, s1 = logistic_score(elo0), logistic_score(elo1)
    return n * (s1 - s0) * (2 * s - s0 - s1) / (2 * var)


def wilson(wins, n, z=1.96):
    """The Wilson score interval of a win rate (draws counted as half a win by the caller)."""
    if n == 0:
        return 0.0, 1.0
    p = wins / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def elo_interval(wins, draws, losses, z=1.96):
    """The Elo difference of the results and its interval (from the Wilson interval of the score)."""
    n = wins + draws + losses
    score = (wins + draws / 2.0) / n if n else 0.5
    lo, hi = wilson(wins + draws / 2.0, n, z)
    return elo_of_score(score), elo_of_score(lo), elo_of_score(hi)
