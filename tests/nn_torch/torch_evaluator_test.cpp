// The torch evaluator (nn/torch/torch_evaluator.h): on positions from real 9x9 games its logits and
// values are the networks' own outputs (policy on the first 48 planes, value on all 49), alone, in
// batches and behind the batching evaluator; files and devices that cannot work are refused with
// the reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "engine/features.h"
#include "nn/batching_evaluator.h"
#include "nn/torch/networks.h"
#include "nn/torch/torch_evaluator.h"
#include "nn/torch/torch_weights.h"
#include "testutil/ascii_board.h"

namespace tengen::nn {
namespace {

constexpr int kSize = 9;

NetworkConfig tiny(NetKind kind, int size = kSize) {
  NetworkConfig c = *network_preset("cpu", kind);
  c.preset = "tiny";
  c.layers = 3;
  c.filters = 8;
  c.value_hidden = 16;
  c.board_size = size;
  return c;
}

// Named after the running test: ctest may run this file's tests in parallel processes.
std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "tengen_te_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
         "_" + name;
}

// A random tiny policy and value network, saved; the in-memory copies are the reference.
struct TinyNets {
  PolicyNet policy{nullptr};
  ValueNet value{nullptr};
  std::string policy_path = temp_path("policy.safetensors"), value_path = temp_path("value.safetensors");

  TinyNets() {
    torch::manual_seed(11);
    policy = PolicyNet(tiny(NetKind::kPolicy));
    value = ValueNet(tiny(NetKind::kValue));
    {
      // A random 8-filter value head is often dead after its ReLU, answering the same for every
      // position; a positive bias keeps it alive, so the checks below can see what it reads.
      torch::NoGradGuard no_grad;
      value->named_parameters()["head.bias"].fill_(0.5);
    }
    save_network(policy_path, *policy, policy->config(), {});
    save_network(value_path, *value, value->config(), {});
    policy->eval();
    value->eval();
  }
  ~TinyNets() {
    std::remove(policy_path.c_str());
    std::remove(value_path.c_str());
  }
};

// Positions from random 9x9 games of 3..63 moves: the 49 value planes of each.
std::vector<std::vector<float>> game_positions(int count) {
  std::vector<std::vector<float>> v;
  for (int i = 0; i < count; ++i)
    v.push_back(testutil::features_of(testutil::random_game(kSize, 3 + 12 * i, 50 + static_cast<uint32_t>(i)),
                                      FeatureSet::kValue49));
  return v;
}

torch::Tensor stack(const std::vector<std::vector<float>>& planes) {
  torch::Tensor x = torch::empty({static_cast<int64_t>(planes.size()), kValuePlanes, kSize, kSize});
  for (size_t i = 0; i < planes.size(); ++i)
    x[static_cast<int64_t>(i)].copy_(torch::from_blob(const_cast<float*>(planes[i].data()), {kValuePlanes, kSize, kSize}));
  return x;
}

std::vector<EvalOutput> evaluate_all(Evaluator& e, const std::vector<std::vector<float>>& planes) {
  std::vector<EvalInput> in;
  for (const auto& p : planes) in.push_back({p.data(), 0});
  std::vector<EvalOutput> out(planes.size());
  e.evaluate(in.data(), static_cast<int>(in.size()), out.data());
  return out;
}

// Same numbers up to float rounding (a different batch may take another convolution path).
void expect_matches_networks(const std::vector<EvalOutput>& out, const std::vector<std::vector<float>>& planes,
                             TinyNets& nets, bool policy, bool value) {
  torch::NoGradGuard no_grad;
  const torch::Tensor x = stack(planes);
  const torch::Tensor logits = nets.policy->forward(x.narrow(1, 0, kPolicyPlanes).contiguous());
  const torch::Tensor values = nets.value->forward(x);
  ASSERT_EQ(logits.sizes().vec(), (std::vector<int64_t>{static_cast<int64_t>(planes.size()), kSize * kSize}));
  for (size_t i = 0; i < planes.size(); ++i) {
    for (int p = 0; p < kMaxPoints; ++p) {
      const float want = policy && p < kSize * kSize ? logits[static_cast<int64_t>(i)][p].item<float>() : 0.0f;
      EXPECT_NEAR(out[i].logits[p], want, 1e-5f * std::max(1.0f, std::abs(want))) << "position " << i << " point " << p;
    }
    const float want = value ? values[static_cast<int64_t>(i)].item<float>() : 0.0f;
    EXPECT_NEAR(out[i].value, want, 1e-5f) << "position " << i;
  }
}

TEST(TorchEvaluator, GivesTheNetworksOutputsOnRealPositions) {
  TinyNets nets;
  TorchEvaluator e(TorchEvaluatorOptions{nets.policy_path, nets.value_path});
  EXPECT_EQ(e.name(), "torch-cpu");
  EXPECT_EQ(e.board_size(), kSize);
  EXPECT_TRUE(e.has_policy());
  EXPECT_TRUE(e.has_value());
  const std::vector<std::vector<float>> planes = game_positions(6);
  expect_matches_networks(evaluate_all(e, planes), planes, nets, true, true);
  // One at a time, too: the answer does not depend on the batch.
  for (size_t i = 0; i < planes.size(); ++i)
    expect_matches_networks(evaluate_all(e, {planes[i]}), {planes[i]}, nets, true, true);
  // Plane 48 (black to move) is the value network's alone: flipping it moves the value, not the
  // policy.
  std::vector<float> flipped = planes[1];
  for (int i = 0; i < kSize * kSize; ++i) {
    float& f = flipped[static_cast<size_t>(plane::kPlayerIsBlack * kSize * kSize + i)];
    f = 1.0f - f;
  }
  const EvalOutput a = evaluate_all(e, {planes[1]})[0], b = evaluate_all(e, {flipped})[0];
  EXPECT_EQ(a.logits, b.logits);
  EXPECT_NE(a.value, b.value);
}

TEST(TorchEvaluator, EitherNetworkMayBeAbsent) {
  TinyNets nets;
  const std::vector<std::vector<float>> planes = game_positions(3);
  TorchEvaluator policy_only(TorchEvaluatorOptions{nets.policy_path, ""});
  EXPECT_TRUE(policy_only.has_policy());
  EXPECT_FALSE(policy_only.has_value());
  expect_matches_networks(evaluate_all(policy_only, planes), planes, nets, true, false);
  TorchEvaluator value_only(TorchEvaluatorOptions{"", nets.value_path});
  EXPECT_FALSE(value_only.has_policy());
  EXPECT_TRUE(value_only.has_value());
  EXPECT_EQ(value_only.board_size(), kSize);
  expect_matches_networks(evaluate_all(value_only, planes), planes, nets, false, true);
}

TEST(TorchEvaluator, WorksBehindTheBatchingEvaluator) {
  TinyNets nets;
  auto backend = std::make_shared<TorchEvaluator>(TorchEvaluatorOptions{nets.policy_path, nets.value_path});
  const std::vector<std::vector<float>> planes = game_positions(5);
  const std::vector<EvalOutput> direct = evaluate_all(*backend, planes);
  BatchingOptions o;
  o.max_batch = 4;
  o.consumer_threads = 2;
  BatchingEvaluator batcher(backend, o);
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int j = 0; j < 20; ++j) {
        const size_t i = static_cast<size_t>(t + j) % planes.size();
        const EvalOutput out = batcher.submit(planes[i].data(), 0).get();
        bool ok = std::abs(out.value - direct[i].value) < 1e-5f;
        for (int p = 0; p < kSize * kSize; ++p) ok = ok && std::abs(out.logits[p] - direct[i].logits[p]) < 1e-4f;
        if (!ok) ++wrong[t];
      }
    });
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
  EXPECT_EQ(batcher.stats().evaluations, 80);
}

TEST(TorchEvaluator, RefusesFilesThatCannotWorkWithTheReason) {
  TinyNets nets;
  EXPECT_THROW(TorchEvaluator(TorchEvaluatorOptions{}), std::invalid_argument);
  EXPECT_THROW(TorchEvaluator(TorchEvaluatorOptions{temp_path("does-not-exist.safetensors"), ""}), WeightsError);
  EXPECT_THROW(TorchEvaluator(TorchEvaluatorOptions{"", temp_path("does-not-exist.safetensors")}), WeightsError);
  // A policy network where the value network should be.
  EXPECT_THROW(TorchEvaluator(TorchEvaluatorOptions{nets.policy_path, nets.policy_path}), WeightsError);
  // A 9x9 policy with a 7x7 value network.
  const std::string small = temp_path("value7.safetensors");
  ValueNet v7(tiny(NetKind::kValue, 7));
  save_network(small, *v7, v7->config(), {});
  try {
    TorchEvaluator e(TorchEvaluatorOptions{nets.policy_path, small});
    ADD_FAILURE() << "a 9x9 policy and a 7x7 value network were accepted together";
  } catch (const WeightsError& e) {
    EXPECT_NE(std::string(e.what()).find("7x7"), std::string::npos) << e.what();
  }
  std::remove(small.c_str());
  TorchEvaluatorOptions bad_device{nets.policy_path, ""};
  bad_device.device = "abacus";
  EXPECT_THROW(TorchEvaluator{bad_device}, std::invalid_argument);
}

TEST(TorchEvaluator, CudaWithoutCudaIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "this libtorch sees a CUDA device";
  TinyNets nets;
  TorchEvaluatorOptions o{nets.policy_path, nets.value_path};
  o.device = "cuda";
  try {
    TorchEvaluator e(o);
    ADD_FAILURE() << "device cuda accepted without CUDA";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("CUDA"), std::string::npos) << e.what();
  }
}

TEST(TorchEvaluator, AutoDeviceTakesTheGpuOnlyWhenThereIsOne) {
  TinyNets nets;
  TorchEvaluatorOptions o{nets.policy_path, nets.value_path};
  o.device = "auto";
  TorchEvaluator e(o);
  EXPECT_EQ(e.name(), torch::cuda::is_available() ? "torch-cuda" : "torch-cpu");
  const std::vector<EvalOutput> out = evaluate_all(e, game_positions(2));
  EXPECT_EQ(out.size(), 2u);
}

TEST(TorchEvaluator, RunsOnCudaWhenAvailable) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  TinyNets nets;
  TorchEvaluatorOptions o{nets.policy_path, nets.value_path};
  o.device = "cuda";
  TorchEvaluator e(o);
  EXPECT_EQ(e.name(), "torch-cuda");
  const std::vector<std::vector<float>> planes = game_positions(4);
  const std::vector<EvalOutput> out = evaluate_all(e, planes);
  // GPU convolutions round differently (TF32 included): a looser bound than on the CPU.
  torch::NoGradGuard no_grad;
  const torch::Tensor x = stack(planes);
  const torch::Tensor logits = nets.policy->forward(x.narrow(1, 0, kPolicyPlanes).contiguous());
  const torch::Tensor values = nets.value->forward(x);
  for (size_t i = 0; i < planes.size(); ++i) {
    for (int p = 0; p < kSize * kSize; ++p)
      EXPECT_NEAR(out[i].logits[p], logits[static_cast<int64_t>(i)][p].item<float>(), 1e-2f);
    EXPECT_NEAR(out[i].value, values[static_cast<int64_t>(i)].item<float>(), 1e-2f);
  }
}

}  // namespace
}  // namespace tengen::nn
