// The 8 symmetries of the square board (dihedral group D4) acting on points of a size x size board.
// Symmetry s: bit 0 flips x, bit 1 flips y, bit 2 transposes (applied after the flips).
// Contract: apply_symmetry(apply_symmetry(p, s), inverse_symmetry(s)) == p. Thread-safe, pure.
#pragma once

#include "engine/types.h"

namespace tengen {

constexpr int kNumSymmetries = 8;

constexpr void transform_xy(int& x, int& y, int sym, int size) {
  if (sym & 1) x = size - 1 - x;
  if (sym & 2) y = size - 1 - y;
  if (sym & 4) {
    int t = x;
    x = y;
    y = t;
  }
}

constexpr Point apply_symmetry(Point p, int sym, int size) {
  if (p == kPass || p == kResign || p == kNoPoint) return p;
  int x = point_x(p), y = point_y(p);
  transform_xy(x, y, sym, size);
  return make_point(x, y);
}

// Flips then transpose: the inverse transposes first, so swapping the two flip bits undoes it.
constexpr int inverse_symmetry(int sym) {
  if (!(sym & 4)) return sym;
  return 4 | ((sym & 1) << 1) | ((sym & 2) >> 1);
}

}  // namespace tengen
