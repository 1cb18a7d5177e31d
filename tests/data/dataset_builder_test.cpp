// DatasetBuilder (data/dataset_builder.h): exact counts and skip reasons on the 50 sample files,
// deduplication, a split that does not depend on input order, and the written shards + manifest.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/sgf.h"
#include "data/dataset_builder.h"

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(TENGEN_FIXTURES) + "/sgf";

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            (std::string("tengen-builder-") + info->name() + "-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// name -> text of every .sgf in a folder, sorted by name.
std::vector<std::pair<std::string, std::string>> texts_in(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sgf") out.emplace_back(e.path().filename().string(), read_file(e.path().string()));
  std::sort(out.begin(), out.end());
  return out;
}

// Why each sample file is skipped, read off the files themselves: SZ[9]/SZ[13] in 41, 42, 48, 49;
// 3, 1 and 1 moves in 22, 25, 27; "B[..];B[..]" at moves 251-252 of 46. Every other file is kept.
const std::map<std::string, std::string> kSkipped = {
    {"22-kgs-ha7.sgf", "too short"},
    {"25-kgs-ha-without-AB.sgf", "too short"},
    {"27-kgs-short-under-20-moves.sgf", "too short"},
    {"41-pro-sz9.sgf", "wrong size"},
    {"42-pro-sz13.sgf", "wrong size"},
    {"46-pro-non-alternating-colours.sgf", "non-alternating colours"},
    {"48-pro-CA-lowercase-utf-8.sgf", "wrong size"},
    {"49-pro-territory-TW-TB.sgf", "wrong size"},
};

void expect_sample_counts(const std::string& dir) {
  const auto texts = texts_in(dir);
  ASSERT_EQ(texts.size(), 50u) << dir;
  // File by file: each is kept or skipped for exactly the expected reason.
  int64_t moves = 0, positions = 0;
  for (const auto& [name, text] : texts) {
    DatasetBuilder one{BuildOptions{}};
    one.add_text(name, text);
    const BuildSummary& s = one.summary();
    EXPECT_EQ(s.games_read, 1) << name;
    auto it = kSkipped.find(name);
    if (it == kSkipped.end()) {
      EXPECT_EQ(s.used(), 1) << name << " should be kept";
      // Independent count: the main line as the SGF parser reads it.
      const SgfParseResult parsed = parse_sgf(text, name);
      for (const Move& m : parsed.games.at(0).moves) {
        ++moves;
        positions += m.point != kPass ? 1 : 0;
      }
    } else {
      EXPECT_EQ(s.used(), 0) << name;
      EXPECT_EQ(s.skipped.size(), 1u) << name;
      EXPECT_EQ(s.skipped.count(it->second), 1u) << name << " should be skipped as " << it->second;
    }
  }
  // The whole folder through io::for_each_sgf.
  DatasetBuilder all{BuildOptions{}};
  all.add_inputs({dir});
  const BuildSummary& s = all.summary();
  EXPECT_EQ(s.files, 50);
  EXPECT_EQ(s.input_errors, 0);
  EXPECT_EQ(s.games_read, 50);
  EXPECT_EQ(s.used(), 42);
  EXPECT_EQ(s.skipped_total(), 8);
  const std::map<std::string, int64_t> expected = {{"too short", 3}, {"wrong size", 4}, {"non-alternating colours", 1}};
  EXPECT_EQ(s.skipped, expected);
  EXPECT_EQ(s.train.moves + s.val.moves, moves);
  EXPECT_EQ(s.train.positions + s.val.positions, positions);
  EXPECT_EQ(moves, 7580);  // pinned, so a change in the parser or the rules shows up here
  EXPECT_EQ(positions, 7564);
}

TEST(DatasetBuilder, SampleFilesCountsAndSkipsExactly) { expect_sample_counts(kFixtures); }

TEST(DatasetBuilder, SharedSampleCountsAndSkipsExactly) {
  const std::string dir = std::string(TENGEN_SHARED_DATA) + "/sample";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not present";
  expect_sample_counts(dir);
}

TEST(DatasetBuilder, OtherBoardSizeKeepsOnlyThatSize) {
  BuildOptions o;
  o.size = 9;
  DatasetBuilder b(o);
  b.add_inputs({kFixtures});
  EXPECT_EQ(b.summary().used(), 3);  // 41, 48, 49
  EXPECT_EQ(b.summary().skipped.at("wrong size"), 47);
}

TEST(DatasetBuilder, ParseErrorsIllegalMovesAndBadSetUp) {
  BuildOptions o;
  o.min_moves = 0;
  DatasetBuilder b(o);
  b.add_text("broken", "(;SZ[19];B[pd];W[dp");
  b.add_text("occupied", "(;SZ[19];B[pd];W[pd])");
  b.add_text("setup-no-liberty", "(;SZ[19]AB[aa]AW[ab][ba];B[pd])");  // AW[ba] would capture AB[aa]
  b.add_text("setup-occupied", "(;SZ[19]AB[cc]AW[cc];B[pd])");
  b.add_text("two-games", "(;SZ[19];B[pd])(;SZ[19];B[dd])");
  const BuildSummary& s = b.summary();
  EXPECT_EQ(s.games_read, 6);
  const std::map<std::string, int64_t> expected = {{"parse error", 1}, {"illegal move", 1}, {"bad set-up", 2}};
  EXPECT_EQ(s.skipped, expected);
  EXPECT_EQ(s.used(), 2);
}

TEST(DatasetBuilder, DuplicatesAreRemovedKeepingTheFirst) {
  const std::string game = read_file(kFixtures + "/02-kgs-even-japanese-km6.5-B+Resign.sgf");
  std::string relabelled = game;  // the same moves with another result and komi: still the same game
  relabelled.replace(relabelled.find("RE[B+Resign]"), 12, "RE[W+Resign]");
  DatasetBuilder b{BuildOptions{}};
  b.add_text("a.sgf", game);
  b.add_text("b.sgf", game);
  b.add_text("c.sgf", relabelled);
  EXPECT_EQ(b.summary().games_read, 3);
  EXPECT_EQ(b.summary().used(), 1);
  EXPECT_EQ(b.summary().skipped.at("duplicate"), 2);
  std::vector<GameRecord> kept = b.train_games();
  kept.insert(kept.end(), b.val_games().begin(), b.val_games().end());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].winner, 1);  // the first one read
  // One move different: another game.
  std::string other = game;
  other.replace(other.find(";B["), 6, ";B[aa]");
  b.add_text("d.sgf", other);
  EXPECT_EQ(b.summary().used(), 2);
}

std::vector<uint64_t> sorted_ids(const std::vector<GameRecord>& games) {
  std::vector<uint64_t> ids;
  for (const GameRecord& g : games) ids.push_back(g.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(DatasetBuilder, SplitIsByGameAndIndependentOfInputOrder) {
  auto texts = texts_in(kFixtures);
  BuildOptions o;
  o.val_per_mille = 300;  // enough validation games among 42 to make the test meaningful
  o.shard_games = 7;
  DatasetBuilder forward(o), backward(o), shuffled(o);
  for (const auto& [name, text] : texts) forward.add_text(name, text);
  for (auto it = texts.rbegin(); it != texts.rend(); ++it) backward.add_text(it->first, it->second);
  std::vector<std::pair<std::string, std::string>> twice = texts;  // every file twice, shuffled
  twice.insert(twice.end(), texts.begin(), texts.end());
  std::shuffle(twice.begin(), twice.end(), std::mt19937(42));
  for (const auto& [name, text] : twice) shuffled.add_text(name, text);

  ASSERT_GT(forward.val_games().size(), 5u);
  ASSERT_GT(forward.train_games().size(), 20u);
  for (const GameRecord& g : forward.val_games()) EXPECT_LT(g.id % 1000, 300u);
  for (const GameRecord& g : forward.train_games()) EXPECT_GE(g.id % 1000, 300u);
  for (const DatasetBuilder* other : {&backward, &shuffled}) {
    EXPECT_EQ(sorted_ids(other->val_games()), sorted_ids(forward.val_games()));
    EXPECT_EQ(sorted_ids(other->train_games()), sorted_ids(forward.train_games()));
  }
  EXPECT_EQ(shuffled.summary().skipped.at("duplicate"), 42);

  // The shards themselves are the same bytes whatever the order (games are sorted by id).
  TempDir a("a"), c("c");
  forward.write(a.str(), "2026-11-22T00:00:00Z");
  shuffled.write(c.str(), "2026-11-22T00:00:00Z");
  ASSERT_EQ(forward.summary().shards.size(), shuffled.summary().shards.size());
  for (const ShardInfo& s : forward.summary().shards)
    EXPECT_EQ(read_file(a.str() + "/" + s.file), read_file(c.str() + "/" + s.file)) << s.file;
}

TEST(DatasetBuilder, WritesShardsAndManifest) {
  BuildOptions o;
  o.shard_games = 10;
  DatasetBuilder b(o);
  b.add_inputs({kFixtures});
  TempDir dir("out");
  const BuildSummary& s = b.write(dir.str() + "/nested/data", "2026-11-22T00:00:00Z");
  const std::string out = dir.str() + "/nested/data";
  const int64_t train = s.train.games, val = s.val.games;
  ASSERT_EQ(train + val, 42);
  const std::vector<std::string> train_files = manifest_shards(out, "train");
  const std::vector<std::string> val_files = manifest_shards(out, "val");
  EXPECT_EQ(static_cast<int64_t>(train_files.size()), (train + 9) / 10);
  EXPECT_EQ(static_cast<int64_t>(val_files.size()), (val + 9) / 10);
  ASSERT_FALSE(train_files.empty());
  EXPECT_EQ(fs::path(train_files[0]).filename().string(), "train-00000.tgd.zst");
  int64_t games = 0, positions = 0;
  uint64_t last_id = 0;
  for (const std::string& f : train_files) {
    for (const GameRecord& g : read_shard(f)) {
      EXPECT_GE(g.id, last_id);  // sorted by id across the shards of a split
      last_id = g.id;
      ++games;
      positions += g.stone_moves();
    }
  }
  EXPECT_EQ(games, train);
  EXPECT_EQ(positions, s.train.positions);

  const nlohmann::json m = nlohmann::json::parse(read_file(out + "/manifest.json"));
  EXPECT_EQ(m["created"], "2026-11-22T00:00:00Z");
  EXPECT_EQ(m["games_read"], 50);
  EXPECT_EQ(m["games_used"], 42);
  EXPECT_EQ(m["train"]["positions"], s.train.positions);
  EXPECT_EQ(m["skipped"]["too short"], 3);
  EXPECT_EQ(m["skipped"]["duplicate"], 0);
  EXPECT_EQ(m["options"]["rules"], "simple");
  EXPECT_EQ(m["inputs"][0], kFixtures);
  EXPECT_EQ(m["shards"].size(), train_files.size() + val_files.size());
  for (const auto& e : fs::directory_iterator(out))  // nothing half-written left behind
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(DatasetBuilder, MissingManifestAndBadOptionsAreErrors) {
  EXPECT_THROW(manifest_shards("/does/not/exist", "train"), DatasetError);
  BuildOptions o;
  o.val_per_mille = 1001;
  EXPECT_THROW(DatasetBuilder{o}, DatasetError);
  DatasetBuilder b{BuildOptions{}};
  std::vector<std::string> errors;
  b.add_inputs({"/does/not/exist.sgf"}, {}, [&](const std::string& n, const std::string&) { errors.push_back(n); });
  EXPECT_EQ(b.summary().input_errors, 1);
  EXPECT_EQ(errors.size(), 1u);
}

}  // namespace
}  // namespace tengen::nn
