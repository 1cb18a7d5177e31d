// FakeEvaluator: a network-free Evaluator for tests of the search and of the batching layer.
// Contract: the output for a position is a deterministic function of (seed, the position's planes)
// — logits pseudo-random in [-1, 1] over the S*S points (zero beyond), value in [-0.2, 0.2] — so
// the same position always gets the same answer, whatever the batch it arrives in; or, when
// options.fn is set, whatever fn writes (fn starts from a zeroed EvalOutput). It counts calls,
// positions and the largest batch it was handed, which is how tests see what a batcher did.
// Thread-safety: evaluate() may be called from many threads at once (the counters are atomic);
// options.fn must then be thread-safe itself. An exception thrown by fn leaves evaluate() as is.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "nn/evaluator.h"

namespace tengen::nn {

struct FakeEvaluatorOptions {
  int board_size = 19;
  bool has_policy = true, has_value = true;
  uint64_t seed = 1;
  // When set, fills the output for one position (planes as in EvalInput); otherwise logits are
  // pseudo-random in [-1, 1] and value in [-0.2, 0.2], a deterministic function of (seed, planes).
  std::function<void(const float* planes, EvalOutput& out)> fn;
};

class FakeEvaluator : public Evaluator {
 public:
  // Throws std::invalid_argument for a board size outside 1..kMaxSize.
  explicit FakeEvaluator(FakeEvaluatorOptions o);

  std::string name() const override { return "fake"; }
  int board_size() const override { return options_.board_size; }
  bool has_policy() const override { return options_.has_policy; }
  bool has_value() const override { return options_.has_value; }
  void evaluate(const EvalInput* in, int n, EvalOutput* out) override;

  int64_t positions_evaluated() const;  // total over all calls (atomic)
  int64_t calls() const;                // evaluate() calls (atomic)
  int max_batch_seen() const;

 private:
  void fill(const float* planes, EvalOutput& out) const;

  const FakeEvaluatorOptions options_;
  std::atomic<int64_t> positions_{0};
  std::atomic<int64_t> calls_{0};
  std::atomic<int> max_batch_{0};
};

}  // namespace tengen::nn
