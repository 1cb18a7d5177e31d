#include "mcts/time_control.h"

#include <algorithm>

namespace tengen::mcts {

void TimeControl::set(double main_time, double byo_yomi_time, int byo_yomi_stones) {
  main_time_ = std::max(0.0, main_time);
  byo_time_ = std::max(0.0, byo_yomi_time);
  byo_stones_ = std::max(0, byo_yomi_stones);
  limited_ = !(byo_time_ > 0 && byo_stones_ == 0);
  for (ClockState& s : clock_) s = ClockState{main_time_, byo_time_, main_time_ > 0 ? 0 : byo_stones_};
}

void TimeControl::set_left(Color c, double seconds, int stones) {
  if (c != Color::kBlack && c != Color::kWhite) return;
  ClockState& s = clock_[color_index(c)];
  if (stones > 0) {
    s.main_left = 0;
    s.period_left = std::max(0.0, seconds);
    s.stones_left = stones;
  } else {
    s.main_left = std::max(0.0, seconds);
    s.stones_left = 0;
  }
}

double TimeControl::budget(Color c, int moves_played, int board_points) const {
  if (!limited_ || (c != Color::kBlack && c != Color::kWhite)) return 0;
  const ClockState& s = clock_[color_index(c)];
  // Moves still to play for this side: a game lasts about 0.9 moves per point (both sides);
  // never plan for fewer than 20 more of ours, so the main time is not spent early.
  const double left = std::max(20.0, (0.9 * board_points - moves_played) / 2.0);
  double t;
  if (s.stones_left > 0) {
    t = 0.9 * s.period_left / s.stones_left;  // in byo-yomi: an even share of the period
  } else {
    t = std::min(s.main_left, spend_ * s.main_left / left);
    if (byo_time_ > 0 && byo_stones_ > 0) t += 0.8 * byo_time_ / byo_stones_;  // byo-yomi follows: use it
  }
  return std::max(0.05, t - kLagSeconds);
}

}  // namespace tengen::mcts
