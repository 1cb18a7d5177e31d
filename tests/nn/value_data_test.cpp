// Value data: finding value shards, the split by game id, one position per human game.
#include "nn/value_data.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "nn/dataset_builder.h"

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
  const std::vector<GameRecord> a = one_position_per_game(games, 7), b = one_position_per_game(games, 7);
  ASSERT_EQ(a.size(), 320u);  // the 80 undecided games give nothing
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
