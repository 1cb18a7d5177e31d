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

// The same idea for the rollout's hottest lookup: a 25-bit raw 3x3 key straight to exp(weight), key
// and value side by side in one 8-byte slot, so a probe costs one cache line, not three.
class PatternExpTable {
 public:
  void reset(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    slots_.assign(cap, Slot{kEmptyKey, 0.0f});
    mask_ = cap - 1;
  }
  void insert(uint32_t key, float value) {
    size_t i = slot(key);
    while (slots_[i].key != kEmptyKey && slots_[i].key != key) i = (i + 1) & mask_;
    slots_[i] = Slot{key, value};
  }
  // `missing` for keys not in the table.
  float find(uint32_t key, float missing) const {
    if (slots_.empty()) return missing;
    size_t i = slot(key);
    while (slots_[i].key != kEmptyKey) {
      if (slots_[i].key == key) return slots_[i].value;
      i = (i + 1) & mask_;
    }
    return missing;
  }

 private:
  static constexpr uint32_t kEmptyKey = ~0u;
  struct Slot {
    uint32_t key;
    float value;
  };
  size_t slot(uint32_t key) const { return static_cast<size_t>((key * 0x9E3779B1u) >> 7) & mask_; }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace tengen::nn
