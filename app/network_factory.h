// The one place that depends on whether this build has libtorch. CMake compiles
// app/network_factory.cpp (and the libtorch-only commands) with libtorch, and app/without_torch.cpp
// without it; every other file of app/ builds its networks here and needs no #if. In a build
// without libtorch the factory throws NoNetworksError, whose text says what to install.
// Thread-safety: free functions; the evaluators they return are thread-safe (nn/evaluator.h).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "nn/evaluator.h"

namespace tengen::app {

struct NoNetworksError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NetworkFiles {
  std::string policy, value;   // weights files; either may be empty, not both
  std::string device = "cpu";  // "auto", "cpu", "cuda" or "cuda:<index>"
  int threads = 1;             // torch intra-op threads on the CPU; 0: leave as is
};

// Whether this build runs networks (it was built with libtorch).
bool networks_available();

// The networks of `files` behind one evaluator. Throws NoNetworksError without libtorch, and
// whatever loading throws (nn::WeightsError naming the file; std::invalid_argument for a bad device).
std::shared_ptr<nn::Evaluator> make_network_evaluator(const NetworkFiles& files);

// A value network of `preset` with random weights, written to a temporary file whose path is
// returned (speed measurements only: it knows nothing). std::invalid_argument for an unknown preset.
std::string write_random_value_network(const std::string& preset);

}  // namespace tengen::app
