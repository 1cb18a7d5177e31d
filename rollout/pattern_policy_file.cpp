// PatternPolicy::load and ::save: the policy in a safetensors weights file (nn/weights_file.h). Kept
// apart from the policy itself (rollout/pattern_policy.cpp) in its own library, tengen_rollout_file,
// so that the search, which only uses loaded policies, links no JSON or crypto library.
#include <cmath>
#include <cstring>

#include "nn/weights_file.h"
#include "rollout/pattern_policy.h"

namespace tengen::nn {

namespace {

constexpr const char* kKindKey = "tengen.kind";
constexpr const char* kFormatKey = "tengen.pattern_format";
constexpr const char* kFormatVersion = "2";  // 2: response keys canonical by diamond first

std::vector<uint64_t> keys_from(const WeightsFile& w, const std::string& path, const char* name, bool required) {
  const TensorData* t = w.find(name);
  if (!t) {
    if (required) throw WeightsError(path + ": missing tensor '" + name + "' (not a tengen pattern-policy file?)");
    return {};
  }
  if (t->dtype != DType::kI64 || t->shape.size() != 1)
    throw WeightsError(path + ": tensor '" + std::string(name) + "' should be a 1-D I64 tensor");
  std::vector<uint64_t> keys(static_cast<size_t>(t->numel()));
  std::memcpy(keys.data(), t->bytes.data(), keys.size() * 8);
  return keys;
}

TensorData keys_tensor(const char* name, const std::vector<uint64_t>& keys) {
  TensorData t;
  t.name = name;
  t.dtype = DType::kI64;
  t.shape = {static_cast<int64_t>(keys.size())};
  t.bytes.resize(keys.size() * 8);
  std::memcpy(t.bytes.data(), keys.data(), t.bytes.size());
  return t;
}

}  // namespace

PatternPolicy PatternPolicy::load(const std::string& path) {
  const WeightsFile w = load_weights(path);
  auto meta = [&](const char* key) -> std::string {
    auto it = w.metadata.find(key);
    return it == w.metadata.end() ? std::string() : it->second;
  };
  const std::string kind = meta(kKindKey);
  if (kind != "rollout-policy" && kind != "tree-policy")
    throw WeightsError(path + ": not a rollout or tree policy (metadata " + kKindKey + " is '" + kind + "')");
  if (meta(kFormatKey) != kFormatVersion)
    throw WeightsError(path + ": unsupported pattern format '" + meta(kFormatKey) + "' (this tengen reads " + kFormatVersion + ")");
  PatternPolicy p;
  p.kind_ = kind == "tree-policy" ? PatternPolicyKind::kTree : PatternPolicyKind::kRollout;
  p.keys3_ = keys_from(w, path, "keys3", true);
  p.keys_response_ = keys_from(w, path, "keys_response", true);
  p.keys_diamond_ = keys_from(w, path, "keys_diamond", p.kind_ == PatternPolicyKind::kTree);
  const TensorData* t = w.find("weights");
  if (!t || t->dtype != DType::kF32 || t->shape.size() != 1)
    throw WeightsError(path + ": missing or malformed 1-D F32 tensor 'weights'");
  p.build_indexes();
  const size_t expected = static_cast<size_t>(p.base_diamond_) + p.keys_diamond_.size();
  if (static_cast<size_t>(t->numel()) != expected)
    throw WeightsError(path + ": 'weights' has " + std::to_string(t->numel()) + " entries, but the dictionaries need " +
                       std::to_string(expected));
  p.weights_.resize(expected);
  std::memcpy(p.weights_.data(), t->bytes.data(), expected * 4);
  for (float v : p.weights_)
    if (!std::isfinite(v)) throw WeightsError(path + ": 'weights' contains a non-finite value");
  p.metadata_ = w.metadata;
  p.finalize();
  return p;
}

void PatternPolicy::save(const std::string& path, const std::map<std::string, std::string>& metadata) const {
  WeightsFile w;
  w.metadata = metadata;
  w.metadata[kKindKey] = kind_ == PatternPolicyKind::kTree ? "tree-policy" : "rollout-policy";
  w.metadata[kFormatKey] = kFormatVersion;
  TensorData t;
  t.name = "weights";
  t.dtype = DType::kF32;
  t.shape = {static_cast<int64_t>(weights_.size())};
  t.bytes.resize(weights_.size() * 4);
  std::memcpy(t.bytes.data(), weights_.data(), t.bytes.size());
  w.tensors.push_back(std::move(t));
  w.tensors.push_back(keys_tensor("keys3", keys3_));
  w.tensors.push_back(keys_tensor("keys_response", keys_response_));
  if (kind_ == PatternPolicyKind::kTree) w.tensors.push_back(keys_tensor("keys_diamond", keys_diamond_));
  save_weights(path, w);
}

}  // namespace tengen::nn
