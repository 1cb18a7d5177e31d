// A build without libtorch (cmake -DTENGEN_TORCH=OFF): app/network_factory.h says so by throwing, and
// the commands that are nothing but networks (train sl, value and rl; eval policy; bench nn) answer
// with what to install. Compiled instead of network_factory.cpp and those commands' files
// (app/CMakeLists.txt).
#include <cstring>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/network_factory.h"

namespace tengen::app {

namespace {

constexpr const char* kInstall = "this tengen was built without libtorch; install libtorch-dev and rebuild";

// --help still answers (exit 0), saying the command needs libtorch; anything else is exit 1.
int needs_torch(int argc, char** argv, const char* what) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << "Usage: " << what << " [options]\n\n" << what << " needs the networks: " << kInstall << ".\n";
      return 0;
    }
  }
  std::cerr << what << ": " << kInstall << "\n";
  return 1;
}

}  // namespace

bool networks_available() { return false; }

std::shared_ptr<nn::Evaluator> make_network_evaluator(const NetworkFiles&) {
  throw NoNetworksError(kInstall);
}

std::string write_random_value_network(const std::string&) { throw NoNetworksError(kInstall); }

int run_train_sl(int argc, char** argv) { return needs_torch(argc, argv, "tengen train sl"); }
int run_train_value(int argc, char** argv) { return needs_torch(argc, argv, "tengen train value"); }
int run_train_rl(int argc, char** argv) { return needs_torch(argc, argv, "tengen train rl"); }
int run_eval_policy(int argc, char** argv) { return needs_torch(argc, argv, "tengen eval policy"); }
int run_bench_nn(int argc, char** argv) { return needs_torch(argc, argv, "tengen bench nn"); }

}  // namespace tengen::app
