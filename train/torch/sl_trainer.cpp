#include "train/torch/sl_trainer.h"
#include "nn/torch/torch_threads.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

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

// The network the settings describe, on `dev`: freshly initialised (torch's seeded RNG), or, for a
// fresh run with --init-from, a policy network's weights (a resumed run continues from its checkpoint).
Net make_net(const SlTrainConfig& c, bool fresh_run, const torch::Device& dev) {
  const bool value = c.network.kind == NetKind::kValue;
  Net net;
  if (value) net.value = ValueNet(c.network);
  else net.policy = PolicyNet(c.network);
  if (c.value_loss != "bce" && c.value_loss != "mse")
    throw std::invalid_argument("value loss '" + c.value_loss + "': use bce or mse");
  net.value_bce = c.value_loss == "bce";
  if (!c.init_from.empty() && fresh_run) copy_from_policy(load_policy_net(c.init_from), net.module(), /*whole=*/!value);
  net.module().to(dev);
  return net;
}

// The parameters in optimiser groups: one, or for a value network with its own trunk rate, the
// "trunk.*" parameters first and the head's second (train_step scales the first group's rate).
std::vector<torch::optim::OptimizerParamGroup> parameter_groups(const SlTrainConfig& c, torch::nn::Module& net) {
  if (c.network.kind != NetKind::kValue || c.trunk_lr_scale == 1.0) return {torch::optim::OptimizerParamGroup(net.parameters())};
  std::vector<torch::Tensor> trunk, head;
  for (const auto& p : net.named_parameters()) (p.key().rfind("trunk.", 0) == 0 ? trunk : head).push_back(p.value());
  return {torch::optim::OptimizerParamGroup(trunk), torch::optim::OptimizerParamGroup(head)};
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const SlTrainConfig& c, torch::nn::Module& net) {
  if (c.optimizer != "sgd" && c.optimizer != "adam")
    throw std::invalid_argument("optimizer '" + c.optimizer + "': use sgd or adam");
  if (!(c.trunk_lr_scale >= 0 && c.trunk_lr_scale <= 100))
    throw std::invalid_argument("trunk learning-rate scale must be 0..100");
  if (c.optimizer == "adam")
    return std::make_unique<torch::optim::Adam>(parameter_groups(c, net),
                                                torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
  return std::make_unique<torch::optim::SGD>(
      parameter_groups(c, net), torch::optim::SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weight_decay));
}

// Each group's rate at base rate `lr`: the trunk group of a value network scaled (parameter_groups).
void set_rates(const SlTrainConfig& c, torch::optim::Optimizer& opt, double lr) {
  auto& groups = opt.param_groups();
  for (size_t i = 0; i < groups.size(); ++i)
    groups[i].options().set_lr(groups.size() == 2 && i == 0 ? lr * c.trunk_lr_scale : lr);
}

// The settings that make the updates what they are: a checkpoint made with others is not resumed.
std::string run_identity_of(const SlTrainConfig& c) {
  nlohmann::json id = {{"network", c.network.to_metadata()}, {"batch_size", c.batch_size}, {"seed", c.seed},
                       {"lr", c.lr}, {"momentum", c.momentum}, {"weight_decay", c.weight_decay},
                       {"lr_halve_every", c.lr_halve_every}, {"steps", c.steps}};
  if (c.network.kind == NetKind::kValue) id["value_loss"] = c.value_loss;
  if (c.optimizer != "sgd") id["optimizer"] = c.optimizer;
  if (c.trunk_lr_scale != 1.0) id["trunk_lr_scale"] = c.trunk_lr_scale;
  return id.dump();
}

// A validation's figures: loss and accuracy, and for a value network the spread of v and its dead units.
struct Validation {
  double loss = 0, accuracy = 0;
  std::optional<double> spread, mean, dead;
};

// Running sums of v and the FC units that were ever active, over the validation batches.
struct ValueHealth {
  double sum = 0, sum2 = 0;
  torch::Tensor alive;  // [value_hidden]: > 0 where a unit was non-zero on some position
  void add(Net& net, const torch::Tensor& logits) {
    const torch::Tensor v = torch::tanh(logits).to(torch::kFloat64);
    sum += v.sum().item<double>();
    sum2 += v.pow(2).sum().item<double>();
    const torch::Tensor active = net.aux.hidden.gt(0).any(0).to(torch::kFloat64).cpu();
    alive = alive.defined() ? alive + active : active;
  }
};

// Loss and accuracy over the fixed validation sample (`batches` batches from its start), summed over
// the ranks; for a value network also v's standard deviation and mean and the share of dead units.
Validation validate(Net& net, BatchStream& validation, int batches, const torch::Device& dev, DataParallel* dp) {
  torch::NoGradGuard no_grad;
  net.module().eval();
  validation.seek(0);
  double loss = 0, correct = 0, n = 0;
  ValueHealth health;
  TrainBatch b;
  for (int i = 0; i < batches; ++i) {
    validation.next(b);
    Tensors t = to_tensors(b, dev);
    torch::Tensor out = net.forward(t.x).to(torch::kFloat32);
    loss += net.loss(out, t, /*sum=*/true).item<double>();
    correct += net.correct(out, t).item<double>();
    if (net.value) health.add(net, out);
    n += b.size;
  }
  net.module().train();
  std::vector<double> totals{loss, correct, n, health.sum, health.sum2};
  if (health.alive.defined())
    for (int64_t u = 0; u < health.alive.size(0); ++u) totals.push_back(health.alive[u].item<double>());
  if (dp) dp->sum(totals);
  const double count = std::max(1.0, totals[2]);
  Validation r{totals[0] / count, totals[1] / count, std::nullopt, std::nullopt, std::nullopt};
  if (net.value) {
    r.mean = totals[3] / count;
    r.spread = std::sqrt(std::max(0.0, totals[4] / count - *r.mean * *r.mean));
    const size_t units = totals.size() - 5;
    size_t dead = 0;
    for (size_t u = 5; u < totals.size(); ++u) dead += totals[u] == 0 ? 1 : 0;
    r.dead = units ? static_cast<double>(dead) / static_cast<double>(units) : 0.0;
  }
  return r;
}

// The collapse detector (SlTrainConfig::collapse_spread): throws when v has been flat at two
// validations in a row, the first validation of the run not counted. Flat: a spread below the
// threshold that is not growing (under 1.5x the previous validation's): a fresh head starts with a
// tiny spread and grows it several-fold per validation before it learns (the toy task's plain head:
// 0.001, 0.0025, 0.013, 0.25), a collapsed one stays put or shrinks.
struct CollapseDetector {
  int flat_in_a_row = 0;
  std::optional<double> previous;
  void check(const SlTrainConfig& c, const Validation& v, int64_t step, int64_t last_checkpoint);
};

void CollapseDetector::check(const SlTrainConfig& c, const Validation& v, int64_t step, int64_t last_checkpoint) {
  if (!v.spread || c.collapse_spread <= 0) return;
  const bool first = !previous;
  const bool flat = previous && *v.spread < c.collapse_spread && *v.spread < 1.5 * *previous;
  previous = v.spread;
  flat_in_a_row = flat ? flat_in_a_row + 1 : 0;
  if (first || flat_in_a_row < 2) return;
  char why[768];
  std::snprintf(why, sizeof why,
                "the value network collapsed at step %lld: v has a standard deviation of %.4f over the validation "
                "positions (below --collapse-spread %g and not growing at two validations in a row; mean %+.3f, %.0f%% of the FC "
                "units dead): its output is a constant and it learns nothing more. Try another --lr or --optimizer, "
                "--value-head bn, --trunk-lr-scale, or more positions before judging (--collapse-spread 0 turns "
                "this check off; docs/TRAINING.md); the checkpoint at step %lld is intact",
                static_cast<long long>(step), *v.spread, c.collapse_spread, v.mean.value_or(0), 100 * v.dead.value_or(0),
                static_cast<long long>(last_checkpoint));
  throw std::runtime_error(why);
}

// The training steps since the last metrics row: their loss and correct count, summed on the device.
struct Window {
  torch::Tensor loss_sum, correct_sum;
  int64_t positions = 0;
  double start = 0;
  TrainBatch batch;  // the step's batch, its buffers reused
};

std::string metrics_row(const TrainProgress& p, double wall) {
  char row[256];
  std::snprintf(row, sizeof row, "%lld,%.6g,%.5f,%.5f,%s,%s,%.1f,%.1f\n", static_cast<long long>(p.step), p.lr,
                p.train_loss, p.train_accuracy, p.val_loss ? std::to_string(*p.val_loss).c_str() : "",
                p.val_accuracy ? std::to_string(*p.val_accuracy).c_str() : "", p.positions_per_second, wall);
  return row;
}

// One optimiser step on the next batch (`step` is its number, counted from 1), its loss and accuracy
// added to the window. Throws when training diverged, naming the last good checkpoint.
void train_step(const SlTrainConfig& c, Net& net, torch::optim::Optimizer& opt, BatchStream& train, double lr,
                const torch::Device& dev, DataParallel* dp, int64_t step, int64_t last_checkpoint, Window& window) {
  set_rates(c, opt, lr);
  TrainBatch& batch = window.batch;
  train.next(batch);
  const int local_batch = c.batch_size / (dp ? dp->world_size() : 1);
  if (batch.size != local_batch) throw std::runtime_error("data stream gave a batch of " + std::to_string(batch.size));
  Tensors t = to_tensors(batch, dev);
  const bool autocast = dev.is_cuda() && c.mixed_precision;
  if (autocast) set_cuda_autocast(true);
  torch::Tensor logits = net.forward(t.x);
  if (autocast) set_cuda_autocast(false);
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
    throw std::runtime_error("training diverged (loss is not finite) at step " + std::to_string(step) +
                             "; lower --lr and resume: the checkpoint at step " + std::to_string(last_checkpoint) +
                             " is intact");
  window.loss_sum += net.loss(logits.detach(), t, /*sum=*/true);
  window.correct_sum += net.correct(logits.detach(), t);
  window.positions += batch.size;
}

// The metrics of the window's steps, summed over the ranks, and whether any rank asked to stop
// (`*stop`); the window's sums restart.
TrainProgress close_window(Window& w, int64_t step, int64_t steps, double lr, bool stop_asked, DataParallel* dp,
                           double wall, bool* stop) {
  std::vector<double> sums{w.loss_sum.item<double>(), w.correct_sum.item<double>(), static_cast<double>(w.positions),
                           stop_asked ? 1.0 : 0.0};
  if (dp) dp->sum(sums);
  *stop = sums[3] > 0;
  TrainProgress p;
  p.step = step;
  p.steps = steps;
  p.lr = lr;
  p.train_loss = sums[0] / std::max(1.0, sums[2]);
  p.train_accuracy = sums[1] / std::max(1.0, sums[2]);
  p.positions_per_second = sums[2] / std::max(1e-9, wall - w.start);
  w.loss_sum.zero_();
  w.correct_sum.zero_();
  w.positions = 0;
  return p;
}

// RUN/policy.safetensors or RUN/value.safetensors with the run's provenance and final validation.
std::string save_final_weights(const SlTrainConfig& c, Net& net, const TrainResult& r) {
  std::map<std::string, std::string> meta = c.provenance;
  meta["tengen.train.steps"] = std::to_string(r.last_step);
  meta["tengen.train.batch_size"] = std::to_string(c.batch_size);
  meta["tengen.train.val_accuracy"] = std::to_string(r.final_val_accuracy);
  meta["tengen.train.val_loss"] = std::to_string(r.final_val_loss);
  const bool value = c.network.kind == NetKind::kValue;
  const std::string path = (fs::path(c.run_dir) / (value ? "value.safetensors" : "policy.safetensors")).string();
  save_network(path, net.module(), c.network, meta);
  return path;
}

// The device to train on (with the torch threads set for a CPU run) and torch's seed set.
torch::Device training_device(const SlTrainConfig& c) {
  const bool cuda = c.device == "cuda";
  if (cuda && !torch::cuda::is_available()) throw std::runtime_error("--device cuda: this libtorch sees no CUDA device");
  if (!cuda) set_torch_threads(c.threads);
  torch::manual_seed(c.seed);
  return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
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
  const fs::path run(c.run_dir), csv = run / "metrics.csv";
  fs::create_directories(run / "checkpoints");
  const torch::Device dev = training_device(c);
  Net net = make_net(c, !latest_checkpoint(c.run_dir), dev);
  std::unique_ptr<torch::optim::Optimizer> opt = make_optimizer(c, net.module());
  const std::string identity = run_identity_of(c);
  int64_t step = resume_run(c.run_dir, net.module(), *opt, identity, dp, "resume step");
  std::ofstream metrics;
  if (writer) metrics = open_metrics(csv.string(), step);
  TrainResult result;
  result.first_step = step;
  auto checkpoint = [&](int64_t at) {
    if (writer) save_checkpoint(c.run_dir, at, net.module(), c.network, c.provenance, *opt, identity);
  };
  const auto start = std::chrono::steady_clock::now();
  auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  train.seek(step);
  net.module().train();
  Window window{torch::zeros({}, dev), torch::zeros({}, dev), 0, wall(), {}};
  int64_t last_checkpoint = step;
  CollapseDetector collapse;
  bool stop = false;  // one process: stop_ at once; several: when any rank asked, at a metrics row
  while (step < c.steps && !stop && !(dp == nullptr && stop_.load())) {
    const double lr = lr_at(c, step);
    train_step(c, net, *opt, train, lr, dev, dp, ++step, last_checkpoint, window);
    const bool validate_now = step % c.validate_every == 0 || step == c.steps;
    if (step % c.log_every == 0 || step == c.steps || validate_now) {
      TrainProgress progress = close_window(window, step, c.steps, lr, stop_.load(), dp, wall(), &stop);
      if (validate_now) {
        const Validation v = validate(net, validation, c.validation_batches, dev, dp);
        std::tie(result.final_val_loss, result.final_val_accuracy) = std::tie(v.loss, v.accuracy);
        progress.val_loss = v.loss;
        progress.val_accuracy = v.accuracy;
        std::tie(progress.value_spread, progress.value_mean, progress.dead_units) = std::tie(v.spread, v.mean, v.dead);
        if (writer) append_metrics_row(metrics, csv.string(), metrics_row(progress, wall()));
        collapse.check(c, v, step, last_checkpoint);
      }
      if (writer && !validate_now) append_metrics_row(metrics, csv.string(), metrics_row(progress, wall()));
      if (on_progress) on_progress(progress);
      window.start = wall();
    }
    if (step % c.checkpoint_every == 0 || step == c.steps) {
      checkpoint(step);
      last_checkpoint = step;
    }
  }
  if (step > last_checkpoint) checkpoint(step);  // stopped early: keep every step done
  result.last_step = step;
  result.stopped_early = step < c.steps;
  if (!result.stopped_early && writer) result.final_weights = save_final_weights(c, net, result);
  if (dp) dp->barrier();  // rank 0 serves the rendezvous store: the others finish first
  return result;
}

}  // namespace tengen::nn
