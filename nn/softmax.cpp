#include "nn/softmax.h"

#include <algorithm>
#include <cmath>

namespace tengen::nn {

double exp_shifted(double* x, size_t n, double temperature) {
  double mx = -1e300;
  for (size_t i = 0; i < n; ++i) mx = std::max(mx, x[i]);
  double z = 0;
  for (size_t i = 0; i < n; ++i) z += x[i] = std::exp((x[i] - mx) / temperature);
  return z;
}

void softmax(std::vector<double>& x, double temperature) {
  const double z = exp_shifted(x.data(), x.size(), temperature);
  for (double& v : x) v = z > 0 ? v / z : 0.0;
}

}  // namespace tengen::nn
