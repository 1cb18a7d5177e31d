// libFuzzer harness: bytes → a dataset shard's two layers (data/dataset.h): the record parser on the raw
// bytes, and zstd decompression followed by the parser. Any input ends in records or a DatasetError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tengen::nn;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)parse_records(bytes, "fuzz-raw");
  } catch (const DatasetError&) {
  }
  try {
    (void)parse_records(decompress_bytes(bytes, "fuzz.tgd.zst"), "fuzz.tgd.zst");
  } catch (const DatasetError&) {
  }
  return 0;
}
