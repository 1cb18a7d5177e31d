// `tengen bench analysis`: positions analysed per second by the JSON analysis engine (`tengen
// analysis`), in-process: one query asks for every turn of a game at --max-visits, and the time from
// submitting it to the last answer is measured. The game is the main line of --sgf, or a seeded
// game of random legal moves (no simple-eye fills) when none is given.
#include <boost/program_options.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis/analysis_engine.h"
#include "app/commands.h"
#include "app/help_text.h"
#include "app/search_networks_loader.h"
#include "app/search_options.h"
#include "app/subcommands.h"
#include "engine/fast_rng.h"
#include "engine/sgf.h"
#include "engine/text_file.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// The moves of a 19x19 game as [["B","Q16"], ...]: the SGF's main line, or `count` random legal moves.
nlohmann::json game_moves(const std::string& sgf_path, int count, uint64_t seed) {
  nlohmann::json moves = nlohmann::json::array();
  Game game(kMaxSize);
  if (!sgf_path.empty()) {
    std::string error;
    const auto text = read_file_capped(sgf_path, kMaxSgfFileBytes, &error);
    if (!text) throw std::runtime_error(sgf_path + ": " + error);
    const SgfParseResult parsed = parse_sgf(*text, sgf_path);
    if (parsed.error) throw std::runtime_error(parsed.error->to_string());
    if (parsed.games.empty()) throw std::runtime_error(sgf_path + ": no game in the file");
    if (const auto why = replay_sgf(parsed.games[0], game, GameRules{})) throw std::runtime_error(sgf_path + ": " + *why);
    for (const Move& m : game.moves())
      if (static_cast<int>(moves.size()) < count) moves.push_back({m.color == Color::kBlack ? "B" : "W", point_to_gtp(m.point, kMaxSize)});
    return moves;
  }
  FastRng rng(seed);
  for (int i = 0; i < count; ++i) {
    const Board& b = game.board();
    Point chosen = kPass;
    for (int tries = 0; tries < 100 && b.num_empty() > 0; ++tries) {
      const Point p = b.empty_at(static_cast<int>(rng.below(static_cast<uint32_t>(b.num_empty()))));
      if (b.is_playout_move(p, game.to_move()) && game.is_legal(p)) {
        chosen = p;
        break;
      }
    }
    moves.push_back({game.to_move() == Color::kBlack ? "B" : "W", point_to_gtp(chosen, kMaxSize)});
    game.play(chosen);
  }
  return moves;
}

}  // namespace

int run_bench_analysis(int argc, char** argv) {
  analysis::AnalysisSettings s;
  NetworkChoice networks;
  std::string sgf;
  int positions = 40;
  po::options_description opts("Options for `tengen bench analysis`");
  opts.add_options()("help,h", "this text")("positions", po::value<int>(&positions)->default_value(40),
                                            "turns of the game analysed (0 .. positions-1)")(
      "max-visits", po::value<int64_t>(&s.max_visits)->default_value(100), "simulations per position")(
      "analysis-threads", po::value<int>(&s.analysis_threads)->default_value(2), "positions searched at once")(
      "search-threads", po::value<int>(&s.search_threads)->default_value(1), "search threads per position")(
      "sgf", po::value<std::string>(&sgf), "analyse this 19x19 game's main line (default: a seeded random game)")(
      "seed", po::value<uint64_t>(&s.search.seed)->default_value(1), "search seed (and the random game's)");
  add_network_options(opts, networks);
  add_search_options(opts, s.search);
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench analysis"))) return 0;
  if (positions < 1 || s.max_visits < 1 || s.analysis_threads < 1 || s.search_threads < 1) {
    std::cerr << "tengen bench analysis: --positions, --max-visits and the thread counts must be at least 1\n";
    return 2;
  }
  if (const std::string why = network_choice_error(networks); !why.empty()) {
    std::cerr << "tengen bench analysis: " << why << "\n";
    return 2;
  }
  try {
    std::string summary;
    mcts::SearchNetworks nets = load_search_networks(networks, s.analysis_threads * s.search_threads, &summary);
    nlohmann::json moves = game_moves(sgf, positions - 1, s.search.seed);
    nlohmann::json query = {{"id", "bench"}, {"moves", moves}, {"rules", "chinese"}, {"komi", 7.5},
                            {"boardXSize", kMaxSize}, {"boardYSize", kMaxSize}, {"maxVisits", s.max_visits}};
    query["analyzeTurns"] = nlohmann::json::array();
    for (int t = 0; t <= static_cast<int>(moves.size()); ++t) query["analyzeTurns"].push_back(t);
    std::atomic<int64_t> visits{0}, answers{0};
    analysis::AnalysisEngine engine(nets, s, [&](const std::string& line) {
      const nlohmann::json a = nlohmann::json::parse(line);
      if (a.contains("rootInfo")) visits += a["rootInfo"]["visits"].get<int64_t>();
      if (a.value("id", "") == "bench") ++answers;
      else std::cerr << "tengen bench analysis: " << line << "\n";
    });
    std::cout << "bench analysis: " << summary << "\n";
    const auto start = std::chrono::steady_clock::now();
    engine.submit(query.dump());
    engine.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%lld positions at %lld visits, %d analysis x %d search threads: %.2f s, %.2f positions/s, %.0f simulations/s\n",
                static_cast<long long>(answers.load()), static_cast<long long>(s.max_visits), s.analysis_threads,
                s.search_threads, seconds, answers / seconds, visits / seconds);
  } catch (const std::exception& e) {
    std::cerr << "tengen bench analysis: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tengen::app
