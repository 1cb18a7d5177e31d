// `tengen bench search`: simulations (visits) per second of the full search from the empty board,
// by search-thread count, with the shipped networks (or none, or a fake), and what the batching
// evaluator saw: network evaluations the search asked for per simulation, backend evaluations per
// second, mean batch size, mean wait, cache hits.
#include <boost/program_options.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/network_factory.h"
#include "app/search_options.h"
#include "app/subcommands.h"
#include "app/weights_locator.h"
#include "mcts/node.h"
#include "mcts/search.h"
#include "nn/batching_evaluator.h"
#include "nn/fake_evaluator.h"
#include "rollout/pattern_policy.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

struct BenchSearchArgs {
  std::string evaluator_kind = "torch", device = "cpu", policy_w, value_w, rollout_w, tree_w, random_value;
  std::vector<int> thread_counts;
  double seconds = 10;
  int size = 19, max_batch = 0, max_wait_us = 200, network_threads = 1;
  mcts::SearchParams params;
};

void add_bench_search_options(po::options_description& opts, BenchSearchArgs& a) {
  opts.add_options()("help,h", "this text")(
      "evaluator", po::value<std::string>(&a.evaluator_kind)->default_value("torch"), "torch, fake or none (rollouts only)")(
      "device", po::value<std::string>(&a.device)->default_value("cpu"), "torch device: cpu or cuda")(
      "policy-weights", po::value<std::string>(&a.policy_w), "SL policy (default: shipped sl-policy-cpu-large; none: no policy net)")(
      "value-weights", po::value<std::string>(&a.value_w)->default_value("none"),
      "value network: none (as `tengen gtp`), shipped (value-cpu) or a file")(
      "random-value-net", po::value<std::string>(&a.random_value),
      "time a value network of this preset (cpu, alphago) with random weights: speed only, it knows nothing")(
      "rollout-weights", po::value<std::string>(&a.rollout_w), "rollout policy (default: shipped; none: uniform playouts)")(
      "tree-weights", po::value<std::string>(&a.tree_w), "tree policy (default: shipped; none: uniform placeholders)")(
      "threads", po::value<std::vector<int>>(&a.thread_counts)->multitoken(), "search thread counts (default: 1 2)")(
      "seconds", po::value<double>(&a.seconds)->default_value(10), "search time per thread count")(
      "size", po::value<int>(&a.size)->default_value(19), "board size")(
      "batch", po::value<int>(&a.max_batch)->default_value(0), "largest evaluator batch (0: the thread count)")(
      "max-wait-us", po::value<int>(&a.max_wait_us)->default_value(200), "longest wait for a batch to fill")(
      "network-threads", po::value<int>(&a.network_threads)->default_value(1),
      "threads running the network (0: each search thread runs its own, inline)")(
      "seed", po::value<uint64_t>(&a.params.seed)->default_value(1), "search seed");
  add_search_options(opts, a.params);
}

// The numbers in range; the usage error's text, empty when all is well.
std::string usage_error(const BenchSearchArgs& a) {
  if (const std::string why = search_options_error(a.params); !why.empty()) return why;
  if (a.network_threads < 0 || a.network_threads > 256) return "--network-threads must be 0..256";
  if (a.size < kMinSize || a.size > kMaxSize || a.seconds <= 0 || a.max_wait_us < 0 ||
      (a.evaluator_kind != "torch" && a.evaluator_kind != "fake" && a.evaluator_kind != "none"))
    return "--evaluator is torch, fake or none; --size 5..19; --seconds > 0";
  for (int t : a.thread_counts)
    if (t < 1 || t > 256) return "thread counts must be 1..256";
  return "";
}

// The evaluator behind the search (null for --evaluator none) and its description; 0 or an exit code.
int make_backend(const BenchSearchArgs& a, std::shared_ptr<nn::Evaluator>& backend, std::string& description) {
  description = "no network (uniform priors)";
  if (a.evaluator_kind == "fake") {
    nn::FakeEvaluatorOptions fo;
    fo.board_size = a.size;
    backend = std::make_shared<nn::FakeEvaluator>(fo);
    description = "fake evaluator (no network cost)";
  } else if (a.evaluator_kind == "torch") {
    NetworkFiles files{"", "", a.device, 1};
    try {
      files.policy = choose_weights(a.policy_w, kSearchPolicyFile, "--policy-weights");
      files.value = choose_weights(a.value_w, "value-cpu.safetensors", "--value-weights");
      if (!a.random_value.empty()) files.value = write_random_value_network(a.random_value);
      if (files.policy.empty() && files.value.empty()) {
        std::cerr << "tengen bench search: no network found (no shipped " << kSearchPolicyFile << "); use --evaluator none\n";
        return 1;
      }
      backend = make_network_evaluator(files);
    } catch (const std::invalid_argument& e) {  // an unknown preset
      std::cerr << "tengen bench search: " << e.what() << "\n";
      return 2;
    } catch (const NoNetworksError& e) {
      std::cerr << "tengen bench search: " << e.what() << "; use --evaluator fake or none\n";
      return 1;
    } catch (const WeightsNotFound& e) {
      std::cerr << "tengen bench search: " << e.what() << "\n";
      return 1;
    }
    description = backend->name() + ": policy " + (files.policy.empty() ? "none" : files.policy) + ", value " +
                  (files.value.empty() ? "none" : files.value) + (a.random_value.empty() ? "" : " (random weights)");
  }
  return 0;
}

// One row: a search of --seconds with `threads` threads and what the batching evaluator saw.
void bench_row(const BenchSearchArgs& a, int threads, const std::shared_ptr<nn::Evaluator>& backend,
               const nn::PatternPolicy* rollout, const nn::PatternPolicy* tree) {
  std::unique_ptr<nn::BatchingEvaluator> batching;
  if (backend) {
    nn::BatchingOptions bo;
    bo.max_batch = a.max_batch > 0 ? a.max_batch : threads;
    bo.max_wait_us = a.max_wait_us;
    bo.cache_entries = 1 << 16;
    bo.consumer_threads = a.network_threads;
    batching = std::make_unique<nn::BatchingEvaluator>(backend, bo);
  }
  mcts::Search search(Game(a.size), a.params, batching.get(), rollout, tree);
  const mcts::SearchResult r = search.run(mcts::SearchLimits{0, a.seconds}, threads);
  const nn::BatchingStats st = batching ? batching->stats() : nn::BatchingStats{};
  std::printf("%7d %12lld %12.0f %10lld %9.1f %10.3f %12.0f %10.2f %10.0f %10lld\n", threads,
              static_cast<long long>(r.simulations), r.simulations / r.seconds, static_cast<long long>(r.tree_nodes),
              static_cast<double>(r.tree_nodes) / std::max<int64_t>(1, r.simulations),
              static_cast<double>(r.network_evaluations) / std::max<int64_t>(1, r.simulations), st.evaluations / r.seconds,
              st.mean_batch_size, st.mean_wait_us, static_cast<long long>(st.cache_hits));
}

}  // namespace

int run_bench_search(int argc, char** argv) {
  BenchSearchArgs a;
  if (parse_args_or_help(argc, argv, "tengen bench search", add_bench_search_options, a)) return 0;
  if (a.thread_counts.empty()) a.thread_counts = {1, 2};
  if (const std::string why = usage_error(a); !why.empty()) {
    std::cerr << "tengen bench search: " << why << "\n";
    return 2;
  }
  std::unique_ptr<nn::PatternPolicy> rollout, tree;
  std::string rollout_path, tree_path;
  try {
    rollout_path = choose_weights(a.rollout_w, "rollout-policy.safetensors", "--rollout-weights");
    tree_path = choose_weights(a.tree_w, "tree-policy.safetensors", "--tree-weights");
    rollout = load_pattern_policy(rollout_path, nn::PatternPolicyKind::kRollout, "--rollout-weights");
    tree = load_pattern_policy(tree_path, nn::PatternPolicyKind::kTree, "--tree-weights");
  } catch (const std::exception& e) {
    std::cerr << "tengen bench search: " << e.what() << "\n";
    return 1;
  }
  std::shared_ptr<nn::Evaluator> backend;
  std::string description;
  if (const int code = make_backend(a, backend, description)) return code;
  std::printf("%s\nrollouts: %s; tree policy: %s; %dx%d empty board, λ %.2f, n_thr %d, %.0f s per run; "
              "network threads %d%s\ntree: %zu bytes per node (each expansion allocates its children as one "
              "array)\n\n",
              description.c_str(), rollout ? rollout_path.c_str() : "uniform random",
              tree ? tree_path.c_str() : "none", a.size, a.size, a.params.lambda, a.params.expansion_threshold,
              a.seconds, a.network_threads, a.network_threads == 0 ? " (inline on the search threads)" : "",
              sizeof(mcts::Node));
  std::printf("%7s %12s %12s %10s %9s %10s %12s %10s %10s %10s\n", "threads", "simulations", "sims/s", "nodes",
              "nodes/sim", "evals/sim", "net evals/s", "mean batch", "wait us", "cache hits");
  for (int threads : a.thread_counts) bench_row(a, threads, backend, rollout.get(), tree.get());
  return 0;
}

}  // namespace tengen::app
