// `tengen bench loader --data DIR`: how many training positions per second the data loader
// (data/data_loader.h) turns into planes + targets, with a consumer that does nothing else — the upper
// bound on what it can feed a trainer.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "data/data_loader.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// Draws batches for `seconds` and prints the rate and what the loader's threads did.
void time_loader(std::shared_ptr<const nn::PositionIndex> index, const nn::LoaderOptions& options,
                 const std::string& set_name, double seconds) {
  nn::DataLoader loader(std::move(index), options);
  double checksum = 0;  // keeps the batches observable
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  int64_t batches = 0, positions = 0;
  while (elapsed < seconds) {
    nn::Batch b = loader.next();
    checksum += b.move[0] + b.planes[b.planes.size() / 2];
    ++batches;
    positions += b.size;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const nn::LoaderStats s = loader.stats();
  const int threads = options.threads;
  std::printf("%d thread%s, batch %d, %s set: %lld batches, %lld positions in %.2f s: %.0f positions/s "
              "(%.1f batches/s); build time %.1f us/position per thread; consumer waited %.0f%% of the time "
              "(checksum %.0f)\n",
              threads, threads == 1 ? "" : "s", options.batch.batch_size, set_name.c_str(),
              static_cast<long long>(batches), static_cast<long long>(positions), elapsed, positions / elapsed,
              batches / elapsed, s.positions > 0 ? 1e6 * s.build_seconds / static_cast<double>(s.positions) : 0.0,
              100.0 * s.wait_seconds / elapsed, checksum);
}

}  // namespace

int run_bench_loader(int argc, char** argv) {
  po::options_description opts("Options");
  std::string data, split, set_name;
  int threads = 2, batch = 256;
  double seconds = 10;
  uint64_t seed = 1;
  opts.add_options()("help,h", "this text")(
      "data", po::value<std::string>(&data), "dataset folder written by `tengen dataset build`")(
      "split", po::value<std::string>(&split)->default_value("train"), "train or val")(
      "threads", po::value<int>(&threads)->default_value(2), "worker threads (0: build on the calling thread)")(
      "batch", po::value<int>(&batch)->default_value(256), "positions per batch")(
      "seconds", po::value<double>(&seconds)->default_value(10), "how long to draw batches")(
      "set", po::value<std::string>(&set_name)->default_value("policy"), "policy (48 planes) or value (49)")(
      "seed", po::value<uint64_t>(&seed)->default_value(1), "batch seed");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench loader"))) return 0;
  std::string problem = data.empty()                             ? "--data DIR is required"
                        : split != "train" && split != "val"     ? "--split must be train or val"
                        : set_name != "policy" && set_name != "value" ? "--set must be policy or value"
                        : threads < 0 || threads > 256           ? "--threads must be 0..256"
                        : batch < 1                              ? "--batch must be at least 1"
                        : !(seconds > 0)                         ? "--seconds must be positive"
                                                                 : "";
  if (!problem.empty()) {
    std::cerr << argv[0] << ": " << problem << "\n";
    return 2;
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto index = std::make_shared<const nn::PositionIndex>(nn::PositionIndex::load(data, split));
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("loaded %s split of %s: %zu games, %lld positions in %.1f s\n", split.c_str(), data.c_str(),
              index->games().size(), static_cast<long long>(index->positions()), load_s);
  if (index->positions() == 0) {
    std::cerr << argv[0] << ": no positions in the " << split << " split of " << data << "\n";
    return 1;
  }

  nn::LoaderOptions options;
  options.batch.batch_size = batch;
  options.batch.seed = seed;
  options.batch.features = set_name == "policy" ? FeatureSet::kPolicy48 : FeatureSet::kValue49;
  options.threads = threads;
  time_loader(index, options, set_name, seconds);
  return 0;
}

}  // namespace tengen::app
