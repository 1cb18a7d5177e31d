#include "engine/random_playout.h"

#include <array>

#include "engine/game.h"

namespace tengen {

Point random_move(const Board& board, FastRng& rng) {
  const int n = board.num_empty();
  if (n == 0) return kPass;
  const Color c = board.to_move();
  // Rejection sampling keeps the choice uniform over acceptable points and is cheap while most
  // empty points are acceptable; once several picks fail (late in the game, when most empty points
  // are eyes), enumerate the acceptable points once and pick among them.
  for (int tries = 0; tries < 32; ++tries) {
    Point p = board.empty_at(static_cast<int>(rng.below(n)));
    if (board.is_playout_move(p, c)) return p;
  }
  std::array<Point, kMaxPoints> cand;
  int m = 0;
  for (int i = 0; i < n; ++i) {
    Point p = board.empty_at(i);
    if (board.is_playout_move(p, c)) cand[m++] = p;
  }
  return m == 0 ? kPass : cand[rng.below(m)];
}

PlayoutResult random_playout(Board& board, FastRng& rng, int max_moves) {
  PlayoutResult r;
  while (board.consecutive_passes() < 2 && r.moves < max_moves) {
    board.play(random_move(board, rng));
    ++r.moves;
  }
  r.area_difference = area_difference(board);
  return r;
}

}  // namespace tengen
