// BatchingEvaluator: gathers the positions that many search threads ask about at once into batches
// for one backend (a GPU is fast per batch, not per position), with an optional answer cache.
// Contract:
//   - evaluate() blocks until its positions are answered; submit() copies the planes, queues them
//     and returns a future at once. A position whose key is in the cache is answered on the spot.
//   - Inline (options.consumer_threads == 0): submit() and evaluate() call the backend on the
//     caller's thread, one position per call, and return answered (the cache still answers repeats).
//   - Consumer threads (options.consumer_threads) take the queue from the front and call
//     backend->evaluate on a batch when max_batch requests wait, or when the oldest has waited
//     max_wait_us; so a lone request is answered after about max_wait_us, never left behind.
//     A batch never holds more than max_batch positions. Answers are cached (keys != 0) when they
//     arrive.
//   - A backend exception fails every request of its batch: their callers get it (a
//     std::runtime_error; any other exception is wrapped in one) from evaluate() or future::get();
//     the evaluator itself goes on serving later requests.
//   - The destructor finishes the batches in flight, fails every request still queued with a
//     std::runtime_error, and joins the consumers. Futures from submit() may outlive the evaluator.
// Thread-safety: evaluate(), submit() and stats() may be called from any number of threads, but
// not while the destructor runs. The backend's evaluate() is called from the consumer threads,
// concurrently when consumer_threads > 1.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nn/eval_cache.h"
#include "nn/evaluator.h"

namespace tengen::nn {

struct BatchingOptions {
  int max_batch = 16;         // positions per backend call, at most (>= 1)
  int max_wait_us = 1000;     // the longest the oldest queued request waits for company (>= 0)
  // Threads calling the backend; 2 can overlap CPU and GPU work. 0: inline — each request is
  // evaluated at once, alone, on the thread that makes it (no consumer thread), so that on a CPU
  // with a search thread per core no network thread competes with them for the cores.
  int consumer_threads = 1;
  size_t cache_entries = 0;   // EvalCache slots; 0: no cache
};

struct BatchingStats {
  int64_t requests = 0;         // positions asked for, cache hits included
  int64_t evaluations = 0;      // positions the backend answered (or failed)
  int64_t batches = 0;          // backend calls
  double mean_batch_size = 0;   // evaluations / batches
  double mean_wait_us = 0;      // from submit to answer, over the positions sent to the backend
  int64_t cache_hits = 0;
  int64_t failures = 0;         // positions answered with an exception (backend error, shutdown)
};

class BatchingEvaluator : public Evaluator {
 public:
  // Throws std::invalid_argument for a null backend or options out of range.
  BatchingEvaluator(std::shared_ptr<Evaluator> backend, BatchingOptions options = {});
  ~BatchingEvaluator() override;
  BatchingEvaluator(const BatchingEvaluator&) = delete;
  BatchingEvaluator& operator=(const BatchingEvaluator&) = delete;

  std::string name() const override;  // "batched(<backend name>)"
  int board_size() const override { return backend_->board_size(); }
  bool has_policy() const override { return backend_->has_policy(); }
  bool has_value() const override { return backend_->has_value(); }
  void evaluate(const EvalInput* in, int n, EvalOutput* out) override;
  std::future<EvalOutput> submit(const float* planes, uint64_t key) override;
  void clear_cache() override { cache_.clear(); }

  BatchingStats stats() const;
  const BatchingOptions& options() const { return options_; }
  const std::shared_ptr<Evaluator>& backend() const { return backend_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Request {
    const float* planes = nullptr;  // into `owned` (submit) or the blocked caller's memory (evaluate)
    std::vector<float> owned;
    uint64_t key = 0;
    Clock::time_point queued;
    std::promise<EvalOutput> promise;
  };

  // The cache's answer as a ready future, or the request queued; returns its future.
  std::future<EvalOutput> enqueue(const float* planes, uint64_t key, bool copy);
  void consume();
  void run_batch(std::vector<std::unique_ptr<Request>>& batch);

  const std::shared_ptr<Evaluator> backend_;
  const BatchingOptions options_;
  const size_t plane_floats_;  // kValuePlanes * S * S
  EvalCache cache_;

  std::mutex mu_;
  std::condition_variable cv_;  // queue changes and stop, for the consumers
  std::deque<std::unique_ptr<Request>> queue_;
  bool stop_ = false;
  std::vector<std::thread> consumers_;

  std::atomic<int64_t> requests_{0}, evaluations_{0}, batches_{0}, wait_ns_{0}, failures_{0};
};

}  // namespace tengen::nn
