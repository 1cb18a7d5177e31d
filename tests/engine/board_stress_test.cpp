// Incremental versus recomputed: over thousands of seeded random games, after every move the
// strings, liberty counts, stone bitboards, empty-point list and Zobrist hash that Board keeps
// incrementally must equal what a naive flood fill recomputes from the stone colours alone.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "engine/board.h"
#include "engine/game.h"
#include "engine/random_playout.h"
#include "engine/zobrist.h"

namespace tengen {
namespace {

// Returns an empty string if consistent, else a description of the first difference.
std::string check_against_recomputation(const Board& b) {
  const int n = b.size();
  std::vector<int> string_id(kPadded, -1);
  uint64_t hash = 0;
  Bitboard black, white;
  int ids = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const Point p = make_point(x, y);
      const Color c = b.at(p);
      if (c == Color::kEmpty) continue;
      hash ^= zobrist::stone(c, p);
      (c == Color::kBlack ? black : white).set(dense_index(p));
      if (string_id[p] >= 0) continue;
      // Flood fill this string; count its stones and distinct liberties.
      std::vector<Point> stack{p}, members;
      std::set<Point> libs;
      string_id[p] = ids;
      while (!stack.empty()) {
        Point s = stack.back();
        stack.pop_back();
        members.push_back(s);
        for (int d : kNeighbourOffsets) {
          Point q = static_cast<Point>(s + d);
          if (b.at(q) == Color::kEmpty) libs.insert(q);
          else if (b.at(q) == c && string_id[q] < 0) {
            string_id[q] = ids;
            stack.push_back(q);
          }
        }
      }
      ++ids;
      // Every member shares one head; the circular list from the head visits exactly the members.
      std::set<Point> listed;
      Point h = b.head(p), s = h;
      do {
        listed.insert(s);
        s = b.next_in_string(s);
      } while (s != h && listed.size() <= members.size());
      if (listed != std::set<Point>(members.begin(), members.end()))
        return "string list at " + point_to_gtp(p, n) + " differs from the flood fill";
      for (Point m : members) {
        if (b.head(m) != h) return "head differs inside string at " + point_to_gtp(m, n);
        if (b.liberties(m) != static_cast<int>(libs.size()))
          return "liberties at " + point_to_gtp(m, n) + ": kept " + std::to_string(b.liberties(m)) +
                 ", recomputed " + std::to_string(libs.size());
        if (b.string_size(m) != static_cast<int>(members.size())) return "string size at " + point_to_gtp(m, n);
      }
    }
  if (hash != b.hash()) return "hash differs";
  if (black != b.stones(Color::kBlack) || white != b.stones(Color::kWhite)) return "bitboards differ";
  std::set<Point> empties;
  for (int i = 0; i < b.num_empty(); ++i) empties.insert(b.empty_at(i));
  if (static_cast<int>(empties.size()) != b.num_empty()) return "empty list has duplicates";
  if (static_cast<int>(empties.size()) != b.empty_points().count()) return "empty list size";
  for (Point p : empties)
    if (b.at(p) != Color::kEmpty) return "empty list holds a stone at " + point_to_gtp(p, n);
  return "";
}

TEST(BoardStress, IncrementalStateEqualsRecomputationOverRandomGames) {
  struct Plan { int size, games; };
  const Plan plans[] = {{5, 800}, {9, 1500}, {13, 300}, {19, 200}};  // 2,800 games
  uint64_t seed = 77;
  int64_t moves = 0;
  for (const Plan& plan : plans) {
    for (int g = 0; g < plan.games; ++g) {
      Board b(plan.size);
      FastRng rng(seed++);
      const int max_moves = 3 * plan.size * plan.size;
      for (int i = 0; i < max_moves && b.consecutive_passes() < 2; ++i) {
        Point m = random_move(b, rng);
        const uint64_t predicted = b.hash_after(m, b.to_move());
        const int predicted_caps = m == kPass ? 0 : b.capture_count(m, b.to_move());
        const int predicted_libs = m == kPass ? 0 : b.liberties_after(m, b.to_move());
        const Color mover = b.to_move();
        const int caps_before = b.captures(mover);
        b.play(m);
        ++moves;
        ASSERT_EQ(b.hash(), predicted) << "hash_after, size " << plan.size << " seed " << seed - 1;
        ASSERT_EQ(b.captures(mover) - caps_before, predicted_caps) << "capture_count";
        if (m != kPass) {
          ASSERT_EQ(b.liberties(m), predicted_libs) << "liberties_after";
        }
        const std::string err = check_against_recomputation(b);
        ASSERT_EQ(err, "") << "size " << plan.size << " seed " << seed - 1 << " move " << i + 1 << "\n"
                           << b.to_string();
      }
    }
  }
  RecordProperty("moves", static_cast<int>(moves));
  EXPECT_GT(moves, 300000);
}

TEST(BoardStress, BoardCopiesAreIndependent) {
  Board a(9);
  FastRng rng(5);
  for (int i = 0; i < 40; ++i) a.play(random_move(a, rng));
  Board b = a;
  const std::string before = a.to_string();
  for (int i = 0; i < 40; ++i) b.play(random_move(b, rng));
  EXPECT_EQ(a.to_string(), before);
  EXPECT_EQ(check_against_recomputation(a), "");
  EXPECT_EQ(check_against_recomputation(b), "");
  static_assert(std::is_trivially_copyable_v<Board>, "Board must stay a plain value type");
}

}  // namespace
}  // namespace tengen
