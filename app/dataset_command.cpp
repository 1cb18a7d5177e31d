// `tengen dataset build --out DIR [options] INPUT...`: game records (SGF files, folders, archives)
// in, deduplicated train/validation shards and a manifest out (data/dataset_builder.h, docs/DATA.md).
// Contract: the summary goes to stdout; a progress line to stderr (app/progress_line.h).
// Exit code 0 when every input could be read, 1 when an input could not be read (then nothing is
// written) or the output could not be written, 2 on bad usage.

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "data/dataset_builder.h"

namespace po = boost::program_options;

namespace tengen::app {
namespace {

using Clock = std::chrono::steady_clock;

std::string with_commas(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return n < 0 ? "-" + s : s;
}

void print_summary(const nn::BuildSummary& s, const std::string& out, double seconds, bool superko) {
  auto row = [](const std::string& label, const std::string& value) {
    std::cout << label << std::string(label.size() < 27 ? 27 - label.size() : 1, ' ') << value << "\n";
  };
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.1f s", seconds);
  std::cout << "dataset build (rules: " << (superko ? "positional superko" : "simple ko") << ") -> " << out << "\n";
  row("files read:", with_commas(s.files) + " (" + with_commas(s.bytes) + " bytes)");
  row("games read:", with_commas(s.games_read));
  row("games used:", with_commas(s.used()) + " (train " + with_commas(s.train.games) + ", val " +
                         with_commas(s.val.games) + ")");
  row("train positions:", with_commas(s.train.positions) + " (" + with_commas(s.train.moves) + " moves with passes)");
  row("val positions:", with_commas(s.val.positions) + " (" + with_commas(s.val.moves) + " moves with passes)");
  row("games skipped:", with_commas(s.skipped_total()));
  for (const std::string& reason : nn::skip_reasons()) {
    auto it = s.skipped.find(reason);
    row("  " + reason + ":", with_commas(it == s.skipped.end() ? 0 : it->second));
  }
  int train_shards = 0, val_shards = 0;
  int64_t bytes = 0;
  for (const nn::ShardInfo& shard : s.shards) {
    (shard.split == "train" ? train_shards : val_shards) += 1;
    bytes += shard.bytes;
  }
  row("shards:", std::to_string(train_shards) + " train, " + std::to_string(val_shards) + " val (" +
                     with_commas(bytes) + " bytes)");
  row("input errors:", with_commas(s.input_errors));
  for (const std::string& m : s.input_error_messages) std::cout << "  " << m << "\n";
  row("wall time:", wall);
}

// Reads every input into the builder with a progress line (files, games used and skipped); a message
// for each input that cannot be read. Whether every input was read.
bool read_inputs(nn::DatasetBuilder& builder, const std::vector<std::string>& inputs, const char* argv0) {
  ProgressLine progress(60, 0.2);
  const Clock::time_point start = Clock::now();
  auto show = [&] {
    if (!progress.due()) return;
    const nn::BuildSummary& s = builder.summary();
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    char line[200];
    std::snprintf(line, sizeof line, "[dataset build] files %lld (%.0f/s)  games %lld  used %lld  skipped %lld",
                  static_cast<long long>(s.files), secs > 0 ? s.files / secs : 0.0,
                  static_cast<long long>(s.games_read), static_cast<long long>(s.used()),
                  static_cast<long long>(s.skipped_total()));
    progress.show(line);
  };
  builder.add_inputs(inputs, show, [&](const std::string& name, const std::string& message) {
    progress.finish();
    std::cerr << argv0 << ": " << name << ": " << message << "\n";
  });
  progress.finish();
  if (builder.summary().input_errors > 0) return false;
  std::cerr << "[dataset build] writing shards...\n";
  return true;
}

int run_build(int argc, char** argv) {
  nn::BuildOptions options;
  std::string out, rules;
  po::options_description visible("Options");
  visible.add_options()
      ("help,h", "this text")
      ("out,o", po::value<std::string>(&out), "output folder (created if needed)")
      ("val-per-mille", po::value<int>(&options.val_per_mille)->default_value(20),
       "games per thousand that go to validation (by game id, so independent of input order)")
      ("min-moves", po::value<int>(&options.min_moves)->default_value(20), "skip games with fewer moves (passes count)")
      ("shard-games", po::value<int>(&options.shard_games)->default_value(10000), "games per shard")
      ("size", po::value<int>(&options.size)->default_value(19), "board size kept; other sizes are skipped")
      ("rules", po::value<std::string>(&rules)->default_value("simple"),
       "legality check: simple (simple ko only: records under Japanese rules may repeat a position) "
       "or superko (positional superko)")
      ("level", po::value<int>(&options.compression_level)->default_value(10), "zstd compression level 1..19");
  std::vector<std::string> inputs;
  if (parse_options_and_inputs_or_help(argc, argv, visible, help_text("tengen dataset build"), &inputs)) return 0;
  options.positional_superko = rules == "superko";
  std::string problem = out.empty()                               ? "--out DIR is required"
                        : inputs.empty()                          ? "no INPUT given"
                        : rules != "superko" && rules != "simple" ? "--rules must be superko or simple"
                                                                  : options.validate();
  if (!problem.empty()) {
    std::cerr << argv[0] << ": " << problem << "\n\n" << help_text("tengen dataset build") << visible;
    return 2;
  }

  nn::DatasetBuilder builder(options);
  const Clock::time_point start = Clock::now();
  // A missing or corrupt input would silently give a smaller dataset, possibly over a good one: so
  // nothing is written then, and the summary says what would have been.
  const bool complete = read_inputs(builder, inputs, argv[0]);
  if (complete) builder.write(out);  // a write failure throws: main exits 1
  print_summary(builder.summary(), out, std::chrono::duration<double>(Clock::now() - start).count(),
                options.positional_superko);
  if (!complete) {
    std::cout << "nothing written to " << out << ": an input could not be read\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_dataset(int argc, char** argv) {
  return dispatch_subcommand(argc, argv, help_text("tengen dataset"), {{"build", run_build}});
}

}  // namespace tengen::app
