// Games played by raw policies in lockstep (selfplay/policy_game.h): finished legal games, batching, the
// value-data schedule (opening policy before U, a random move at U, the other policies after).
#include "selfplay/policy_game.h"

#include <gtest/gtest.h>

#include <set>

#include "nn/fake_evaluator.h"

namespace tengen::nn {
namespace {

FakeEvaluator fake(uint64_t seed) {
  FakeEvaluatorOptions o;
  o.board_size = 9;
  o.seed = seed;
  o.has_value = false;
  return FakeEvaluator(o);
}

std::vector<GamePlan> plans(int n, Evaluator* b, Evaluator* w, uint64_t seed0 = 100) {
  std::vector<GamePlan> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    v[i].seed = seed0 + static_cast<uint64_t>(i);
    v[i].black = {b, 1.0};
    v[i].white = {w, 1.0};
  }
  return v;
}

TEST(PolicyGame, GamesEndByTwoPassesReplayLegallyAndScoreByArea) {
  FakeEvaluator a = fake(1), b = fake(2);
  PolicyGameOptions o;
  o.board_size = 9;
  const std::vector<PolicyGame> games = play_policy_games(plans(6, &a, &b), o);
  ASSERT_EQ(games.size(), 6u);
  std::set<uint64_t> ids;
  for (const PolicyGame& g : games) {
    EXPECT_FALSE(g.hit_move_cap);
    const GameRecord& r = g.record;
    ASSERT_GE(r.moves.size(), 2u);
    EXPECT_TRUE(is_pass_code(r.moves.back()) && is_pass_code(r.moves[r.moves.size() - 2]));
    EXPECT_TRUE(colours_alternate(r));
    Game replay(9);
    EXPECT_EQ(replay_record(r, static_cast<int>(r.moves.size()), replay, true), std::nullopt);
    // Played out to the end: every empty point is an eye of one colour, so area = the true score.
    EXPECT_DOUBLE_EQ(g.score, area_difference(replay.board()) - 7.5);
    EXPECT_EQ(r.winner, g.score > 0 ? 1 : -1);
    EXPECT_EQ(playable_moves(replay).size(), 0u);
    EXPECT_EQ(g.sampled_position, -1);
    ids.insert(r.id);
  }
  EXPECT_EQ(ids.size(), 6u) << "different seeds must give different games";
}

TEST(PolicyGame, SameSeedsSameGamesWhateverTheBatch) {
  FakeEvaluator a = fake(1), b = fake(2);
  PolicyGameOptions o;
  o.board_size = 9;
  const auto together = play_policy_games(plans(4, &a, &b), o);
  for (int i = 0; i < 4; ++i) {
    const auto alone = play_policy_games({plans(4, &a, &b)[static_cast<size_t>(i)]}, o);
    EXPECT_EQ(alone[0].record, together[static_cast<size_t>(i)].record);
  }
}

TEST(PolicyGame, PositionsOfOneSideAreEvaluatedInOneBatch) {
  FakeEvaluator a = fake(1), b = fake(2);
  PolicyGameOptions o;
  o.board_size = 9;
  int steps = 0;
  play_policy_games(plans(16, &a, &b), o, [&](int n) {
    ++steps;
    EXPECT_GE(n, 1);
  });
  EXPECT_EQ(a.max_batch_seen(), 16);
  EXPECT_EQ(b.max_batch_seen(), 16);
  EXPECT_GT(steps, 30);
}

// The spec's value-data game: opening policy for moves 1..U-1, a random move at U, then the other
// policies. Every non-random move is preceded by exactly one evaluation, so the evaluators' counts
// pin the schedule down.
TEST(PolicyGame, ValueGamesFollowTheUSchedule) {
  FakeEvaluator sl = fake(3), rl = fake(4);
  PolicyGameOptions o;
  o.board_size = 9;
  std::vector<GamePlan> v = plans(24, &rl, &rl);
  for (size_t i = 0; i < v.size(); ++i) {
    v[i].opening = {&sl, 1.0};
    v[i].random_move_at = 1 + static_cast<int>(i) * 7;  // 1 .. 162: some games end before U
  }
  const std::vector<PolicyGame> games = play_policy_games(v, o);
  int64_t opening = 0, after = 0;
  int kept = 0, ended_early = 0;
  for (size_t i = 0; i < games.size(); ++i) {
    const int len = static_cast<int>(games[i].record.moves.size());
    const int u = v[i].random_move_at;
    if (len >= u) {
      EXPECT_EQ(games[i].sampled_position, u);
      opening += u - 1;
      after += len - u;
      ++kept;
    } else {
      EXPECT_EQ(games[i].sampled_position, -1);
      opening += len;
      ++ended_early;
    }
  }
  EXPECT_GT(kept, 5);
  EXPECT_GT(ended_early, 0);
  EXPECT_EQ(sl.positions_evaluated(), opening);
  EXPECT_EQ(rl.positions_evaluated(), after);
}

TEST(PolicyGame, ASideWithoutPolicyIsRefused) {
  FakeEvaluatorOptions vo;
  vo.board_size = 9;
  vo.has_policy = false;
  FakeEvaluator value_only(vo), a = fake(1);
  PolicyGameOptions o;
  o.board_size = 9;
  EXPECT_THROW(play_policy_games(plans(1, &a, &value_only), o), std::invalid_argument);
  FakeEvaluatorOptions big;
  FakeEvaluator nineteen(big);
  EXPECT_THROW(play_policy_games(plans(1, &nineteen, &nineteen), o), std::invalid_argument);
}

}  // namespace
}  // namespace tengen::nn
