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

}  // namespace

int ring8_index(int dx, int dy) {
  for (int i = 0; i < 8; ++i)
    if (kRing8[i].dx == dx && kRing8[i].dy == dy) return i;
  return -1;
}

int diamond_index(int dx, int dy) {
  for (int i = 0; i < 12; ++i)
    if (kDiamond12[i].dx == dx && kDiamond12[i].dy == dy) return i;
  return -1;
}

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
  for (int i = 0; i < 8; ++i) {
    const Offset o = transform_offset(kRing8[i], sym);
    out |= ((code >> (3 * i)) & 7u) << (3 * ring8_index(o.dx, o.dy));
  }
  return out;
}

int transform_diamond_index(int index, int sym) {
  const Offset o = transform_offset(kDiamond12[index], sym);
  return diamond_index(o.dx, o.dy);
}

uint64_t transform_diamond(uint64_t code, int sym) {
  uint64_t out = 0;
  for (int i = 0; i < 12; ++i) out |= ((code >> (3 * i)) & 7u) << (3 * transform_diamond_index(i, sym));
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
