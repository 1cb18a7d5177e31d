// Uniform random playouts: random legal moves that do not fill a single-point own eye
// (Board::is_simple_eye), until both sides pass. Simple ko only (superko is not checked inside
// playouts, as in every playout engine); a move cap stops the rare long ko cycle.
// Used by `tengen bench board`, by tests as a game generator, and as the no-network fallback.
// Thread-safety: operates on the caller's Board and RNG; give each thread its own.
#pragma once

#include <cstdint>

#include "engine/board.h"
#include "engine/fast_rng.h"

namespace tengen {

// A uniformly chosen legal, non-eye-filling move for the side to move, or kPass if none.
Point random_move(const Board& board, FastRng& rng);
// The same distribution by listing every acceptable point first: what random_move falls back to
// when rejection sampling keeps failing. Exposed so tests can check both paths.
Point random_move_by_enumeration(const Board& board, FastRng& rng);

struct PlayoutResult {
  int moves = 0;          // moves played, passes included
  int area_difference = 0;  // black area - white area at the end (no komi)
};

// Plays from `board` (modified in place) until two consecutive passes or `max_moves`.
PlayoutResult random_playout(Board& board, FastRng& rng, int max_moves);

}  // namespace tengen
