// `tengen train rollout` and `tengen eval rollout`: the pattern policies p_π (rollout) and p_τ
// (tree) of docs/ROLLOUT.md, trained on `tengen dataset build` shards and evaluated on a dataset
// split or on SGF games. Torch-free. Training takes minutes and writes its result atomically, so an
// interrupted run leaves no file behind and is simply started again.

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/eval_source.h"
#include "app/help_text.h"
#include "app/progress_line.h"
#include "app/subcommands.h"
#include "app/training_output.h"
#include "engine/sgf.h"
#include "io/atomic_file.h"
#include "io/sgf_source.h"
#include "data/data_loader.h"
#include "train/pattern_trainer.h"
#include "train/training_curves.h"
#include "nn/weights_file.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

std::optional<nn::PatternPolicyKind> parse_kind(const std::string& s) {
  if (s == "rollout") return nn::PatternPolicyKind::kRollout;
  if (s == "tree") return nn::PatternPolicyKind::kTree;
  return std::nullopt;
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * x);
  return buf;
}

// Fits the policy on the train split, showing progress; a metrics row (kMetricsCsvHeader's columns,
// "step" counting training positions) per progress report of the fit goes into `metrics`.
nn::PatternPolicy fit_with_progress(const nn::PositionIndex& train, const nn::PatternTrainOptions& o,
                                    std::ostringstream& metrics) {
  ProgressLine progress(30, 0.2);
  const auto start = std::chrono::steady_clock::now();
  int64_t last_done = 0;
  double last_secs = 0;
  nn::PatternPolicy policy = nn::train_pattern_policy(train.games(), o, [&](const nn::PatternTrainProgress& p) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (std::string(p.phase) == "fit") {
      const int64_t step = static_cast<int64_t>(p.epoch - 1) * o.positions + p.done;
      metrics << step << "," << o.learning_rate << "," << p.mean_loss << "," << p.accuracy << ",,,"
              << (p.done - last_done) / std::max(1e-9, secs - last_secs) << "," << secs << "\n";
      last_done = p.done;
      last_secs = secs;
    }
    char line[200];
    if (std::string(p.phase) == "harvest")
      std::snprintf(line, sizeof line, "harvest  %lld/%lld positions  %.0f s", static_cast<long long>(p.done),
                    static_cast<long long>(p.total), secs);
    else
      std::snprintf(line, sizeof line, "epoch %d  %lld/%lld positions  loss %.3f  top-1 %.3f  %.0f s", p.epoch,
                    static_cast<long long>(p.done), static_cast<long long>(p.total), p.mean_loss, p.accuracy, secs);
    progress.show(line, p.done == p.total);
  });
  progress.finish();
  return policy;
}

// Top-1 accuracy on the first `positions` positions of the val split, as text; its metrics row.
std::string validate(const nn::PatternPolicy& policy, const std::string& data, int64_t positions,
                     const nn::PatternTrainOptions& o, double secs, std::ostringstream& metrics) {
  const nn::PositionIndex val = nn::PositionIndex::load(data, "val");
  const nn::PolicyEvalStats stats = nn::evaluate_pattern_policy(policy, val.games(), positions);
  const double n = static_cast<double>(std::max<int64_t>(1, stats.total().positions));
  const std::string text = percent(stats.total().top1 / n) + " top-1 on the first " +
                           std::to_string(stats.total().positions) + " positions of the val split";
  std::cerr << "validation: " << text << "\n";
  metrics << static_cast<int64_t>(o.epochs) * o.positions << "," << o.learning_rate << ",,," << stats.total().log_loss / n
          << "," << stats.total().top1 / n << ",," << secs << "\n";
  return text;
}

// The weights file, with how it was trained in its metadata.
void save_policy(const nn::PatternPolicy& policy, const std::string& out, const std::string& data,
                 const std::string& kind_text, const nn::PatternTrainOptions& o, const std::string& val_text) {
  char train_text[200];
  std::snprintf(train_text, sizeof train_text, "%lld harvest positions (min count %d), %d epochs x %lld positions, AdaGrad lr %g, seed %llu",
                static_cast<long long>(o.harvest_positions), o.min_count, o.epochs, static_cast<long long>(o.positions),
                o.learning_rate, static_cast<unsigned long long>(o.seed));
  policy.save(out, {{"tengen.train.data", data},
                    {"tengen.train.date", utc_date_today()},
                    {"tengen.train.command", "tengen train rollout --policy " + kind_text},
                    {"tengen.train.options", train_text},
                    {"tengen.train.validation", val_text}});
}

}  // namespace

int run_train_rollout(int argc, char** argv) {
  std::string data, out, kind_text = "rollout", run_dir;
  nn::PatternTrainOptions o;
  int64_t val_positions = 0;
  po::options_description opts("Options for `tengen train rollout`");
  opts.add_options()("help,h", "this text")(
      "data", po::value<std::string>(&data), "dataset folder from `tengen dataset build`")(
      "out", po::value<std::string>(&out), "weights file to write (.safetensors)")(
      "run-dir", po::value<std::string>(&run_dir), "also write metrics.csv and curves.png (gnuplot) here")(
      "policy", po::value<std::string>(&kind_text)->default_value("rollout"), "rollout (p_pi) or tree (p_tau)")(
      "harvest-positions", po::value<int64_t>(&o.harvest_positions)->default_value(1'000'000),
      "positions whose patterns are counted to build the dictionaries")(
      "min-count", po::value<int>(&o.min_count)->default_value(10), "keep patterns seen at least this often")(
      "positions", po::value<int64_t>(&o.positions)->default_value(2'000'000), "training positions per epoch")(
      "epochs", po::value<int>(&o.epochs)->default_value(2), "passes over those positions")(
      "lr", po::value<double>(&o.learning_rate)->default_value(0.05), "AdaGrad learning rate")(
      "seed", po::value<uint64_t>(&o.seed)->default_value(1), "seed for the game order")(
      "val-positions", po::value<int64_t>(&val_positions)->default_value(100'000),
      "validation-split positions evaluated at the end (0: none)");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen train rollout"))) return 0;
  const auto kind = parse_kind(kind_text);
  if (data.empty() || out.empty() || !kind || o.epochs < 1 || o.min_count < 1 || o.learning_rate <= 0) {
    std::cerr << "tengen train rollout: --data and --out are required, --policy is rollout or tree, and "
                 "--epochs, --min-count, --lr must be positive (see --help)\n";
    return 2;
  }
  o.kind = *kind;
  std::cerr << "loading " << data << " ...\n";
  const nn::PositionIndex train = nn::PositionIndex::load(data, "train");
  std::cerr << "train: " << train.games().size() << " games, " << train.positions() << " positions\n";
  const auto start = std::chrono::steady_clock::now();
  std::ostringstream metrics;
  metrics << nn::kMetricsCsvHeader << "\n";
  const nn::PatternPolicy policy = fit_with_progress(train, o, metrics);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "dictionaries: " << policy.num_patterns3() << " 3x3, " << policy.num_response_patterns() << " response"
            << (o.kind == nn::PatternPolicyKind::kTree ? ", " + std::to_string(policy.num_diamond_patterns()) + " diamond" : "")
            << " patterns; " << policy.num_features() << " features\n";
  const std::string val_text = val_positions > 0 ? validate(policy, data, val_positions, o, secs, metrics) : "not measured";
  if (!run_dir.empty()) {
    std::filesystem::create_directories(run_dir);
    io::write_file_atomically(run_dir + "/metrics.csv", metrics.str());
    const std::string why = nn::plot_training_curves(run_dir, nn::CurveLabels{.x = "training positions"});
    if (!why.empty()) std::cerr << "note: no curves.png: " << why << "\n";
  }
  save_policy(policy, out, data, kind_text, o, val_text);
  char took[32];
  std::snprintf(took, sizeof took, "%.0f s", secs);
  std::cout << kind_text << " policy: " << out << " (" << policy.num_features() << " features, trained in " << took << ")\n";
  return 0;
}

int run_eval_rollout(int argc, char** argv) {
  EvalSource source;
  int64_t max_positions = 0;
  po::options_description opts("Options for `tengen eval rollout`");
  opts.add_options()("help,h", "this text");
  add_eval_source_options(opts, source,
                          "rollout or tree policy (default: the shipped weights/rollout-policy.safetensors)");
  opts.add_options()(
      "max-positions", po::value<int64_t>(&max_positions)->default_value(0), "stop after this many positions (0: all)");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen eval rollout"))) return 0;
  if (const int code = complete_eval_source(source, "tengen eval rollout", "rollout-policy.safetensors")) return code;
  const std::string &weights = source.weights, &data = source.data, &split = source.split;
  const nn::PatternPolicy policy = nn::PatternPolicy::load(weights);
  std::vector<nn::GameRecord> records;
  io::SgfSourceStats src;
  int64_t skipped = 0;
  if (!data.empty()) {
    records = nn::PositionIndex::load(data, split).games();
  } else {
    src = io::for_each_sgf(
        source.games,
        [&](const std::string& name, std::string_view text) {
          for (const SgfGame& g : parse_sgf(text, name).games) {
            absl::StatusOr<nn::GameRecord> r = nn::record_from_sgf(g);
            if (r.ok()) records.push_back(std::move(*r));
            else ++skipped;
          }
          return true;
        },
        [&](const std::string& name, const std::string& message) { std::cerr << name << ": " << message << "\n"; });
  }
  const auto start = std::chrono::steady_clock::now();
  const nn::PolicyEvalStats stats = nn::evaluate_pattern_policy(policy, records, max_positions > 0 ? max_positions : -1);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << nn::pattern_policy_kind_name(policy.kind()) << " policy: " << weights << "\n"
            << (data.empty() ? "" : "data: " + data + " (" + split + " split)\n") << "games: " << records.size()
            << " read, " << skipped << " skipped; " << stats.total().positions << " positions in "
            << std::to_string(secs).substr(0, std::to_string(secs).find('.') + 2) << " s ("
            << static_cast<int>(1e6 * secs / std::max<int64_t>(1, stats.total().positions))
            << " us per position, every legal move scored)\n\n" << stats.report();
  return src.input_errors > 0 ? 1 : 0;
}

}  // namespace tengen::app
