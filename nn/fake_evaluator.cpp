#include "nn/fake_evaluator.h"
#include "engine/hash.h"

#include <cstring>
#include <stdexcept>

namespace tengen::nn {

namespace {


// A uniform float in [-1, 1] from the top 24 bits (exactly representable, so reproducible).
float unit(uint64_t& state) {
  return static_cast<float>(splitmix64(state) >> 40) / static_cast<float>((1u << 24) - 1) * 2.0f - 1.0f;
}

}  // namespace

FakeEvaluator::FakeEvaluator(FakeEvaluatorOptions o) : options_(std::move(o)) {
  if (options_.board_size < 1 || options_.board_size > kMaxSize)
    throw std::invalid_argument("fake evaluator: board size " + std::to_string(options_.board_size) +
                                " is outside 1.." + std::to_string(kMaxSize));
}

void FakeEvaluator::fill(const float* planes, EvalOutput& out) const {
  out = EvalOutput{};
  if (options_.fn) {
    options_.fn(planes, out);
    return;
  }
  // Hash the planes' bit patterns (FNV-1a over 32-bit words, then mixed with the seed): equal
  // planes give equal answers, and a one-stone difference gives an unrelated one.
  const int points = options_.board_size * options_.board_size;
  const size_t count = static_cast<size_t>(kValuePlanes) * points;
  uint64_t h = 0xCBF29CE484222325ull;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &planes[i], sizeof bits);
    h = (h ^ bits) * 0x100000001B3ull;
  }
  uint64_t state = h ^ (options_.seed * 0xD6E8FEB86659FD93ull);
  for (int i = 0; i < points; ++i) {
    const float logit = unit(state);
    if (options_.has_policy) out.logits[i] = logit;
  }
  const float value = 0.2f * unit(state);
  if (options_.has_value) out.value = value;
}

void FakeEvaluator::evaluate(const EvalInput* in, int n, EvalOutput* out) {
  calls_.fetch_add(1, std::memory_order_relaxed);
  int seen = max_batch_.load(std::memory_order_relaxed);
  while (n > seen && !max_batch_.compare_exchange_weak(seen, n, std::memory_order_relaxed)) {
  }
  for (int i = 0; i < n; ++i) fill(in[i].planes, out[i]);
  // Counted after the work, so a test that reads positions_evaluated() after its results arrived
  // sees them, and a call that threw counts only as a call.
  positions_.fetch_add(n, std::memory_order_relaxed);
}

int64_t FakeEvaluator::positions_evaluated() const { return positions_.load(std::memory_order_relaxed); }
int64_t FakeEvaluator::calls() const { return calls_.load(std::memory_order_relaxed); }
int FakeEvaluator::max_batch_seen() const { return max_batch_.load(std::memory_order_relaxed); }

}  // namespace tengen::nn
