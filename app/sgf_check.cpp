// `tengen sgf check PATH...`: reads every game record under the paths (.sgf files, folders searched
// recursively, archives read in place), replays each game through the rules core and reports what
// cannot be used and why, so a data set can be vetted before training on it.
// Contract: the summary goes to stdout; a progress line to stderr (app/progress_line.h).
// Exit code 0 when every input could be read (rejected games do not change it), 1 when an input
// could not be read (missing file, corrupt archive), 2 on bad usage.

#include <absl/strings/match.h>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "engine/game.h"
#include "engine/sgf.h"
#include "io/sgf_source.h"

namespace po = boost::program_options;

namespace tengen::app {
namespace {

using Clock = std::chrono::steady_clock;

struct Listed {
  std::string name, reason;
};

// One outcome class (rejected, superko-only, skipped): how many, per reason, and the first few.
struct Outcome {
  int64_t count = 0;
  std::map<std::string, int64_t> by_reason;
  std::vector<Listed> listed;
};

struct Checker {
  bool superko = true;
  size_t max_report = 50;
  int64_t games = 0, moves = 0, accepted = 0;
  Outcome rejected, superko_only, skipped;
  std::vector<Listed> input_errors;

  void add(Outcome& o, const std::string& name, const std::string& category, const std::string& reason) {
    ++o.count;
    ++o.by_reason[category];
    if (o.listed.size() < max_report) o.listed.push_back({name, reason});
  }

  void check_game(const std::string& name, const SgfGame& record) {
    ++games;
    if (record.size < kMinSize || record.size > kMaxSize) {
      Game unused;
      std::string why = *replay_sgf(record, unused, GameRules{});  // "unsupported board size 21"
      add(skipped, name, why, why);
      return;
    }
    GameRules rules;
    rules.ko = superko ? KoRule::kPositional : KoRule::kSimple;
    Game game;
    MoveError error = MoveError::kNone;
    std::optional<std::string> why = replay_sgf(record, game, rules, &error);
    if (why && error == MoveError::kSuperko) {
      // Legal under simple ko (Japanese rules treat the repetition as no result, not as illegal).
      rules.ko = KoRule::kSimple;
      std::optional<std::string> again = replay_sgf(record, game, rules, &error);
      if (!again) {
        add(superko_only, name, "positional superko", *why);
        return;
      }
      why = again;
    }
    if (!why) {
      ++accepted;
      moves += static_cast<int64_t>(record.moves.size());
      return;
    }
    std::string category = error != MoveError::kNone ? std::string("illegal move: ") + move_error_text(error)
                           : absl::StartsWith(*why, "bad set-up") ? "bad set-up stone"
                                                               : "other";
    add(rejected, name, category, *why);
  }

  void check_text(const std::string& name, std::string_view text) {
    SgfParseResult r = parse_sgf(text, name);
    const size_t trees = r.games.size() + (r.error ? 1 : 0);
    auto tree_name = [&](size_t i) { return trees > 1 ? name + "#" + std::to_string(i + 1) : name; };
    for (size_t i = 0; i < r.games.size(); ++i) check_game(tree_name(i), r.games[i]);
    if (r.error) {
      ++games;
      add(rejected, tree_name(r.games.size()), "parse error",
          "parse error at " + std::to_string(r.error->line) + ":" + std::to_string(r.error->column) + ": " +
              r.error->message);
    }
  }
};

void print_outcome(const char* title, const Outcome& o, bool details) {
  if (o.count == 0 || !details) return;
  std::cout << "\n" << title << " (" << o.listed.size() << " of " << o.count << " listed):\n";
  for (const Listed& l : o.listed) std::cout << "  " << l.name << ": " << l.reason << "\n";
}

void print_reasons(const Checker& c) {
  std::vector<std::pair<std::string, std::string>> rows;  // reason, count + class
  auto add_rows = [&rows](const Outcome& o, const char* cls) {
    for (const auto& [reason, n] : o.by_reason) rows.push_back({reason, std::to_string(n) + "  (" + cls + ")"});
  };
  add_rows(c.rejected, "rejected");
  add_rows(c.superko_only, "superko only");
  add_rows(c.skipped, "skipped");
  if (rows.empty()) return;
  std::cout << "\nby reason:\n";
  for (const auto& [reason, n] : rows) {
    std::string pad(reason.size() < 34 ? 34 - reason.size() : 1, ' ');
    std::cout << "  " << reason << pad << n << "\n";
  }
}

// Replays every game under the paths into the checker, with a progress line on stderr.
io::SgfSourceStats check_paths(Checker& checker, const std::vector<std::string>& paths) {
  ProgressLine progress(60, 0.2);
  const Clock::time_point start = Clock::now();
  int64_t files = 0;
  const io::SgfSourceStats stats = io::for_each_sgf(
      paths,
      [&](const std::string& name, std::string_view text) {
        checker.check_text(name, text);
        ++files;
        if (progress.due()) {
          const double s = std::chrono::duration<double>(Clock::now() - start).count();
          char line[200];
          std::snprintf(line, sizeof line, "[sgf check] files %lld (%.0f files/s)  games %lld  rejected %lld",
                        static_cast<long long>(files), s > 0 ? files / s : 0.0,
                        static_cast<long long>(checker.games), static_cast<long long>(checker.rejected.count));
          progress.show(line);
        }
        return true;
      },
      [&](const std::string& name, const std::string& message) {
        progress.finish();
        std::cerr << "tengen sgf check: " << name << ": " << message << "\n";
        checker.input_errors.push_back({name, message});
      });
  progress.finish();
  return stats;
}

void print_report(const Checker& checker, const io::SgfSourceStats& stats, size_t inputs, double seconds, bool quiet) {
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.1f s", seconds);
  std::cout << "sgf check (rules: " << (checker.superko ? "positional superko" : "simple ko") << ")\n"
            << "inputs:             " << inputs << "\n"
            << "files read:         " << stats.files << " (" << stats.bytes << " bytes)\n"
            << "games read:         " << checker.games << "\n"
            << "moves replayed:     " << checker.moves << " (in accepted games)\n"
            << "games accepted:     " << checker.accepted << "\n"
            << "skipped (size):     " << checker.skipped.count << " (board size not 5..19)\n";
  if (checker.superko)
    std::cout << "superko only:       " << checker.superko_only.count
              << " (break only positional superko: legal under simple ko, see --rules simple)\n";
  std::cout << "rejected:           " << checker.rejected.count << "\n"
            << "input errors:       " << stats.input_errors << "\n"
            << "wall time:          " << wall << "\n";
  print_reasons(checker);
  print_outcome("rejected games", checker.rejected, !quiet);
  print_outcome("games that break only positional superko", checker.superko_only, !quiet);
  print_outcome("skipped games", checker.skipped, !quiet);
  if (!checker.input_errors.empty()) {
    std::cout << "\ninput errors:\n";
    for (const Listed& l : checker.input_errors) std::cout << "  " << l.name << ": " << l.reason << "\n";
  }
}

int run_check(int argc, char** argv) {
  po::options_description visible("Options");
  visible.add_options()
      ("help,h", "this text")
      ("quiet,q", "print only the summary, not the games one by one")
      ("max-report", po::value<int>()->default_value(50), "rejected games to list per class")
      ("rules", po::value<std::string>()->default_value("superko"),
       "superko: positional superko, as the engine plays (games that break only it are reported "
       "apart, being legal under Japanese rules); simple: simple ko only");
  std::vector<std::string> paths;
  po::variables_map vm;
  if (parse_options_and_inputs_or_help(argc, argv, visible, help_text("tengen sgf check"), &paths, &vm)) return 0;
  const std::string rules = vm["rules"].as<std::string>();
  const int max_report = vm["max-report"].as<int>();
  std::string problem = paths.empty()                             ? "no PATH given"
                        : rules != "superko" && rules != "simple" ? "--rules must be superko or simple"
                        : max_report < 0                          ? "--max-report must be 0 or more"
                                                                  : "";
  if (!problem.empty()) {
    std::cerr << "tengen sgf check: " << problem << "\n\n" << help_text("tengen sgf check") << visible;
    return 2;
  }
  const bool quiet = vm.count("quiet") > 0;

  Checker checker;
  checker.superko = rules == "superko";
  checker.max_report = static_cast<size_t>(max_report);
  const Clock::time_point start = Clock::now();
  const io::SgfSourceStats stats = check_paths(checker, paths);
  print_report(checker, stats, paths.size(), std::chrono::duration<double>(Clock::now() - start).count(), quiet);
  return stats.input_errors > 0 ? 1 : 0;
}

}  // namespace

int run_sgf(int argc, char** argv) { return dispatch_subcommand(argc, argv, help_text("tengen sgf"), {{"check", run_check}}); }

}  // namespace tengen::app
