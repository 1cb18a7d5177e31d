// SL training: an interrupted and resumed run ends bit-identical to an uninterrupted one; metrics,
// checkpoints and the final weights are written; a run refuses to resume with other settings; a run
// can start from another policy network's weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <torch/cuda.h>

#include "train/torch/checkpoints.h"
#include "train/torch/sl_trainer.h"
#include "nn/torch/torch_weights.h"

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

// Batch k is a pure function of k: random 0/1 planes and a target that depends on them (the point
// of the first set cell of plane 0), so there is something to learn.
class SyntheticStream : public BatchStream {
 public:
  SyntheticStream(int batch, uint64_t salt) : batch_(batch), salt_(salt) {}
  void seek(int64_t index) override { index_ = index; }
  void next(TrainBatch& b) override {
    b.size = batch_;
    b.planes_per_position = 48;
    b.board_size = 9;
    b.planes.assign(static_cast<size_t>(batch_) * 48 * 81, 0.0f);
    b.move.assign(batch_, 0);
    uint64_t s = salt_ * 1000003u + static_cast<uint64_t>(index_++) * 7919u + 1;
    for (int i = 0; i < batch_; ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      const int target = static_cast<int>((s >> 33) % 81);
      b.planes[static_cast<size_t>(i) * 48 * 81 + target] = 1.0f;  // plane 0 marks the answer
      b.planes[static_cast<size_t>(i) * 48 * 81 + 3 * 81 + (s >> 20) % 81] = 1.0f;  // noise elsewhere
      b.move[i] = target;
    }
  }

 private:
  int batch_;
  uint64_t salt_;
  int64_t index_ = 0;
};

SlTrainConfig small_config(const std::string& dir, int64_t steps) {
  SlTrainConfig c;
  c.run_dir = dir;
  c.network = *network_preset("cpu", NetKind::kPolicy);
  c.network.layers = 3;
  c.network.filters = 8;
  c.network.board_size = 9;
  c.network.preset = "test";
  c.steps = steps;
  c.batch_size = 16;
  c.lr = 0.05;
  c.checkpoint_every = 7;
  c.validate_every = 10;
  c.validation_batches = 2;
  c.log_every = 5;
  c.seed = 42;
  return c;
}

std::string fresh_dir(const std::string& name) {
  const std::string d = ::testing::TempDir() + "tengen_sl_" + name;
  fs::remove_all(d);
  return d;
}

TEST(SlTrainer, ResumeAfterInterruptionIsExact) {
  const std::string straight = fresh_dir("straight"), resumed = fresh_dir("resumed");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(straight, 30));
    TrainResult r = t.run(train, val, nullptr);
    EXPECT_EQ(r.last_step, 30);
    EXPECT_FALSE(r.stopped_early);
  }
  {
    // First invocation stops itself after 12 steps, as Ctrl-C would.
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(resumed, 30));
    TrainResult r = t.run(train, val, [&](const TrainProgress& p) {
      if (p.step >= 10) t.request_stop();
    });
    EXPECT_TRUE(r.stopped_early);
    EXPECT_EQ(r.last_step, 10);
    EXPECT_EQ(SlTrainer::latest_checkpoint(resumed), 10);  // the partial step count was saved
    EXPECT_FALSE(fs::exists(fs::path(resumed) / "policy.safetensors"));
  }
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(resumed, 30));
    TrainResult r = t.run(train, val, nullptr);
    EXPECT_EQ(r.first_step, 10);
    EXPECT_EQ(r.last_step, 30);
  }
  const WeightsFile a = load_weights(straight + "/policy.safetensors");
  const WeightsFile b = load_weights(resumed + "/policy.safetensors");
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i) EXPECT_EQ(a.tensors[i].bytes, b.tensors[i].bytes) << a.tensors[i].name;
  // The metrics of the resumed run have no duplicated rows.
  std::ifstream in(resumed + "/metrics.csv");
  std::string line;
  std::vector<std::string> steps;
  while (std::getline(in, line)) steps.push_back(line.substr(0, line.find(',')));
  EXPECT_EQ(steps.front(), "step");
  EXPECT_EQ(std::set<std::string>(steps.begin(), steps.end()).size(), steps.size());
}

// A run checkpointed on the CPU goes on on a GPU (the optimizer's momentum buffers follow the network
// to its device), pruning old checkpoints on the way: both failed once on a CUDA build
// (docs/SCALING.md). Runs where CUDA is (scripts/gpu-run.sh's test step); skipped elsewhere.
TEST(SlTrainer, ACpuCheckpointResumesOnCuda) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  const std::string dir = fresh_dir("cpu_then_cuda");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(dir, 40));
    const TrainResult r = t.run(train, val, [&](const TrainProgress& p) {
      if (p.step >= 10) t.request_stop();
    });
    EXPECT_EQ(r.last_step, 10);
  }
  SyntheticStream train(16, 1), val(16, 2);
  SlTrainConfig on_gpu = small_config(dir, 40);
  on_gpu.device = "cuda";
  SlTrainer t(on_gpu);
  const TrainResult r = t.run(train, val, nullptr);
  EXPECT_EQ(r.first_step, 10);
  EXPECT_EQ(r.last_step, 40);
  int kept = 0;
  for (const auto& e : fs::directory_iterator(fs::path(dir) / "checkpoints")) kept += e.is_directory();
  EXPECT_EQ(kept, 3);  // 28, 35 and 40 of 7, 10, 14, ..., 40: the older ones pruned
  EXPECT_TRUE(fs::exists(fs::path(dir) / "policy.safetensors"));
}

// An optimizer file whose buffers do not fit the network's parameters (what libtorch 2.11 made of one
// written by 1.13) is an error that says so and what to do, not a shape error in the first step.
// Here the misfit comes from an optimizer that lists the same parameters in reverse.
TEST(SlTrainer, AnOptimizerStateThatDoesNotFitIsAClearError) {
  const std::string dir = fresh_dir("misfit");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(dir, 7));
    t.run(train, val, nullptr);
  }
  const fs::path step = fs::path(dir) / "checkpoints" / "step-000000007";
  PolicyNet net = load_policy_net((step / "model.safetensors").string());
  std::vector<torch::Tensor> reversed = net->parameters();
  std::reverse(reversed.begin(), reversed.end());
  torch::optim::SGD sgd(reversed, torch::optim::SGDOptions(0.05).momentum(0.9));
  std::ifstream state(step / "state.json");
  const std::string identity = nlohmann::json::parse(state).at("run").dump();
  try {
    load_checkpoint(dir, 7, *net, sgd, identity);
    FAIL() << "loaded an optimizer state that does not fit";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("optimizer.pt: the optimizer state does not fit"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--init-from"), std::string::npos) << e.what();
  }
}

// A run whose checkpoint pointer is damaged or missing is an error naming the file, never a silent
// restart from step 0 (which would train over a good run's metrics and weights).
TEST(SlTrainer, ADamagedCheckpointPointerIsAnErrorNotARestart) {
  const std::string run = fresh_dir("damaged");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(run, 10));
    t.run(train, val, nullptr);
  }
  ASSERT_EQ(SlTrainer::latest_checkpoint(run), 10);
  const fs::path latest = fs::path(run) / "latest";
  auto expect_refused = [&](const std::string& needle) {
    try {
      SlTrainer::latest_checkpoint(run);
      ADD_FAILURE() << "no error for: " << needle;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(run, 20));
    EXPECT_THROW(t.run(train, val, nullptr), std::runtime_error);  // and training does not start over
  };
  { std::ofstream(latest) << "garbage\n"; }
  expect_refused(latest.string() + " does not name a checkpoint");
  { std::ofstream(latest) << "step-000000099\n"; }
  expect_refused("step-000000099/state.json cannot be read");
  { std::ofstream(latest) << "step-000000010\n"; }
  { std::ofstream(fs::path(run) / "checkpoints" / "step-000000010" / "state.json") << "{ not json"; }
  expect_refused("is not a checkpoint state");
  fs::remove(latest);  // no pointer: the newest checkpoint folder, here one without its state
  fs::remove(fs::path(run) / "checkpoints" / "step-000000010" / "state.json");
  expect_refused("the newest checkpoint is step-000000010, but");
  EXPECT_EQ(SlTrainer::latest_checkpoint(fresh_dir("never-run")), std::nullopt);  // a fresh run is fine
}

// A stop between the first checkpoint folder's rename and the write of `latest` (the kill torture
// test hit it) resumes from that checkpoint, the newest complete one; ".tmp" folders do not count.
TEST(SlTrainer, AMissingPointerResumesFromTheNewestCompleteCheckpoint) {
  const std::string run = fresh_dir("no-pointer");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer t(small_config(run, 10));
    t.run(train, val, nullptr);
  }
  const fs::path ckpts = fs::path(run) / "checkpoints";
  fs::remove(fs::path(run) / "latest");
  fs::remove_all(ckpts / "step-000000010");                // as if killed at the checkpoint of step 7
  fs::create_directories(ckpts / "step-000000099.tmp");  // an unfinished write is never resumed from
  EXPECT_EQ(SlTrainer::latest_checkpoint(run), 7);
  SyntheticStream train(16, 1), val(16, 2);
  SlTrainer t(small_config(run, 10));
  EXPECT_EQ(t.run(train, val, nullptr).last_step, 10);
  EXPECT_EQ(SlTrainer::latest_checkpoint(run), 10);
}

TEST(SlTrainer, LearnsAndWritesMetricsAndWeights) {
  const std::string dir = fresh_dir("learn");
  SyntheticStream train(16, 3), val(16, 4);
  SlTrainConfig c = small_config(dir, 150);
  c.validate_every = 50;
  SlTrainer t(c);
  TrainResult r = t.run(train, val, nullptr);
  EXPECT_GT(r.final_val_accuracy, 0.9);  // the target is written in plane 0
  std::map<std::string, std::string> meta;
  load_policy_net(r.final_weights, &meta);
  EXPECT_EQ(meta.at("tengen.train.steps"), "150");
  int checkpoints = 0;
  for (const auto& e : fs::directory_iterator(dir + "/checkpoints")) checkpoints += e.is_directory();
  EXPECT_EQ(checkpoints, 3);  // only the newest three are kept
}

TEST(SlTrainer, InitFromStartsAPolicyRunFromAnotherPolicysWeights) {
  const std::string learned = fresh_dir("init_src"), warm = fresh_dir("init_warm"), cold = fresh_dir("init_cold");
  SyntheticStream train(16, 3), val(16, 4);
  SlTrainConfig c = small_config(learned, 150);
  c.validate_every = 50;
  const TrainResult source = SlTrainer(c).run(train, val, nullptr);
  ASSERT_GT(source.final_val_accuracy, 0.9);

  // Ten steps at a learning rate too small to learn anything: only a copied network knows the task.
  auto accuracy_after_ten_steps = [](const std::string& dir, const std::string& init_from) {
    SyntheticStream t2(16, 5), v2(16, 4);
    SlTrainConfig short_run = small_config(dir, 10);
    short_run.lr = 1e-7;
    short_run.init_from = init_from;
    return SlTrainer(short_run).run(t2, v2, nullptr).final_val_accuracy;
  };
  EXPECT_GT(accuracy_after_ten_steps(warm, source.final_weights), 0.9);
  EXPECT_LT(accuracy_after_ten_steps(cold, ""), 0.2);

  // A network of another shape is refused before anything is written.
  const std::string other = fresh_dir("init_other");
  SyntheticStream t3(16, 5), v3(16, 4);
  SlTrainConfig wider = small_config(other, 10);
  wider.network.filters = 16;
  wider.init_from = source.final_weights;
  EXPECT_THROW(SlTrainer(wider).run(t3, v3, nullptr), std::runtime_error);
  EXPECT_FALSE(fs::exists(fs::path(other) / "policy.safetensors"));
}

TEST(SlTrainer, RefusesToResumeWithOtherSettings) {
  const std::string dir = fresh_dir("other");
  {
    SyntheticStream train(16, 1), val(16, 2);
    SlTrainer(small_config(dir, 7)).run(train, val, nullptr);
  }
  SyntheticStream train(16, 1), val(16, 2);
  SlTrainConfig c = small_config(dir, 14);
  c.lr = 0.01;
  EXPECT_THROW(SlTrainer(c).run(train, val, nullptr), std::runtime_error);
}

}  // namespace
}  // namespace tengen::nn
