// libFuzzer harness: bytes → the safetensors weights reader (nn/weights_file.h). Any input must end in
// a WeightsFile or a WeightsError, never a crash, an overflow or an allocation beyond the file.
#include <cstddef>
#include <cstdint>

#include "nn/weights_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)tengen::nn::parse_weights(data, size, "fuzz.safetensors");
  } catch (const tengen::nn::WeightsError&) {
  }
  return 0;
}
