#include "train/pattern_trainer.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cmath>

#include "engine/fast_rng.h"
#include "nn/softmax.h"

namespace tengen::nn {

namespace {

// Game indices in a seeded Fisher-Yates order (std::shuffle's algorithm is not specified).
std::vector<size_t> shuffled_games(size_t n, uint64_t seed) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  FastRng rng(seed);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(static_cast<uint32_t>(i))]);
  return order;
}

// Legal candidate moves (simple ko) of the side to move, the played one included.
int legal_candidates(const Board& b, std::array<Point, kMaxPoints>& out) {
  int n = 0;
  for (int i = 0; i < b.num_empty(); ++i) {
    const Point p = b.empty_at(i);
    if (b.is_legal(p)) out[n++] = p;
  }
  return n;
}

// Harvest counts: Abseil's Swiss table (millions of distinct patterns; the dictionary is sorted, so
// the map's order never shows).
using Counts = absl::flat_hash_map<uint64_t, uint32_t>;

std::vector<uint64_t> dictionary(const Counts& raw, uint64_t (*canonical)(uint64_t), int min_count) {
  absl::flat_hash_map<uint64_t, uint64_t> merged;
  for (const auto& [key, count] : raw) merged[canonical(key)] += count;
  std::vector<uint64_t> keys;
  for (const auto& [key, count] : merged)
    if (count >= static_cast<uint64_t>(min_count)) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Runs fn over positions of the games in `order` until `limit` positions (limit < 0: all).
template <typename F>
int64_t for_positions(const std::vector<GameRecord>& games, const std::vector<size_t>& order, int64_t limit, F fn) {
  int64_t done = 0;
  for (size_t g : order) {
    if (limit >= 0 && done >= limit) break;
    for_each_position(games[g], [&](const PatternBoard& pb, Point played, int move_number) {
      if (limit >= 0 && done >= limit) return;
      fn(pb, played, move_number);
      ++done;
    });
  }
  return done;
}

}  // namespace

void for_each_position(const GameRecord& game, const std::function<void(const PatternBoard&, Point, int)>& fn) {
  Board board(game.size);
  for (uint16_t code : game.setup) {
    const Move m = decode_move(code);
    if (!board.place_setup_stone(m.point, m.color)) return;
  }
  if (game.moves.empty()) return;
  board.set_to_move(decode_move(game.moves[0]).color);
  PatternBoard pb(board);
  for (size_t i = 0; i < game.moves.size(); ++i) {
    const Move m = decode_move(game.moves[i]);
    if (m.color != pb.to_move() || !pb.board().is_legal(m.point)) return;
    if (m.point != kPass) fn(pb, m.point, static_cast<int>(i) + 1);
    pb.play(m.point);
  }
}

namespace {

// Phase 1: the pattern dictionaries (the patterns seen at least min_count times around the candidate
// moves of the harvest positions), as a policy with zero weights.
PatternPolicy harvest(const std::vector<GameRecord>& games, const PatternTrainOptions& options,
                      const std::function<void(const PatternTrainProgress&)>& progress) {
  const bool tree = options.kind == PatternPolicyKind::kTree;
  const std::vector<size_t> order = shuffled_games(games.size(), options.seed);
  std::array<Point, kMaxPoints> cands;
  Counts raw3, raw_response, raw_diamond;
  PatternTrainProgress pr;
  pr.phase = "harvest";
  pr.total = options.harvest_positions;
  for_positions(games, order, options.harvest_positions, [&](const PatternBoard& pb, Point, int) {
    const Board& b = pb.board();
    const Color mover = b.to_move();
    const Point last = pb.last_move();
    const bool has_last = last != kPass && last != kNoPoint;
    const uint64_t last_diamond = has_last ? compute_diamond(b, last) : 0;
    const int n = legal_candidates(b, cands);
    for (int i = 0; i < n; ++i) {
      const Point a = cands[i];
      ++raw3[raw_key3(pb.code3(a), mover)];
      if (has_last) {
        const int dx = point_x(a) - point_x(last), dy = point_y(a) - point_y(last);
        if (std::abs(dx) + std::abs(dy) <= 2) ++raw_response[raw_key_response(last_diamond, diamond_index(dx, dy), mover)];
      }
      if (tree) ++raw_diamond[raw_key_diamond(compute_diamond(b, a), mover)];
    }
    if (++pr.done % 20000 == 0 && progress) progress(pr);
  });
  return PatternPolicy(options.kind, dictionary(raw3, canonical_key3, options.min_count),
                       dictionary(raw_response, canonical_key_response, options.min_count),
                       tree ? dictionary(raw_diamond, canonical_key_diamond, options.min_count) : std::vector<uint64_t>{});
}

// Phase 2: AdaGrad on the log-likelihood of the played moves, one position at a time. Holds the
// per-weight squared-gradient sums and scratch space; updates the policy's weights in place.
class AdaGradFit {
 public:
  AdaGradFit(PatternPolicy& policy, double lr)
      : policy_(policy), w_(policy.mutable_weights()), sum_sq_(w_.size(), 0.0f), grad_(w_.size(), 0.0f),
        lr_(static_cast<float>(lr)) {}

  // One position's update; false (no update) when the played move is not among the candidates.
  // `loss`: the played move's log-loss; `correct`: whether it had the highest score.
  bool step(const PatternBoard& pb, Point played, double* loss, bool* correct) {
    const LocalContext ctx = make_local_context(pb);
    const int n = legal_candidates(pb.board(), cands_);
    double best = -1e30;
    int played_i = -1, argmax = 0;
    for (int i = 0; i < n; ++i) {
      policy_.features(pb, ctx, cands_[i], feats_[i]);
      double s = 0;
      for (int k = 0; k < feats_[i].n; ++k) s += w_[feats_[i].index[k]];
      prob_[i] = s;
      if (s > best) {
        best = s;
        argmax = i;
      }
      if (cands_[i] == played) played_i = i;
    }
    if (played_i < 0) return false;
    const double z = exp_shifted(prob_.data(), static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) prob_[i] /= z;
    *loss = -std::log(std::max(prob_[played_i], 1e-30));
    *correct = argmax == played_i;
    update(n, played_i);
    return true;
  }

 private:
  // The gradient of the log-loss (softmax minus the played move's indicator) on each active feature.
  void update(int n, int played_i) {
    touched_.clear();
    for (int i = 0; i < n; ++i) {
      const float g = static_cast<float>(prob_[i]) - (i == played_i ? 1.0f : 0.0f);
      for (int k = 0; k < feats_[i].n; ++k) {
        const int32_t f = feats_[i].index[k];
        if (grad_[f] == 0.0f) touched_.push_back(f);
        grad_[f] += g;
      }
    }
    for (int32_t f : touched_) {
      const float g = grad_[f];
      grad_[f] = 0.0f;
      sum_sq_[f] += g * g;
      if (sum_sq_[f] > 0) w_[f] -= lr_ * g / std::sqrt(sum_sq_[f]);
    }
  }

  PatternPolicy& policy_;
  std::vector<float>& w_;
  std::vector<float> sum_sq_, grad_;
  const float lr_;
  std::vector<int32_t> touched_;
  std::array<Point, kMaxPoints> cands_;
  std::array<ActiveFeatures, kMaxPoints> feats_;
  std::array<double, kMaxPoints> prob_;
};

}  // namespace

PatternPolicy train_pattern_policy(const std::vector<GameRecord>& games, const PatternTrainOptions& options,
                                   const std::function<void(const PatternTrainProgress&)>& progress) {
  PatternPolicy policy = harvest(games, options, progress);
  AdaGradFit fit(policy, options.learning_rate);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const std::vector<size_t> epoch_order = shuffled_games(games.size(), options.seed + 1 + static_cast<uint64_t>(epoch));
    PatternTrainProgress fp;
    fp.phase = "fit";
    fp.epoch = epoch + 1;
    fp.total = options.positions;
    double loss_sum = 0;
    int64_t correct = 0;
    auto report = [&] {
      fp.mean_loss = loss_sum / static_cast<double>(fp.done);
      fp.accuracy = static_cast<double>(correct) / static_cast<double>(fp.done);
      progress(fp);
    };
    for_positions(games, epoch_order, options.positions, [&](const PatternBoard& pb, Point played, int) {
      double loss = 0;
      bool top = false;
      if (!fit.step(pb, played, &loss, &top)) return;
      loss_sum += loss;
      correct += top;
      if (++fp.done % 20000 == 0 && progress) report();
    });
    if (progress && fp.done > 0 && fp.done % 20000 != 0) report();
  }
  policy.finalize();
  return policy;
}

PolicyEvalStats evaluate_pattern_policy(const PatternPolicy& policy, const std::vector<GameRecord>& games,
                                        int64_t max_positions) {
  PolicyEvalStats stats;
  std::vector<size_t> order(games.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::array<Point, kMaxPoints> cands;
  std::array<double, kMaxPoints> scores;
  std::vector<float> probs;
  for_positions(games, order, max_positions, [&](const PatternBoard& pb, Point played, int move_number) {
    const Board& b = pb.board();
    const int size = b.size();
    probs.assign(static_cast<size_t>(size * size), 0.0f);
    const LocalContext ctx = make_local_context(pb);
    const int n = legal_candidates(b, cands);
    for (int i = 0; i < n; ++i) scores[i] = policy.score(pb, ctx, cands[i]);
    const double z = exp_shifted(scores.data(), static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
      probs[static_cast<size_t>(point_y(cands[i]) * size + point_x(cands[i]))] = static_cast<float>(scores[i] / z);
    stats.add(probs.data(), size * size, point_y(played) * size + point_x(played), move_number);
  });
  return stats;
}

}  // namespace tengen::nn
