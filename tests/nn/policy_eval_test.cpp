#include <gtest/gtest.h>

#include <cmath>

#include "nn/policy_eval.h"

namespace tengen::nn {
namespace {

TEST(PolicyEval, TopKAndLogLossByMoveRange) {
  PolicyEvalStats s;
  const float probs[6] = {0.5f, 0.2f, 0.1f, 0.1f, 0.05f, 0.05f};
  s.add(probs, 6, 0, 1);    // top-1
  s.add(probs, 6, 1, 40);   // rank 2: top-3
  s.add(probs, 6, 4, 200);  // four points above it, tied with one: top-5 half the time
  s.add(probs, 6, 5, 400);
  EXPECT_EQ(s.total().positions, 4);
  EXPECT_DOUBLE_EQ(s.total().top1, 1);
  EXPECT_DOUBLE_EQ(s.total().top3, 2);
  EXPECT_DOUBLE_EQ(s.total().top5, 3);
  EXPECT_NEAR(s.total().log_loss, -std::log(0.5) - std::log(0.2) - 2 * std::log(0.05), 1e-5);
  EXPECT_EQ(s.range(0).positions, 1);  // 1-30
  EXPECT_EQ(s.range(1).positions, 1);  // 31-80
  EXPECT_EQ(s.range(3).positions, 1);  // 151-220
  EXPECT_EQ(s.range(5).positions, 1);  // 301+
  EXPECT_EQ(PolicyEvalStats::range_name(0), "1-30");
  EXPECT_EQ(PolicyEvalStats::range_name(5), "301+");
  PolicyEvalStats t;
  t.merge(s);
  t.merge(s);
  EXPECT_DOUBLE_EQ(t.total().top5, 6);
  const float zero[2] = {1.0f, 0.0f};
  t.add(zero, 2, 1, 5);  // p = 0: finite loss
  EXPECT_TRUE(std::isfinite(t.total().log_loss));
  EXPECT_NE(t.report().find("all"), std::string::npos);
}

TEST(PolicyEval, TiesAreBrokenAtRandomNotInTheMovesFavour) {
  // A uniform output over 10 points is right one time in ten, not every time.
  PolicyEvalStats s;
  float uniform[10];
  for (float& p : uniform) p = 0.1f;
  s.add(uniform, 10, 3, 1);
  EXPECT_DOUBLE_EQ(s.total().top1, 0.1);
  EXPECT_DOUBLE_EQ(s.total().top3, 0.3);
  EXPECT_DOUBLE_EQ(s.total().top5, 0.5);
  // One point above, the played one tied with three others: never top-1, top-3 half the time.
  const float probs[5] = {0.4f, 0.15f, 0.15f, 0.15f, 0.15f};
  PolicyEvalStats t;
  t.add(probs, 5, 2, 1);
  EXPECT_DOUBLE_EQ(t.total().top1, 0.0);
  EXPECT_DOUBLE_EQ(t.total().top3, 0.5);
  EXPECT_DOUBLE_EQ(t.total().top5, 1.0);
}

}  // namespace
}  // namespace tengen::nn
