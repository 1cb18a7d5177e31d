// The bounded ladder reader (engine/ladder.h): working and broken ladders, escapes, captures of
// attacker stones, the budget rule, and a corner-to-corner ladder on 19x19.
#include <gtest/gtest.h>

#include <string>

#include "engine/ladder.h"
#include "testutil/ascii_board.h"
#include "testutil/positions.h"

namespace tengen {
namespace {

using testutil::game_from_ascii;

using testutil::kLadder9;  // see testutil/positions.h

TEST(Ladder, WorkingLadderInBothDirections) {
  Game g = game_from_ascii(kLadder9, Color::kBlack);
  EXPECT_TRUE(is_ladder_capture(g.board(), make_point(2, 2), Color::kBlack));
  EXPECT_TRUE(is_ladder_capture(g.board(), make_point(3, 3), Color::kBlack));
}

TEST(Ladder, BreakerStoneBreaksOnlyItsDirection) {
  Game g = game_from_ascii(kLadder9, Color::kBlack);
  ASSERT_TRUE(g.add_setup_stone(make_point(7, 7), Color::kWhite));
  EXPECT_FALSE(is_ladder_capture(g.board(), make_point(2, 2), Color::kBlack));
  EXPECT_TRUE(is_ladder_capture(g.board(), make_point(3, 3), Color::kBlack));
  // A breaker of the attacker's colour helps the attacker instead.
  Game h = game_from_ascii(kLadder9, Color::kBlack);
  ASSERT_TRUE(h.add_setup_stone(make_point(7, 7), Color::kBlack));
  EXPECT_TRUE(is_ladder_capture(h.board(), make_point(2, 2), Color::kBlack));
}

TEST(Ladder, NotALadderCapture) {
  Game g = game_from_ascii(kLadder9, Color::kBlack);
  EXPECT_FALSE(is_ladder_capture(g.board(), make_point(6, 6), Color::kBlack));  // touches nothing
  EXPECT_FALSE(is_ladder_capture(g.board(), make_point(2, 3), Color::kBlack));  // occupied
  EXPECT_FALSE(may_be_ladder_capture(g.board(), make_point(6, 6), Color::kBlack));
  EXPECT_TRUE(may_be_ladder_capture(g.board(), make_point(2, 2), Color::kBlack));
  // An atari in the open: the defender extends to three liberties.
  Game open = game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . X . . . .\n"
      ". . . . O . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  ASSERT_TRUE(open.add_setup_stone(make_point(3, 4), Color::kBlack));  // O: two liberties
  EXPECT_FALSE(is_ladder_capture(open.board(), make_point(5, 4), Color::kBlack));
  EXPECT_FALSE(is_ladder_capture(open.board(), make_point(4, 5), Color::kBlack));
}

TEST(Ladder, DefenderCapturingAnAttackerStoneBreaksTheLadder) {
  // Black (1,3) is in atari (liberty (1,4)): after Black's atari at (2,2), White captures it.
  Game g = game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". O . X . . . . .\n"
      "O X O . . . . . .\n"
      ". . X . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  EXPECT_FALSE(is_ladder_capture(g.board(), make_point(2, 2), Color::kBlack));
}

TEST(Ladder, Escape) {
  Game g = game_from_ascii(kLadder9, Color::kWhite);
  ASSERT_TRUE(g.add_setup_stone(make_point(2, 2), Color::kBlack));  // O in atari, liberty (3,3)
  EXPECT_TRUE(may_be_ladder_escape(g.board(), make_point(3, 3), Color::kWhite));
  EXPECT_FALSE(is_ladder_escape(g.board(), make_point(3, 3), Color::kWhite));  // the ladder works
  EXPECT_FALSE(is_ladder_escape(g.board(), make_point(6, 6), Color::kWhite));  // not next to it
  ASSERT_TRUE(g.add_setup_stone(make_point(7, 7), Color::kWhite));
  EXPECT_TRUE(is_ladder_escape(g.board(), make_point(3, 3), Color::kWhite));  // breaker: escapes
}

TEST(Ladder, EscapeToThreeLiberties) {
  Game g = game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . X O X . . .\n"
      ". . . . X . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kWhite);
  EXPECT_TRUE(is_ladder_escape(g.board(), make_point(4, 3), Color::kWhite));
  // Budget 0: nothing may be read, so the escape counts as failed.
  EXPECT_FALSE(is_ladder_escape(g.board(), make_point(4, 3), Color::kWhite, 0));
}

// A 19x19 board with the ladder shape near the upper-left corner: Black's atari at (2,2) starts a
// ladder running corner to corner (about 60 plies), optionally broken at (17,17).
Game long_ladder(bool breaker) {
  std::string pic;
  for (int y = 0; y < 19; ++y) {
    for (int x = 0; x < 19; ++x) {
      char c = '.';
      if ((x == 1 && y == 3) || (x == 2 && y == 4) || (x == 3 && y == 2)) c = 'X';
      if (x == 2 && y == 3) c = 'O';
      if (breaker && x == 17 && y == 17) c = 'O';
      pic += c;
    }
    pic += '\n';
  }
  return game_from_ascii(pic, Color::kBlack);
}

TEST(Ladder, CornerToCornerOn19x19) {
  EXPECT_TRUE(is_ladder_capture(long_ladder(false).board(), make_point(2, 2), Color::kBlack));
  EXPECT_FALSE(is_ladder_capture(long_ladder(true).board(), make_point(2, 2), Color::kBlack));
}

TEST(Ladder, ExhaustedBudgetCountsTheCaptureAsWorking) {
  // Too small a budget never reaches the breaker: the unresolved ladder is assumed to work.
  EXPECT_TRUE(is_ladder_capture(long_ladder(true).board(), make_point(2, 2), Color::kBlack, 20));
}

TEST(Ladder, LegalityComesFirst) {
  // Ko: Black may not retake at (1,1) at once, so it is neither a capture nor an escape.
  Game g = game_from_ascii(
      ". X O . .\n"
      "X O . O .\n"
      ". X O . .\n"
      ". . . . .\n"
      ". . . . .\n",
      Color::kBlack);
  ASSERT_EQ(g.play(make_point(2, 1)), MoveError::kNone);
  EXPECT_EQ(g.board().ko_point(), make_point(1, 1));
  EXPECT_FALSE(is_ladder_escape(g.board(), make_point(1, 1), Color::kWhite));
  EXPECT_FALSE(is_ladder_capture(g.board(), make_point(1, 1), Color::kWhite));
}

}  // namespace
}  // namespace tengen
