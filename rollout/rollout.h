// RolloutPlayer: plays fast rollouts with the rollout policy p_π (docs/ROLLOUT.md).
//
// Each move is sampled from p(a) ∝ exp(w·φ(a)) over the side to move's "playout moves" (legal under
// simple ko and not filling an own single-point eye, as in random playouts); pass when there is none.
// Each point's base weight — exp(w) of its 3x3 pattern if it is a playout move for that colour, ko
// aside, else 0 — is cached for both colours and refreshed only at the points whose 3x3 code the
// last move changed (PatternBoard::changed; the code holds every input of the playout-move test,
// engine/patterns.h is_playout_code3), the played point and the captured stones. Each board row
// keeps the sum of its base weights, in a double, changed by each point's change (exact: no drift).
// A draw then costs O(rows + row length + local points) instead of a pass over every empty point:
// the features that depend on the last move (response, neighbour, save-atari, vital point) touch
// at most ~30 points, which (with the ko point) are taken out of their rows and weighed apart; a
// uniform number picks the local set or a row, then a point in it. The distribution is exactly the
// softmax of PatternPolicy::score over the playout moves (tests/rollout/rollout_test.cpp checks it).
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
#include <memory>

#include "engine/pattern_board.h"
#include "engine/fast_rng.h"
#include "rollout/pattern_policy.h"

namespace tengen::nn {

class RolloutPlayer {
 public:
  RolloutPlayer(const PatternPolicy& policy, uint64_t seed, int refuse_self_atari = 0);
  ~RolloutPlayer();

  // Starts from `board`; `last` and `second_last` are the moves that led to it (kNoPoint if none).
  void reset(const Board& board, Point last = kNoPoint, Point second_last = kNoPoint);
  const PatternBoard& state() const { return pb_; }

  // The search's root: save_root() keeps the current state; restore_root() returns to it, after
  // which the tree's moves to a leaf are play()ed. A copy of ~15 KB instead of reset()'s re-reading
  // of every point (docs/BENCHMARKS.md, "Rollout speed"). save_root() allocates, once per player.
  // A state reached so carries the last tree move's captures (reset() starts with none), as
  // the vital-point feature expects.
  void save_root();
  void restore_root();

  // Samples the next move for the side to move (kPass when no playout move is left).
  Point choose();
  // The move choose()'s first draw takes for the uniform number u in [0, 1) (kPass when none):
  // each move owns an interval of u as long as its probability. For tests.
  Point choose_at(double u);
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
  // One draw's distribution: the local points (those whose weight differs from the base weight:
  // local features, the ko point, struck-out moves) with their weights, and the row sums without them.
  struct Draw {
    int n = 0;
    std::array<Point, kMaxPoints + 32> point;
    std::array<float, kMaxPoints + 32> weight;
    double local_total = 0;
    std::array<double, kMaxSize> row{};
    double total = 0;
  };

  void refresh(Point q);
  void sum_rows();
  // Fills draw_ for the side to move.
  void prepare_draw(const LocalContext& ctx) const;
  void add_local(Point p, float weight) const;
  // The point at r in [0, draw_.total): local points first, then rows top to bottom.
  Point pick(double r) const;
  float local_weight(Point p) const;  // p must be a local point of draw_

  struct Snapshot;

  const PatternPolicy& policy_;
  FastRng rng_;
  int refuse_self_atari_;
  PatternBoard pb_;
  int size_ = kMaxSize;
  // exp(3x3 weight) for both colours by code, direct-mapped: the policy's table (~2.5 MB) sits in
  // the last-level cache, these 48 KiB near the core, and a rollout meets a few thousand codes.
  struct Exp3Entry {
    uint32_t code = ~0u;  // no 24-bit code
    float exp[2] = {0.0f, 0.0f};
  };
  static constexpr int kExp3CacheBits = 14;
  const Exp3Entry& exp3(uint32_t code);

  // The same for the response patterns' weights (PatternPolicy::response_weight) by key.
  struct ResponseEntry {
    uint64_t key = ~0ull;  // no 37-bit key
    float weight = 0.0f;
  };
  static constexpr int kResponseCacheBits = 14;
  float response_weight(uint64_t key) const;

  std::array<Exp3Entry, 1 << kExp3CacheBits> exp3_cache_{};
  mutable std::array<ResponseEntry, 1 << kResponseCacheBits> response_cache_{};
  std::array<std::array<float, kPadded>, 2> base_;       // base weight per point, for Black / White to move
  std::array<std::array<double, kMaxSize>, 2> row_sum_;  // the sums of base_ over each row
  std::unique_ptr<Snapshot> root_;                        // save_root()'s copy
  mutable Draw draw_;                                     // scratch of choose() and move_probabilities()
  mutable std::array<uint32_t, kPadded> local_stamp_{};   // == stamp_: a local point of draw_
  mutable uint32_t stamp_ = 0;
};

}  // namespace tengen::nn
