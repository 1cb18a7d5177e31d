// Random playouts: moves are legal and never fill a simple own eye, the choice is uniform over
// such moves (both in the rejection-sampling and the enumeration path), and games end.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "engine/game.h"
#include "engine/random_playout.h"

namespace tengen {
namespace {

int count_acceptable(const Board& b) {
  int n = 0;
  for (int i = 0; i < b.num_empty(); ++i) n += b.is_playout_move(b.empty_at(i), b.to_move());
  return n;
}

// Positions from random games: an early one (rejection sampling succeeds at once) and late ones
// where at most a tenth of the empty points are acceptable (most are eyes), so the enumeration
// path runs too.
std::vector<Board> sample_positions() {
  std::vector<Board> out;
  FastRng rng(11);
  for (int g = 0; g < 50 && out.size() < 6; ++g) {
    Board b(13);
    while (b.consecutive_passes() < 2) {
      const int acc = count_acceptable(b);
      if ((b.num_empty() > 150 && out.empty()) || (acc > 0 && acc * 10 <= b.num_empty() && out.size() < 6 &&
                                                   rng.below(8) == 0))
        out.push_back(b);
      b.play(random_move(b, rng));
    }
  }
  return out;
}

TEST(RandomPlayout, ChoiceIsUniformOverAcceptableMoves) {
  const std::vector<Board> positions = sample_positions();
  ASSERT_GE(positions.size(), 4u);
  int seed = 0;
  for (const Board& b : positions) {
    std::map<Point, int> acceptable;
    for (int i = 0; i < b.num_empty(); ++i) {
      const Point p = b.empty_at(i);
      ASSERT_EQ(b.is_playout_move(p, b.to_move()),
                b.is_legal(p, b.to_move()) && !b.is_simple_eye(p, b.to_move()));
      if (b.is_playout_move(p, b.to_move())) acceptable[p] = 0;
    }
    for (auto choose : {random_move, random_move_by_enumeration}) {
      for (auto& [p, n] : acceptable) n = 0;
      FastRng rng(++seed);
      const int draws = 2000 * static_cast<int>(acceptable.size());
      for (int i = 0; i < draws; ++i) {
        const Point p = choose(b, rng);
        ASSERT_TRUE(acceptable.count(p)) << "unacceptable move " << point_to_gtp(p, 13) << "\n" << b.to_string();
        ++acceptable[p];
      }
      // Each point expects 2000 draws; 6 standard deviations (~270) is a generous bound.
      for (const auto& [p, n] : acceptable) EXPECT_NEAR(n, 2000, 270) << point_to_gtp(p, 13) << "\n" << b.to_string();
    }
  }
}

TEST(RandomPlayout, PassesWhenNothingIsAcceptable) {
  Board b(5);
  FastRng rng(2);
  random_playout(b, rng, 75);
  ASSERT_EQ(count_acceptable(b), 0) << b.to_string();
  EXPECT_EQ(random_move(b, rng), kPass);
  EXPECT_EQ(random_move_by_enumeration(b, rng), kPass);
}

TEST(RandomPlayout, GamesEndWithTwoPassesAndAreScored) {
  FastRng rng(3);
  for (int size : {5, 9, 19}) {
    for (int g = 0; g < 20; ++g) {
      Board b(size);
      PlayoutResult r = random_playout(b, rng, 3 * size * size);
      EXPECT_EQ(b.consecutive_passes(), 2);
      EXPECT_LT(r.moves, 3 * size * size);
      EXPECT_EQ(r.area_difference, area_difference(b));
      EXPECT_LE(std::abs(r.area_difference), size * size);
    }
  }
}

}  // namespace
}  // namespace tengen
