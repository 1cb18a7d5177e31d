// `tengen analysis`: KataGo's JSON analysis engine on stdin/stdout (analysis/analysis_engine.h), for
// KaTrain and web front-ends. Loads the networks as `tengen gtp` does (app/search_networks_loader.h)
// and reads one query per line until the end of the input.
#include <boost/program_options.hpp>
#include <iostream>

#include "analysis/analysis_engine.h"
#include "app/commands.h"
#include "app/help_text.h"
#include "app/search_networks_loader.h"
#include "app/search_options.h"
#include "app/subcommands.h"
#include "app/version.h"
#include "engine/text_file.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// A query is a game record in JSON: even a 1,000-move game with every option is under 64 KiB.
constexpr size_t kMaxQueryBytes = size_t{1} << 20;

struct AnalysisOptions {
  analysis::AnalysisSettings s;
  NetworkChoice networks;
  std::string report_as = "black";
  bool reproducible = false, quiet = false;
};

po::options_description analysis_options(AnalysisOptions& o) {
  po::options_description opts("Options for `tengen analysis`");
  opts.add_options()("help,h", "this text")(
      "analysis-threads", po::value<int>(&o.s.analysis_threads)->default_value(2),
      "positions searched at once (KataGo's numAnalysisThreads); they share the network's batches")(
      "search-threads", po::value<int>(&o.s.search_threads)->default_value(1),
      "search threads per position (KataGo's numSearchThreadsPerAnalysisThread)")(
      "max-visits", po::value<int64_t>(&o.s.max_visits)->default_value(500),
      "simulations per position when the query has no maxVisits")(
      "max-seconds", po::value<double>(&o.s.max_seconds)->default_value(0), "time limit per position (0: none)")(
      "ownership-rollouts", po::value<int>(&o.s.ownership_rollouts)->default_value(100),
      "rollouts behind each ownership map (includeOwnership)")(
      "report-winrates-as", po::value<std::string>(&o.report_as)->default_value("black"),
      "perspective of win rates, ownership and scoreLead: black (KataGo's analysis default), white or "
      "side-to-move")("quit-without-waiting", po::bool_switch(&o.s.quit_without_waiting),
                      "at the end of the input, terminate the positions still queued or searched (they answer "
                      "with what they have) instead of finishing them")(
      "seed", po::value<uint64_t>(&o.s.search.seed)->default_value(1), "search seed")(
      "reproducible", po::bool_switch(&o.reproducible),
      "wait for every network answer (with --analysis-threads 1 --search-threads 1 the same queries give "
      "the same answers; slower)")("quiet", po::bool_switch(&o.quiet), "nothing on stderr but errors");
  add_network_options(opts, o.networks);
  add_search_options(opts, o.s.search);
  return opts;
}

std::string settings_error(const AnalysisOptions& o) {
  const analysis::AnalysisSettings& s = o.s;
  const std::pair<bool, const char*> checks[] = {
      {s.analysis_threads >= 1 && s.analysis_threads <= 256, "--analysis-threads must be 1..256"},
      {s.search_threads >= 1 && s.search_threads <= 256, "--search-threads must be 1..256"},
      {s.max_visits >= 1, "--max-visits must be at least 1"},
      {s.max_seconds >= 0, "--max-seconds must be 0 (no limit) or more"},
      {s.ownership_rollouts >= 1 && s.ownership_rollouts <= 100000, "--ownership-rollouts must be 1..100000"},
      {o.report_as == "black" || o.report_as == "white" || o.report_as == "side-to-move",
       "--report-winrates-as must be black, white or side-to-move"}};
  for (const auto& [ok, why] : checks)
    if (!ok) return why;
  if (std::string why = network_choice_error(o.networks); !why.empty()) return why;
  return search_options_error(s.search);
}

int parse_analysis_options(int argc, char** argv, AnalysisOptions& o) {
  po::options_description opts = analysis_options(o);
  po::variables_map vm;
  if (parse_options_or_help(argc, argv, opts, help_text("tengen analysis"), &vm)) return 0;
  if (const std::string why = settings_error(o); !why.empty()) {
    std::cerr << "tengen analysis: " << why << "\n";
    return 2;
  }
  o.s.search.async_evaluation = !o.reproducible;
  // Sizes the policy network does not cover are searched as tengen gtp searches them.
  o.s.search_without_policy = search_params_without_policy(o.s.search, vm);
  o.s.report_as = o.report_as == "white"          ? analysis::Perspective::kWhite
                  : o.report_as == "side-to-move" ? analysis::Perspective::kSideToMove
                                                  : analysis::Perspective::kBlack;
  o.s.version = kVersion;
  return -1;
}

}  // namespace

int run_analysis(int argc, char** argv) {
  AnalysisOptions o;
  if (const int code = parse_analysis_options(argc, argv, o); code >= 0) return code;
  mcts::SearchNetworks networks;
  try {
    std::string summary;
    // The batch: every search thread of every position in flight, each with a few values pending.
    networks = load_search_networks(o.networks, o.s.analysis_threads * o.s.search_threads, &summary);
    if (!o.quiet)
      std::cerr << "tengen analysis: " << summary << "; " << o.s.analysis_threads << " positions at once, "
                << o.s.search_threads << " search threads each, " << o.s.max_visits << " visits by default\n"
                << "tengen analysis: ready for queries on standard input\n";
  } catch (const std::exception& e) {
    std::cerr << "tengen analysis: " << e.what() << "\n";
    return 1;
  }
  analysis::AnalysisEngine engine(networks, o.s, [](const std::string& line) { std::cout << line << '\n' << std::flush; });
  std::string line;
  for (LineRead r; (r = read_line_capped(std::cin, line, kMaxQueryBytes)) != LineRead::kEnd;) {
    if (r == LineRead::kTooLong)
      engine.reject_long_line(kMaxQueryBytes);
    else
      engine.submit(line);
  }
  engine.finish();
  return 0;
}

}  // namespace tengen::app
