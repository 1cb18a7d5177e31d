// The 50 sample records of tests/fixtures/sgf (copied from /work/shared/data/sample, listed in its
// MANIFEST.tsv): every one parses and replays, and each quirk file shows the fact it was chosen for.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "engine/game.h"
#include "engine/sgf.h"

namespace tengen {
namespace {

const std::string kDir = std::string(TENGEN_FIXTURES) + "/sgf/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> manifest_files() {
  std::ifstream in(kDir + "MANIFEST.tsv");
  std::vector<std::string> files;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line))
    if (!line.empty()) files.push_back(line.substr(0, line.find('\t')));
  return files;
}

SgfGame load(const std::string& name) {
  SgfParseResult r = parse_sgf(read_file(kDir + name), name);
  EXPECT_FALSE(r.error) << r.error->to_string();
  EXPECT_EQ(r.games.size(), 1u) << name;
  return r.games.empty() ? SgfGame{} : r.games[0];
}

int passes(const SgfGame& g) {
  int n = 0;
  for (const Move& m : g.moves) n += m.point == kPass;
  return n;
}

TEST(SgfFixtures, ManifestListsFiftyFiles) { EXPECT_EQ(manifest_files().size(), 50u); }

TEST(SgfFixtures, EveryFileParsesAndReplays) {
  for (const std::string& name : manifest_files()) {
    SgfGame g = load(name);
    EXPECT_FALSE(g.moves.empty()) << name;
    Game game;
    GameRules simple;
    simple.ko = KoRule::kSimple;
    std::optional<std::string> error = replay_sgf(g, game, simple);
    EXPECT_FALSE(error) << name << ": " << *error;
    EXPECT_EQ(game.move_number(), static_cast<int>(g.moves.size())) << name;
    // Under positional superko only the voided KGS game fails (a triple ko: see below).
    if (name.rfind("09-", 0) != 0) {
      EXPECT_FALSE(replay_sgf(g, game, GameRules{})) << name;
    }
    // And every record survives a write/parse round trip.
    SgfParseResult back = parse_sgf(write_sgf(g), name);
    ASSERT_FALSE(back.error) << back.error->to_string();
    EXPECT_EQ(back.games[0].moves, g.moves) << name;
    EXPECT_EQ(back.games[0].setup, g.setup) << name;
    EXPECT_EQ(back.games[0].komi, g.komi) << name;
  }
}

TEST(SgfFixtures, KomiValues) {
  const std::map<std::string, std::optional<double>> komi = {
      {"01-kgs-even-japanese-km6.5-W+Resign.sgf", 6.5}, {"10-kgs-chinese-km7.5.sgf", 7.5},
      {"13-kgs-km5.5.sgf", 5.5},  {"14-kgs-km0.00.sgf", 0.0},        {"15-kgs-negative-komi.sgf", -5.5},
      {"16-kgs-even-km0.5.sgf", 0.5}, {"33-kgs-event-EV-RO.sgf", -1.5}, {"44-pro-RE-B+-empty-margin.sgf", 5.0},
      {"45-pro-RE-Unfinished.sgf", std::nullopt}, {"47-pro-no-KM-handicap.sgf", std::nullopt},
      {"48-pro-CA-lowercase-utf-8.sgf", 7.0}, {"50-pro-KM-0-nokomi-era.sgf", 0.0}};
  for (const auto& [name, km] : komi) EXPECT_EQ(load(name).komi, km) << name;
  Game game;
  GameRules rules;
  rules.komi = 6.5;
  ASSERT_FALSE(replay_sgf(load("47-pro-no-KM-handicap.sgf"), game, rules));
  EXPECT_EQ(game.komi(), 6.5);  // missing KM: the caller's default
}

TEST(SgfFixtures, HandicapGamesPlaceTheirStonesAndWhiteMovesFirst) {
  const std::map<std::string, int> stones = {{"17-kgs-ha2.sgf", 2}, {"18-kgs-ha3.sgf", 3}, {"19-kgs-ha4.sgf", 4},
                                             {"20-kgs-ha5.sgf", 5}, {"21-kgs-ha6.sgf", 6}, {"22-kgs-ha7.sgf", 7},
                                             {"23-kgs-ha8.sgf", 8}, {"24-kgs-ha9.sgf", 9}, {"07-kgs-W+Forfeit.sgf", 5},
                                             {"36-kgs-cgoban3-AP-ST.sgf", 3}, {"47-pro-no-KM-handicap.sgf", 2}};
  for (const auto& [name, n] : stones) {
    SgfGame g = load(name);
    EXPECT_EQ(g.handicap, n) << name;
    EXPECT_EQ(g.setup.size(), static_cast<size_t>(n)) << name;
    EXPECT_EQ(g.moves[0].color, Color::kWhite) << name;
    Game game;
    ASSERT_FALSE(replay_sgf(g, game, GameRules{})) << name;
    EXPECT_EQ(game.handicap(), n);
    EXPECT_EQ(game.setup_board().stones(Color::kBlack).count(), n) << name;
  }
}

TEST(SgfFixtures, HandicapWithoutSetupStones) {
  SgfGame g = load("25-kgs-ha-without-AB.sgf");
  EXPECT_EQ(g.handicap, 4);
  EXPECT_TRUE(g.setup.empty());
  ASSERT_EQ(g.moves.size(), 1u);
  EXPECT_EQ(g.moves[0].color, Color::kBlack);
  EXPECT_EQ(g.rules, "Chinese");
  Game game;
  EXPECT_FALSE(replay_sgf(g, game, GameRules{}));
}

TEST(SgfFixtures, Passes) {
  SgfGame tt = load("40-pro-pass-tt.sgf");  // B[tt];W[tt] at the end
  EXPECT_EQ(tt.moves.size(), 302u);
  EXPECT_EQ(passes(tt), 2);
  EXPECT_EQ(tt.moves[300], (Move{Color::kBlack, kPass}));
  EXPECT_EQ(tt.moves[301], (Move{Color::kWhite, kPass}));
  SgfGame empty = load("26-kgs-pass-moves.sgf");  // B[];W[]
  EXPECT_EQ(empty.moves.size(), 270u);
  EXPECT_EQ(passes(empty), 2);
  EXPECT_EQ(empty.moves.back(), (Move{Color::kWhite, kPass}));
  EXPECT_EQ(passes(load("18-kgs-ha3.sgf")), 3);
  Game game;
  ASSERT_FALSE(replay_sgf(tt, game, GameRules{}));
  EXPECT_TRUE(game.is_over());
}

TEST(SgfFixtures, MainLineAndValuesWithParentheses) {
  // The sample chosen for variations holds its '(' inside a value (OH[B-W-(B)]); real branching
  // is covered by the inline tests of sgf_test.cpp.
  SgfGame g = load("39-pro-variations.sgf");
  EXPECT_EQ(g.moves.size(), 198u);
  EXPECT_EQ(g.root_properties.at("OH")[0], "B-W-(B)");
  EXPECT_EQ(g.root_properties.at("EVX")[0], "Sponsored by Yomiuri Shinbun");
  EXPECT_EQ(g.date, "1956-07-24,25");
  EXPECT_EQ(g.komi, 0.0);
  EXPECT_EQ(g.result, "W+R");
  EXPECT_EQ(g.moves.front(), (Move{Color::kBlack, make_point(16, 2)}));  // B[qc]
  EXPECT_EQ(g.moves.back(), (Move{Color::kWhite, make_point(15, 14)}));  // W[po]
}

TEST(SgfFixtures, NonAlternatingColoursReplay) {
  SgfGame g = load("46-pro-non-alternating-colours.sgf");
  EXPECT_EQ(g.moves.size(), 252u);
  EXPECT_EQ(g.moves[250].color, Color::kBlack);  // ...;B[sb];B[sa]) : a move is missing
  EXPECT_EQ(g.moves[251].color, Color::kBlack);
  Game game;
  ASSERT_FALSE(replay_sgf(g, game, GameRules{}));
  EXPECT_EQ(game.move_number(), 252);
  EXPECT_EQ(game.board().at(make_point(18, 0)), Color::kBlack);  // sa
}

TEST(SgfFixtures, TerritoryNodeIsSkipped) {
  SgfGame g = load("49-pro-territory-TW-TB.sgf");
  EXPECT_EQ(g.size, 9);
  EXPECT_EQ(g.moves.size(), 43u);
  EXPECT_EQ(g.moves.back(), (Move{Color::kBlack, make_point(0, 4)}));  // B[ae], then ;TB[..]TW[..]
  EXPECT_FALSE(g.root_properties.count("TW"));
}

TEST(SgfFixtures, SmallBoards) {
  for (const auto& [name, size] : std::map<std::string, int>{
           {"41-pro-sz9.sgf", 9}, {"42-pro-sz13.sgf", 13}, {"48-pro-CA-lowercase-utf-8.sgf", 9}}) {
    SgfGame g = load(name);
    EXPECT_EQ(g.size, size) << name;
    Game game;
    ASSERT_FALSE(replay_sgf(g, game, GameRules{})) << name;
    EXPECT_EQ(game.size(), size);
  }
  SgfGame lower = load("48-pro-CA-lowercase-utf-8.sgf");
  EXPECT_EQ(lower.root_properties.at("CA")[0], "utf-8");
  EXPECT_EQ(lower.root_properties.at("MULTIGOGM")[0], "1");
  EXPECT_EQ(passes(lower), 2);
}

TEST(SgfFixtures, ResultsAndText) {
  const std::map<std::string, std::string> results = {
      {"03-kgs-even-B+score.sgf", "B+7.50"}, {"05-kgs-W+Time.sgf", "W+Time"}, {"07-kgs-W+Forfeit.sgf", "W+Forfeit"},
      {"08-kgs-RE-missing.sgf", ""},        {"09-kgs-RE-Void.sgf", "Void"},  {"43-pro-RE-Jigo.sgf", "Jigo"},
      {"44-pro-RE-B+-empty-margin.sgf", "B+"}, {"45-pro-RE-Unfinished.sgf", "Unfinished"}};
  for (const auto& [name, re] : results) EXPECT_EQ(load(name).result, re) << name;
  SgfGame utf8 = load("38-pro-non-ascii-utf8.sgf");
  EXPECT_EQ(utf8.black_name, "藤原深織");
  EXPECT_EQ(utf8.handicap, 2);
  SgfGame comments = load("37-pro-move-comments-C.sgf");  // C[...] in a move node
  EXPECT_EQ(comments.moves.size(), 137u);
  EXPECT_FALSE(comments.root_properties.count("C"));
  SgfGame event = load("33-kgs-event-EV-RO.sgf");
  EXPECT_FALSE(event.event.empty());
  EXPECT_TRUE(event.root_properties.count("RO"));
  EXPECT_EQ(load("30-kgs-no-BR.sgf").black_rank, "");
  EXPECT_EQ(load("12-kgs-nz-rules.sgf").rules, "NZ");
  EXPECT_EQ(load("11-kgs-aga-rules.sgf").rules, "AGA");
}

TEST(SgfFixtures, VoidedGameBreaksOnlyPositionalSuperko) {
  SgfGame g = load("09-kgs-RE-Void.sgf");
  Game game;
  MoveError e;
  EXPECT_EQ(replay_sgf(g, game, GameRules{}, &e), "illegal move at move 108 (B S8): positional superko");
  EXPECT_EQ(e, MoveError::kSuperko);
  GameRules simple;
  simple.ko = KoRule::kSimple;
  EXPECT_FALSE(replay_sgf(g, game, simple));
}

TEST(SgfFixtures, LongAndShortGames) {
  EXPECT_EQ(load("28-kgs-long-over-300-moves.sgf").moves.size(), 337u);
  EXPECT_EQ(load("27-kgs-short-under-20-moves.sgf").moves.size(), 1u);
  EXPECT_EQ(load("22-kgs-ha7.sgf").moves.size(), 3u);
}

}  // namespace
}  // namespace tengen
