#include "rollout/pattern_policy.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/small_set.h"

namespace tengen::nn {

namespace {

constexpr uint64_t kMask36 = (uint64_t{1} << 36) - 1;

bool is_white(Color c) { return c == Color::kWhite; }
bool is_stone_point(Point p) { return p != kNoPoint && p != kPass && p != kResign; }

int manhattan(Point a, Point b) { return std::abs(point_x(a) - point_x(b)) + std::abs(point_y(a) - point_y(b)); }

// Any liberty of the string through `stone` (kNoPoint if none: cannot happen on a legal board).
Point a_liberty(const Board& b, Point stone) {
  Point s = stone;
  do {
    for (int d : kNeighbourOffsets)
      if (b.at(static_cast<Point>(s + d)) == Color::kEmpty) return static_cast<Point>(s + d);
    s = b.next_in_string(s);
  } while (s != stone);
  return kNoPoint;
}

void add_unique(LocalContext& ctx, Point p) {
  for (int i = 0; i < ctx.num_save; ++i)
    if (ctx.save_atari[i] == p) return;
  if (ctx.num_save < static_cast<int>(ctx.save_atari.size())) ctx.save_atari[ctx.num_save++] = p;
}

// Own strings next to the last move with one liberty: their escapes (the liberty, if extending
// gives two or more) and the captures of opponent strings in atari touching them.
void find_save_atari(const Board& b, LocalContext& ctx) {
  SmallPointSet<4> heads;
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(ctx.last + d);
    if (b.at(n) != ctx.mover || b.liberties(n) != 1 || !heads.insert(b.head(n))) continue;
    const Point lib = a_liberty(b, n);
    if (lib != kNoPoint && b.is_legal(lib, ctx.mover) && b.liberties_after(lib, ctx.mover) >= 2) add_unique(ctx, lib);
    Point s = n;
    do {
      for (int e : kNeighbourOffsets) {
        const Point m = static_cast<Point>(s + e);
        if (b.at(m) == opponent(ctx.mover) && b.liberties(m) == 1) {
          const Point cap = a_liberty(b, m);
          if (cap != kNoPoint && b.is_legal(cap, ctx.mover)) add_unique(ctx, cap);
        }
      }
      s = b.next_in_string(s);
    } while (s != n);
  }
}

// The vital point of a just-captured region of 3..6 connected stones: the one point touching the
// most others (none for shapes without a single such point, like the square four).
void find_vital_point(const PatternBoard& pb, LocalContext& ctx) {
  const int n = pb.num_captured();
  if (n < 3 || n > 6) return;
  int degree[6] = {};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (manhattan(pb.captured(i), pb.captured(j)) == 1) ++degree[i];
  // Connected? A flood fill over at most six points.
  int reached = 1 << 0, frontier = 1;
  while (frontier) {
    int next = 0;
    for (int i = 0; i < n; ++i)
      if (frontier >> i & 1)
        for (int j = 0; j < n; ++j)
          if (!(reached >> j & 1) && manhattan(pb.captured(i), pb.captured(j)) == 1) next |= 1 << j;
    reached |= next;
    frontier = next;
  }
  if (reached != (1 << n) - 1) return;
  int best = -1, best_degree = 1, ties = 0;
  for (int i = 0; i < n; ++i) {
    if (degree[i] > best_degree) {
      best = i;
      best_degree = degree[i];
      ties = 0;
    } else if (degree[i] == best_degree) {
      ++ties;
    }
  }
  if (best < 0 || ties > 0) return;
  // Shape id: the size and the sorted degree sequence (the same for all 8 symmetries).
  std::sort(degree, degree + n);
  uint32_t h = static_cast<uint32_t>(n);
  for (int i = 0; i < n; ++i) h = h * 5 + static_cast<uint32_t>(degree[i]);
  ctx.vital_point = pb.captured(best);
  ctx.vital_shape = static_cast<int>((h * 2654435761u) >> 19);  // 13 bits
}

template <typename T, typename F>
T min_over_symmetries(F transform) {
  T best = transform(0);
  for (int s = 1; s < kNumSymmetries; ++s) best = std::min(best, transform(s));
  return best;
}

// The smallest diamond code over the symmetries, and the set of symmetries (bit mask) giving it.
uint64_t canonical_diamond(uint64_t d, uint8_t& symmetries) {
  uint64_t best = ~0ull;
  for (int s = 0; s < kNumSymmetries; ++s) {
    const uint64_t t = transform_diamond(d, s);
    if (t < best) {
      best = t;
      symmetries = 0;
    }
    if (t == best) symmetries |= static_cast<uint8_t>(1u << s);
  }
  return best;
}

// canonical_index(index, symmetries) for every symmetry set: the rollout asks it for each candidate
// in the last move's diamond every move. Built once at start-up, immutable after.
struct CanonicalIndexTable {
  std::array<std::array<int8_t, 12>, 256> at;
  CanonicalIndexTable() {
    for (int set = 0; set < 256; ++set)
      for (int index = 0; index < 12; ++index) {
        int best = 12;
        for (int s = 0; s < kNumSymmetries; ++s)
          if (set >> s & 1) best = std::min(best, transform_diamond_index(index, s));
        at[set][index] = static_cast<int8_t>(best);
      }
  }
};
const CanonicalIndexTable kCanonicalIndex;

int canonical_index(int index, uint8_t symmetries) { return kCanonicalIndex.at[symmetries][index]; }

}  // namespace

const char* pattern_policy_kind_name(PatternPolicyKind kind) {
  return kind == PatternPolicyKind::kRollout ? "rollout" : "tree";
}

uint64_t raw_key3(uint32_t code3, Color mover) { return code3 | (uint64_t{is_white(mover)} << 24); }
uint64_t raw_key_response(uint64_t diamond, int index, Color mover) {
  return diamond | (static_cast<uint64_t>(index) << 36) | (uint64_t{is_white(mover)} << 40);
}
uint64_t raw_key_diamond(uint64_t diamond, Color mover) { return diamond | (uint64_t{is_white(mover)} << 36); }

uint64_t canonical_key3(uint64_t raw) {
  uint32_t code = static_cast<uint32_t>(raw & 0xffffff);
  if (raw >> 24 & 1) code = swap_colours3(code);
  return min_over_symmetries<uint64_t>([&](int s) { return uint64_t{transform_code3(code, s)}; });
}

uint64_t canonical_key_response(uint64_t raw) {
  uint64_t d = raw & kMask36;
  const int index = static_cast<int>(raw >> 36 & 15);
  if (raw >> 40 & 1) d = swap_colours_diamond(d);
  uint8_t symmetries = 0;
  const uint64_t canon = canonical_diamond(d, symmetries);
  return canon | (static_cast<uint64_t>(canonical_index(index, symmetries)) << 36);
}

uint64_t response_key(const LocalContext& ctx, int index) {
  return ctx.last_diamond | (static_cast<uint64_t>(canonical_index(index, ctx.last_symmetries)) << 36);
}

uint64_t canonical_key_diamond(uint64_t raw) {
  uint64_t d = raw & kMask36;
  if (raw >> 36 & 1) d = swap_colours_diamond(d);
  return min_over_symmetries<uint64_t>([&](int s) { return transform_diamond(d, s); });
}

LocalContext make_local_context(const PatternBoard& pb) {
  LocalContext ctx;
  const Board& b = pb.board();
  ctx.mover = b.to_move();
  if (is_stone_point(pb.second_last_move())) ctx.second_last = pb.second_last_move();
  if (!is_stone_point(pb.last_move())) return ctx;
  ctx.last = pb.last_move();
  uint64_t d = pb.diamond(ctx.last);
  if (ctx.mover == Color::kWhite) d = swap_colours_diamond(d);
  ctx.last_diamond = canonical_diamond(d, ctx.last_symmetries);
  find_save_atari(b, ctx);
  find_vital_point(pb, ctx);
  return ctx;
}

PatternPolicy::PatternPolicy(PatternPolicyKind kind, std::vector<uint64_t> keys3, std::vector<uint64_t> keys_response,
                             std::vector<uint64_t> keys_diamond)
    : kind_(kind), keys3_(std::move(keys3)), keys_response_(std::move(keys_response)), keys_diamond_(std::move(keys_diamond)) {
  if (kind_ == PatternPolicyKind::kRollout) keys_diamond_.clear();
  build_indexes();
  weights_.assign(static_cast<size_t>(base_diamond_) + keys_diamond_.size(), 0.0f);
  finalize();
}

void PatternPolicy::build_indexes() {
  base3_ = kind_ == PatternPolicyKind::kRollout ? kRolloutFixedFeatures : kTreeFixedFeatures;
  base_response_ = base3_ + static_cast<int32_t>(keys3_.size());
  base_diamond_ = base_response_ + static_cast<int32_t>(keys_response_.size());
  index3_.reset(keys3_.size() * 16);
  for (size_t i = 0; i < keys3_.size(); ++i)
    for (int s = 0; s < kNumSymmetries; ++s) {
      const uint32_t t = transform_code3(static_cast<uint32_t>(keys3_[i]), s);
      index3_.insert(raw_key3(t, Color::kBlack), base3_ + static_cast<int32_t>(i));
      index3_.insert(raw_key3(swap_colours3(t), Color::kWhite), base3_ + static_cast<int32_t>(i));
    }
  index_response_.reset(keys_response_.size());
  for (size_t i = 0; i < keys_response_.size(); ++i)
    index_response_.insert(keys_response_[i], base_response_ + static_cast<int32_t>(i));
  index_diamond_.reset(keys_diamond_.size());
  for (size_t i = 0; i < keys_diamond_.size(); ++i)
    index_diamond_.insert(keys_diamond_[i], base_diamond_ + static_cast<int32_t>(i));
}

void PatternPolicy::finalize() {
  exp3_.reset(keys3_.size() * 16);
  for (size_t i = 0; i < keys3_.size(); ++i) {
    const float e = std::exp(weights_[base3_ + i]);
    for (int s = 0; s < kNumSymmetries; ++s) {
      const uint32_t t = transform_code3(static_cast<uint32_t>(keys3_[i]), s);
      exp3_.insert(static_cast<uint32_t>(raw_key3(t, Color::kBlack)), e);
      exp3_.insert(static_cast<uint32_t>(raw_key3(swap_colours3(t), Color::kWhite)), e);
    }
  }
}

void PatternPolicy::local_features(const PatternBoard& pb, const LocalContext& ctx, Point a, ActiveFeatures& out) const {
  visit_local_features(ctx, a,
                       [&](uint64_t key) {
                         const int32_t f = index_response_.find(key);
                         if (f >= 0) {
                           out.add(kFeatResponse);
                           out.add(f);
                         }
                       },
                       [&](int32_t feature) { out.add(feature); });
  (void)pb;
}

float PatternPolicy::response_weight(uint64_t key) const {
  const int32_t f = index_response_.find(key);
  return f >= 0 ? weights_[kFeatResponse] + weights_[f] : 0.0f;
}

void PatternPolicy::features(const PatternBoard& pb, const LocalContext& ctx, Point a, ActiveFeatures& out) const {
  out.n = 0;
  const int32_t f3 = pattern3_feature(pb.code3(a), ctx.mover);
  if (f3 >= 0) out.add(f3);
  local_features(pb, ctx, a, out);
  if (kind_ != PatternPolicyKind::kTree) return;
  const Board& b = pb.board();
  if (b.liberties_after(a, ctx.mover) == 1) out.add(kFeatSelfAtari);
  if (ctx.last != kNoPoint) out.add(kFeatDistance + std::min(manhattan(a, ctx.last), kDistanceBuckets) - 1);
  if (ctx.second_last != kNoPoint && ctx.second_last != a)
    out.add(kFeatDistance + kDistanceBuckets + std::min(manhattan(a, ctx.second_last), kDistanceBuckets) - 1);
  const int32_t fd = index_diamond_.find(canonical_key_diamond(raw_key_diamond(pb.diamond(a), ctx.mover)));
  if (fd >= 0) out.add(fd);
}

float PatternPolicy::sum(const ActiveFeatures& f) const {
  float s = 0;
  for (int i = 0; i < f.n; ++i) s += weights_[f.index[i]];
  return s;
}

float PatternPolicy::score(const PatternBoard& pb, const LocalContext& ctx, Point a) const {
  ActiveFeatures f;
  features(pb, ctx, a, f);
  return sum(f);
}

float PatternPolicy::local_score(const PatternBoard& pb, const LocalContext& ctx, Point a) const {
  ActiveFeatures f;
  local_features(pb, ctx, a, f);
  return sum(f);
}

int PatternPolicy::local_points(const PatternBoard& pb, const LocalContext& ctx, std::array<Point, 32>& out) {
  int n = 0;
  const Board& b = pb.board();
  auto add = [&](Point p) {
    if (b.at(p) != Color::kEmpty) return;
    for (int i = 0; i < n; ++i)
      if (out[i] == p) return;
    out[n++] = p;
  };
  if (ctx.last != kNoPoint) {  // the diamond's points are distinct: no need to look for repeats
    const int x = point_x(ctx.last), y = point_y(ctx.last);
    for (const Offset& o : kDiamond12) {
      const int px = x + o.dx, py = y + o.dy;
      if (px < 0 || py < 0 || px >= b.size() || py >= b.size()) continue;
      const Point p = make_point(px, py);
      if (b.at(p) == Color::kEmpty) out[n++] = p;
    }
  }
  for (int i = 0; i < ctx.num_save; ++i) add(ctx.save_atari[i]);
  if (ctx.vital_point != kNoPoint) add(ctx.vital_point);
  return n;
}

}  // namespace tengen::nn
