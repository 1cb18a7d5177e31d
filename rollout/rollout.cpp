#include "rollout/rollout.h"

#include <cmath>

#include "engine/game.h"
#include "engine/nakade.h"

namespace tengen::nn {

RolloutPlayer::RolloutPlayer(const PatternPolicy& policy, uint64_t seed, int refuse_self_atari)
    : policy_(policy), rng_(seed), refuse_self_atari_(refuse_self_atari), pb_(Board(kMaxSize)) {
  reset(Board(kMaxSize));
}

void RolloutPlayer::refresh_cache(Point q) {
  const uint32_t code = pb_.code3(q);
  exp3_[0][q] = policy_.exp_pattern3(code, Color::kBlack);
  exp3_[1][q] = policy_.exp_pattern3(code, Color::kWhite);
}

void RolloutPlayer::reset(const Board& board, Point last, Point second_last) {
  pb_ = PatternBoard(board, last, second_last);
  for (int q = 0; q < kPadded; ++q)
    if (board.on_board(static_cast<Point>(q))) refresh_cache(static_cast<Point>(q));
}

void RolloutPlayer::play(Point p) {
  pb_.play(p);
  for (int i = 0; i < pb_.num_changed(); ++i) refresh_cache(pb_.changed(i));
}

double RolloutPlayer::weigh_moves(const LocalContext& ctx) const {
  const Board& b = pb_.board();
  const Color c = ctx.mover;
  const auto& cache = exp3_[color_index(c)];
  double total = 0;
  for (int i = 0; i < b.num_empty(); ++i) {
    const Point p = b.empty_at(i);
    const float w = b.is_playout_move(p, c) ? cache[p] : 0.0f;
    weight_[p] = w;
    total += w;
  }
  std::array<Point, 32> local;
  const int n = PatternPolicy::local_points(pb_, ctx, local);
  for (int i = 0; i < n; ++i) {
    const Point p = local[i];
    if (weight_[p] == 0.0f) continue;
    const float s = policy_.local_score(pb_, ctx, p);
    if (s == 0.0f) continue;
    const float w = weight_[p] * std::exp(s);
    total += w - weight_[p];
    weight_[p] = w;
  }
  return total;
}

Point RolloutPlayer::choose() {
  const LocalContext ctx = make_local_context(pb_);
  double total = weigh_moves(ctx);
  const Board& b = pb_.board();
  for (;;) {
    if (!(total > 0)) return kPass;
    double r = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53 * total;
    Point chosen = kPass;
    for (int i = 0; i < b.num_empty(); ++i) {
      const Point p = b.empty_at(i);
      if (weight_[p] <= 0.0f) continue;
      chosen = p;  // the last acceptable point absorbs rounding at the top end
      r -= weight_[p];
      if (r < 0) break;
    }
    if (chosen == kPass || refuse_self_atari_ <= 0 || !b.is_self_atari(chosen, ctx.mover, refuse_self_atari_) ||
        is_nakade_sacrifice(b, chosen, ctx.mover))
      return chosen;
    total -= weight_[chosen];  // struck out; draw again from the rest
    weight_[chosen] = 0.0f;
  }
}

RolloutPlayer::Result RolloutPlayer::run(int max_moves) {
  Result r;
  while (pb_.board().consecutive_passes() < 2 && r.moves < max_moves) {
    play(choose());
    ++r.moves;
  }
  r.area_difference = area_difference(pb_.board());
  return r;
}

void RolloutPlayer::move_probabilities(std::array<float, kPadded>& out) const {
  out.fill(0.0f);
  const LocalContext ctx = make_local_context(pb_);
  const double total = weigh_moves(ctx);
  if (!(total > 0)) return;
  const Board& b = pb_.board();
  for (int i = 0; i < b.num_empty(); ++i) {
    const Point p = b.empty_at(i);
    out[p] = static_cast<float>(weight_[p] / total);
  }
}

}  // namespace tengen::nn
