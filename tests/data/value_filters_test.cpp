// The value-data filters (data/game_filters.h) and what DatasetBuilder does with them, on small SGF
// records written here: handicap, komi out of range and missing, results by time, forfeit,
// resignation and count, a short game, ranks below the minimum and missing. Also the builder on the
// Tygem fixtures (tests/fixtures/tygem/README.md) and --exclude.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "data/dataset_builder.h"
#include "data/game_filters.h"
#include "testutil/temp_files.h"

namespace tengen::nn {
namespace {

const std::string kTygem = std::string(TENGEN_FIXTURES) + "/tygem";
const std::string kSgf = std::string(TENGEN_FIXTURES) + "/sgf";

// An even game of `moves` legal moves without captures (Black on rows c, i, o; White on rows f, l,
// r), with `root` added to the root node. Each distinct `moves` gives a distinct game id.
std::string sgf(const std::string& root, int moves = 60) {
  std::string text = "(;GM[1]FF[4]SZ[19]" + root;
  for (int i = 0; i < moves; ++i) {
    const int n = i / 2, x = n % 19, row = n / 19;
    const char y = static_cast<char>((i % 2 ? 'f' : 'c') + 6 * row);
    text += std::string(i % 2 ? ";W[" : ";B[") + static_cast<char>('a' + x) + y + "]";
  }
  return text + ")";
}

TEST(GameFilters, DecidedResults) {
  for (const char* kept : {"B+R", "B+Resign", "W+R", "w+resign", "B+3.5", "W+12.50", " B+0.5 ", "B+6.5"})
    EXPECT_TRUE(is_decided_result(kept)) << kept;
  for (const char* dropped : {"B+T", "B+Time", "W+T", "B+F", "B+Forfeit", "W+Offline", "B+", "?", "Void", "0",
                              "Draw", "Jigo", "", "Unfinished", "W+1半", "X+3.5", "B+0"})
    EXPECT_FALSE(is_decided_result(dropped)) << dropped;
}

TEST(GameFilters, Ranks) {
  EXPECT_EQ(rank_value("7d"), 7);
  EXPECT_EQ(rank_value("7D"), 7);
  EXPECT_EQ(rank_value("7 dan"), 7);
  EXPECT_EQ(rank_value("9d?"), 9);
  EXPECT_EQ(rank_value("1k"), 0);
  EXPECT_EQ(rank_value("30k"), -29);
  EXPECT_EQ(rank_value("12 kyu"), -11);
  EXPECT_EQ(rank_value("1p"), 10);
  EXPECT_EQ(rank_value("9p"), 18);
  EXPECT_EQ(rank_value("9p, Honinbo"), 18);  // the pro archive's title notes
  EXPECT_EQ(rank_value("6d ama"), 6);
  for (const char* bad : {"", "Meijin", "ama", "10d", "0k", "d", "7x", "7dx", "123d", "-3d"})
    EXPECT_FALSE(rank_value(bad)) << bad;
}

TEST(GameFilters, KomiRange) {
  EXPECT_EQ(parse_komi_range("5.5:7.5"), std::make_pair(5.5, 7.5));
  EXPECT_EQ(parse_komi_range("-1:0"), std::make_pair(-1.0, 0.0));
  for (const char* bad : {"5.5", "7.5:5.5", "a:b", "5.5:", ":7", "1e1:20", "nan:1"})
    EXPECT_FALSE(parse_komi_range(bad)) << bad;
}

// One builder per record, so each test names the one reason its record is dropped for.
std::map<std::string, int64_t> skipped_for(const BuildOptions& options, const std::string& text) {
  DatasetBuilder b(options);
  b.add_text("test.sgf", text);
  EXPECT_EQ(b.summary().games_read, 1);
  return b.summary().skipped;
}

BuildOptions value_options() {
  BuildOptions o;
  o.min_moves = 50;
  o.filters.no_handicap = o.filters.komi_range = o.filters.decided_only = true;
  o.filters.min_rank = 7;
  return o;
}

TEST(GameFilters, EachFilterDropsItsGamesInTheBuilder) {
  const BuildOptions o = value_options();
  const std::string good = "KM[6.5]RE[B+Resign]BR[8d]WR[7d]";
  using M = std::map<std::string, int64_t>;
  EXPECT_EQ(skipped_for(o, sgf(good)), M{});
  EXPECT_EQ(skipped_for(o, sgf(good + "HA[2]AB[pd][dp]")), M({{"handicap", 1}}));
  EXPECT_EQ(skipped_for(o, sgf(good + "AB[pd]")), M({{"handicap", 1}}));  // set-up stones, no HA
  EXPECT_EQ(skipped_for(o, sgf("KM[0.5]RE[B+R]")), M({{"komi out of range", 1}}));
  EXPECT_EQ(skipped_for(o, sgf("KM[8]RE[B+R]")), M({{"komi out of range", 1}}));
  EXPECT_EQ(skipped_for(o, sgf("RE[B+R]")), M({{"komi out of range", 1}}));  // no komi
  EXPECT_EQ(skipped_for(o, sgf("KM[5.5]RE[W+R]")), M{});
  EXPECT_EQ(skipped_for(o, sgf("KM[7.5]RE[W+3.5]")), M{});
  for (const char* re : {"B+T", "W+Time", "B+F", "W+Forfeit", "B+Offline", "?", "Void", "0", "Draw", "B+"})
    EXPECT_EQ(skipped_for(o, sgf(std::string("KM[6.5]RE[") + re + "]")), M({{"undecided result", 1}})) << re;
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]")), M({{"undecided result", 1}}));  // no result
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]RE[B+12.5]")), M{});
  EXPECT_EQ(skipped_for(o, sgf(good, 49)), M({{"too short", 1}}));
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]RE[B+R]BR[6d]WR[9d]")), M({{"rank below minimum", 1}}));
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]RE[B+R]BR[9d]WR[2k]")), M({{"rank below minimum", 1}}));
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]RE[B+R]BR[9d]")), M{});           // White's rank missing
  EXPECT_EQ(skipped_for(o, sgf("KM[6.5]RE[B+R]BR[3p]WR[Meijin]")), M{});  // a pro; a rank it cannot read
  // Off by default: every one of these records is kept.
  for (const char* root : {"HA[2]AB[pd][dp]", "KM[0.5]", "RE[B+T]", "BR[30k]WR[30k]"})
    EXPECT_EQ(skipped_for(BuildOptions{}, sgf(root)), M{}) << root;
}

TEST(GameFilters, ReasonsAreListedOnlyWhenOnAndInTheManifest) {
  DatasetBuilder plain{BuildOptions{}};
  EXPECT_EQ(plain.reasons(), skip_reasons());
  BuildOptions o;
  o.filters.decided_only = true;
  DatasetBuilder decided(o);
  const std::vector<std::string> expected = {"parse error",  "wrong size", "too short", "undecided result", "too long",
                                             "non-alternating colours", "bad set-up", "illegal move", "duplicate"};
  EXPECT_EQ(decided.reasons(), expected);
  decided.add_text("a.sgf", sgf("KM[6.5]RE[B+T]"));
  decided.add_text("b.sgf", sgf("KM[6.5]RE[B+R]", 61));
  testutil::TempDir dir;
  decided.write(dir.str(), "2026-12-07T00:00:00Z");
  std::ifstream in(dir / "manifest.json");
  const nlohmann::json m = nlohmann::json::parse(in);
  EXPECT_EQ(m["skipped"]["undecided result"], 1);
  EXPECT_EQ(m["games_used"], 1);
  EXPECT_EQ(m["options"]["decided_only"], true);
  EXPECT_EQ(m["options"]["no_handicap"], false);
  EXPECT_FALSE(m.contains("tygem"));
}

TEST(DatasetBuilderTygem, FixturesCountsAndFilters) {
  BuildOptions o;
  o.min_moves = 10;
  DatasetBuilder b(o);
  b.add_inputs({kTygem});
  const BuildSummary& s = b.summary();
  EXPECT_EQ(s.input_errors, 0);
  EXPECT_EQ(s.tygem_folders, 1);
  EXPECT_EQ(s.games_read, 10);  // one per Kifu line
  EXPECT_EQ(s.used(), 5);
  const std::map<std::string, int64_t> skipped = {{"truncated line", 1}, {"no index line", 3}, {"move count mismatch", 1}};
  EXPECT_EQ(s.skipped, skipped);
  EXPECT_EQ(s.tygem.malformed_index_lines, 2);
  EXPECT_EQ(s.problem_examples.at("malformed index line").size(), 2u);
  EXPECT_EQ(b.reasons().front(), "malformed game line");
  // With the value filters at 20 moves: 900000111 (12 moves) is too short, 900000103 (B+Time) undecided.
  BuildOptions vo = value_options();
  vo.min_moves = 20;
  DatasetBuilder v(vo);
  v.add_inputs({kTygem});
  EXPECT_EQ(v.summary().used(), 3);
  EXPECT_EQ(v.summary().skipped.at("too short"), 1);
  EXPECT_EQ(v.summary().skipped.at("undecided result"), 1);
  BuildOptions decided;
  decided.min_moves = 0;
  decided.filters.decided_only = true;
  DatasetBuilder d(decided);
  d.add_inputs({kTygem});
  EXPECT_EQ(d.summary().skipped.at("undecided result"), 2);
  EXPECT_EQ(d.summary().used(), 3);
  // A game is in one split only: the split is by game id.
  for (const GameRecord& g : d.train_games()) EXPECT_FALSE(DatasetBuilder::is_validation(g.id, decided.val_per_mille));
  for (const GameRecord& g : d.val_games()) EXPECT_TRUE(DatasetBuilder::is_validation(g.id, decided.val_per_mille));
}

TEST(DatasetBuilderTygem, ExcludeSkipsMatchingTextsAndFolders) {
  BuildOptions o;
  o.exclude = {"*02-kgs-*", "*/tygem"};
  DatasetBuilder b(o);
  b.add_inputs({kSgf, kTygem});
  EXPECT_EQ(b.summary().files_excluded, 2);
  EXPECT_EQ(b.summary().files, 49);
  EXPECT_EQ(b.summary().tygem_folders, 0);
}

}  // namespace
}  // namespace tengen::nn
