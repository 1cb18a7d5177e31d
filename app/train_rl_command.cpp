// `tengen train rl --out RUN [options]`: the RL policy network by REINFORCE self-play from the SL
// policy against a pool of its earlier snapshots (train/torch/rl_trainer.h, docs/TRAINING.md). Ctrl-C
// drops the iteration in progress, saves a checkpoint and exits 130; the same command resumes.

#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "app/weights_locator.h"
#include "app/ranks.h"
#include "app/training_output.h"
#include "train/torch/rl_trainer.h"
#include "train/training_curves.h"
#include "nn/weights_file.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_train_rl_signal(int) { g_stop = 1; }

void add_rl_options(po::options_description& opts, std::string& out, std::string& sl, int& dist_timeout,
                    std::string& fault, nn::RlTrainConfig& c) {
  opts.add_options()("help,h", "this text")(
      "out", po::value<std::string>(&out), "run folder: checkpoints, pool/, metrics.csv, curves.png, policy.safetensors")(
      "sl-policy", po::value<std::string>(&sl), "the SL policy to start from (default: the shipped sl-policy-cpu)")(
      "iterations", po::value<int64_t>(&c.iterations)->default_value(10000), "minibatches of games (AlphaGo: 10,000)")(
      "games", po::value<int>(&c.games_per_iteration)->default_value(128), "games per minibatch, n (AlphaGo: 128)")(
      "snapshot-every", po::value<int64_t>(&c.snapshot_every)->default_value(500),
      "iterations between snapshots added to the opponent pool (AlphaGo: 500)")(
      "lr", po::value<double>(&c.lr)->default_value(1e-4), "SGD learning rate α (not in the paper)")(
      "temperature", po::value<double>(&c.temperature)->default_value(1.0), "sampling temperature of both players")(
      "komi", po::value<double>(&c.komi)->default_value(7.5), "komi of the games (area scoring)")(
      "checkpoint-every", po::value<int64_t>(&c.checkpoint_every)->default_value(10), "iterations between checkpoints")(
      "evaluate-every", po::value<int64_t>(&c.evaluate_every)->default_value(0),
      "iterations between matches against the SL policy (0: none)")(
      "evaluate-games", po::value<int>(&c.evaluate_games)->default_value(64), "games per evaluation match")(
      "seed", po::value<uint64_t>(&c.seed)->default_value(1), "seed of the games and the opponent draws")(
      "device", po::value<std::string>(&c.device)->default_value("cpu"), "cpu or cuda")(
      "threads", po::value<int>(&c.threads)->default_value(1), "torch threads on the CPU")(
      "record-games", po::bool_switch(&c.record_games), "keep every iteration's games in RUN/games/")(
      "replay-games", po::value<std::string>(&c.replay_games),
      "a run's games/ folder: make the updates from its recorded games instead of playing (no evaluation)")(
      "test-fault", po::value<std::string>(&fault),
      "tests only: skip-gradient-all-reduce (each rank steps on its own gradient)");
  add_rank_options(opts, dist_timeout);
}

// Checks the options and completes the run's settings (folder, starting network, provenance);
// 0, or the exit code after printing what was wrong.
int complete_config(nn::RlTrainConfig& c, const std::string& out, const std::string& sl, const std::string& fault) {
  if (out.empty()) {
    std::cerr << "tengen train rl: --out is required (see --help)\n";
    return 2;
  }
  if (!fault.empty() && fault != "skip-gradient-all-reduce") {
    std::cerr << "tengen train rl: unknown --test-fault '" << fault << "' (known: skip-gradient-all-reduce)\n";
    return 2;
  }
  c.fault_skip_gradient_average = !fault.empty();
  if (!c.replay_games.empty() && !std::filesystem::is_directory(c.replay_games)) {
    std::cerr << "tengen train rl: --replay-games " << c.replay_games
              << " is not a folder (give a run's games/ folder, recorded with --record-games)\n";
    return 2;
  }
  if (c.iterations < 1 || c.games_per_iteration < 2 || c.snapshot_every < 0 || c.checkpoint_every < 1 ||
      c.lr <= 0 || c.temperature <= 0) {
    std::cerr << "tengen train rl: --iterations >= 1, --games >= 2, --checkpoint-every >= 1, --lr and "
                 "--temperature > 0\n";
    return 2;
  }
  c.run_dir = out;
  try {
    c.initial_weights = choose_weights(sl, "sl-policy-cpu.safetensors", "--sl-policy");
  } catch (const WeightsNotFound& e) {
    std::cerr << "tengen train rl: " << e.what() << "\n";
    return 1;
  }
  if (c.initial_weights.empty()) {
    std::cerr << "tengen train rl: no SL policy: give --sl-policy FILE\n";
    return 1;
  }
  const std::string date = utc_date_today();
  c.provenance = {{"tengen.train.command", "tengen train rl"}, {"tengen.train.date", date},
                  {"tengen.train.initial", c.initial_weights}, {"tengen.train.device", c.device},
                  {"tengen.features", "alphago-48"}};
  return 0;
}

// What every rank of a data-parallel run must share (app/ranks.h).
std::string rank_statement(const nn::RlTrainConfig& c) {
  char statement[1024];
  std::snprintf(statement, sizeof statement,
                "SL policy %s\niterations %lld, games %d, snapshot every %lld, lr %g, temperature %g, komi %g, "
                "seed %llu, evaluate every %lld with %d games, replay '%s', fault %d",
                c.initial_weights.c_str(), static_cast<long long>(c.iterations), c.games_per_iteration,
                static_cast<long long>(c.snapshot_every), c.lr, c.temperature, c.komi,
                static_cast<unsigned long long>(c.seed), static_cast<long long>(c.evaluate_every), c.evaluate_games,
                c.replay_games.c_str(), c.fault_skip_gradient_average ? 1 : 0);
  return statement;
}

// Trains, showing rank 0's progress line (every iteration); Ctrl-C or SIGTERM asks the trainer to stop.
nn::RlResult train_with_progress(nn::RlTrainer& trainer, nn::DataParallel* dp) {
  std::signal(SIGINT, on_train_rl_signal);
  std::signal(SIGTERM, on_train_rl_signal);
  const bool rank0 = !dp || dp->rank() == 0;
  ProgressLine progress(0);  // an iteration takes seconds: every one, in a log too
  const auto start = std::chrono::steady_clock::now();
  int64_t first = -1;
  const nn::RlResult r = trainer.run([&](const nn::RlProgress& p) {
    if (g_stop) trainer.request_stop();
    if (!rank0) return;  // one progress line for the run: rank 0's
    if (first < 0) first = p.iteration - 1;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double per_it = elapsed / std::max<int64_t>(1, p.iteration - first);
    const double eta = per_it * static_cast<double>(p.iterations - p.iteration);
    char line[320];
    std::snprintf(line, sizeof line,
                  "iteration %lld/%lld  vs %s: won %.0f%%  loss %+.3f  %.0f moves/game  %.0f pos/s%s  ETA %.0f min",
                  static_cast<long long>(p.iteration), static_cast<long long>(p.iterations), p.opponent.c_str(),
                  100 * p.win_rate, p.loss, p.mean_length, p.positions_per_second,
                  p.win_rate_vs_sl ? ("  vs SL " + std::to_string(static_cast<int>(100 * *p.win_rate_vs_sl + 0.5)) + "%").c_str() : "",
                  eta / 60);
    progress.show(line, p.win_rate_vs_sl.has_value() || p.iteration == p.iterations);
  }, dp);
  progress.finish();
  return r;
}

// Rank 0's end of the run: curves, the stop or the summary. The exit code.
int finish_run(const std::string& out, const nn::RlResult& r) {
  nn::CurveLabels labels;
  labels.x = "iteration";
  labels.loss = "REINFORCE loss";
  labels.train_loss = "loss per iteration";
  labels.val_loss = "(none)";
  labels.accuracy = "win rate";
  labels.train_accuracy = "against the drawn opponent";
  labels.val_accuracy = "against the SL policy (evaluation match)";
  if (finish_training_run(out, labels, r.stopped_early, "iteration " + std::to_string(r.last_iteration)) != 0)
    return 130;
  std::cout << "trained iterations " << r.first_iteration << ".." << r.last_iteration << "\nweights: " << r.final_weights
            << "\ncurves: " << out << "/curves.png\n";
  return 0;
}

}  // namespace

int run_train_rl(int argc, char** argv) {
  std::string out, sl, fault;
  int dist_timeout = 60;
  nn::RlTrainConfig c;
  po::options_description opts("Options for `tengen train rl`");
  add_rl_options(opts, out, sl, dist_timeout, fault, c);
  if (parse_options_or_help(argc, argv, opts, help_text("tengen train rl"))) return 0;
  if (const int code = complete_config(c, out, sl, fault)) return code;
  std::unique_ptr<nn::DataParallel> dp;
  try {
    dp = join_ranks(rank_statement(c), dist_timeout);
  } catch (const nn::DistributedError& e) {
    std::cerr << "tengen train rl: " << e.what() << "\n";
    return 1;
  }
  nn::RlTrainer trainer(c);
  nn::RlResult r;
  try {
    r = train_with_progress(trainer, dp.get());
  } catch (const nn::WeightsError& e) {
    std::cerr << "\ntengen train rl: " << e.what() << "\n";
    return 1;
  } catch (const nn::DistributedError& e) {
    std::cerr << "\ntengen train rl: " << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << "tengen train rl: " << e.what() << "\n";
    return 2;
  }
  if (dp && dp->rank() != 0) return r.stopped_early ? 130 : 0;
  return finish_run(out, r);
}

}  // namespace tengen::app
