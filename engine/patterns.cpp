#include "engine/patterns.h"

namespace tengen {

namespace {

constexpr Offset transform_offset(Offset o, int sym) {
  if (sym & 1) o.dx = -o.dx;
  if (sym & 2) o.dy = -o.dy;
  if (sym & 4) o = Offset{o.dy, o.dx};
  return o;
}

constexpr int swap_cell(int cell) { return cell >= 1 && cell <= 3 ? cell + 3 : (cell >= 4 && cell <= 6 ? cell - 3 : cell); }

template <int N>
constexpr int find_offset(const Offset (&table)[N], Offset o) {
  for (int i = 0; i < N; ++i)
    if (table[i].dx == o.dx && table[i].dy == o.dy) return i;
  return -1;
}

// Where cell i of a pattern goes under symmetry s: computed once, at compile time.
template <int N>
struct CellPermutations {
  int8_t to[kNumSymmetries][N] = {};
  constexpr explicit CellPermutations(const Offset (&table)[N]) {
    for (int s = 0; s < kNumSymmetries; ++s)
      for (int i = 0; i < N; ++i) to[s][i] = static_cast<int8_t>(find_offset(table, transform_offset(table[i], s)));
  }
};
constexpr CellPermutations<8> kRingPerm{kRing8};
constexpr CellPermutations<12> kDiamondPerm{kDiamond12};

}  // namespace

namespace {
// (dx, dy) in -2..2 -> index, for the two lookups the policies make per candidate move.
template <int N>
struct OffsetIndex {
  int8_t at[5][5] = {};
  constexpr explicit OffsetIndex(const Offset (&table)[N]) {
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx) at[dy + 2][dx + 2] = static_cast<int8_t>(find_offset(table, Offset{dx, dy}));
  }
  int operator()(int dx, int dy) const { return dx < -2 || dx > 2 || dy < -2 || dy > 2 ? -1 : at[dy + 2][dx + 2]; }
};
constexpr OffsetIndex<8> kRingIndex{kRing8};
constexpr OffsetIndex<12> kDiamondIndex{kDiamond12};
}  // namespace

int ring8_index(int dx, int dy) { return kRingIndex(dx, dy); }
int diamond_index(int dx, int dy) { return kDiamondIndex(dx, dy); }

uint32_t compute_code3(const Board& board, Point p) {
  uint32_t code = 0;
  for (int i = 0; i < 8; ++i) code |= static_cast<uint32_t>(cell_state(board, static_cast<Point>(p + ring8_delta(i)))) << (3 * i);
  return code;
}

uint64_t compute_diamond(const Board& board, Point centre) {
  const int x = point_x(centre), y = point_y(centre);
  uint64_t code = 0;
  for (int i = 0; i < 12; ++i)
    code |= static_cast<uint64_t>(cell_state_xy(board, x + kDiamond12[i].dx, y + kDiamond12[i].dy)) << (3 * i);
  return code;
}

uint32_t transform_code3(uint32_t code, int sym) {
  uint32_t out = 0;
  for (int i = 0; i < 8; ++i) out |= ((code >> (3 * i)) & 7u) << (3 * kRingPerm.to[sym][i]);
  return out;
}

int transform_diamond_index(int index, int sym) { return kDiamondPerm.to[sym][index]; }

uint64_t transform_diamond(uint64_t code, int sym) {
  uint64_t out = 0;
  for (int i = 0; i < 12; ++i) out |= ((code >> (3 * i)) & 7u) << (3 * kDiamondPerm.to[sym][i]);
  return out;
}

uint32_t swap_colours3(uint32_t code) {
  uint32_t out = 0;
  for (int i = 0; i < 8; ++i) out |= static_cast<uint32_t>(swap_cell((code >> (3 * i)) & 7)) << (3 * i);
  return out;
}

uint64_t swap_colours_diamond(uint64_t code) {
  uint64_t out = 0;
  for (int i = 0; i < 12; ++i) out |= static_cast<uint64_t>(swap_cell(static_cast<int>((code >> (3 * i)) & 7))) << (3 * i);
  return out;
}

}  // namespace tengen
