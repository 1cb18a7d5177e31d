#include "gtp/analysis_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>

namespace tengen::gtp {

std::string info_lines(const mcts::Search& search, const Game& game, AnalysisFormat format) {
  const int size = game.size();
  std::string text;
  int order = 0;
  for (const mcts::ChildStats& c : search.root_children()) {
    if (c.visits <= 0 || order >= 20) break;  // GUIs show the top few; long lines cost time
    const double win = c.win_rate(), lcb = c.win_rate_lcb();
    char head[200];
    if (format == AnalysisFormat::kLeela)
      std::snprintf(head, sizeof head, "%sinfo move %s visits %d winrate %d prior %d lcb %d order %d pv",
                    text.empty() ? "" : " ", point_to_gtp(c.move, size).c_str(), c.visits,
                    static_cast<int>(std::lround(10000 * win)), static_cast<int>(std::lround(10000 * c.prior)),
                    static_cast<int>(std::lround(10000 * lcb)), order);
    else
      std::snprintf(head, sizeof head,
                    "%sinfo move %s visits %d winrate %.6f scoreLead %.2f prior %.6f lcb %.6f order %d pv",
                    text.empty() ? "" : " ", point_to_gtp(c.move, size).c_str(), c.visits, win,
                    game.to_move() == Color::kBlack ? c.score_mean : -c.score_mean, c.prior, lcb, order);
    ++order;
    text += head;
    for (Point p : search.principal_variation(c.move)) text += " " + point_to_gtp(p, size);
  }
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
