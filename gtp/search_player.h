// SearchPlayer: chooses moves for `tengen gtp` with the search (mcts/), keeping the tree between
// moves when the new position follows from the old one.
// Decisions beyond the search itself:
//   - pass when the opponent has just passed and either passing now wins (area score with the dead
//     strings removed, and no string's fate unsettled) or no move brings the win rate above 10%
//     (the game is decided either way), when the search's best move is pass, or when no legal move
//     is left;
//   - resign when the best move's win rate is below settings.resign_below (0 disables) after the
//     opening (move >= settings.resign_min_move);
//   - a one-line summary per move on the log stream (win rate, simulations, speed, principal variation);
//   - each new search tree (a new game, or a position the old tree does not lead to) is seeded from
//     (settings.search.seed, how many trees this player has built), so that the games of one engine
//     process differ even under a visit limit (where a search is otherwise deterministic), while a
//     process given the same commands still plays the same games.
// The mcts::SearchNetworks are the concrete networks, chosen by the caller (app/): any of them may be
// null; the search then falls back (docs/SEARCH.md).
// Thread-safety: one per GTP session, used from one thread at a time (the search runs its own
// threads); the flag given to set_interrupt may be set from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <vector>

#include "engine/game.h"
#include "gtp/analysis_output.h"
#include "mcts/ownership.h"
#include "mcts/search.h"
#include "mcts/search_networks.h"
#include "nn/evaluator.h"
#include "rollout/pattern_policy.h"

namespace tengen::gtp {


struct PlayerSettings {
  mcts::SearchParams search;
  // For positions the policy network does not cover (no network, or not for this board size: priors
  // from the tree policy). Tuned apart: docs/TUNING.md. When unset, `search` is used for those too.
  std::optional<mcts::SearchParams> search_without_policy;
  int threads = 2;
  double seconds_per_move = 5;    // when the game has no clock
  int64_t visits_per_move = 0;    // also stop after this many simulations (0: no limit)
  double resign_below = 0.05;     // win rate; 0: never resign
  int resign_min_move = 60;
  int ownership_rollouts = 400;   // rollouts behind dead-stone estimates (final_score, passing)
  int analysis_ownership_rollouts = 100;  // rollouts behind each `kata-analyze ... ownership true` map
};

// Streaming analysis output: Leela Zero's format (win rate and prior as integers ×10000, read by
// Lizzie and Sabaki) or KataGo's (fractions in [0, 1], and scoreLead: the mean final score of the
// rollouts through the move, for the side to move; read by Sabaki and KaTrain); the text comes from
// gtp/analysis_output.h, shaped by the analyze keys (minmoves, maxmoves, pvVisits, rootInfo).
struct AnalysisStream {
  double interval = 1.0;  // seconds between info lines
  InfoOptions info;       // the format and what each line holds
  // KataGo's `ownership true`: each line ends with "ownership" and S*S values in [-1, 1] for the side
  // to move, row by row from the top left (A19 first), here from rollouts (mcts/ownership.h).
  bool ownership = false;
  // avoid / allow: moves the search may not try. A search with a filter, and the first search after
  // one, starts a fresh tree (a reused one would still hold the barred moves' visits).
  mcts::MoveFilter filter;
  std::function<void(const std::string&)> emit;
};

// How long genmove may think (gtp/gtp_session.cpp fills it from mcts::TimeControl's budget).
struct MoveClock {
  double planned = 5;        // seconds
  double maximum = 0;        // with manage: never past this (mcts/stop_rule.h)
  bool manage = false;       // early stop when settled, more time when unsure, up to maximum
  std::optional<std::chrono::steady_clock::time_point> started;  // the command's arrival
  std::string clock;         // the clock in words, for the summary line ("" without a clock)
};

struct Decision {
  Point move = kPass;  // a point, kPass or kResign
  double win_rate = 0.5;
  int64_t simulations = 0;
  double seconds = 0;
  std::vector<Point> principal_variation;
  std::string reason;  // why a pass or resignation was chosen without the search's say-so
  mcts::StopReason stop_reason = mcts::StopReason::kNotYet;
  double stopped_after = 0;  // seconds from the move's start to the search's decision to stop
};

class SearchPlayer {
 public:
  SearchPlayer(mcts::SearchNetworks parts, PlayerSettings settings, std::ostream* log);

  // The move for `color` in `game` within `seconds` (game.to_move() may differ: GTP allows it).
  // Throws std::runtime_error if the search fails (e.g. the evaluator does).
  // cleanup (kgs-genmove_cleanup): never pass while a searched stone move exists, so dead stones
  // get captured before the game is scored.
  // stream (lz-genmove_analyze): info lines every stream->interval while searching.
  Decision genmove(const Game& game, Color color, const MoveClock& clock, bool cleanup = false,
                   const AnalysisStream* stream = nullptr);
  Decision genmove(const Game& game, Color color, double seconds, bool cleanup = false,
                   const AnalysisStream* stream = nullptr) {
    MoveClock clock;
    clock.planned = seconds;
    return genmove(game, color, clock, cleanup, stream);
  }
  // Analysis (lz-analyze): searches `game` for `color` until `stop` is set (checked between
  // rounds of `interval` seconds, so it ends within one round), calling `emit` after each round
  // with Leela Zero's "info move ... visits ... winrate ... prior ... lcb ... order ... pv ..." text.
  // Runs on the caller's thread; nothing else may use this player meanwhile.
  void analyze(const Game& game, Color color, const AnalysisStream& stream, const std::atomic<bool>& stop);
  // genmove's searches end early once *flag is set (the GTP input ended: nobody waits for the move).
  void set_interrupt(const std::atomic<bool>* flag) { interrupt_ = flag; }
  const PlayerSettings& settings() const { return settings_; }
  // New settings (kata-set-param, lz-setoption): the next search uses them, on a fresh tree when
  // `new_tree` (the caller changed settings.search: a tree's parameters are fixed when it is built).
  void set_settings(const PlayerSettings& settings, bool new_tree);
  const mcts::SearchNetworks& parts() const { return parts_; }
  // Dead, unsettled and the area with the dead removed, from rollout ownership.
  mcts::Verdict judge(const Game& game) const;
  // The SL policy's move probabilities (β = 1) over the legal points of `game`, indexed by Point;
  // empty when there is no policy network for this board size.
  std::vector<float> policy(const Game& game) const;
  // The search of the last genmove / analysis (null before the first).
  const mcts::Search* last_search() const { return search_.get(); }
  // Black's (+1) ownership of every point from `rollouts` rollouts of `game` (mcts/ownership.h).
  mcts::Ownership ownership(const Game& game, int rollouts) const;

 private:
  // The search for `game`: the last one's tree when the game continues it and neither it nor this
  // one has a move filter, else a fresh tree with `filter`.
  mcts::Search& search_for(const Game& game, const mcts::MoveFilter& filter = {});
  // genmove's search: one run, or with a stream, rounds of stream->interval with an info line after each.
  mcts::SearchResult run_search(mcts::Search& search, const Game& game, const MoveClock& clock, const AnalysisStream* stream);
  void log_decision(Color color, Point move, const mcts::SearchResult& r, int board_size, const MoveClock& clock) const;  // to log_
  // The info lines of the root's searched moves in the stream's format, with the ownership map when
  // the stream asks for it.
  std::string info_text(const mcts::Search& search, const Game& game, const AnalysisStream& stream) const;

  mcts::SearchNetworks parts_;
  PlayerSettings settings_;
  std::ostream* log_;
  std::unique_ptr<mcts::Search> search_;
  uint64_t trees_built_ = 0;
  const std::atomic<bool>* interrupt_ = nullptr;
};

}  // namespace tengen::gtp
