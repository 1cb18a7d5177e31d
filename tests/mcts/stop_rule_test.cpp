// The clock's stop rule (mcts/stop_rule.h) on snapshots of a root race.
#include <gtest/gtest.h>

#include "mcts/stop_rule.h"

namespace tengen::mcts {
namespace {

RootRace race(int64_t best, int64_t second, int candidates = 10) {
  RootRace r;
  r.best_visits = best;
  r.second_visits = second;
  r.candidates = candidates;
  return r;
}

const ClockLimits kClock{10.0, 20.0, true};

TEST(StopRule, ALeadTheRestOfThePlannedTimeCannotCloseStopsEarly) {
  // 1,000 simulations in 1 s: 9,000 more by the planned 10 s. (The visits include a reused tree's.)
  EXPECT_EQ(clock_stop(kClock, 1.0, 1000, race(9700, 800)), StopReason::kNotYet);  // a lead of 8,900: catchable
  EXPECT_EQ(clock_stop(kClock, 1.0, 1000, race(9700, 100)), StopReason::kCannotBeOvertaken);  // 9,600: not
  EXPECT_EQ(clock_stop(kClock, 5.0, 5000, race(3000, 1500)), StopReason::kNotYet);
}

TEST(StopRule, OneMoveToConsiderStopsOnceAFewSimulationsAreIn) {
  EXPECT_EQ(clock_stop(kClock, 0.01, 10, race(10, 0, 1)), StopReason::kNotYet);  // too few to know
  EXPECT_EQ(clock_stop(kClock, 0.05, 40, race(40, 0, 1)), StopReason::kOnlyMove);
}

TEST(StopRule, AtThePlannedTimeAnUnsureRaceGoesOnToTheMaximum) {
  EXPECT_EQ(clock_stop(kClock, 10.0, 10000, race(5000, 4000)), StopReason::kNotYet);  // close: extend
  EXPECT_EQ(clock_stop(kClock, 10.0, 10000, race(6000, 2000)), StopReason::kPlannedTime);  // clear
  RootRace late = race(6000, 2000);
  late.since_best_changed = 1.0;  // the leader changed in the last quarter of the plan
  EXPECT_EQ(clock_stop(kClock, 10.0, 10000, late), StopReason::kNotYet);
  RootRace better_q = race(6000, 2000);
  better_q.best_q = 0.1;
  better_q.second_q = 0.2;  // a well-visited move with a clearly better Q
  EXPECT_EQ(clock_stop(kClock, 10.0, 10000, better_q), StopReason::kNotYet);
  EXPECT_EQ(clock_stop(kClock, 20.0, 20000, race(5000, 4900)), StopReason::kMaximumTime);
}

TEST(StopRule, WithoutEarlyStopThePlannedTimeIsTheLimit) {
  const ClockLimits fixed{10.0, 20.0, false};
  EXPECT_EQ(clock_stop(fixed, 1.0, 1000, race(9700, 100, 1)), StopReason::kNotYet);
  EXPECT_EQ(clock_stop(fixed, 10.0, 10000, race(5000, 4900)), StopReason::kPlannedTime);
  EXPECT_EQ(clock_stop(ClockLimits{}, 100.0, 10, race(1, 0)), StopReason::kNotYet);  // no clock
}

}  // namespace
}  // namespace tengen::mcts
