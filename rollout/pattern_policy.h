// The rollout policy p_π and the tree policy p_τ of AlphaGo (docs/ALPHAGO.md §3, docs/ROLLOUT.md): linear
// softmaxes over binary local features, p(a|s) ∝ exp(Σ_f w_f φ_f(s,a)), no torch.
//
// Feature groups (the weight vector holds them in this order):
//   both  response (1)        a is inside the 12-point diamond of the last move and its response
//                             pattern is in the dictionary
//         save-atari (1)      a saves own stones the last move put in atari (extends or captures)
//         neighbour (8)       a is one of the 8 points around the last move, one feature per offset
//         vital point (8192)  the last move captured a 3..6-stone region and a is its vital point;
//                             the region's shape picks one of 8192 features (the paper's "nakade")
//         response patterns   (diamond of the last move, a's place in it) — harvested dictionary
//         3x3 patterns        the 8 neighbours of a — harvested dictionary
//   tree  self-atari (1)      after a, a's string has one liberty
//         distance (34)       Manhattan distance from a to the last and the second-last move, 17
//                             buckets each (1, ..., 16, >= 17)
//         diamond patterns    the 12-point diamond centred on a — harvested dictionary
// Pattern keys are relative to the side to move ("own" / "opponent" stones) and shared by the 8
// symmetries: the dictionaries store one canonical key per class. The 3x3 lookup index holds every
// symmetric and colour-swapped variant, so the rollout's per-point lookup is one probe on the raw
// code; diamonds are canonicalised when looked up (once per move for the response patterns).
//
// Thread-safety: a PatternPolicy is immutable after load/finalize; share it between threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/pattern_board.h"
#include "rollout/pattern_index.h"

namespace tengen::nn {

enum class PatternPolicyKind { kRollout, kTree };
const char* pattern_policy_kind_name(PatternPolicyKind kind);  // "rollout" / "tree"

constexpr int kFeatResponse = 0;
constexpr int kFeatSaveAtari = 1;
constexpr int kFeatNeighbour = 2;  // + ring8 index
constexpr int kFeatVitalPoint = 10;    // + shape id
constexpr int kVitalPointShapes = 8192;
constexpr int kRolloutFixedFeatures = kFeatVitalPoint + kVitalPointShapes;  // 8202
constexpr int kFeatSelfAtari = kRolloutFixedFeatures;
constexpr int kFeatDistance = kFeatSelfAtari + 1;  // + 17 * (0: last, 1: second last) + bucket
constexpr int kDistanceBuckets = 17;
constexpr int kTreeFixedFeatures = kFeatDistance + 2 * kDistanceBuckets;  // 8237

// Canonical keys: relative to the side to move (its stones become "black"), the smallest code over
// the 8 symmetries; for a response pattern, the smallest diamond code first and then, among the
// symmetries that give it, the smallest position index. A raw key has the mover's colour in a high bit.
uint64_t raw_key3(uint32_t code3, Color mover);
uint64_t raw_key_response(uint64_t diamond, int index, Color mover);
uint64_t raw_key_diamond(uint64_t diamond, Color mover);
uint64_t canonical_key3(uint64_t raw);
uint64_t canonical_key_response(uint64_t raw);
uint64_t canonical_key_diamond(uint64_t raw);

// What a position offers every candidate move: computed once per position, no allocation.
struct LocalContext {
  Color mover = Color::kBlack;
  Point last = kNoPoint;          // the last move if it was a stone
  Point second_last = kNoPoint;   // the move before it if it was a stone
  uint64_t last_diamond = 0;      // canonical (mover-relative, smallest) diamond code around `last`
  uint8_t last_symmetries = 0;    // bit s: symmetry s maps the mover-relative diamond to last_diamond
  int num_save = 0;
  std::array<Point, 16> save_atari{};  // moves that rescue own strings put in atari by `last`
  Point vital_point = kNoPoint;
  int vital_shape = 0;
};
LocalContext make_local_context(const PatternBoard& pb);
// The canonical response key of a candidate at position `index` (0..11) in the last move's diamond.
uint64_t response_key(const LocalContext& ctx, int index);

// Up to this many active features per candidate move.
constexpr int kMaxActiveFeatures = 10;
struct ActiveFeatures {
  int n = 0;
  std::array<int32_t, kMaxActiveFeatures> index;
  void add(int32_t i) { index[n++] = i; }
};

class PatternPolicy {
 public:
  PatternPolicy() = default;
  // Fresh weights (all zero) for the given dictionaries of canonical keys.
  PatternPolicy(PatternPolicyKind kind, std::vector<uint64_t> keys3, std::vector<uint64_t> keys_response,
                std::vector<uint64_t> keys_diamond);

  // Defined in rollout/pattern_policy_file.cpp: link tengen_rollout_file to use them.
  // Throws WeightsError (nn/weights_file.h) naming the file and the problem.
  static PatternPolicy load(const std::string& path);
  void save(const std::string& path, const std::map<std::string, std::string>& metadata) const;

  PatternPolicyKind kind() const { return kind_; }
  int num_features() const { return static_cast<int>(weights_.size()); }
  int num_patterns3() const { return static_cast<int>(keys3_.size()); }
  int num_response_patterns() const { return static_cast<int>(keys_response_.size()); }
  int num_diamond_patterns() const { return static_cast<int>(keys_diamond_.size()); }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // The weights, for training; call finalize() after changing them.
  std::vector<float>& mutable_weights() { return weights_; }
  const std::vector<float>& weights() const { return weights_; }
  void finalize();  // rebuilds the table of exp(w) for the 3x3 patterns

  // All active features of candidate `a` (an empty legal point) for the side to move.
  void features(const PatternBoard& pb, const LocalContext& ctx, Point a, ActiveFeatures& out) const;
  float score(const PatternBoard& pb, const LocalContext& ctx, Point a) const;

  // The rollout's fast path splits the score: the 3x3 part depends on a's code only (cached per
  // point by RolloutPlayer), the rest is non-zero only near the last move (local_points).
  int32_t pattern3_feature(uint32_t code3, Color mover) const { return index3_.find(raw_key3(code3, mover)); }
  float exp_pattern3(uint32_t code3, Color mover) const {
    return exp3_.find(static_cast<uint32_t>(raw_key3(code3, mover)), 1.0f);
  }
  float local_score(const PatternBoard& pb, const LocalContext& ctx, Point a) const;  // rollout groups
  // The same with the response pattern's weight asked of `response_weight(key)` (a caller's cache of
  // this->response_weight: the dictionary is megabytes, probed ~12 times per rollout move).
  template <typename ResponseWeight>
  float local_score(const LocalContext& ctx, Point a, ResponseWeight&& response_weight) const {
    float s = 0;
    visit_local_features(ctx, a, [&](uint64_t key) { s += response_weight(key); },
                         [&](int32_t feature) { s += weights_[feature]; });
    return s;
  }
  // w(response) + w(pattern) for a response key in the dictionary, else 0.
  float response_weight(uint64_t key) const;
  // The points where local_score may be non-zero, each once (at most 12 + 16 + 1).
  static int local_points(const PatternBoard& pb, const LocalContext& ctx, std::array<Point, 32>& out);

 private:
  void build_indexes();
  float sum(const ActiveFeatures& f) const;
  void local_features(const PatternBoard& pb, const LocalContext& ctx, Point a, ActiveFeatures& out) const;
  // The one statement of which local features a candidate has: on_response(key) for its response
  // pattern's key when it is in the last move's diamond, then on_feature(index) for the neighbour,
  // save-atari and vital-point features it has.
  template <typename OnResponse, typename OnFeature>
  static void visit_local_features(const LocalContext& ctx, Point a, OnResponse&& on_response, OnFeature&& on_feature) {
    if (ctx.last != kNoPoint) {
      const int dx = point_x(a) - point_x(ctx.last), dy = point_y(a) - point_y(ctx.last);
      const int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
      if (adx + ady <= 2) {
        on_response(response_key(ctx, diamond_index(dx, dy)));
        if (adx <= 1 && ady <= 1) on_feature(kFeatNeighbour + ring8_index(dx, dy));
      }
    }
    for (int i = 0; i < ctx.num_save; ++i)
      if (ctx.save_atari[i] == a) {
        on_feature(kFeatSaveAtari);
        break;
      }
    if (a == ctx.vital_point) on_feature(kFeatVitalPoint + ctx.vital_shape);
  }

  PatternPolicyKind kind_ = PatternPolicyKind::kRollout;
  std::vector<uint64_t> keys3_, keys_response_, keys_diamond_;
  int32_t base3_ = 0, base_response_ = 0, base_diamond_ = 0;
  std::vector<float> weights_;
  PatternExpTable exp3_;  // raw 3x3 key -> exp(weight)
  PatternIndex index3_, index_response_, index_diamond_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace tengen::nn
