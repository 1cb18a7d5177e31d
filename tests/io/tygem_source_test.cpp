// The Tygem 9d archive reader (io/tygem_source.h) on the fixtures of tests/fixtures/tygem (their
// README says what each game and index line is): every game joined with its moves and result, every
// line or record that cannot be used counted under its reason and named by file and line; and on
// damaged copies made here: a damaged and an empty zip, files that are not Tygem files, a duplicate
// index record. Reading always goes on with the next file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "io/tygem_source.h"
#include "testutil/temp_files.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;
using testutil::TempDir;

const std::string kFixtures = std::string(TENGEN_FIXTURES) + "/tygem";

struct Read {
  std::map<std::string, SgfGame> games;  // "2015-07:<line>" -> game
  std::vector<std::string> problems;     // "kind | where: message"
  TygemStats stats;
  bool has(const std::string& kind, const std::string& where_part) const {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
      return p.rfind(kind + " | ", 0) == 0 && p.find(where_part) != std::string::npos;
    });
  }
};

Read read(const std::string& folder) {
  Read r;
  r.stats = for_each_tygem_game(
      folder,
      [&](const std::string& name, const SgfGame& game) {
        const size_t at = name.rfind("2015-07:");
        r.games[at == std::string::npos ? name : name.substr(at)] = game;
      },
      [&](const std::string& kind, const std::string& where, const std::string& message) {
        r.problems.push_back(kind + " | " + where + ": " + message);
      });
  return r;
}

// A copy of the fixture folder to damage.
void copy_fixtures(const TempDir& dir) {
  fs::copy(kFixtures + "/Kifu", dir / "Kifu");
  fs::copy(kFixtures + "/index", dir / "index");
}

TEST(TygemSource, FixtureFolderIsATygemFolder) {
  EXPECT_TRUE(is_tygem_folder(kFixtures));
  EXPECT_FALSE(is_tygem_folder(kFixtures + "/Kifu"));
  EXPECT_FALSE(is_tygem_folder("/does/not/exist"));
}

TEST(TygemSource, JoinedGamesHaveTheirMovesAndResult) {
  const Read r = read(kFixtures);
  ASSERT_EQ(r.games.size(), 5u);  // 101, 102, 103, 110, 111 (lines 1, 2, 3, 9, 10)
  const SgfGame& first = r.games.at("2015-07:1");  // 900000101: 24 moves, W+Resign
  EXPECT_EQ(first.size, 19);
  ASSERT_TRUE(first.komi.has_value());
  EXPECT_EQ(*first.komi, 6.5);
  EXPECT_EQ(first.handicap, 0);
  EXPECT_TRUE(first.setup.empty());
  EXPECT_EQ(first.result, "W+Resign");
  ASSERT_EQ(first.moves.size(), 24u);
  EXPECT_EQ(first.moves[0].color, Color::kBlack);  // ;B[lp]
  EXPECT_EQ(first.moves[0].point, make_point('l' - 'a', 'p' - 'a'));
  EXPECT_EQ(first.moves[23].color, Color::kWhite);  // ;W[mh]
  EXPECT_EQ(first.moves[23].point, make_point('m' - 'a', 'h' - 'a'));
  // 900000102: counted, Korean and Chinese display names on its index line.
  EXPECT_EQ(r.games.at("2015-07:2").result, "B+6.5");
  EXPECT_EQ(r.games.at("2015-07:2").moves.size(), 30u);
  // 900000103: B+Time, 21 nodes with a mid-game pass (the index counts 20 stones).
  const SgfGame& timed = r.games.at("2015-07:3");
  EXPECT_EQ(timed.result, "B+Time");
  ASSERT_EQ(timed.moves.size(), 21u);
  EXPECT_EQ(timed.moves[12].point, kPass);
  EXPECT_EQ(timed.moves[12].color, Color::kBlack);
  // 900000110: its own index line (the glued copy in the 21-field line is not used).
  EXPECT_EQ(r.games.at("2015-07:9").result, "W+Resign");
  EXPECT_EQ(r.games.at("2015-07:10").result, "B+Offline");
  EXPECT_EQ(r.games.at("2015-07:10").moves.size(), 12u);
}

TEST(TygemSource, EveryUnusableLineIsCountedAndNamed) {
  const Read r = read(kFixtures);
  const TygemStats& s = r.stats;
  EXPECT_EQ(s.kifu_files, 1);
  EXPECT_EQ(s.index_files, 1);
  EXPECT_EQ(s.kifu_lines, 10);
  EXPECT_EQ(s.games, 5);
  EXPECT_EQ(s.index_records, 8);       // 10 lines less the 9- and 21-field ones
  EXPECT_EQ(s.index_without_game, 1);  // 900000105
  EXPECT_EQ(s.malformed_index_lines, 2);
  EXPECT_EQ(s.duplicate_index_records, 0);
  EXPECT_EQ(s.unreadable_files, 0);
  const std::map<std::string, int64_t> skipped = {{"truncated line", 1}, {"no index line", 3}, {"move count mismatch", 1}};
  EXPECT_EQ(s.skipped, skipped);
  EXPECT_TRUE(r.has("truncated line", "Kifu/2015-07.zip:2015-07:5"));  // 900000106 ends "...;W[j"
  EXPECT_TRUE(r.has("no index line", "2015-07:4"));                    // 900000104
  EXPECT_TRUE(r.has("no index line", "2015-07:7"));                    // 900000108: its line has 9 fields
  EXPECT_TRUE(r.has("no index line", "2015-07:8"));                    // 900000109: glued into 21 fields
  EXPECT_TRUE(r.has("move count mismatch", "2015-07:6: 14 moves, the index says 224"));  // 900000107
  EXPECT_TRUE(r.has("malformed index line", "Kifu2015.index:7: 9 TAB-separated fields, expected 11"));
  EXPECT_TRUE(r.has("malformed index line", "Kifu2015.index:8: 21 TAB-separated fields, expected 11"));
}

TEST(TygemSource, DuplicateIndexRecordKeepsTheFirstAndNamesBoth) {
  TempDir dir;
  copy_fixtures(dir);
  // Read after Kifu2015.index.tar.gz (sorted: 'K' < 'e'): a second record of 900000101 and bad lines.
  dir.file("index/extra.index",
           "900000101\tC2015.07.01 10:48\ta\ta\t0\tb\tb\t0\tB+Resign\t24\t30/3 5m\n"
           "x00000102\tC2015.07.01 10:48\ta\ta\t0\tb\tb\t0\tB+Resign\t24\t30/3 5m\n"
           "900000120\tC2015.07.01 10:48\ta\ta\t0\tb\tb\t0\tB+Resign\tmany\t30/3 5m\n"
           "900000121\tC2015\n");
  const Read r = read(dir.str());
  EXPECT_EQ(r.stats.index_files, 2);
  EXPECT_EQ(r.stats.duplicate_index_records, 1);
  EXPECT_EQ(r.stats.malformed_index_lines, 5);  // the fixture's two, a bad id, a bad count, 2 fields
  EXPECT_TRUE(r.has("duplicate index record", "extra.index:1: another record of id 900000101"));
  EXPECT_TRUE(r.has("malformed index line", "extra.index:2: the id is not a number"));
  EXPECT_TRUE(r.has("malformed index line", "extra.index:3: the move count"));
  EXPECT_TRUE(r.has("malformed index line", "extra.index:4: 2 TAB-separated fields"));
  EXPECT_EQ(r.games.at("2015-07:1").result, "W+Resign");  // the first record read
}

TEST(TygemSource, DamagedAndEmptyZipsAreNamedAndTheOtherFilesAreRead) {
  TempDir dir;
  copy_fixtures(dir);
  // Flip bytes inside the deflated member: the zip opens, the member cannot be read whole.
  std::string zip;
  {
    std::ifstream in(dir / "Kifu/2015-07.zip", std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(zip.size(), 400u);
  for (size_t i = 120; i < 160; ++i) zip[i] = static_cast<char>(zip[i] ^ 0x5a);
  dir.file("Kifu/2015-07.zip", zip);
  dir.file("Kifu/2015-06.zip", "");  // as the snapshot's missing files: listed, empty
  dir.file("Kifu/2015-05.zip", "PK\x03\x04 but nothing else");  // counted once, not twice
  // A plain (unpacked) Kifu file after them gives 900000105 (index: 187 moves) its game.
  std::string line = "900000105\t";
  for (int i = 0; i < 187; ++i)
    line += std::string(i % 2 ? ";W[" : ";B[") + static_cast<char>('a' + i % 19) + static_cast<char>('a' + i / 19) + "]";
  dir.file("Kifu/2015-08", line + "\n");
  std::vector<std::string> joined;
  const TygemStats s = for_each_tygem_game(
      dir.str(), [&](const std::string& name, const SgfGame&) { joined.push_back(name); },
      [](const std::string&, const std::string&, const std::string&) {});
  EXPECT_EQ(s.unreadable_files, 3);
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_NE(joined[0].find("Kifu/2015-08:1"), std::string::npos);
  EXPECT_EQ(s.index_without_game, 7);  // the damaged month's 7 joined records have lost their games
  Read r = read(dir.str());
  EXPECT_TRUE(r.has("unreadable file", "Kifu/2015-06.zip: no file inside"));
  EXPECT_TRUE(r.has("unreadable file", "Kifu/2015-07.zip"));
  EXPECT_TRUE(r.has("unreadable file", "Kifu/2015-05.zip"));
}

TEST(TygemSource, FilesThatAreNotTygemFilesAreNamedAndSkipped) {
  TempDir dir;
  copy_fixtures(dir);
  dir.file("Kifu/notes.txt", "These are my notes.\n900000101\t;B[pd]\n");
  dir.file("Kifu/image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  dir.file("index/readme.txt", "id date white ...\n");
  dir.file("Kifu/.hidden", "ignored: a hidden file");
  testutil::write_archive(dir / "Kifu/2015-09.zip", "zip", {{"2015-09", "not a kifu line\n"}});
  dir.file("Kifu/2015-10", "900000130\t;B[pd];X[dd]\nabc\t;B[pd]\n");  // a Tygem start, bad lines
  const Read r = read(dir.str());
  EXPECT_EQ(r.stats.unreadable_files, 4);
  EXPECT_TRUE(r.has("unreadable file", "Kifu/notes.txt: not a Tygem Kifu file"));
  EXPECT_TRUE(r.has("unreadable file", "Kifu/image.png: not a Tygem Kifu file"));
  EXPECT_TRUE(r.has("unreadable file", "Kifu/2015-09.zip:2015-09: not a Tygem Kifu file"));
  EXPECT_TRUE(r.has("unreadable file", "index/readme.txt: not a Tygem index file"));
  EXPECT_EQ(r.stats.skipped.at("malformed game line"), 2);
  EXPECT_TRUE(r.has("malformed game line", "Kifu/2015-10:1"));
  EXPECT_TRUE(r.has("malformed game line", "Kifu/2015-10:2"));
  EXPECT_EQ(r.stats.games, 5);  // the fixture's games are still read
}

TEST(TygemSource, MissingFoldersAreReportedNotThrown) {
  TempDir dir;
  fs::create_directories(dir / "Kifu");
  const Read r = read(dir.str());  // no index/ folder
  EXPECT_EQ(r.stats.games, 0);
  EXPECT_EQ(r.stats.unreadable_files, 1);
  EXPECT_TRUE(r.has("unreadable file", "/index: cannot read directory"));
}

}  // namespace
}  // namespace tengen::io
