// Answers of the JSON analysis engine, in KataGo's format (KataGo's docs/Analysis_Engine.md):
//   {"id", "turnNumber", "isDuringSearch", "moveInfos": [{"move", "visits", "winrate", "scoreLead",
//    "scoreMean", "prior", "lcb", "order", "pv"}...], "rootInfo": {"visits", "winrate", "scoreLead",
//    "currentPlayer"}, "ownership"?, "policy"?}
// Win rates, ownership and scores are from one perspective (KataGo's reportAnalysisWinratesAs;
// Black by default, as in KataGo's analysis config). What Tengen fills from where (docs/USAGE.md):
// win rates from the search's mixed Q, priors from the SL policy, scoreLead from the final scores of
// the search's rollouts through each move (there is no score network), ownership from rollouts
// played from the analysed position (mcts/ownership.h), policy from one network evaluation (no pass
// output: the pass entry is 0).
// Thread-safety: pure functions over values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/query.h"
#include "engine/game.h"
#include "mcts/ownership.h"
#include "mcts/search.h"

namespace tengen::analysis {

// What an answer carries beyond the search's tree.
struct AnswerExtras {
  const mcts::Ownership* ownership = nullptr;  // +1 Black; null: no "ownership"
  const std::vector<float>* policy = nullptr;  // by Point (mcts::policy_over_legal_points); null: none
};

nlohmann::json analysis_answer(const std::string& id, int turn, const Game& game, const mcts::Search& search,
                               const AnswerExtras& extras, Perspective perspective, bool during_search);

// One answer as the line written to the client: compact JSON, invalid UTF-8 from the query (an id, a
// parse error quoting the bytes read) replaced by U+FFFD rather than thrown on.
std::string answer_line(const nlohmann::json& answer);

// A position terminated before any simulation: KataGo's {"id", "isDuringSearch": false, "noResults": true, "turnNumber"}.
nlohmann::json no_results_answer(const std::string& id, int turn);

}  // namespace tengen::analysis
