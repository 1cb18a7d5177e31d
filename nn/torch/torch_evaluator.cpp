#include "nn/torch/torch_evaluator.h"
#include "nn/torch/torch_threads.h"

#include <torch/torch.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "nn/torch/module_evaluator.h"
#include "nn/torch/networks.h"
#include "nn/torch/torch_weights.h"

namespace tengen::nn {

struct TorchEvaluator::Impl {
  torch::Device device{torch::kCPU};
  PolicyNet policy{nullptr};
  ValueNet value{nullptr};
  int board_size = 0;
  int policy_planes = 0, value_planes = 0;
  std::mutex forward_mu;
};

namespace {

torch::Device parse_device(const std::string& name) {
  // "auto" is what a player gets from `tengen gtp` with no flags: the GPU when there is one.
  if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  std::optional<torch::Device> device;
  try {
    device.emplace(name);
  } catch (const std::exception&) {
  }
  if (!device || (!device->is_cpu() && !device->is_cuda()))
    throw std::invalid_argument("torch evaluator: device \"" + name + "\" is not auto, cpu, cuda or cuda:<index>");
  if (device->is_cuda() && !torch::cuda::is_available())
    throw std::runtime_error("torch evaluator: device \"" + name +
                             "\" asked for, but this libtorch sees no CUDA device (a CPU-only build, or no GPU)");
  if (device->is_cuda() && device->has_index() && device->index() >= static_cast<int>(torch::cuda::device_count()))
    throw std::runtime_error("torch evaluator: device \"" + name + "\" does not exist (" +
                             std::to_string(torch::cuda::device_count()) + " CUDA devices)");
  return *device;
}

void check_planes(const NetworkConfig& c, const std::string& path) {
  if (c.input_planes < 1 || c.input_planes > kValuePlanes)
    throw WeightsError(path + ": the network reads " + std::to_string(c.input_planes) +
                       " input planes; the evaluator has " + std::to_string(kValuePlanes));
}

}  // namespace

TorchEvaluator::TorchEvaluator(TorchEvaluatorOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  const TorchEvaluatorOptions& o = options_;
  if (o.policy_weights.empty() && o.value_weights.empty())
    throw std::invalid_argument("torch evaluator: neither policy nor value weights given");
  if (o.threads < 0) throw std::invalid_argument("torch evaluator: threads must not be negative");
  Impl& m = *impl_;
  m.device = parse_device(o.device);

  if (!o.policy_weights.empty()) {
    m.policy = load_policy_net(o.policy_weights);
    check_planes(m.policy->config(), o.policy_weights);
    m.policy_planes = m.policy->config().input_planes;
    m.board_size = m.policy->config().board_size;
  }
  if (!o.value_weights.empty()) {
    m.value = load_value_net(o.value_weights);
    check_planes(m.value->config(), o.value_weights);
    m.value_planes = m.value->config().input_planes;
    if (m.board_size != 0 && m.board_size != m.value->config().board_size)
      throw WeightsError("torch evaluator: the policy network " + o.policy_weights + " is for " +
                         std::to_string(m.board_size) + "x" + std::to_string(m.board_size) +
                         " but the value network " + o.value_weights + " for " +
                         std::to_string(m.value->config().board_size) + "x" +
                         std::to_string(m.value->config().board_size));
    m.board_size = m.value->config().board_size;
  }

  // Before any forward pass: torch's worker pool takes the count when it first runs.
  if (m.device.is_cpu()) set_torch_threads(o.threads);
  if (m.policy) {
    m.policy->to(m.device);
    m.policy->eval();
  }
  if (m.value) {
    m.value->to(m.device);
    m.value->eval();
  }
}

TorchEvaluator::TorchEvaluator(std::unique_ptr<Impl> impl, TorchEvaluatorOptions options)
    : options_(std::move(options)), impl_(std::move(impl)) {}

std::unique_ptr<TorchEvaluator> make_module_evaluator(PolicyNet policy, ValueNet value, const std::string& device) {
  if (!policy && !value) throw std::invalid_argument("module evaluator: no network");
  auto m = std::make_unique<TorchEvaluator::Impl>();
  m->device = parse_device(device);
  m->policy = policy;
  m->value = value;
  if (policy) {
    m->policy_planes = policy->config().input_planes;
    m->board_size = policy->config().board_size;
  }
  if (value) {
    m->value_planes = value->config().input_planes;
    m->board_size = value->config().board_size;
  }
  TorchEvaluatorOptions o;
  o.device = device;
  o.threads = 0;
  return std::make_unique<TorchEvaluator>(std::move(m), o);
}

TorchEvaluator::~TorchEvaluator() = default;

std::string TorchEvaluator::name() const { return impl_->device.is_cuda() ? "torch-cuda" : "torch-cpu"; }
int TorchEvaluator::board_size() const { return impl_->board_size; }
bool TorchEvaluator::has_policy() const { return static_cast<bool>(impl_->policy); }
bool TorchEvaluator::has_value() const { return static_cast<bool>(impl_->value); }

void TorchEvaluator::evaluate(const EvalInput* in, int n, EvalOutput* out) {
  if (n <= 0) return;
  Impl& m = *impl_;
  const int s = m.board_size, points = s * s;
  const size_t floats = static_cast<size_t>(kValuePlanes) * points;
  try {
    torch::NoGradGuard no_grad;
    // Packed on the CPU (the caller's planes are scattered), then moved to the device in one copy.
    torch::Tensor x = torch::empty({n, kValuePlanes, s, s}, torch::kFloat32);
    float* dst = x.data_ptr<float>();
    for (int i = 0; i < n; ++i) {
      if (!in[i].planes) throw std::invalid_argument("torch evaluator: position without planes");
      std::memcpy(dst + static_cast<size_t>(i) * floats, in[i].planes, floats * sizeof(float));
    }
    torch::Tensor logits, values;
    {
      std::lock_guard<std::mutex> lock(m.forward_mu);
      if (m.device.is_cuda()) x = x.to(m.device);
      if (m.policy) logits = m.policy->forward(x.narrow(1, 0, m.policy_planes).contiguous()).to(torch::kCPU);
      if (m.value) values = m.value->forward(x.narrow(1, 0, m.value_planes).contiguous()).to(torch::kCPU);
    }
    if (logits.defined()) logits = logits.contiguous();
    if (values.defined()) values = values.contiguous();
    const float* lp = logits.defined() ? logits.data_ptr<float>() : nullptr;
    const float* vp = values.defined() ? values.data_ptr<float>() : nullptr;
    for (int i = 0; i < n; ++i) {
      out[i] = EvalOutput{};
      if (lp) std::memcpy(out[i].logits.data(), lp + static_cast<size_t>(i) * points, points * sizeof(float));
      if (vp) out[i].value = vp[i];
    }
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {
    // c10::Error and friends are not runtime_errors; the Evaluator contract promises one.
    throw std::runtime_error("torch evaluator (" + name() + "): " + e.what());
  }
}

}  // namespace tengen::nn
