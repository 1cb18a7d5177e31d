#include "selfplay/policy_game.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "engine/features.h"
#include "engine/random_playout.h"
#include "engine/symmetry.h"
#include "nn/softmax.h"

namespace tengen::nn {

namespace {

// One game in flight and its private randomness.
struct Slot {
  Game game;
  FastRng rng;
  int symmetry = 0;
  PolicyGame result;
  bool done = false;
  Slot(int size, double komi, uint64_t seed) : game(size, GameRules{komi}), rng(seed) {}
};

uint64_t mix(uint64_t a, uint64_t b) {
  FastRng r(a ^ (b * 0x9E3779B97F4A7C15ull));
  return r.next();
}

// Who plays the next move of `plan`'s game at move number `next` (1-based): null for the random move.
const PolicyPlayer* player_for(const GamePlan& plan, const Game& game, int next) {
  if (plan.random_move_at > 0) {
    if (next < plan.random_move_at) return &plan.opening;
    if (next == plan.random_move_at) return nullptr;
  }
  return game.to_move() == Color::kBlack ? &plan.black : &plan.white;
}

// A uniformly random legal point (eye-filling included), kPass if there is none.
Point random_legal_move(const Game& game, FastRng& rng) {
  std::vector<Point> legal;
  const Board& b = game.board();
  for (int i = 0; i < b.num_empty(); ++i)
    if (game.is_legal(b.empty_at(i))) legal.push_back(b.empty_at(i));
  return legal.empty() ? kPass : legal[rng.below(static_cast<uint32_t>(legal.size()))];
}

// Samples from softmax(logits / T) over the playable moves; kPass when there is none.
Point sample_move(const Game& game, const EvalOutput& out, int symmetry, double temperature, FastRng& rng) {
  const std::vector<Point> moves = playable_moves(game);
  if (moves.empty()) return kPass;
  const int size = game.size();
  std::vector<double> w(moves.size());
  for (size_t i = 0; i < moves.size(); ++i) {
    const Point t = apply_symmetry(moves[i], symmetry, size);
    w[i] = out.logits[static_cast<size_t>(point_y(t) * size + point_x(t))];
  }
  const double z = exp_shifted(w.data(), w.size(), std::max(1e-6, temperature));
  double r = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 * z;
  for (size_t i = 0; i < moves.size(); ++i) {
    r -= w[i];
    if (r < 0) return moves[i];
  }
  return moves.back();
}

void finish(Slot& s, bool capped) {
  s.done = true;
  s.result.record = record_of(s.game);
  s.result.score = s.game.area_score();
  s.result.hit_move_cap = capped;
  if (capped) s.result.record.winner = 0;
  // A value game that ended before its random move has no position of interest.
}

}  // namespace

std::vector<Point> playable_moves(const Game& game) {
  std::vector<Point> moves;
  const Board& b = game.board();
  const Color c = game.to_move();
  for (int i = 0; i < b.num_empty(); ++i) {
    const Point p = b.empty_at(i);
    if (b.is_playout_move(p, c) && game.is_legal(p, c)) moves.push_back(p);
  }
  std::sort(moves.begin(), moves.end());  // independent of the board's empty-list order
  return moves;
}

GameRecord record_of(const Game& game) {
  GameRecord r;
  r.size = static_cast<uint8_t>(game.size());
  r.komi = static_cast<float>(game.komi());
  r.handicap = static_cast<uint8_t>(game.handicap());
  const Board& setup = game.setup_board();
  for (int y = 0; y < game.size(); ++y)
    for (int x = 0; x < game.size(); ++x) {
      const Point p = make_point(x, y);
      const Color c = setup.at(p);
      if (c == Color::kBlack || c == Color::kWhite) r.setup.push_back(encode_move(Move{c, p}));
    }
  for (const Move& m : game.moves()) r.moves.push_back(encode_move(m));
  const double score = game.area_score();
  r.winner = static_cast<int8_t>(score > 0 ? 1 : score < 0 ? -1 : 0);
  r.id = game_id(r.size, r.setup, r.moves);
  return r;
}

namespace {

// Every plan has policy players for its colours (and its opening) on this board size; throws
// std::invalid_argument otherwise.
void check_plans(const std::vector<GamePlan>& plans, int size) {
  for (const GamePlan& plan : plans) {
    for (const PolicyPlayer* p : {&plan.black, &plan.white})
      if (!p->evaluator || !p->evaluator->has_policy())
        throw std::invalid_argument("play_policy_games: every game needs policy evaluators for both colours");
    if (plan.random_move_at > 0 && (!plan.opening.evaluator || !plan.opening.evaluator->has_policy()))
      throw std::invalid_argument("play_policy_games: a value game needs an opening policy");
  }
  for (const GamePlan& plan : plans)
    for (const Evaluator* e : {plan.black.evaluator, plan.white.evaluator, plan.opening.evaluator})
      if (e && e->board_size() != size)
        throw std::invalid_argument("play_policy_games: a " + std::to_string(e->board_size()) +
                                    "x" + std::to_string(e->board_size()) + " network cannot play on " +
                                    std::to_string(size) + "x" + std::to_string(size));
}

using WaitingGames = std::map<std::pair<Evaluator*, double>, std::vector<size_t>>;

// Plays the random moves due and finishes the games that are over; the games then waiting for a
// network, grouped by (evaluator, temperature).
WaitingGames advance_to_network_moves(std::vector<Slot>& slots, const std::vector<GamePlan>& plans, int max_moves) {
  WaitingGames groups;
  for (size_t i = 0; i < slots.size(); ++i) {
    Slot& s = slots[i];
    while (!s.done) {
      const int next = s.game.move_number() + 1;
      if (s.game.is_over() || next > max_moves) {
        finish(s, !s.game.is_over());
        break;
      }
      const PolicyPlayer* who = player_for(plans[i], s.game, next);
      if (who) {
        groups[{who->evaluator, who->temperature}].push_back(i);
        break;
      }
      s.game.play(random_legal_move(s.game, s.rng));
      s.result.symmetries.push_back(255);
      s.result.sampled_position = next;
    }
  }
  return groups;
}

// One batch: the games in `members` evaluated together by `evaluator`, each playing a move sampled
// at `temperature` under the random symmetry it was evaluated in.
void play_network_moves(Evaluator* evaluator, double temperature, const std::vector<size_t>& members,
                        std::vector<Slot>& slots, const PolicyGameOptions& options) {
  const size_t n = members.size();
  const size_t plane_floats = static_cast<size_t>(kValuePlanes) * options.board_size * options.board_size;
  std::vector<float> planes(n * plane_floats);
  std::vector<EvalInput> inputs(n);
  std::vector<EvalOutput> outputs(n);
  for (size_t j = 0; j < n; ++j) {
    Slot& s = slots[members[j]];
    s.symmetry = options.random_symmetry ? static_cast<int>(s.rng.below(kNumSymmetries)) : 0;
    float* dst = planes.data() + j * plane_floats;
    extract_features(s.game, FeatureSet::kValue49, s.symmetry, dst);
    inputs[j] = EvalInput{dst, 0};
  }
  evaluator->evaluate(inputs.data(), static_cast<int>(n), outputs.data());
  for (size_t j = 0; j < n; ++j) {
    Slot& s = slots[members[j]];
    s.game.play(sample_move(s.game, outputs[j], s.symmetry, temperature, s.rng));
    s.result.symmetries.push_back(static_cast<uint8_t>(s.symmetry));
  }
}

}  // namespace

std::vector<PolicyGame> play_policy_games(const std::vector<GamePlan>& plans, const PolicyGameOptions& options,
                                          const std::function<void(int evaluated)>& on_step) {
  const int size = options.board_size;
  const int max_moves = options.max_moves > 0 ? options.max_moves : 3 * size * size;
  check_plans(plans, size);
  std::vector<Slot> slots;
  slots.reserve(plans.size());
  for (const GamePlan& plan : plans) slots.emplace_back(size, options.komi, mix(plan.seed, 0x5e1f));
  for (;;) {
    const WaitingGames groups = advance_to_network_moves(slots, plans, max_moves);
    if (groups.empty()) break;
    int evaluated = 0;
    for (const auto& [key, members] : groups) {
      play_network_moves(key.first, key.second, members, slots, options);
      evaluated += static_cast<int>(members.size());
    }
    if (on_step) on_step(evaluated);
  }
  std::vector<PolicyGame> games;
  games.reserve(slots.size());
  for (Slot& s : slots) games.push_back(std::move(s.result));
  return games;
}

}  // namespace tengen::nn
