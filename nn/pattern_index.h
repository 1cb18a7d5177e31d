// PatternIndex: a read-only open-addressing hash map from a 64-bit pattern key to a weight index,
// built once (when weights are loaded or a dictionary is harvested) and then probed without
// allocating from any number of threads. Linear probing in a power-of-two table at most half full.
#pragma once

#include <cstdint>
#include <vector>

namespace tengen::nn {

class PatternIndex {
 public:
  // Reserves room for `n` keys; clears the index.
  void reset(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    keys_.assign(cap, kEmptyKey);
    values_.assign(cap, -1);
    mask_ = cap - 1;
    size_ = 0;
  }
  // Inserts or overwrites. `key` must not be kEmptyKey (no code uses all 64 bits).
  void insert(uint64_t key, int32_t value) {
    size_t i = slot(key);
    while (keys_[i] != kEmptyKey && keys_[i] != key) i = (i + 1) & mask_;
    if (keys_[i] == kEmptyKey) ++size_;
    keys_[i] = key;
    values_[i] = value;
  }
  int32_t find(uint64_t key) const {
    if (keys_.empty()) return -1;
    size_t i = slot(key);
    while (keys_[i] != kEmptyKey) {
      if (keys_[i] == key) return values_[i];
      i = (i + 1) & mask_;
    }
    return -1;
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmptyKey = ~0ull;
  size_t slot(uint64_t key) const {
    key ^= key >> 29;
    key *= 0xBF58476D1CE4E5B9ull;
    key ^= key >> 32;
    return static_cast<size_t>(key) & mask_;
  }
  std::vector<uint64_t> keys_;
  std::vector<int32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace tengen::nn
