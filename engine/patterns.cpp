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

// transform_diamond by table: the 36-bit code read as six 6-bit chunks (two cells each), each chunk
// value mapped to its cells' bits at their new places. 24 KiB; the rollout canonicalises the last
// move's diamond under all 8 symmetries every move, and the cell-by-cell loop was a tenth of its
// instructions (docs/BENCHMARKS.md, the rollout profile).
struct DiamondChunkTable {
  uint64_t bits[kNumSymmetries][6][64] = {};
  constexpr DiamondChunkTable() {
    for (int s = 0; s < kNumSymmetries; ++s)
      for (int chunk = 0; chunk < 6; ++chunk)
        for (int v = 0; v < 64; ++v)
          for (int half = 0; half < 2; ++half) {
            const int cell = 2 * chunk + half;
            bits[s][chunk][v] |= static_cast<uint64_t>((v >> (3 * half)) & 7) << (3 * kDiamondPerm.to[s][cell]);
          }
  }
};
constexpr DiamondChunkTable kDiamondChunks{};

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

bool is_playout_code3(uint32_t code3, Color c) {
  // Cells 1, 3, 4, 6 of kRing8 are the orthogonal neighbours, 0, 2, 5, 7 the diagonals.
  const int own_first = c == Color::kBlack ? 1 : 4, opp_first = c == Color::kBlack ? 4 : 1;
  bool legal = false, all_own = true;
  for (int i : {1, 3, 4, 6}) {
    const int s = static_cast<int>((code3 >> (3 * i)) & 7u);
    if (s == kCellEmpty) return true;  // a liberty: legal, and not an eye
    if (s == kCellEdge) continue;
    if (s >= own_first && s < own_first + 3) {
      legal |= s > own_first;  // an own string with 2 or more liberties
    } else {
      all_own = false;
      legal |= s == opp_first;  // captures
    }
  }
  if (!legal) return false;
  if (!all_own) return true;
  int bad = 0, edge = 0;
  for (int i : {0, 2, 5, 7}) {
    const int s = static_cast<int>((code3 >> (3 * i)) & 7u);
    bad += s >= opp_first && s < opp_first + 3;
    edge += s == kCellEdge;
  }
  return bad + (edge > 0) >= 2;  // a false eye may be filled
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
  const auto& t = kDiamondChunks.bits[sym];
  return t[0][code & 63] | t[1][(code >> 6) & 63] | t[2][(code >> 12) & 63] | t[3][(code >> 18) & 63] |
         t[4][(code >> 24) & 63] | t[5][(code >> 30) & 63];
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
