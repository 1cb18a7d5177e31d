// Seki in the dead-stone judgement (mcts/ownership.h): shared liberties that neither side can fill
// are found on the board, and strings touching them are seki even when the rollouts, which always
// break a seki, call them dead.
#include <gtest/gtest.h>

#include <algorithm>

#include "mcts/ownership.h"
#include "testutil/ascii_board.h"
#include "testutil/positions.h"

namespace tengen::mcts {
namespace {

using testutil::game_from_ascii;

TEST(Seki, TheSharedLibertyOfTheCornerSekiIsFound) {
  const Game g = game_from_ascii(testutil::kSeki9, Color::kBlack);
  EXPECT_EQ(seki_liberties(g.board()), std::vector<Point>{make_point(2, 0)});  // C9
}

TEST(Seki, DameThatEitherSideCanFillAreNotSekiLiberties) {
  // Two live walls with an empty column between them: every point of it is dame.
  const Game g = game_from_ascii(
      ". X X . O O . O .\n"
      "X X X . O O O O O\n"
      ". X X . O O . O .\n"
      "X X X . O O O O O\n"
      ". X X . O O . O .\n"
      "X X X . O O O O O\n"
      ". X X . O O . O .\n"
      "X X X . O O O O O\n"
      ". X X . O O . O .\n",
      Color::kBlack);
  EXPECT_TRUE(seki_liberties(g.board()).empty());
}

TEST(Seki, AStoneInAtariIsNotSeki) {
  // The white stone at B5 is in atari inside Black's area. Its liberty B4 touches both colours and
  // White cannot fill it (B4 would have one liberty, B3), but Black fills it by capturing: no seki.
  const Game g = game_from_ascii(
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". X . . X O . . .\n"
      "X O X . X O . . .\n"
      "X . X . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n",
      Color::kBlack);
  EXPECT_TRUE(seki_liberties(g.board()).empty());
}

TEST(Seki, RolloutsThatBreakTheSekiDoNotMakeItDead) {
  const Game g = game_from_ascii(testutil::kSeki9, Color::kBlack);
  const Board& b = g.board();
  // What the rollouts say from this position: Black, to move, fills C9 and White captures, so the
  // whole top belongs to White (the real estimate: -0.97 there).
  Ownership own{};
  area_owners(b, own);
  for (int x = 0; x < 9; ++x)
    for (int y = 0; y < 2; ++y) own[make_point(x, y)] = -1.0f;
  const Verdict v = judge_strings(b, own);
  std::vector<Point> seki = v.seki;
  std::sort(seki.begin(), seki.end());
  std::vector<Point> want{b.head(make_point(1, 0)), b.head(make_point(3, 0))};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(seki, want);
  EXPECT_TRUE(v.dead.empty());
  EXPECT_TRUE(v.unsettled.empty());
  EXPECT_EQ(v.area_difference, -14);  // GNU Go: W+21.5 at komi 7.5
  // The final ownership (value training's target): the seki liberty C9 is nobody's, each side's eye
  // and stones its own.
  EXPECT_EQ(v.owners[make_point(2, 0)], 0.0f);   // C9
  EXPECT_EQ(v.owners[make_point(0, 0)], -1.0f);  // A9, White's eye
  EXPECT_EQ(v.owners[make_point(1, 0)], -1.0f);  // B9, White
  EXPECT_EQ(v.owners[make_point(4, 0)], 1.0f);   // E9, Black's eye
  EXPECT_EQ(v.owners[make_point(0, 8)], 1.0f);   // A1, Black's
}

TEST(Seki, ADeadStringOutsideASekiIsStillDead) {
  // The white stone at B5 inside Black's wall, owned by Black in the rollouts: dead, no seki.
  const Game g = game_from_ascii(
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". X . . X O . . .\n"
      "X O X . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n"
      ". . . . X O . . .\n",
      Color::kBlack);
  Ownership own{};
  for (int x = 0; x < 9; ++x)
    for (int y = 0; y < 9; ++y) own[make_point(x, y)] = x <= 4 ? 1.0f : -1.0f;
  const Verdict v = judge_strings(g.board(), own);
  EXPECT_EQ(v.dead, std::vector<Point>{g.board().head(make_point(1, 4))});
  EXPECT_TRUE(v.seki.empty());
  EXPECT_EQ(v.area_difference, 45 - 36);
  // Final ownership: the dead stone and the points around it are Black's.
  EXPECT_EQ(v.owners[make_point(1, 4)], 1.0f);   // the dead white stone at B5
  EXPECT_EQ(v.owners[make_point(0, 0)], 1.0f);
  EXPECT_EQ(v.owners[make_point(8, 8)], -1.0f);
  float sum = 0;
  for (int x = 0; x < 9; ++x)
    for (int y = 0; y < 9; ++y) sum += v.owners[make_point(x, y)];
  EXPECT_EQ(sum, static_cast<float>(v.area_difference));
}

TEST(Seki, TheSharedLibertiesOfADeadGroupAreNoSeki) {
  // kNakade9: neither side can fill B8 or C8 without a self-atari, as in a seki, but Black's is a
  // killing sacrifice (a bent three inside a group with no other liberty), so White's eight
  // stones are dead, as GNU Go says, once the rollouts own them for Black.
  const Game g = game_from_ascii(testutil::kNakade9, Color::kBlack);
  const Board& b = g.board();
  EXPECT_TRUE(seki_liberties(b).empty());
  Ownership own{};
  area_owners(b, own);
  for (int x = 0; x < 4; ++x)
    for (int y = 0; y < 3; ++y) own[make_point(x, y)] = 1.0f;
  const Verdict v = judge_strings(b, own);
  EXPECT_TRUE(v.seki.empty());
  EXPECT_EQ(v.dead, std::vector<Point>{b.head(make_point(0, 0))});
  // Final ownership: White's dead group and its two liberties are Black's.
  for (int x = 0; x < 4; ++x) EXPECT_EQ(v.owners[make_point(x, 0)], 1.0f) << x;
  EXPECT_EQ(v.owners[make_point(1, 1)], 1.0f);  // B8
  EXPECT_EQ(v.owners[make_point(2, 1)], 1.0f);  // C8
}

}  // namespace
}  // namespace tengen::mcts
