// Softmax over a list of move scores (the legal points of a position, in the caller's order): the one
// routine behind the search's priors, the raw-policy readout, self-play's move sampling and the
// pattern trainer. Scores are shifted by their maximum before exp, so large logits do not overflow.
// (Batched tensors use nn/torch/networks.h's masked_softmax.) Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <vector>

namespace tengen::nn {

// x[i] <- exp((x[i] - max x) / temperature) for i < n; returns their sum (0 when n == 0). The
// unnormalised weights, for callers that scale or sample by the sum themselves.
double exp_shifted(double* x, size_t n, double temperature = 1.0);

// x[i] <- softmax(x / temperature)[i]; all zero when the sum is not positive.
void softmax(std::vector<double>& x, double temperature = 1.0);

}  // namespace tengen::nn
