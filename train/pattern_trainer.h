// Training and evaluation of the rollout and tree policies on dataset games (docs/ROLLOUT.md).
//
// Training has two phases:
//   1. harvest: count every pattern (3x3, response and, for the tree policy, diamond) around every
//      legal candidate move of `harvest_positions` positions, merge the counts by canonical key
//      (colour-relative, 8 symmetries) and keep those seen at least `min_count` times: the dictionaries;
//   2. fit: maximum likelihood of the played move under the linear softmax over all legal moves,
//      AdaGrad (per-feature step sizes suit sparse binary features far better than plain SGD),
//      `epochs` passes over `positions` positions of the games in a seeded shuffled order.
// Deterministic for a given seed, games and options. Single-threaded (a few µs per position).
// Thread-safety: free functions on values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "rollout/pattern_policy.h"
#include "nn/policy_eval.h"

namespace tengen::nn {

// Calls fn(pattern board, played move, 1-based move number) before every stone move of a game,
// replayed from its set-up stones. Stops quietly at the first move that does not fit (a colour out
// of turn, an illegal move): the dataset builder has already rejected such games.
void for_each_position(const GameRecord& game, const std::function<void(const PatternBoard&, Point, int)>& fn);

struct PatternTrainOptions {
  PatternPolicyKind kind = PatternPolicyKind::kRollout;
  int64_t harvest_positions = 1'000'000;
  int min_count = 10;
  int64_t positions = 2'000'000;  // per epoch
  int epochs = 2;
  double learning_rate = 0.05;
  uint64_t seed = 1;
};

struct PatternTrainProgress {
  const char* phase = "";  // "harvest" or "fit"
  int epoch = 0;
  int64_t done = 0, total = 0;
  double mean_loss = 0, accuracy = 0;  // over the positions of this epoch so far ("fit")
};

PatternPolicy train_pattern_policy(const std::vector<GameRecord>& games, const PatternTrainOptions& options,
                                   const std::function<void(const PatternTrainProgress&)>& progress);

// Move prediction of a pattern policy on every position of the games (or the first max_positions),
// softmax over all legal moves: the numbers `tengen eval rollout` prints.
PolicyEvalStats evaluate_pattern_policy(const PatternPolicy& policy, const std::vector<GameRecord>& games,
                                        int64_t max_positions = -1);

}  // namespace tengen::nn
