// RL and value training: REINFORCE pushes the policy towards the moves of won games and away from
// those of lost ones (this fails if the update's sign is wrong); the RL trainer resumes exactly; the
// value network learns a result from the planes (MSE).
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/features.h"
#include "train/torch/rl_trainer.h"
#include "train/torch/sl_trainer.h"
#include "nn/torch/torch_weights.h"

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

NetworkConfig tiny(NetKind kind) {
  NetworkConfig c = *network_preset("cpu", kind);
  c.layers = 3;
  c.filters = 8;
  c.board_size = 9;
  c.value_hidden = 16;
  c.preset = "test";
  return c;
}

std::string fresh_dir(const std::string& name) {
  const std::string d = ::testing::TempDir() + "tengen_rl_" + name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// p(point) at the empty 9x9 board with Black to move, under the identity symmetry.
double prob_at_empty_board(PolicyNet& net, Point p) {
  torch::NoGradGuard no_grad;
  Game g(9);
  std::vector<float> planes(kValuePlanes * 81);
  extract_features(g, FeatureSet::kPolicy48, 0, planes.data());
  torch::Tensor x = torch::from_blob(planes.data(), {1, 48, 9, 9}, torch::kFloat32);
  torch::Tensor probs = torch::softmax(net->forward(x), 1);
  return probs[0][point_y(p) * 9 + point_x(p)].item<double>();
}

PolicyGame one_move_game(Point p, int winner) {
  PolicyGame g;
  g.record.size = 9;
  g.record.komi = 7.5f;
  g.record.moves = {encode_move(Move{Color::kBlack, p})};
  g.record.winner = static_cast<int8_t>(winner);
  g.symmetries = {0};
  return g;
}

TEST(Reinforce, MovesThePolicyTowardsWonMovesAndAwayFromLostOnes) {
  torch::manual_seed(3);
  PolicyNet net(tiny(NetKind::kPolicy));
  const Point won = make_point(2, 2), lost = make_point(6, 6);
  const double won_before = prob_at_empty_board(net, won), lost_before = prob_at_empty_board(net, lost);
  torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.2));
  for (int step = 0; step < 2; ++step) {
    opt.zero_grad();
    const double loss = reinforce_backward(net, {one_move_game(won, +1), one_move_game(lost, -1)},
                                           {Color::kBlack, Color::kBlack}, 1.0, 64, torch::kCPU);
    EXPECT_TRUE(std::isfinite(loss));
    opt.step();
  }
  EXPECT_GT(prob_at_empty_board(net, won), won_before * 1.5);
  EXPECT_LT(prob_at_empty_board(net, lost), lost_before / 1.5);
}

TEST(Reinforce, OnlyTheLearnersMovesCount) {
  torch::manual_seed(3);
  PolicyNet net(tiny(NetKind::kPolicy));
  for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
  // The learner played White, so Black's move must not produce any gradient.
  reinforce_backward(net, {one_move_game(make_point(4, 4), +1)}, {Color::kWhite}, 1.0, 64, torch::kCPU);
  for (auto& p : net->parameters()) EXPECT_FALSE(p.grad().defined() && p.grad().abs().sum().item<double>() > 0);
}

RlTrainConfig rl_config(const std::string& dir, const std::string& sl, int64_t iterations) {
  RlTrainConfig c;
  c.run_dir = dir;
  c.initial_weights = sl;
  c.iterations = iterations;
  c.games_per_iteration = 4;
  c.snapshot_every = 2;
  c.checkpoint_every = 1;
  c.lr = 0.01;
  c.seed = 9;
  return c;
}

TEST(RlTrainer, ResumeAfterInterruptionIsExact) {
  const std::string base = fresh_dir("resume");
  torch::manual_seed(5);
  PolicyNet init(tiny(NetKind::kPolicy));
  const std::string sl = base + "/sl.safetensors";
  save_network(sl, *init, init->config(), {});

  RlTrainer straight(rl_config(base + "/a", sl, 4));
  const RlResult a = straight.run({});
  ASSERT_FALSE(a.stopped_early);
  EXPECT_TRUE(fs::exists(base + "/a/pool/rho-000000002.safetensors"));

  RlTrainer first(rl_config(base + "/b", sl, 4));
  const RlResult b1 = first.run([&](const RlProgress& p) {
    if (p.iteration == 3) first.request_stop();
  });
  EXPECT_TRUE(b1.stopped_early);
  EXPECT_EQ(b1.last_iteration, 3);
  RlTrainer second(rl_config(base + "/b", sl, 4));
  const RlResult b2 = second.run({});
  EXPECT_EQ(b2.first_iteration, 3);
  ASSERT_FALSE(b2.stopped_early);

  PolicyNet x = load_policy_net(a.final_weights), y = load_policy_net(b2.final_weights);
  const auto px = x->named_parameters(), py = y->named_parameters();
  for (const auto& item : px) EXPECT_TRUE(torch::equal(item.value(), py[item.key()])) << item.key();
}

// Batch k: random planes; z = +1 when plane 0 has a stone at the first point, else -1.
class ValueStream : public BatchStream {
 public:
  void seek(int64_t index) override { index_ = index; }
  void next(TrainBatch& b) override {
    b.size = 16;
    b.planes_per_position = kValuePlanes;
    b.board_size = 9;
    b.planes.assign(static_cast<size_t>(16) * kValuePlanes * 81, 0.0f);
    b.move.assign(16, 0);
    b.z.assign(16, 0.0f);
    uint64_t s = static_cast<uint64_t>(index_++) * 7919u + 17;
    for (int i = 0; i < 16; ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      const bool win = (s >> 40) & 1;
      float* p = b.planes.data() + static_cast<size_t>(i) * kValuePlanes * 81;
      if (win) p[0] = 1.0f;
      p[3 * 81 + (s >> 20) % 81] = 1.0f;
      b.z[static_cast<size_t>(i)] = win ? 1.0f : -1.0f;
    }
    if (!aux) return;
    // Auxiliary targets: the winner leads by 20 points; the side to move owns the point of its plane-3
    // stone and nothing else (a local target: the tiny trunk sees three points around); odd positions
    // are masked (a resigned game).
    b.score.assign(16, 0.0f);
    b.score_mask.assign(16, 0.0f);
    b.ownership.assign(16 * 81, 0.0f);
    b.ownership_mask.assign(16, 0.0f);
    for (size_t i = 0; i < 16; i += 2) {
      b.score[i] = 20 * b.z[i];
      b.score_mask[i] = 1;
      b.ownership_mask[i] = 1;
      for (size_t p = 0; p < 81; ++p)
        b.ownership[81 * i + p] = b.planes[(i * kValuePlanes + 3) * 81 + p] > 0 ? 1.0f : -1.0f;
    }
  }
  bool aux = false;

 private:
  int64_t index_ = 0;
};

SlTrainConfig toy_value_config(const std::string& name) {
  SlTrainConfig c;
  c.run_dir = fresh_dir(name);
  c.network = tiny(NetKind::kValue);
  c.steps = 400;
  c.batch_size = 16;
  c.lr = 0.01;
  c.network.filters = 16;
  c.checkpoint_every = 50;
  c.validate_every = 50;
  c.validation_batches = 4;
  c.seed = 4;
  return c;
}

TEST(ValueTraining, TheValueNetworkLearnsTheResultByMeanSquaredError) {
  // The plain head starts flat (v's spread 0.001 at step 50) and grows (x2.5, x5 per validation) before
  // it learns: the collapse detector must not stop it.
  const SlTrainConfig c = toy_value_config("value");
  ValueStream train, val;
  SlTrainer trainer(c);
  const TrainResult r = trainer.run(train, val, {});
  EXPECT_LT(r.final_val_loss, 0.3);  // always answering 0 gives 1.0
  EXPECT_GT(r.final_val_accuracy, 0.9);
  EXPECT_EQ(fs::path(r.final_weights).filename(), "value.safetensors");
  EXPECT_FALSE(load_value_net(r.final_weights)->config().value_aux);  // no auxiliary heads unless asked
}

// With the auxiliary heads: the value is still learned, the ownership and score heads learn theirs,
// and the file says it has them (a file without them loads as a plain value network).
TEST(ValueTraining, AuxiliaryHeadsLearnOwnershipAndScore) {
  SlTrainConfig c = toy_value_config("value-aux");
  c.network.value_aux = true;
  c.optimizer = "adam";
  c.lr = 0.003;
  ValueStream train, val;
  train.aux = val.aux = true;
  SlTrainer trainer(c);
  const TrainResult r = trainer.run(train, val, {});
  EXPECT_GT(r.final_val_accuracy, 0.9);
  std::map<std::string, std::string> meta;
  ValueNet net = load_value_net(r.final_weights, &meta);
  EXPECT_EQ(meta["tengen.arch.value_aux"], "ownership,score");
  ASSERT_TRUE(net->config().value_aux);
  TrainBatch b;
  val.seek(100);
  val.next(b);
  torch::NoGradGuard no_grad;
  net->eval();
  const ValueOutputs out = net->forward_all(torch::from_blob(b.planes.data(), {16, kValuePlanes, 9, 9}).clone());
  for (int i = 0; i < 16; ++i) {
    int stone = 0;
    for (int p = 0; p < 81; ++p)
      if (b.planes[(static_cast<size_t>(i) * kValuePlanes + 3) * 81 + static_cast<size_t>(p)] > 0) stone = p;
    EXPECT_GT(out.ownership[i][stone].item<float>(), 0.0f) << i;
    EXPECT_LT((out.ownership[i].sum() - out.ownership[i][stone]).item<float>() / 80, -0.5f) << i;
    EXPECT_GT(out.score[i].item<float>() * b.z[static_cast<size_t>(i)], 0.5f) << i;  // ±20 points = ±1 unit
  }
}

// The other objective and optimiser: cross-entropy of the outcome with Adam learns the same toy task
// (validation still reports the squared error).
TEST(ValueTraining, CrossEntropyWithAdamLearnsTheResultToo) {
  SlTrainConfig c = toy_value_config("value-bce");
  c.lr = 0.003;
  c.optimizer = "adam";
  c.value_loss = "bce";
  ValueStream train, val;
  SlTrainer trainer(c);
  const TrainResult r = trainer.run(train, val, {});
  EXPECT_LT(r.final_val_loss, 0.3);
  EXPECT_GT(r.final_val_accuracy, 0.9);
  c.value_loss = "hinge";
  c.run_dir = fresh_dir("value-bad-loss");
  SlTrainer bad(c);
  EXPECT_THROW(bad.run(train, val, {}), std::invalid_argument);
}

// The batch-normalised head (AlphaGo Zero's) learns the toy task, its file says so and loads, and
// in eval mode a position's value does not depend on the batch it is evaluated in.
TEST(ValueTraining, TheNormalisedHeadLearnsAndEvaluatesPositionsAlone) {
  SlTrainConfig c = toy_value_config("value-bn");
  c.network.value_head_bn = true;
  ValueStream train, val;
  SlTrainer trainer(c);
  const TrainResult r = trainer.run(train, val, {});
  EXPECT_LT(r.final_val_loss, 0.3);
  EXPECT_GT(r.final_val_accuracy, 0.9);
  std::map<std::string, std::string> meta;
  ValueNet net = load_value_net(r.final_weights, &meta);
  EXPECT_EQ(meta["tengen.arch.value_head"], "bn");
  ASSERT_TRUE(net->config().value_head_bn);
  TrainBatch b;
  val.seek(7);
  val.next(b);
  torch::NoGradGuard no_grad;
  net->eval();
  const torch::Tensor all = net->forward(torch::from_blob(b.planes.data(), {16, kValuePlanes, 9, 9}).clone());
  const torch::Tensor one = net->forward(torch::from_blob(b.planes.data(), {1, kValuePlanes, 9, 9}).clone());
  EXPECT_NEAR(all[0].item<float>(), one[0].item<float>(), 1e-5);
}

// A trunk rate of 0 freezes the trunk: only the head moves.
TEST(ValueTraining, TrunkLearningRateScaleZeroFreezesTheTrunk) {
  SlTrainConfig c = toy_value_config("value-frozen-trunk");
  c.steps = 60;
  c.trunk_lr_scale = 0;
  c.network.value_head_bn = true;
  torch::manual_seed(c.seed);  // the trainer seeds torch the same way before it builds the network
  ValueNet initial(c.network);
  ValueStream train, val;
  SlTrainer trainer(c);
  const TrainResult r = trainer.run(train, val, {});
  ValueNet trained = load_value_net(r.final_weights);
  const auto before = initial->named_parameters();
  int trunk = 0, head_moved = 0;
  for (const auto& item : trained->named_parameters()) {
    const bool same = torch::equal(item.value(), before[item.key()]);
    if (item.key().rfind("trunk.", 0) == 0) {
      EXPECT_TRUE(same) << item.key();
      ++trunk;
    } else {
      head_moved += same ? 0 : 1;
    }
  }
  EXPECT_GT(trunk, 0);
  EXPECT_GT(head_moved, 0);
}

// The collapse detector: a network whose output is a constant that does not move (the plain head's
// near-zero start, v's spread ~0.001, and a rate too small to change it) is stopped with an error
// that says so, at the third validation; with the detector off the same run finishes.
TEST(ValueTraining, ACollapsedValueNetworkStopsTheRunWithTheReason) {
  SlTrainConfig c = toy_value_config("value-collapse");
  c.lr = 1e-9;
  ValueStream train, val;
  SlTrainer trainer(c);
  try {
    trainer.run(train, val, {});
    FAIL() << "a constant network was not stopped";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("the value network collapsed at step 150"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("is intact"), std::string::npos) << e.what();
  }
  c.run_dir = fresh_dir("value-collapse-off");
  c.collapse_spread = 0;
  SlTrainer off(c);
  EXPECT_EQ(off.run(train, val, {}).last_step, c.steps);
}

// A run that learns is never stopped: the toy task's v spreads over its two answers.
TEST(ValueTraining, ALearningRunReportsTheSpreadOfItsValues) {
  SlTrainConfig c = toy_value_config("value-spread");
  c.network.value_head_bn = true;
  ValueStream train, val;
  SlTrainer trainer(c);
  double last_spread = 0, last_dead = 1;
  trainer.run(train, val, [&](const TrainProgress& p) {
    if (p.value_spread) {
      last_spread = *p.value_spread;
      last_dead = p.dead_units.value_or(1);
    }
  });
  EXPECT_GT(last_spread, 0.5);  // v near +1 and -1 in about equal numbers: a standard deviation near 1
  EXPECT_LT(last_dead, 1.0);
}

}  // namespace
}  // namespace tengen::nn
