"""scripts/match.py's GTP clock: its arithmetic (absolute and Canadian byo-yomi, GTP 2 semantics), the
--time syntax, and a game between two fake GTP engines in which the slow one loses on time after
being told its time by time_settings and time_left.

Run: python3 -m unittest discover -s scripts -p "test_match_clock.py"
The fake engine is this file run as `test_match_clock.py fake DELAY LOG`.
"""
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import match  # noqa: E402


class ClockArithmetic(unittest.TestCase):
    def test_absolute_time_runs_down_and_the_flag_falls_past_the_margin(self):
        c = match.Clock("10", margin=1.0)
        self.assertEqual(c.settings_command(), "time_settings 10 0 0")
        self.assertTrue(c.charge("B", 4))
        self.assertTrue(c.charge("B", 4))
        self.assertEqual(c.time_left_command("B"), "time_left B 2 0")
        self.assertEqual(c.time_left_command("W"), "time_left W 10 0")  # White's clock did not run
        self.assertTrue(c.charge("B", 2.5))  # -0.5: within the lag margin
        self.assertFalse(c.charge("B", 1.0))  # -1.5: lost on time

    def test_canadian_overrun_opens_a_period_and_a_full_period_renews_it(self):
        c = match.Clock("5+10/2", margin=1.0)
        self.assertEqual(c.settings_command(), "time_settings 5 10 2")
        self.assertTrue(c.charge("W", 6))  # 1 s over main time: the first stone of the first period
        self.assertEqual(c.time_left_command("W"), "time_left W 9 1")
        self.assertTrue(c.charge("W", 8))  # the period's second stone: renewed
        self.assertEqual(c.time_left_command("W"), "time_left W 10 2")
        self.assertTrue(c.charge("W", 9))
        self.assertFalse(c.charge("W", 2.5))  # 1 s left in the period, 2.5 used: past the margin

    def test_no_main_time_starts_in_byo_yomi(self):
        c = match.Clock("0+5/1")
        self.assertEqual(c.time_left_command("B"), "time_left B 5 1")
        self.assertTrue(c.charge("B", 4.5))
        self.assertEqual(c.time_left_command("B"), "time_left B 5 1")  # one stone per period: renewed

    def test_byo_yomi_periods_are_kept_by_moves_within_them_and_used_up_by_overruns(self):
        c = match.Clock("5+3x10", margin=1.0)
        self.assertEqual(c.settings_command(), "kgs-time_settings byoyomi 5 10 3")
        self.assertTrue(c.charge("B", 12))  # 7 s into the first period: kept
        self.assertEqual(c.time_left_command("B"), "time_left B 10 3")  # kgsGtp: the count is periods left
        self.assertTrue(c.charge("B", 9.5))
        self.assertEqual(c.time_left_command("B"), "time_left B 10 3")
        self.assertTrue(c.charge("B", 15))  # overran one period
        self.assertEqual(c.time_left_command("B"), "time_left B 10 2")
        self.assertTrue(c.charge("B", 14))  # overran another: the last period is left
        self.assertEqual(c.time_left_command("B"), "time_left B 10 1")
        self.assertTrue(c.charge("B", 10.5))  # within the margin of the last period
        self.assertFalse(c.charge("B", 11.5))  # past it: lost on time

    def test_fischer_adds_the_increment_after_each_move(self):
        c = match.Clock("10+5f", margin=1.0)
        self.assertEqual(c.settings_command(), "kata-time_settings fischer 10 5")
        self.assertTrue(c.charge("W", 8))
        self.assertEqual(c.time_left_command("W"), "time_left W 7 0")
        self.assertTrue(c.charge("W", 7.5))  # -0.5 within the margin, then +5
        self.assertEqual(c.time_left_command("W"), "time_left W 5 0")
        self.assertFalse(c.charge("W", 6.5))
        self.assertEqual(c.moves["W"], [8, 7.5, 6.5])

    def test_time_syntax(self):
        self.assertEqual(match.parse_time("60"), ("absolute", 60, 0, 0, 0))
        self.assertEqual(match.parse_time("300+30/5"), ("canadian", 300, 30, 5, 0))
        self.assertEqual(match.parse_time("120+3x10"), ("byoyomi", 120, 10, 3, 0))
        self.assertEqual(match.parse_time("300+5f"), ("fischer", 300, 0, 0, 5))
        for bad in ("", "1.5", "10+5", "10+5/0", "0", "ten", "-3", "10+0x5", "0+5f", "10+3x0"):
            with self.assertRaises(ValueError, msg=bad):
                match.parse_time(bad)


class ClockInAGame(unittest.TestCase):
    def test_the_slow_engine_is_told_its_time_and_loses_on_time(self):
        with tempfile.TemporaryDirectory() as d:
            slow_log, fast_log = os.path.join(d, "slow.log"), os.path.join(d, "fast.log")
            me = os.path.abspath(__file__)
            slow = match.Engine(f"{sys.executable} {me} fake 0.3 {slow_log}")
            fast = match.Engine(f"{sys.executable} {me} fake 0 {fast_log}")
            try:
                winner, how = match.play_game(slow, fast, True, 9, 7, 100, time_spec="1", time_margin=0.2)
            finally:
                slow.close()
                fast.close()
            self.assertEqual((winner, how), ("W", "Black (A) lost on time"))
            slow_commands = open(slow_log).read().splitlines()
            self.assertIn("time_settings 1 0 0", slow_commands)
            self.assertIn("time_left B 1 0", slow_commands)
            self.assertIn("time_left B 0 0", slow_commands)  # the clock ran down as it played
            genmoves = slow_commands.count("genmove B")
            self.assertTrue(3 <= genmoves <= 5, genmoves)  # 0.3 s a move: 1.2 s is past 1 s + 0.2 margin


def fake_engine(delay, log):
    """A GTP engine that answers every command, sleeps `delay` seconds per genmove and plays the board's
    points in order (the opponent is another fake that accepts anything); logs each command."""
    points = [f"{c}{r}" for r in range(1, 10) for c in "ABCDEFGHJ"]
    with open(log, "w") as out:
        for line in sys.stdin:
            command = line.strip()
            out.write(command + "\n")
            out.flush()
            answer = ""
            if command.startswith("genmove"):
                time.sleep(delay)
                answer = points.pop(0) if points else "pass"
            elif command == "final_score":
                answer = "B+1"
            sys.stdout.write(f"= {answer}\n\n")
            sys.stdout.flush()
            if command == "quit":
                return


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "fake":
    fake_engine(float(sys.argv[2]), sys.argv[3])
