#include "nn/eval_cache.h"

#include <algorithm>

namespace tengen::nn {

namespace {
// More shards than search threads keeps waits rare; a power of two is not needed (slot % shards).
constexpr size_t kShards = 64;
}  // namespace

EvalCache::EvalCache(size_t capacity_entries)
    : capacity_(capacity_entries),
      slots_(capacity_entries),
      shards_(std::max<size_t>(1, std::min(kShards, capacity_entries))) {}

size_t EvalCache::slot_of(uint64_t key) const {
  // Mixed first: callers' keys are usually Zobrist hashes, but a key made of a hash plus a small
  // symmetry index must not put the 8 symmetries of a position in neighbouring slots of one shard.
  uint64_t z = key * 0x9E3779B97F4A7C15ull;
  z ^= z >> 32;
  return static_cast<size_t>(z % capacity_);
}

bool EvalCache::lookup(uint64_t key, EvalOutput* out) {
  if (key == 0) return false;
  if (capacity_ == 0) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  const size_t s = slot_of(key);
  {
    std::lock_guard<std::mutex> lock(mutex_of(s));
    if (slots_[s].key == key) {
      *out = slots_[s].out;
      hits_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void EvalCache::insert(uint64_t key, const EvalOutput& out) {
  if (key == 0 || capacity_ == 0) return;
  const size_t s = slot_of(key);
  std::lock_guard<std::mutex> lock(mutex_of(s));
  slots_[s].key = key;
  slots_[s].out = out;
}

void EvalCache::clear() {
  for (size_t s = 0; s < slots_.size(); ++s) {
    std::lock_guard<std::mutex> lock(mutex_of(s));
    slots_[s].key = 0;
  }
}

}  // namespace tengen::nn
