// `tengen train sl --data DIR --out RUN`: supervised policy training on dataset shards, and
// `tengen train value --data SELFPLAY... --out RUN`: value-network regression on the positions of
// `tengen selfplay --value-data` (train/torch/sl_trainer.h, docs/TRAINING.md). Ctrl-C saves a
// checkpoint at the current step and exits 130; the same command resumes exactly where it stopped.
// Needs a build with libtorch. (`train rl` is in app/train_rl_command.cpp.)

#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "app/commands.h"
#include "app/progress_line.h"
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

}  // namespace

namespace {
int train_supervised(int argc, char** argv, bool value);
}  // namespace

int run_train_sl(int argc, char** argv) { return train_supervised(argc, argv, false); }
int run_train_value(int argc, char** argv) { return train_supervised(argc, argv, true); }

namespace {

int train_supervised(int argc, char** argv, bool value) {
  const char* what = value ? "tengen train value" : "tengen train sl";
  std::string out, preset = "cpu", device = "cpu", human_data, init_from;
  std::vector<std::string> data;
  int layers = 0, filters = 0, loader_threads = 2, threads = 1, val_batches = 20, val_per_mille = 50, game_stride = 0,
      human_positions = 8, dist_timeout = 60;
  bool no_amp = false, aux_heads = false;
  nn::SlTrainConfig c;
  po::options_description opts(std::string("Options for `") + what + "`");
  opts.add_options()("help,h", "this text")(
      "data", po::value<std::vector<std::string>>(&data)->multitoken(),
      value ? "self-play folders (or value-*.tgd.zst files) from `tengen selfplay --value-data`"
            : "dataset folder from `tengen dataset build` (train and val splits)")(
      "out", po::value<std::string>(&out),
      value ? "run folder: checkpoints, metrics.csv, curves.png, value.safetensors"
            : "run folder: checkpoints, metrics.csv, curves.png, policy.safetensors")(
      "val-per-mille", po::value<int>(&val_per_mille)->default_value(50),
      "value: positions per thousand (by game id) held out for validation")(
      "init-from", po::value<std::string>(&init_from),
      "start from this policy network (same preset), e.g. weights/sl-policy-cpu.safetensors: sl, all its weights "
      "(train it further); value, its trunk")(
      "game-positions", po::value<int>(&game_stride)->default_value(0),
      "value: also every Nth position of the whole self-play games in the --data folders (selfplay-*"
      " shards; split by game id like the rest); 0: none")(
      "human-data", po::value<std::string>(&human_data),
      "value: positions of the decided human games of this `tengen dataset build` folder: its train split for "
      "training, its val split for validation (docs/TRAINING.md)")(
      "optimizer", po::value<std::string>(&c.optimizer)->default_value("sgd"),
      "sgd (with --momentum) or adam (--lr ~0.001)")(
      "value-loss", po::value<std::string>(&c.value_loss)->default_value("mse"),
      "value: the training objective, bce (cross-entropy of the outcome) or mse (the paper's squared error)")(
      "aux-heads", po::bool_switch(&aux_heads),
      "value: also train ownership and score heads (KataGo's auxiliary targets) on the human games that were "
      "counted (RE with a margin); resigned and timed-out games mask them")(
      "human-positions", po::value<int>(&human_positions)->default_value(8),
      "value: positions drawn per human game, one in each of K equal stretches of its moves")(
      "preset", po::value<std::string>(&preset)->default_value("cpu"), "network preset: cpu, cpu-large or alphago")(
      "layers", po::value<int>(&layers)->default_value(0), "override the preset's layer count")(
      "filters", po::value<int>(&filters)->default_value(0), "override the preset's filter count")(
      "steps", po::value<int64_t>(&c.steps)->default_value(100000), "optimiser steps in all")(
      "batch", po::value<int>(&c.batch_size)->default_value(64), "positions per minibatch")(
      "lr", po::value<double>(&c.lr)->default_value(0.01), "SGD learning rate at step 0")(
      "momentum", po::value<double>(&c.momentum)->default_value(0.9), "SGD momentum (AlphaGo: 0)")(
      "weight-decay", po::value<double>(&c.weight_decay)->default_value(1e-4), "L2 weight decay")(
      "lr-halve-every", po::value<int64_t>(&c.lr_halve_every)->default_value(0),
      "halve the rate every N steps (AlphaGo's schedule); 0: cosine decay to 1%")(
      "checkpoint-every", po::value<int64_t>(&c.checkpoint_every)->default_value(1000), "steps between checkpoints")(
      "validate-every", po::value<int64_t>(&c.validate_every)->default_value(1000), "steps between validations")(
      "val-batches", po::value<int>(&val_batches)->default_value(20), "validation batches (fixed sample)")(
      "log-every", po::value<int64_t>(&c.log_every)->default_value(50), "steps between metrics rows")(
      "seed", po::value<uint64_t>(&c.seed)->default_value(1), "seed for initial weights and batches")(
      "device", po::value<std::string>(&device)->default_value("cpu"), "cpu or cuda")(
      "threads", po::value<int>(&threads)->default_value(1), "torch threads on CPU")(
      "loader-threads", po::value<int>(&loader_threads)->default_value(2), "threads building batches")(
      "no-amp", po::bool_switch(&no_amp), "CUDA: train in float32 instead of bfloat16 autocast");
  add_rank_options(opts, dist_timeout);
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, opts), vm);
  po::notify(vm);
  if (vm.count("help")) {
    if (value)
      std::cout << "Usage: tengen train value [--data SELFPLAY...] [--human-data DIR] --out RUN [options]\n\n"
                   "Trains the value network to predict the game result (mean squared error, SGD; the accuracy "
                   "columns: how often sign(v) names the winner) from self-play value positions (--data) and/or "
                   "a few positions of every decided human game (--human-data). Resumable: run the same command "
                   "again after Ctrl-C or a crash.\n\n" << opts;
    else
      std::cout << "Usage: tengen train sl --data DIR --out RUN [options]\n\nTrains the policy network to "
                   "predict the human move (softmax cross-entropy, SGD). Resumable: run the same command "
                   "again after Ctrl-C or a crash.\n\n" << opts;
    return 0;
  }
  if ((data.empty() && (!value || human_data.empty())) || out.empty()) {
    std::cerr << what << (value ? ": --out and --data and/or --human-data are required (see --help)\n"
                                : ": --data and --out are required (see --help)\n");
    return 2;
  }
  if (!value && data.size() != 1) {
    std::cerr << what << ": give one --data folder\n";
    return 2;
  }
  std::optional<nn::NetworkConfig> net = nn::network_preset(preset, value ? nn::NetKind::kValue : nn::NetKind::kPolicy);
  if (!net) {
    std::cerr << what << ": unknown preset '" << preset << "' (cpu, cpu-large, alphago)\n";
    return 2;
  }
  if (layers) net->layers = layers;
  if (filters) net->filters = filters;
  if (layers || filters) net->preset = preset + "-custom";
  net->value_aux = value && aux_heads;
  c.network = *net;
  c.run_dir = out;
  c.device = device;
  c.threads = threads;
  c.validation_batches = val_batches;
  c.mixed_precision = !no_amp;
  c.init_from = init_from;
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::string data_text;
  for (const std::string& d : data) data_text += (data_text.empty() ? "" : " ") + d;
  if (!human_data.empty())
    data_text += (data_text.empty() ? "human:" : " human:") + human_data + "/" + std::to_string(human_positions);
  c.provenance = {{"tengen.train.data", data_text}, {"tengen.train.date", date}, {"tengen.train.command", what},
                  {"tengen.train.device", device}, {"tengen.features", value ? "alphago-49" : "alphago-48"}};
  if (!init_from.empty()) c.provenance["tengen.train.init_from"] = init_from;

  // A run folder that cannot be written is an error before the data is loaded, not after.
  try {
    std::filesystem::create_directories(out);
    const std::string probe = out + "/.tengen-write-test";
    io::write_file_atomically(probe, "");
    std::filesystem::remove(probe);
  } catch (const std::exception& e) {
    std::cerr << what << ": cannot write the run folder " << out << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "loading " << data_text << " ...\n";
  std::shared_ptr<const nn::PositionIndex> train_index, val_index;
  try {
    if (value) {
      ValuePositionOptions vp;
      vp.selfplay = data;
      vp.val_per_mille = val_per_mille;
      vp.game_stride = game_stride;
      vp.human_data = human_data;
      vp.per_game = human_positions;
      vp.seed = c.seed;
      vp.final_owners = aux_heads;
      ValuePositions positions = load_value_positions(vp);
      train_index = std::move(positions.train);
      val_index = std::move(positions.val);
    } else {
      train_index = std::make_shared<const nn::PositionIndex>(nn::PositionIndex::load(data[0], "train"));
      val_index = std::make_shared<const nn::PositionIndex>(nn::PositionIndex::load(data[0], "val"));
    }
  } catch (const nn::DatasetError& e) {
    std::cerr << what << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "train: " << train_index->games().size() << " games, " << train_index->positions()
            << " positions; validation: " << val_index->games().size() << " games, " << val_index->positions()
            << " positions\n";
  std::unique_ptr<nn::DataParallel> dp;
  try {
    dp = join_ranks(rank_statement(data_text, *train_index, *val_index, c), dist_timeout);
  } catch (const std::exception& e) {
    std::cerr << what << ": " << e.what() << "\n";
    return 1;
  }
  const bool rank0 = !dp || dp->rank() == 0;
  nn::LoaderOptions lo;
  lo.batch.batch_size = c.batch_size;
  if (dp) {
    lo.batch.part = dp->rank();
    lo.batch.parts = dp->world_size();
  }
  lo.batch.seed = c.seed;
  lo.batch.features = value ? FeatureSet::kValue49 : FeatureSet::kPolicy48;
  lo.threads = loader_threads;
  LoaderStream train(train_index, lo);
  nn::BatchOptions vo;
  vo.batch_size = c.batch_size;
  vo.seed = 12345;  // fixed: the same validation sample for every run
  vo.features = lo.batch.features;
  vo.part = lo.batch.part;
  vo.parts = lo.batch.parts;
  ValidationStream validation(val_index, vo);

  nn::SlTrainer trainer(c);
  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  ProgressLine progress(60);  // in a log: a line a minute, and every validation
  const auto start = std::chrono::steady_clock::now();
  int64_t first = -1;
  nn::TrainResult r;
  try {
    r = trainer.run(train, validation, [&](const nn::TrainProgress& p) {
    if (g_interrupted) trainer.request_stop();
    if (!rank0) return;  // one progress line for the run: rank 0's
    if (first < 0) first = p.step - c.log_every;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = (p.step - first) / std::max(1e-9, elapsed);
    const double eta = (p.steps - p.step) / std::max(1e-9, rate);
    const int width = 24, filled = static_cast<int>(width * p.step / std::max<int64_t>(1, p.steps));
    char line[256];
    std::snprintf(line, sizeof line, "[%s%s] step %lld/%lld  loss %.3f  acc %.3f%s  %.0f pos/s  ETA %s",
                  std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                  static_cast<long long>(p.step), static_cast<long long>(p.steps), p.train_loss, p.train_accuracy,
                  p.val_accuracy ? (std::string("  val ") + std::to_string(*p.val_accuracy).substr(0, 5)).c_str() : "",
                  p.positions_per_second, duration_text(eta).c_str());
    progress.show(line, p.val_accuracy.has_value() || p.step == p.steps);
    }, dp.get());
  } catch (const nn::DistributedError& e) {
    std::cerr << what << ": " << e.what() << "\n";
    return 1;
  }
  progress.finish();
  if (!rank0) return r.stopped_early ? 130 : 0;
  nn::CurveLabels labels;
  if (value) {
    labels.loss = "mean squared error";
    labels.accuracy = "winner named by sign(v)";
  }
  if (finish_training_run(out, labels, r.stopped_early, "step " + std::to_string(r.last_step)) != 0) return 130;
  std::cout << "trained steps " << r.first_step << ".." << r.last_step << " in "
            << duration_text(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())
            << "\nvalidation: " << (value ? "MSE " : "loss ") << r.final_val_loss
            << (value ? ", winner named by sign(v) " : ", top-1 accuracy ") << r.final_val_accuracy
            << "\nweights: " << r.final_weights << "\ncurves: " << out << "/curves.png\n";
  return 0;
}

}  // namespace
}  // namespace tengen::app
