// KataGo analysis queries → positions: every field Tengen reads, the errors and warnings in KataGo's
// form, and the actions. Positions are checked against ASCII boards.
#include "analysis/query.h"

#include <gtest/gtest.h>

#include "testutil/move_list_json.h"

#include "testutil/ascii_board.h"

namespace tengen::analysis {
namespace {

using testutil::move_list_json;

using nlohmann::json;

ParsedQuery parse(const json& q, QueryLimits limits = {}) { return parse_query(q.dump(), limits); }

json base_query() {
  return {{"id", "q"}, {"moves", json::array()}, {"rules", "tromp-taylor"}, {"boardXSize", 9}, {"boardYSize", 9}};
}

// The one error of a query that failed, with its field.
void expect_error(const ParsedQuery& p, const std::string& field, const std::string& text_part) {
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kError);
  ASSERT_FALSE(p.messages.empty());
  const json& e = p.messages.back();
  ASSERT_TRUE(e.contains("error")) << e.dump();
  EXPECT_EQ(e.value("field", ""), field) << e.dump();
  EXPECT_NE(e["error"].get<std::string>().find(text_part), std::string::npos) << e.dump();
  if (!field.empty()) {
    EXPECT_EQ(e["id"], "q");
  }
}

void expect_stones(const Game& game, std::string_view picture) {
  const Game want = testutil::game_from_ascii(picture, Color::kBlack);
  ASSERT_EQ(game.size(), want.size());
  for (int y = 0; y < game.size(); ++y)
    for (int x = 0; x < game.size(); ++x)
      EXPECT_EQ(game.board().at(make_point(x, y)), want.board().at(make_point(x, y))) << "at " << x << "," << y;
}

TEST(AnalysisQuery, MovesAndInitialStonesMakeThePositionsOfTheAskedTurns) {
  json q = base_query();
  q["initialStones"] = move_list_json({{"B", "C3"}, {"W", "G7"}});
  q["moves"] = move_list_json({{"B", "E5"}, {"W", "D5"}, {"B", "pass"}});
  q["analyzeTurns"] = {0, 2, 3};
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis) << (p.messages.empty() ? "" : p.messages.back().dump());
  ASSERT_EQ(p.analysis.positions.size(), 3u);
  EXPECT_EQ(p.analysis.id, "q");
  const PositionRequest& t0 = p.analysis.positions[0];
  EXPECT_EQ(t0.turn, 0);
  EXPECT_EQ(t0.game.to_move(), Color::kBlack);  // the player of moves[0]
  expect_stones(t0.game, R"(
    . . . . . . . . .
    . . . . . . . . .
    . . . . . . O . .
    . . . . . . . . .
    . . . . . . . . .
    . . . . . . . . .
    . . X . . . . . .
    . . . . . . . . .
    . . . . . . . . .)");
  const PositionRequest& t2 = p.analysis.positions[1];
  EXPECT_EQ(t2.turn, 2);
  EXPECT_EQ(t2.game.move_number(), 2);
  EXPECT_EQ(t2.game.to_move(), Color::kBlack);
  expect_stones(t2.game, R"(
    . . . . . . . . .
    . . . . . . . . .
    . . . . . . O . .
    . . . . . . . . .
    . . . O X . . . .
    . . . . . . . . .
    . . X . . . . . .
    . . . . . . . . .
    . . . . . . . . .)");
  EXPECT_EQ(p.analysis.positions[2].game.to_move(), Color::kWhite);  // after Black's pass
  EXPECT_EQ(p.analysis.positions[2].game.moves().back().point, kPass);
}

TEST(AnalysisQuery, DefaultsAnalyseTheLastTurnWithKomiSevenAndAHalf) {
  json q = base_query();
  q["moves"] = move_list_json({{"B", "E5"}});
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  ASSERT_EQ(p.analysis.positions.size(), 1u);
  EXPECT_EQ(p.analysis.positions[0].turn, 1);
  EXPECT_EQ(p.analysis.positions[0].game.to_move(), Color::kWhite);
  EXPECT_DOUBLE_EQ(p.analysis.positions[0].game.komi(), 7.5);
  EXPECT_EQ(p.analysis.positions[0].priority, 0);
  EXPECT_EQ(p.analysis.max_visits, 0);  // the engine's default
  EXPECT_FALSE(p.analysis.include_ownership);
  EXPECT_FALSE(p.analysis.include_policy);
  EXPECT_EQ(p.analysis.report_every, 0);
  EXPECT_TRUE(p.messages.empty());
}

TEST(AnalysisQuery, OptionalFieldsAreRead) {
  json q = base_query();
  q["moves"] = move_list_json({{"B", "E5"}, {"W", "C3"}});
  q["initialPlayer"] = "W";
  q["komi"] = -3.5;
  q["analyzeTurns"] = {0, 1};
  q["priorities"] = {7, -2};
  q["maxVisits"] = 321;
  q["includeOwnership"] = true;
  q["includePolicy"] = true;
  q["reportDuringSearchEvery"] = 0.5;
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_DOUBLE_EQ(p.analysis.positions[0].game.komi(), -3.5);
  EXPECT_EQ(p.analysis.positions[0].priority, 7);
  EXPECT_EQ(p.analysis.positions[1].priority, -2);
  EXPECT_EQ(p.analysis.max_visits, 321);
  EXPECT_TRUE(p.analysis.include_ownership);
  EXPECT_TRUE(p.analysis.include_policy);
  EXPECT_DOUBLE_EQ(p.analysis.report_every, 0.5);
  json one = base_query();
  one["priority"] = 4;
  one["initialPlayer"] = "W";
  const ParsedQuery p1 = parse(one);
  ASSERT_EQ(p1.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_EQ(p1.analysis.positions[0].priority, 4);
  EXPECT_EQ(p1.analysis.positions[0].game.to_move(), Color::kWhite);  // no moves: initialPlayer
}

TEST(AnalysisQuery, RulesByNameOrObjectAndTerritoryRulesWarn) {
  // KataGo's ko rule for each name; area rule sets that Tengen plays as asked give no warning.
  const std::pair<const char*, KoRule> area[] = {{"tromp-taylor", KoRule::kPositional}, {"chinese", KoRule::kSimple},
                                                 {"Chinese", KoRule::kSimple}, {"chinese-ogs", KoRule::kPositional},
                                                 {"aga", KoRule::kSituational}, {"new-zealand", KoRule::kSituational}};
  for (const auto& [name, ko] : area) {
    json q = base_query();
    q["rules"] = name;
    const ParsedQuery p = parse(q);
    EXPECT_EQ(p.kind, ParsedQuery::Kind::kAnalysis) << name;
    EXPECT_TRUE(p.messages.empty()) << name;
    EXPECT_EQ(p.analysis.positions[0].game.rules().ko, ko) << name;
    EXPECT_EQ(p.analysis.positions[0].game.rules().scoring, ScoringRule::kArea) << name;
  }
  json jp = base_query();
  jp["rules"] = "japanese";
  const ParsedQuery p = parse(jp);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  ASSERT_EQ(p.messages.size(), 1u);
  EXPECT_EQ(p.messages[0]["field"], "rules");
  EXPECT_TRUE(p.messages[0].contains("warning"));
  EXPECT_EQ(p.analysis.positions[0].game.rules().ko, KoRule::kSimple);  // simple ko, as Japanese rules play
  EXPECT_EQ(p.analysis.positions[0].game.rules().scoring, ScoringRule::kTerritory);
  json obj = base_query();  // KataGo's internal key names are read too
  obj["rules"] = {{"koRule", "SIMPLE"}, {"scoringRule", "AREA"}, {"multiStoneSuicideLegal", false}};
  const ParsedQuery po = parse(obj);
  ASSERT_EQ(po.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_TRUE(po.messages.empty());
  EXPECT_EQ(po.analysis.positions[0].game.rules().ko, KoRule::kSimple);
  json bad = base_query();
  bad["rules"] = "martian";
  expect_error(parse(bad), "rules", "Unknown rules 'martian'");
  json none = base_query();
  none.erase("rules");
  expect_error(parse(none), "rules", "required");
}

TEST(AnalysisQuery, RulesInKataGosJsonFormAndWhatTengenCannotApply) {
  json q = base_query();
  q["rules"] = {{"ko", "SITUATIONAL"}, {"scoring", "AREA"}, {"tax", "NONE"}, {"suicide", false},
                {"hasButton", false}, {"whiteHandicapBonus", "N-1"}, {"friendlyPassOk", true}};
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_TRUE(p.messages.empty());
  const GameRules& r = p.analysis.positions[0].game.rules();
  EXPECT_EQ(r.ko, KoRule::kSituational);
  EXPECT_EQ(r.white_handicap_bonus, HandicapBonus::kNMinusOne);
  EXPECT_TRUE(r.friendly_pass_ok);
  json button = base_query();  // played without the button, with a warning that says so
  button["rules"] = "aga-button";
  const ParsedQuery pb = parse(button);
  ASSERT_EQ(pb.kind, ParsedQuery::Kind::kAnalysis);
  ASSERT_EQ(pb.messages.size(), 1u);
  EXPECT_NE(pb.messages[0]["warning"].get<std::string>().find("button"), std::string::npos);
  json stones = base_query();
  stones["rules"] = "stone-scoring";
  ASSERT_EQ(parse(stones).messages.size(), 1u);  // tax ALL not applied
  json bad_value = base_query();
  bad_value["rules"] = {{"ko", "ROUND"}};
  expect_error(parse(bad_value), "rules", "Rules field 'ko' must be one of SIMPLE, POSITIONAL, SITUATIONAL, got 'ROUND'");
  json bad_key = base_query();
  bad_key["rules"] = {{"kommi", 6.5}};
  expect_error(parse(bad_key), "rules", "Unknown rules field 'kommi'");
  json nested = base_query();
  nested["rules"] = {{"ko", {{"a", 1}}}};
  expect_error(parse(nested), "rules", "Malformed rules JSON");
  json number = base_query();
  number["rules"] = 7;
  expect_error(parse(number), "rules", "rules must be a string or an object");
}

TEST(AnalysisQuery, FieldErrorsNameTheField) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"komi", 7.3}}, "komi"},
      {{{"komi", 200}}, "komi"},
      {{{"komi", "7.5"}}, "komi"},
      {{{"boardXSize", 25}, {"boardYSize", 25}}, "boardXSize"},
      {{{"boardXSize", 9}, {"boardYSize", 13}}, "boardYSize"},
      {{{"boardXSize", "9"}}, "boardXSize"},
      {{{"analyzeTurns", {0, 5}}}, "analyzeTurns"},
      {{{"analyzeTurns", json::array()}}, "analyzeTurns"},
      {{{"maxVisits", 0}}, "maxVisits"},
      {{{"maxVisits", 2.5}}, "maxVisits"},
      {{{"includeOwnership", "yes"}}, "includeOwnership"},
      {{{"includePolicy", 1}}, "includePolicy"},
      {{{"priority", "high"}}, "priority"},
      {{{"priorities", {1, 2}}}, "priorities"},
      {{{"reportDuringSearchEvery", -1}}, "reportDuringSearchEvery"},
      {{{"initialPlayer", "X"}}, "initialPlayer"},
      {{{"moves", move_list_json({{"B", "Z99"}})}}, "moves"},
      {{{"moves", move_list_json({{"Q", "E5"}})}}, "moves"},
      {{{"moves", {"E5"}}}, "moves"},
      {{{"moves", "E5"}}, "moves"},
      {{{"initialStones", move_list_json({{"B", "E5"}, {"W", "E5"}})}}, "initialStones"},
  };
  for (const auto& [patch, field] : cases) {
    json q = base_query();
    q.update(patch);
    SCOPED_TRACE(q.dump());
    expect_error(parse(q), field, "");
  }
}

TEST(AnalysisQuery, OverrideSettingsAsKaTrainSendsThem) {
  json q = base_query();
  q["overrideSettings"] = {{"reportAnalysisWinratesAs", "SIDETOMOVE"}, {"maxTime", 8.0}, {"wideRootNoise", 0.04}};
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_EQ(p.analysis.report_as, Perspective::kSideToMove);
  EXPECT_DOUBLE_EQ(p.analysis.max_seconds, 8.0);
  ASSERT_EQ(p.messages.size(), 1u);  // wideRootNoise: no such knob
  EXPECT_EQ(p.messages[0]["field"], "overrideSettings");
  EXPECT_NE(p.messages[0]["warning"].get<std::string>().find("wideRootNoise"), std::string::npos);
  json bad = base_query();
  bad["overrideSettings"] = {{"reportAnalysisWinratesAs", "GREEN"}};
  expect_error(parse(bad), "overrideSettings", "BLACK, WHITE or SIDETOMOVE");
  bad["overrideSettings"] = {{"maxTime", -1}};
  expect_error(parse(bad), "overrideSettings", "maxTime");
}

TEST(AnalysisQuery, AnIllegalMoveIsAnErrorNamingTheMove) {
  json q = base_query();
  q["moves"] = move_list_json({{"B", "E5"}, {"W", "E5"}});
  expect_error(parse(q), "moves", "Illegal move 2: white E5 (point occupied)");
}

// Every size from 5 to 19 is a query, whatever network is loaded: the engine searches a size the
// network does not cover with the tree policy, as tengen gtp does (issue 35: 9x9 was refused).
TEST(AnalysisQuery, EveryBoardSizeIsAQuery) {
  for (int size : {5, 9, 13, 19}) {
    json q = base_query();
    q["boardXSize"] = q["boardYSize"] = size;
    EXPECT_EQ(parse(q).kind, ParsedQuery::Kind::kAnalysis) << size;
  }
}

TEST(AnalysisQuery, UnknownFieldsWarnAndTheQueryStillRuns) {
  json q = base_query();
  q["colour"] = "blue";
  q["rootPolicyTemperature"] = 1.5;
  const ParsedQuery p = parse(q);
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  ASSERT_EQ(p.messages.size(), 2u);
  EXPECT_EQ(p.messages[0], json({{"warning", "Unexpected or unused field"}, {"field", "colour"}, {"id", "q"}}));
  EXPECT_EQ(p.messages[1]["field"], "rootPolicyTemperature");
  EXPECT_NE(p.messages[1]["warning"].get<std::string>().find("ignored"), std::string::npos);
}

TEST(AnalysisQuery, MalformedLinesAreErrorsWithoutAnId) {
  for (const char* line : {"{\"id\": \"q\", ", "not json", "[1, 2]", "{\"moves\": []}", "{\"id\": 5}", ""}) {
    const ParsedQuery p = parse_query(line, {});
    EXPECT_EQ(p.kind, ParsedQuery::Kind::kError) << line;
    ASSERT_EQ(p.messages.size(), 1u) << line;
    EXPECT_TRUE(p.messages[0].contains("error")) << line;
    EXPECT_FALSE(p.messages[0].contains("id")) << line;
  }
}

TEST(AnalysisQuery, ActionsAreRecognisedAndEchoed) {
  const ParsedQuery v = parse({{"id", "v"}, {"action", "query_version"}});
  ASSERT_EQ(v.kind, ParsedQuery::Kind::kAction);
  EXPECT_EQ(v.action.action, "query_version");
  EXPECT_EQ(v.action.echo, json({{"id", "v"}, {"action", "query_version"}}));
  const ParsedQuery t = parse({{"id", "t"}, {"action", "terminate"}, {"terminateId", "q"}, {"turnNumbers", {1, 2}}});
  ASSERT_EQ(t.kind, ParsedQuery::Kind::kAction);
  EXPECT_EQ(t.action.terminate_id, "q");
  ASSERT_TRUE(t.action.turn_numbers.has_value());
  EXPECT_EQ(*t.action.turn_numbers, (std::vector<int>{1, 2}));
  const ParsedQuery all = parse({{"id", "t"}, {"action", "terminate"}, {"terminateId", "q"}});
  ASSERT_EQ(all.kind, ParsedQuery::Kind::kAction);
  EXPECT_FALSE(all.action.turn_numbers.has_value());
  EXPECT_EQ(parse({{"id", "c"}, {"action", "clear_cache"}}).kind, ParsedQuery::Kind::kAction);
  EXPECT_EQ(parse({{"id", "c"}, {"action", "terminate_all"}}).kind, ParsedQuery::Kind::kAction);
  const ParsedQuery unknown = parse({{"id", "u"}, {"action", "dance"}});
  ASSERT_EQ(unknown.kind, ParsedQuery::Kind::kError);
  EXPECT_EQ(unknown.messages.back()["field"], "action");
  const ParsedQuery no_target = parse({{"id", "u"}, {"action", "terminate"}});
  ASSERT_EQ(no_target.kind, ParsedQuery::Kind::kError);
  EXPECT_EQ(no_target.messages.back()["field"], "terminateId");
}

}  // namespace
}  // namespace tengen::analysis
