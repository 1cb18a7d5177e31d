// Supervised training (docs/ALPHAGO.md §2.2, §5.3): the policy network by softmax cross-entropy on the played
// move, or — when config.network.kind is kValue — the value network by mean squared error on the
// game result z (the "accuracy" columns then hold the fraction of decided positions whose winner the
// sign of v gets right). Minibatch SGD, checkpoints, exact resume, validation, metrics CSV and a PNG
// of the curves; the final network is run_dir/policy.safetensors or run_dir/value.safetensors.
// Exact resume: batch k of a run is a pure function of (data, seed, k) (see data/data_loader.h), and a
// checkpoint holds the weights, the optimiser state and the step; resuming at step s asks the stream
// for batch s, so an interrupted and resumed run computes the same updates as an uninterrupted one.
// Checkpoints are directories written under a temporary name and renamed, then `latest` is replaced
// atomically: a crash or Ctrl-C at any moment leaves the previous checkpoint usable.
// Thread-safety: one trainer per thread; request_stop() may be called from a signal handler thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nn/network_config.h"
#include "train/training_curves.h"

namespace tengen::nn {

struct TrainBatch {
  int size = 0;
  int planes_per_position = 48;
  int board_size = 19;
  std::vector<float> planes;   // size x planes x S x S
  std::vector<int32_t> move;   // target point y*S+x (policy training)
  std::vector<float> z;        // result from the side to move's view, +1 / -1 / 0 (value training)
  // Auxiliary value targets (nn::Batch has their meaning); empty when the data has none.
  std::vector<float> score, score_mask, ownership, ownership_mask;
};

// Batches in a fixed order from any index: what exact resume needs.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  virtual void seek(int64_t batch_index) = 0;
  virtual void next(TrainBatch& out) = 0;
};

struct SlTrainConfig {
  std::string run_dir;
  NetworkConfig network;
  int64_t steps = 100000;           // total optimiser steps
  int batch_size = 64;              // must match the stream's batches
  double lr = 0.01;                 // SGD learning rate at step 0
  double momentum = 0.9;            // spec: 0 (async SGD); 0.9 converges far faster synchronously
  double weight_decay = 1e-4;
  double clip_grad_norm = 5.0;      // gradient norm clipping
  int64_t lr_halve_every = 0;       // 0: cosine decay to 1% over `steps`; else halve every N steps (AlphaGo's schedule)
  int64_t checkpoint_every = 1000;
  int64_t validate_every = 1000;
  int validation_batches = 20;
  int64_t log_every = 50;           // metrics CSV rows for training loss/accuracy
  uint64_t seed = 1;
  std::string device = "cpu";       // "cpu" or "cuda"
  int threads = 1;                  // torch intra-op threads on CPU
  bool mixed_precision = true;      // CUDA only: bfloat16 autocast
  std::map<std::string, std::string> provenance;  // copied into the weights metadata
  // Start from this policy network instead of random weights (a fresh run only). Policy training: every
  // parameter (the same preset trained further, a warm start). Value training: the convolutional trunk
  // (same filters and layers; the value net's extra input plane starts at zero). "": random.
  std::string init_from;
  // Value training's objective. "mse": the paper's (v − z)². It saturates: a tanh pushed to ±1 by
  // a large step gets almost no gradient back (SGD lr 0.03 on human games: MSE stuck at 2.0).
  // "bce": cross-entropy of the outcome, P(win) = (1 + v) / 2 = sigmoid(2·logit), whose gradient
  // never vanishes (KataGo, Leela Zero); it did not saturate at lr 0.03, but moves v towards ±1 more
  // slowly (docs/TRAINING.md). Validation always reports the MSE.
  std::string value_loss = "mse";
  // "sgd" (momentum, the default) or "adam" (per-parameter step sizes: a value head whose few
  // weights get tiny gradients through a plain trunk moves at the rate of the rest).
  std::string optimizer = "sgd";
  // Value training: the trunk's learning rate is lr x trunk_lr_scale, the head's lr (1: one rate;
  // a trunk copied from the policy keeps its features while the head learns to read them).
  double trunk_lr_scale = 1.0;
  // Value training's collapse detector: a run whose v has a standard deviation below this over the
  // validation positions, and not growing, at two validations in a row stops with an error — its
  // outputs are a constant and it learns nothing more (docs/TRAINING.md, "Value positions from human
  // games"; the rule in sl_trainer.cpp's CollapseDetector). 0: never stop.
  double collapse_spread = 0.02;
};

struct TrainProgress {
  int64_t step = 0, steps = 0;
  double train_loss = 0, train_accuracy = 0;   // running means since the last log row
  std::optional<double> val_loss, val_accuracy;
  double positions_per_second = 0;
  double lr = 0;
  // Value training, at a validation: the standard deviation and mean of v over the validation
  // positions, and the share of the FC layer's units that are 0 (ReLU) on every one of them.
  std::optional<double> value_spread, value_mean, dead_units;
};

struct TrainResult {
  int64_t first_step = 0;  // where this invocation started (0, or the resumed step)
  int64_t last_step = 0;
  bool stopped_early = false;  // request_stop() was honoured
  double final_val_loss = 0, final_val_accuracy = 0;
  std::string final_weights;   // run_dir/policy.safetensors or run_dir/value.safetensors
};

class DataParallel;

class SlTrainer {
 public:
  explicit SlTrainer(SlTrainConfig config);
  // Trains from the latest checkpoint in run_dir (or from scratch) to config.steps.
  // Data-parallel with `parallel` (train/torch/data_parallel.h): every rank runs this with its share of
  // each batch (the streams give batch_size / world_size positions: BatchOptions::part), the same
  // run_dir (shared; every rank resumes from its latest checkpoint) and config; gradients are
  // averaged, so the updates are those of one process on the whole batch. Rank 0 alone writes
  // checkpoints, metrics, curves and the final weights; a stop request is honoured by every rank at
  // the next metrics row. DistributedError when a rank is lost.
  TrainResult run(BatchStream& train, BatchStream& validation,
                  const std::function<void(const TrainProgress&)>& on_progress, DataParallel* parallel = nullptr);
  void request_stop() { stop_.store(true); }
  // The step of the latest complete checkpoint in run_dir, if any.
  static std::optional<int64_t> latest_checkpoint(const std::string& run_dir);

 private:
  SlTrainConfig config_;
  std::atomic<bool> stop_{false};
};


}  // namespace tengen::nn
