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
};

// --policy-weights, --value-weights, --rollout-weights, --tree-weights, --device, bound to `choice`.
void add_network_options(boost::program_options::options_description& opts, NetworkChoice& choice);

// Loads what `choice` names. max_batch: the most positions the search threads have in flight at once
// (the batch the evaluator gathers). *summary (if given) says what was loaded, in one line.
// Throws std::runtime_error naming the file and flag when a file is missing, damaged or of the wrong kind.
mcts::SearchNetworks load_search_networks(const NetworkChoice& choice, int max_batch, std::string* summary);

}  // namespace tengen::app
