#include "rollout/rollout.h"

#include <cmath>

#include "engine/game.h"
#include "engine/nakade.h"

namespace tengen::nn {

struct RolloutPlayer::Snapshot {
  PatternBoard pb;
  int size;
  std::array<std::array<float, kPadded>, 2> base;
  std::array<std::array<double, kMaxSize>, 2> row_sum;
};

RolloutPlayer::RolloutPlayer(const PatternPolicy& policy, uint64_t seed, int refuse_self_atari)
    : policy_(policy), rng_(seed), refuse_self_atari_(refuse_self_atari), pb_(Board(kMaxSize)) {
  reset(Board(kMaxSize));
}

RolloutPlayer::~RolloutPlayer() = default;

void RolloutPlayer::save_root() {
  if (!root_) root_ = std::make_unique<Snapshot>(Snapshot{pb_, size_, base_, row_sum_});
  else *root_ = Snapshot{pb_, size_, base_, row_sum_};
}

void RolloutPlayer::restore_root() {
  pb_ = root_->pb;
  size_ = root_->size;
  base_ = root_->base;
  row_sum_ = root_->row_sum;
}

const RolloutPlayer::Exp3Entry& RolloutPlayer::exp3(uint32_t code) {
  Exp3Entry& e = exp3_cache_[(code * 0x9E3779B1u) >> (32 - kExp3CacheBits)];
  if (e.code != code) {
    e.code = code;
    e.exp[0] = policy_.exp_pattern3(code, Color::kBlack);
    e.exp[1] = policy_.exp_pattern3(code, Color::kWhite);
  }
  return e;
}

float RolloutPlayer::response_weight(uint64_t key) const {
  ResponseEntry& e = response_cache_[(key * 0x9E3779B97F4A7C15ull) >> (64 - kResponseCacheBits)];
  if (e.key != key) {
    e.key = key;
    e.weight = policy_.response_weight(key);
  }
  return e.weight;
}

void RolloutPlayer::refresh(Point q) {
  const uint32_t code = pb_.code3(q);
  const unsigned playout = pb_.board().at(q) == Color::kEmpty ? playout_colours_code3(code) : 0u;
  const Exp3Entry* e = playout != 0 ? &exp3(code) : nullptr;
  const int y = point_y(q);
  for (int ci = 0; ci < 2; ++ci) {
    const float w = playout >> ci & 1u ? e->exp[ci] : 0.0f;
    // Floats added to a double are exact while the smallest weight and a row's sum are less than
    // 2^29 apart (the shipped policy's exp(w) span e^-10.1..e^4.3, 2^21): no drift in a rollout.
    row_sum_[ci][y] += static_cast<double>(w) - base_[ci][q];
    base_[ci][q] = w;
  }
}

void RolloutPlayer::sum_rows() {
  for (int ci = 0; ci < 2; ++ci)
    for (int y = 0; y < size_; ++y) {
      double sum = 0;
      for (int x = 0; x < size_; ++x) sum += base_[ci][make_point(x, y)];
      row_sum_[ci][y] = sum;
    }
}

void RolloutPlayer::reset(const Board& board, Point last, Point second_last) {
  pb_ = PatternBoard(board, last, second_last);
  size_ = board.size();
  for (auto& b : base_) b.fill(0.0f);
  for (auto& r : row_sum_) r.fill(0.0);
  for (int q = 0; q < kPadded; ++q)
    if (board.on_board(static_cast<Point>(q))) refresh(static_cast<Point>(q));
  sum_rows();  // the same sums, added in row order
}

void RolloutPlayer::play(Point p) {
  pb_.play(p);
  for (int i = 0; i < pb_.num_changed(); ++i) refresh(pb_.changed(i));
  if (p != kPass) {
    // A point's own code does not see its own stone: the played and the captured points change
    // from or to empty with their codes possibly unchanged.
    refresh(p);
    for (int i = 0; i < pb_.num_captured(); ++i) refresh(pb_.captured(i));
  }
}

void RolloutPlayer::add_local(Point p, float weight) const {
  const float base = base_[color_index(pb_.to_move())][p];
  local_stamp_[p] = stamp_;
  draw_.point[draw_.n] = p;
  draw_.weight[draw_.n] = weight;
  ++draw_.n;
  draw_.row[point_y(p)] -= base;
  draw_.local_total += weight;
  draw_.total += weight - base;
}

float RolloutPlayer::local_weight(Point p) const {
  for (int i = 0; i < draw_.n; ++i)
    if (draw_.point[i] == p) return draw_.weight[i];
  return 0.0f;
}

void RolloutPlayer::prepare_draw(const LocalContext& ctx) const {
  if (++stamp_ == 0) {  // wrapped: clear the stamps so no stale one matches
    local_stamp_.fill(0);
    stamp_ = 1;
  }
  const auto& base = base_[color_index(ctx.mover)];
  const auto& rows = row_sum_[color_index(ctx.mover)];
  draw_.n = 0;
  draw_.local_total = 0;
  draw_.total = 0;
  for (int y = 0; y < size_; ++y) draw_.total += draw_.row[y] = rows[y];
  const Point ko = pb_.board().ko_point();
  if (ko != kNoPoint && base[ko] > 0.0f) add_local(ko, 0.0f);
  std::array<Point, 32> local;
  const int n = PatternPolicy::local_points(pb_, ctx, local);
  for (int i = 0; i < n; ++i) {
    const Point p = local[i];
    if (base[p] == 0.0f || local_stamp_[p] == stamp_) continue;
    const float s = policy_.local_score(ctx, p, [this](uint64_t key) { return response_weight(key); });
    if (s != 0.0f) add_local(p, base[p] * std::exp(s));
  }
}

Point RolloutPlayer::pick(double r) const {
  // The last point with weight seen absorbs rounding at the top end of each part.
  Point chosen = kPass;
  if (r < draw_.local_total) {
    for (int i = 0; i < draw_.n; ++i) {
      if (draw_.weight[i] <= 0.0f) continue;
      chosen = draw_.point[i];
      r -= draw_.weight[i];
      if (r < 0) return chosen;
    }
    if (chosen != kPass) return chosen;
    r = 0;
  } else {
    r -= draw_.local_total;
  }
  const auto& base = base_[color_index(pb_.to_move())];
  for (int y = 0; y < size_; ++y) {
    if (!(draw_.row[y] > 0)) continue;
    if (r >= draw_.row[y]) {
      r -= draw_.row[y];
      continue;
    }
    for (int x = 0; x < size_; ++x) {
      const Point p = make_point(x, y);
      if (base[p] <= 0.0f || local_stamp_[p] == stamp_) continue;
      chosen = p;
      r -= base[p];
      if (r < 0) return chosen;
    }
    r = 0;  // the row's points summed to less than its (rounded) total: take the next point
  }
  if (chosen != kPass) return chosen;
  for (int y = size_ - 1; y >= 0; --y)  // rounding skipped every row: the last point with weight
    for (int x = size_ - 1; x >= 0; --x) {
      const Point p = make_point(x, y);
      if (base[p] > 0.0f && local_stamp_[p] != stamp_) return p;
    }
  for (int i = draw_.n - 1; i >= 0; --i)
    if (draw_.weight[i] > 0.0f) return draw_.point[i];
  return kPass;
}

Point RolloutPlayer::choose_at(double u) {
  prepare_draw(make_local_context(pb_));
  return draw_.total > 0 ? pick(u * draw_.total) : kPass;
}

Point RolloutPlayer::choose() {
  const LocalContext ctx = make_local_context(pb_);
  prepare_draw(ctx);
  const Board& b = pb_.board();
  for (;;) {
    if (!(draw_.total > 0)) return kPass;
    const double r = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53 * draw_.total;
    const Point chosen = pick(r);
    if (chosen == kPass || refuse_self_atari_ <= 0 || !b.is_self_atari(chosen, ctx.mover, refuse_self_atari_) ||
        is_nakade_sacrifice(b, chosen, ctx.mover))
      return chosen;
    // Struck out; draw again from the rest.
    if (local_stamp_[chosen] != stamp_) {
      add_local(chosen, 0.0f);
    } else {
      for (int i = 0; i < draw_.n; ++i)
        if (draw_.point[i] == chosen) {
          draw_.local_total -= draw_.weight[i];
          draw_.total -= draw_.weight[i];
          draw_.weight[i] = 0.0f;
        }
    }
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
  prepare_draw(ctx);
  if (!(draw_.total > 0)) return;
  const Board& b = pb_.board();
  const auto& base = base_[color_index(ctx.mover)];
  for (int i = 0; i < b.num_empty(); ++i) {
    const Point p = b.empty_at(i);
    const float w = local_stamp_[p] == stamp_ ? local_weight(p) : base[p];
    out[p] = static_cast<float>(w / draw_.total);
  }
}

}  // namespace tengen::nn
