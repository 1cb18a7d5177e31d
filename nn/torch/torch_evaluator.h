// TorchEvaluator: the Evaluator backed by the libtorch policy and/or value network, loaded from
// weights files (nn/torch/torch_weights.h), on the CPU or a CUDA device.
// Contract:
//   - Either network may be absent, not both; with both, their board sizes must agree. Loading
//     failures throw WeightsError (missing, corrupt or wrong-kind file, or the two disagree);
//     bad options throw std::invalid_argument; device "cuda" with a libtorch that sees no CUDA
//     device throws std::runtime_error saying so; device "auto" takes CUDA device 0 when the
//     libtorch sees one and the CPU otherwise (name() tells which).
//   - evaluate() packs the batch into one [n, 49, S, S] tensor and runs each network once on it:
//     the policy network reads its first config().input_planes planes (48), the value network its
//     own count (49). Logits land in out.logits[0, S*S) (the rest are zero); value in out.value.
//     Failures inside torch arrive as std::runtime_error.
//   - options.threads > 0 sets torch's intra-op thread count (torch::set_num_threads) when it
//     differs from the current one. That setting is process-wide in torch, not per evaluator: the
//     last evaluator constructed wins, and it also governs any other torch work in the process.
//     threads = 0 leaves torch's setting alone. Ignored on CUDA.
// Thread-safety: evaluate() may be called from many threads; forward passes are serialised by a
// mutex (concurrency comes from batching: nn/batching_evaluator.h). The header is torch-free
// itself (pimpl), so the search and the command line can include it cheaply.
#pragma once

#include <memory>
#include <string>

#include "nn/evaluator.h"

namespace tengen::nn {

struct TorchEvaluatorOptions {
  std::string policy_weights, value_weights;  // either may be empty, not both
  std::string device = "cpu";                 // "auto", "cpu", "cuda" or "cuda:<index>"
  int threads = 1;                            // torch intra-op threads on the CPU; 0: leave as is
};

class TorchEvaluator : public Evaluator {
 public:
  explicit TorchEvaluator(TorchEvaluatorOptions options);
  ~TorchEvaluator() override;
  TorchEvaluator(const TorchEvaluator&) = delete;
  TorchEvaluator& operator=(const TorchEvaluator&) = delete;

  std::string name() const override;  // "torch-cpu" or "torch-cuda"
  int board_size() const override;
  bool has_policy() const override;
  bool has_value() const override;
  void evaluate(const EvalInput* in, int n, EvalOutput* out) override;

  const TorchEvaluatorOptions& options() const { return options_; }

  // The state behind the evaluator, complete only in torch_evaluator.cpp. The constructor below is
  // how make_module_evaluator (nn/torch/module_evaluator.h) wraps networks already in memory.
  struct Impl;
  TorchEvaluator(std::unique_ptr<Impl> impl, TorchEvaluatorOptions options);

 private:
  const TorchEvaluatorOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tengen::nn
