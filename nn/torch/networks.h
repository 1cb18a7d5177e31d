// The AlphaGo policy and value networks in libtorch (docs/ALPHAGO.md §2.1, §5.1), shaped by NetworkConfig.
// PolicyNet::forward: [N, planes, S, S] float -> logits [N, S*S] (no pass output: AlphaGo's policy
// has none; pass is the search's decision). ValueNet::forward: [N, planes, S, S] -> [N] in (-1, 1),
// the expected outcome for the side to move. Parameter names are stable ("trunk.0.weight", ...):
// they are the tensor names in weights files. Thread-safety: a module is not safe to train from two
// threads; inference from several threads is safe under torch's usual rules (NoGradGuard).
#pragma once

#include <torch/torch.h>

#include "nn/network_config.h"

namespace tengen::nn {

// The k-filter convolutions both networks share: conv first_kernel x first_kernel, then 3x3 ones,
// zero padding to keep S x S, ReLU after each.
class ConvTrunkImpl : public torch::nn::Module {
 public:
  ConvTrunkImpl(int input_planes, int filters, int first_kernel, int count);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::ModuleList convs_;
};
TORCH_MODULE(ConvTrunk);

class PolicyNetImpl : public torch::nn::Module {
 public:
  explicit PolicyNetImpl(const NetworkConfig& config);
  torch::Tensor forward(torch::Tensor x);  // logits [N, S*S]
  const NetworkConfig& config() const { return config_; }

 private:
  NetworkConfig config_;
  ConvTrunk trunk_{nullptr};
  torch::nn::Conv2d head_{nullptr};  // 1x1, one filter, no bias: the bias is per point
  torch::Tensor point_bias_;
};
TORCH_MODULE(PolicyNet);

// A value network's outputs in training: the value before its tanh, and with config.value_aux the
// auxiliary heads' (undefined tensors without them).
struct ValueOutputs {
  torch::Tensor logit;      // [N]
  torch::Tensor ownership;  // [N, S*S] in (-1, 1): the final owner of each point, + the side to move
  torch::Tensor score;      // [N]: the final margin for the side to move, in units of 20 points
  torch::Tensor hidden;     // [N, value_hidden]: the FC layer after its ReLU (for the dead-unit count)
};

class ValueNetImpl : public torch::nn::Module {
 public:
  explicit ValueNetImpl(const NetworkConfig& config);
  torch::Tensor forward(torch::Tensor x);  // [N] in (-1, 1): tanh(forward_logit(x))
  torch::Tensor forward_logit(torch::Tensor x);  // [N], before the tanh (for a cross-entropy objective)
  ValueOutputs forward_all(torch::Tensor x);
  const NetworkConfig& config() const { return config_; }

 private:
  NetworkConfig config_;
  ConvTrunk trunk_{nullptr};
  torch::nn::Conv2d head_{nullptr};
  torch::nn::BatchNorm2d head_bn_{nullptr};  // config.value_head_bn only
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
  ValueOutputs run(torch::Tensor x, bool aux);  // the value, and the auxiliary heads when `aux`
  torch::nn::Conv2d ownership_head_{nullptr};  // value_aux only
  torch::nn::Linear score_head_{nullptr};      // value_aux only
};
TORCH_MODULE(ValueNet);

// Masked softmax over the legal points: logits [N, S*S], legal mask [N, S*S] (bool or 0/1);
// illegal points get probability 0. A row with no legal point gets all zeros (the caller passes).
torch::Tensor masked_softmax(const torch::Tensor& logits, const torch::Tensor& legal, double temperature = 1.0);

}  // namespace tengen::nn
