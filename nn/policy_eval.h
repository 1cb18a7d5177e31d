// PolicyEvalStats: accuracy of move predictions against the moves actually played — top-1/3/5 and
// mean log-loss — overall and by move-number range, for `tengen eval policy` (and, later, the rollout
// policy). Torch-free: it takes probability vectors. Thread-safety: one instance per thread; merge().
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tengen::nn {

class PolicyEvalStats {
 public:
  // Move-number ranges [lo, hi] (1-based); the last is open-ended.
  static constexpr std::array<int, 6> kRangeStarts = {1, 31, 81, 151, 221, 301};

  // `probs` over the board points (already masked to legal moves and normalised), the index of the
  // played point, and the move number of the played move.
  void add(const float* probs, int n, int played, int move_number);
  void merge(const PolicyEvalStats& other);

  struct Bucket {
    int64_t positions = 0;
    double top1 = 0, top3 = 0, top5 = 0;  // expected hits, ties broken uniformly at random
    double log_loss = 0;  // summed -ln p(played)
  };
  const Bucket& total() const { return total_; }
  const Bucket& range(int i) const { return ranges_[i]; }
  static std::string range_name(int i);  // "1-30", ..., "301+"
  std::string report() const;            // a table for humans

 private:
  Bucket total_;
  std::array<Bucket, kRangeStarts.size()> ranges_{};
};

}  // namespace tengen::nn
