#include "gtp/analysis_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>

namespace tengen::gtp {

namespace {

constexpr size_t kDefaultMoves = 20;  // GUIs show the top few; long lines cost time

// The root moves to report: the visited ones by visits, then, for minmoves, unvisited ones by prior;
// none before any visit.
std::vector<mcts::ChildStats> reported_moves(const mcts::Search& search, const InfoOptions& o) {
  std::vector<mcts::ChildStats> all = search.root_children();
  const auto unvisited = std::stable_partition(all.begin(), all.end(), [](const mcts::ChildStats& c) { return c.visits > 0; });
  const size_t visited = static_cast<size_t>(unvisited - all.begin());
  if (visited == 0) return {};
  std::stable_sort(unvisited, all.end(), [](const mcts::ChildStats& a, const mcts::ChildStats& b) { return a.prior > b.prior; });
  const size_t wanted = std::max(visited, static_cast<size_t>(o.min_moves));
  const size_t cap = o.max_moves > 0 ? static_cast<size_t>(o.max_moves) : std::max(kDefaultMoves, static_cast<size_t>(o.min_moves));
  all.resize(std::min({all.size(), wanted, cap}));
  return all;
}

std::string info_head(const mcts::ChildStats& c, const Game& game, AnalysisFormat format, int order) {
  const double win = c.win_rate(), lcb = c.win_rate_lcb();
  const std::string move = point_to_gtp(c.move, game.size());
  char head[200];
  if (format == AnalysisFormat::kLeela)
    std::snprintf(head, sizeof head, "info move %s visits %d winrate %d prior %d lcb %d order %d pv", move.c_str(),
                  c.visits, static_cast<int>(std::lround(10000 * win)), static_cast<int>(std::lround(10000 * c.prior)),
                  static_cast<int>(std::lround(10000 * lcb)), order);
  else
    std::snprintf(head, sizeof head, "info move %s visits %d winrate %.6f scoreLead %.2f prior %.6f lcb %.6f order %d pv",
                  move.c_str(), c.visits, win, game.to_move() == Color::kBlack ? c.score_mean : -c.score_mean, c.prior,
                  lcb, order);
  return head;
}

// " M M M" and, when asked, " pvVisits V V V"; an unvisited move's pv is the move alone (0 visits).
std::string pv_text(const mcts::Search& search, const mcts::ChildStats& c, int size, bool with_visits) {
  std::vector<Point> pv = search.principal_variation(c.move);
  std::vector<int> visits = with_visits ? search.principal_variation_visits(c.move) : std::vector<int>{};
  if (pv.empty()) {
    pv = {c.move};
    visits = {0};
  }
  std::string text;
  for (Point p : pv) text += " " + point_to_gtp(p, size);
  if (with_visits) {
    text += " pvVisits";
    for (int v : visits) text += " " + std::to_string(v);
  }
  return text;
}

// KataGo's rootInfo: the position's own statistics, from the root moves' (visit-weighted win rate,
// rollout-weighted score), for the side to move.
std::string root_info(const mcts::Search& search, const Game& game) {
  double visits = 0, q = 0, score = 0, scored = 0;
  for (const mcts::ChildStats& c : search.root_children()) {
    visits += c.visits;
    q += c.visits * c.q;
    score += c.scored * c.score_mean;
    scored += c.scored;
  }
  const double lead = (scored > 0 ? score / scored : 0.0) * (game.to_move() == Color::kBlack ? 1 : -1);
  char text[160];
  std::snprintf(text, sizeof text, " rootInfo visits %lld winrate %.6f scoreLead %.2f",
                static_cast<long long>(search.root_visits()), visits > 0 ? (q / visits + 1) / 2 : 0.5, lead);
  return text;
}

}  // namespace

std::string info_lines(const mcts::Search& search, const Game& game, const InfoOptions& options) {
  const bool kata = options.format == AnalysisFormat::kKata;
  std::string text;
  int order = 0;
  for (const mcts::ChildStats& c : reported_moves(search, options)) {
    text += (text.empty() ? "" : " ") + info_head(c, game, options.format, order++);
    text += pv_text(search, c, game.size(), kata && options.pv_visits);
  }
  if (!text.empty() && kata && options.root_info) text += root_info(search, game);
  return text;
}

std::string kata_ownership(const mcts::Ownership& own, const Game& game) {
  const float side = game.to_move() == Color::kBlack ? 1.0f : -1.0f;  // +1: Black's, as estimated
  std::string text = " ownership";
  char value[16];
  for (int y = 0; y < game.size(); ++y)
    for (int x = 0; x < game.size(); ++x) {
      std::snprintf(value, sizeof value, " %.4f", side * own[make_point(x, y)]);
      text += value;
    }
  return text;
}

std::string gogui_policy(const std::vector<float>& p, int board_size) {
  const float best = *std::max_element(p.begin(), p.end());
  std::vector<std::pair<float, Point>> top;
  std::string text = "INFLUENCE";
  for (int q = 0; q < kPadded; ++q) {
    if (p[q] <= 0) continue;
    char v[24];
    std::snprintf(v, sizeof v, " %.3f", best > 0 ? p[q] / best : 0.0f);
    text += " " + point_to_gtp(static_cast<Point>(q), board_size) + v;
    top.emplace_back(p[q], static_cast<Point>(q));
  }
  std::sort(top.rbegin(), top.rend());
  text += "\nLABEL";
  for (size_t i = 0; i < top.size() && i < 5; ++i)
    text += " " + point_to_gtp(top[i].second, board_size) + " " +
            std::to_string(static_cast<int>(std::lround(100 * top[i].first))) + "%";
  return text;
}

std::string gogui_visits(const mcts::Search& search) {
  const int size = search.root_game().size();
  std::string text = "LABEL";
  for (const mcts::ChildStats& c : search.root_children())
    if (c.visits > 0 && c.move != kPass) text += " " + point_to_gtp(c.move, size) + " " + std::to_string(c.visits);
  return text;
}

std::string gogui_pv(const mcts::Search& search) {
  const int size = search.root_game().size();
  std::string text = "VAR";
  Color c = search.root_game().to_move();
  for (Point p : search.principal_variation(search.root_children()[0].move)) {
    text += std::string(" ") + (c == Color::kBlack ? "b " : "w ") + point_to_gtp(p, size);
    c = opponent(c);
  }
  return text;
}

// Tengen keeps the value-net and rollout statistics apart, as AlphaGo does (docs/ALPHAGO.md §6).
std::string gogui_estimates(const mcts::Search& search) {
  const int size = search.root_game().size();
  const std::vector<mcts::ChildStats> children = search.root_children();
  std::string text;
  for (size_t i = 0; i < children.size() && i < 8 && children[i].visits > 0; ++i) {
    const mcts::ChildStats& c = children[i];
    char line[200];
    std::snprintf(line, sizeof line, "%-5s visits %6d  value net %s  rollouts %5.1f%% (%d)  mixed %5.1f%%\n",
                  point_to_gtp(c.move, size).c_str(), c.visits,
                  c.value_visits > 0 ? (std::to_string(static_cast<int>(std::lround(50 * (c.value_mean + 1)))) + "% (" +
                                        std::to_string(c.value_visits) + ")").c_str()
                                     : "none",
                  50 * (c.rollout_mean + 1), c.visits, 50 * (c.q + 1));
    text += line;
  }
  return text;
}

std::string gogui_ownership(const mcts::Ownership& own, const Board& board) {
  std::string text = "INFLUENCE";
  for (int q = 0; q < kPadded; ++q)
    if (board.on_board(static_cast<Point>(q))) {
      char v[24];
      std::snprintf(v, sizeof v, " %.2f", own[q]);
      text += " " + point_to_gtp(static_cast<Point>(q), board.size()) + v;
    }
  return text;
}

std::string board_diagram(const Game& game) {
  const Board& b = game.board();
  const int n = b.size();
  std::string cols = "   ";
  for (int x = 0; x < n; ++x) cols += std::string(1, static_cast<char>('A' + x + (x >= 8))) + " ";
  std::ostringstream out;
  out << cols << "\n";
  const Point last = game.moves().empty() ? kNoPoint : game.moves().back().point;
  for (int y = 0; y < n; ++y) {
    const int row = n - y;
    out << (row < 10 ? " " : "") << row << " ";
    for (int x = 0; x < n; ++x) {
      const Point p = make_point(x, y);
      const Color c = b.at(p);
      out << (c == Color::kBlack ? 'X' : c == Color::kWhite ? 'O' : '.') << (p == last ? ')' : ' ');
    }
    out << row;
    if (y == 0) out << "    Black (X) has captured " << b.captures(Color::kBlack) << " stones";
    if (y == 1) out << "    White (O) has captured " << b.captures(Color::kWhite) << " stones";
    if (y == 2) out << "    " << color_name(b.to_move()) << " to move, komi " << game.komi();
    out << "\n";
  }
  out << cols;
  return out.str();
}

}  // namespace tengen::gtp
