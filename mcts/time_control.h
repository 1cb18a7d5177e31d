// TimeControl: how long to think about one move under the game's clock (GTP time_settings /
// time_left, KGS byo-yomi), kept per colour. Covers absolute time, Canadian byo-yomi (N stones in
// T seconds; Japanese byo-yomi is treated as Canadian with one stone per period, using only one
// period) and no limit. The budget spreads the main time over the moves likely left and never
// plans to use more than a fraction of a byo-yomi period, keeping a safety margin for network lag.
// Thread-safety: a plain value.
#pragma once

#include <array>

#include "engine/types.h"

namespace tengen::mcts {

struct ClockState {
  double main_left = 0;      // seconds of main time left
  double period_left = 0;    // seconds left in the current byo-yomi period (when in byo-yomi)
  int stones_left = 0;       // stones to play in that period (0: still in main time)
};

class TimeControl {
 public:
  // GTP time_settings: main_time, byo_yomi_time, byo_yomi_stones. Per the GTP spec, byo_yomi_time > 0
  // with byo_yomi_stones = 0 means no time limit; byo_yomi_time = 0 means absolute time.
  void set(double main_time, double byo_yomi_time, int byo_yomi_stones);
  // GTP time_left colour time stones (stones = 0: main time).
  void set_left(Color c, double seconds, int stones);
  bool limited() const { return limited_; }
  // Seconds to spend on this move for `c`; `moves_played` and `board_points` estimate the moves left.
  double budget(Color c, int moves_played, int board_points) const;
  // Main-time share: each move in main time gets `spend` times an even split of what is left over
  // the moves likely left (1: even; above 1 spends more early). Tunable (`--time-spend`, docs/TUNING.md).
  void set_spend(double spend) { spend_ = spend; }
  double spend() const { return spend_; }
  // Safety margin subtracted from every budget (GUI and network lag).
  static constexpr double kLagSeconds = 0.5;

 private:
  bool limited_ = false;
  double main_time_ = 0, byo_time_ = 0, spend_ = 1.0;
  int byo_stones_ = 0;
  std::array<ClockState, 2> clock_{};
};

}  // namespace tengen::mcts
