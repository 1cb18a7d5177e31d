#include "analysis/response.h"

namespace tengen::analysis {

namespace {

using nlohmann::json;

// Whether the answer's values are White's (else Black's) in a position with `to_move` to play.
bool white_view(Perspective perspective, Color to_move) {
  return perspective == Perspective::kWhite || (perspective == Perspective::kSideToMove && to_move == Color::kWhite);
}
// Whether values for the side to move must be turned round for the perspective asked.
bool flips(Perspective perspective, Color to_move) {
  return white_view(perspective, to_move) != (to_move == Color::kWhite);
}

json move_infos(const mcts::Search& search, const Game& game, bool flip, double score_sign) {
  json infos = json::array();
  int order = 0;
  for (const mcts::ChildStats& c : search.root_children()) {
    if (c.visits <= 0) break;  // by visits, most first
    json pv = json::array();
    for (Point p : search.principal_variation(c.move)) pv.push_back(point_to_gtp(p, game.size()));
    // The bound turns round with the perspective: a lower bound for the mover is an upper one for
    // the other side, as KataGo reports it.
    infos.push_back({{"move", point_to_gtp(c.move, game.size())},
                     {"visits", c.visits},
                     {"winrate", flip ? 1.0 - c.win_rate() : c.win_rate()},
                     {"prior", c.prior},
                     {"scoreLead", score_sign * c.score_mean},
                     {"scoreMean", score_sign * c.score_mean},  // KataGo's older name of the same
                     {"lcb", flip ? 1.0 - c.win_rate_lcb() : c.win_rate_lcb()},
                     {"order", order++},
                     {"pv", pv}});
  }
  return infos;
}

// A game that is over (two passes) has no moves to search: its one line is "pass", which keeps the
// result, scored by area (a client reading the top move finds one; issue 35: it found none).
json finished_move_infos(const mcts::Search& search, const Game& game, bool flip, double score_sign) {
  const double win = mcts::finished_win_rate(game);
  const double black_lead = game.area_score();
  return json::array({{{"move", "pass"}, {"visits", search.root_visits()}, {"winrate", flip ? 1.0 - win : win},
                       {"prior", 1.0}, {"scoreLead", score_sign * black_lead}, {"scoreMean", score_sign * black_lead},
                       {"lcb", flip ? 1.0 - win : win}, {"order", 0}, {"pv", json::array({"pass"})}}});
}

json root_info(const mcts::Search& search, const Game& game, Perspective perspective) {
  // The root's value and score as its children's, weighted by visits and by scored rollouts (the
  // root keeps no statistics of its own); a finished game's, its area score.
  int64_t visits = 0, scored = 0;
  double win_sum = 0, score_sum = 0;
  for (const mcts::ChildStats& c : search.root_children()) {
    visits += c.visits;
    win_sum += c.visits * c.win_rate();
    scored += c.scored;
    score_sum += c.scored * c.score_mean;
  }
  double win = visits > 0 ? win_sum / visits : 0.5;
  double black_lead = scored > 0 ? score_sum / scored : 0.0;
  if (game.is_over()) {
    visits = search.root_visits();
    win = mcts::finished_win_rate(game);
    black_lead = game.area_score();
  }
  const bool flip = flips(perspective, game.to_move());
  return {{"visits", visits},
          {"winrate", flip ? 1.0 - win : win},
          {"scoreLead", white_view(perspective, game.to_move()) ? -black_lead : black_lead},
          {"currentPlayer", game.to_move() == Color::kBlack ? "B" : "W"}};
}

// S*S values, row by row from the top left (A19 first), as KataGo lists them.
template <typename ValueAt>
json board_array(const Game& game, ValueAt value_at) {
  json out = json::array();
  for (int y = 0; y < game.size(); ++y)
    for (int x = 0; x < game.size(); ++x) out.push_back(value_at(make_point(x, y)));
  return out;
}

}  // namespace

json analysis_answer(const std::string& id, int turn, const Game& game, const mcts::Search& search,
                     const AnswerExtras& extras, Perspective perspective, bool during_search) {
  const bool flip = flips(perspective, game.to_move());
  json answer = {{"id", id},
                 {"turnNumber", turn},
                 {"isDuringSearch", during_search},
                 {"moveInfos", (game.is_over() ? finished_move_infos : move_infos)(
                                   search, game, flip, white_view(perspective, game.to_move()) ? -1.0 : 1.0)},
                 {"rootInfo", root_info(search, game, perspective)}};
  if (extras.ownership) {
    const float sign = white_view(perspective, game.to_move()) ? -1.0f : 1.0f;
    answer["ownership"] = board_array(game, [&](Point p) { return sign * (*extras.ownership)[p]; });
  }
  if (extras.policy) {
    const std::vector<float>& policy = *extras.policy;
    json values = board_array(game, [&](Point p) { return game.is_legal(p) ? policy[p] : -1.0f; });
    values.push_back(0.0f);  // pass: the network has no pass output (the search's pass prior is a constant)
    answer["policy"] = std::move(values);
  }
  return answer;
}

std::string answer_line(const json& answer) {
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

json no_results_answer(const std::string& id, int turn) {
  return {{"id", id}, {"isDuringSearch", false}, {"noResults", true}, {"turnNumber", turn}};
}

}  // namespace tengen::analysis
