// The libtorch networks: shapes, weights round trips through files, clear errors for files that do
// not fit, and a tiny network that learns a handful of real positions.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "engine/features.h"
#include "nn/torch/networks.h"
#include "nn/torch/torch_weights.h"
#include "testutil/ascii_board.h"

namespace tengen::nn {
namespace {

NetworkConfig tiny(NetKind kind, int layers = 3, int filters = 8) {
  NetworkConfig c = *network_preset("cpu", kind);
  c.preset = "tiny";
  c.layers = layers;
  c.filters = filters;
  return c;
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "tengen_nt_" + name; }

TEST(Networks, ShapesFollowTheSpec) {
  torch::manual_seed(1);
  PolicyNet p(*network_preset("alphago", NetKind::kPolicy));
  EXPECT_EQ(p->forward(torch::zeros({2, 48, 19, 19})).sizes().vec(), (std::vector<int64_t>{2, 361}));
  int64_t params = 0;
  for (const auto& t : p->parameters()) params += t.numel();
  // 5*5*48*192+192 + 11*(3*3*192*192+192) + 192 (1x1, no bias) + 361 point biases (docs/ALPHAGO.md §2.1).
  EXPECT_EQ(params, 230592 + 3651648 + 192 + 361);
  ValueNet v(tiny(NetKind::kValue));
  torch::Tensor out = v->forward(torch::rand({3, 49, 19, 19}));
  EXPECT_EQ(out.sizes().vec(), (std::vector<int64_t>{3}));
  EXPECT_TRUE((out.abs() < 1).all().item<bool>());
  EXPECT_THROW(PolicyNet(tiny(NetKind::kValue)), std::invalid_argument);
}

TEST(Networks, MaskedSoftmaxGivesZeroToIllegalPoints) {
  torch::Tensor logits = torch::tensor({{1.0f, 2.0f, 3.0f}, {0.0f, 0.0f, 0.0f}});
  torch::Tensor legal = torch::tensor({{1, 0, 1}, {0, 0, 0}});
  torch::Tensor p = masked_softmax(logits, legal);
  EXPECT_FLOAT_EQ(p[0][1].item<float>(), 0.0f);
  EXPECT_NEAR(p[0].sum().item<float>(), 1.0f, 1e-6);
  EXPECT_NEAR(p[0][2].item<float>() / p[0][0].item<float>(), std::exp(2.0f), 1e-3);
  EXPECT_FLOAT_EQ(p[1].sum().item<float>(), 0.0f);  // nothing legal: all zero, no NaN
  torch::Tensor cooler = masked_softmax(logits, legal, 0.5);
  EXPECT_GT(cooler[0][2].item<float>(), p[0][2].item<float>());  // beta < 1 sharpens
}

TEST(Networks, WeightsRoundTripGivesBitIdenticalOutputs) {
  torch::manual_seed(2);
  for (NetKind kind : {NetKind::kPolicy, NetKind::kValue}) {
    const NetworkConfig c = tiny(kind);
    const std::string path = temp_path("rt.safetensors");
    torch::Tensor x = torch::rand({4, c.input_planes, 19, 19});
    torch::Tensor before, after;
    std::map<std::string, std::string> meta;
    if (kind == NetKind::kPolicy) {
      PolicyNet a(c);
      before = a->forward(x);
      save_network(path, *a, c, {{"tengen.train.steps", "123"}});
      after = load_policy_net(path, &meta)->forward(x);
    } else {
      ValueNet a(c);
      before = a->forward(x);
      save_network(path, *a, c, {{"tengen.train.steps", "123"}});
      after = load_value_net(path, &meta)->forward(x);
    }
    EXPECT_TRUE(torch::equal(before, after));
    EXPECT_EQ(meta.at("tengen.train.steps"), "123");
    EXPECT_EQ(meta.at("tengen.arch.preset"), "tiny");
    std::remove(path.c_str());
  }
}

TEST(Networks, FilesThatDoNotFitAreRefusedWithTheReason) {
  const std::string path = temp_path("mismatch.safetensors");
  const NetworkConfig c = tiny(NetKind::kPolicy);
  PolicyNet a(c);
  save_network(path, *a, c, {});
  try {
    load_value_net(path);
    FAIL() << "a policy file loaded as a value network";
  } catch (const WeightsError& e) {
    EXPECT_NE(std::string(e.what()).find("holds a policy network"), std::string::npos) << e.what();
  }
  // Same kind, other width: the first tensor that differs is named with both shapes.
  WeightsFile w = load_weights(path);
  PolicyNet wider(tiny(NetKind::kPolicy, 3, 16));
  try {
    weights_to_module(w, *wider, path);
    FAIL() << "an 8-filter file loaded into a 16-filter network";
  } catch (const WeightsError& e) {
    EXPECT_NE(std::string(e.what()).find("trunk.convs.0.weight"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[8,48,5,5]"), std::string::npos) << e.what();
  }
  // Arbitrary bytes: a clear error, never a crash.
  { std::ofstream(path, std::ios::trunc) << "hello"; }
  EXPECT_THROW(load_policy_net(path), WeightsError);
  std::remove(path.c_str());
}

TEST(Networks, TinyPolicyNetOverfitsAHandfulOfPositions) {
  // Eight positions from one random 9x9 game, each with the move actually played next as target.
  torch::manual_seed(3);
  const int n = 8;
  NetworkConfig c = tiny(NetKind::kPolicy, 3, 16);
  c.board_size = 9;
  std::vector<float> planes;
  std::vector<int64_t> targets;
  for (int i = 0; static_cast<int>(targets.size()) < n && i < 60; ++i) {
    Game next = testutil::random_game(9, i + 1, 5);
    const Move m = next.moves().back();
    Game here = testutil::random_game(9, i, 5);
    if (m.point == kPass) continue;
    std::vector<float> f = testutil::features_of(here, FeatureSet::kPolicy48);
    planes.insert(planes.end(), f.begin(), f.end());
    targets.push_back(point_y(m.point) * 9 + point_x(m.point));
  }
  ASSERT_EQ(static_cast<int>(targets.size()), n);
  torch::Tensor x = torch::from_blob(planes.data(), {n, 48, 9, 9}).clone();
  torch::Tensor y = torch::tensor(targets);
  PolicyNet net(c);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(0.01));
  float first = 0, last = 0;
  for (int step = 0; step < 300; ++step) {
    opt.zero_grad();
    torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(x), y);
    loss.backward();
    opt.step();
    if (step == 0) first = loss.item<float>();
    last = loss.item<float>();
  }
  EXPECT_GT(first, 3.0f);  // about log(81) at the start
  EXPECT_LT(last, 0.05f);  // memorised
  EXPECT_TRUE(torch::equal(net->forward(x).argmax(1), y));
}

}  // namespace
}  // namespace tengen::nn
