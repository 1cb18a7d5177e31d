// `tengen selfplay --out DIR [options]`: a self-play generation job (selfplay/selfplay_job.h,
// selfplay/README.md). The composition root of self-play: it loads the networks (libtorch), puts them
// behind evaluators and hands them to the torch-free job. Ctrl-C abandons the group of games in
// progress and exits 130; the same command continues the job. Progress goes to stderr (a `\r` line
// on a terminal, a line every --log-every seconds otherwise), the summary to stdout.

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <tuple>
#include <utility>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "app/network_factory.h"
#include "app/search_options.h"
#include "app/weights_locator.h"
#include "engine/game.h"
#include "nn/batching_evaluator.h"
#include "nn/weights_file.h"
#include "rollout/pattern_policy.h"
#include "selfplay/selfplay_job.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// Set by SIGINT/SIGTERM; lock-free, so a handler may store to it. A second signal kills at once.
std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

struct CommandOptions {
  std::string mode = "policy", policy, opponent, sl_policy, rl_policy, value, rollout, tree, device = "cpu";
  std::string worker;  // "K/N"
  bool value_data = false;
  int torch_threads = 1;
  double log_every = 60;
};

// "K/N" with 0 <= K < N -> (K, N); po::error otherwise.
std::pair<int, int> parse_worker(const std::string& text) {
  int k = -1, n = -1;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 0 || k >= n)
    throw po::error("--worker takes K/N with 0 <= K < N (worker K of a fleet of N), not '" + text + "'");
  return {k, n};
}

// One evaluator per distinct (policy, value) file pair, so a network used in two roles is loaded once.
class Networks {
 public:
  Networks(std::string device, int threads) : device_(std::move(device)), threads_(threads) {}
  selfplay::NetworkRef get(const std::string& policy, const std::string& value = "") {
    auto& slot = loaded_[{policy, value}];
    if (!slot) slot = make_network_evaluator(NetworkFiles{policy, value, device_, threads_});
    selfplay::NetworkRef ref{slot.get(), policy.empty() ? value : policy, ""};
    ref.sha256 = (policy.empty() ? "" : nn::file_sha256(policy)) + (value.empty() ? "" : "+" + nn::file_sha256(value));
    return ref;
  }

 private:
  std::string device_;
  int threads_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<nn::Evaluator>> loaded_;
};

void print_summary(const selfplay::JobResult& r, const std::string& out, bool with_opponent) {
  const selfplay::JobStats& s = r.stats;
  const double decided = static_cast<double>(std::max<int64_t>(1, s.games));
  std::cout << "selfplay: " << s.games << " games in " << out << " (this run " << r.run_games << " games in "
            << static_cast<int64_t>(r.run_seconds) << " s, " << static_cast<int64_t>(r.run_games * 3600.0 / std::max(1e-9, r.run_seconds))
            << " games/h); Black wins " << 100.0 * s.black_wins / decided << "%, White wins "
            << 100.0 * s.white_wins / decided << "%, void " << s.void_games << "; mean length " << s.mean_length()
            << " moves; " << s.stone_moves << " positions";
  if (s.value_positions + s.value_skipped > 0)
    std::cout << "; value positions " << s.value_positions << " (games without one: " << s.value_skipped << ")";
  std::cout << "\n";
  if (with_opponent && s.games > 0) {
    // Wilson score interval at 95% for the --policy network's win rate against --opponent.
    const double n = static_cast<double>(s.games), p = s.alternating_wins / n, z = 1.96;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
    std::printf("policy against opponent: %lld of %lld games won, %.1f%% (95%% interval %.1f%%-%.1f%%)\n",
                static_cast<long long>(s.alternating_wins), static_cast<long long>(s.games), 100 * p,
                100 * (centre - half), 100 * (centre + half));
  }
}

void add_selfplay_options(po::options_description& opts, selfplay::JobSettings& s, CommandOptions& c) {
  opts.add_options()("help,h", "this text")(
      "out", po::value<std::string>(&s.out)->required(), "output folder (created; rerun with it to continue the job)")(
      "games", po::value<int64_t>(&s.games)->default_value(0), "games in total, over every run (0: no limit)")(
      "hours", po::value<double>(&s.hours)->default_value(0), "stop this run after the group during which H hours pass (0: no limit)")(
      "mode", po::value<std::string>(&c.mode)->default_value("policy"), "policy: raw policy networks; search: the search picks every move")(
      "value-data", po::bool_switch(&c.value_data), "value data (AlphaGo's, docs/ALPHAGO.md §5): SL policy to move U-1, a random move at U "
                                                    "(uniform on 1..max-u), RL policy to the end; one position per game")(
      "policy", po::value<std::string>(&c.policy), "policy mode: the network playing both colours; search mode: the "
                                                   "search's policy network (default: shipped sl-policy-cpu-large)")(
      "opponent", po::value<std::string>(&c.opponent), "policy mode: a second network; colours alternate by game number")(
      "sl-policy", po::value<std::string>(&c.sl_policy), "value data: the opening network (default: shipped sl-policy-cpu)")(
      "rl-policy", po::value<std::string>(&c.rl_policy), "value data: the network after move U (default: shipped "
                                                         "rl-policy-cpu, else the SL policy)")(
      "value", po::value<std::string>(&c.value), "search mode: a value network (default: none, rollouts only)")(
      "rollout-weights", po::value<std::string>(&c.rollout), "search mode: rollout policy (default: shipped; none: uniform)")(
      "tree-weights", po::value<std::string>(&c.tree), "search mode: tree policy (default: shipped; none: off)")(
      "parallel", po::value<int>(&s.parallel)->default_value(64), "games per group: played at once, written together")(
      "threads", po::value<int>(&s.threads)->default_value(1), "search mode: games searched at once (one thread each)")(
      "visits", po::value<int>(&s.visits)->default_value(100), "search mode: simulations per move")(
      "sample-moves", po::value<int>(&s.sample_moves)->default_value(30), "search mode: moves sampled by visit count before the most visited is played")(
      "temperature", po::value<double>(&s.temperature)->default_value(1.0), "sampling temperature")(
      "size", po::value<int>(&s.board_size)->default_value(19), "board size (the networks must match)")(
      "komi", po::value<double>(&s.komi)->default_value(7.5), "komi")(
      "seed", po::value<uint64_t>(&s.seed)->default_value(1), "job seed: game g is a function of (seed, g)")(
      "worker", po::value<std::string>(&c.worker), "K/N: worker K of a fleet of N processes or machines sharing "
                                                   "--out; it plays groups K, K+N, K+2N, ... (docs/SCALING.md)")(
      "max-u", po::value<int>(&s.max_u)->default_value(450), "value data: U is uniform on 1..max-u")(
      "max-moves", po::value<int>(&s.max_moves)->default_value(0), "move cap per game, void beyond (0: 3 x size x size)")(
      "device", po::value<std::string>(&c.device)->default_value("cpu"), "network device: cpu or cuda")(
      "torch-threads", po::value<int>(&c.torch_threads)->default_value(1), "torch CPU threads (0: torch's default, all cores; more than 1 slows a busy machine badly)")(
      "log-every", po::value<double>(&c.log_every)->default_value(60), "seconds between progress lines when stderr is not a terminal");
  po::options_description search_opts("Search (--mode search; the same flags and defaults as `tengen gtp`)");
  add_search_options(search_opts, s.search);
  opts.add(search_opts);
}

// The mode and the numbers in range; po::error (exit 2) otherwise.
void check_settings(const CommandOptions& c, selfplay::JobSettings& s) {
  if (c.mode != "policy" && c.mode != "search") throw po::error("--mode must be policy or search");
  if (!c.worker.empty()) std::tie(s.worker, s.workers) = parse_worker(c.worker);
  if (c.value_data && c.mode != "policy") throw po::error("--value-data plays raw policy games: leave out --mode search");
  s.mode = c.value_data ? selfplay::Mode::kValue : c.mode == "search" ? selfplay::Mode::kSearch : selfplay::Mode::kPolicy;
  if (s.board_size < kMinSize || s.board_size > kMaxSize || s.parallel < 1 || s.threads < 1 || s.threads > 256 ||
      s.visits < 1 || s.games < 0 || s.hours < 0 || s.temperature < 0 || s.max_u < 1 || s.max_moves < 0 ||
      s.sample_moves < 0 || c.log_every <= 0)
    throw po::error("need --size 5..19, --parallel >= 1, --threads 1..256, --visits >= 1, --games >= 0, "
                    "--hours >= 0, --temperature >= 0, --max-u >= 1, --max-moves >= 0, --sample-moves >= 0, --log-every > 0");
  if (const std::string why = search_options_error(s.search); !why.empty()) throw po::error(why);
  if (const std::string why = komi_error(s.komi, s.board_size); !why.empty()) throw po::error("--komi: " + why);
}

// The job's players and what they are made of. Not movable: the job and the batcher hold raw
// pointers into it, so it is declared before them and outlives them.
struct LoadedPlayers {
  LoadedPlayers(const std::string& device, int threads) : nets(device, threads) {}
  LoadedPlayers(const LoadedPlayers&) = delete;
  Networks nets;
  std::shared_ptr<nn::BatchingEvaluator> batched;
  std::unique_ptr<nn::PatternPolicy> rollout, tree;
  selfplay::JobPlayers players;
  std::string described;  // for the log line
};

// Search games: the networks behind one batching evaluator (one batch per round of the --threads
// games' leaves), the rollout and tree policies.
void load_search_players(const CommandOptions& c, const selfplay::JobSettings& s, LoadedPlayers& lp) {
  const std::string policy = choose_weights(c.policy, kSearchPolicyFile, "--policy");
  const std::string value =
      c.value.empty() || c.value == "none" ? "" : choose_weights(c.value, "value-cpu.safetensors", "--value");
  if (!policy.empty() || !value.empty()) {
    selfplay::NetworkRef ref = lp.nets.get(policy, value);
    nn::BatchingOptions bo;
    bo.max_batch = s.threads;
    bo.max_wait_us = 200;
    bo.cache_entries = 1 << 16;
    lp.batched = std::make_shared<nn::BatchingEvaluator>(
        std::shared_ptr<nn::Evaluator>(std::shared_ptr<nn::Evaluator>{}, ref.evaluator), bo);
    ref.evaluator = lp.batched.get();
    lp.players.policy = ref;
  }
  const std::string rollout_path = choose_weights(c.rollout, "rollout-policy.safetensors", "--rollout-weights");
  const std::string tree_path = choose_weights(c.tree, "tree-policy.safetensors", "--tree-weights");
  lp.rollout = load_pattern_policy(rollout_path, nn::PatternPolicyKind::kRollout, "--rollout-weights");
  lp.tree = load_pattern_policy(tree_path, nn::PatternPolicyKind::kTree, "--tree-weights");
  if (lp.rollout) {
    lp.players.rollout_policy = lp.rollout.get();
    lp.players.rollout_id = nn::file_sha256(rollout_path);
  }
  if (lp.tree) {
    lp.players.tree_policy = lp.tree.get();
    lp.players.tree_id = nn::file_sha256(tree_path);
  }
  lp.described = "search with policy " + (policy.empty() ? std::string("none") : policy) + ", value " +
                 (value.empty() ? std::string("none") : value) + ", rollouts " +
                 (rollout_path.empty() ? std::string("uniform") : rollout_path) + ", " + std::to_string(s.visits) +
                 " visits";
}

// Loads what the mode plays with. Throws std::invalid_argument (a usage error), NoNetworksError, or
// what loading weights throws.
void load_players(const CommandOptions& c, const selfplay::JobSettings& s, LoadedPlayers& lp) {
  if (s.mode == selfplay::Mode::kSearch) {
    load_search_players(c, s, lp);
  } else if (s.mode == selfplay::Mode::kPolicy) {
    lp.players.policy = lp.nets.get(choose_weights(c.policy, "sl-policy-cpu.safetensors", "--policy"));
    if (!c.opponent.empty()) lp.players.opponent = lp.nets.get(c.opponent);
    lp.described = "policy " + lp.players.policy.weights + (c.opponent.empty() ? "" : ", opponent " + c.opponent);
  } else {
    const std::string sl = choose_weights(c.sl_policy, "sl-policy-cpu.safetensors", "--sl-policy");
    // Only the default falls back (documented in --help, and said on stderr); a file asked for must be there.
    std::string rl = c.rl_policy.empty() ? find_shipped_weights("rl-policy-cpu.safetensors")
                                         : choose_weights(c.rl_policy, "rl-policy-cpu.safetensors", "--rl-policy");
    if (rl.empty()) {
      std::cerr << "tengen selfplay: note: no RL policy shipped yet (weights/rl-policy-cpu.safetensors): "
                   "the SL policy plays after move U too\n";
      rl = sl;
    }
    lp.players.sl_policy = lp.nets.get(sl);
    lp.players.rl_policy = lp.nets.get(rl);
    lp.described = "SL policy " + sl + ", RL policy " + rl;
  }
}

void announce(const selfplay::JobSettings& s, const std::string& described, const selfplay::ResumeInfo& resume) {
  std::cerr << "tengen selfplay: " << selfplay::mode_name(s.mode) << " games, " << described << ", "
            << s.board_size << "x" << s.board_size << ", " << s.parallel << " at once"
            << (s.workers > 1 ? ", worker " + std::to_string(s.worker) + " of " + std::to_string(s.workers) : "") << "\n";
  if (!resume.created)
    std::cerr << "tengen selfplay: continuing " << s.out << " after game " << resume.games_done << " (" << resume.groups_done
              << " groups done" << (resume.removed_files ? ", removed " + std::to_string(resume.removed_files) + " unfinished files" : "")
              << ")\n";
}

// Plays until done or stopped (Ctrl-C, SIGTERM), showing progress; the exit code.
int play(selfplay::SelfplayJob& job, const selfplay::JobSettings& s, const CommandOptions& c) {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  ProgressLine progress(c.log_every, 0.5);
  const selfplay::JobResult r = job.run(g_stop, [&](const selfplay::JobProgress& p) {
    if (progress.due(p.final)) progress.show("[selfplay] " + selfplay::progress_line(p), p.final);
  });
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  print_summary(r, s.out, !c.opponent.empty());
  if (r.reason == selfplay::StopReason::kStopped) {
    std::cerr << "tengen selfplay: stopped; the games in progress were dropped. Run the same command to continue "
                 "(" << r.stats.games << " games kept)\n";
    return 130;
  }
  return 0;
}

}  // namespace

int run_selfplay(int argc, char** argv) {
  selfplay::JobSettings s;
  CommandOptions c;
  po::options_description opts("Options for `tengen selfplay`");
  add_selfplay_options(opts, s, c);
  if (parse_options_or_help(argc, argv, opts, help_text("tengen selfplay"))) return 0;
  check_settings(c, s);
  LoadedPlayers lp(c.device, c.torch_threads);  // before the job, which points into it
  try {
    load_players(c, s, lp);
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  } catch (const NoNetworksError& e) {
    std::cerr << "tengen selfplay: " << e.what()
              << (s.mode == selfplay::Mode::kSearch ? " (search games run without networks: --policy none)" : "") << "\n";
    return 1;
  } catch (const std::exception& e) {  // unreadable or corrupt weights, no CUDA device
    std::cerr << "tengen selfplay: " << e.what() << "\n";
    return 1;
  }
  std::unique_ptr<selfplay::SelfplayJob> job;
  try {
    job = std::make_unique<selfplay::SelfplayJob>(s, lp.players);
  } catch (const std::invalid_argument& e) {  // e.g. a 19x19 network on --size 9
    throw po::error(e.what());
  }
  announce(s, lp.described, job->open());  // open: JobError is exit 1 with its text (main)
  return play(*job, s, c);
}

}  // namespace tengen::app
