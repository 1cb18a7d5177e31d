// `tengen bench nn`: forward passes per second of the policy/value networks on this machine's CPU
// (or a CUDA device when libtorch has one), for the named presets, with random weights: speed does
// not depend on the weight values. `--train`: training steps instead (forward, the training loss —
// cross-entropy for a policy, squared error for a value — backward, SGD with momentum), in positions/s.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "app/commands.h"
#include "nn/torch/torch_threads.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "nn/network_config.h"
#include "nn/torch/cuda_autocast.h"
#include "nn/torch/networks.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

struct BenchNnArgs {
  std::vector<std::string> presets;
  std::vector<int> batches;
  std::string kind = "policy", device = "cpu";
  double seconds = 3;
  int threads = 1;
  bool train = false, bf16 = false;
};

// The rows of one preset: positions per second at each batch size, on random 0/1 inputs.
void bench_preset(const BenchNnArgs& a, const std::string& name, const nn::NetworkConfig& cfg, const torch::Device& dev) {
  std::shared_ptr<torch::nn::Module> net;
  std::function<torch::Tensor(const torch::Tensor&)> forward;
  if (cfg.kind == nn::NetKind::kPolicy) {
    nn::PolicyNet p(cfg);
    p->to(dev);
    if (!a.train) p->eval();
    net = p.ptr();
    forward = [p](const torch::Tensor& x) mutable { return p->forward(x); };
  } else {
    nn::ValueNet v(cfg);
    v->to(dev);
    if (!a.train) v->eval();
    net = v.ptr();
    forward = [v](const torch::Tensor& x) mutable { return v->forward(x); };
  }
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(1e-4).momentum(0.9));
  // One step: inference is a forward pass; training adds the loss, its gradient and the update.
  auto step = [&](const torch::Tensor& x) {
    if (a.bf16) nn::set_cuda_autocast(true);
    torch::Tensor y = forward(x);
    if (a.bf16) nn::set_cuda_autocast(false);
    if (a.train) {
      const torch::Tensor loss = cfg.kind == nn::NetKind::kPolicy
                                     ? torch::nn::functional::cross_entropy(y, torch::zeros({x.size(0)}, torch::kLong).to(dev))
                                     : (y - 1).pow(2).mean();
      sgd.zero_grad();
      loss.backward();
      sgd.step();
      y = loss;
    }
    if (dev.is_cuda()) torch::cuda::synchronize();
    else y.sum().item<float>();
  };
  for (int b : a.batches) {
    torch::Tensor x = torch::rand({b, cfg.input_planes, 19, 19}, dev).round();
    step(x);  // warm-up: first call allocates and picks kernels
    int64_t n = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < a.seconds) {
      step(x);
      n += b;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    // A training step: the forward pass, and about twice its cost again for the backward pass.
    const double flops = cfg.forward_flops() * (a.train ? 3 : 1);
    std::printf("%-9s %-6s %6d %14.0f %12.2f %10.1f%s%s\n", name.c_str(), a.kind.c_str(), b, n / elapsed,
                1000.0 * elapsed / (n / b), flops * n / elapsed / 1e9, a.train ? "  (training)" : "",
                a.bf16 ? "  (bf16)" : "");
  }
}

}  // namespace

int run_bench_nn(int argc, char** argv) {
  BenchNnArgs a;
  po::options_description opts("Options for `tengen bench nn`");
  opts.add_options()("help,h", "this text")(
      "preset", po::value<std::vector<std::string>>(&a.presets)->multitoken(), "network presets (default: cpu alphago)")(
      "kind", po::value<std::string>(&a.kind)->default_value("policy"), "policy or value")(
      "batch", po::value<std::vector<int>>(&a.batches)->multitoken(), "batch sizes (default: 1 16)")(
      "seconds", po::value<double>(&a.seconds)->default_value(3), "time per measurement")(
      "threads", po::value<int>(&a.threads)->default_value(1), "torch intra-op threads (1 = one core)")(
      "train", po::bool_switch(&a.train), "time training steps (forward, loss, backward, SGD) instead of inference")(
      "device", po::value<std::string>(&a.device)->default_value("cpu"), "cpu or cuda")(
      "bf16", po::bool_switch(&a.bf16), "CUDA: bfloat16 autocast, as training uses it");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen bench nn"))) return 0;
  if (a.presets.empty()) a.presets = {"cpu", "alphago"};
  if (a.batches.empty()) a.batches = {1, 16};
  if (a.kind != "policy" && a.kind != "value") {
    std::cerr << "tengen bench nn: --kind must be policy or value\n";
    return 2;
  }
  if (a.device == "cuda" && !torch::cuda::is_available()) {
    std::cerr << "tengen bench nn: this libtorch has no CUDA device\n";
    return 1;
  }
  if (a.bf16 && a.device != "cuda") {
    std::cerr << "tengen bench nn: --bf16 is CUDA's autocast: add --device cuda\n";
    return 2;
  }
  nn::set_torch_threads(a.threads);
  std::optional<torch::NoGradGuard> no_grad;
  if (!a.train) no_grad.emplace();
  const torch::Device dev = a.device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  std::printf("%-9s %-6s %6s %14s %12s %10s\n", "preset", "kind", "batch", "positions/s", "ms/batch", "GFLOP/s");
  for (const std::string& name : a.presets) {
    std::optional<nn::NetworkConfig> cfg =
        nn::network_preset(name, a.kind == "policy" ? nn::NetKind::kPolicy : nn::NetKind::kValue);
    if (!cfg) {
      std::cerr << "tengen bench nn: unknown preset '" << name << "'\n";
      return 2;
    }
    bench_preset(a, name, *cfg, dev);
  }
  return 0;
}

}  // namespace tengen::app
