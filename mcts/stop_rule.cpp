#include "mcts/stop_rule.h"

namespace tengen::mcts {

namespace {

// Below this many simulations nothing is known yet: no early stop on noise.
constexpr int64_t kMinSimulations = 32;
// "Nearly as many visits": the second move within this share of the first.
constexpr double kCloseVisits = 0.6;
// "Clearly better Q": by this much, on a move with at least kWellVisited of the best's visits.
constexpr double kBetterQ = 0.03;
constexpr double kWellVisited = 0.25;
// "Changed late": within this share of the planned time.
constexpr double kLateChange = 0.25;

}  // namespace

const char* stop_reason_text(StopReason r) {
  switch (r) {
    case StopReason::kNotYet: return "running";
    case StopReason::kVisits: return "visit limit";
    case StopReason::kPlannedTime: return "planned time";
    case StopReason::kExtendedTime: return "extended time: the race stayed close";
    case StopReason::kMaximumTime: return "maximum time";
    case StopReason::kCannotBeOvertaken: return "early: the best move cannot be overtaken";
    case StopReason::kOnlyMove: return "early: only one move to consider";
    case StopReason::kStopped: return "stopped";
  }
  return "";
}

bool race_unsure(const RootRace& race, double planned) {
  if (race.best_visits <= 0) return true;
  if (race.second_visits >= kCloseVisits * race.best_visits) return true;
  if (race.second_visits >= kWellVisited * race.best_visits && race.second_q > race.best_q + kBetterQ) return true;
  return race.since_best_changed < kLateChange * planned;
}

StopReason clock_stop(const ClockLimits& limits, double elapsed, int64_t simulations, const RootRace& race) {
  if (limits.planned <= 0) return StopReason::kNotYet;
  const double maximum = limits.maximum > limits.planned ? limits.maximum : limits.planned;
  if (elapsed >= maximum) return maximum > limits.planned ? StopReason::kMaximumTime : StopReason::kPlannedTime;
  const bool settled = simulations >= kMinSimulations;
  if (limits.early_stop && settled) {
    if (race.candidates <= 1) return StopReason::kOnlyMove;
    // The simulations still to come by the planned time (or by the maximum once past it), all
    // given to the second move, could not close the gap.
    const double horizon = elapsed < limits.planned ? limits.planned : maximum;
    const double rate = elapsed > 0 ? simulations / elapsed : 0;
    if (rate > 0 && static_cast<double>(race.best_visits - race.second_visits) > rate * (horizon - elapsed))
      return StopReason::kCannotBeOvertaken;
  }
  if (elapsed < limits.planned) return StopReason::kNotYet;
  if (limits.early_stop && maximum > limits.planned && race_unsure(race, limits.planned)) return StopReason::kNotYet;
  return StopReason::kPlannedTime;  // the caller names it kExtendedTime when it went on past planned
}

}  // namespace tengen::mcts
