#include "nn/policy_eval.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tengen::nn {

void PolicyEvalStats::add(const float* probs, int n, int played, int move_number) {
  // Rank of the played move among points of strictly higher probability, with ties broken
  // uniformly at random: a pattern policy gives many points the same score, and counting a tie as a
  // hit would inflate its accuracy. Top-k credit is P(rank < k) under that tie-break.
  const float p = probs[played];
  int higher = 0, equal = 0;
  for (int i = 0; i < n; ++i) {
    higher += probs[i] > p;
    equal += probs[i] == p;  // the played point included
  }
  auto credit = [&](int k) { return std::clamp(static_cast<double>(k - higher) / equal, 0.0, 1.0); };
  // A probability of 0 (the net called the played move illegal) is clamped: the loss stays finite.
  const double loss = -std::log(std::max(static_cast<double>(p), 1e-12));
  int r = 0;
  while (r + 1 < static_cast<int>(kRangeStarts.size()) && move_number >= kRangeStarts[r + 1]) ++r;
  for (Bucket* b : {&total_, &ranges_[r]}) {
    ++b->positions;
    b->top1 += credit(1);
    b->top3 += credit(3);
    b->top5 += credit(5);
    b->log_loss += loss;
  }
}

void PolicyEvalStats::merge(const PolicyEvalStats& o) {
  auto add = [](Bucket& a, const Bucket& b) {
    a.positions += b.positions;
    a.top1 += b.top1;
    a.top3 += b.top3;
    a.top5 += b.top5;
    a.log_loss += b.log_loss;
  };
  add(total_, o.total_);
  for (size_t i = 0; i < ranges_.size(); ++i) add(ranges_[i], o.ranges_[i]);
}

std::string PolicyEvalStats::range_name(int i) {
  if (i + 1 == static_cast<int>(kRangeStarts.size())) return std::to_string(kRangeStarts[i]) + "+";
  return std::to_string(kRangeStarts[i]) + "-" + std::to_string(kRangeStarts[i + 1] - 1);
}

std::string PolicyEvalStats::report() const {
  std::string out = "moves       positions   top-1   top-3   top-5  log-loss\n";
  auto row = [&](const std::string& name, const Bucket& b) {
    char buf[128];
    const double n = std::max<int64_t>(1, b.positions);
    std::snprintf(buf, sizeof buf, "%-10s %10lld  %5.1f%%  %5.1f%%  %5.1f%%  %8.3f\n", name.c_str(),
                  static_cast<long long>(b.positions), 100.0 * b.top1 / n, 100.0 * b.top3 / n, 100.0 * b.top5 / n,
                  b.log_loss / n);
    out += buf;
  };
  for (size_t i = 0; i < ranges_.size(); ++i) row(range_name(static_cast<int>(i)), ranges_[i]);
  row("all", total_);
  return out;
}

}  // namespace tengen::nn
