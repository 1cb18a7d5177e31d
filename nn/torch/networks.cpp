#include "nn/torch/networks.h"

#include <stdexcept>

namespace tengen::nn {

ConvTrunkImpl::ConvTrunkImpl(int input_planes, int filters, int first_kernel, int count) {
  convs_ = register_module("convs", torch::nn::ModuleList());
  for (int i = 0; i < count; ++i) {
    const int in = i == 0 ? input_planes : filters;
    const int k = i == 0 ? first_kernel : 3;
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(in, filters, k).padding(k / 2));
    // He initialisation: torch's default (uniform, gain 1/3) shrinks the signal at every ReLU layer,
    // and a 13-layer plain CNN then barely trains for thousands of steps.
    torch::NoGradGuard no_grad;
    torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanIn, torch::kReLU);
    torch::nn::init::zeros_(conv->bias);
    // Channels-last (NHWC) weights and activations: oneDNN then keeps one blocked layout instead of
    // re-laying out every call, which made a batch cost more per position than one position
    // (docs/BENCHMARKS.md, "Memory format"). Loading weights copies into these tensors, keeping it.
    conv->weight.set_data(conv->weight.contiguous(torch::MemoryFormat::ChannelsLast));
    convs_->push_back(conv);
  }
}

torch::Tensor ConvTrunkImpl::forward(torch::Tensor x) {
  x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  for (auto& m : *convs_) x = torch::relu(m->as<torch::nn::Conv2d>()->forward(x));
  return x;
}

namespace {
void check(const NetworkConfig& c, NetKind kind) {
  if (const absl::Status s = c.validate(); !s.ok())
    throw std::invalid_argument("network config: " + std::string(s.message()));
  if (c.kind != kind) throw std::invalid_argument("network config is for a " + c.kind_name() + " network");
}
}  // namespace

PolicyNetImpl::PolicyNetImpl(const NetworkConfig& config) : config_(config) {
  check(config, NetKind::kPolicy);
  const int s = config.board_size;
  trunk_ = register_module("trunk", ConvTrunk(config.input_planes, config.filters, config.first_kernel, config.layers - 1));
  head_ = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(config.filters, 1, 1).bias(false)));
  point_bias_ = register_parameter("point_bias", torch::zeros({s * s}));
}

torch::Tensor PolicyNetImpl::forward(torch::Tensor x) {
  x = head_->forward(trunk_->forward(x));  // [N, 1, S, S]
  return x.flatten(1) + point_bias_;
}

ValueNetImpl::ValueNetImpl(const NetworkConfig& config) : config_(config) {
  check(config, NetKind::kValue);
  const int s = config.board_size;
  trunk_ = register_module("trunk", ConvTrunk(config.input_planes, config.filters, config.first_kernel, config.layers - 1));
  head_ = register_module("head",
                          torch::nn::Conv2d(torch::nn::Conv2dOptions(config.filters, 1, 1).bias(!config.value_head_bn)));
  if (config.value_head_bn) head_bn_ = register_module("head_bn", torch::nn::BatchNorm2d(1));
  fc1_ = register_module("fc1", torch::nn::Linear(s * s, config.value_hidden));
  fc2_ = register_module("fc2", torch::nn::Linear(config.value_hidden, 1));
  if (config.value_aux) {
    ownership_head_ = register_module("ownership_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(config.filters, 1, 1)));
    score_head_ = register_module("score_head", torch::nn::Linear(config.value_hidden, 1));
  }
}

ValueOutputs ValueNetImpl::forward_all(torch::Tensor x) { return run(std::move(x), config_.value_aux); }

ValueOutputs ValueNetImpl::run(torch::Tensor x, bool aux) {
  ValueOutputs out;
  const torch::Tensor features = trunk_->forward(x);
  torch::Tensor head = head_->forward(features);
  if (head_bn_) head = torch::relu(head_bn_->forward(head));
  const torch::Tensor hidden = torch::relu(fc1_->forward(head.flatten(1)));
  out.hidden = hidden;
  out.logit = fc2_->forward(hidden).squeeze(1);
  if (aux) {
    out.ownership = torch::tanh(ownership_head_->forward(features).flatten(1));
    out.score = score_head_->forward(hidden).squeeze(1);
  }
  return out;
}

torch::Tensor ValueNetImpl::forward_logit(torch::Tensor x) { return run(std::move(x), /*aux=*/false).logit; }

torch::Tensor ValueNetImpl::forward(torch::Tensor x) { return torch::tanh(forward_logit(x)); }

torch::Tensor masked_softmax(const torch::Tensor& logits, const torch::Tensor& legal, double temperature) {
  const torch::Tensor mask = legal.to(torch::kBool);
  const torch::Tensor scaled = (logits / temperature).masked_fill(~mask, -std::numeric_limits<float>::infinity());
  torch::Tensor p = torch::softmax(scaled, 1);
  return torch::nan_to_num(p, 0.0);  // rows with no legal point: softmax of all -inf is NaN
}

}  // namespace tengen::nn
