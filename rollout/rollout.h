// RolloutPlayer: plays fast rollouts with the rollout policy p_π (docs/ROLLOUT.md).
//
// Each move is sampled from p(a) ∝ exp(w·φ(a)) over the side to move's "playout moves" (legal under
// simple ko and not filling an own single-point eye, as in random playouts); pass when there is none.
// The 3x3 part of every point's weight is cached as exp(w) for both colours and refreshed only at the
// points whose 3x3 code the last move changed (PatternBoard::changed); the features that depend on
// the last move (response, neighbour, save-atari, vital point) touch at most ~30 points and are added on
// top. The distribution is exactly the softmax of PatternPolicy::score over those moves
// (tests/rollout/rollout_test.cpp checks it).
// With `refuse_self_atari` = k > 0 (not the paper's: a Pachi/Fuego-style playout rule), a sampled
// move that captures nothing and leaves k or more stones in atari is struck out and the draw
// repeated, so a rollout does not throw away big groups or break a seki; the distribution is then
// the softmax restricted to the other moves, and a side passes when only such moves are left.
// A killing sacrifice (engine/nakade.h: a dead shape inside an opponent group with no other
// liberty) is never struck out: refusing it would let every such dead group live.
// Contract: no heap allocation after construction; simple ko only (as in every playout engine); a
// rollout ends after two consecutive passes or max_moves.
// Thread-safety: one RolloutPlayer per thread; the PatternPolicy it reads is shared and immutable.
#pragma once

#include <array>
#include <cstdint>

#include "engine/pattern_board.h"
#include "engine/fast_rng.h"
#include "rollout/pattern_policy.h"

namespace tengen::nn {

class RolloutPlayer {
 public:
  RolloutPlayer(const PatternPolicy& policy, uint64_t seed, int refuse_self_atari = 0);

  // Starts from `board`; `last` and `second_last` are the moves that led to it (kNoPoint if none).
  void reset(const Board& board, Point last = kNoPoint, Point second_last = kNoPoint);
  const PatternBoard& state() const { return pb_; }

  // Samples the next move for the side to move (kPass when no playout move is left).
  Point choose();
  void play(Point p);

  struct Result {
    int moves = 0;            // moves played, passes included
    int area_difference = 0;  // black area - white area at the end (no komi)
  };
  // Plays to the end from the current state.
  Result run(int max_moves);

  // The probability choose() gives each point (0 for others): for tests and analysis.
  void move_probabilities(std::array<float, kPadded>& out) const;

 private:
  void refresh_cache(Point q);
  // Fills weight_ for every empty point and returns their sum.
  double weigh_moves(const LocalContext& ctx) const;

  const PatternPolicy& policy_;
  FastRng rng_;
  int refuse_self_atari_;
  PatternBoard pb_;
  std::array<std::array<float, kPadded>, 2> exp3_;  // exp(3x3 weight) per point, for Black / White to move
  mutable std::array<float, kPadded> weight_;  // scratch: unnormalised probability per point
};

}  // namespace tengen::nn
