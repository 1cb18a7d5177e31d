// Self-play games with the search choosing every move (selfplay mode "search").
//
// A game keeps one mcts::Search (one search thread, the game's seed, the tree reused between
// moves) and plays `visits` simulations per move. The move is chosen among the side to move's
// playable moves (legal, not filling an own single-point eye), as in selfplay/policy_game.h: for the
// first `sample_moves` moves with probability ∝ visits^(1/temperature) (temperature <= 0: the
// most visited), later the most visited. A side passes only when no playable move is left, so games
// are played out and the area score is the true result. Why not the search's own pass: with few
// visits it passes with dead stones on the board, and the record's result would be wrong.
// Determinism: with an evaluator whose answers depend only on the position, game i is a pure
// function of seeds[i] (the search is deterministic with one thread and a fixed seed).
// Thread-safety: play_search_games runs `threads` worker threads, each playing whole games; the
// evaluator and pattern policies are shared (they are thread-safe). on_move is called from the
// workers (it must be thread-safe) and may throw to abandon every game; the first exception is
// rethrown on the calling thread after all workers have stopped.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mcts/search_params.h"
#include "nn/evaluator.h"
#include "rollout/pattern_policy.h"
#include "selfplay/policy_game.h"

namespace tengen::selfplay {

struct SearchGameOptions {
  int board_size = 19;
  double komi = 7.5;
  int max_moves = 0;          // 0: 3 x size x size (the game is then void: winner 0)
  int visits = 100;
  int sample_moves = 30;
  double temperature = 1.0;
  mcts::SearchParams search;  // seed replaced by the game's
};

struct SearchGameParts {
  nn::Evaluator* evaluator = nullptr;  // may be null: uniform priors
  const nn::PatternPolicy* rollout_policy = nullptr;
  const nn::PatternPolicy* tree_policy = nullptr;
};

// Plays one game per seed on `threads` threads and returns them in seed order (sampled_position -1).
// on_wait (optional) is called on the calling thread about every 200 ms while the games run.
std::vector<nn::PolicyGame> play_search_games(const std::vector<uint64_t>& seeds, const SearchGameOptions& options,
                                              const SearchGameParts& parts, int threads,
                                              const std::function<void()>& on_move,
                                              const std::function<void()>& on_wait = {});

}  // namespace tengen::selfplay
