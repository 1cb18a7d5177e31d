#include "nn/weights_file.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/text_file.h"
#include "io/atomic_file.h"

namespace tengen::nn {

namespace {

constexpr const char* kShaKey = "tengen.data_sha256";
constexpr uint64_t kMaxHeader = 100u << 20;  // safetensors' own limit is 100 MB

std::string sha256_hex(const uint8_t* data, size_t n) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data, n) != 1 || EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1)
    throw WeightsError("SHA-256 computation failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

DType dtype_from_name(const std::string& s, const std::string& where) {
  static const std::pair<const char*, DType> kNames[] = {{"F32", DType::kF32}, {"F16", DType::kF16},
                                                         {"BF16", DType::kBF16}, {"I64", DType::kI64},
                                                         {"I32", DType::kI32}, {"U8", DType::kU8}};
  for (auto& [n, d] : kNames)
    if (s == n) return d;
  throw WeightsError(where + ": unsupported dtype '" + s + "'");
}

// The largest weights file read: AlphaGo's 13x192 policy is ~15 MB in float32; 1 GiB leaves room for
// far larger networks and keeps /dev/zero or a FIFO given as weights from exhausting memory.
constexpr size_t kMaxWeightsBytes = size_t{1} << 30;

std::string read_all(const std::string& path) {
  std::string error;
  std::optional<std::string> bytes = read_file_capped(path, kMaxWeightsBytes, &error);
  if (!bytes) throw WeightsError(path + ": " + error);
  return std::move(*bytes);
}

}  // namespace

const char* dtype_name(DType d) {
  switch (d) {
    case DType::kF32: return "F32";
    case DType::kF16: return "F16";
    case DType::kBF16: return "BF16";
    case DType::kI64: return "I64";
    case DType::kI32: return "I32";
    case DType::kU8: return "U8";
  }
  return "?";
}

int dtype_size(DType d) {
  switch (d) {
    case DType::kF32: case DType::kI32: return 4;
    case DType::kF16: case DType::kBF16: return 2;
    case DType::kI64: return 8;
    case DType::kU8: return 1;
  }
  return 1;
}

int64_t TensorData::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

const TensorData* WeightsFile::find(const std::string& name) const {
  for (const TensorData& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

void save_weights(const std::string& path, const WeightsFile& w) {
  std::vector<uint8_t> data;
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  for (const TensorData& t : w.tensors) {
    if (static_cast<int64_t>(t.bytes.size()) != t.numel() * dtype_size(t.dtype))
      throw WeightsError(path + ": tensor '" + t.name + "' has " + std::to_string(t.bytes.size()) +
                         " bytes for its shape");
    const uint64_t begin = data.size();
    data.insert(data.end(), t.bytes.begin(), t.bytes.end());
    header[t.name] = {{"dtype", dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {begin, data.size()}}};
  }
  nlohmann::ordered_json meta = nlohmann::ordered_json::object();
  for (const auto& [k, v] : w.metadata)
    if (k != kShaKey) meta[k] = v;
  meta[kShaKey] = sha256_hex(data.data(), data.size());
  header["__metadata__"] = meta;
  std::string text = header.dump();
  while ((8 + text.size()) % 8 != 0) text += ' ';  // align the data region, as safetensors does

  std::string bytes(8, '\0');
  const uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<char>(n >> (8 * i));
  bytes += text;
  bytes.append(reinterpret_cast<const char*>(data.data()), data.size());
  try {
    io::write_file_atomically(path, bytes);
  } catch (const io::WriteError& e) {
    throw WeightsError(e.what());
  }
}

WeightsFile load_weights(const std::string& path) {
  const std::string file = read_all(path);
  return parse_weights(reinterpret_cast<const uint8_t*>(file.data()), file.size(), path);
}

namespace {
using ByteRange = std::pair<uint64_t, uint64_t>;

// The header's entry for tensor `name`, checked against the data region and appended to `tensors`;
// its byte range in the data. Throws WeightsError, or nlohmann::json::exception for a malformed entry.
ByteRange parse_tensor(const std::string& name, const nlohmann::json& entry, const uint8_t* data, uint64_t data_size,
                       const std::string& path, std::vector<TensorData>& tensors) {
  const std::string where = path + ": tensor '" + name + "'";
  TensorData t;
  t.name = name;
  t.dtype = dtype_from_name(entry.at("dtype").get<std::string>(), where);
  t.shape = entry.at("shape").get<std::vector<int64_t>>();
  // Each dimension, and the product so far, within the data region: no overflow however many dims.
  uint64_t elements = 1;
  for (int64_t d : t.shape) {
    if (d < 0 || static_cast<uint64_t>(d) > data_size) throw WeightsError(where + ": bad shape");
    elements *= static_cast<uint64_t>(std::max<int64_t>(d, 1));
    if (elements > data_size) throw WeightsError(where + ": shape larger than the file's data");
  }
  const auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
  if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size)
    throw WeightsError(where + ": data range outside the file (truncated?)");
  if (static_cast<int64_t>(offsets[1] - offsets[0]) != t.numel() * dtype_size(t.dtype))
    throw WeightsError(where + ": byte range does not match its shape and dtype");
  t.bytes.assign(data + offsets[0], data + offsets[1]);
  tensors.push_back(std::move(t));
  return {offsets[0], offsets[1]};
}

// JSON objects have no order: puts the tensors back in the order of their data (the file order), and
// refuses overlapping ones. ranges[i] is tensors[i]'s.
void put_in_file_order(std::vector<TensorData>& tensors, std::vector<ByteRange> ranges, const std::string& path) {
  std::vector<size_t> order(tensors.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ranges[a] < ranges[b]; });
  std::vector<TensorData> sorted;
  for (size_t i : order) sorted.push_back(std::move(tensors[i]));
  tensors = std::move(sorted);
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].first < ranges[i - 1].second) throw WeightsError(path + ": tensors overlap (corrupt header)");
}
}  // namespace

WeightsFile parse_weights(const uint8_t* bytes, size_t size, const std::string& path) {
  if (size < 8) throw WeightsError(path + ": truncated (" + std::to_string(size) + " bytes, not a safetensors file)");
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  if (n > kMaxHeader || n > size - 8)
    throw WeightsError(path + ": header length " + std::to_string(n) + " exceeds the file (truncated or not a safetensors file)");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes + 8, bytes + 8 + n);
  } catch (const nlohmann::json::exception& e) {
    throw WeightsError(path + ": corrupt header (" + e.what() + ")");
  }
  if (!header.is_object()) throw WeightsError(path + ": corrupt header (not a JSON object)");
  const uint8_t* data = bytes + 8 + n;
  const uint64_t data_size = size - 8 - n;

  WeightsFile w;
  std::vector<ByteRange> ranges;
  try {
    for (auto it = header.begin(); it != header.end(); ++it) {
      if (it.key() == "__metadata__") {
        for (auto m = it.value().begin(); m != it.value().end(); ++m) w.metadata[m.key()] = m.value().get<std::string>();
        continue;
      }
      ranges.push_back(parse_tensor(it.key(), it.value(), data, data_size, path, w.tensors));
    }
  } catch (const nlohmann::json::exception& e) {
    throw WeightsError(path + ": corrupt header (" + e.what() + ")");
  }
  put_in_file_order(w.tensors, std::move(ranges), path);
  auto sha = w.metadata.find(kShaKey);
  if (sha == w.metadata.end())
    throw WeightsError(path + ": no " + std::string(kShaKey) + " in the metadata (not written by Tengen?)");
  if (sha->second != sha256_hex(data, data_size))
    throw WeightsError(path + ": corrupt data (SHA-256 of the tensors does not match the header)");
  return w;
}

std::string file_sha256(const std::string& path) {
  const std::string data = read_all(path);
  return sha256_hex(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

}  // namespace tengen::nn
