// `tengen bench train --data DIR`: supervised training positions per second for several layouts of
// ranks x intra-op threads (default 1x1, 1x2, 2x1 on two cores), each a real `tengen train sl` run
// (through `tengen launch` for more than one rank, docs/SCALING.md) in a scratch folder; the rate is
// the median of its metrics rows after the first (warm-up), the global batch the same for all.

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/self_process.h"
#include "app/subcommands.h"
#include "app/training_output.h"
#include "io/remove_tree.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace tengen::app {

namespace {

struct Layout {
  int ranks = 1, threads = 1;
};

std::vector<Layout> parse_layouts(const std::string& text) {
  std::vector<Layout> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    Layout l;
    char x = 0, extra = 0;
    if (std::sscanf(item.c_str(), "%d%c%d%c", &l.ranks, &x, &l.threads, &extra) != 3 || x != 'x' || l.ranks < 1 ||
        l.threads < 1 || l.ranks > 64 || l.threads > 256)
      throw po::error("--layouts takes RANKSxTHREADS,... (e.g. 1x1,1x2,2x1), not '" + text + "'");
    out.push_back(l);
  }
  if (out.empty()) throw po::error("--layouts is empty");
  return out;
}

// Runs this executable with `args`, stdout and stderr into `log`; returns its exit status.
int run_self(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = start_self({args, {}, log});
  return pid < 0 ? 127 : wait_for(pid);
}

// Median positions/s of a run's metrics rows after the first; 0 if there are none.
double median_rate(const std::string& csv) {
  std::ifstream in(csv);
  std::string line;
  std::vector<double> rates;
  std::getline(in, line);  // header
  for (int row = 0; std::getline(in, line); ++row) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
    if (row > 0 && cells.size() >= 7) rates.push_back(std::atof(cells[6].c_str()));
  }
  if (rates.empty()) return 0;
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

struct BenchTrainArgs {
  std::string data, layouts_text, scratch;
  NetworkShape shape;
  int batch = 64, loader_threads = 1;
  int64_t steps = 120;
};

void add_bench_train_options(po::options_description& opts, BenchTrainArgs& a) {
  opts.add_options()("help,h", "this text")(
      "data", po::value<std::string>(&a.data), "dataset folder written by `tengen dataset build`")(
      "layouts", po::value<std::string>(&a.layouts_text)->default_value("1x1,1x2,2x1"),
      "RANKSxTHREADS,...: ranks (processes) times torch intra-op threads each")(
      "batch", po::value<int>(&a.batch)->default_value(64), "global batch (each rank: batch / ranks)")(
      "steps", po::value<int64_t>(&a.steps)->default_value(120), "optimiser steps per layout")(
      "loader-threads", po::value<int>(&a.loader_threads)->default_value(1), "batch-building threads per rank")(
      "scratch", po::value<std::string>(&a.scratch), "folder for the runs (default: a new one under /tmp, removed)");
  add_network_shape_options(opts, a.shape);
}

// The command line of one layout's run: `train sl` (under `launch --nproc R` for several ranks) into `run`,
// logging about 12 rows and validating and checkpointing only at the end.
std::vector<std::string> train_arguments(const BenchTrainArgs& a, const Layout& l, const std::string& run) {
  std::vector<std::string> args;
  if (l.ranks > 1) args = {"launch", "--nproc", std::to_string(l.ranks)};
  for (const std::string& s :
       {std::string("train"), std::string("sl"), std::string("--data"), a.data, std::string("--out"), run,
        std::string("--preset"), a.shape.preset, std::string("--batch"), std::to_string(a.batch), std::string("--steps"),
        std::to_string(a.steps), std::string("--threads"), std::to_string(l.threads), std::string("--loader-threads"),
        std::to_string(a.loader_threads), std::string("--log-every"), std::to_string(std::max<int64_t>(5, a.steps / 12)),
        std::string("--validate-every"), std::to_string(a.steps), std::string("--val-batches"), std::string("1"),
        std::string("--checkpoint-every"), std::to_string(a.steps)})
    args.push_back(s);
  if (a.shape.layers) args.insert(args.end(), {"--layers", std::to_string(a.shape.layers)});
  if (a.shape.filters) args.insert(args.end(), {"--filters", std::to_string(a.shape.filters)});
  return args;
}

}  // namespace

int run_bench_train(int argc, char** argv) {
  BenchTrainArgs a;
  if (parse_args_or_help(argc, argv, "tengen bench train", add_bench_train_options, a)) return 0;
  if (a.data.empty() || a.batch < 1 || a.steps < 20) {
    std::cerr << argv[0] << ": --data DIR is required, --batch >= 1, --steps >= 20\n";
    return 2;
  }
  const std::vector<Layout> layouts = parse_layouts(a.layouts_text);
  const bool own_scratch = a.scratch.empty();
  if (own_scratch) a.scratch = (fs::temp_directory_path() / ("tengen-bench-train-" + std::to_string(getpid()))).string();
  std::printf("%s preset%s, global batch %d, %lld steps per layout, data %s\n", a.shape.preset.c_str(),
              a.shape.custom() ? " (custom)" : "", a.batch, static_cast<long long>(a.steps), a.data.c_str());
  std::printf("%6s %8s %14s %10s\n", "ranks", "threads", "positions/s", "vs first");
  double first = 0;
  for (const Layout& l : layouts) {
    const std::string run = a.scratch + "/" + std::to_string(l.ranks) + "x" + std::to_string(l.threads);
    io::remove_tree(run);
    fs::create_directories(a.scratch);
    const std::string log = run + ".log";
    if (const int rc = run_self(train_arguments(a, l, run), log); rc != 0) {
      std::cerr << argv[0] << ": the " << l.ranks << "x" << l.threads << " run failed (exit " << rc << "); its log:\n"
                << std::ifstream(log).rdbuf();
      return 1;
    }
    const double rate = median_rate(run + "/metrics.csv");
    if (first == 0) first = rate;
    std::printf("%6d %8d %14.0f %9.2fx\n", l.ranks, l.threads, rate, first > 0 ? rate / first : 0.0);
    std::fflush(stdout);
  }
  if (own_scratch) io::remove_tree(a.scratch);
  return 0;
}

}  // namespace tengen::app
