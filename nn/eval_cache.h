// EvalCache: network answers by position key, so a position the search meets again (transpositions,
// a tree reused between moves) costs no second forward pass.
// Contract: a fixed number of slots chosen at construction (0 = disabled: every lookup misses,
// nothing is stored; memory is one EvalOutput, ~1.5 KB, per slot, allocated up front). A key maps
// to one slot; storing replaces whatever was there (no chaining, no LRU: a newer answer is as good
// as an older one). Key 0 means "do not cache": it is never stored and its lookups always miss
// without counting. The key must identify everything the answer depends on — the position and the
// symmetry the planes were made under — and a cache serves one network.
// Thread-safety: every method may be called from many threads at once; the slots are split into
// shards, each behind its own mutex, so concurrent searches rarely wait for each other.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "nn/evaluator.h"

namespace tengen::nn {

class EvalCache {
 public:
  explicit EvalCache(size_t capacity_entries);

  bool enabled() const { return capacity_ > 0; }
  size_t capacity() const { return capacity_; }

  // Copies the answer for `key` into *out and returns true if it is stored.
  bool lookup(uint64_t key, EvalOutput* out);
  void insert(uint64_t key, const EvalOutput& out);
  void clear();  // forgets every answer; the counters stay

  int64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  int64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    uint64_t key = 0;  // 0: empty
    EvalOutput out;
  };
  struct alignas(64) Shard {  // a cache line each: neighbouring mutexes do not share one
    std::mutex mu;
  };

  size_t slot_of(uint64_t key) const;
  std::mutex& mutex_of(size_t slot) { return shards_[slot % shards_.size()].mu; }

  size_t capacity_;
  std::vector<Slot> slots_;
  std::vector<Shard> shards_;
  std::atomic<int64_t> hits_{0}, misses_{0};
};

}  // namespace tengen::nn
