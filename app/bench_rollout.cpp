// `tengen bench rollout`: the rollout policy's speed on one thread — full rollouts from the empty
// board per second, and the time of one move decision (choose(): the local features near the last
// move, then one draw over them and the row sums) and of one play() (board update plus the incremental pattern-cache refresh).
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "app/weights_locator.h"
#include "engine/game.h"
#include "rollout/rollout.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// Rollouts from the empty board for `seconds` on this thread; prints their rate and the cost of a
// move decision and of a move played, timed separately.
void time_rollouts(const nn::PatternPolicy& policy, const std::string& weights, int size, double seconds,
                   uint64_t seed) {
  nn::RolloutPlayer player(policy, seed);
  const Board empty(size);
  using clock = std::chrono::steady_clock;
  double choose_s = 0, play_s = 0;
  int64_t rollouts = 0, moves = 0, black_wins = 0;
  const auto start = clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    player.reset(empty);
    // Time the two halves of every move separately; the clock reads cost ~20 ns each, a small
    // fraction of a move, and the total below is measured without them being subtracted.
    while (player.state().board().consecutive_passes() < 2 && moves < (rollouts + 1) * 3 * size * size) {
      const auto t0 = clock::now();
      const Point p = player.choose();
      const auto t1 = clock::now();
      player.play(p);
      const auto t2 = clock::now();
      choose_s += std::chrono::duration<double>(t1 - t0).count();
      play_s += std::chrono::duration<double>(t2 - t1).count();
      ++moves;
    }
    black_wins += area_difference(player.state().board()) > 7.5;
    ++rollouts;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  std::printf("weights: %s\n%dx%d, one thread, %.1f s\n", weights.c_str(), size, size, elapsed);
  std::printf("rollouts/s        %10.0f\n", rollouts / elapsed);
  std::printf("moves/rollout     %10.1f\n", static_cast<double>(moves) / rollouts);
  std::printf("us/decision       %10.2f  (choose: local features, one draw)\n", 1e6 * choose_s / moves);
  std::printf("us/move played    %10.2f  (board + pattern update)\n", 1e6 * play_s / moves);
  std::printf("black wins        %10.1f%%  (komi 7.5)\n", 100.0 * black_wins / rollouts);
}

// Exactly `count` rollouts from the empty board with no clock read inside them: the fixed work that
// `valgrind --tool=callgrind` counts instructions of (docs/BENCHMARKS.md: instructions per move).
void count_rollouts(const nn::PatternPolicy& policy, const std::string& weights, int size, int64_t count,
                    uint64_t seed) {
  nn::RolloutPlayer player(policy, seed);
  const Board empty(size);
  int64_t moves = 0, black_wins = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < count; ++i) {
    player.reset(empty);
    const nn::RolloutPlayer::Result r = player.run(3 * size * size);
    moves += r.moves;
    black_wins += r.area_difference > 7.5;
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("weights: %s\n%dx%d, one thread, %lld rollouts, %lld moves, %.2f s\n", weights.c_str(), size, size,
              static_cast<long long>(count), static_cast<long long>(moves), elapsed);
  std::printf("rollouts/s        %10.0f\n", count / elapsed);
  std::printf("moves/rollout     %10.1f\n", static_cast<double>(moves) / count);
  std::printf("us/move           %10.2f  (decision and play)\n", 1e6 * elapsed / moves);
  std::printf("black wins        %10.1f%%  (komi 7.5)\n", 100.0 * black_wins / count);
}

}  // namespace

int run_bench_rollout(int argc, char** argv) {
  std::string weights;
  int size = 19;
  double seconds = 5;
  uint64_t seed = 1;
  int64_t count = 0;
  po::options_description opts("Options for `tengen bench rollout`");
  opts.add_options()("help,h", "this text")(
      "weights", po::value<std::string>(&weights), "rollout policy (default: the shipped weights/rollout-policy.safetensors)")(
      "size", po::value<int>(&size)->default_value(19), "board size")(
      "seconds", po::value<double>(&seconds)->default_value(5), "how long to run")(
      "rollouts", po::value<int64_t>(&count)->default_value(0),
      "play exactly this many rollouts instead, untimed inside (for callgrind's instruction counts)")(
      "seed", po::value<uint64_t>(&seed)->default_value(1), "random seed");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench rollout"))) return 0;
  if (size < kMinSize || size > kMaxSize || seconds <= 0 || count < 0) {
    std::cerr << "tengen bench rollout: --size must be 5..19, --seconds positive and --rollouts 0 or more\n";
    return 2;
  }
  if (weights.empty()) weights = require_shipped_weights("rollout-policy.safetensors", "--weights");  // or exit 1 (main)
  const nn::PatternPolicy policy = nn::PatternPolicy::load(weights);
  if (count > 0)
    count_rollouts(policy, weights, size, count, seed);
  else
    time_rollouts(policy, weights, size, seconds, seed);
  return 0;
}

}  // namespace tengen::app
