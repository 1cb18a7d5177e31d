// `tengen dataset build --out DIR [options] INPUT...`: game records (SGF files, folders, archives,
// Tygem archive folders) in, deduplicated train/validation shards and a manifest out, optionally
// through the value-data filters (data/dataset_builder.h, data/game_filters.h, docs/DATA.md).
// Contract: the summary goes to stdout; a progress line to stderr (app/progress_line.h).
// Exit code 0 when every input could be read, 1 when an input could not be read (then nothing is
// written) or the output could not be written, 2 on bad usage. An unreadable file inside a Tygem
// folder is counted and named in the summary, not an input error (the published snapshot lacks 61).

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
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

void row(const std::string& label, const std::string& value) {
  std::cout << label << std::string(label.size() < 27 ? 27 - label.size() : 1, ' ') << value << "\n";
}

void print_tygem(const nn::BuildSummary& s) {
  const io::TygemStats& t = s.tygem;
  row("tygem folders:", with_commas(s.tygem_folders));
  row("  kifu files:", with_commas(t.kifu_files) + " (" + with_commas(t.kifu_lines) + " game lines)");
  row("  index files:", with_commas(t.index_files) + " (" + with_commas(t.index_records) + " records kept)");
  row("  games joined:", with_commas(t.games));
  row("  records without game:", with_commas(t.index_without_game));
  row("  unreadable files:", with_commas(t.unreadable_files));
  row("  malformed index lines:", with_commas(t.malformed_index_lines));
  row("  duplicate index records:", with_commas(t.duplicate_index_records));
}

// The first messages of each Tygem problem kind and skip reason, with how many more there were.
void print_problem_examples(const nn::BuildSummary& s) {
  if (s.problem_examples.empty()) return;
  std::cout << "tygem problems (the first " << nn::kMaxProblemExamples << " of each kind):\n";
  const io::TygemStats& t = s.tygem;
  for (const auto& [kind, messages] : s.problem_examples) {
    const auto skipped = s.skipped.find(kind);
    const int64_t total = skipped != s.skipped.end()              ? skipped->second
                          : kind == io::kTygemUnreadableFile       ? t.unreadable_files
                          : kind == io::kTygemMalformedIndexLine   ? t.malformed_index_lines
                          : kind == io::kTygemDuplicateIndexRecord ? t.duplicate_index_records
                                                                   : static_cast<int64_t>(messages.size());
    std::cout << "  " << kind << ": " << with_commas(total) << "\n";
    for (const std::string& m : messages) std::cout << "    " << m << "\n";
    if (total > static_cast<int64_t>(messages.size()))
      std::cout << "    ... and " << with_commas(total - static_cast<int64_t>(messages.size())) << " more\n";
  }
}

void print_summary(const nn::DatasetBuilder& builder, const std::string& out, double seconds) {
  const nn::BuildSummary& s = builder.summary();
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.1f s", seconds);
  std::cout << "dataset build (rules: " << (builder.options().positional_superko ? "positional superko" : "simple ko")
            << ") -> " << out << "\n";
  row("files read:", with_commas(s.files) + " (" + with_commas(s.bytes) + " bytes)");
  if (!builder.options().exclude.empty()) row("files excluded:", with_commas(s.files_excluded));
  if (s.tygem_folders > 0) print_tygem(s);
  row("games read:", with_commas(s.games_read));
  row("games used:", with_commas(s.used()) + " (train " + with_commas(s.train.games) + ", val " +
                         with_commas(s.val.games) + ")");
  row("train positions:", with_commas(s.train.positions) + " (" + with_commas(s.train.moves) + " moves with passes)");
  row("val positions:", with_commas(s.val.positions) + " (" + with_commas(s.val.moves) + " moves with passes)");
  row("games skipped:", with_commas(s.skipped_total()));
  for (const std::string& reason : builder.reasons()) {
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
  print_problem_examples(s);
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

// The command's option strings that become BuildOptions fields only after checking.
struct BuildFlags {
  std::string out, rules, komi_range, min_rank;
  bool value_filters = false;
};

void declare_options(po::options_description& o, nn::BuildOptions& options, BuildFlags& flags) {
  nn::GameFilters& f = options.filters;
  o.add_options()
      ("help,h", "this text")
      ("out,o", po::value<std::string>(&flags.out), "output folder (created if needed)")
      ("val-per-mille", po::value<int>(&options.val_per_mille)->default_value(20),
       "games per thousand that go to validation (by game id, so independent of input order)")
      ("min-moves", po::value<int>(&options.min_moves)->default_value(20),
       "skip games with fewer moves (passes count); 50 with --value-filters")
      ("shard-games", po::value<int>(&options.shard_games)->default_value(10000), "games per shard")
      ("size", po::value<int>(&options.size)->default_value(19), "board size kept; other sizes are skipped")
      ("rules", po::value<std::string>(&flags.rules)->default_value("simple"),
       "legality check: simple (simple ko only: records under Japanese rules may repeat a position) "
       "or superko (positional superko)")
      ("level", po::value<int>(&options.compression_level)->default_value(10), "zstd compression level 1..19")
      ("no-handicap", po::bool_switch(&f.no_handicap), "skip games with a handicap (HA) or set-up stones (AB/AW)")
      ("komi-range", po::value<std::string>(&flags.komi_range)->value_name("LOW:HIGH"),
       "skip games whose komi is outside LOW..HIGH or missing (e.g. 5.5:7.5)")
      ("decided-only", po::bool_switch(&f.decided_only),
       "keep only results by resignation or count (B+R, B+Resign, W+3.5); skip time, forfeit "
       "(B+F, B+Offline), void, draws, unknown and missing results")
      ("min-rank", po::value<std::string>(&flags.min_rank)->value_name("RANK"),
       "skip games where BR or WR is below RANK (30k..1k, 1d..9d, 1p..9p; a pro ranks above 9d); "
       "a record without ranks (or with a rank it cannot read) is kept")
      ("value-filters", po::bool_switch(&flags.value_filters),
       "for value-network data: --no-handicap --komi-range 5.5:7.5 --decided-only --min-moves 50 "
       "(each can still be given to change it)")
      ("exclude", po::value<std::vector<std::string>>(&options.exclude)->composing()->value_name("GLOB"),
       "do not read SGF texts (files or archive members, named 'archive:member') or Tygem folders whose "
       "name matches GLOB ('*' matches '/' too); repeatable. E.g. --exclude '*KGS-2017*' keeps the "
       "evaluation games of 2017 out");
}

// Turns the checked flags into options; "" when fine, else what is wrong.
std::string apply_flags(const BuildFlags& flags, const po::variables_map& vm, nn::BuildOptions& options) {
  nn::GameFilters& f = options.filters;
  if (flags.value_filters) {
    f.no_handicap = f.decided_only = true;
    if (vm["min-moves"].defaulted()) options.min_moves = 50;
    if (flags.komi_range.empty()) f.komi_range = true;  // 5.5:7.5, GameFilters' defaults
  }
  if (!flags.komi_range.empty()) {
    const auto range = nn::parse_komi_range(flags.komi_range);
    if (!range) return "--komi-range must be LOW:HIGH, two numbers with LOW <= HIGH (e.g. 5.5:7.5)";
    f.komi_range = true;
    std::tie(f.komi_min, f.komi_max) = *range;
  }
  if (!flags.min_rank.empty()) {
    const std::optional<int> rank = nn::rank_value(flags.min_rank);
    if (!rank) return "--min-rank must be a rank such as 7d, 1k or 3p";
    f.min_rank = *rank;
  }
  options.positional_superko = flags.rules == "superko";
  if (flags.out.empty()) return "--out DIR is required";
  if (flags.rules != "superko" && flags.rules != "simple") return "--rules must be superko or simple";
  return options.validate();
}

int run_build(int argc, char** argv) {
  nn::BuildOptions options;
  BuildFlags flags;
  po::options_description visible("Options");
  declare_options(visible, options, flags);
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (parse_options_and_inputs_or_help(argc, argv, visible, help_text("tengen dataset build"), &inputs, &vm)) return 0;
  const std::string problem = inputs.empty() ? "no INPUT given" : apply_flags(flags, vm, options);
  if (!problem.empty()) {
    std::cerr << argv[0] << ": " << problem << "\n\n" << help_text("tengen dataset build") << visible;
    return 2;
  }

  nn::DatasetBuilder builder(options);
  const Clock::time_point start = Clock::now();
  // A missing or corrupt input would silently give a smaller dataset, possibly over a good one: so
  // nothing is written then, and the summary says what would have been.
  const bool complete = read_inputs(builder, inputs, argv[0]);
  if (complete) builder.write(flags.out);  // a write failure throws: main exits 1
  print_summary(builder, flags.out, std::chrono::duration<double>(Clock::now() - start).count());
  if (!complete) {
    std::cout << "nothing written to " << flags.out << ": an input could not be read\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_dataset(int argc, char** argv) {
  return dispatch_subcommand(argc, argv, help_text("tengen dataset"), {{"build", run_build}});
}

}  // namespace tengen::app
