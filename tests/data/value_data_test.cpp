// Value data: finding value shards, the split by game id, positions sampled from human games.
#include "data/value_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "engine/sgf.h"

#include "data/dataset_builder.h"

namespace tengen::nn {
namespace {

GameRecord game(int moves, int winner, uint64_t salt) {
  GameRecord r;
  r.size = 9;
  // Distinct games: the first move's point depends on the salt.
  for (int i = 0; i < moves; ++i) {
    const int k = static_cast<int>((static_cast<uint64_t>(i) + salt) % 81);
    r.moves.push_back(encode_move({i % 2 ? Color::kWhite : Color::kBlack, make_point(k % 9, k / 9)}));
  }
  r.winner = static_cast<int8_t>(winner);
  r.id = game_id(9, r.setup, r.moves);
  return r;
}

TEST(ValueData, OnePositionPerDecidedGameAtAUniformMoveNumber) {
  std::vector<GameRecord> games;
  for (int i = 0; i < 400; ++i) games.push_back(game(40, i % 5 == 0 ? 0 : (i % 2 ? 1 : -1), static_cast<uint64_t>(i)));
  ValueSampleCounts counts;
  const std::vector<GameRecord> a = positions_per_game(games, 1, 7, &counts), b = positions_per_game(games, 1, 7);
  ASSERT_EQ(a.size(), 320u);  // the 80 undecided games give nothing
  EXPECT_EQ(counts.no_result, 80);
  EXPECT_EQ(counts.games, 320);
  EXPECT_EQ(a, b);            // deterministic
  std::vector<int> halves(2);
  for (const GameRecord& r : a) {
    ASSERT_GE(r.moves.size(), 1u);
    ASSERT_LE(r.moves.size(), 40u);
    EXPECT_NE(r.winner, 0);
    ++halves[r.moves.size() > 20 ? 1 : 0];
  }
  EXPECT_GT(halves[0], 110);  // uniform over 1..40: about 160 each
  EXPECT_GT(halves[1], 110);
}

TEST(ValueData, SeveralPositionsPerGameOnePerStretch) {
  std::vector<GameRecord> games;
  for (int i = 0; i < 200; ++i) games.push_back(game(100, i % 2 ? 1 : -1, static_cast<uint64_t>(i)));
  games.push_back(game(3, 1, 999));  // shorter than K: one position per move
  ValueSampleCounts counts;
  const std::vector<GameRecord> out = positions_per_game(games, 8, 3, &counts);
  ASSERT_EQ(out.size(), 200u * 8 + 3);
  EXPECT_EQ(counts.positions, 1603);
  std::vector<int> per_stretch(8);
  for (size_t g = 0; g < 200; ++g)
    for (size_t k = 0; k < 8; ++k) {
      const GameRecord& r = out[g * 8 + k];
      // Stretch k of a 100-move game holds moves k*100/8+1 .. (k+1)*100/8.
      EXPECT_GT(r.moves.size(), k * 100 / 8);
      EXPECT_LE(r.moves.size(), (k + 1) * 100 / 8);
      EXPECT_EQ(r.winner, games[g].winner);
      EXPECT_TRUE(std::equal(r.moves.begin(), r.moves.end(), games[g].moves.begin()));
      EXPECT_EQ(r.id, game_id(9, r.setup, r.moves));
    }
  for (size_t k = 0; k < 3; ++k) EXPECT_EQ(out[1600 + k].moves.size(), k + 1);
  // Stretch 0 of K = 8 is not a repeat of K = 1's draw over the whole game (a different seed per stretch
  // would be fine too; what matters is that K = 1 keeps the old one-position-per-game sample).
  EXPECT_EQ(positions_per_game(games, 1, 3)[0].moves.size(), positions_per_game({games[0]}, 1, 3)[0].moves.size());
}

TEST(ValueData, RecordsWithoutAWinnerAreSkippedAndCountedNeverLabelled) {
  // RE as written in real archives: no result, void, empty, a draw in several spellings, unknown.
  const char* undecided[] = {"RE[?]", "RE[Void]", "RE[]", "RE[0]", "RE[Draw]", "RE[Jigo]", "", "RE[Unknown]"};
  const char* decided[] = {"RE[B+R]", "RE[W+12.5]", "RE[B+T]", "RE[W+Resign]", "RE[B+]"};
  std::vector<GameRecord> games;
  auto add = [&](const std::string& re, int salt) {
    const std::string text = "(;GM[1]FF[4]SZ[9]KM[7.5]" + re + ";B[" + std::string(1, static_cast<char>('a' + salt % 9)) +
                             std::string(1, static_cast<char>('a' + salt / 9)) + "];W[ee];B[gg])";
    const SgfParseResult parsed = parse_sgf(text, "test.sgf");
    ASSERT_FALSE(parsed.error) << text;
    ASSERT_EQ(parsed.games.size(), 1u);
    const absl::StatusOr<GameRecord> r = record_from_sgf(parsed.games[0]);
    ASSERT_TRUE(r.ok()) << r.status();
    games.push_back(*r);
  };
  int salt = 0;
  for (const char* re : undecided) add(re, salt++);
  for (const char* re : decided) add(re, salt++);
  ValueSampleCounts counts;
  const std::vector<GameRecord> out = positions_per_game(games, 4, 1, &counts);
  EXPECT_EQ(counts.no_result, 8);
  EXPECT_EQ(counts.games, 5);
  ASSERT_EQ(out.size(), 5u * 3);  // three moves each: one position per move
  const int winners[] = {1, -1, 1, -1, 1};
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].winner, winners[i / 3]) << i;
}

TEST(ValueData, ShardsAreFoundAndSplitByGameId) {
  const std::string dir = ::testing::TempDir() + "tengen_value_data";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/shards");
  EXPECT_THROW(value_shard_files({dir}), DatasetError);
  std::vector<GameRecord> games;
  for (int i = 0; i < 50; ++i) games.push_back(game(10, 1, static_cast<uint64_t>(i)));
  write_shard(dir + "/shards/value-00000.tgd.zst", games);
  write_shard(dir + "/shards/selfplay-00000.tgd.zst", games);  // full games: not value data
  const std::vector<std::string> files = value_shard_files({dir});
  ASSERT_EQ(files.size(), 1u);
  const ValueSplit split = load_value_split(files, 300);
  EXPECT_EQ(split.train.size() + split.val.size(), 50u);
  for (const GameRecord& r : split.val) EXPECT_TRUE(DatasetBuilder::is_validation(r.id, 300));
  for (const GameRecord& r : split.train) EXPECT_FALSE(DatasetBuilder::is_validation(r.id, 300));
}

}  // namespace
}  // namespace tengen::nn
