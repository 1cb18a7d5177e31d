#include "nn/batching_evaluator.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace tengen::nn {

namespace {

void check_options(const std::shared_ptr<Evaluator>& backend, const BatchingOptions& o) {
  if (!backend) throw std::invalid_argument("batching evaluator: no backend");
  if (o.max_batch < 1) throw std::invalid_argument("batching evaluator: max_batch must be at least 1");
  if (o.max_wait_us < 0) throw std::invalid_argument("batching evaluator: max_wait_us must not be negative");
  if (o.consumer_threads < 0 || o.consumer_threads > 256)
    throw std::invalid_argument("batching evaluator: consumer_threads must be in 0..256");
}

}  // namespace

BatchingEvaluator::BatchingEvaluator(std::shared_ptr<Evaluator> backend, BatchingOptions options)
    : backend_((check_options(backend, options), std::move(backend))),
      options_(options),
      plane_floats_(static_cast<size_t>(kValuePlanes) * backend_->board_size() * backend_->board_size()),
      cache_(options.cache_entries) {
  try {
    for (int i = 0; i < options_.consumer_threads; ++i) consumers_.emplace_back([this] { consume(); });
  } catch (...) {
    // A thread that could not start: stop the ones that did, or their std::thread would terminate.
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : consumers_) t.join();
    throw;
  }
}

BatchingEvaluator::~BatchingEvaluator() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : consumers_) t.join();
  // The consumers are gone, so the queue is ours alone.
  const auto error = std::make_exception_ptr(
      std::runtime_error("batching evaluator: shut down before the position was evaluated"));
  for (std::unique_ptr<Request>& r : queue_) r->promise.set_exception(error);
  failures_.fetch_add(static_cast<int64_t>(queue_.size()), std::memory_order_relaxed);
  queue_.clear();
}

std::string BatchingEvaluator::name() const { return "batched(" + backend_->name() + ")"; }

std::future<EvalOutput> BatchingEvaluator::enqueue(const float* planes, uint64_t key, bool copy) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  auto r = std::make_unique<Request>();
  std::future<EvalOutput> future = r->promise.get_future();
  EvalOutput cached;
  if (cache_.lookup(key, &cached)) {
    r->promise.set_value(cached);
    return future;
  }
  if (options_.consumer_threads == 0) {  // inline: answered before this call returns
    r->planes = planes;
    r->key = key;
    r->queued = Clock::now();
    std::vector<std::unique_ptr<Request>> batch;
    batch.push_back(std::move(r));
    run_batch(batch);
    return future;
  }
  if (copy) {
    r->owned.assign(planes, planes + plane_floats_);
    r->planes = r->owned.data();
  } else {
    r->planes = planes;
  }
  r->key = key;
  r->queued = Clock::now();

  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) {
      r->promise.set_exception(
          std::make_exception_ptr(std::runtime_error("batching evaluator: used while shutting down")));
      failures_.fetch_add(1, std::memory_order_relaxed);
      return future;
    }
    queue_.push_back(std::move(r));
    // A consumer needs waking when the queue stops being empty (it starts the max_wait clock) or
    // when a batch fills up; in between, it is already waiting for the deadline.
    const size_t size = queue_.size();
    wake = size == 1 || size % static_cast<size_t>(options_.max_batch) == 0;
  }
  if (wake) cv_.notify_one();
  return future;
}

std::future<EvalOutput> BatchingEvaluator::submit(const float* planes, uint64_t key) {
  return enqueue(planes, key, /*copy=*/true);
}

void BatchingEvaluator::evaluate(const EvalInput* in, int n, EvalOutput* out) {
  if (n <= 0) return;
  // The caller blocks until every answer is in, so the consumers may read its planes in place.
  std::vector<std::future<EvalOutput>> futures;
  futures.reserve(static_cast<size_t>(n));
  // Wait for all before reporting any failure, even one while queueing (out of memory): a request
  // still queued reads the caller's memory.
  try {
    for (int i = 0; i < n; ++i) futures.push_back(enqueue(in[i].planes, in[i].key, /*copy=*/false));
  } catch (...) {
    for (std::future<EvalOutput>& f : futures) f.wait();
    throw;
  }
  for (std::future<EvalOutput>& f : futures) f.wait();
  std::exception_ptr first_error;
  for (int i = 0; i < n; ++i) {
    try {
      out[i] = futures[static_cast<size_t>(i)].get();
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

void BatchingEvaluator::consume() {
  const auto max_wait = std::chrono::microseconds(options_.max_wait_us);
  const size_t max_batch = static_cast<size_t>(options_.max_batch);
  std::vector<std::unique_ptr<Request>> batch;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (stop_) return;
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    // Re-read on every wake: another consumer may have taken the front meanwhile.
    const Clock::time_point deadline = queue_.front()->queued + max_wait;
    if (queue_.size() < max_batch && Clock::now() < deadline) {
      cv_.wait_until(lock, deadline);
      continue;
    }
    const size_t take = std::min(max_batch, queue_.size());
    for (size_t i = 0; i < take; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    // What is left needs a consumer of its own; enqueue() will not wake one for it.
    if (!queue_.empty()) cv_.notify_one();
    lock.unlock();
    run_batch(batch);
    batch.clear();
    lock.lock();
  }
}

void BatchingEvaluator::run_batch(std::vector<std::unique_ptr<Request>>& batch) {
  const int n = static_cast<int>(batch.size());
  std::vector<EvalInput> in(batch.size());
  std::vector<EvalOutput> out(batch.size());
  for (int i = 0; i < n; ++i) in[i] = EvalInput{batch[i]->planes, batch[i]->key};

  // Every exception is caught here: one escaping a consumer thread would terminate the process.
  std::exception_ptr error;
  try {
    backend_->evaluate(in.data(), n, out.data());
  } catch (const std::runtime_error&) {
    error = std::current_exception();
  } catch (const std::exception& e) {
    error = std::make_exception_ptr(std::runtime_error("evaluator " + backend_->name() + ": " + e.what()));
  } catch (...) {
    error = std::make_exception_ptr(std::runtime_error("evaluator " + backend_->name() + ": unknown failure"));
  }

  const Clock::time_point now = Clock::now();
  int64_t waited = 0;
  for (const auto& r : batch) waited += std::chrono::duration_cast<std::chrono::nanoseconds>(now - r->queued).count();
  wait_ns_.fetch_add(waited, std::memory_order_relaxed);
  evaluations_.fetch_add(n, std::memory_order_relaxed);
  batches_.fetch_add(1, std::memory_order_relaxed);
  if (error) {
    failures_.fetch_add(n, std::memory_order_relaxed);
    for (auto& r : batch) r->promise.set_exception(error);
    return;
  }
  for (int i = 0; i < n; ++i) {
    cache_.insert(batch[i]->key, out[i]);
    batch[i]->promise.set_value(out[i]);
  }
}

BatchingStats BatchingEvaluator::stats() const {
  BatchingStats s;
  s.requests = requests_.load(std::memory_order_relaxed);
  s.evaluations = evaluations_.load(std::memory_order_relaxed);
  s.batches = batches_.load(std::memory_order_relaxed);
  s.mean_batch_size = s.batches ? static_cast<double>(s.evaluations) / static_cast<double>(s.batches) : 0.0;
  s.mean_wait_us = s.evaluations ? static_cast<double>(wait_ns_.load(std::memory_order_relaxed)) / 1000.0 /
                                       static_cast<double>(s.evaluations)
                                 : 0.0;
  s.cache_hits = cache_.hits();
  s.failures = failures_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace tengen::nn
