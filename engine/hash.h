// The one 64-bit mixer of Tengen: SplitMix64 (Steele, Lea and Flood, 2014). mix64 is its finaliser,
// which spreads every input bit over all 64 output bits; splitmix64 steps a stream. Used for Zobrist
// keys, the fast RNG, record ids and every seed derived from a (seed, index) pair, so that what a
// seed means never depends on a standard library. constexpr, stateless: safe anywhere.
#pragma once

#include <cstdint>

namespace tengen {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;  // 2^64 / φ, SplitMix64's increment

constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The next value of the SplitMix64 stream whose state is `state`.
constexpr uint64_t splitmix64(uint64_t& state) { return mix64(state += kGoldenGamma); }

}  // namespace tengen
