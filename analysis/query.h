// Queries of KataGo's JSON analysis-engine protocol (KataGo's docs/Analysis_Engine.md; docs/USAGE.md
// says what Tengen supports), one JSON object per line, turned into the positions to search.
//
// Contract: parse_query never throws. A line is an analysis query (positions for the analyzeTurns,
// each a Game with the right side to move), an action (query_version, clear_cache, terminate,
// terminate_all) or an error. Errors and warnings are ready-to-print answers in KataGo's form:
//   {"error": "...", "field": "komi", "id": "foo"}   (field and id when known)
//   {"warning": "...", "field": "rootPolicyTemperature", "id": "foo"}
// A query with an error is not analysed; warnings (fields Tengen does not use, rules it plays under
// area scoring) do not stop it.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/game.h"
#include "mcts/move_filter.h"

namespace tengen::analysis {

// Whose view win rates, ownership and scores are reported from (KataGo's reportAnalysisWinratesAs).
enum class Perspective { kBlack, kWhite, kSideToMove };

// What the engine can analyse, for the checks that need it.
struct QueryLimits {
  int64_t max_visits = 10'000'000;  // largest maxVisits accepted
};

// One position to search: turn t of the game (0: before the first move, t: after moves[0..t)).
struct PositionRequest {
  int turn = 0;
  int priority = 0;
  Game game;
};

struct AnalysisQuery {
  std::string id;
  std::vector<PositionRequest> positions;  // in analyzeTurns order
  int64_t max_visits = 0;                  // 0: the engine's default
  double report_every = 0;                 // reportDuringSearchEvery, seconds; 0: only the final answer
  // overrideSettings that Tengen honours (KaTrain sends them with every query); others are warned.
  std::optional<Perspective> report_as;    // reportAnalysisWinratesAs
  double max_seconds = 0;                  // maxTime; 0: the engine's
  bool include_ownership = false, include_policy = false;
  // avoidMoves / allowMoves: [{"player": "B", "moves": ["C3", ...], "untilDepth": N}, ...], for every
  // analysed turn; allowMoves once per player and not with avoidMoves for that player (as in GTP).
  mcts::MoveFilter filter;
};

struct ActionQuery {
  std::string id, action;           // action: query_version, clear_cache, terminate, terminate_all
  std::string terminate_id;         // terminate: the id whose positions end
  std::optional<std::vector<int>> turn_numbers;  // terminate: only these turns (absent: all)
  nlohmann::json echo;              // the query as sent: the answer echoes it
};

struct ParsedQuery {
  enum class Kind { kAnalysis, kAction, kError } kind = Kind::kError;
  AnalysisQuery analysis;
  ActionQuery action;
  std::vector<nlohmann::json> messages;  // warnings, then the error when kind is kError
};

ParsedQuery parse_query(std::string_view line, const QueryLimits& limits);

}  // namespace tengen::analysis
