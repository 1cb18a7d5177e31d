#include "train/torch/sl_trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/atomic_file.h"
#include "train/torch/checkpoints.h"
#include "nn/torch/cuda_autocast.h"
#include "train/torch/data_parallel.h"
#include "nn/torch/networks.h"
#include "train/training_curves.h"
#include "nn/torch/torch_weights.h"

namespace fs = std::filesystem;

namespace tengen::nn {

namespace {

constexpr const char* kCsvHeader = kMetricsCsvHeader;

double lr_at(const SlTrainConfig& c, int64_t step) {
  if (c.lr_halve_every > 0) return c.lr * std::pow(0.5, static_cast<double>(step / c.lr_halve_every));
  const double t = c.steps > 0 ? static_cast<double>(step) / static_cast<double>(c.steps) : 0.0;
  return c.lr * (0.01 + 0.99 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, t))));
}

struct Tensors {
  torch::Tensor x, y, z;
  torch::Tensor score, score_mask, ownership, ownership_mask;  // undefined when the batch has none
};

torch::Tensor tensor_of(const std::vector<float>& v, std::vector<int64_t> shape, const torch::Device& dev) {
  return torch::from_blob(const_cast<float*>(v.data()), shape, torch::kFloat32).to(dev);
}

Tensors to_tensors(const TrainBatch& b, const torch::Device& dev) {
  const int s = b.board_size;
  torch::Tensor x = torch::from_blob(const_cast<float*>(b.planes.data()), {b.size, b.planes_per_position, s, s},
                                     torch::kFloat32);
  torch::Tensor y = torch::from_blob(const_cast<int32_t*>(b.move.data()), {b.size}, torch::kInt32);
  Tensors t;
  t.x = x.to(dev);
  t.y = y.to(dev, torch::kLong);
  if (static_cast<int>(b.z.size()) == b.size) t.z = tensor_of(b.z, {b.size}, dev);
  if (static_cast<int>(b.score.size()) == b.size && static_cast<int>(b.score_mask.size()) == b.size) {
    t.score = tensor_of(b.score, {b.size}, dev);
    t.score_mask = tensor_of(b.score_mask, {b.size}, dev);
  }
  if (static_cast<int>(b.ownership_mask.size()) == b.size &&
      b.ownership.size() == static_cast<size_t>(b.size) * s * s) {
    t.ownership = tensor_of(b.ownership, {b.size, s * s}, dev);
    t.ownership_mask = tensor_of(b.ownership_mask, {b.size}, dev);
  }
  return t;
}

// The two kinds of network behind one training loop: forward, objective, reported loss and "correct"
// count. A value network's output here is its logit (v = tanh(logit)).
struct Net {
  PolicyNet policy{nullptr};
  ValueNet value{nullptr};
  bool value_bce = true;
  ValueOutputs aux;  // the last forward's auxiliary outputs (value nets with aux heads)
  torch::nn::Module& module() { return policy ? static_cast<torch::nn::Module&>(*policy) : *value; }
  torch::Tensor forward(const torch::Tensor& x) {
    if (policy) return policy->forward(x);
    aux = value->forward_all(x);
    return aux.logit;
  }
  // The loss reported (sum over the batch when `sum`, else the mean): cross-entropy of the move, or
  // the squared error of v against z.
  torch::Tensor loss(const torch::Tensor& out, const Tensors& t, bool sum) {
    torch::Tensor per_position = policy ? move_loss(out, t) : (torch::tanh(out) - value_target(t)).pow(2);
    return sum ? per_position.sum() : per_position.mean();
  }
  // What the optimiser minimises (mean over the batch): the loss, or cross-entropy of the outcome,
  // plus the auxiliary heads' losses where the batch has their targets (docs/TRAINING.md).
  torch::Tensor objective(const torch::Tensor& out, const Tensors& t) {
    namespace F = torch::nn::functional;
    torch::Tensor total = policy || !value_bce
                              ? loss(out, t, /*sum=*/false)
                              : F::binary_cross_entropy_with_logits(2 * out, (1 + value_target(t)) / 2);
    if (policy || !aux.ownership.defined()) return total;
    const double n = static_cast<double>(out.size(0));
    if (t.ownership.defined())  // squared error per point, averaged over the board
      total = total + kOwnershipWeight * ((aux.ownership - t.ownership).pow(2).mean(1) * t.ownership_mask).sum() / n;
    if (t.score.defined())  // the margin in units of 20 points, Huber: a few 100-point games do not dominate
      total = total + kScoreWeight *
                          (F::smooth_l1_loss(aux.score, t.score / 20, F::SmoothL1LossFuncOptions().reduction(torch::kNone)) *
                           t.score_mask).sum() / n;
    return total;
  }
  static constexpr double kOwnershipWeight = 1.0, kScoreWeight = 0.5;
  // Policy: the top move is the played one. Value: sign(v) names the winner (z = 0 never counts).
  torch::Tensor correct(const torch::Tensor& out, const Tensors& t) {
    if (policy) return out.argmax(1).eq(t.y).sum();
    return (out * t.z).gt(0).sum();
  }

 private:
  static torch::Tensor move_loss(const torch::Tensor& out, const Tensors& t) {
    namespace F = torch::nn::functional;
    return F::cross_entropy(out, t.y, F::CrossEntropyFuncOptions().reduction(torch::kNone));
  }
  static const torch::Tensor& value_target(const Tensors& t) {
    if (!t.z.defined()) throw std::runtime_error("value training needs value targets in the batch");
    return t.z;
  }
};

// A policy network's parameters into the network to train: every parameter of equal shape when
// `whole` (a policy warm start: the same preset, trained further), else the "trunk.*" ones only (a
// value network; a first layer with more input planes gets the policy's planes and zeros for the rest).
void copy_from_policy(PolicyNet from, torch::nn::Module& to, bool whole) {
  torch::NoGradGuard no_grad;
  const auto source = from->named_parameters();
  int copied = 0;
  for (auto& item : to.named_parameters()) {
    if (!whole && item.key().rfind("trunk.", 0) != 0) continue;
    const torch::Tensor* src = source.find(item.key());
    torch::Tensor dst = item.value();
    if (!src) throw std::runtime_error("--init-from: the policy network has no " + item.key());
    if (src->sizes() == dst.sizes()) {
      dst.copy_(*src);
    } else if (!whole && src->dim() == 4 && dst.dim() == 4 && src->size(0) == dst.size(0) &&
               src->size(1) < dst.size(1) && src->size(2) == dst.size(2) && src->size(3) == dst.size(3)) {
      dst.zero_();
      dst.narrow(1, 0, src->size(1)).copy_(*src);
    } else {
      throw std::runtime_error("--init-from: " + item.key() + " has another shape in the policy network (other "
                               "preset, filters, layers or board size?)");
    }
    ++copied;
  }
  if (copied == 0) throw std::runtime_error("--init-from: no parameters to copy");
}

}  // namespace

SlTrainer::SlTrainer(SlTrainConfig config) : config_(std::move(config)) {}

std::optional<int64_t> SlTrainer::latest_checkpoint(const std::string& run_dir) {
  return nn::latest_checkpoint(run_dir);
}

TrainResult SlTrainer::run(BatchStream& train, BatchStream& validation,
                           const std::function<void(const TrainProgress&)>& on_progress, DataParallel* dp) {
  const SlTrainConfig& c = config_;
  const int world = dp ? dp->world_size() : 1;
  const bool writer = !dp || dp->rank() == 0;  // rank 0 writes checkpoints, metrics and weights
  if (c.batch_size % world != 0)
    throw std::invalid_argument("--batch " + std::to_string(c.batch_size) + " is not a multiple of the " +
                                std::to_string(world) + " ranks");
  const int local_batch = c.batch_size / world;
  const fs::path run(c.run_dir), ckpts = run / "checkpoints", csv = run / "metrics.csv";
  fs::create_directories(ckpts);
  const bool cuda = c.device == "cuda";
  if (cuda && !torch::cuda::is_available()) throw std::runtime_error("--device cuda: this libtorch sees no CUDA device");
  const torch::Device dev = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  if (!cuda) torch::set_num_threads(c.threads);
  torch::manual_seed(c.seed);

  const bool value = c.network.kind == NetKind::kValue;
  Net net;
  if (value) net.value = ValueNet(c.network);
  else net.policy = PolicyNet(c.network);
  if (c.value_loss != "bce" && c.value_loss != "mse")
    throw std::invalid_argument("value loss '" + c.value_loss + "': use bce or mse");
  net.value_bce = c.value_loss == "bce";
  // Only a fresh run starts from --init-from; a resumed one continues from its checkpoint.
  if (!c.init_from.empty() && !latest_checkpoint(c.run_dir))
    copy_from_policy(load_policy_net(c.init_from), net.module(), /*whole=*/!value);
  net.module().to(dev);
  if (c.optimizer != "sgd" && c.optimizer != "adam")
    throw std::invalid_argument("optimizer '" + c.optimizer + "': use sgd or adam");
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  if (c.optimizer == "adam")
    optimizer = std::make_unique<torch::optim::Adam>(
        net.module().parameters(), torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
  else
    optimizer = std::make_unique<torch::optim::SGD>(
        net.module().parameters(), torch::optim::SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weight_decay));
  torch::optim::Optimizer& opt = *optimizer;
  nlohmann::json run_identity = {{"network", c.network.to_metadata()}, {"batch_size", c.batch_size},
                                       {"seed", c.seed}, {"lr", c.lr}, {"momentum", c.momentum},
                                       {"weight_decay", c.weight_decay}, {"lr_halve_every", c.lr_halve_every},
                                       {"steps", c.steps}};
  if (value) run_identity["value_loss"] = c.value_loss;
  if (c.optimizer != "sgd") run_identity["optimizer"] = c.optimizer;
  TrainResult result;
  int64_t step = 0;
  if (std::optional<int64_t> s = latest_checkpoint(c.run_dir)) {
    load_checkpoint(c.run_dir, *s, net.module(), opt, run_identity.dump());
    step = *s;
  }
  if (dp) {
    dp->check_same(step, "resume step");
    dp->broadcast(net.module());
    dp->attach(net.module());
  }
  if (writer) truncate_metrics(csv.string(), step);  // also after a kill before the first checkpoint
  result.first_step = step;
  if (writer && !fs::exists(csv)) io::write_file_atomically(csv.string(), std::string(kCsvHeader) + "\n");
  std::ofstream metrics;
  if (writer) metrics.open(csv, std::ios::app);

  auto checkpoint = [&](int64_t at) {
    if (writer) save_checkpoint(c.run_dir, at, net.module(), c.network, c.provenance, opt, run_identity.dump());
  };
  // Sums over the ranks (in place); a no-op in one process.
  auto sum_over_ranks = [&](std::vector<double>& v) {
    if (dp) dp->sum(v);
  };

  auto validate = [&]() {
    torch::NoGradGuard no_grad;
    net.module().eval();
    validation.seek(0);
    double loss = 0, correct = 0, n = 0;
    TrainBatch b;
    for (int i = 0; i < c.validation_batches; ++i) {
      validation.next(b);
      Tensors t = to_tensors(b, dev);
      torch::Tensor out = net.forward(t.x).to(torch::kFloat32);
      loss += net.loss(out, t, /*sum=*/true).item<double>();
      correct += net.correct(out, t).item<double>();
      n += b.size;
    }
    net.module().train();
    std::vector<double> totals{loss, correct, n};
    sum_over_ranks(totals);
    return std::make_pair(totals[0] / std::max(1.0, totals[2]), totals[1] / std::max(1.0, totals[2]));
  };

  const auto start = std::chrono::steady_clock::now();
  auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  train.seek(step);
  net.module().train();
  TrainBatch batch;
  torch::Tensor loss_sum = torch::zeros({}, dev), correct_sum = torch::zeros({}, dev);
  int64_t window_positions = 0, last_checkpoint = step;
  double window_start = wall();
  TrainProgress progress;
  progress.steps = c.steps;
  bool stop = false;  // one process: stop_ at once; several: when any rank asked, at a metrics row
  while (step < c.steps && !stop && !(dp == nullptr && stop_.load())) {
    const double lr = lr_at(c, step);
    for (auto& group : opt.param_groups()) group.options().set_lr(lr);
    train.next(batch);
    if (batch.size != local_batch) throw std::runtime_error("data stream gave a batch of " + std::to_string(batch.size));
    Tensors t = to_tensors(batch, dev);
    if (cuda && c.mixed_precision) set_cuda_autocast(true);
    torch::Tensor logits = net.forward(t.x);
    if (cuda && c.mixed_precision) set_cuda_autocast(false);
    logits = logits.to(torch::kFloat32);
    torch::Tensor loss = net.objective(logits, t);
    opt.zero_grad();
    loss.backward();
    if (dp) dp->average_gradients();
    // Clipping keeps one bad minibatch from throwing a plain (normalisation-free) CNN off a cliff.
    // The norm is of the averaged gradient, the same on every rank: so is the verdict below.
    const double norm = torch::nn::utils::clip_grad_norm_(net.module().parameters(), c.clip_grad_norm);
    opt.step();
    if (!std::isfinite(norm) || (!dp && !std::isfinite(loss.item<float>())))  // never write a NaN network over a good checkpoint
      throw std::runtime_error("training diverged (loss is not finite) at step " + std::to_string(step + 1) +
                               "; lower --lr and resume: the checkpoint at step " + std::to_string(last_checkpoint) +
                               " is intact");
    ++step;
    loss_sum += net.loss(logits.detach(), t, /*sum=*/true);
    correct_sum += net.correct(logits.detach(), t);
    window_positions += batch.size;

    const bool log_now = step % c.log_every == 0 || step == c.steps;
    const bool validate_now = step % c.validate_every == 0 || step == c.steps;
    if (log_now || validate_now) {
      std::vector<double> window{loss_sum.item<double>(), correct_sum.item<double>(),
                                 static_cast<double>(window_positions), stop_.load() ? 1.0 : 0.0};
      sum_over_ranks(window);
      stop = window[3] > 0;
      progress.step = step;
      progress.lr = lr;
      progress.train_loss = window[0] / std::max(1.0, window[2]);
      progress.train_accuracy = window[1] / std::max(1.0, window[2]);
      progress.positions_per_second = window[2] / std::max(1e-9, wall() - window_start);
      progress.val_loss.reset();
      progress.val_accuracy.reset();
      if (validate_now) {
        auto [vl, va] = validate();
        progress.val_loss = vl;
        progress.val_accuracy = va;
        result.final_val_loss = vl;
        result.final_val_accuracy = va;
      }
      char row[256];
      std::snprintf(row, sizeof row, "%lld,%.6g,%.5f,%.5f,%s,%s,%.1f,%.1f\n", static_cast<long long>(step), lr,
                    progress.train_loss, progress.train_accuracy,
                    progress.val_loss ? std::to_string(*progress.val_loss).c_str() : "",
                    progress.val_accuracy ? std::to_string(*progress.val_accuracy).c_str() : "",
                    progress.positions_per_second, wall());
      if (writer) append_metrics_row(metrics, csv.string(), row);
      if (on_progress) on_progress(progress);
      loss_sum.zero_();
      correct_sum.zero_();
      window_positions = 0;
      window_start = wall();
    }
    if (step % c.checkpoint_every == 0 || step == c.steps) {
      checkpoint(step);
      last_checkpoint = step;
    }
  }
  if (step > last_checkpoint) checkpoint(step);  // stopped early: keep every step done
  result.last_step = step;
  result.stopped_early = step < c.steps;
  if (!result.stopped_early && writer) {
    std::map<std::string, std::string> meta = c.provenance;
    meta["tengen.train.steps"] = std::to_string(step);
    meta["tengen.train.batch_size"] = std::to_string(c.batch_size);
    meta["tengen.train.val_accuracy"] = std::to_string(result.final_val_accuracy);
    meta["tengen.train.val_loss"] = std::to_string(result.final_val_loss);
    result.final_weights = (run / (value ? "value.safetensors" : "policy.safetensors")).string();
    save_network(result.final_weights, net.module(), c.network, meta);
  }
  if (dp) dp->barrier();  // rank 0 serves the rendezvous store: the others finish first
  return result;
}

}  // namespace tengen::nn
