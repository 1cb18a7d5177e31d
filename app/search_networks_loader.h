// The one place that turns network flags into the networks a search uses, for every command that
// serves players (`tengen gtp`, `tengen analysis`): the same flags, the same defaults (the shipped
// networks; the value network off, the strongest measured: docs/STRENGTH.md), the same wiring (the
// policy/value networks behind one batching evaluator with an answer cache).
// Thread-safety: plain functions; the networks they return are thread-safe.
#pragma once

#include <boost/program_options.hpp>
#include <string>

#include "mcts/search_networks.h"

namespace tengen::app {

struct NetworkChoice {
  std::string policy, value, rollout, tree;  // a file, "shipped" or "none" (see choose_weights)
  std::string device = "auto";
  // Threads that run the network for the search threads (nn::BatchingOptions::consumer_threads);
  // 0: each search thread runs its own network calls inline.
  int network_threads = 1;
};

// --policy-weights, --value-weights, --rollout-weights, --tree-weights, --device, --network-threads,
// bound to `choice`.
void add_network_options(boost::program_options::options_description& opts, NetworkChoice& choice);

// What is out of range in `choice` ("" when nothing is): a usage error.
std::string network_choice_error(const NetworkChoice& choice);

// Loads what `choice` names. max_batch: the most positions the search threads have in flight at once
// (the batch the evaluator gathers). *summary (if given) says what was loaded, in one line.
// Throws std::runtime_error naming the file and flag when a file is missing, damaged or of the wrong kind.
mcts::SearchNetworks load_search_networks(const NetworkChoice& choice, int max_batch, std::string* summary);

}  // namespace tengen::app
