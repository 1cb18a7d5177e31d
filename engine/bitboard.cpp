#include "engine/bitboard.h"

namespace tengen {

Bitboard Bitboard::shifted(int n) const {
  Bitboard r;
  if (n > 0) {
    const int words = n / 64, bits = n % 64;
    for (int i = kWords - 1; i >= words; --i) {
      uint64_t v = w_[i - words] << bits;
      if (bits && i - words - 1 >= 0) v |= w_[i - words - 1] >> (64 - bits);
      r.w_[i] = v;
    }
  } else if (n < 0) {
    n = -n;
    const int words = n / 64, bits = n % 64;
    for (int i = 0; i + words < kWords; ++i) {
      uint64_t v = w_[i + words] >> bits;
      if (bits && i + words + 1 < kWords) v |= w_[i + words + 1] << (64 - bits);
      r.w_[i] = v;
    }
  } else {
    r = *this;
  }
  return r;
}

namespace {

struct Masks {
  std::array<Bitboard, kMaxSize + 1> board;
  Bitboard not_first_col;  // points whose x != 0
  Bitboard not_last_col;   // points whose x != 18
  Masks() {
    for (int s = 1; s <= kMaxSize; ++s)
      for (int y = 0; y < s; ++y)
        for (int x = 0; x < s; ++x) board[s].set(y * kMaxSize + x);
    for (int i = 0; i < kMaxPoints; ++i) {
      if (i % kMaxSize != 0) not_first_col.set(i);
      if (i % kMaxSize != kMaxSize - 1) not_last_col.set(i);
    }
  }
};

const Masks& masks() {
  static const Masks m;
  return m;
}

}  // namespace

const Bitboard& board_mask(int size) { return masks().board[size]; }

Bitboard Bitboard::adjacent(const Bitboard& mask) const {
  const Masks& m = masks();
  // Moving right (+1) must not wrap from x=18 onto x=0 of the next row, and vice versa.
  Bitboard r = (*this & m.not_last_col).shifted(1) | (*this & m.not_first_col).shifted(-1) |
               shifted(kMaxSize) | shifted(-kMaxSize);
  return r & mask;
}

int Bitboard::nth_set(int k) const {
  for (int i = 0; i < kWords; ++i) {
    const int c = __builtin_popcountll(w_[i]);
    if (k < c) {
      uint64_t w = w_[i];
      for (; k > 0; --k) w &= w - 1;
      return i * 64 + __builtin_ctzll(w);
    }
    k -= c;
  }
  return -1;
}

Bitboard flood_fill(const Bitboard& seed, const Bitboard& passable) {
  Bitboard cur = seed & passable;
  for (;;) {
    Bitboard next = cur.dilate(passable);
    if (next == cur) return cur;
    cur = next;
  }
}

}  // namespace tengen
