// TimeControl: how long to think about one move under the game's clock, kept per colour.
//
// Clocks (docs/USAGE.md, "Clocks"): none; absolute (main time only); Canadian (main time, then N
// stones in every period of T seconds); Japanese byo-yomi (main time, then P periods of T seconds: a
// move made within a period keeps it, one that overruns it uses it up); Fischer (main time, and an
// increment added after every move, optionally capped). GTP's time_settings gives absolute and
// Canadian, kgs-time_settings adds byo-yomi, kata-time_settings adds Fischer. time_left sets a
// clock from the controller (for byo-yomi its count is the periods left: kgsGtp's convention); the
// engine also keeps its own count (charge) for controllers that never send time_left.
//
// The budget of a move (MoveBudget): `planned`, what the search aims at: `spend` times an even share
// of the main time over the moves likely left, less in the opening, plus most of a Canadian period's
// share or of one byo-yomi period; and `maximum`, the hard limit the search never passes even when
// it is unsure (mcts/search.h, SearchLimits): what the clock allows without losing on time or
// using up a byo-yomi period (the periods are a reserve), less the lag margin. The lag margin is
// measured: twice the largest of the recent moves' lag (the time a move took beyond its search: the
// GTP pipe, network answers in flight, tree teardown), never under kMinLagSeconds.
// Thread-safety: a plain value.
#pragma once

#include <array>
#include <deque>
#include <string>

#include "engine/types.h"

namespace tengen::mcts {

enum class ClockSystem { kNone, kAbsolute, kCanadian, kByoYomi, kFischer };

struct ClockSettings {
  ClockSystem system = ClockSystem::kNone;
  double main_time = 0;     // seconds
  double period_time = 0;   // Canadian: one overtime period; byo-yomi: each period
  int stones = 0;           // Canadian: stones to play in each period
  int periods = 0;          // byo-yomi: how many periods
  double increment = 0;     // Fischer: seconds added after each move
  double main_cap = 0;      // Fischer-capped: the main time never grows beyond this (0: no cap)
  double max_per_move = 0;  // Fischer-capped: no move may take longer (0: no limit)

  // GTP time_settings main byo_yomi_time byo_yomi_stones: absolute when byo_yomi_time is 0, no limit
  // when byo_yomi_time > 0 and byo_yomi_stones is 0 (the GTP spec), else Canadian.
  static ClockSettings from_gtp(double main_time, double byo_yomi_time, int byo_yomi_stones);
  // "byo-yomi: 120 s main, 3 periods of 10 s", for the per-move summary and errors.
  std::string describe() const;
};

// One colour's clock.
struct ClockState {
  double main_left = 0;     // seconds of main time left
  bool overtime = false;    // main time is spent (Canadian or byo-yomi)
  double period_left = 0;   // in overtime: seconds left in the current period
  int stones_left = 0;      // Canadian overtime: stones still to play in this period
  int periods_left = 0;     // byo-yomi: periods left (the current one included)
};

// The time-management parameters (`tengen gtp --time-*`, docs/TUNING.md).
struct TimeParams {
  double spend = 1.0;           // main time: this many times an even share of what is left
  double opening_factor = 0.6;  // the first move gets this share of a later one, rising to 1 ...
  double opening_fraction = 0.1;  // ... over this fraction of the board's points in moves (36 on 19x19)
  double extend = 2.0;          // an unsure search may run to this many times its planned time
  bool early_stop = true;       // stop once the best move cannot be overtaken in the time left
};

struct MoveBudget {
  double planned = 0;   // seconds the search aims at (0: no clock)
  double maximum = 0;   // seconds it must never pass
  std::string clock;    // the clock in words: "main 312 s", "byo-yomi 2 periods of 10 s"
};

class TimeControl {
 public:
  void set(const ClockSettings& settings);  // both clocks start afresh
  const ClockSettings& settings() const { return settings_; }
  bool limited() const { return settings_.system != ClockSystem::kNone; }
  void set_params(const TimeParams& p) { params_ = p; }
  const TimeParams& params() const { return params_; }

  // GTP time_left colour seconds count: `count` is 0 in main time, else the stones left in the
  // Canadian period or the byo-yomi periods left. The controller's word wins; the text returned
  // names a disagreement with the engine's own count of more than a second ("" when none).
  std::string set_left(Color c, double seconds, int count);
  // The engine's own count: `c` spent `seconds` on a move (main time first, then overtime; a Fischer
  // clock gains its increment).
  void charge(Color c, double seconds);
  const ClockState& state(Color c) const { return clock_[color_index(c)]; }

  // The budget for `c`'s move number `moves_played` + 1 on a board of `board_points` points.
  MoveBudget budget(Color c, int moves_played, int board_points) const;

  // A move's lag: its wall time from command to answer less its search time.
  void record_lag(double seconds);
  double lag_margin() const;
  static constexpr double kMinLagSeconds = 0.25;
  static constexpr double kInitialLagSeconds = 0.5;  // the margin before any move was measured
  static constexpr int kLagMoves = 16;               // the lag window: the margin follows the load

 private:
  MoveBudget main_time_budget(const ClockState& s, double share, double margin) const;
  MoveBudget overtime_budget(const ClockState& s, double margin) const;
  void charge_overtime(ClockState& s, double seconds) const;

  ClockSettings settings_;
  TimeParams params_;
  std::array<ClockState, 2> clock_{};
  std::deque<double> lags_;
};

}  // namespace tengen::mcts
