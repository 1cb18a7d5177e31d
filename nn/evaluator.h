// Evaluator: the search's only view of the networks (torch-free; mcts/ includes nothing else of nn/
// but this and the pattern policies).
//
// An evaluator turns positions into policy logits and/or a value:
//   input   the 49 value planes of engine/features.h (FeatureSet::kValue49, NCHW, relative to the side
//           to move, symmetry already applied by the caller); a policy backend reads the first 48;
//           plus the position's cache key (0: do not cache);
//   output  logits over the S*S points (y*S+x, in the input's orientation; no pass: the search decides
//           passing) when has_policy(), and the value, the expected outcome in [-1, 1] for the side to
//           move, when has_value(). Masking illegal points and the softmax temperature are the
//           caller's business, so cached answers do not depend on search settings.
// evaluate() is synchronous and thread-safe: many search threads may call it at once. The batching
// evaluator (nn/batching_evaluator.h) is itself an Evaluator that gathers concurrent calls into
// batches for a backend; its submit() queues and returns at once, so a caller can work while it waits.
#pragma once

#include <array>
#include <cstdint>
#include <future>
#include <string>

#include "engine/features.h"
#include "engine/types.h"

namespace tengen::nn {

struct EvalInput {
  const float* planes = nullptr;  // kValuePlanes * S * S floats
  uint64_t key = 0;               // cache key (0: never cached)
};

struct EvalOutput {
  std::array<float, kMaxPoints> logits{};  // valid when the evaluator has_policy()
  float value = 0;                         // valid when the evaluator has_value()
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual std::string name() const = 0;  // e.g. "torch-cpu", "fake"
  virtual int board_size() const = 0;
  virtual bool has_policy() const = 0;
  virtual bool has_value() const = 0;
  // Forgets cached answers (a fresh look at positions seen before); no-op without a cache. Thread-safe.
  virtual void clear_cache() {}
  // Evaluates n positions into out[0..n). Thread-safe. Throws std::runtime_error on backend failure.
  virtual void evaluate(const EvalInput* in, int n, EvalOutput* out) = 0;
  // Asynchronous form for callers with other work to do meanwhile (the search plays its rollout).
  // The planes are read before submit returns. This default evaluates at once; the batching
  // evaluator queues the request instead. Failures arrive as the future's exception.
  virtual std::future<EvalOutput> submit(const float* planes, uint64_t key) {
    std::promise<EvalOutput> p;
    try {
      EvalOutput out;
      const EvalInput in{planes, key};
      evaluate(&in, 1, &out);
      p.set_value(out);
    } catch (...) {
      p.set_exception(std::current_exception());
    }
    return p.get_future();
  }
};

}  // namespace tengen::nn
