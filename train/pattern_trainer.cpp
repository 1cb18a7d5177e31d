#include "train/pattern_trainer.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cmath>

#include "engine/random_playout.h"
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

PatternPolicy train_pattern_policy(const std::vector<GameRecord>& games, const PatternTrainOptions& options,
                                   const std::function<void(const PatternTrainProgress&)>& progress) {
  const bool tree = options.kind == PatternPolicyKind::kTree;
  const std::vector<size_t> order = shuffled_games(games.size(), options.seed);
  std::array<Point, kMaxPoints> cands;

  // 1. Harvest the dictionaries.
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
  PatternPolicy policy(options.kind, dictionary(raw3, canonical_key3, options.min_count),
                       dictionary(raw_response, canonical_key_response, options.min_count),
                       tree ? dictionary(raw_diamond, canonical_key_diamond, options.min_count) : std::vector<uint64_t>{});
  raw3 = {};
  raw_response = {};
  raw_diamond = {};

  // 2. Fit by AdaGrad on the log-likelihood of the played moves.
  std::vector<float>& w = policy.mutable_weights();
  std::vector<float> sum_sq(w.size(), 0.0f);
  std::vector<float> grad(w.size(), 0.0f);
  std::vector<int32_t> touched;
  std::array<ActiveFeatures, kMaxPoints> feats;
  std::array<double, kMaxPoints> prob;
  const float lr = static_cast<float>(options.learning_rate);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const std::vector<size_t> epoch_order = shuffled_games(games.size(), options.seed + 1 + static_cast<uint64_t>(epoch));
    PatternTrainProgress fp;
    fp.phase = "fit";
    fp.epoch = epoch + 1;
    fp.total = options.positions;
    double loss_sum = 0;
    int64_t correct = 0;
    for_positions(games, epoch_order, options.positions, [&](const PatternBoard& pb, Point played, int) {
      const LocalContext ctx = make_local_context(pb);
      const int n = legal_candidates(pb.board(), cands);
      double best = -1e30;
      int played_i = -1, argmax = 0;
      for (int i = 0; i < n; ++i) {
        policy.features(pb, ctx, cands[i], feats[i]);
        double s = 0;
        for (int k = 0; k < feats[i].n; ++k) s += w[feats[i].index[k]];
        prob[i] = s;
        if (s > best) {
          best = s;
          argmax = i;
        }
        if (cands[i] == played) played_i = i;
      }
      if (played_i < 0) return;
      const double z = exp_shifted(prob.data(), static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) prob[i] /= z;
      loss_sum += -std::log(std::max(prob[played_i], 1e-30));
      correct += argmax == played_i;
      touched.clear();
      for (int i = 0; i < n; ++i) {
        const float g = static_cast<float>(prob[i]) - (i == played_i ? 1.0f : 0.0f);
        for (int k = 0; k < feats[i].n; ++k) {
          const int32_t f = feats[i].index[k];
          if (grad[f] == 0.0f) touched.push_back(f);
          grad[f] += g;
        }
      }
      for (int32_t f : touched) {
        const float g = grad[f];
        grad[f] = 0.0f;
        sum_sq[f] += g * g;
        if (sum_sq[f] > 0) w[f] -= lr * g / std::sqrt(sum_sq[f]);
      }
      ++fp.done;
      if (fp.done % 20000 == 0 && progress) {
        fp.mean_loss = loss_sum / static_cast<double>(fp.done);
        fp.accuracy = static_cast<double>(correct) / static_cast<double>(fp.done);
        progress(fp);
      }
    });
    if (progress && fp.done > 0 && fp.done % 20000 != 0) {
      fp.mean_loss = loss_sum / static_cast<double>(fp.done);
      fp.accuracy = static_cast<double>(correct) / static_cast<double>(fp.done);
      progress(fp);
    }
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
