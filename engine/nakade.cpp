#include "engine/nakade.h"

#include <algorithm>
#include <array>

namespace tengen {
namespace {

constexpr int kMaxSacrifice = 6;

// Degrees (neighbours inside the shape) of every stone, sorted: they tell the dead shapes apart
// from the living ones of the same size (straight, L, Z and T four have none of these sequences).
bool is_dead_shape(const std::array<Point, kMaxSacrifice>& s, int n) {
  if (n <= 3) return true;
  std::array<int, kMaxSacrifice> deg{};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int d : kNeighbourOffsets) deg[i] += s[i] + d == s[j];
  for (int i = 1; i < n; ++i)  // insertion sort: n <= 6 (and std::sort trips GCC 12's -Warray-bounds here)
    for (int j = i; j > 0 && deg[j - 1] > deg[j]; --j) std::swap(deg[j - 1], deg[j]);
  auto is = [&](std::initializer_list<int> want) { return std::equal(want.begin(), want.end(), deg.begin()); };
  switch (n) {
    case 4: return is({2, 2, 2, 2}) || is({1, 1, 1, 3});              // square, pyramid
    case 5: return is({1, 2, 2, 2, 3}) || is({1, 1, 1, 1, 4});        // bulky five, crossed five
    case 6: return is({1, 1, 2, 2, 2, 4});                            // rabbity six
    default: return false;
  }
}

}  // namespace

bool is_nakade_sacrifice(const Board& b, Point p, Color c) {
  if (!b.is_self_atari(p, c, 2)) return false;
  // The string the move makes: p and the own strings around it.
  std::array<Point, kMaxSacrifice> stones;
  int n = 0;
  stones[n++] = p;
  for (int d : kNeighbourOffsets) {
    const Point q = static_cast<Point>(p + d);
    if (b.at(q) != c || std::find(stones.begin(), stones.begin() + n, q) != stones.begin() + n) continue;
    Point s = q;
    do {
      if (n == kMaxSacrifice) return false;
      stones[n++] = s;
      s = b.next_in_string(s);
    } while (s != q);
  }
  if (!is_dead_shape(stones, n)) return false;
  // Its last liberty L (is_self_atari guarantees exactly one).
  Point last = kNoPoint;
  for (int i = 0; i < n && last == kNoPoint; ++i)
    for (int d : kNeighbourOffsets) {
      const Point q = static_cast<Point>(stones[i] + d);
      if (q != p && b.at(q) == Color::kEmpty) last = q;
    }
  // Every opponent string around has no liberty but p and L.
  const Color opp = opponent(c);
  for (int i = 0; i < n; ++i)
    for (int d : kNeighbourOffsets) {
      const Point q = static_cast<Point>(stones[i] + d);
      if (b.at(q) != opp) continue;
      if (b.liberties(q) > 2) return false;
      Point s = q;
      do {
        for (int e : kNeighbourOffsets) {
          const Point r = static_cast<Point>(s + e);
          if (b.at(r) == Color::kEmpty && r != p && r != last) return false;
        }
        s = b.next_in_string(s);
      } while (s != q);
    }
  return true;
}

}  // namespace tengen
