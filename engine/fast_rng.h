// The seeded random number generator of every per-thread stream in Tengen (playouts, rollouts, the
// search's symmetries, self-play sampling): SplitMix64 (engine/hash.h), tiny and passing BigCrush,
// which is all a playout needs (xoshiro-style quality is not). Thread-safety: one per thread.
#pragma once

#include <cstdint>

#include "engine/hash.h"

namespace tengen {

class FastRng {
 public:
  explicit FastRng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return splitmix64(state_); }
  // Uniform in [0, n) by multiply-shift (Lemire); the bias for n <= 361 is below 2^-55.
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * n) >> 32); }

 private:
  uint64_t state_;
};

}  // namespace tengen
