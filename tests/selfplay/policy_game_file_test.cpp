// The recorded raw-policy games of `train rl --record-games` (selfplay/policy_game_file.h): a round
// trip keeps what the REINFORCE step reads, and malformed files are errors naming file and line.
#include "selfplay/policy_game_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nn/fake_evaluator.h"

namespace tengen::selfplay {
namespace {

namespace fs = std::filesystem;

std::string temp_file(const std::string& name, const std::string& text = {}) {
  const fs::path dir = fs::temp_directory_path() / ("tengen-policy-games-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  if (!text.empty()) std::ofstream(path) << text;
  return path;
}

std::vector<nn::PolicyGame> played_games() {
  nn::FakeEvaluatorOptions o;
  o.board_size = 9;
  o.has_value = false;
  nn::FakeEvaluator a(o);
  std::vector<nn::GamePlan> plans(3);
  for (size_t i = 0; i < plans.size(); ++i) {
    plans[i].seed = 7 + i;
    plans[i].black = plans[i].white = {&a, 1.0};
  }
  nn::PolicyGameOptions options;
  options.board_size = 9;
  options.komi = 6.5;
  return nn::play_policy_games(plans, options);
}

TEST(PolicyGameFile, RoundTripKeepsMovesKomiWinnerAndSymmetries) {
  const std::vector<nn::PolicyGame> games = played_games();
  const std::string path = temp_file("round-trip.games");
  write_policy_games(path, {4, games});
  const NumberedPolicyGames back = read_policy_games(path);
  EXPECT_EQ(back.first, 4);
  ASSERT_EQ(back.games.size(), games.size());
  for (size_t i = 0; i < games.size(); ++i) {
    EXPECT_EQ(back.games[i].record.moves, games[i].record.moves);
    EXPECT_EQ(back.games[i].record.winner, games[i].record.winner);
    EXPECT_EQ(back.games[i].record.komi, games[i].record.komi);
    EXPECT_EQ(back.games[i].symmetries, games[i].symmetries);
    EXPECT_GT(games[i].record.moves.size(), 10u);
  }
}

TEST(PolicyGameFile, EmptyShareRoundTrips) {
  const std::string path = temp_file("empty.games");
  write_policy_games(path, {0, {}});
  EXPECT_TRUE(read_policy_games(path).games.empty());
}

void expect_error(const std::string& name, const std::string& text, const std::string& where) {
  const std::string path = temp_file(name, text);
  try {
    read_policy_games(path);
    FAIL() << name << " was read";
  } catch (const PolicyGameFileError& e) {
    EXPECT_NE(std::string(e.what()).find(path + where), std::string::npos) << e.what();
  }
}

TEST(PolicyGameFile, MalformedFilesAreErrorsNamingFileAndLine) {
  expect_error("not-one.games", "SGF (;GM[1])\n", ":1:");
  expect_error("short.games", "tengen-policy-games 1 0 2\n1 7.5 1,2 0,0\n", ":3:");
  expect_error("fields.games", "tengen-policy-games 1 0 1\n1 7.5 1,2\n", ":2:");
  expect_error("winner.games", "tengen-policy-games 1 0 1\n5 7.5 1,2 0,0\n", ":2:");
  expect_error("numbers.games", "tengen-policy-games 1 0 1\n1 7.5 1,x 0,0\n", ":2:");
  expect_error("big.games", "tengen-policy-games 1 0 1\n1 7.5 1,2 0,256\n", ":2:");
  expect_error("symmetries.games", "tengen-policy-games 1 0 1\n1 7.5 1,2 0\n", ":2:");
  expect_error("komi.games", "tengen-policy-games 1 0 1\n1 nan 1,2 0,0\n", ":2:");
  EXPECT_THROW(read_policy_games(temp_file("missing.games")), PolicyGameFileError);
}

}  // namespace
}  // namespace tengen::selfplay
