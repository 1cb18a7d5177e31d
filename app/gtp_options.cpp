#include "app/gtp_options.h"

#include <boost/program_options.hpp>
#include <algorithm>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/help_text.h"
#include "app/search_options.h"
#include "app/subcommands.h"
#include "app/version.h"
#include "engine/game.h"
#include "engine/text_file.h"

namespace po = boost::program_options;

namespace tengen::app {

// A config file is a few dozen `name = value` lines.
constexpr size_t kMaxConfigBytes = size_t{1} << 20;

// The options, bound to `o`: built twice, for the command line and for checking the config file alone.
static po::options_description gtp_options(GtpOptions& o) {
  po::options_description opts("Options for `tengen gtp`");
  opts.add_options()("help,h", "this text")(
      "config", po::value<std::string>(&o.config), "read options from this file (`name = value` lines, as the long "
                                                 "options without --); the command line wins")(
      "log-file", po::value<std::string>(&o.log_file), "append the per-move search summaries here instead of stderr")(
      "boardsize", po::value<int>(&o.s.board_size)->default_value(19), "initial board size (5..19)")(
      "komi", po::value<double>(&o.s.komi)->default_value(7.5), "initial komi")(
      "move-time", po::value<double>(&o.p.seconds_per_move)->default_value(5), "seconds per move when the GUI sets no clock")(
      "visits", po::value<int64_t>(&o.p.visits_per_move)->default_value(0), "also stop a search after this many simulations (0: no limit)")(
      "threads", po::value<int>(&o.p.threads)->default_value(2), "search threads")(
      "resign", po::value<double>(&o.p.resign_below)->default_value(0.05, "0.05"), "resign below this win rate (0: never)")(
      "seed", po::value<uint64_t>(&o.p.search.seed)->default_value(1), "search seed")(
      "time-spend", po::value<double>(&o.s.time.spend)->default_value(1.0),
      "under a clock, each move gets this many times an even share of the main time left (1: even)")(
      "time-opening-factor", po::value<double>(&o.s.time.opening_factor)->default_value(0.6, "0.6"),
      "under a clock, the first move gets this share of a later move's time, rising to 1 over the opening")(
      "time-extend", po::value<double>(&o.s.time.extend)->default_value(2.0),
      "under a clock, an unsure search (close race, late change of the best move) may run to this many times "
      "its planned time, within what the clock allows")(
      "time-early-stop", po::value<bool>(&o.s.time.early_stop)->default_value(true),
      "under a clock, stop as soon as the best move cannot be overtaken (and go on when unsure); false: "
      "always think for the planned time")(
      "gtp-version", po::value<std::string>(&o.s.version)->default_value(kVersion),
      "the answer to GTP's `version` (Lizzie 0.7 reads it as Leela Zero's and hangs below 0.15: give it "
      "--gtp-version 0.17)")(
      "ponder", po::bool_switch(&o.s.ponder), "keep thinking on the opponent's time")(
      "reproducible", po::bool_switch(&o.reproducible),
      "wait for every network answer instead of backing values up when they arrive: with --threads 1, "
      "--visits and a --seed the same commands give the same moves (slower: docs/SEARCH.md)")(
      "quiet", po::bool_switch(&o.quiet), "no per-move search summary on stderr");
  add_network_options(opts, o.networks);
  add_search_options(opts, o.p.search);
  return opts;
}

// What is out of range in the settings ("" when nothing is).
static std::string settings_error(const GtpOptions& o) {
  const gtp::PlayerSettings& p = o.p;
  if (o.s.board_size < kMinSize || o.s.board_size > kMaxSize)
    return "--boardsize " + std::to_string(o.s.board_size) + " is outside 5..19";
  const std::pair<bool, const char*> checks[] = {
      {p.threads >= 1 && p.threads <= 256, "--threads must be 1..256"},
      {p.seconds_per_move > 0, "--move-time must be positive"},
      {p.visits_per_move >= 0, "--visits must be 0 (no limit) or more"},
      {o.s.time.spend > 0 && o.s.time.spend <= 10, "--time-spend must be in (0, 10]"},
      {o.s.time.opening_factor > 0 && o.s.time.opening_factor <= 1, "--time-opening-factor must be in (0, 1]"},
      {o.s.time.extend >= 1 && o.s.time.extend <= 10, "--time-extend must be in [1, 10]"},
      // A win rate: 1 or more would resign every move after the opening (NaN fails both sides).
      {p.resign_below >= 0 && p.resign_below < 1, "--resign must be in [0, 1) (0: never resign)"}};
  for (const auto& [ok, why] : checks)
    if (!ok) return why;
  if (std::string why = komi_error(o.s.komi, o.s.board_size); !why.empty()) return "--komi: " + why;
  if (std::string why = search_options_error(p.search); !why.empty()) return why;
  return network_choice_error(o.networks);
}

// The config file's text, capped, with no line Boost.Program_options cannot report an error about
// (see has_option_placeholder); what is wrong otherwise ("" when nothing is).
static std::string read_config_text(const std::string& file, std::string* text) {
  std::string error;
  const std::optional<std::string> bytes = read_file_capped(file, kMaxConfigBytes, &error);
  if (!bytes) return "cannot be read: " + error;
  std::istringstream lines(*bytes);
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n)
    if (has_option_placeholder(line))
      return "has a '%name%' sequence on line " + std::to_string(n) + ", which no option takes";
  *text = *bytes;
  return "";
}

// What is wrong with the config text on its own ("" when nothing is): a line Boost cannot read, an
// unknown option, a bad value, a setting out of range (even one the command line overrides).
static std::string config_error(const std::string& text) {
  GtpOptions alone;
  po::options_description opts = gtp_options(alone);
  try {
    std::istringstream in(text);
    po::variables_map vm;
    po::store(po::parse_config_file(in, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return e.what();
  }
  const std::string why = settings_error(alone);
  return why.empty() ? "" : "setting out of range: " + why;
}

// The text's first `count` lines.
static std::string first_lines(const std::string& text, int count) {
  size_t end = 0;
  for (int n = 0; n < count; ++n) {
    end = text.find('\n', end);
    if (end == std::string::npos) return text;
    ++end;
  }
  return text.substr(0, end);
}

// The line where a config text with an error goes wrong: the fewest first lines that have it. Boost
// names no line, and a player with a twenty-line file needs one. Binary search (the file may be a
// megabyte): an error, once in the first lines, stays with more (a repeated option is an error too).
static int error_line(const std::string& text) {
  int lo = 1, hi = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  while (lo < hi) {
    const int mid = lo + (hi - lo) / 2;
    if (config_error(first_lines(text, mid)).empty())
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

// Reads the config file named by --config into `vm` after the command line (whose values stay).
// Returns -1 to go on, or 2 with "FILE:LINE: what" on stderr.
static int read_config_file(const std::string& file, const po::options_description& opts, po::variables_map& vm) {
  std::string text;
  if (const std::string why = read_config_text(file, &text); !why.empty()) {
    std::cerr << "tengen gtp: the config file " << file << " " << why << "\n";
    return 2;
  }
  if (const std::string why = config_error(text); !why.empty()) {
    std::cerr << "tengen gtp: " << file << ":" << error_line(text) << ": " << why << "\n";
    return 2;
  }
  std::istringstream in(text);
  po::store(po::parse_config_file(in, opts), vm);
  return -1;
}

int parse_gtp_options(int argc, char** argv, GtpOptions& o) {
  po::options_description opts = gtp_options(o);
  po::variables_map vm;
  try {
    po::store(parse_command_line_without_inputs(argc, argv, opts), vm);
    if (vm.count("config"))
      if (const int code = read_config_file(vm["config"].as<std::string>(), opts, vm); code >= 0) return code;
    po::notify(vm);
    o.p.search.async_evaluation = !o.reproducible;
    o.p.search_without_policy = search_params_without_policy(o.p.search, vm);
  } catch (const po::error& e) {
    std::cerr << "tengen gtp: " << e.what() << "\nRun `tengen gtp --help` for the options.\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << help_text("tengen gtp") << opts;
    return 0;
  }
  if (const std::string why = settings_error(o); !why.empty()) {
    std::cerr << "tengen gtp: " << why << "\n";
    return 2;
  }
  return -1;
}

}  // namespace tengen::app
