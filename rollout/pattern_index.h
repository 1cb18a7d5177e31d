// PatternIndex: a read-only hash map from a 64-bit pattern key to a weight index, built once (when
// weights are loaded or a dictionary is harvested) and then probed without allocating from any
// number of threads. Abseil's Swiss table (absl::flat_hash_map): open addressing with SIMD probing
// of control bytes, replacing a hand-written linear-probing table (docs/BENCHMARKS.md, "Abseil").
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <vector>

namespace tengen::nn {

class PatternIndex {
 public:
  // Reserves room for `n` keys; clears the index.
  void reset(size_t n) {
    map_.clear();
    map_.reserve(n);
  }
  // Inserts or overwrites.
  void insert(uint64_t key, int32_t value) { map_.insert_or_assign(key, value); }
  int32_t find(uint64_t key) const {
    const auto it = map_.find(key);
    return it == map_.end() ? -1 : it->second;
  }
  size_t size() const { return map_.size(); }

 private:
  absl::flat_hash_map<uint64_t, int32_t> map_;
};

// Kept hand-written: the rollout's hottest lookup, a 25-bit raw 3x3 key straight to exp(weight), key
// and value side by side in one 8-byte slot, so a probe costs one cache line (a Swiss table keeps
// control bytes apart from the slots: two lines).
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
