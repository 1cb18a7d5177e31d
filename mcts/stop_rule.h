// StopRule: when a search under a clock ends (docs/SEARCH.md, "Time management").
//   - never past `maximum`, the clock's hard limit (mcts/time_control.h);
//   - before `planned`, as soon as the best root move cannot be overtaken: its lead in visits over
//     the second is more than the simulations the planned time left can still give (Leela Zero's
//     and KataGo's rule), or there is only one move to consider;
//   - at `planned`, unless the search is unsure — the second move has nearly as many visits, a
//     well-visited move has a clearly better Q than the most visited, or the best move changed in
//     the last quarter of the planned time — then on to `maximum` while it stays unsure.
// Pure functions of a snapshot of the root. Thread-safety: none needed.
#pragma once

#include <cstdint>

namespace tengen::mcts {

// The two leading root moves, by visits.
struct RootRace {
  int64_t best_visits = 0, second_visits = 0;
  double best_q = 0, second_q = 0;     // for the side to move
  int candidates = 0;                  // root moves with a prior or a visit worth considering
  double since_best_changed = 1e9;     // seconds since the most visited move last changed
};

enum class StopReason { kNotYet, kVisits, kPlannedTime, kExtendedTime, kMaximumTime, kCannotBeOvertaken, kOnlyMove, kStopped };
const char* stop_reason_text(StopReason r);  // "cannot be overtaken", ...

struct ClockLimits {
  double planned = 0;    // seconds the search aims at (0: no clock)
  double maximum = 0;    // seconds never passed (0: planned)
  bool early_stop = false;
};

// Whether a search that ran `elapsed` seconds and `simulations` simulations stops now.
StopReason clock_stop(const ClockLimits& limits, double elapsed, int64_t simulations, const RootRace& race);

// Whether the race is too close to stop at the planned time.
bool race_unsure(const RootRace& race, double planned);

}  // namespace tengen::mcts
