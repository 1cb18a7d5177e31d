// Zobrist keys, generated at compile time (constexpr SplitMix64), so there is no start-up step.
// Contract: stone keys for every padded point and colour; a key for the side to move. Thread-safe.
#pragma once

#include <array>
#include <cstdint>

#include "engine/hash.h"
#include "engine/types.h"

namespace tengen::zobrist {

using tengen::splitmix64;

struct Table {
  std::array<std::array<uint64_t, kPadded>, 2> stone{};
  uint64_t black_to_move = 0;
};

constexpr Table make_table() {
  Table t{};
  uint64_t state = 0x7E57E4C0FFEEull;  // fixed seed: hashes are stable across runs and builds
  for (int c = 0; c < 2; ++c)
    for (int p = 0; p < kPadded; ++p) t.stone[c][p] = splitmix64(state);
  t.black_to_move = splitmix64(state);
  return t;
}

inline constexpr Table kTable = make_table();

constexpr uint64_t stone(Color c, Point p) { return kTable.stone[color_index(c)][p]; }

}  // namespace tengen::zobrist
