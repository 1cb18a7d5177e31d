// Data-parallel training over c10d, torch.distributed's C++ core (docs/SCALING.md).
//
// Each rank is one process holding a full copy of the network. A launcher (`tengen launch`, torchrun,
// Slurm, Kubernetes) gives every rank torchrun's environment: MASTER_ADDR, MASTER_PORT, WORLD_SIZE,
// RANK, LOCAL_RANK. Rank 0 serves the rendezvous (a c10d TCPStore); the ranks then form a Gloo
// process group (CPU tensors; CUDA tensors are staged through it too — NCCL is not wired yet).
//
// What a trainer does with it: construct it with a statement of what it trains on (every rank states
// its world size and that text; any difference is an error on every rank, before the process group
// forms), `broadcast()` the parameters from rank 0, `attach()`
// the parameters so each gradient is copied into a bucket as the backward pass produces it and a full
// bucket's all-reduce starts at once (overlapping the rest of the backward pass; or, for steps that
// accumulate several backward passes, without hooks), then after every step's backward
// `average_gradients()` waits for the buckets and writes the mean gradient into `.grad`.
// Buckets are started strictly in index order on every rank, whatever order the hooks fire in, so the
// collectives always match up. Every wait has a deadline (`timeout`): a rank that dies or hangs makes
// the others throw DistributedError with a message naming the operation, never hang.
//
// Thread-safety: one DataParallel per process, used from the training thread (its hooks run on the
// autograd thread of that same backward call).
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tengen::nn {

struct DistributedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// torchrun's environment. from_environment(): nullopt when WORLD_SIZE is unset or 1 (a single
// process); DistributedError when a variable is missing or malformed (naming it).
struct DistributedEnv {
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  int world_size = 1;
  int rank = 0;
  int local_rank = 0;
  static std::optional<DistributedEnv> from_environment();
};

// Whether this build can form a process group (libtorch's c10d with Gloo's headers at build time).
bool data_parallel_available();

class DataParallel {
 public:
  // Rendezvous, agreement on `statement` (e.g. the data folders and their sizes) and process group;
  // throws DistributedError: unreachable master, port in use, a rank whose WORLD_SIZE or statement
  // differs from the others', a rank that never arrives within `timeout`.
  DataParallel(const DistributedEnv& env, std::chrono::milliseconds timeout, const std::string& statement);
  ~DataParallel();
  DataParallel(const DataParallel&) = delete;
  DataParallel& operator=(const DataParallel&) = delete;

  int rank() const { return env_.rank; }
  int world_size() const { return env_.world_size; }

  // Rank 0's parameters (and buffers) into every rank's module.
  void broadcast(torch::nn::Module& module);
  // Once, before the first backward: the parameters in buckets of about `bucket_bytes`. With
  // `overlap`, gradient hooks fill the buckets and start their all-reduce during the backward pass
  // (one backward per step); without it (a step that accumulates several backward passes, like
  // REINFORCE's chunks), average_gradients() reads the accumulated .grad instead.
  void attach(torch::nn::Module& module, bool overlap = true, int64_t bucket_bytes = 4 << 20);
  // After the step's backward pass(es): the all-reduces (started, or started now), then each
  // parameter's .grad set to the mean over the ranks.
  void average_gradients();
  // Sums of `values` over the ranks (metrics, stop requests), in place.
  void sum(std::vector<double>& values);
  // Throws DistributedError on every rank unless all ranks hold the same `value` (e.g. the step they
  // resume from: "resume step"; the error names `what`).
  void check_same(int64_t value, const std::string& what);
  void barrier();

 private:
  void agree(const std::string& statement);
  struct Impl;
  DistributedEnv env_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tengen::nn
