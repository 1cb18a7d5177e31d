#include "app/search_networks_loader.h"

#include <iostream>

#include "app/network_factory.h"
#include "app/weights_locator.h"
#include "nn/batching_evaluator.h"

namespace po = boost::program_options;

namespace tengen::app {

void add_network_options(po::options_description& opts, NetworkChoice& c) {
  opts.add_options()("policy-weights", po::value<std::string>(&c.policy),
                     "SL policy network (default: shipped sl-policy-cpu-large; none: off)")(
      // Off by default: the search with the shipped value network lost clearly to the same search
      // without it at 600 simulations per move (docs/STRENGTH.md, 2026-12-02).
      "value-weights", po::value<std::string>(&c.value)->default_value("none"),
      "value network: none (rollouts only, the strongest measured), shipped (weights/value-cpu.safetensors) "
      "or a file")("rollout-weights", po::value<std::string>(&c.rollout),
                   "rollout policy (default: shipped; none: uniform playouts)")(
      "tree-weights", po::value<std::string>(&c.tree), "tree policy (default: shipped; none: off)")(
      "device", po::value<std::string>(&c.device)->default_value("auto"),
      "network device: auto (CUDA when this libtorch sees a GPU, else the CPU), cpu or cuda")(
      "network-threads", po::value<int>(&c.network_threads)->default_value(1),
      "threads that run the policy/value network for the search (0: each search thread runs its own, "
      "inline; docs/BENCHMARKS.md compares them)");
}

std::string network_choice_error(const NetworkChoice& c) {
  return c.network_threads >= 0 && c.network_threads <= 256 ? "" : "--network-threads must be 0..256";
}

mcts::SearchNetworks load_search_networks(const NetworkChoice& c, int max_batch, std::string* summary) {
  mcts::SearchNetworks nets;
  const std::string rollout_path = choose_weights(c.rollout, "rollout-policy.safetensors", "--rollout-weights");
  const std::string tree_path = choose_weights(c.tree, "tree-policy.safetensors", "--tree-weights");
  nets.rollout_policy = load_pattern_policy(rollout_path, nn::PatternPolicyKind::kRollout, "--rollout-weights");
  nets.tree_policy = load_pattern_policy(tree_path, nn::PatternPolicyKind::kTree, "--tree-weights");
  const std::string policy_path = choose_weights(c.policy, kSearchPolicyFile, "--policy-weights");
  const std::string value_path = choose_weights(c.value, "value-cpu.safetensors", "--value-weights");
  std::string note;
  if ((!policy_path.empty() || !value_path.empty()) && networks_available()) {
    nn::BatchingOptions bo;
    bo.max_batch = max_batch;
    bo.max_wait_us = 200;
    bo.cache_entries = 1 << 16;
    bo.consumer_threads = c.network_threads;
    nets.evaluator = std::make_shared<nn::BatchingEvaluator>(
        make_network_evaluator(NetworkFiles{policy_path, value_path, c.device, 1}), bo);
  } else if (!policy_path.empty() || !value_path.empty()) {
    note = " (built without libtorch: no policy/value networks)";
  }
  if (summary)
    *summary = "policy " + (policy_path.empty() ? std::string("none") : policy_path) + ", value " +
               (value_path.empty() ? std::string("none (rollouts only)") : value_path) + ", rollouts " +
               (rollout_path.empty() ? std::string("uniform random") : rollout_path) + ", networks on " +
               (nets.evaluator ? nets.evaluator->name() : std::string("none")) + note;
  return nets;
}

}  // namespace tengen::app
