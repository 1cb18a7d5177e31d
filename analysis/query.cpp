#include "analysis/query.h"

#include <absl/strings/ascii.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <stdexcept>

namespace tengen::analysis {

namespace {

using nlohmann::json;

// A query field that cannot be used: becomes {"error", "field", "id"}.
struct FieldError : std::runtime_error {
  FieldError(std::string f, const std::string& what) : std::runtime_error(what), field(std::move(f)) {}
  std::string field;
};

// The fields Tengen reads; any other is answered with KataGo's "Unexpected or unused field" warning.
const std::set<std::string> kUsedFields = {
    "id", "moves", "initialStones", "initialPlayer", "rules", "komi", "boardXSize", "boardYSize", "analyzeTurns",
    "maxVisits", "includeOwnership", "includePolicy", "priority", "priorities", "reportDuringSearchEvery", "overrideSettings",
    "avoidMoves", "allowMoves"};
// KataGo fields Tengen knows but does not act on (its search has no such knob).
const std::set<std::string> kIgnoredKataFields = {
    "rootPolicyTemperature", "rootFpuReductionMax", "includeMovesOwnership", "includeOwnershipStdev",
    "includePVVisits", "includeNoResultValue",
    "whiteHandicapBonus", "analysisPVLen"};

Color color_field(const json& v, const std::string& field) {
  if (v.is_string())
    if (const auto c = color_from_text(v.get<std::string>())) return *c;
  throw FieldError(field, "Expected \"B\" or \"W\" in " + field + ", got " + v.dump());
}

// [["B","Q4"], ...] as (colour, point) pairs on a board of `size`.
std::vector<Move> move_list(const json& query, const std::string& field, int size) {
  std::vector<Move> out;
  const auto it = query.find(field);
  if (it == query.end()) return out;
  if (!it->is_array()) throw FieldError(field, field + " must be an array of [player, location] pairs");
  for (const json& m : *it) {
    if (!m.is_array() || m.size() != 2 || !m[1].is_string())
      throw FieldError(field, "Each entry of " + field + " must be [player, location], got " + m.dump());
    const auto p = point_from_gtp(m[1].get<std::string>(), size);
    if (!p) throw FieldError(field, "Bad location in " + field + ": " + m[1].dump());
    out.push_back(Move{color_field(m[0], field), *p});
  }
  return out;
}

// One avoidMoves / allowMoves entry, {"player": "B", "moves": ["C3", ...], "untilDepth": N} (untilDepth
// 1 when absent), as a rule of the search's filter.
mcts::MoveRule move_rule(const json& e, const std::string& field, int size) {
  if (!e.is_object() || !e.contains("player") || !e.contains("moves") || !e["moves"].is_array())
    throw FieldError(field, "Each entry of " + field + " must be {\"player\": ..., \"moves\": [...], \"untilDepth\": N}, got " + e.dump());
  mcts::MoveRule r;
  r.player = color_field(e["player"], field);
  r.allow = field == "allowMoves";
  const json depth = e.value("untilDepth", json(1));
  if (!depth.is_number_integer() || depth.get<int64_t>() < 1 || depth.get<int64_t>() > 1'000'000'000)
    throw FieldError(field, "untilDepth in " + field + " must be an integer from 1 to 1000000000, got " + depth.dump());
  r.until_depth = static_cast<int>(depth.get<int64_t>());
  for (const json& m : e["moves"]) {
    const auto p = m.is_string() ? point_from_gtp(m.get<std::string>(), size) : std::nullopt;
    if (!p) throw FieldError(field, "Bad location in " + field + ": " + m.dump());
    r.points.set(static_cast<size_t>(*p));
  }
  return r;
}

// avoidMoves and allowMoves of the query into *filter.
void add_move_rules(const json& query, const std::string& field, int size, mcts::MoveFilter* filter) {
  const auto it = query.find(field);
  if (it == query.end()) return;
  if (!it->is_array()) throw FieldError(field, field + " must be an array of {player, moves, untilDepth} objects");
  for (const json& e : *it) {
    const mcts::MoveRule r = move_rule(e, field, size);
    for (const mcts::MoveRule& other : filter->rules)
      if (other.player == r.player && (other.allow || r.allow))
        throw FieldError(field, "allowMoves cannot be combined with avoidMoves or another allowMoves entry for the same player");
    filter->rules.push_back(r);
  }
}

int int_field(const json& query, const std::string& field, int64_t lo, int64_t hi, int64_t fallback) {
  const auto it = query.find(field);
  if (it == query.end()) return static_cast<int>(fallback);
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi)
    throw FieldError(field, field + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(it->get<int64_t>());
}

bool bool_field(const json& query, const std::string& field) {
  const auto it = query.find(field);
  if (it == query.end()) return false;
  if (!it->is_boolean()) throw FieldError(field, field + " must be true or false");
  return it->get<bool>();
}

class QueryParser {
 public:
  QueryParser(const json& q, const QueryLimits& limits, ParsedQuery& out) : q_(q), limits_(limits), out_(out) {}

  void parse() {
    AnalysisQuery& a = out_.analysis;
    a.id = out_.action.id;
    for (const auto& [key, value] : q_.items()) warn_unused(key);
    const int size = board_size();
    GameRules rules = game_rules();
    Game game(size, rules);
    for (const Move& s : move_list(q_, "initialStones", size))
      if (s.point == kPass || !game.add_setup_stone(s.point, s.color))
        throw FieldError("initialStones", "Cannot place the initial stone " + std::string(color_name(s.color)) + " " +
                                              point_to_gtp(s.point, size) + " (off the board, a pass, or taken)");
    std::optional<Color> initial_player;
    if (const auto it = q_.find("initialPlayer"); it != q_.end()) initial_player = color_field(*it, "initialPlayer");
    const std::vector<Move> moves = move_list(q_, "moves", size);
    const std::vector<int> turns = analyze_turns(static_cast<int>(moves.size()));
    const std::vector<int> priorities = turn_priorities(turns.size());
    a.max_visits = int_field(q_, "maxVisits", 1, limits_.max_visits, 0);
    a.include_ownership = bool_field(q_, "includeOwnership");
    a.include_policy = bool_field(q_, "includePolicy");
    for (const char* field : {"avoidMoves", "allowMoves"}) add_move_rules(q_, field, size, &a.filter);
    a.report_every = report_every();
    override_settings(a);
    a.positions.resize(turns.size());
    for (int t = 0; t <= static_cast<int>(moves.size()); ++t) {
      if (t > 0) play(game, moves[static_cast<size_t>(t - 1)], t, size);
      for (size_t i = 0; i < turns.size(); ++i)
        if (turns[i] == t) a.positions[i] = PositionRequest{t, priorities[i], position_at(game, moves, t, initial_player)};
    }
  }

 private:
  void warn_unused(const std::string& key) {
    if (kUsedFields.count(key)) return;
    const std::string why = kIgnoredKataFields.count(key) ? "Not supported by Tengen's search; ignored"
                                                         : "Unexpected or unused field";
    out_.messages.push_back({{"warning", why}, {"field", key}, {"id", out_.action.id}});
  }

  int board_size() const {
    const int x = int_field(q_, "boardXSize", kMinSize, kMaxSize, -1), y = int_field(q_, "boardYSize", kMinSize, kMaxSize, -1);
    if (x < 0 || y < 0) throw FieldError(x < 0 ? "boardXSize" : "boardYSize", "boardXSize and boardYSize are required");
    if (x != y) throw FieldError("boardYSize", "Tengen plays on square boards only");
    return x;
  }

  // The one rules reader (engine/rule_set.h): KataGo's names or JSON form. The ko rule and the
  // handicap bonus are played as asked; the search scores by area, which a warning says for
  // territory rules, as it does for what Tengen cannot apply (button, tax ALL).
  GameRules game_rules() {
    const auto it = q_.find("rules");
    if (it == q_.end()) throw FieldError("rules", "rules is required (e.g. \"tromp-taylor\" or \"chinese\")");
    if (!it->is_string() && !it->is_object()) throw FieldError("rules", "rules must be a string or an object");
    const RulesReading reading = read_rules(it->is_string() ? it->get<std::string>() : it->dump(), GameRules{});
    if (!reading.rules) {
      std::string why = reading.error;
      why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
      throw FieldError("rules", why);
    }
    std::vector<std::string> warnings = reading.notes;
    if (reading.rules->scoring == ScoringRule::kTerritory)
      warnings.insert(warnings.begin(), "Tengen's search scores by area: territory scoring is analysed as area scoring");
    for (const std::string& w : warnings)
      out_.messages.push_back({{"warning", w}, {"field", "rules"}, {"id", out_.action.id}});
    GameRules rules = *reading.rules;
    if (const auto k = q_.find("komi"); k != q_.end()) {
      const double komi = k->is_number() ? k->get<double>() : NAN;
      if (!std::isfinite(komi) || std::fabs(komi) > 150 || std::fabs(komi * 2 - std::round(komi * 2)) > 1e-9)
        throw FieldError("komi", "komi must be an integer or half-integer from -150 to 150");
      rules.komi = komi;
    }
    return rules;
  }

  std::vector<int> analyze_turns(int num_moves) const {
    const auto it = q_.find("analyzeTurns");
    if (it == q_.end()) return {num_moves};
    if (!it->is_array() || it->empty()) throw FieldError("analyzeTurns", "analyzeTurns must be a non-empty array of turns");
    std::vector<int> turns;
    for (const json& t : *it) {
      if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > num_moves)
        throw FieldError("analyzeTurns", "Each turn must be an integer from 0 to " + std::to_string(num_moves) +
                                             " (the number of moves), got " + t.dump());
      turns.push_back(t.get<int>());
    }
    return turns;
  }

  std::vector<int> turn_priorities(size_t num_turns) const {
    const int priority = int_field(q_, "priority", -(1 << 30), 1 << 30, 0);
    const auto it = q_.find("priorities");
    if (it == q_.end()) return std::vector<int>(num_turns, priority);
    if (!it->is_array() || it->size() != num_turns)
      throw FieldError("priorities", "priorities must be an array as long as analyzeTurns");
    std::vector<int> out;
    for (const json& p : *it) {
      if (!p.is_number_integer()) throw FieldError("priorities", "priorities must be integers");
      out.push_back(p.get<int>());
    }
    return out;
  }

  double report_every() const {
    const auto it = q_.find("reportDuringSearchEvery");
    if (it == q_.end()) return 0;
    if (!it->is_number() || !(it->get<double>() >= 0.001) || it->get<double>() > 1e6)
      throw FieldError("reportDuringSearchEvery", "reportDuringSearchEvery must be a number of seconds >= 0.001");
    return it->get<double>();
  }

  // KataGo's per-query config overrides: reportAnalysisWinratesAs and maxTime are honoured (KaTrain
  // sets both on every query); the search parameters of KataGo's config have no counterpart here.
  void override_settings(AnalysisQuery& a) {
    const auto it = q_.find("overrideSettings");
    if (it == q_.end()) return;
    if (!it->is_object()) throw FieldError("overrideSettings", "overrideSettings must be an object");
    for (const auto& [key, value] : it->items()) {
      if (key == "reportAnalysisWinratesAs") {
        const std::string v = value.is_string() ? value.get<std::string>() : "";
        if (v == "BLACK") a.report_as = Perspective::kBlack;
        else if (v == "WHITE") a.report_as = Perspective::kWhite;
        else if (v == "SIDETOMOVE") a.report_as = Perspective::kSideToMove;
        else throw FieldError("overrideSettings", "reportAnalysisWinratesAs must be BLACK, WHITE or SIDETOMOVE");
      } else if (key == "maxTime") {
        if (!value.is_number() || !(value.get<double>() > 0))
          throw FieldError("overrideSettings", "maxTime must be a positive number of seconds");
        a.max_seconds = value.get<double>();
      } else {
        out_.messages.push_back({{"warning", "overrideSettings: " + key + " is not a Tengen setting; ignored"},
                                 {"field", "overrideSettings"},
                                 {"id", out_.action.id}});
      }
    }
  }

  static void play(Game& game, const Move& m, int turn, int size) {
    if (const MoveError e = game.play(m.point, m.color); e != MoveError::kNone)
      throw FieldError("moves", "Illegal move " + std::to_string(turn) + ": " + color_name(m.color) + " " +
                                    point_to_gtp(m.point, size) + " (" + move_error_text(e, game.rules().ko) + ")");
  }

  // The game at `turn` with the side to move of KataGo's convention: initialPlayer at turn 0 when
  // given, else the player of the next move when there is one, else the other side of the last move
  // (Black before any move).
  static Game position_at(Game game, const std::vector<Move>& moves, int turn, std::optional<Color> initial_player) {
    if (turn == 0 && initial_player)
      game.set_to_move(*initial_player);
    else if (turn < static_cast<int>(moves.size()))
      game.set_to_move(moves[static_cast<size_t>(turn)].color);
    else if (turn > 0)
      game.set_to_move(opponent(moves[static_cast<size_t>(turn - 1)].color));
    return game;
  }

  const json& q_;
  const QueryLimits& limits_;
  ParsedQuery& out_;
};

ParsedQuery parse_action(const json& q, ParsedQuery out) {
  ActionQuery& a = out.action;
  a.action = q["action"].is_string() ? q["action"].get<std::string>() : q["action"].dump();
  a.echo = q;
  if (a.action == "query_version" || a.action == "clear_cache" || a.action == "terminate_all") {
    out.kind = ParsedQuery::Kind::kAction;
    return out;
  }
  if (a.action != "terminate") {
    out.messages.push_back({{"error", "Unknown action " + a.action +
                                          " (Tengen knows query_version, clear_cache, terminate, terminate_all)"},
                            {"field", "action"},
                            {"id", a.id}});
    return out;
  }
  const auto tid = q.find("terminateId");
  const auto turns = q.find("turnNumbers");
  if (tid == q.end() || !tid->is_string()) {
    out.messages.push_back({{"error", "terminate needs a string terminateId"}, {"field", "terminateId"}, {"id", a.id}});
    return out;
  }
  a.terminate_id = tid->get<std::string>();
  if (turns != q.end()) {
    if (!turns->is_array() || !std::all_of(turns->begin(), turns->end(), [](const json& t) { return t.is_number_integer(); })) {
      out.messages.push_back({{"error", "turnNumbers must be an array of integers"}, {"field", "turnNumbers"}, {"id", a.id}});
      return out;
    }
    a.turn_numbers = turns->get<std::vector<int>>();
  }
  out.kind = ParsedQuery::Kind::kAction;
  return out;
}

}  // namespace

ParsedQuery parse_query(std::string_view line, const QueryLimits& limits) {
  ParsedQuery out;
  json q;
  try {
    q = json::parse(line);
  } catch (const json::exception& e) {
    out.messages.push_back({{"error", std::string("Could not parse json: ") + e.what()}});
    return out;
  }
  if (!q.is_object()) {
    out.messages.push_back({{"error", "Request line was valid json but was not an object"}});
    return out;
  }
  const auto id = q.find("id");
  if (id == q.end() || !id->is_string()) {
    out.messages.push_back({{"error", "Request must have a string id field"}});
    return out;
  }
  out.action.id = id->get<std::string>();
  if (q.contains("action")) return parse_action(q, std::move(out));
  try {
    QueryParser(q, limits, out).parse();
    out.kind = ParsedQuery::Kind::kAnalysis;
  } catch (const FieldError& e) {
    out.messages.push_back({{"error", e.what()}, {"field", e.field}, {"id", out.action.id}});
  } catch (const std::exception& e) {  // a JSON type mismatch not caught above
    out.messages.push_back({{"error", e.what()}, {"id", out.action.id}});
  }
  return out;
}

}  // namespace tengen::analysis
