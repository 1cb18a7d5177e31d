// Bitboard: a 361-bit set over the dense index y*19+x, six 64-bit words.
// Contract: bits outside the playing area are kept clear by the caller (mask with board_mask(size));
// shifts used for neighbour dilation mask out row wrap-around. Pure value type, thread-safe.
#pragma once

#include <array>
#include <cstdint>

#include "engine/types.h"

namespace tengen {

class Bitboard {
 public:
  static constexpr int kWords = 6;

  constexpr Bitboard() : w_{} {}

  bool test(int i) const { return (w_[i >> 6] >> (i & 63)) & 1u; }
  void set(int i) { w_[i >> 6] |= uint64_t{1} << (i & 63); }
  void reset(int i) { w_[i >> 6] &= ~(uint64_t{1} << (i & 63)); }
  bool test(Point p) const = delete;  // use dense_index(p): avoids padded/dense mix-ups

  int count() const {
    int n = 0;
    for (uint64_t w : w_) n += __builtin_popcountll(w);
    return n;
  }
  bool any() const { return (w_[0] | w_[1] | w_[2] | w_[3] | w_[4] | w_[5]) != 0; }
  bool none() const { return !any(); }

  Bitboard operator|(const Bitboard& o) const { Bitboard r; for (int i = 0; i < kWords; ++i) r.w_[i] = w_[i] | o.w_[i]; return r; }
  Bitboard operator&(const Bitboard& o) const { Bitboard r; for (int i = 0; i < kWords; ++i) r.w_[i] = w_[i] & o.w_[i]; return r; }
  Bitboard operator^(const Bitboard& o) const { Bitboard r; for (int i = 0; i < kWords; ++i) r.w_[i] = w_[i] ^ o.w_[i]; return r; }
  Bitboard and_not(const Bitboard& o) const { Bitboard r; for (int i = 0; i < kWords; ++i) r.w_[i] = w_[i] & ~o.w_[i]; return r; }
  Bitboard& operator|=(const Bitboard& o) { for (int i = 0; i < kWords; ++i) w_[i] |= o.w_[i]; return *this; }
  Bitboard& operator&=(const Bitboard& o) { for (int i = 0; i < kWords; ++i) w_[i] &= o.w_[i]; return *this; }
  bool operator==(const Bitboard& o) const { return w_ == o.w_; }
  bool operator!=(const Bitboard& o) const { return w_ != o.w_; }

  // Shift every bit by n places towards higher (n > 0) or lower (n < 0) indices.
  Bitboard shifted(int n) const;

  // The set plus its orthogonal neighbours, restricted to `mask` (the playing area).
  Bitboard dilate(const Bitboard& mask) const { return (*this | adjacent(mask)) & mask; }
  // Points of `mask` orthogonally next to some point of the set (the set itself not included
  // unless a point of it is next to another).
  Bitboard adjacent(const Bitboard& mask) const;

  // Dense index of the k-th set bit (k from 0, k < count()).
  int nth_set(int k) const;

  // Calls f(dense_index) for every set bit, in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    for (int i = 0; i < kWords; ++i) {
      uint64_t w = w_[i];
      while (w) {
        f(i * 64 + __builtin_ctzll(w));
        w &= w - 1;
      }
    }
  }

  uint64_t word(int i) const { return w_[i]; }

 private:
  std::array<uint64_t, kWords> w_;
};

// All points of a size x size board.
const Bitboard& board_mask(int size);

// Flood fill of `seed` through `passable` (orthogonal steps), limited to `passable`.
Bitboard flood_fill(const Bitboard& seed, const Bitboard& passable);

}  // namespace tengen
