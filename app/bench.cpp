// `tengen bench board`: uniform random playouts per second per core (the rules core's speed).
// `tengen bench features` lives in bench_features.cpp.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "engine/random_playout.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

struct PlayoutStats {
  int64_t playouts = 0, moves = 0;
  double seconds = 0;
  double black_wins = 0;
};

// Runs for `seconds`, or exactly `count` playouts when count > 0 (repeatable, e.g. under callgrind).
PlayoutStats run_playouts(int size, double seconds, int64_t count, uint64_t seed) {
  FastRng rng(seed);
  const Board empty(size);
  PlayoutStats s;
  const auto start = std::chrono::steady_clock::now();
  const int max_moves = 3 * size * size;
  for (;;) {
    // Check the clock every 64 playouts: a clock read is cheap but not free.
    for (int i = 0; i < 64; ++i) {
      Board b = empty;
      PlayoutResult r = random_playout(b, rng, max_moves);
      s.moves += r.moves;
      s.black_wins += r.area_difference > 7.5 ? 1 : 0;
      ++s.playouts;
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (count > 0 ? s.playouts >= count : s.seconds >= seconds) return s;
  }
}

}  // namespace

int run_bench_board(int argc, char** argv) {
  po::options_description opts("Options for `tengen bench board`");
  std::vector<int> sizes;
  double seconds = 5;
  uint64_t seed = 1;
  int64_t count = 0;
  opts.add_options()("help,h", "this text")(
      "size", po::value<std::vector<int>>(&sizes)->multitoken(), "board sizes (default: 19 9)")(
      "seconds", po::value<double>(&seconds)->default_value(5), "time per size")(
      "playouts", po::value<int64_t>(&count)->default_value(0), "exact number of playouts per size (rounded up to 64) instead of a time")(
      "seed", po::value<uint64_t>(&seed)->default_value(1), "random seed");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench board"))) return 0;
  if (sizes.empty()) sizes = {19, 9};
  for (int size : sizes) {
    if (size < kMinSize || size > kMaxSize) {
      std::cerr << "tengen bench board: board size " << size << " is outside 5..19\n";
      return 2;
    }
  }
  std::printf("%-6s %12s %12s %14s %12s\n", "size", "playouts", "seconds", "playouts/s", "moves/game");
  for (int size : sizes) {
    PlayoutStats s = run_playouts(size, seconds, count, seed);
    std::printf("%2dx%-3d %12lld %12.2f %14.0f %12.1f\n", size, size, static_cast<long long>(s.playouts),
                s.seconds, s.playouts / s.seconds, static_cast<double>(s.moves) / s.playouts);
  }
  return 0;
}

int run_bench(int argc, char** argv) {
  return dispatch_subcommand(argc, argv, help_text("tengen bench"),
                             {{"board", run_bench_board}, {"features", run_bench_features}, {"nn", run_bench_nn},
                              {"loader", run_bench_loader}, {"rollout", run_bench_rollout},
                              {"search", run_bench_search},
                              {"analysis", run_bench_analysis}, {"train", run_bench_train}});
}

}  // namespace tengen::app
