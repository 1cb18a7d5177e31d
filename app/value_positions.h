// The positions `tengen train value` learns from, assembled from its flags (docs/TRAINING.md):
// self-play value records (and every Nth position of whole self-play games) and K positions of each
// decided human game of a dataset folder, split by game; optionally with the final owner of every
// point of the human games that were counted to the end, for the ownership head.
// Thread-safety: a free function; prints what it took and skipped to stderr.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/data_loader.h"

namespace tengen::app {

struct ValuePositionOptions {
  std::vector<std::string> selfplay;  // folders or value-*.tgd.zst files ("" none)
  int val_per_mille = 50;             // the self-play share held out, by game id
  int game_stride = 0;                // also every Nth position of whole self-play games (0: none)
  std::string human_data;             // a `tengen dataset build` folder ("" none)
  int per_game = 8;                   // positions per decided human game
  uint64_t seed = 1;
  // Final owners for the ownership head: the last position of each human game whose result has a
  // margin, dead strings judged by `owner_rollouts` rollouts with the shipped rollout policy
  // (mcts/ownership.h). Resigned, timed-out and self-play records get none (masked).
  bool final_owners = false;
  int owner_rollouts = 8;
};

struct ValuePositions {
  std::shared_ptr<const nn::PositionIndex> train, val;
};

// Throws nn::DatasetError when a split would be empty or an input cannot be read.
ValuePositions load_value_positions(const ValuePositionOptions& options);

}  // namespace tengen::app
