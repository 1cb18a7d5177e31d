// The 48/49 input planes (docs/ALPHAGO.md §1, docs/FEATURES.md) on hand-made positions, one group at a time,
// and a randomized cross-check of every plane against a naive recomputation on Board copies.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "engine/features.h"
#include "engine/ladder.h"
#include "testutil/ascii_board.h"
#include "testutil/positions.h"

namespace tengen {
namespace {

using testutil::features_of;
using testutil::game_from_ascii;
using testutil::plane_at;
using testutil::set_planes;
using V = std::vector<int>;

// Every move plane (capture size .. sensibleness, 20..46) is zero at (x, y).
bool no_move_features(const std::vector<float>& f, int size, int x, int y) {
  return set_planes(f, size, plane::kCaptureSize, plane::kSensible - plane::kCaptureSize + 1, x, y).empty();
}

TEST(Features, PlaneCountsAndLayout) {
  EXPECT_EQ(features_of(Game(9), FeatureSet::kPolicy48).size(), 48u * 81u);
  EXPECT_EQ(features_of(Game(9), FeatureSet::kValue49).size(), 49u * 81u);
  EXPECT_EQ(features_of(Game(5), FeatureSet::kPolicy48).size(), 48u * 25u);
  // NCHW: plane, then row from the top, then column from the left.
  Game g = game_from_ascii(
      ". . . . .\n"
      ". . . X .\n"
      ". . . . .\n"
      ". . . . .\n"
      ". . . . .\n",
      Color::kBlack);
  auto f = features_of(g);
  EXPECT_EQ(f[plane::kStoneOwn * 25 + 1 * 5 + 3], 1.0f);
  EXPECT_EQ(std::count(f.begin(), f.begin() + 25, 1.0f), 1);
}

TEST(Features, StoneColourIsRelativeToTheMover) {
  const char* pic =
      ". . . . .\n"
      ". X . . .\n"
      ". . O . .\n"
      ". . . . .\n"
      ". . . . .\n";
  auto black = features_of(game_from_ascii(pic, Color::kBlack));
  EXPECT_EQ(set_planes(black, 5, 0, 3, 1, 1), V{0});  // own
  EXPECT_EQ(set_planes(black, 5, 0, 3, 2, 2), V{1});  // opponent
  EXPECT_EQ(set_planes(black, 5, 0, 3, 0, 0), V{2});  // empty
  auto white = features_of(game_from_ascii(pic, Color::kWhite));
  EXPECT_EQ(set_planes(white, 5, 0, 3, 1, 1), V{1});
  EXPECT_EQ(set_planes(white, 5, 0, 3, 2, 2), V{0});
  EXPECT_EQ(set_planes(white, 5, 0, 3, 4, 4), V{2});
}

TEST(Features, OnesZerosAndPlayerColour) {
  const char* pic =
      ". . . . .\n"
      ". X . . .\n"
      ". . O . .\n"
      ". . . . .\n"
      ". . . . .\n";
  auto black = features_of(game_from_ascii(pic, Color::kBlack));
  auto white = features_of(game_from_ascii(pic, Color::kWhite));
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) {
      EXPECT_EQ(plane_at(black, 5, plane::kOnes, x, y), 1.0f);
      EXPECT_EQ(plane_at(black, 5, plane::kZeros, x, y), 0.0f);
      EXPECT_EQ(plane_at(black, 5, plane::kPlayerIsBlack, x, y), 1.0f);
      EXPECT_EQ(plane_at(white, 5, plane::kOnes, x, y), 1.0f);
      EXPECT_EQ(plane_at(white, 5, plane::kZeros, x, y), 0.0f);
      EXPECT_EQ(plane_at(white, 5, plane::kPlayerIsBlack, x, y), 0.0f);
    }
}

TEST(Features, TurnsSinceIsOneHotWithTheLastPlaneMeaningEightOrMore) {
  Game g(9);
  // Ten quiet moves along the first rows; move i (1-based) at (i - 1, 0) for i <= 9, then (0, 2).
  for (int i = 0; i < 9; ++i) ASSERT_EQ(g.play(make_point(i, i % 2 == 0 ? 0 : 4)), MoveError::kNone);
  ASSERT_EQ(g.play(make_point(0, 2)), MoveError::kNone);
  auto f = features_of(g);
  EXPECT_EQ(set_planes(f, 9, plane::kTurnsSince, 8, 0, 2), V{0});  // the last move: plane 4
  for (int i = 9; i >= 1; --i) {
    const int age = 10 - i + 1;  // move i was played 11 - i moves ago
    const int x = i - 1, y = (i - 1) % 2 == 0 ? 0 : 4;
    EXPECT_EQ(set_planes(f, 9, plane::kTurnsSince, 8, x, y), V{std::min(age, 8) - 1}) << "move " << i;
  }
  EXPECT_TRUE(set_planes(f, 9, plane::kTurnsSince, 8, 5, 5).empty());  // empty point
}

TEST(Features, SetupStonesCountAsPlacedJustBeforeMoveOne) {
  Game g = game_from_ascii(
      ". . . . .\n"
      ". X . . .\n"
      ". . . . .\n"
      ". . . O .\n"
      ". . . . .\n",
      Color::kBlack);
  auto f = features_of(g);
  EXPECT_EQ(set_planes(f, 5, plane::kTurnsSince, 8, 1, 1), V{0});
  ASSERT_EQ(g.play(make_point(4, 4)), MoveError::kNone);
  ASSERT_EQ(g.play(make_point(0, 4)), MoveError::kNone);
  f = features_of(g);
  EXPECT_EQ(set_planes(f, 5, plane::kTurnsSince, 8, 1, 1), V{2});  // age 3
  EXPECT_EQ(set_planes(f, 5, plane::kTurnsSince, 8, 3, 3), V{2});
  EXPECT_EQ(set_planes(f, 5, plane::kTurnsSince, 8, 0, 4), V{0});
}

TEST(Features, LibertiesOfEachStonesString) {
  Game g = game_from_ascii(
      "X . . . . . . X O\n"
      ". . . . . X X . .\n"
      ". . . . . X . . .\n"
      ". . . . X . . O .\n"
      ". . . . . . . O .\n"
      ". X X X X . . . X\n"
      ". . . . . . . . X\n"
      ". . . . . . . . X\n"
      ". . . . X . . . .\n",
      Color::kWhite);
  auto f = features_of(g);
  auto libs = [&](int x, int y) { return set_planes(f, 9, plane::kLiberties, 8, x, y); };
  EXPECT_EQ(libs(8, 0), V{0});  // 1 liberty
  EXPECT_EQ(libs(0, 0), V{1});  // 2
  EXPECT_EQ(libs(7, 0), V{1});
  EXPECT_EQ(libs(4, 8), V{2});  // 3
  EXPECT_EQ(libs(4, 3), V{3});  // 4
  EXPECT_EQ(libs(8, 6), V{4});  // 5: three stones on the edge
  EXPECT_EQ(libs(7, 4), V{5});  // 6: two stones in the open
  EXPECT_EQ(libs(5, 2), V{6});  // 7: an L of three
  EXPECT_EQ(libs(2, 5), V{7});  // 10: >= 8
  EXPECT_TRUE(libs(3, 3).empty());
}

TEST(Features, CaptureSizeHasAPlaneForZero) {
  Game g = game_from_ascii(
      "O X . . . . . . .\n"
      ". . . . X . . . .\n"
      ". . . X O X . . .\n"
      ". . . . . . . . .\n"
      ". . . X O X . . .\n"
      ". . . X O X . . .\n"
      ". . . . X . . . .\n"
      "X X X X X X X X .\n"
      "O O O O O O O O .\n",
      Color::kBlack);
  auto f = features_of(g);
  auto cap = [&](int x, int y) { return set_planes(f, 9, plane::kCaptureSize, 8, x, y); };
  EXPECT_EQ(cap(8, 2), V{0});  // a quiet legal move: 0 captured
  EXPECT_EQ(cap(0, 1), V{1});  // one stone in the corner
  EXPECT_EQ(cap(4, 3), V{3});  // two strings at once: 1 + 2
  EXPECT_EQ(cap(8, 8), V{7});  // eight stones: the ">= 7" plane
  EXPECT_TRUE(cap(1, 0).empty());  // occupied
}

TEST(Features, CaptureSizeSevenUsesTheLastPlane) {
  Game g = game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      "X X X X X X X . .\n"
      "O O O O O O O . .\n",
      Color::kBlack);
  auto f = features_of(g);
  EXPECT_EQ(set_planes(f, 9, plane::kCaptureSize, 8, 7, 8), V{7});
}

TEST(Features, SelfAtariSize) {
  Game g = game_from_ascii(
      ". . . . . . . O .\n"
      "X O . . . . . . .\n"
      "X O . . . . . . .\n"
      "O . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      "O O O O O O O O .\n"
      "X X X X X X X . .\n",
      Color::kBlack);
  auto f = features_of(g);
  auto sa = [&](int x, int y) { return set_planes(f, 9, plane::kSelfAtariSize, 8, x, y); };
  EXPECT_EQ(sa(0, 0), V{2});     // joins the two stones below: three stones, one liberty at (1,0)
  EXPECT_EQ(sa(8, 0), V{0});     // a lone stone next to white in the corner
  EXPECT_EQ(sa(7, 8), V{7});     // eight stones with one liberty: the ">= 8" plane
  EXPECT_TRUE(sa(8, 8).empty());  // two liberties
  EXPECT_TRUE(sa(4, 4).empty());
}

TEST(Features, LibertiesAfterTheMoveCountCaptures) {
  Game g = game_from_ascii(
      "O X . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". X X X X . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . O\n"
      ". . . . . . . O X\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  auto f = features_of(g);
  auto la = [&](int x, int y) { return set_planes(f, 9, plane::kLibertiesAfter, 8, x, y); };
  EXPECT_EQ(la(0, 1), V{2});  // captures the corner stone: (0,0), (1,1), (0,2)
  EXPECT_EQ(la(8, 0), V{1});  // corner: 2
  EXPECT_EQ(la(2, 8), V{2});  // edge: 3
  EXPECT_EQ(la(4, 2), V{3});  // open: 4
  EXPECT_EQ(la(5, 4), V{7});  // extends a ten-liberty string: 12, the ">= 8" plane
  EXPECT_EQ(la(8, 8), V{0});  // joins the stone in atari: one liberty left...
  EXPECT_EQ(set_planes(f, 9, plane::kSelfAtariSize, 8, 8, 8), V{1});  // ...a self-atari of two
  EXPECT_TRUE(la(1, 0).empty());  // occupied
}

using testutil::kLadder9;  // see testutil/positions.h

TEST(Features, LadderCapturePlane) {
  Game g = game_from_ascii(kLadder9, Color::kBlack);
  auto f = features_of(g);
  EXPECT_EQ(plane_at(f, 9, plane::kLadderCapture, 2, 2), 1.0f);  // chases towards the lower right
  EXPECT_EQ(plane_at(f, 9, plane::kLadderCapture, 3, 3), 1.0f);  // chases towards the upper left
  int total = 0;
  for (int i = 0; i < 81; ++i) total += f[plane::kLadderCapture * 81 + i] != 0.0f;
  EXPECT_EQ(total, 2);
  // A white stone on the lower-right diagonal breaks that ladder only.
  ASSERT_TRUE(g.add_setup_stone(make_point(7, 7), Color::kWhite));
  f = features_of(g);
  EXPECT_EQ(plane_at(f, 9, plane::kLadderCapture, 2, 2), 0.0f);
  EXPECT_EQ(plane_at(f, 9, plane::kLadderCapture, 3, 3), 1.0f);
}

TEST(Features, LadderEscapePlane) {
  Game g = game_from_ascii(kLadder9, Color::kWhite);
  ASSERT_TRUE(g.add_setup_stone(make_point(2, 2), Color::kBlack));  // O now in atari, liberty (3,3)
  auto f = features_of(g);
  EXPECT_EQ(plane_at(f, 9, plane::kLadderEscape, 3, 3), 0.0f);  // runs into a working ladder
  ASSERT_TRUE(g.add_setup_stone(make_point(7, 7), Color::kWhite));
  f = features_of(g);
  EXPECT_EQ(plane_at(f, 9, plane::kLadderEscape, 3, 3), 1.0f);  // the breaker saves it
  int total = 0;
  for (int i = 0; i < 81; ++i) total += f[plane::kLadderEscape * 81 + i] != 0.0f;
  EXPECT_EQ(total, 1);
}

TEST(Features, SensiblenessExcludesOwnTrueEyesAndIllegalMoves) {
  Game g = game_from_ascii(
      ". X . . . O . O .\n"
      "X X . . . . O . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . O X\n"
      ". . . . . . . X .\n",
      Color::kBlack);
  auto f = features_of(g);
  auto sensible = [&](int x, int y) { return plane_at(f, 9, plane::kSensible, x, y); };
  EXPECT_EQ(sensible(0, 0), 0.0f);  // own true eye: legal but not sensible...
  EXPECT_EQ(plane_at(f, 9, plane::kCaptureSize, 0, 0), 1.0f);  // ...its other move planes are set
  EXPECT_EQ(sensible(8, 8), 1.0f);  // false eye (white diagonal in the corner)
  EXPECT_EQ(sensible(4, 4), 1.0f);
  EXPECT_EQ(sensible(6, 0), 0.0f);  // suicide inside white's eye
  EXPECT_TRUE(no_move_features(f, 9, 6, 0));
  EXPECT_TRUE(no_move_features(f, 9, 1, 0));  // occupied
  // For White, (0,0) is suicide; (6,0) is eyeish but no true eye: on the edge no diagonal may be
  // bad, and its empty diagonals are not eyes themselves.
  g.set_to_move(Color::kWhite);
  f = features_of(g);
  EXPECT_EQ(sensible(0, 0), 0.0f);
  EXPECT_EQ(sensible(6, 0), 1.0f);
  EXPECT_EQ(plane_at(f, 9, plane::kCaptureSize, 6, 0), 1.0f);
}

TEST(Features, KoRecaptureIsNotSensible) {
  Game g = game_from_ascii(
      ". X O . .\n"
      "X O . O .\n"
      ". X O . .\n"
      ". . . . .\n"
      ". . . . .\n",
      Color::kBlack);
  ASSERT_EQ(g.play(make_point(2, 1)), MoveError::kNone);  // captures (1,1): ko
  ASSERT_EQ(g.check(make_point(1, 1), Color::kWhite), MoveError::kKo);
  auto f = features_of(g);
  EXPECT_TRUE(no_move_features(f, 5, 1, 1));
  EXPECT_EQ(plane_at(f, 5, plane::kStoneEmpty, 1, 1), 1.0f);
  EXPECT_EQ(plane_at(f, 5, plane::kSensible, 4, 4), 1.0f);
}

// ---- Randomized cross-check: every plane against a naive recomputation ----

// Liberties and size of the string through p, by flood fill over the colours (independent of the
// Board's incremental string bookkeeping).
void naive_string(const Board& b, Point p, int& libs, int& stones) {
  const Color c = b.at(p);
  std::vector<Point> stack{p};
  std::vector<bool> seen(kPadded, false), lib(kPadded, false);
  seen[p] = true;
  libs = stones = 0;
  while (!stack.empty()) {
    Point q = stack.back();
    stack.pop_back();
    ++stones;
    for (int d : kNeighbourOffsets) {
      Point n = static_cast<Point>(q + d);
      if (b.at(n) == Color::kEmpty && !lib[n]) {
        lib[n] = true;
        ++libs;
      } else if (b.at(n) == c && !seen[n]) {
        seen[n] = true;
        stack.push_back(n);
      }
    }
  }
}

// A literal port of RocAlphaGo's GameState.is_ladder_capture / is_ladder_escape (recursion depth
// budget, no node cap, no move ordering, every candidate read), over Board copies.
std::vector<Point> naive_liberties(const Board& b, Point s) {
  std::vector<Point> libs;
  Point q = s;
  do {
    for (int d : kNeighbourOffsets) {
      Point e = static_cast<Point>(q + d);
      if (b.at(e) == Color::kEmpty && std::find(libs.begin(), libs.end(), e) == libs.end()) libs.push_back(e);
    }
    q = b.next_in_string(q);
  } while (q != s);
  return libs;
}

bool roc_escape(const Board& b, Point action, Point prey, int remaining);

bool roc_capture(const Board& b, Point action, Point prey, int remaining) {
  if (!b.is_legal(action)) return false;
  if (remaining <= 0) return true;
  const Color hunter = b.to_move(), prey_colour = opponent(hunter);
  std::vector<Point> potential;
  if (prey != kNoPoint) {
    potential.push_back(prey);
  } else {
    for (int d : kNeighbourOffsets) {
      Point n = static_cast<Point>(action + d);
      if (b.at(n) == prey_colour && b.liberties(n) == 2) potential.push_back(n);
    }
  }
  for (Point pr : potential) {
    Board t = b;
    t.play(action);
    std::vector<Point> escapes = naive_liberties(t, pr);
    Point q = pr;
    do {
      for (int d : kNeighbourOffsets) {
        Point n = static_cast<Point>(q + d);
        if (t.at(n) == hunter && t.liberties(n) == 1)
          for (Point e : naive_liberties(t, n)) escapes.push_back(e);
      }
      q = t.next_in_string(q);
    } while (q != pr);
    bool any = false;
    for (Point e : escapes) any = any || roc_escape(t, e, pr, remaining - 1);
    if (!any) return true;
  }
  return false;
}

bool roc_escape(const Board& b, Point action, Point prey, int remaining) {
  if (!b.is_legal(action)) return false;
  if (remaining <= 0) return false;
  const Color me = b.to_move();
  std::vector<Point> potential;
  if (prey != kNoPoint) {
    potential.push_back(prey);
  } else {
    for (int d : kNeighbourOffsets) {
      Point n = static_cast<Point>(action + d);
      if (b.at(n) == me && b.liberties(n) == 1) potential.push_back(n);
    }
  }
  for (Point pr : potential) {
    Board t = b;
    t.play(action);
    if (t.liberties(pr) >= 3) return true;
    if (t.liberties(pr) == 1) continue;
    bool any = false;
    for (Point c : naive_liberties(t, pr)) any = any || roc_capture(t, c, pr, remaining - 1);
    if (any) continue;
    return true;
  }
  return false;
}

std::vector<float> naive_features(const Game& game) {
  const Board& b = game.board();
  const int n = b.size(), area = n * n;
  const Color me = game.to_move(), opp = opponent(me);
  std::vector<float> f(static_cast<size_t>(kValuePlanes) * area, 0.0f);
  auto set = [&](int pl, int x, int y) { f[static_cast<size_t>(pl) * area + y * n + x] = 1.0f; };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const Point p = make_point(x, y);
      set(plane::kOnes, x, y);
      if (me == Color::kBlack) set(plane::kPlayerIsBlack, x, y);
      if (b.at(p) != Color::kEmpty) {
        set(b.at(p) == me ? plane::kStoneOwn : plane::kStoneOpponent, x, y);
        set(plane::kTurnsSince + std::min(game.turns_since(p), 8) - 1, x, y);
        int libs, stones;
        naive_string(b, p, libs, stones);
        set(plane::kLiberties + std::min(libs, 8) - 1, x, y);
        continue;
      }
      set(plane::kStoneEmpty, x, y);
      if (!game.is_legal(p, me)) continue;
      Board t = b;
      t.play(p, me);
      const int captured = b.stones(opp).count() - t.stones(opp).count();
      int libs, stones;
      naive_string(t, p, libs, stones);
      set(plane::kCaptureSize + std::min(captured, 7), x, y);
      if (libs == 1) set(plane::kSelfAtariSize + std::min(stones, 8) - 1, x, y);
      set(plane::kLibertiesAfter + std::min(libs, 8) - 1, x, y);
      if (roc_capture(b, p, kNoPoint, kDefaultLadderBudget)) set(plane::kLadderCapture, x, y);
      if (roc_escape(b, p, kNoPoint, kDefaultLadderBudget)) set(plane::kLadderEscape, x, y);
      if (!b.is_true_eye(p, me)) set(plane::kSensible, x, y);
    }
  return f;
}

TEST(Features, RandomGamesMatchNaiveRecomputation) {
  int ladder_captures = 0, ladder_escapes = 0, self_ataris = 0, captures = 0, positions = 0;
  for (int size : {9, 13, 19}) {
    for (uint32_t seed = 1; seed <= 10; ++seed) {
      for (int moves : {0, 7, 25, 60, 110, 170, 240, 330}) {
        if (moves > size * size * 1.2) continue;
        Game g = testutil::random_game(size, moves, seed * 1000 + size);
        const std::vector<float> fast = features_of(g);
        const std::vector<float> naive = naive_features(g);
        ++positions;
        const int area = size * size;
        for (int pl = 0; pl < kValuePlanes; ++pl)
          for (int i = 0; i < area; ++i) {
            ASSERT_EQ(fast[pl * area + i], naive[pl * area + i])
                << "plane " << pl << " at x=" << i % size << " y=" << i / size << ", size " << size
                << " seed " << seed << " after " << moves << " moves\n"
                << g.board().to_string();
            if (naive[pl * area + i] == 0.0f) continue;
            ladder_captures += pl == plane::kLadderCapture;
            ladder_escapes += pl == plane::kLadderEscape;
            self_ataris += pl >= plane::kSelfAtariSize && pl < plane::kLibertiesAfter;
            captures += pl > plane::kCaptureSize && pl < plane::kSelfAtariSize;
          }
      }
    }
  }
  // The random positions must exercise the rare planes, or the comparison proves little.
  EXPECT_GT(positions, 100);
  EXPECT_GT(ladder_captures, 0);
  EXPECT_GT(ladder_escapes, 0);
  EXPECT_GT(self_ataris, 0);
  EXPECT_GT(captures, 0);
}

}  // namespace
}  // namespace tengen
