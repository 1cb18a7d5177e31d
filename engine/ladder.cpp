#include "engine/ladder.h"

#include "engine/small_set.h"

#include <utility>

namespace tengen {

namespace {

// The first `N` distinct liberties of the string through `s` (all of them when it has <= N).
template <int N>
SmallPointSet<N> string_liberties(const Board& b, Point s) {
  SmallPointSet<N> libs;
  const int want = b.liberties(s) < N ? b.liberties(s) : N;
  Point q = s;
  do {
    for (int d : kNeighbourOffsets) {
      Point e = static_cast<Point>(q + d);
      if (b.at(e) == Color::kEmpty) libs.insert(e);
    }
    if (libs.n >= want) break;
    q = b.next_in_string(q);
  } while (q != s);
  return libs;
}

// One reading: `depth_left` is the plies still allowed on the current line (RocAlphaGo's
// remaining_attempts); `nodes_left` caps the whole reading so that its cost is bounded even where
// the two-way branching does not die out quickly.
struct Reader {
  int nodes_left;

  bool capture_works(const Board& b, Point move, Color attacker, Point prey, int depth_left);
  bool escape_works(const Board& b, Point move, Color defender, Point prey, int depth_left);
};

// The attacker plays `move`, putting the prey (a stone of the defender's string) in atari; then the
// defender looks for an escape. Returns true if none works.
bool Reader::capture_works(const Board& b, Point move, Color attacker, Point prey, int depth_left) {
  if (!b.is_legal(move, attacker)) return false;
  if (depth_left <= 0 || --nodes_left < 0) return true;  // unresolved: assume the ladder works
  Board t = b;
  t.play(move, attacker);
  if (t.at(prey) == Color::kEmpty) return true;  // captured outright
  if (t.liberties(prey) >= 2) return false;      // not an atari, so not a ladder
  const Color defender = opponent(attacker);

  // Capturing an attacker string in atari next to the prey comes first: it is usually decided at
  // once, and trying the long extension first could spend the budget and hide it.
  SmallPointSet<64> escapes;  // generous: one entry per attacker string in atari around the prey
  Point q = prey;
  do {
    for (int d : kNeighbourOffsets) {
      Point n = static_cast<Point>(q + d);
      if (t.at(n) == attacker && t.liberties(n) == 1) escapes.insert(string_liberties<1>(t, n).p[0]);
    }
    q = t.next_in_string(q);
  } while (q != prey);
  escapes.insert(string_liberties<1>(t, prey).p[0]);

  for (int i = 0; i < escapes.n; ++i)
    if (escape_works(t, escapes.p[i], defender, prey, depth_left - 1)) return false;
  return true;
}

int empty_neighbours(const Board& b, Point p) {
  int n = 0;
  for (int d : kNeighbourOffsets) n += b.at(static_cast<Point>(p + d)) == Color::kEmpty;
  return n;
}

// The defender plays `move` to save the prey from atari. Returns true if the prey gets out.
bool Reader::escape_works(const Board& b, Point move, Color defender, Point prey, int depth_left) {
  if (!b.is_legal(move, defender)) return false;
  if (depth_left <= 0 || --nodes_left < 0) return false;  // unresolved: assume the escape fails
  Board t = b;
  t.play(move, defender);
  const int libs = t.liberties(prey);
  if (libs >= 3) return true;
  if (libs <= 1) return false;
  SmallPointSet<2> two = string_liberties<2>(t, prey);
  // Only the order of reading depends on this: the attacker usually ataris from the side that
  // leaves the defender's remaining liberty with fewer empty neighbours, so try that one first.
  if (empty_neighbours(t, two.p[1]) > empty_neighbours(t, two.p[0])) std::swap(two.p[0], two.p[1]);
  const Color attacker = opponent(defender);
  for (int i = 0; i < 2; ++i)
    if (capture_works(t, two.p[i], attacker, prey, depth_left - 1)) return false;
  return true;
}

}  // namespace

bool may_be_ladder_capture(const Board& b, Point move, Color attacker) {
  if (!b.on_board(move) || b.at(move) != Color::kEmpty) return false;
  const Color defender = opponent(attacker);
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(move + d);
    if (b.at(n) == defender && b.liberties(n) == 2) return true;
  }
  return false;
}

bool may_be_ladder_escape(const Board& b, Point move, Color defender) {
  if (!b.on_board(move) || b.at(move) != Color::kEmpty) return false;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(move + d);
    if (b.at(n) == defender && b.liberties(n) == 1) return true;
  }
  return false;
}

namespace {
// Whether `works` holds for one of the defender's chains next to `move` that has `liberties`
// liberties (each chain read once).
template <class Works>
bool some_adjacent_chain(const Board& b, Point move, Color defender, int liberties, Works works) {
  SmallPointSet<4> heads;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(move + d);
    if (b.at(n) != defender || b.liberties(n) != liberties || heads.contains(b.head(n))) continue;
    heads.insert(b.head(n));
    if (works(n)) return true;
  }
  return false;
}
}  // namespace

bool is_ladder_capture(const Board& b, Point move, Color attacker, int budget) {
  if (!may_be_ladder_capture(b, move, attacker) || !b.is_legal(move, attacker)) return false;
  Reader r{kLadderNodesPerPly * budget};
  return some_adjacent_chain(b, move, opponent(attacker), 2,
                             [&](Point prey) { return r.capture_works(b, move, attacker, prey, budget); });
}

bool is_ladder_escape(const Board& b, Point move, Color defender, int budget) {
  if (!may_be_ladder_escape(b, move, defender) || !b.is_legal(move, defender)) return false;
  Reader r{kLadderNodesPerPly * budget};
  return some_adjacent_chain(b, move, defender, 1,
                             [&](Point prey) { return r.escape_works(b, move, defender, prey, budget); });
}

}  // namespace tengen
