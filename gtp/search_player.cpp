#include "gtp/search_player.h"

#include <algorithm>
#include <cmath>

#include <cstdio>
#include <ostream>

#include "mcts/policy_readout.h"

namespace tengen::gtp {

namespace {

// `game` continues `root`: same size, komi and set-up, and root's moves are a prefix of game's.
bool continues(const Game& root, const Game& game) {
  if (root.size() != game.size() || root.rules() != game.rules() ||  // a tree is built under one rule set
      root.setup_board().hash() != game.setup_board().hash() ||
      root.setup_board().to_move() != game.setup_board().to_move() || root.move_number() > game.move_number())
    return false;
  return std::equal(root.moves().begin(), root.moves().end(), game.moves().begin());
}

bool has_legal_stone_move(const Game& g) {
  const Board& b = g.board();
  for (int i = 0; i < b.num_empty(); ++i)
    if (g.is_legal(b.empty_at(i))) return true;
  return false;
}

// Below this win rate after the opponent has passed, the game is lost whatever we play.
constexpr double kDecidedWinRate = 0.1;

}  // namespace

SearchPlayer::SearchPlayer(mcts::SearchNetworks parts, PlayerSettings settings, std::ostream* log)
    : parts_(std::move(parts)), settings_(settings), log_(log) {}

mcts::Search& SearchPlayer::search_for(const Game& game, const mcts::MoveFilter& filter) {
  if (search_ && filter.empty() && search_->move_filter().empty() && continues(search_->root_game(), game)) {
    // Walk the tree down the moves played since (ours and the opponent's), keeping the subtree.
    Game step = search_->root_game();
    for (int i = step.move_number(); i < game.move_number(); ++i) {
      const Move m = game.moves()[static_cast<size_t>(i)];
      if (step.play(m.point, m.color) != MoveError::kNone) break;
      search_->advance(step);
    }
    if (search_->root_game().move_number() == game.move_number() && search_->root_game().to_move() == game.to_move())
      return *search_;
  }
  mcts::SearchParams params =
      mcts::params_for(game, parts_.evaluator.get(), settings_.search, settings_.search_without_policy);
  params.seed = settings_.search.seed + 0x9E3779B97F4A7C15ull * trees_built_++;  // tree 0 keeps the seed as given
  search_ = std::make_unique<mcts::Search>(game, params, parts_.evaluator.get(), parts_.rollout_policy.get(),
                                           parts_.tree_policy.get());
  search_->set_move_filter(filter);
  return *search_;
}

void SearchPlayer::set_settings(const PlayerSettings& settings, bool new_tree) {
  settings_ = settings;
  if (new_tree) search_.reset();
}

std::vector<float> SearchPlayer::policy(const Game& game) const {
  return mcts::policy_over_legal_points(parts_.evaluator.get(), game);
}

mcts::Verdict SearchPlayer::judge(const Game& game) const {
  const auto& m = game.moves();
  const Point last = m.empty() ? kNoPoint : m.back().point;
  const Point second = m.size() < 2 ? kNoPoint : m[m.size() - 2].point;
  const mcts::Ownership own =
      mcts::estimate_ownership(game.board(), last, second, parts_.rollout_policy.get(), settings_.ownership_rollouts, settings_.search.seed);
  return mcts::judge_strings(game.board(), own);
}

Decision SearchPlayer::genmove(const Game& game_in, Color color, const MoveClock& clock, bool cleanup,
                               const AnalysisStream* stream) {
  Game game = game_in;
  if (game.to_move() != color) game.set_to_move(color);
  Decision d;
  const auto& moves = game.moves();
  if (!has_legal_stone_move(game)) {
    d.reason = "no legal move";
    return d;
  }
  if (!cleanup && !moves.empty() && moves.back().point == kPass) {
    const mcts::Verdict v = judge(game);
    const double score = v.area_difference - game.white_compensation();
    if (v.unsettled.empty() && ((color == Color::kBlack && score > 0) || (color == Color::kWhite && score < 0))) {
      d.reason = "the opponent passed and passing wins by area, dead stones removed";
      d.win_rate = 1.0;
      if (log_) *log_ << "genmove " << color_name(color) << ": pass (" << d.reason << ")\n" << std::flush;
      return d;
    }
  }
  mcts::Search& search = search_for(game, stream ? stream->filter : mcts::MoveFilter{});
  const mcts::SearchResult r = run_search(search, game, clock, stream);
  d.move = r.best_move;
  d.stop_reason = r.stop_reason;
  d.stopped_after = r.stopped_after;
  d.win_rate = r.win_rate;
  d.simulations = r.simulations;
  d.seconds = r.seconds;
  d.principal_variation = r.principal_variation;
  const bool opponent_passed = !moves.empty() && moves.back().point == kPass;
  if (settings_.resign_below > 0 && game.move_number() >= settings_.resign_min_move && r.win_rate < settings_.resign_below) {
    d.move = kResign;
    d.reason = "win rate below the resignation threshold";
  } else if (cleanup && d.move == kPass) {
    for (const mcts::ChildStats& c : search.root_children())
      if (c.move != kPass && c.visits > 0) {
        d.move = c.move;
        d.reason = "cleanup: capturing instead of passing";
        break;
      }
  } else if (opponent_passed && r.win_rate < kDecidedWinRate) {
    // The game is decided against us: passing ends it instead of filling the board with stones.
    d.move = kPass;
    d.reason = "the opponent passed and no move turns the game";
  }
  if (log_) log_decision(color, d.move, r, game.size(), clock);
  return d;
}

mcts::SearchResult SearchPlayer::run_search(mcts::Search& search, const Game& game, const MoveClock& clock,
                                            const AnalysisStream* stream) {
  const double seconds = clock.planned;
  if (!stream) {
    mcts::SearchLimits limits{settings_.visits_per_move, seconds, interrupt_};
    limits.max_seconds = clock.maximum;
    limits.manage_time = clock.manage;
    limits.started = clock.started;
    return search.run(limits, settings_.threads);
  }
  // In rounds of stream->interval, an info line after each (the planned time, no early stop).
  mcts::SearchResult r;
  int64_t simulations = 0;
  double elapsed = 0;
  do {
    const int64_t visits_left = settings_.visits_per_move > 0 ? settings_.visits_per_move - simulations : 0;
    r = search.run(mcts::SearchLimits{visits_left, std::min(stream->interval, seconds - elapsed), interrupt_},
                   settings_.threads);
    simulations += r.simulations;
    elapsed += r.seconds;
    stream->emit(info_text(search, game, *stream));
  } while (elapsed < seconds && (settings_.visits_per_move == 0 || simulations < settings_.visits_per_move) &&
           !(interrupt_ && interrupt_->load()));
  r.simulations = simulations;
  r.seconds = elapsed;
  r.stopped_after = elapsed;
  return r;
}

void SearchPlayer::log_decision(Color color, Point move, const mcts::SearchResult& r, int board_size,
                                const MoveClock& clock) const {
  char line[160];
  std::snprintf(line, sizeof line, "genmove %s: %s  win %.1f%%  %lld simulations in %.1f s (%.0f/s)  nodes %lld  pv",
                color_name(color), move == kResign ? "resign" : point_to_gtp(move, board_size).c_str(),
                100.0 * r.win_rate, static_cast<long long>(r.simulations), r.seconds,
                r.seconds > 0 ? r.simulations / r.seconds : 0.0, static_cast<long long>(r.tree_nodes));
  *log_ << line;
  for (Point p : r.principal_variation) *log_ << ' ' << point_to_gtp(p, board_size);
  if (!clock.clock.empty()) {
    // The time decision: the clock, the plan and its limit, and why the search stopped when it did.
    std::snprintf(line, sizeof line, "\n  time: %s; planned %.2f s, maximum %.2f s; stopped after %.2f s (%s)",
                  clock.clock.c_str(), clock.planned, clock.maximum, r.stopped_after,
                  mcts::stop_reason_text(r.stop_reason));
    *log_ << line;
  }
  *log_ << "\n" << std::flush;
}

mcts::Ownership SearchPlayer::ownership(const Game& game, int rollouts) const {
  const auto& m = game.moves();
  const Point last = m.empty() ? kNoPoint : m.back().point;
  const Point second = m.size() < 2 ? kNoPoint : m[m.size() - 2].point;
  return mcts::estimate_ownership(game.board(), last, second, parts_.rollout_policy.get(), rollouts,
                                  settings_.search.seed);
}

std::string SearchPlayer::info_text(const mcts::Search& search, const Game& game, const AnalysisStream& stream) const {
  std::string text = info_lines(search, game, stream.info);
  if (!text.empty() && stream.ownership && stream.info.format == AnalysisFormat::kKata)
    text += kata_ownership(ownership(game, settings_.analysis_ownership_rollouts), game);
  return text;
}

void SearchPlayer::analyze(const Game& game_in, Color color, const AnalysisStream& stream, const std::atomic<bool>& stop) {
  Game game = game_in;
  if (game.to_move() != color) game.set_to_move(color);
  mcts::Search& search = search_for(game, stream.filter);
  do {  // at least one round, so even an immediately interrupted analysis reports something
    search.run(mcts::SearchLimits{0, stream.interval}, settings_.threads);
    const std::string text = info_text(search, game, stream);
    if (!text.empty()) stream.emit(text);
  } while (!stop.load());
}

}  // namespace tengen::gtp
