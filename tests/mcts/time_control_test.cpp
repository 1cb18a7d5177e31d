// Clock arithmetic of mcts::TimeControl for each clock system: budgets in main time and overtime,
// main time running out into overtime, the last stone of a Canadian period, byo-yomi periods as a
// reserve, Fischer increments and caps, the controller's time_left against the engine's own count,
// zero or negative time left, and the measured lag margin.
#include <gtest/gtest.h>

#include "mcts/time_control.h"

namespace tengen::mcts {
namespace {

constexpr int k19 = 361;
constexpr Color B = Color::kBlack, W = Color::kWhite;

ClockSettings byo_yomi(double main, double period, int periods) {
  ClockSettings s;
  s.system = ClockSystem::kByoYomi;
  s.main_time = main;
  s.period_time = period;
  s.periods = periods;
  return s;
}

ClockSettings fischer(double main, double increment, double cap = 0, double per_move = 0) {
  ClockSettings s;
  s.system = ClockSystem::kFischer;
  s.main_time = main;
  s.increment = increment;
  s.main_cap = cap;
  s.max_per_move = per_move;
  return s;
}

TEST(TimeControl, GtpTimeSettingsMeanWhatTheSpecSays) {
  EXPECT_EQ(ClockSettings::from_gtp(600, 0, 0).system, ClockSystem::kAbsolute);
  EXPECT_EQ(ClockSettings::from_gtp(600, 30, 5).system, ClockSystem::kCanadian);
  EXPECT_EQ(ClockSettings::from_gtp(600, 30, 0).system, ClockSystem::kNone);  // byo-yomi time, 0 stones: no limit
  TimeControl t;
  EXPECT_FALSE(t.limited());
  EXPECT_EQ(t.budget(B, 0, k19).planned, 0);
}

TEST(TimeControl, AbsoluteTimeIsSpreadAndLessInTheOpening) {
  TimeControl t;
  t.set(ClockSettings::from_gtp(600, 0, 0));
  const MoveBudget first = t.budget(B, 0, k19), later = t.budget(B, 60, k19);
  EXPECT_GT(first.planned, 1.0);
  EXPECT_LT(first.planned, later.planned);  // the opening gets less
  EXPECT_LT(later.planned, 600.0 / 20);
  EXPECT_LE(later.planned, later.maximum);
  EXPECT_LE(later.maximum, 600 - TimeControl::kInitialLagSeconds);
  TimeParams p;
  p.spend = 2;  // --time-spend 2: twice the share
  t.set_params(p);
  EXPECT_NEAR(t.budget(B, 60, k19).planned, 2 * later.planned, 1e-9);
  t.set_left(B, 3, 0);  // 3 s left: never more than the clock less the margin
  EXPECT_LE(t.budget(B, 300, k19).maximum, 3 - TimeControl::kInitialLagSeconds);
  EXPECT_GT(t.budget(B, 300, k19).planned, 0);
}

TEST(TimeControl, CanadianMainTimeRunsOutIntoAPeriodAndTheLastStoneGetsWhatIsLeft) {
  TimeControl t;
  t.set(ClockSettings::from_gtp(10, 30, 5));
  t.charge(B, 12);  // 2 s past the main time: the period starts with this move as its first stone
  ASSERT_TRUE(t.state(B).overtime);
  EXPECT_NEAR(t.state(B).period_left, 28, 1e-9);
  EXPECT_EQ(t.state(B).stones_left, 4);
  EXPECT_NEAR(t.budget(B, 10, k19).planned, 0.85 * 28 / 4, 1e-9);
  for (int i = 0; i < 3; ++i) t.charge(B, 5);  // three more stones: one left, 13 s
  EXPECT_EQ(t.state(B).stones_left, 1);
  const MoveBudget last = t.budget(B, 20, k19);
  EXPECT_NEAR(last.maximum, 13 - TimeControl::kInitialLagSeconds, 1e-9);
  t.charge(B, 10);  // the period is done: a new one
  EXPECT_EQ(t.state(B).stones_left, 5);
  EXPECT_NEAR(t.state(B).period_left, 30, 1e-9);
  EXPECT_FALSE(t.state(W).overtime);  // White's clock is White's
}

TEST(TimeControl, ByoYomiPeriodsAreAReserveNeverPlannedAway) {
  TimeControl t;
  t.set(byo_yomi(60, 10, 3));
  const MoveBudget main = t.budget(B, 50, k19);
  EXPECT_LE(main.maximum, 60 + 10 - TimeControl::kInitialLagSeconds);  // may spill into the first period
  t.set_left(B, 10, 3);  // kgsGtp: in byo-yomi the count is the periods left
  const MoveBudget over = t.budget(B, 100, k19);
  EXPECT_LE(over.maximum, 10 - TimeControl::kInitialLagSeconds);  // one period, never more
  EXPECT_NEAR(over.planned, 8, 1e-9);
  t.charge(B, 9);  // within the period: kept
  EXPECT_EQ(t.state(B).periods_left, 3);
  t.charge(B, 15);  // overran one period
  EXPECT_EQ(t.state(B).periods_left, 2);
  EXPECT_NEAR(t.state(B).period_left, 10, 1e-9);
  t.set_left(B, 10, 1);  // the last period: the same budget, still within it
  EXPECT_LE(t.budget(B, 120, k19).maximum, 10 - TimeControl::kInitialLagSeconds);
}

TEST(TimeControl, MainTimeRunningOutUsesTheFirstByoYomiPeriodWithoutLosingIt) {
  TimeControl t;
  t.set(byo_yomi(5, 10, 2));
  t.charge(B, 12);  // 7 s into the first period: kept
  ASSERT_TRUE(t.state(B).overtime);
  EXPECT_EQ(t.state(B).periods_left, 2);
  t.set(byo_yomi(5, 10, 2));
  t.charge(B, 16);  // 11 s past the main time: the first period is used up
  EXPECT_EQ(t.state(B).periods_left, 1);
}

TEST(TimeControl, FischerAddsTheIncrementUnderItsCap) {
  TimeControl t;
  t.set(fischer(60, 5));
  const MoveBudget b = t.budget(W, 50, k19);
  EXPECT_GT(b.planned, 0.8 * 5 - 1e-9);  // most of the increment is spent each move
  t.charge(W, 2);
  EXPECT_NEAR(t.state(W).main_left, 63, 1e-9);
  t.set(fischer(60, 5, 61, 4));  // capped: main time at most 61, at most 4 s a move
  t.charge(W, 2);
  EXPECT_NEAR(t.state(W).main_left, 61, 1e-9);
  EXPECT_LE(t.budget(W, 50, k19).maximum, 4 - TimeControl::kInitialLagSeconds);
}

TEST(TimeControl, TheControllersTimeLeftWinsAndADisagreementIsNamed) {
  TimeControl t;
  t.set(ClockSettings::from_gtp(300, 0, 0));
  t.charge(B, 10);  // own count: 290
  EXPECT_EQ(t.set_left(B, 290.5, 0), "");
  EXPECT_NE(t.set_left(B, 250, 0).find("replaces the engine's own count of 290"), std::string::npos);
  EXPECT_NEAR(t.state(B).main_left, 250, 1e-9);
  EXPECT_EQ(t.set_left(W, 300, 0), "");  // a colour the engine never played: kept all the same
  t.set_left(B, 0, 0);  // zero time left: the shortest budget, at once
  EXPECT_LE(t.budget(B, 100, k19).maximum, 0.05 + 1e-9);
  t.set_left(B, -3, 0);  // negative: the same
  EXPECT_LE(t.budget(B, 100, k19).maximum, 0.05 + 1e-9);
  TimeControl none;
  EXPECT_NE(none.set_left(B, 30, 0), "");  // no clock set: ignored, and said so
  EXPECT_FALSE(none.limited());
}

TEST(TimeControl, TheLagMarginFollowsTheMeasuredLag) {
  TimeControl t;
  EXPECT_EQ(t.lag_margin(), TimeControl::kInitialLagSeconds);
  t.record_lag(0.01);
  EXPECT_EQ(t.lag_margin(), TimeControl::kMinLagSeconds);  // never under the floor
  t.record_lag(0.4);  // a loaded machine: twice the worst recent lag
  EXPECT_NEAR(t.lag_margin(), 0.8, 1e-9);
  for (int i = 0; i < TimeControl::kLagMoves; ++i) t.record_lag(0.01);
  EXPECT_EQ(t.lag_margin(), TimeControl::kMinLagSeconds);  // the old stall has left the window
  t.set(ClockSettings::from_gtp(0, 10, 1));
  t.record_lag(1.0);
  EXPECT_LE(t.budget(B, 0, k19).maximum, 10 - 2.0 + 1e-9);
}

}  // namespace
}  // namespace tengen::mcts
