#include "nn/torch/torch_weights.h"

#include <cstring>

namespace tengen::nn {

namespace {

std::string shape_text(const std::vector<int64_t>& s) {
  std::string t = "[";
  for (size_t i = 0; i < s.size(); ++i) t += (i ? "," : "") + std::to_string(s[i]);
  return t + "]";
}

// Parameters then buffers, by their stable dotted names.
std::vector<std::pair<std::string, torch::Tensor>> named_tensors(torch::nn::Module& m) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : m.named_parameters()) out.emplace_back(p.key(), p.value());
  for (const auto& b : m.named_buffers()) out.emplace_back(b.key(), b.value());
  return out;
}

NetworkConfig config_of(const WeightsFile& w, const std::string& path, NetKind want) {
  const absl::StatusOr<NetworkConfig> c = NetworkConfig::from_metadata(w.metadata);
  if (!c.ok()) throw WeightsError(path + ": " + std::string(c.status().message()));
  if (c->kind != want)
    throw WeightsError(path + ": holds a " + c->kind_name() + " network, not a " +
                       (want == NetKind::kPolicy ? "policy" : "value") + " network");
  return *c;
}

}  // namespace

WeightsFile module_to_weights(torch::nn::Module& module, const NetworkConfig& config,
                              std::map<std::string, std::string> metadata) {
  WeightsFile w;
  w.metadata = std::move(metadata);
  for (auto& [k, v] : config.to_metadata()) w.metadata[k] = v;
  w.metadata["format"] = "pt";  // what safetensors tools expect for torch-style names
  for (auto& [name, tensor] : named_tensors(module)) {
    torch::Tensor t = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    TensorData d;
    d.name = name;
    d.dtype = DType::kF32;
    d.shape = t.sizes().vec();
    d.bytes.resize(static_cast<size_t>(t.numel()) * 4);
    std::memcpy(d.bytes.data(), t.data_ptr<float>(), d.bytes.size());
    w.tensors.push_back(std::move(d));
  }
  return w;
}

void weights_to_module(const WeightsFile& w, torch::nn::Module& module, const std::string& source) {
  torch::NoGradGuard no_grad;
  auto tensors = named_tensors(module);
  for (auto& [name, tensor] : tensors) {
    const TensorData* d = w.find(name);
    if (!d) throw WeightsError(source + ": tensor '" + name + "' is missing (architecture mismatch?)");
    if (d->shape != tensor.sizes().vec())
      throw WeightsError(source + ": tensor '" + name + "' has shape " + shape_text(d->shape) +
                         ", the network expects " + shape_text(tensor.sizes().vec()));
    if (d->dtype != DType::kF32) throw WeightsError(source + ": tensor '" + name + "' is not F32");
    torch::Tensor cpu = torch::empty(d->shape, torch::kFloat32);
    std::memcpy(cpu.data_ptr<float>(), d->bytes.data(), d->bytes.size());
    tensor.copy_(cpu.to(tensor.device()));
  }
  if (w.tensors.size() != tensors.size())
    throw WeightsError(source + ": the file has " + std::to_string(w.tensors.size()) + " tensors, the network " +
                       std::to_string(tensors.size()) + " (architecture mismatch)");
}

void save_network(const std::string& path, torch::nn::Module& module, const NetworkConfig& config,
                  std::map<std::string, std::string> metadata) {
  save_weights(path, module_to_weights(module, config, std::move(metadata)));
}

namespace {
template <class Net>
Net load_net(const std::string& path, NetKind kind, std::map<std::string, std::string>* metadata) {
  WeightsFile w = load_weights(path);
  Net net(config_of(w, path, kind));
  weights_to_module(w, *net, path);
  if (metadata) *metadata = w.metadata;
  return net;
}
}  // namespace

PolicyNet load_policy_net(const std::string& path, std::map<std::string, std::string>* metadata) {
  return load_net<PolicyNet>(path, NetKind::kPolicy, metadata);
}

ValueNet load_value_net(const std::string& path, std::map<std::string, std::string>* metadata) {
  return load_net<ValueNet>(path, NetKind::kValue, metadata);
}

}  // namespace tengen::nn
