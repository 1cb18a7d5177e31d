// PatternBoard: pattern codes kept incrementally must equal codes recomputed from scratch, after
// every move of many random games; the symmetry and colour maps on codes must agree with codes read
// off transformed boards.
#include <gtest/gtest.h>

#include <array>

#include "engine/pattern_board.h"
#include "engine/patterns.h"
#include "engine/random_playout.h"
#include "testutil/ascii_board.h"

namespace tengen {
namespace {

// Every on-board point: cell and 3x3 code equal a fresh computation.
void expect_matches_recomputed(const PatternBoard& pb, int size, int game, int move) {
  const Board& b = pb.board();
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const Point p = make_point(x, y);
      ASSERT_EQ(pb.cell(p), cell_state(b, p)) << "game " << game << " move " << move << " at " << point_to_gtp(p, size);
      ASSERT_EQ(pb.code3(p), compute_code3(b, p)) << "game " << game << " move " << move << " at " << point_to_gtp(p, size);
      ASSERT_EQ(pb.diamond(p), compute_diamond(b, p)) << "game " << game << " move " << move << " at " << point_to_gtp(p, size);
      if (b.at(p) != Color::kEmpty) continue;
      for (Color c : {Color::kBlack, Color::kWhite}) {
        const bool ko = p == b.ko_point() && c == b.to_move();
        ASSERT_EQ(is_playout_code3(pb.code3(p), c) && !ko, b.is_playout_move(p, c))
            << "game " << game << " move " << move << " at " << point_to_gtp(p, size) << " for " << (c == Color::kBlack ? "black" : "white");
        ASSERT_EQ((playout_colours_code3(pb.code3(p)) >> color_index(c) & 1u) != 0, is_playout_code3(pb.code3(p), c))
            << "game " << game << " move " << move << " at " << point_to_gtp(p, size) << " for " << (c == Color::kBlack ? "black" : "white");
      }
    }
}

TEST(PatternBoard, IncrementalCodesEqualRecomputedOverRandomGames) {
  int moves_checked = 0, captures_seen = 0;
  for (int game = 0; game < 60; ++game) {
    const int size = game % 3 == 0 ? 9 : (game % 3 == 1 ? 13 : 19);
    FastRng rng(1000 + game);
    PatternBoard pb{Board(size)};
    expect_matches_recomputed(pb, size, game, 0);
    for (int move = 1; move <= 3 * size * size && pb.board().consecutive_passes() < 2; ++move) {
      const Board before = pb.board();
      std::array<uint32_t, kPadded> codes_before;
      for (int q = 0; q < kPadded; ++q) codes_before[q] = before.on_board(static_cast<Point>(q)) ? compute_code3(before, static_cast<Point>(q)) : 0;
      const Point p = random_move(before, rng);
      pb.play(p);
      expect_matches_recomputed(pb, size, game, move);
      if (::testing::Test::HasFatalFailure()) return;
      // changed(): exactly the points whose code changed (each once), possibly plus unchanged ones.
      std::array<int, kPadded> listed{};
      for (int i = 0; i < pb.num_changed(); ++i) ASSERT_EQ(++listed[pb.changed(i)], 1);
      for (int q = 0; q < kPadded; ++q)
        if (pb.board().on_board(static_cast<Point>(q)) && pb.code3(static_cast<Point>(q)) != codes_before[q])
          ASSERT_EQ(listed[q], 1) << "changed code not listed at " << point_to_gtp(static_cast<Point>(q), size);
      // captured(): exactly the stones that left the board.
      int removed = 0;
      for (int q = 0; q < kPadded; ++q) {
        const Point pt = static_cast<Point>(q);
        if (!before.on_board(pt)) continue;
        const bool gone = (before.at(pt) == Color::kBlack || before.at(pt) == Color::kWhite) && pb.board().at(pt) == Color::kEmpty;
        removed += gone;
        if (gone) {
          bool found = false;
          for (int i = 0; i < pb.num_captured(); ++i) found |= pb.captured(i) == pt;
          ASSERT_TRUE(found);
        }
      }
      ASSERT_EQ(removed, pb.num_captured());
      captures_seen += removed > 0;
      EXPECT_EQ(pb.last_move(), p);
      ++moves_checked;
    }
  }
  EXPECT_GT(moves_checked, 10000);
  EXPECT_GT(captures_seen, 100);  // the capture paths were exercised
}

// Plays the same random game on a board and on its image under `sym`.
TEST(Patterns, SymmetryAndColourMapsAgreeWithTransformedBoards) {
  const int size = 13;
  for (int sym = 0; sym < kNumSymmetries; ++sym) {
    FastRng rng(77 + sym);
    Board b(size), t(size), swapped(size);
    for (int i = 0; i < 120; ++i) {
      const Point p = random_move(b, rng);
      b.play(p);
      t.play(apply_symmetry(p, sym, size));
    }
    // The colour-swapped board: the same stones with colours exchanged, as set-up stones.
    for (int q = 0; q < kPadded; ++q) {
      const Point pt = static_cast<Point>(q);
      if (b.at(pt) == Color::kBlack || b.at(pt) == Color::kWhite) ASSERT_TRUE(swapped.place_setup_stone(pt, opponent(b.at(pt))));
    }
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const Point p = make_point(x, y), tp = apply_symmetry(p, sym, size);
        ASSERT_EQ(compute_code3(t, tp), transform_code3(compute_code3(b, p), sym));
        ASSERT_EQ(compute_diamond(t, tp), transform_diamond(compute_diamond(b, p), sym));
        ASSERT_EQ(compute_code3(swapped, p), swap_colours3(compute_code3(b, p)));
        ASSERT_EQ(compute_diamond(swapped, p), swap_colours_diamond(compute_diamond(b, p)));
      }
    for (int i = 0; i < 12; ++i) {
      const Offset o = kDiamond12[i];
      int x = 6 + o.dx, y = 6 + o.dy;
      transform_xy(x, y, sym, size);
      int cx = 6, cy = 6;
      transform_xy(cx, cy, sym, size);
      EXPECT_EQ(transform_diamond_index(i, sym), diamond_index(x - cx, y - cy));
    }
  }
}

TEST(Patterns, CellsSeeLibertiesAndTheEdge) {
  // B9 white has one liberty (A9), A8 white two, the black string C9-B8-C8 three.
  const Game g = testutil::game_from_ascii(
      ". O X . . . . . .\n"
      "O X X . . . . . .\n"
      ". O . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  const Board& b = g.board();
  EXPECT_EQ(cell_state(b, make_point(1, 0)), 4);  // white, 1 liberty (A9)
  EXPECT_EQ(cell_state(b, make_point(1, 1)), 3);  // black, 3 liberties (D9, D8, C7)
  EXPECT_EQ(cell_state(b, make_point(0, 1)), 5);  // white, 2 liberties
  // A9 (top-left corner): up-left, up, up-right and left are off the board.
  const uint32_t code = compute_code3(b, make_point(0, 0));
  for (int i : {0, 1, 2, 3, 5}) EXPECT_EQ((code >> (3 * i)) & 7, static_cast<uint32_t>(kCellEdge)) << i;
  EXPECT_EQ((code >> (3 * 4)) & 7, 4u);  // right: the white stone in atari
  EXPECT_EQ((code >> (3 * 6)) & 7, 5u);  // below: the white stone with two liberties
  EXPECT_EQ((code >> (3 * 7)) & 7, 3u);  // below right: black
}

}  // namespace
}  // namespace tengen
