#include "nn/torch/torch_threads.h"

#include <torch/torch.h>

#include <cstdlib>

#include "engine/text_number.h"

namespace tengen::nn {

void set_torch_threads(int requested) {
  if (const char* env = std::getenv("TENGEN_TORCH_THREADS")) {
    const std::optional<int> n = parse_digits(env, 4);
    if (n && *n >= 1) requested = *n;
  }
  if (requested > 0 && torch::get_num_threads() != requested) torch::set_num_threads(requested);
}

}  // namespace tengen::nn
