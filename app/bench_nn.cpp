// `tengen bench nn`: forward passes per second of the policy/value networks on this machine's CPU
// (or a CUDA device when libtorch has one), for the named presets, with random weights: speed does
// not depend on the weight values.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "nn/network_config.h"
#if TENGEN_HAVE_TORCH
#include "nn/torch/networks.h"
#endif

namespace po = boost::program_options;

namespace tengen::app {

int run_bench_nn(int argc, char** argv) {
  std::vector<std::string> presets;
  std::vector<int> batches;
  std::string kind = "policy", device = "cpu";
  double seconds = 3;
  int threads = 1;
  po::options_description opts("Options for `tengen bench nn`");
  opts.add_options()("help,h", "this text")(
      "preset", po::value<std::vector<std::string>>(&presets)->multitoken(), "network presets (default: cpu alphago)")(
      "kind", po::value<std::string>(&kind)->default_value("policy"), "policy or value")(
      "batch", po::value<std::vector<int>>(&batches)->multitoken(), "batch sizes (default: 1 16)")(
      "seconds", po::value<double>(&seconds)->default_value(3), "time per measurement")(
      "threads", po::value<int>(&threads)->default_value(1), "torch intra-op threads (1 = one core)")(
      "device", po::value<std::string>(&device)->default_value("cpu"), "cpu or cuda");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, opts), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: tengen bench nn [options]\n\nForward passes of the networks per second, "
                 "19x19 inputs, random weights.\n\n" << opts;
    return 0;
  }
#if TENGEN_HAVE_TORCH
  if (presets.empty()) presets = {"cpu", "alphago"};
  if (batches.empty()) batches = {1, 16};
  if (kind != "policy" && kind != "value") {
    std::cerr << "tengen bench nn: --kind must be policy or value\n";
    return 2;
  }
  if (device == "cuda" && !torch::cuda::is_available()) {
    std::cerr << "tengen bench nn: this libtorch has no CUDA device\n";
    return 1;
  }
  torch::set_num_threads(threads);
  torch::NoGradGuard no_grad;
  const torch::Device dev = device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  std::printf("%-8s %-6s %6s %14s %12s\n", "preset", "kind", "batch", "positions/s", "ms/batch");
  for (const std::string& name : presets) {
    const nn::NetKind k = kind == "policy" ? nn::NetKind::kPolicy : nn::NetKind::kValue;
    std::optional<nn::NetworkConfig> cfg = nn::network_preset(name, k);
    if (!cfg) {
      std::cerr << "tengen bench nn: unknown preset '" << name << "'\n";
      return 2;
    }
    std::shared_ptr<torch::nn::Module> net;
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    if (k == nn::NetKind::kPolicy) {
      nn::PolicyNet p(*cfg);
      p->to(dev);
      p->eval();
      net = p.ptr();
      forward = [p](const torch::Tensor& x) mutable { return p->forward(x); };
    } else {
      nn::ValueNet v(*cfg);
      v->to(dev);
      v->eval();
      net = v.ptr();
      forward = [v](const torch::Tensor& x) mutable { return v->forward(x); };
    }
    for (int b : batches) {
      torch::Tensor x = torch::rand({b, cfg->input_planes, 19, 19}, dev).round();
      forward(x);  // warm-up: first call allocates and picks kernels
      int64_t n = 0;
      const auto start = std::chrono::steady_clock::now();
      double elapsed = 0;
      while (elapsed < seconds) {
        torch::Tensor y = forward(x);
        if (dev.is_cuda()) torch::cuda::synchronize();
        else y.sum().item<float>();
        n += b;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      std::printf("%-8s %-6s %6d %14.0f %12.2f\n", name.c_str(), kind.c_str(), b, n / elapsed, 1000.0 * elapsed / (n / b));
    }
  }
  return 0;
#else
  std::cerr << "tengen bench nn: this tengen was built without libtorch (TENGEN_TORCH=OFF); install "
               "libtorch-dev and rebuild\n";
  return 1;
#endif
}

}  // namespace tengen::app
