// `tengen bench features`: speed of the 48/49-plane feature extraction (engine/features.h) on
// positions from real games, on one thread.
// Positions are collected first (not timed): each SGF record is replayed up to a few random move
// numbers and the Game is kept. The timed loop then runs extract_features over them, each with a
// random one of the 8 symmetries, as training and search would.
#include <boost/program_options.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "engine/features.h"
#include "engine/game.h"
#include "engine/sgf.h"
#include "engine/symmetry.h"
#include "io/sgf_source.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// Positions taken from one record: a few, so that a modest archive yields many positions, but
// spread over different games so that the mix of openings, middle games and endgames is natural.
constexpr int kPositionsPerGame = 4;

struct Collection {
  std::vector<Game> positions;
  int64_t records = 0, skipped_size = 0, skipped_illegal = 0, parse_errors = 0, input_errors = 0;
};

Collection collect_positions(const std::string& path, size_t wanted, std::mt19937_64& rng) {
  Collection c;
  c.positions.reserve(wanted);
  auto visit = [&](const std::string& name, std::string_view text) {
    SgfParseResult parsed = parse_sgf(text, name);
    if (parsed.error) ++c.parse_errors;
    for (const SgfGame& record : parsed.games) {
      ++c.records;
      if (record.size != kMaxSize) {  // the benchmark is about 19x19
        ++c.skipped_size;
        continue;
      }
      const int moves = static_cast<int>(record.moves.size());
      std::vector<int> cut;
      for (int i = 0; i < kPositionsPerGame && moves > 0; ++i)
        cut.push_back(std::uniform_int_distribution<int>(0, moves - 1)(rng));
      std::sort(cut.begin(), cut.end());
      cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
      for (int k : cut) {
        // The position before move k + 1, where a network would be asked for that move.
        SgfGame prefix = record;
        prefix.moves.resize(static_cast<size_t>(k));
        Game game;
        if (replay_sgf(prefix, game, GameRules{})) {
          ++c.skipped_illegal;
          break;  // later cuts would replay the same illegal move
        }
        c.positions.push_back(std::move(game));
        if (c.positions.size() >= wanted) return false;
      }
    }
    return true;
  };
  auto on_error = [&](const std::string& name, const std::string& message) {
    ++c.input_errors;
    std::cerr << "tengen bench features: " << name << ": " << message << "\n";
  };
  io::for_each_sgf({path}, visit, on_error);
  return c;
}

// Extracts the feature set of every position (each under a random symmetry drawn beforehand, so the
// loop measures extraction only), over and over until `seconds` pass, and prints the rate.
void time_extraction(const std::vector<Game>& positions, FeatureSet set, const std::string& set_name, double seconds,
                     std::mt19937_64& rng) {
  std::vector<uint8_t> syms(positions.size());
  for (uint8_t& s : syms) s = static_cast<uint8_t>(rng() % kNumSymmetries);
  std::vector<float> out(static_cast<size_t>(num_planes(set)) * kMaxPoints);
  double checksum = 0;
  int64_t done = 0;
  // Wall time is what the user waits for; CPU time is also shown because on a shared machine it is
  // the steadier measure of the code itself.
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  double elapsed = 0;
  do {
    for (size_t i = 0; i < positions.size(); ++i) {
      extract_features(positions[i], set, syms[i], out.data());
      checksum += out[plane::kSensible * kMaxPoints + i % kMaxPoints];  // keeps the work observable
    }
    done += static_cast<int64_t>(positions.size());
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < seconds);
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("%s set (%d planes): %lld extractions in %.3f s: %.0f positions/s, %.2f us/position "
              "(CPU time: %.0f positions/s, %.2f us/position; checksum %.0f)\n",
              set_name.c_str(), num_planes(set), static_cast<long long>(done), elapsed, done / elapsed,
              1e6 * elapsed / done, done / cpu, 1e6 * cpu / done, checksum);
}

}  // namespace

int run_bench_features(int argc, char** argv) {
  po::options_description opts("Options for `tengen bench features`");
  std::string games_path, set_name;
  size_t wanted = 20000;
  double seconds = 0;
  uint64_t seed = 1;
  opts.add_options()("help,h", "this text")(
      "games", po::value<std::string>(&games_path)->default_value("../shared/data/kgs/KGS-2015-19-8133-.tar.gz"),
      "game records: an .sgf file, a folder or an archive (relative to the current directory)")(
      "positions", po::value<size_t>(&wanted)->default_value(20000), "positions to collect")(
      "seconds", po::value<double>(&seconds)->default_value(0),
      "time at least this long, cycling over the positions (0: one pass)")(
      "set", po::value<std::string>(&set_name)->default_value("policy"),
      "feature set: policy (48 planes) or value (49 planes)")(
      "seed", po::value<uint64_t>(&seed)->default_value(1), "random seed (positions, symmetries)");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench features"))) return 0;
  FeatureSet set;
  if (set_name == "policy") {
    set = FeatureSet::kPolicy48;
  } else if (set_name == "value") {
    set = FeatureSet::kValue49;
  } else {
    std::cerr << argv[0] << ": --set must be policy or value, not '" << set_name << "'\n";
    return 2;
  }
  if (wanted == 0) {
    std::cerr << argv[0] << ": --positions must be at least 1\n";
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::exists(games_path, ec)) {
    std::cerr << argv[0] << ": no game records at '" << games_path << "' (relative to "
              << std::filesystem::current_path(ec).string()
              << "). Pass --games PATH with an .sgf file, a folder or an archive of 19x19 games.\n";
    return 1;
  }

  std::mt19937_64 rng(seed);
  const auto t0 = std::chrono::steady_clock::now();
  Collection c = collect_positions(games_path, wanted, rng);
  const double collect_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("collected %zu positions from %lld records in %.1f s (skipped: %lld not 19x19, %lld "
              "illegal moves; %lld parse errors, %lld unreadable inputs)\n",
              c.positions.size(), static_cast<long long>(c.records), collect_s,
              static_cast<long long>(c.skipped_size), static_cast<long long>(c.skipped_illegal),
              static_cast<long long>(c.parse_errors), static_cast<long long>(c.input_errors));
  if (c.positions.empty()) {
    std::cerr << argv[0] << ": no usable 19x19 position in '" << games_path << "'\n";
    return 1;
  }
  if (c.positions.size() < wanted)
    std::printf("note: fewer positions than --positions %zu; timing the %zu found\n", wanted, c.positions.size());

  time_extraction(c.positions, set, set_name, seconds, rng);
  return 0;
}

}  // namespace tengen::app
