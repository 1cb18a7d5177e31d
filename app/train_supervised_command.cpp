// `tengen train sl --data DIR --out RUN`: supervised policy training on dataset shards, and
// `tengen train value --data SELFPLAY... --out RUN`: value-network regression on the positions of
// `tengen selfplay --value-data` (train/torch/sl_trainer.h, docs/TRAINING.md). Ctrl-C saves a
// checkpoint at the current step and exits 130; the same command resumes exactly where it stopped.
// Needs a build with libtorch. (`train rl` is in app/train_rl_command.cpp.)

#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

#include "app/commands.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "app/value_positions.h"
#include "io/atomic_file.h"
#include "data/data_loader.h"
#include "app/ranks.h"
#include "app/training_output.h"
#include "train/torch/sl_trainer.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) { g_interrupted = 1; }

void to_train_batch(nn::Batch b, nn::TrainBatch& out) {
  out.size = b.size;
  out.planes_per_position = b.channels;
  out.board_size = b.board_size;
  out.planes = std::move(b.planes);
  out.move = std::move(b.move);
  out.z = std::move(b.z);
  out.score = std::move(b.score);
  out.score_mask = std::move(b.score_mask);
  out.ownership = std::move(b.ownership);
  out.ownership_mask = std::move(b.ownership_mask);
}

// Training batches from the loader; seeking restarts its workers at batch k.
class LoaderStream : public nn::BatchStream {
 public:
  LoaderStream(std::shared_ptr<const nn::PositionIndex> index, nn::LoaderOptions options)
      : index_(std::move(index)), options_(options) {}
  void seek(int64_t k) override {
    loader_.reset();
    options_.first_batch = k;
    loader_ = std::make_unique<nn::DataLoader>(index_, options_);
  }
  void next(nn::TrainBatch& out) override { to_train_batch(loader_->next(), out); }
  double positions_per_second() const { return loader_ ? loader_->positions_per_second() : 0; }

 private:
  std::shared_ptr<const nn::PositionIndex> index_;
  nn::LoaderOptions options_;
  std::unique_ptr<nn::DataLoader> loader_;
};

// A fixed validation sample: random batches 0..n-1 of the validation split under a fixed seed.
class ValidationStream : public nn::BatchStream {
 public:
  ValidationStream(std::shared_ptr<const nn::PositionIndex> index, nn::BatchOptions options)
      : index_(std::move(index)), options_(options) {}
  void seek(int64_t k) override { k_ = k; }
  void next(nn::TrainBatch& out) override { to_train_batch(nn::make_random_batch(*index_, options_, k_++), out); }

 private:
  std::shared_ptr<const nn::PositionIndex> index_;
  nn::BatchOptions options_;
  int64_t k_ = 0;
};

// What every rank of a data-parallel run must share (app/ranks.h): its data and their sizes, and
// the settings that shape the updates.
std::string rank_statement(const std::string& data, const nn::PositionIndex& train, const nn::PositionIndex& val,
                           const nn::SlTrainConfig& c) {
  char settings[512];
  std::snprintf(settings, sizeof settings,
                "network %s %d layers %d filters\nbatch %d, steps %lld, lr %g, momentum %g, weight decay %g, "
                "halve every %lld, seed %llu, optimizer %s, value loss %s",
                c.network.preset.c_str(), c.network.layers, c.network.filters, c.batch_size,
                static_cast<long long>(c.steps), c.lr, c.momentum, c.weight_decay,
                static_cast<long long>(c.lr_halve_every), static_cast<unsigned long long>(c.seed),
                c.optimizer.c_str(), c.value_loss.c_str());
  return "data " + data + "\ntrain positions " + std::to_string(train.positions()) + "\nvalidation positions " +
         std::to_string(val.positions()) + "\n" + settings + "\ninit from " + c.init_from;
}

std::string duration_text(double s) {
  if (s < 0 || s > 1e8) return "?";
  char buf[32];
  const long t = static_cast<long>(s);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

// The command line of `train sl` / `train value`: what the options fill.
struct SupervisedArgs {
  bool value = false;
  const char* what = "";
  std::string out, device = "cpu", init_from;
  NetworkShape shape;
  std::vector<std::string> data;
  int loader_threads = 2, threads = 1, val_batches = 20, dist_timeout = 60;
  bool no_amp = false, aux_heads = false;
  std::string value_head = "bn";
  ValuePositionOptions values;  // value: the options that choose the positions (selfplay, seed: from above)
  nn::SlTrainConfig c;  // the trainer's settings that options set directly
  std::string data_text;  // the data as the weights' provenance names it
};

void add_supervised_options(po::options_description& opts, SupervisedArgs& a) {
  const bool value = a.value;
  nn::SlTrainConfig& c = a.c;
  opts.add_options()("help,h", "this text")(
      "data", po::value<std::vector<std::string>>(&a.data)->multitoken(),
      value ? "self-play folders (or value-*.tgd.zst files) from `tengen selfplay --value-data`"
            : "dataset folder from `tengen dataset build` (train and val splits)")(
      "out", po::value<std::string>(&a.out),
      value ? "run folder: checkpoints, metrics.csv, curves.png, value.safetensors"
            : "run folder: checkpoints, metrics.csv, curves.png, policy.safetensors")(
      "val-per-mille", po::value<int>(&a.values.val_per_mille)->default_value(50),
      "value: positions per thousand (by game id) held out for validation")(
      "init-from", po::value<std::string>(&a.init_from),
      "start from this policy network (same preset), e.g. weights/sl-policy-cpu.safetensors: sl, all its weights "
      "(train it further); value, its trunk")(
      "game-positions", po::value<int>(&a.values.game_stride)->default_value(0),
      "value: also every Nth position of the whole self-play games in the --data folders (selfplay-*"
      " shards; split by game id like the rest); 0: none")(
      "human-data", po::value<std::string>(&a.values.human_data),
      "value: positions of the decided human games of this `tengen dataset build` folder: its train split for "
      "training, its val split for validation (docs/TRAINING.md)")(
      "optimizer", po::value<std::string>(&c.optimizer)->default_value("sgd"),
      "sgd (with --momentum) or adam (--lr ~0.001)")(
      "value-loss", po::value<std::string>(&c.value_loss)->default_value("mse"),
      "value: the training objective, bce (cross-entropy of the outcome) or mse (the paper's squared error)")(
      "aux-heads", po::bool_switch(&a.aux_heads),
      "value: also train ownership and score heads (KataGo's auxiliary targets) on the human games that were "
      "counted (RE with a margin); resigned and timed-out games mask them")(
      "value-head", po::value<std::string>(&a.value_head)->default_value("bn"),
      "value: bn (batch-normalised 1x1 convolution, AlphaGo Zero's head) or plain (the first value networks')")(
      "trunk-lr-scale", po::value<double>(&c.trunk_lr_scale)->default_value(1.0),
      "value: the trunk's learning rate as a multiple of --lr (the head's); 0 freezes the trunk")(
      "collapse-spread", po::value<double>(&c.collapse_spread)->default_value(0.02),
      "value: stop when v's standard deviation over the validation positions stays below this (0: never)")(
      "human-positions", po::value<int>(&a.values.per_game)->default_value(8),
      "value: positions drawn per human game, one in each of K equal stretches of its moves")(
      "steps", po::value<int64_t>(&c.steps)->default_value(100000), "optimiser steps in all")(
      "batch", po::value<int>(&c.batch_size)->default_value(64), "positions per minibatch")(
      "lr", po::value<double>(&c.lr)->default_value(0.01), "SGD learning rate at step 0")(
      "momentum", po::value<double>(&c.momentum)->default_value(0.9), "SGD momentum (AlphaGo: 0)")(
      "weight-decay", po::value<double>(&c.weight_decay)->default_value(1e-4), "L2 weight decay")(
      "lr-halve-every", po::value<int64_t>(&c.lr_halve_every)->default_value(0),
      "halve the rate every N steps (AlphaGo's schedule); 0: cosine decay to 1%")(
      "checkpoint-every", po::value<int64_t>(&c.checkpoint_every)->default_value(1000), "steps between checkpoints")(
      "validate-every", po::value<int64_t>(&c.validate_every)->default_value(1000), "steps between validations")(
      "val-batches", po::value<int>(&a.val_batches)->default_value(20), "validation batches (fixed sample)")(
      "log-every", po::value<int64_t>(&c.log_every)->default_value(50), "steps between metrics rows")(
      "seed", po::value<uint64_t>(&c.seed)->default_value(1), "seed for initial weights and batches")(
      "device", po::value<std::string>(&a.device)->default_value("cpu"), "cpu or cuda")(
      "threads", po::value<int>(&a.threads)->default_value(1), "torch threads on CPU")(
      "loader-threads", po::value<int>(&a.loader_threads)->default_value(2), "threads building batches")(
      "no-amp", po::bool_switch(&a.no_amp), "CUDA: train in float32 instead of bfloat16 autocast");
  add_network_shape_options(opts, a.shape);
  add_rank_options(opts, a.dist_timeout);
}

// Checks the parsed options and completes a.c (network, run folder, provenance) and a.data_text;
// false (with the message printed) for a usage error.
bool complete_config(SupervisedArgs& a) {
  const bool value = a.value;
  if ((a.data.empty() && (!value || a.values.human_data.empty())) || a.out.empty()) {
    std::cerr << a.what << (value ? ": --out and --data and/or --human-data are required (see --help)\n"
                                  : ": --data and --out are required (see --help)\n");
    return false;
  }
  if (!value && a.data.size() != 1) {
    std::cerr << a.what << ": give one --data folder\n";
    return false;
  }
  std::optional<nn::NetworkConfig> net = nn::network_preset(a.shape.preset, value ? nn::NetKind::kValue : nn::NetKind::kPolicy);
  if (!net) {
    std::cerr << a.what << ": unknown preset '" << a.shape.preset << "' (cpu, cpu-large, alphago)\n";
    return false;
  }
  if (a.shape.layers) net->layers = a.shape.layers;
  if (a.shape.filters) net->filters = a.shape.filters;
  if (a.shape.custom()) net->preset = a.shape.preset + "-custom";
  net->value_aux = value && a.aux_heads;
  if (a.value_head != "bn" && a.value_head != "plain") {
    std::cerr << a.what << ": --value-head must be bn or plain, not '" << a.value_head << "'\n";
    return false;
  }
  net->value_head_bn = value && a.value_head == "bn";
  nn::SlTrainConfig& c = a.c;
  c.network = *net;
  c.run_dir = a.out;
  c.device = a.device;
  c.threads = a.threads;
  c.validation_batches = a.val_batches;
  c.mixed_precision = !a.no_amp;
  c.init_from = a.init_from;
  const std::string date = utc_date_today();
  for (const std::string& d : a.data) a.data_text += (a.data_text.empty() ? "" : " ") + d;
  if (!a.values.human_data.empty())
    a.data_text += (a.data_text.empty() ? "human:" : " human:") + a.values.human_data + "/" +
                   std::to_string(a.values.per_game);
  c.provenance = {{"tengen.train.data", a.data_text}, {"tengen.train.date", date}, {"tengen.train.command", a.what},
                  {"tengen.train.device", a.device}, {"tengen.features", value ? "alphago-49" : "alphago-48"}};
  if (!a.init_from.empty()) c.provenance["tengen.train.init_from"] = a.init_from;
  return true;
}

// A run folder that cannot be written is an error before the data is loaded, not after.
bool run_folder_writable(const SupervisedArgs& a) {
  try {
    std::filesystem::create_directories(a.out);
    const std::string probe = a.out + "/.tengen-write-test";
    io::write_file_atomically(probe, "");
    std::filesystem::remove(probe);
    return true;
  } catch (const std::exception& e) {
    std::cerr << a.what << ": cannot write the run folder " << a.out << ": " << e.what() << "\n";
    return false;
  }
}

struct Splits {
  std::shared_ptr<const nn::PositionIndex> train, val;
};

// The training and validation positions. Throws nn::DatasetError.
Splits load_splits(const SupervisedArgs& a) {
  if (!a.value)
    return {std::make_shared<const nn::PositionIndex>(nn::PositionIndex::load(a.data[0], "train")),
            std::make_shared<const nn::PositionIndex>(nn::PositionIndex::load(a.data[0], "val"))};
  ValuePositionOptions vp = a.values;
  vp.selfplay = a.data;
  vp.seed = a.c.seed;
  vp.final_owners = a.aux_heads;
  ValuePositions positions = load_value_positions(vp);
  return {std::move(positions.train), std::move(positions.val)};
}

// This rank's training batches (its share of every global batch) and validation sample.
std::pair<LoaderStream, ValidationStream> make_streams(const SupervisedArgs& a, const Splits& splits,
                                                       const nn::DataParallel* dp) {
  nn::LoaderOptions lo;
  lo.batch.batch_size = a.c.batch_size;
  if (dp) {
    lo.batch.part = dp->rank();
    lo.batch.parts = dp->world_size();
  }
  lo.batch.seed = a.c.seed;
  lo.batch.features = a.value ? FeatureSet::kValue49 : FeatureSet::kPolicy48;
  lo.threads = a.loader_threads;
  nn::BatchOptions vo;
  vo.batch_size = a.c.batch_size;
  vo.seed = 12345;  // fixed: the same validation sample for every run
  vo.features = lo.batch.features;
  vo.part = lo.batch.part;
  vo.parts = lo.batch.parts;
  return {LoaderStream(splits.train, lo), ValidationStream(splits.val, vo)};
}

// Trains, showing rank 0's progress line; Ctrl-C or SIGTERM asks the trainer to stop at a checkpoint.
// Throws what the trainer throws.
nn::TrainResult train_with_progress(const SupervisedArgs& a, nn::BatchStream& train, nn::BatchStream& validation,
                                    nn::DataParallel* dp) {
  nn::SlTrainer trainer(a.c);
  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  const bool rank0 = !dp || dp->rank() == 0;
  ProgressLine progress(60);  // in a log: a line a minute, and every validation
  const auto start = std::chrono::steady_clock::now();
  int64_t first = -1;
  const nn::TrainResult r = trainer.run(train, validation, [&](const nn::TrainProgress& p) {
    if (g_interrupted) trainer.request_stop();
    if (!rank0) return;  // one progress line for the run: rank 0's
    if (first < 0) first = p.step - a.c.log_every;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = (p.step - first) / std::max(1e-9, elapsed);
    const double eta = (p.steps - p.step) / std::max(1e-9, rate);
    const int width = 24, filled = static_cast<int>(width * p.step / std::max<int64_t>(1, p.steps));
    char health[96] = "";  // a value network's spread of v and dead units: a collapse shows at once
    if (p.value_spread)
      std::snprintf(health, sizeof health, "  val loss %.4f  v sd %.3f mean %+.3f  dead %.0f%%", p.val_loss.value_or(0),
                    *p.value_spread, p.value_mean.value_or(0), 100 * p.dead_units.value_or(0));
    char line[384];
    std::snprintf(line, sizeof line, "[%s%s] step %lld/%lld  loss %.3f  acc %.3f%s%s  %.0f pos/s  ETA %s",
                  std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                  static_cast<long long>(p.step), static_cast<long long>(p.steps), p.train_loss, p.train_accuracy,
                  p.val_accuracy ? (std::string("  val ") + std::to_string(*p.val_accuracy).substr(0, 5)).c_str() : "",
                  health, p.positions_per_second, duration_text(eta).c_str());
    progress.show(line, p.val_accuracy.has_value() || p.step == p.steps);
  }, dp);
  progress.finish();
  return r;
}

// Rank 0's end of the run: curves, the stop or the summary. The exit code.
int finish_run(const SupervisedArgs& a, const nn::TrainResult& r, double seconds) {
  nn::CurveLabels labels;
  if (a.value) {
    labels.loss = "mean squared error";
    labels.accuracy = "winner named by sign(v)";
  }
  if (finish_training_run(a.out, labels, r.stopped_early, "step " + std::to_string(r.last_step)) != 0) return 130;
  std::cout << "trained steps " << r.first_step << ".." << r.last_step << " in " << duration_text(seconds)
            << "\nvalidation: " << (a.value ? "MSE " : "loss ") << r.final_val_loss
            << (a.value ? ", winner named by sign(v) " : ", top-1 accuracy ") << r.final_val_accuracy
            << "\nweights: " << r.final_weights << "\ncurves: " << a.out << "/curves.png\n";
  return 0;
}

int train_supervised(int argc, char** argv, bool value) {
  SupervisedArgs a;
  a.value = value;
  a.what = value ? "tengen train value" : "tengen train sl";
  po::options_description opts(std::string("Options for `") + a.what + "`");
  add_supervised_options(opts, a);
  if (parse_options_or_help(argc, argv, opts, help_text(value ? "tengen train value" : "tengen train sl"))) return 0;
  if (!complete_config(a)) return 2;
  if (!run_folder_writable(a)) return 1;
  auto fail = [&](const std::exception& e) {
    std::cerr << a.what << ": " << e.what() << "\n";
    return 1;
  };
  std::cerr << "loading " << a.data_text << " ...\n";
  Splits splits;
  try {
    splits = load_splits(a);
  } catch (const nn::DatasetError& e) {
    return fail(e);
  }
  std::cerr << "train: " << splits.train->games().size() << " games, " << splits.train->positions()
            << " positions; validation: " << splits.val->games().size() << " games, " << splits.val->positions()
            << " positions\n";
  std::unique_ptr<nn::DataParallel> dp;
  try {
    dp = join_ranks(rank_statement(a.data_text, *splits.train, *splits.val, a.c), a.dist_timeout);
  } catch (const std::exception& e) {
    return fail(e);
  }
  auto [train, validation] = make_streams(a, splits, dp.get());
  const auto start = std::chrono::steady_clock::now();
  nn::TrainResult r;
  try {
    r = train_with_progress(a, train, validation, dp.get());
  } catch (const nn::DistributedError& e) {
    return fail(e);
  }
  if (dp && dp->rank() != 0) return r.stopped_early ? 130 : 0;
  return finish_run(a, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace

int run_train_sl(int argc, char** argv) { return train_supervised(argc, argv, false); }
int run_train_value(int argc, char** argv) { return train_supervised(argc, argv, true); }

}  // namespace tengen::app
