#include "engine/features.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "engine/ladder.h"
#include "engine/small_set.h"
#include "engine/symmetry.h"

namespace tengen {

namespace {

// Liberty sets of strings, computed on first use and at most once per string per call: a big
// string touches many empty points, and walking it again for each of them would dominate the cost.
class LibertyCache {
 public:
  explicit LibertyCache(const Board& b) : b_(b) { ready_.fill(0); }

  const Bitboard& of(Point head) {
    if (!ready_[head]) {
      Bitboard libs;
      Point s = head;
      do {
        for (int d : kNeighbourOffsets) {
          Point n = static_cast<Point>(s + d);
          if (b_.at(n) == Color::kEmpty) libs.set(dense_index(n));
        }
        s = b_.next_in_string(s);
      } while (s != head);
      libs_[head] = libs;
      ready_[head] = 1;
    }
    return libs_[head];
  }

 private:
  const Board& b_;
  std::array<uint8_t, kPadded> ready_;
  std::array<Bitboard, kPadded> libs_;  // valid where ready_ is set
};

// Integer features are one-hot over 1..7 and a last plane for ">= 8".
inline int onehot8(int v) { return (v < 8 ? v : 8) - 1; }

// The move features of one empty point that is legal for `me` (docs/ALPHAGO.md §1.2).
struct MoveInfo {
  int captured = 0;        // opponent stones removed
  int libs_after = 0;      // liberties of the new stone's string after captures
  int string_after = 1;    // stones in that string
};

MoveInfo analyse_move(const Board& b, Point p, Color me, LibertyCache& cache) {
  const Color opp = opponent(me);
  SmallPointSet<4> own, captured;
  Bitboard libs;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    Color c = b.at(n);
    if (c == Color::kEmpty) {
      libs.set(dense_index(n));
    } else if (c == me) {
      own.insert(b.head(n));
    } else if (c == opp && b.liberties(n) == 1) {
      captured.insert(b.head(n));
    }
  }
  MoveInfo m;
  for (int i = 0; i < own.n; ++i) m.string_after += b.string_size(own.p[i]);
  for (int i = 0; i < captured.n; ++i) m.captured += b.string_size(captured.p[i]);
  if (captured.n > 0) {
    // Rare: which captured stones become liberties depends on the merged string's shape.
    m.libs_after = b.liberties_after(p, me);
    return m;
  }
  for (int i = 0; i < own.n; ++i) libs |= cache.of(own.p[i]);
  libs.reset(dense_index(p));
  m.libs_after = libs.count();
  return m;
}

}  // namespace

void extract_features(const Game& game, FeatureSet set, int symmetry, float* out) {
  assert(symmetry >= 0 && symmetry < kNumSymmetries);
  const Board& b = game.board();
  const int n = b.size(), area = n * n;
  std::fill(out, out + num_planes(set) * area, 0.0f);
  const Color me = game.to_move();
  LibertyCache cache(b);
  auto at = [&](int plane_index, int offset) -> float& { return out[plane_index * area + offset]; };

  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const Point p = make_point(x, y);
      int tx = x, ty = y;
      transform_xy(tx, ty, symmetry, n);
      const int o = ty * n + tx;
      at(plane::kOnes, o) = 1;
      const Color c = b.at(p);
      if (c != Color::kEmpty) {
        at(c == me ? plane::kStoneOwn : plane::kStoneOpponent, o) = 1;
        at(plane::kTurnsSince + onehot8(game.turns_since(p)), o) = 1;
        at(plane::kLiberties + onehot8(b.liberties(p)), o) = 1;
        continue;
      }
      at(plane::kStoneEmpty, o) = 1;
      if (!game.is_legal(p, me)) continue;  // includes positional superko
      const MoveInfo m = analyse_move(b, p, me, cache);
      // Capture size: planes for 0..6 and >= 7 (RocAlphaGo), so a quiet move sets the first plane.
      at(plane::kCaptureSize + std::min(m.captured, 7), o) = 1;
      if (m.libs_after == 1) at(plane::kSelfAtariSize + onehot8(m.string_after), o) = 1;
      at(plane::kLibertiesAfter + onehot8(m.libs_after), o) = 1;
      if (may_be_ladder_capture(b, p, me) && is_ladder_capture(b, p, me)) at(plane::kLadderCapture, o) = 1;
      if (may_be_ladder_escape(b, p, me) && is_ladder_escape(b, p, me)) at(plane::kLadderEscape, o) = 1;
      if (!b.is_true_eye(p, me)) at(plane::kSensible, o) = 1;
    }
  }
  if (set == FeatureSet::kValue49 && me == Color::kBlack)
    std::fill(out + plane::kPlayerIsBlack * area, out + (plane::kPlayerIsBlack + 1) * area, 1.0f);
}

}  // namespace tengen
