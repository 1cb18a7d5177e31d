// Rule sets on drawn boards: the three ko rules on one ko, the Japanese count (territory plus
// prisoners) against the area count, the seki tax, the handicap bonus, changing the rules of a game
// under way, and engine/rule_set.h's reader of KataGo's names and JSON form (bad input included).
#include <gtest/gtest.h>

#include <string>

#include "engine/game.h"
#include "engine/rule_set.h"
#include "engine/sgf.h"
#include "testutil/ascii_board.h"

namespace tengen {
namespace {

using testutil::game_from_ascii;

Point at(const Game& g, const char* gtp) { return *point_from_gtp(gtp, g.size()); }

GameRules with_ko(KoRule ko) {
  GameRules r;
  r.ko = ko;
  return r;
}

// Black may take the ko at C4 (capturing B4); White retakes after passes clear the simple-ko point.
const char* kKoBoard =
    ". X O . .\n"
    "X O . O .\n"
    ". X O . .\n"
    ". . . . .\n"
    ". . . . .\n";

// Black takes, both pass, White retakes: the board before Black's capture, Black to move again.
MoveError retake_after_two_passes(KoRule ko, Color first) {
  Game g = game_from_ascii(kKoBoard, first, with_ko(ko));
  if (first == Color::kWhite) g.play(kPass);  // the start position was recorded with White to move
  g.play(at(g, "C4"), Color::kBlack);
  g.play(kPass);
  g.play(kPass);
  return g.play(at(g, "B4"), Color::kWhite);
}

TEST(RuleSet, TheThreeKoRulesOnOneRepetition) {
  // Same board, same side to move (Black) as at the start: only simple ko allows it.
  EXPECT_EQ(retake_after_two_passes(KoRule::kSimple, Color::kBlack), MoveError::kNone);
  EXPECT_EQ(retake_after_two_passes(KoRule::kPositional, Color::kBlack), MoveError::kSuperko);
  EXPECT_EQ(retake_after_two_passes(KoRule::kSituational, Color::kBlack), MoveError::kSuperko);
  // Same board, but the start had White to move: situational superko allows it, positional does not.
  EXPECT_EQ(retake_after_two_passes(KoRule::kSimple, Color::kWhite), MoveError::kNone);
  EXPECT_EQ(retake_after_two_passes(KoRule::kPositional, Color::kWhite), MoveError::kSuperko);
  EXPECT_EQ(retake_after_two_passes(KoRule::kSituational, Color::kWhite), MoveError::kNone);
  EXPECT_EQ(move_error_text(MoveError::kSuperko, KoRule::kSituational), "situational superko");
}

TEST(RuleSet, UndoKeepsTheSituationalHistory) {
  Game g = game_from_ascii(kKoBoard, Color::kBlack, with_ko(KoRule::kSituational));
  g.play(at(g, "C4"));
  g.play(kPass);
  g.play(kPass);
  g.play(at(g, "E1"), Color::kWhite);
  ASSERT_TRUE(g.undo());
  EXPECT_EQ(g.check(at(g, "B4"), Color::kWhite), MoveError::kSuperko);
}

// A finished 5x5 game: Black owns column A, White columns D and E.
TEST(RuleSet, TerritoryCountsSurroundedPointsAndPrisoners) {
  Game g = game_from_ascii(
      ". X O . .\n"
      ". X O . .\n"
      ". X O . .\n"
      ". X O . .\n"
      ". X O . .\n", Color::kBlack, GameRules{0.5});
  EXPECT_DOUBLE_EQ(g.area_score(), 10 - 15 - 0.5);  // 5 stones + 5 points against 5 + 10
  EXPECT_DOUBLE_EQ(g.territory_score(), 5 - 10 - 0.5);
  // A capture: Black takes a White stone thrown into its area; one prisoner for Black.
  ASSERT_EQ(g.play(at(g, "A3"), Color::kWhite), MoveError::kNone);
  ASSERT_EQ(g.play(at(g, "A4"), Color::kBlack), MoveError::kNone);
  ASSERT_EQ(g.play(at(g, "E3"), Color::kWhite), MoveError::kNone);  // fills its own point
  ASSERT_EQ(g.play(at(g, "A2"), Color::kBlack), MoveError::kNone);  // captures A3
  EXPECT_EQ(g.board().captures(Color::kBlack), 1);
  // Area: Black 7 stones + 3 points, White 6 stones + 9 points. Territory: Black 3 + 1 prisoner,
  // White 9 points (E3 is a stone now, not a point: filling your own territory costs a point).
  EXPECT_DOUBLE_EQ(g.area_score(), 10 - 15 - 0.5);
  EXPECT_DOUBLE_EQ(g.territory_score(), 4 - 9 - 0.5);
  GameRules japanese = *read_rules("japanese", GameRules{0.5}).rules;
  ASSERT_FALSE(g.set_rules(japanese));
  EXPECT_DOUBLE_EQ(g.score(), 4 - 9 - 0.5);
  EXPECT_EQ(g.result_text(), "W+5.5");
}

TEST(RuleSet, DeadStonesArePrisonersAndSekiPointsCountForNobody) {
  Game g = game_from_ascii(
      ". X O . .\n"
      ". X O . O\n"
      ". X O . .\n"
      ". X O X .\n"
      ". X O . .\n", Color::kBlack, *read_rules("japanese", GameRules{0}).rules);
  Bitboard dead;
  dead.set(dense_index(at(g, "D2")));
  // White: 9 points with D2 off the board (columns D and E less E4's stone) + D2 as a prisoner;
  // Black: the 5 points of column A.
  EXPECT_DOUBLE_EQ(g.final_score(dead, Bitboard()), 5 - (9 + 1));
  // Were White's column C in seki, the points it encloses would count for nobody (Black's not touched).
  Bitboard seki;
  for (const char* v : {"C1", "C2", "C3", "C4", "C5"}) seki.set(dense_index(at(g, v)));
  EXPECT_DOUBLE_EQ(g.final_score(dead, seki), 5 - (0 + 1));
  GameRules no_tax = g.rules();
  no_tax.tax = TaxRule::kNone;
  ASSERT_FALSE(g.set_rules(no_tax));
  EXPECT_DOUBLE_EQ(g.final_score(dead, seki), 5 - (9 + 1));
}

TEST(RuleSet, WhiteHandicapBonus) {
  GameRules chinese = *read_rules("chinese", GameRules{7.5}).rules;
  Game g(9, chinese);
  ASSERT_TRUE(g.set_fixed_handicap(4));
  EXPECT_DOUBLE_EQ(g.white_compensation(), 7.5 + 4);
  GameRules aga = *read_rules("aga", GameRules{7.5}).rules;
  ASSERT_FALSE(g.set_rules(aga));
  EXPECT_DOUBLE_EQ(g.white_compensation(), 7.5 + 3);
  EXPECT_DOUBLE_EQ(Game(9).white_compensation(), 7.5);  // the default: komi only
}

TEST(RuleSet, ChangingRulesMidGameReplaysOrRefuses) {
  Game g = game_from_ascii(kKoBoard, Color::kBlack, with_ko(KoRule::kSimple));
  g.play(at(g, "C4"));
  g.play(kPass);
  g.play(kPass);
  ASSERT_EQ(g.play(at(g, "B4"), Color::kWhite), MoveError::kNone);
  const std::optional<std::string> why = g.set_rules(with_ko(KoRule::kPositional));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "move 4 (W B4) is illegal under these rules: positional superko");
  EXPECT_EQ(g.rules().ko, KoRule::kSimple);  // unchanged
  EXPECT_EQ(g.move_number(), 4);
  ASSERT_TRUE(g.undo());
  ASSERT_FALSE(g.set_rules(with_ko(KoRule::kPositional)));
  EXPECT_EQ(g.check(at(g, "B4"), Color::kWhite), MoveError::kSuperko);
}

TEST(RuleSet, KataGoNamesAndTheirJsonForm) {
  const GameRules base{6.5};
  const std::pair<const char*, const char*> expected[] = {
      {"tromp-taylor", R"({"friendlyPassOk":false,"hasButton":false,"ko":"POSITIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"0"})"},
      {"chinese", R"({"friendlyPassOk":true,"hasButton":false,"ko":"SIMPLE","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"N"})"},
      {"chinese-kgs", R"({"friendlyPassOk":true,"hasButton":false,"ko":"POSITIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"N"})"},
      {"Japanese", R"({"friendlyPassOk":false,"hasButton":false,"ko":"SIMPLE","scoring":"TERRITORY","suicide":false,"tax":"SEKI","whiteHandicapBonus":"0"})"},
      {"korean", R"({"friendlyPassOk":false,"hasButton":false,"ko":"SIMPLE","scoring":"TERRITORY","suicide":false,"tax":"SEKI","whiteHandicapBonus":"0"})"},
      {"AGA", R"({"friendlyPassOk":true,"hasButton":false,"ko":"SITUATIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"N-1"})"},
      {"new_zealand", R"({"friendlyPassOk":true,"hasButton":false,"ko":"SITUATIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"0"})"},
  };
  for (const auto& [name, json] : expected) {
    const RulesReading r = read_rules(name, base);
    ASSERT_TRUE(r.rules) << name << ": " << r.error;
    EXPECT_EQ(rules_json(*r.rules), json) << name;
    EXPECT_EQ(r.rules->komi, 6.5) << name;  // names leave komi alone
    // The JSON form reads back to the same rules.
    const RulesReading back = read_rules(json, base);
    ASSERT_TRUE(back.rules) << back.error;
    EXPECT_EQ(*back.rules, *r.rules) << name;
  }
  EXPECT_EQ(rules_json(GameRules{}), std::get<1>(expected[0]));  // Tengen's default
  for (const std::string& name : rules_names()) EXPECT_TRUE(read_rules(name, base).rules) << name;
}

TEST(RuleSet, WhatTengenCannotApplyIsNoted) {
  EXPECT_TRUE(read_rules("tromp-taylor", GameRules{}).suicide_asked);
  EXPECT_FALSE(read_rules("japanese", GameRules{}).suicide_asked);
  const RulesReading button = read_rules("aga-button", GameRules{});
  ASSERT_TRUE(button.rules);
  ASSERT_EQ(button.notes.size(), 1u);
  EXPECT_NE(button.notes[0].find("button"), std::string::npos);
  const RulesReading stones = read_rules("stone-scoring", GameRules{});
  ASSERT_EQ(stones.notes.size(), 1u);
  EXPECT_EQ(stones.rules->tax, TaxRule::kNone);
  const RulesReading json = read_rules(R"( {"scoring":"TERRITORY", "komi": 6.5} )", GameRules{});
  ASSERT_TRUE(json.rules) << json.error;
  EXPECT_EQ(json.rules->tax, TaxRule::kSeki);  // KataGo's default tax under territory scoring
  EXPECT_EQ(json.rules->ko, KoRule::kPositional);
  EXPECT_EQ(json.rules->komi, 6.5);
}

TEST(RuleSet, BadInputIsRefusedByName) {
  const std::pair<const char*, const char*> bad[] = {
      {"xyz", "unknown rules 'xyz' (known: tromp-taylor, chinese, chinese-ogs, chinese-kgs, japanese, korean, "
              "stone-scoring, aga, bga, new-zealand, aga-button, or KataGo's JSON form"},
      {"", "unknown rules ''"},
      {"{\"ko\":", "malformed rules JSON at character 7"},
      {"{\"ko\":\"ROUND\"}", "rules field 'ko' must be one of SIMPLE, POSITIONAL, SITUATIONAL, got 'ROUND'"},
      {"{\"ko\":\"SPIGHT\"}", "ko rule SPIGHT is not supported"},
      {"{\"scoring\":true}", "rules field 'scoring' must be one of AREA, TERRITORY, got 'true'"},
      {"{\"suicide\":\"yes\"}", "rules field 'suicide' must be true or false, got 'yes'"},
      {"{\"whiteHandicapBonus\":\"2\"}", "rules field 'whiteHandicapBonus' must be one of 0, N-1, N, got '2'"},
      {"{\"komi\":\"x\"}", "rules field 'komi' must be an integer or half-integer"},
      {"{\"komi\":7.25}", "rules field 'komi' must be an integer or half-integer"},
      {"{\"komi\":1e3}", "malformed rules JSON"},
      {"{\"kommi\":7}", "unknown rules field 'kommi' (known: ko, scoring, tax"},
      {"{\"ko\":{\"a\":1}}", "values must be strings, numbers or true/false"},
      {"{\"ko\":\"SIMPLE\"} x", "text after the closing '}'"},
      {"{\"ko\":\"SIMPLE\",}", "malformed rules JSON"},
      {"{\"k\\u0041\":1}", "unsupported escape"},
      {"{\"ko\":\"SIMPLE", "unterminated string"},
  };
  for (const auto& [text, error] : bad) {
    const RulesReading r = read_rules(text, GameRules{});
    EXPECT_FALSE(r.rules) << text;
    EXPECT_NE(r.error.find(error), std::string::npos) << text << " -> " << r.error;
  }
  // Every prefix of a good JSON form: refused or read, never a crash.
  const std::string good = R"({"ko":"SIMPLE","scoring":"TERRITORY","tax":"SEKI","suicide":false,"komi":6.5})";
  for (size_t n = 0; n <= good.size(); ++n) (void)read_rules(good.substr(0, n), GameRules{});
}

TEST(RuleSet, RecordRulesComeFromTheRuProperty) {
  SgfGame record;
  record.rules = "Japanese";
  const GameRules japanese = record_rules(record, GameRules{});
  EXPECT_EQ(japanese.ko, KoRule::kSimple);
  EXPECT_EQ(japanese.scoring, ScoringRule::kTerritory);
  record.rules = "Ing goe";  // not a rule set Tengen knows: the current ones
  EXPECT_EQ(record_rules(record, GameRules{}), GameRules{});
  record.rules = "";
  EXPECT_EQ(record_rules(record, GameRules{5.5}).komi, 5.5);
}

}  // namespace
}  // namespace tengen
