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
  // are eyes), find the acceptable points once and pick uniformly among them.
  for (int tries = 0; tries < 32; ++tries) {
    Point p = board.empty_at(static_cast<int>(rng.below(n)));
    if (board.is_playout_move(p, c)) return p;
  }
  return random_move_by_enumeration(board, rng);
}

Point random_move_by_enumeration(const Board& board, FastRng& rng) {
  const Color c = board.to_move();
  // Every empty point with an empty neighbour is acceptable (legal, not an eye): take those as one
  // bitboard. Only the rest (no empty neighbour: eyes, captures, suicides) needs a look each.
  const Bitboard empty = board.empty_points();
  const Bitboard easy = empty & empty.adjacent(board_mask(board.size()));
  std::array<Point, kMaxPoints> hard;
  int m = 0;
  empty.and_not(easy).for_each([&](int i) {
    const Point p = from_dense(i);
    if (board.is_playout_move(p, c)) hard[m++] = p;
  });
  const int n_easy = easy.count();
  if (n_easy + m == 0) return kPass;
  const int k = static_cast<int>(rng.below(static_cast<uint32_t>(n_easy + m)));
  return k < n_easy ? from_dense(easy.nth_set(k)) : hard[k - n_easy];
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
