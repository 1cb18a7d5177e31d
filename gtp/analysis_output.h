// What the GUIs read: the text of Tengen's analysis in each format a GUI speaks, from search results.
//  * Leela Zero's and KataGo's `info` lines (lz-analyze, kata-analyze, *-genmove_analyze): Lizzie,
//    Sabaki, KaTrain; KataGo's `ownership` suffix.
//  * GoGui's gfx commands: the policy as an influence map with labels, the search's visits, its
//    principal variation, the value-net and rollout estimates apart, rollout ownership.
//  * showboard's diagram.
// Pure functions of their arguments: no state, safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "engine/game.h"
#include "mcts/ownership.h"
#include "mcts/search.h"

namespace tengen::gtp {

enum class AnalysisFormat { kLeela, kKata };

// What the info lines hold: the format, and what the analyze keys (gtp/analyze_args.h) ask for.
struct InfoOptions {
  AnalysisFormat format = AnalysisFormat::kLeela;
  int min_moves = 0;       // `minmoves N`: at least N legal moves, unvisited ones too (by prior)
  int max_moves = 0;       // `maxmoves N`: at most N (0: Tengen's cap of 20, or min_moves when larger)
  bool pv_visits = false;  // `pvVisits true` (kata): " pvVisits V V ..." after each pv, one per pv move
  bool root_info = false;  // `rootInfo true` (kata): " rootInfo visits N winrate W scoreLead S" at the end
};

// One info line per root move (by visits, most first), joined with spaces; "" before any visit.
std::string info_lines(const mcts::Search& search, const Game& game, const InfoOptions& options);
// KataGo's " ownership v1 v2 ..." for the side to move, row by row from the top left; `own` is
// Black's (+1) ownership per point.
std::string kata_ownership(const mcts::Ownership& own, const Game& game);

// GoGui gfx: INFLUENCE of `policy` (per padded point, 0 where illegal) relative to its best move,
// and LABELs with the percentages of the top five.
std::string gogui_policy(const std::vector<float>& policy, int board_size);
std::string gogui_visits(const mcts::Search& search);     // LABEL move visits ...
std::string gogui_pv(const mcts::Search& search);         // VAR b X w Y ...
std::string gogui_estimates(const mcts::Search& search);  // text: value net and rollouts side by side
std::string gogui_ownership(const mcts::Ownership& own, const Board& board);  // INFLUENCE, Black +1

// showboard: the board with coordinates, captures, the side to move and komi; ")" marks the last move.
std::string board_diagram(const Game& game);

}  // namespace tengen::gtp
