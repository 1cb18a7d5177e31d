// Saving and loading PolicyNet / ValueNet through weights files (nn/weights_file.h). The network's
// architecture travels in the metadata, so a file alone rebuilds its network; loading checks every
// tensor's name and shape and names the first mismatch. Works the same on libtorch 1.13 (CPU) and
// 2.x (CUDA): tensors are copied through CPU float32 bytes.
// Thread-safety: not for a module that is being trained concurrently.
#pragma once

#include <map>
#include <string>

#include "nn/torch/networks.h"
#include "nn/weights_file.h"

namespace tengen::nn {

// Every parameter and buffer of `module` as F32 tensors, plus `metadata` and the config's entries.
WeightsFile module_to_weights(torch::nn::Module& module, const NetworkConfig& config,
                              std::map<std::string, std::string> metadata);
// Copies the file's tensors into `module` (same names, same shapes, nothing missing or extra);
// throws WeightsError naming the file and the first problem.
void weights_to_module(const WeightsFile& w, torch::nn::Module& module, const std::string& source);

void save_network(const std::string& path, torch::nn::Module& module, const NetworkConfig& config,
                  std::map<std::string, std::string> metadata);
// Build the network the file describes and load it (CPU). Throws WeightsError (also when the file
// holds the other kind of network).
PolicyNet load_policy_net(const std::string& path, std::map<std::string, std::string>* metadata = nullptr);
ValueNet load_value_net(const std::string& path, std::map<std::string, std::string>* metadata = nullptr);

}  // namespace tengen::nn
