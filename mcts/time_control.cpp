#include "mcts/time_control.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tengen::mcts {

namespace {

constexpr double kShortestMove = 0.05;  // seconds: a budget is never below this
constexpr double kMaxLagMargin = 5.0;   // one stalled move must not starve the rest of the game

std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, s < 10 ? "%.1f s" : "%.0f s", s);
  return b;
}

}  // namespace

ClockSettings ClockSettings::from_gtp(double main_time, double byo_yomi_time, int byo_yomi_stones) {
  ClockSettings s;
  if (byo_yomi_time > 0 && byo_yomi_stones == 0) return s;  // the GTP spec: no time limit
  s.main_time = main_time;
  if (byo_yomi_time <= 0) {
    s.system = ClockSystem::kAbsolute;
  } else {
    s.system = ClockSystem::kCanadian;
    s.period_time = byo_yomi_time;
    s.stones = byo_yomi_stones;
  }
  return s;
}

std::string ClockSettings::describe() const {
  switch (system) {
    case ClockSystem::kNone: return "no clock";
    case ClockSystem::kAbsolute: return "absolute: " + seconds_text(main_time);
    case ClockSystem::kCanadian:
      return "Canadian: " + seconds_text(main_time) + " main, then " + std::to_string(stones) + " stones in " +
             seconds_text(period_time);
    case ClockSystem::kByoYomi:
      return "byo-yomi: " + seconds_text(main_time) + " main, " + std::to_string(periods) + " periods of " +
             seconds_text(period_time);
    case ClockSystem::kFischer:
      return "Fischer: " + seconds_text(main_time) + " main, +" + seconds_text(increment) + " a move" +
             (main_cap > 0 ? ", main capped at " + seconds_text(main_cap) : "") +
             (max_per_move > 0 ? ", at most " + seconds_text(max_per_move) + " a move" : "");
  }
  return "";
}

void TimeControl::set(const ClockSettings& settings) {
  settings_ = settings;
  for (ClockState& s : clock_) s = ClockState{settings.main_time, false, 0, 0, 0};
  // A clock with no main time starts in overtime.
  if (settings.main_time <= 0 && (settings.system == ClockSystem::kCanadian || settings.system == ClockSystem::kByoYomi))
    for (ClockState& s : clock_) s = ClockState{0, true, settings.period_time, settings.stones, settings.periods};
}

std::string TimeControl::set_left(Color c, double seconds, int count) {
  if (c != Color::kBlack && c != Color::kWhite) return "";
  if (!limited()) return "time_left without a clock (time_settings): ignored";
  seconds = std::max(0.0, seconds);  // zero or negative: no time left, answer at once
  ClockState& s = clock_[color_index(c)];
  const bool counted_overtime = count > 0 && (settings_.system == ClockSystem::kCanadian || settings_.system == ClockSystem::kByoYomi);
  const double own = counted_overtime == s.overtime ? (s.overtime ? s.period_left : s.main_left) : -1;
  if (counted_overtime) {
    s = ClockState{0, true, seconds, settings_.system == ClockSystem::kCanadian ? count : 0,
                   settings_.system == ClockSystem::kByoYomi ? count : 0};
  } else {
    s = ClockState{seconds, false, 0, 0, 0};
  }
  if (own >= 0 && std::abs(own - seconds) <= 1.0) return "";
  return std::string("time_left ") + color_name(c) + ": the controller's " + seconds_text(seconds) +
         (own < 0 ? " (another phase of the clock)" : "") + " replaces the engine's own count" +
         (own >= 0 ? " of " + seconds_text(own) : "");
}

void TimeControl::charge_overtime(ClockState& s, double seconds) const {
  if (settings_.system == ClockSystem::kCanadian) {
    s.period_left = std::max(0.0, s.period_left - seconds);
    if (--s.stones_left <= 0) s = ClockState{0, true, settings_.period_time, settings_.stones, 0};
    return;
  }
  // Byo-yomi: a move that overran its period used it up, and maybe the next ones.
  while (seconds > s.period_left && s.periods_left > 0) {
    seconds -= s.period_left;
    s.period_left = settings_.period_time;
    --s.periods_left;
  }
  s.period_left = settings_.period_time;  // the period starts afresh for the next move
}

void TimeControl::charge(Color c, double seconds) {
  if (!limited() || (c != Color::kBlack && c != Color::kWhite)) return;
  ClockState& s = clock_[color_index(c)];
  seconds = std::max(0.0, seconds);
  if (s.overtime) return charge_overtime(s, seconds);
  s.main_left -= seconds;
  if (settings_.system == ClockSystem::kFischer) {
    s.main_left += settings_.increment;
    if (settings_.main_cap > 0) s.main_left = std::min(s.main_left, settings_.main_cap);
  }
  if (s.main_left >= 0) return;
  const double over = -s.main_left;
  s.main_left = 0;
  if (settings_.system != ClockSystem::kCanadian && settings_.system != ClockSystem::kByoYomi) return;  // lost on time
  s = ClockState{0, true, settings_.period_time, settings_.stones, settings_.periods};
  charge_overtime(s, over);
}

MoveBudget TimeControl::main_time_budget(const ClockState& s, double share, double margin) const {
  double planned = share, hard = s.main_left - margin;
  const ClockSettings& k = settings_;
  if (k.system == ClockSystem::kCanadian && k.stones > 0) {
    planned += 0.8 * k.period_time / k.stones;  // overtime follows: its share can be used now
    hard = s.main_left + k.period_time / k.stones - margin;
  } else if (k.system == ClockSystem::kByoYomi && k.periods > 0) {
    planned += 0.8 * k.period_time;  // a move that spills into the first period keeps it
    hard = s.main_left + k.period_time - margin;
  } else if (k.system == ClockSystem::kFischer) {
    planned += 0.8 * k.increment;
    if (k.max_per_move > 0) hard = std::min(hard, k.max_per_move - margin);
  }
  MoveBudget b;
  b.maximum = std::max(kShortestMove, std::min(hard, params_.extend * planned));
  b.planned = std::max(kShortestMove, std::min(planned, b.maximum));
  b.clock = "main " + seconds_text(s.main_left);
  return b;
}

MoveBudget TimeControl::overtime_budget(const ClockState& s, double margin) const {
  MoveBudget b;
  double planned, hard;
  if (settings_.system == ClockSystem::kCanadian) {
    const int stones = std::max(1, s.stones_left);
    planned = 0.85 * s.period_left / stones;
    // Leave every later stone of the period at least the margin and a little search.
    hard = s.period_left - margin - (stones - 1) * (margin + kShortestMove);
    b.clock = "Canadian " + std::to_string(stones) + " stones in " + seconds_text(s.period_left);
  } else {
    planned = 0.8 * s.period_left;  // never more than one period: the others are a reserve
    hard = s.period_left - margin;
    b.clock = "byo-yomi " + std::to_string(s.periods_left) + " x " + seconds_text(s.period_left);
  }
  b.maximum = std::max(kShortestMove, hard);
  b.planned = std::max(kShortestMove, std::min(planned, b.maximum));
  return b;
}

MoveBudget TimeControl::budget(Color c, int moves_played, int board_points) const {
  if (!limited() || (c != Color::kBlack && c != Color::kWhite)) return MoveBudget{0, 0, "no clock"};
  const ClockState& s = clock_[color_index(c)];
  const double margin = lag_margin();
  if (s.overtime) return overtime_budget(s, margin);
  // Moves still to play for this side: a game lasts about 0.9 moves per point (both sides); never
  // plan for fewer than 20 more of ours, so the main time is not spent early.
  const double left = std::max(20.0, (0.9 * board_points - moves_played) / 2.0);
  // Less in the opening, where the policy alone plays well (Leela Zero and KataGo do the same).
  const double opening_moves = params_.opening_fraction * board_points;
  const double ramp = moves_played < opening_moves
                          ? params_.opening_factor + (1 - params_.opening_factor) * moves_played / opening_moves
                          : 1.0;
  return main_time_budget(s, params_.spend * s.main_left / left * ramp, margin);
}

void TimeControl::record_lag(double seconds) {
  lags_.push_back(std::max(0.0, seconds));
  while (static_cast<int>(lags_.size()) > kLagMoves) lags_.pop_front();
}

double TimeControl::lag_margin() const {
  if (lags_.empty()) return kInitialLagSeconds;
  const double worst = *std::max_element(lags_.begin(), lags_.end());
  return std::clamp(2 * worst, kMinLagSeconds, kMaxLagMargin);
}

}  // namespace tengen::mcts
