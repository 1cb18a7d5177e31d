// The rules on drawn boards: captures, multi-string captures, suicide, simple ko, positional
// superko, passes and the end of the game, area scoring, handicap placement.
// Boards are drawn rows from the top; "C4" style names are GTP vertices (rows from the bottom).
#include <gtest/gtest.h>

#include <string>

#include "engine/game.h"
#include "engine/nakade.h"
#include "testutil/ascii_board.h"
#include "testutil/positions.h"

namespace tengen {
namespace {

using testutil::game_from_ascii;

Point at(const Game& g, const char* gtp) { return *point_from_gtp(gtp, g.size()); }

TEST(Rules, SingleStoneCapture) {
  Game g = game_from_ascii(
      ". . . . .\n"
      ". . X . .\n"
      ". X O X .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kBlack);
  EXPECT_EQ(g.board().liberties(at(g, "C3")), 1);
  ASSERT_EQ(g.play(at(g, "C2")), MoveError::kNone);
  EXPECT_EQ(g.board().captures(Color::kBlack), 1);
  EXPECT_EQ(g.board().to_string(),
            ".....\n"
            "..X..\n"
            ".X.X.\n"
            "..X..\n"
            ".....\n");
  EXPECT_EQ(g.board().liberties(at(g, "C2")), 4);  // C3 is free again
}

TEST(Rules, OneMoveCapturesTwoStrings) {
  Game g = game_from_ascii(
      ". X . X .\n"
      "X O . O X\n"
      ". X . X .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kBlack);
  ASSERT_EQ(g.play(at(g, "C4")), MoveError::kNone);
  EXPECT_EQ(g.board().captures(Color::kBlack), 2);
  EXPECT_EQ(g.board().to_string(),
            ".X.X.\n"
            "X.X.X\n"
            ".X.X.\n"
            ".....\n"
            ".....\n");
  EXPECT_EQ(g.board().liberties(at(g, "C4")), 4);  // C5, B4, D4, C3
  EXPECT_EQ(g.board().ko_point(), kNoPoint);        // two stones taken: no ko
}

TEST(Rules, CapturingALargeStringGivesLibertiesBackToEveryNeighbour) {
  Game g = game_from_ascii(
      ". X X X .\n"
      "X O O O X\n"
      "X O O O X\n"
      ". X X . .\n"
      ". . . . .\n", Color::kBlack);
  EXPECT_EQ(g.board().liberties(at(g, "B4")), 1);
  EXPECT_EQ(g.board().string_size(at(g, "B4")), 6);
  ASSERT_EQ(g.play(at(g, "D2")), MoveError::kNone);
  EXPECT_EQ(g.board().captures(Color::kBlack), 6);
  EXPECT_EQ(g.board().liberties(at(g, "B5")), 5);  // A5, E5 and the three freed points below
  EXPECT_EQ(g.board().liberties(at(g, "A4")), 4);  // A5, A2 and the freed B4, B3
  EXPECT_EQ(g.board().liberties(at(g, "D2")), 8);  // A2 B3 C3 D3 E2 B1 C1 D1
  EXPECT_EQ(g.board().liberties(at(g, "E4")), 4);  // E5 D4 D3 E2
}

TEST(Rules, SuicideIsIllegalUnlessItCaptures) {
  Game g = game_from_ascii(
      ". X . O .\n"
      "X . X O O\n"
      ". X . . .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kWhite);
  EXPECT_EQ(g.check(at(g, "A5"), Color::kWhite), MoveError::kSuicide);  // corner, no liberty
  EXPECT_EQ(g.check(at(g, "B4"), Color::kWhite), MoveError::kSuicide);  // inside black's shape
  EXPECT_EQ(g.check(at(g, "C5"), Color::kWhite), MoveError::kNone);     // joins the D5 string
  // Multi-stone suicide: filling the last liberty of one's own string.
  Game h = game_from_ascii(
      ". O X . .\n"
      "O O X . .\n"
      "X X . . .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kWhite);
  EXPECT_EQ(h.check(at(h, "A5"), Color::kWhite), MoveError::kSuicide);
  // Not suicide when the move captures: black plays into white's last liberty.
  Game k = game_from_ascii(
      ". O X . .\n"
      "O X . . .\n"
      ". . . . .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kBlack);
  EXPECT_EQ(k.check(at(k, "A5"), Color::kBlack), MoveError::kNone);  // takes B5
  EXPECT_EQ(k.check(at(k, "B5"), Color::kBlack), MoveError::kOccupied);
  EXPECT_EQ(k.play(at(k, "A5")), MoveError::kNone);
  EXPECT_EQ(k.board().captures(Color::kBlack), 1);
}

const char* kKoBoard =
    ". X O . .\n"
    "X O . O .\n"
    ". X O . .\n"
    ". . . . .\n"
    ". . . . .\n";

TEST(Rules, SimpleKoForbidsTheImmediateRecapture) {
  Game g = game_from_ascii(kKoBoard, Color::kBlack);
  ASSERT_EQ(g.play(at(g, "C4")), MoveError::kNone);  // takes B4
  EXPECT_EQ(g.board().ko_point(), at(g, "B4"));
  EXPECT_EQ(g.check(at(g, "B4"), Color::kWhite), MoveError::kKo);
  EXPECT_FALSE(g.board().is_legal(at(g, "B4")));
  ASSERT_EQ(g.play(at(g, "E1")), MoveError::kNone);  // ko threat elsewhere
  ASSERT_EQ(g.play(at(g, "D1")), MoveError::kNone);
  EXPECT_EQ(g.play(at(g, "B4")), MoveError::kNone);  // now White may retake
  EXPECT_EQ(g.board().at(at(g, "C4")), Color::kEmpty);
  EXPECT_EQ(g.board().ko_point(), at(g, "C4"));
}

TEST(Rules, PositionalSuperkoForbidsRepeatingAWholeBoardPosition) {
  // Black takes the ko, both pass (the simple-ko point is cleared), White retakes: the board
  // would be exactly the one before Black's capture.
  Game g = game_from_ascii(kKoBoard, Color::kBlack);
  ASSERT_EQ(g.play(at(g, "C4")), MoveError::kNone);
  ASSERT_EQ(g.play(kPass), MoveError::kNone);
  ASSERT_EQ(g.play(kPass), MoveError::kNone);
  EXPECT_TRUE(g.is_over());
  EXPECT_TRUE(g.board().is_legal(at(g, "B4"), Color::kWhite));  // simple ko allows it...
  EXPECT_EQ(g.check(at(g, "B4"), Color::kWhite), MoveError::kSuperko);  // ...superko does not
  EXPECT_EQ(g.play(at(g, "B4"), Color::kWhite), MoveError::kSuperko);
  // Under simple-ko rules the same retake is allowed.
  Game simple = game_from_ascii(kKoBoard, Color::kBlack, GameRules{7.5, KoRule::kSimple});
  simple.play(at(simple, "C4"));
  simple.play(kPass);
  simple.play(kPass);
  EXPECT_EQ(simple.play(at(simple, "B4")), MoveError::kNone);
}

TEST(Rules, HashAfterMatchesTheHashOfThePlayedMove) {
  Game g = game_from_ascii(kKoBoard, Color::kBlack);
  const uint64_t predicted = g.board().hash_after(at(g, "C4"), Color::kBlack);
  g.play(at(g, "C4"));
  EXPECT_EQ(g.board().hash(), predicted);
  EXPECT_EQ(Board(5).hash(), uint64_t{0});
}

TEST(Rules, UndoKeepsTheSideToMoveChosenBeforeTheFirstMove) {
  Game g(9);
  g.set_to_move(Color::kWhite);  // e.g. a record where White moves first without set-up stones
  g.play(*point_from_gtp("E5", 9));
  ASSERT_TRUE(g.undo());
  EXPECT_EQ(g.to_move(), Color::kWhite);
}

TEST(Rules, TwoPassesEndTheGameAndAMoveResetsTheCount) {
  Game g(9);
  g.play(kPass);
  EXPECT_FALSE(g.is_over());
  g.play(*point_from_gtp("E5", 9));
  g.play(kPass);
  EXPECT_FALSE(g.is_over());
  g.play(kPass);
  EXPECT_TRUE(g.is_over());
  EXPECT_EQ(g.move_number(), 4);
}

TEST(Rules, UndoRestoresThePreviousPositionAndHistory) {
  Game g = game_from_ascii(kKoBoard, Color::kBlack);
  const std::string before = g.board().to_string();
  g.play(at(g, "C4"));
  ASSERT_TRUE(g.undo());
  EXPECT_EQ(g.board().to_string(), before);
  EXPECT_EQ(g.to_move(), Color::kBlack);
  EXPECT_EQ(g.move_number(), 0);
  EXPECT_FALSE(g.undo());
}

TEST(Rules, AreaScoringCountsStonesAndSurroundedEmptyPoints) {
  Game g = game_from_ascii(
      ". X O . .\n"
      "X X O . .\n"
      "X O O . .\n"
      "X X O O O\n"
      ". X O . .\n", Color::kBlack, GameRules{0.5});
  // Black: 7 stones + A5 + A1 = 9. White: 8 stones + 8 empty points = 16.
  EXPECT_EQ(area_difference(g.board()), -7);
  EXPECT_DOUBLE_EQ(g.area_score(), -7.5);
  EXPECT_EQ(g.result_text(), "W+7.5");
}

TEST(Rules, DameCountsForNobody) {
  Game g = game_from_ascii(
      ". X . O .\n"
      ". X . O .\n"
      ". X . O .\n"
      ". X . O .\n"
      ". X . O .\n", Color::kBlack, GameRules{0});
  // Column C touches both colours: neutral. A and E are territory.
  EXPECT_EQ(area_difference(g.board()), 0);
  EXPECT_EQ(g.result_text(), "0");
}

TEST(Rules, FixedHandicapFollowsTheGtpSpecification) {
  auto names = [](int size, int n) {
    std::string s;
    for (Point p : Game::fixed_handicap_points(size, n)) s += point_to_gtp(p, size) + " ";
    return s;
  };
  EXPECT_EQ(names(19, 2), "Q16 D4 ");
  EXPECT_EQ(names(19, 3), "D16 Q16 D4 ");
  EXPECT_EQ(names(19, 4), "D16 Q16 D4 Q4 ");
  EXPECT_EQ(names(19, 5), "D16 Q16 K10 D4 Q4 ");
  EXPECT_EQ(names(19, 6), "D16 Q16 D10 Q10 D4 Q4 ");
  EXPECT_EQ(names(19, 7), "D16 Q16 D10 K10 Q10 D4 Q4 ");
  EXPECT_EQ(names(19, 8), "D16 K16 Q16 D10 Q10 D4 K4 Q4 ");
  EXPECT_EQ(names(19, 9), "D16 K16 Q16 D10 K10 Q10 D4 K4 Q4 ");
  EXPECT_EQ(names(13, 9), "D10 G10 K10 D7 G7 K7 D4 G4 K4 ");
  EXPECT_EQ(names(9, 5), "C7 G7 E5 C3 G3 ");
  EXPECT_EQ(names(7, 4), "C5 E5 C3 E3 ");
  EXPECT_EQ(names(8, 4), "C6 F6 C3 F3 ");
  EXPECT_EQ(names(7, 5), "");   // 7x7 allows at most 4
  EXPECT_EQ(names(10, 5), "");  // even sizes have no centre point
  EXPECT_EQ(names(6, 2), "");   // below 7x7 there is no fixed handicap
  EXPECT_EQ(names(19, 1), "");
  EXPECT_EQ(names(19, 10), "");

  Game g(19);
  ASSERT_TRUE(g.set_fixed_handicap(4));
  EXPECT_EQ(g.to_move(), Color::kWhite);  // White moves first in handicap games
  EXPECT_EQ(g.board().stones(Color::kBlack).count(), 4);
  EXPECT_EQ(g.handicap(), 4);
  EXPECT_FALSE(g.set_fixed_handicap(2));  // only on an empty board
  EXPECT_EQ(g.turns_since(*point_from_gtp("D4", 19)), 1);
}

TEST(Rules, FreeHandicapAndSetupStones) {
  Game g(9);
  EXPECT_TRUE(g.add_setup_stone(*point_from_gtp("C3", 9), Color::kBlack));
  EXPECT_FALSE(g.add_setup_stone(*point_from_gtp("C3", 9), Color::kBlack));  // occupied
  EXPECT_TRUE(g.add_setup_stone(*point_from_gtp("G7", 9), Color::kBlack));
  g.set_to_move(Color::kWhite);
  ASSERT_EQ(g.play(*point_from_gtp("E5", 9)), MoveError::kNone);
  EXPECT_FALSE(g.add_setup_stone(*point_from_gtp("A1", 9), Color::kBlack));  // after the first move
  // A set-up stone never captures and never sits without liberties.
  Game c = game_from_ascii(
      ". X . . .\n"
      "X O X . .\n"
      ". . . . .\n"
      ". . . . .\n"
      ". . . . .\n", Color::kBlack);
  EXPECT_FALSE(c.add_setup_stone(at(c, "B3"), Color::kBlack));
  EXPECT_FALSE(c.add_setup_stone(at(c, "A5"), Color::kWhite));
}

TEST(Rules, TurnsSinceCountsBackFromTheLastMove) {
  Game g(9);
  const Point a = *point_from_gtp("C3", 9), b = *point_from_gtp("G7", 9);
  g.play(a);
  g.play(b);
  EXPECT_EQ(g.turns_since(b), 1);
  EXPECT_EQ(g.turns_since(a), 2);
  g.play(kPass);
  EXPECT_EQ(g.turns_since(b), 2);
  EXPECT_EQ(g.turns_since(*point_from_gtp("E5", 9)), 0);  // empty
}

TEST(Rules, GtpVertexText) {
  EXPECT_EQ(point_to_gtp(*point_from_gtp("T19", 19), 19), "T19");
  EXPECT_EQ(point_to_gtp(*point_from_gtp("j10", 19), 19), "J10");
  EXPECT_EQ(point_from_gtp("I5", 19), std::nullopt);   // GTP has no I column
  EXPECT_EQ(point_from_gtp("K10", 9), std::nullopt);   // off a 9x9 board
  EXPECT_EQ(point_from_gtp("A0", 9), std::nullopt);
  EXPECT_EQ(point_from_gtp("A", 9), std::nullopt);
  EXPECT_EQ(point_from_gtp("PASS", 9), kPass);
  EXPECT_EQ(point_to_gtp(make_point(0, 0), 19), "A19");
}

TEST(Rules, SelfAtariOfASekiLibertyButNotOfAThrowInOrACapture) {
  const Game seki = game_from_ascii(testutil::kSeki9, Color::kBlack);
  const Board& b = seki.board();
  const Point c9 = make_point(2, 0);
  // Filling the shared liberty captures nothing and leaves the filler's string in atari: six black
  // stones (D9 string and C9) or five white ones (B9 string and C9).
  EXPECT_TRUE(b.is_self_atari(c9, Color::kBlack, 2));
  EXPECT_TRUE(b.is_self_atari(c9, Color::kWhite, 2));
  EXPECT_TRUE(b.is_self_atari(c9, Color::kBlack, 6));
  EXPECT_TRUE(b.is_self_atari(c9, Color::kWhite, 5));
  EXPECT_FALSE(b.is_self_atari(c9, Color::kWhite, 6));  // five stones only
  // A5: Black fills one of the two eyes (A5, A3) of its big outside group, leaving it one liberty.
  EXPECT_TRUE(b.is_self_atari(make_point(0, 4), Color::kBlack, 2));
  // J5 fills an eye of the big white group, which keeps J3 and the open top right.
  EXPECT_FALSE(b.is_self_atari(make_point(8, 4), Color::kWhite, 2));
  const Game g = game_from_ascii(
      ". O X . .\n"
      "O X . . .\n"
      "X . . . .\n"
      ". . . . .\n"
      ". . . . .\n",
      Color::kWhite);
  // (3,0) for White: one stone with two liberties.
  EXPECT_FALSE(g.board().is_self_atari(make_point(3, 0), Color::kWhite, 1));
  // (2,1) for White: next to X on two sides, liberties (3,1) and (2,2): not in atari.
  EXPECT_FALSE(g.board().is_self_atari(make_point(2, 1), Color::kWhite, 1));
  // A single-stone throw-in: White at (2,1) after Black fills (3,1) has one liberty, (2,2).
  Game h = g;
  ASSERT_EQ(h.play(make_point(3, 1), Color::kBlack), MoveError::kNone);
  EXPECT_TRUE(h.board().is_self_atari(make_point(2, 1), Color::kWhite, 1));
  EXPECT_FALSE(h.board().is_self_atari(make_point(2, 1), Color::kWhite, 2));  // one stone: allowed
  // A capture is never a self-atari: Black at (0,0) takes the two white stones.
  EXPECT_FALSE(g.board().is_self_atari(make_point(0, 0), Color::kBlack, 1));
}

TEST(Rules, NakadeSacrificeKillsOnlyAGroupWithNoOtherLiberty) {
  const Game g = game_from_ascii(testutil::kNakade9, Color::kBlack);
  const Board& b = g.board();
  const Point b8 = make_point(1, 1), c8 = make_point(2, 1);
  // Black at B8 or C8: a bent three in atari inside White's group, whose only liberties are B8, C8.
  EXPECT_TRUE(b.is_self_atari(b8, Color::kBlack, 2));
  EXPECT_TRUE(is_nakade_sacrifice(b, b8, Color::kBlack));
  EXPECT_TRUE(is_nakade_sacrifice(b, c8, Color::kBlack));
  // White filling its own liberty puts nine stones in atari: no shape of two to six stones.
  EXPECT_TRUE(b.is_self_atari(b8, Color::kWhite, 2));
  EXPECT_FALSE(is_nakade_sacrifice(b, b8, Color::kWhite));
  // White in Black's eye A5 is suicide, not a self-atari, so no sacrifice either.
  EXPECT_FALSE(is_nakade_sacrifice(b, make_point(0, 4), Color::kWhite));

  // The same with White given a third liberty at D6 (Black's wall opened): Black's sacrifice only
  // throws stones away now, and is not one.
  // The variants redraw the top four rows and keep kNakade9's settled bottom five (72 = 4 rows).
  const auto variant = [](const char* top_rows) {
    return game_from_ascii(std::string(top_rows) + (testutil::kNakade9 + 72), Color::kBlack);
  };
  const Game open = variant(
      "O X X O X . X O .\n"
      "O . . O X X X O O\n"
      "O O O O X . X O .\n"
      "X X X . X X X O O\n");
  EXPECT_TRUE(open.board().is_self_atari(b8, Color::kBlack, 2));
  EXPECT_FALSE(is_nakade_sacrifice(open.board(), b8, Color::kBlack));

  // Three black stones inside: C8 makes the pyramid four (dead once captured, vital point C9),
  // B8 the bent four-in-a-row "L" (alive: White would get two eyes), so only C8 is a sacrifice.
  const Game four = variant(
      "O X X X O X . O .\n"
      "O . . O O X X O O\n"
      "O O O O X X . O .\n"
      "X X X X X X X O O\n");
  EXPECT_TRUE(is_nakade_sacrifice(four.board(), c8, Color::kBlack));
  EXPECT_TRUE(four.board().is_self_atari(b8, Color::kBlack, 2));
  EXPECT_FALSE(is_nakade_sacrifice(four.board(), b8, Color::kBlack));

  // A seki's shared liberty is no sacrifice for either side: each has an eye besides it.
  const Game seki = game_from_ascii(testutil::kSeki9, Color::kBlack);
  EXPECT_FALSE(is_nakade_sacrifice(seki.board(), make_point(2, 0), Color::kBlack));
  EXPECT_FALSE(is_nakade_sacrifice(seki.board(), make_point(2, 0), Color::kWhite));
}

}  // namespace
}  // namespace tengen
