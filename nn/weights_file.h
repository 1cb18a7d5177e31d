// Weights files in the safetensors format (an 8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range, then the raw little-endian data), readable by
// any safetensors tool. Tengen adds string metadata under "__metadata__": the architecture, feature
// set, board size, training provenance, and "tengen.data_sha256", the SHA-256 of the data region,
// so a flipped byte is caught, not silently loaded.
// Contract: load_weights never crashes on any file; a missing, truncated, corrupt or inconsistent file
// throws WeightsError whose message names the file and what is wrong. save_weights writes a temporary
// file and renames it, so a crash or a full disk never leaves a half-written file under the name.
// Torch-free. Thread-safety: free functions on values.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tengen::nn {

class WeightsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class DType { kF32, kF16, kBF16, kI64, kI32, kU8 };
const char* dtype_name(DType d);  // safetensors spelling: "F32", ...
int dtype_size(DType d);

struct TensorData {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;  // little-endian, row-major; size = product(shape) * dtype_size
  int64_t numel() const;
};

struct WeightsFile {
  std::map<std::string, std::string> metadata;
  std::vector<TensorData> tensors;  // in file order
  const TensorData* find(const std::string& name) const;
};

void save_weights(const std::string& path, const WeightsFile& weights);
WeightsFile load_weights(const std::string& path);
// The same from bytes in memory (`path` names them in errors): what load_weights does after reading.
WeightsFile parse_weights(const uint8_t* bytes, size_t size, const std::string& path);

// Hex SHA-256 of a file's bytes (for weights/MANIFEST); throws WeightsError if unreadable.
std::string file_sha256(const std::string& path);

}  // namespace tengen::nn
