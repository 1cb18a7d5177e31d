// Local pattern codes for the rollout and tree policies (docs/ROLLOUT.md, docs/ALPHAGO.md §3).
//
// A cell of a pattern is one of 8 states, 3 bits: 0 empty, 1..3 a black stone whose string has 1, 2
// or >= 3 liberties, 4..6 the same for white, 7 off the board. Codes use absolute colours; a policy
// that wants "own / opponent" looks a code up together with the colour to move.
//   3x3 code     (24 bits): the 8 neighbours of a point, cell i at bits 3i..3i+2, in the order of
//                kRing8 (row by row, top left first, centre left out).
//   Diamond code (36 bits): the 12 points at Manhattan distance 1 or 2 from a centre, in the order of
//                kDiamond12; cells off the board (including two rows/columns beyond) are 7.
// Symmetries act on codes by permuting cells (and, for diamond positions, the position index), with
// the same meaning of s as engine/symmetry.h. swap_colours exchanges black and white cells.
// Thread-safety: pure functions and constant tables.
#pragma once

#include <cstdint>

#include "engine/board.h"
#include "engine/symmetry.h"
#include "engine/types.h"

namespace tengen {

constexpr int kCellEmpty = 0;
constexpr int kCellEdge = 7;

struct Offset {
  int dx, dy;
};
// Opposite offsets sit at i and 7 - i, which the incremental update relies on.
constexpr Offset kRing8[8] = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}};
constexpr Offset kDiamond12[12] = {{0, -1}, {-1, 0}, {1, 0}, {0, 1},  {0, -2}, {-1, -1},
                                   {1, -1}, {-2, 0}, {2, 0}, {-1, 1}, {1, 1},  {0, 2}};
constexpr int ring8_delta(int i) { return kRing8[i].dy * kStride + kRing8[i].dx; }

// The state of a cell from the board (q must be a mailbox cell: on the board or padding).
inline int cell_state(const Board& board, Point q) {
  const Color c = board.at(q);
  if (c == Color::kEmpty) return kCellEmpty;
  if (c == Color::kEdge) return kCellEdge;
  const int libs = board.liberties(q);
  return (c == Color::kBlack ? 0 : 3) + (libs < 3 ? libs : 3);
}
// The same for any coordinates, off-board ones included (for diamonds, which reach two cells out).
inline int cell_state_xy(const Board& board, int x, int y) {
  if (x < 0 || y < 0 || x >= board.size() || y >= board.size()) return kCellEdge;
  return cell_state(board, make_point(x, y));
}

uint32_t compute_code3(const Board& board, Point p);
// Board::is_playout_move(p, c) read from p's 3x3 code alone, ko aside: legal (a liberty, an own
// neighbour with 2+ liberties, or a capture) and not an own simple eye. The code holds every input
// of that test (neighbour colours and liberty buckets 1, 2, >= 3; diagonals), so a rollout can
// cache it per point and refresh it only where the code changed (rollout/rollout.h).
bool is_playout_code3(uint32_t code3, Color c);
// The same for both colours at once: bit 0 Black, bit 1 White. Most points have an empty
// orthogonal neighbour, which decides both without reading the rest.
inline unsigned playout_colours_code3(uint32_t code3) {
  // Cells 1, 3, 4, 6 (the orthogonal neighbours) sit at bits 3-5, 9-11, 12-14, 18-20.
  constexpr uint32_t kLow = (1u << 3) | (1u << 9) | (1u << 12) | (1u << 18);
  const uint32_t occupied = (code3 | code3 >> 1 | code3 >> 2) & kLow;
  if (occupied != kLow) return 3u;
  return unsigned{is_playout_code3(code3, Color::kBlack)} | unsigned{is_playout_code3(code3, Color::kWhite)} << 1;
}
uint64_t compute_diamond(const Board& board, Point centre);

// Symmetry s applied to codes: the cell at offset o moves to offset s(o).
uint32_t transform_code3(uint32_t code, int sym);
uint64_t transform_diamond(uint64_t code, int sym);
int transform_diamond_index(int index, int sym);  // a position 0..11 inside the diamond
uint32_t swap_colours3(uint32_t code);
uint64_t swap_colours_diamond(uint64_t code);

// The index of (dx, dy) in kRing8 / kDiamond12, or -1.
int ring8_index(int dx, int dy);
int diamond_index(int dx, int dy);

}  // namespace tengen
