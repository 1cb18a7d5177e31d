// The libtorch side of app/network_factory.h (compiled only in builds with libtorch).
#include "app/network_factory.h"

#include <filesystem>
#include <optional>

#include "nn/network_config.h"
#include "nn/torch/torch_evaluator.h"
#include "nn/torch/torch_weights.h"

namespace tengen::app {

bool networks_available() { return true; }

std::shared_ptr<nn::Evaluator> make_network_evaluator(const NetworkFiles& files) {
  nn::TorchEvaluatorOptions o;
  o.policy_weights = files.policy;
  o.value_weights = files.value;
  o.device = files.device;
  o.threads = files.threads;
  return std::make_shared<nn::TorchEvaluator>(o);
}

std::string write_random_value_network(const std::string& preset) {
  const std::optional<nn::NetworkConfig> cfg = nn::network_preset(preset, nn::NetKind::kValue);
  if (!cfg) throw std::invalid_argument("unknown preset '" + preset + "'");
  const std::string path = (std::filesystem::temp_directory_path() / "tengen-bench-random-value.safetensors").string();
  nn::ValueNet net(*cfg);
  nn::save_network(path, *net, *cfg, {{"tengen.train.note", "random weights for benchmarking"}});
  return path;
}

}  // namespace tengen::app
