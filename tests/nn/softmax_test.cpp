// nn/softmax.h: the one softmax over move scores (priors, policy readout, sampling, pattern trainer).
#include "nn/softmax.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace tengen::nn {
namespace {

TEST(Softmax, MatchesTheTextbookFormulaAndSumsToOne) {
  std::vector<double> x = {1.0, 2.0, 3.0};
  softmax(x);
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(x[0], std::exp(1.0) / z, 1e-12);
  EXPECT_NEAR(x[2], std::exp(3.0) / z, 1e-12);
  EXPECT_NEAR(x[0] + x[1] + x[2], 1.0, 1e-12);
}

TEST(Softmax, TemperatureSharpensAndLargeLogitsDoNotOverflow) {
  std::vector<double> warm = {0.0, 1.0}, cold = {0.0, 1.0}, huge = {1000.0, 1001.0};
  softmax(warm, 1.0);
  softmax(cold, 0.5);  // β < 1: the better move gets more
  softmax(huge);
  EXPECT_GT(cold[1], warm[1]);
  EXPECT_NEAR(cold[1], 1.0 / (1.0 + std::exp(-2.0)), 1e-12);
  EXPECT_NEAR(huge[1], warm[1], 1e-12);  // shift-invariant: exp(1001) alone would be inf
}

TEST(Softmax, ExpShiftedLeavesTheBestAtOneAndReturnsTheSum) {
  std::vector<double> x = {-3.0, 5.0, 4.0};
  const double z = exp_shifted(x.data(), x.size());
  EXPECT_DOUBLE_EQ(x[1], 1.0);
  EXPECT_NEAR(z, 1.0 + std::exp(-1.0) + std::exp(-8.0), 1e-12);
  std::vector<double> none;
  EXPECT_EQ(exp_shifted(none.data(), 0), 0.0);
  softmax(none);  // an empty list (no legal point) stays empty
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace tengen::nn
