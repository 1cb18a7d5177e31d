// SmallPointSet: up to N distinct points in insertion order, on the stack. For the handful of string
// heads around a point or the first liberties of a string, where a linear scan beats any hashing.
// Plain value type; thread-safe as values are.
#pragma once

#include "engine/types.h"

namespace tengen {

template <int N>
struct SmallPointSet {
  Point p[N] = {};
  int n = 0;

  bool contains(Point x) const {
    for (int i = 0; i < n; ++i)
      if (p[i] == x) return true;
    return false;
  }
  // Adds x if it is absent and there is room; true if it was added.
  bool insert(Point x) {
    if (n >= N || contains(x)) return false;
    p[n++] = x;
    return true;
  }
};

}  // namespace tengen
