// bfloat16 autocast on CUDA, switched on and off around a forward pass (training and `bench nn
// --bf16`). The call changed name between libtorch 1.x and 2.x; both are handled here.
// Thread-safety: autocast state is per thread.
#pragma once

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace tengen::nn {

inline void set_cuda_autocast(bool on) {
#if TORCH_VERSION_MAJOR >= 2 && (TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCUDA, on);
#else
  at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
  at::autocast::set_enabled(on);
#endif
  if (!on) at::autocast::clear_cache();
}

}  // namespace tengen::nn
