// SearchNetworks: the networks one search (or many searches sharing them) is given. Chosen and built by
// app/ (app/search_networks_loader.h); any part may be null and the search then falls back
// (docs/SEARCH.md): no evaluator → tree-policy priors and rollouts only; no rollout policy → uniform
// random playouts; no tree policy → uniform placeholder priors.
// Thread-safety: the pointed-to objects are shared by every search thread (Evaluator and
// PatternPolicy are thread-safe for reading and evaluating).
#pragma once

#include <memory>

#include "nn/evaluator.h"
#include "rollout/pattern_policy.h"

namespace tengen::mcts {

struct SearchNetworks {
  std::shared_ptr<nn::Evaluator> evaluator;
  std::shared_ptr<const nn::PatternPolicy> rollout_policy, tree_policy;
};

}  // namespace tengen::mcts
