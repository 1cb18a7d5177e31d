// `tengen eval value --weights W [--selfplay DIR...] [--dataset DIR]`: how well a value network
// predicts game results — mean squared error of v against z = ±1 (and how often sign(v) names the
// winner) on the held-out split of self-play value positions (the same split `tengen train value`
// validates on) and on positions of the human games of a `tengen dataset build` validation split,
// by move-number range as in the paper's Fig. 2b.
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/network_factory.h"
#include "app/subcommands.h"
#include "app/weights_locator.h"
#include "data/data_loader.h"
#include "data/value_data.h"
#include "engine/symmetry.h"
#include "mcts/ownership.h"
#include "nn/weights_file.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

struct Tally {
  double squared = 0, right = 0, n = 0;
  void add(double v, double z) {
    squared += (v - z) * (v - z);
    right += v * z > 0 ? 1 : 0;
    n += 1;
  }
  void print(const char* label) const {
    if (n == 0) return;
    std::printf("  %-16s %8.0f  %7.4f  %6.1f%%\n", label, n, squared / n, 100 * right / n);
  }
};

void print_ranges(const std::vector<Tally>& ranges) {
  const char* names[] = {"  moves 1-50", "  moves 51-100", "  moves 101-150", "  moves 151-200", "  moves 201-250",
                         "  moves 251+"};
  for (size_t r = 0; r < ranges.size() && r < 6; ++r) ranges[r].print(names[r]);
}

// A baseline for what the board says about human results: over the first `count` decided games, how
// often the area of the final position, dead strings removed by a 32-rollout estimate (and without
// removing any), less komi (0 when the record has none), has the winner's sign.
void print_final_area(const std::vector<nn::GameRecord>& games, int count) {
  const std::string rollout_path = require_shipped_weights("rollout-policy.safetensors", "the shipped rollout policy");
  std::unique_ptr<nn::PatternPolicy> rollout =
      load_pattern_policy(rollout_path, nn::PatternPolicyKind::kRollout, "the shipped rollout policy");
  std::vector<nn::GameRecord> finals;
  for (const nn::GameRecord& g : games)
    if (g.winner != 0 && !g.moves.empty() && static_cast<int>(finals.size()) < count)
      finals.push_back(nn::value_record(g, g.moves.size()));
  if (finals.empty()) throw std::runtime_error("no decided game for --final-area");
  const nn::PositionIndex index(finals, nn::PositionIndex::Positions::kFinal);
  double judged = 0, raw = 0;
  for (size_t i = 0; i < finals.size(); ++i) {
    Game g;
    index.replay(static_cast<int64_t>(i), g);
    const auto& m = g.moves();
    const Point last = m.empty() ? kNoPoint : m.back().point, second = m.size() < 2 ? kNoPoint : m[m.size() - 2].point;
    const mcts::Verdict v =
        mcts::judge_strings(g.board(), mcts::estimate_ownership(g.board(), last, second, rollout.get(), 32, 1));
    const double komi = std::isnan(finals[i].komi) ? 0.0 : finals[i].komi;
    judged += (v.area_difference - komi) * finals[i].winner > 0;
    raw += (area_difference(g.board()) - komi) * finals[i].winner > 0;
  }
  const double n = static_cast<double>(finals.size());
  std::printf("final positions of %zu decided val games: area less komi names the winner %.1f%% (dead strings "
              "removed by 32 rollouts), %.1f%% (none removed)\n", finals.size(), 100 * judged / n, 100 * raw / n);
}

// Evaluates `count` positions of the index (every `stride`-th from 0; z = 0 ones skipped) and adds
// them to `all` and to the tally of their move-number range.
void evaluate_index(nn::Evaluator& eval, const nn::PositionIndex& index, int64_t count, int batch, Tally& all,
                    std::vector<Tally>* by_range) {
  const int64_t total = index.positions();
  const int64_t stride = std::max<int64_t>(1, total / std::max<int64_t>(1, count));
  const size_t floats = static_cast<size_t>(kValuePlanes) * index.board_size() * index.board_size();
  std::vector<float> planes;
  std::vector<float> z;
  std::vector<int> moves;
  auto flush = [&] {
    const int n = static_cast<int>(z.size());
    if (n == 0) return;
    std::vector<nn::EvalInput> in(static_cast<size_t>(n));
    std::vector<nn::EvalOutput> out(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) in[static_cast<size_t>(i)] = {planes.data() + floats * static_cast<size_t>(i), 0};
    eval.evaluate(in.data(), n, out.data());
    for (int i = 0; i < n; ++i) {
      all.add(out[static_cast<size_t>(i)].value, z[static_cast<size_t>(i)]);
      if (by_range) (*by_range)[static_cast<size_t>(std::min(moves[static_cast<size_t>(i)] / 50, 5))].add(
          out[static_cast<size_t>(i)].value, z[static_cast<size_t>(i)]);
    }
    planes.clear();
    z.clear();
    moves.clear();
  };
  for (int64_t i = 0; i < total; i += stride) {
    if (index.z(i) == 0) continue;
    const nn::Batch b = nn::make_ordered_batch(index, FeatureSet::kValue49, i, 1);
    planes.insert(planes.end(), b.planes.begin(), b.planes.end());
    z.push_back(b.z[0]);
    // The move number of the position (kFinal: the position after the record's moves).
    moves.push_back(index.entry(i).move);
    if (static_cast<int>(z.size()) == batch) flush();
  }
  flush();
  if (all.n == 0)
    throw std::runtime_error("no position with a decided result to evaluate (every game lacks a winner, or none)");
}

// Whether the network answers a position alike however it is turned: over `count` decided positions of
// the index (evenly spaced), v under each of the 8 symmetries of the board; prints the mean of
// |v_s − v̄| (v̄: the position's 8-symmetry mean), the mean and largest spread (max − min), and the
// MSE of v̄ against the result (averaging the symmetries is what a search could do with 8 calls).
void print_symmetry_spread(nn::Evaluator& eval, const nn::PositionIndex& index, int64_t count) {
  const int64_t total = index.positions();
  const int64_t stride = std::max<int64_t>(1, total / std::max<int64_t>(1, count));
  double deviation = 0, spread = 0, largest = 0;
  Tally averaged;
  for (int64_t i = 0; i < total; i += stride) {
    if (index.z(i) == 0) continue;
    std::vector<nn::Batch> turned;
    std::vector<nn::EvalInput> in(kNumSymmetries);
    std::vector<nn::EvalOutput> out(kNumSymmetries);
    for (int s = 0; s < kNumSymmetries; ++s) turned.push_back(nn::make_ordered_batch(index, FeatureSet::kValue49, i, 1, s));
    for (int s = 0; s < kNumSymmetries; ++s) in[static_cast<size_t>(s)] = {turned[static_cast<size_t>(s)].planes.data(), 0};
    eval.evaluate(in.data(), kNumSymmetries, out.data());
    double lo = 1e9, hi = -1e9, mean = 0;
    for (const nn::EvalOutput& o : out) {
      lo = std::min<double>(lo, o.value);
      hi = std::max<double>(hi, o.value);
      mean += o.value / kNumSymmetries;
    }
    for (const nn::EvalOutput& o : out) deviation += std::abs(o.value - mean) / kNumSymmetries;
    spread += hi - lo;
    largest = std::max(largest, hi - lo);
    averaged.add(mean, turned[0].z[0]);
  }
  const double n = std::max(1.0, averaged.n);
  std::printf("symmetries, %.0f positions: mean |v - v(8 symmetries)| %.4f, spread (max - min) mean %.4f, largest "
              "%.4f; MSE of the 8-symmetry mean %.4f\n", averaged.n, deviation / n, spread / n, largest,
              averaged.squared / n);
}

struct EvalValueArgs {
  std::string weights, dataset;
  std::vector<std::string> selfplay;
  int val_per_mille = 50, batch = 256, threads = 1, game_stride = 0, human_positions = 0, final_area = 0;
  int64_t symmetries = 0;
  int64_t positions = 20000;
  bool all_selfplay = false;
};

void add_eval_value_options(po::options_description& opts, EvalValueArgs& a) {
  opts.add_options()("help,h", "this text")(
      "weights", po::value<std::string>(&a.weights), "value network (default: the shipped value-cpu)")(
      "selfplay", po::value<std::vector<std::string>>(&a.selfplay)->multitoken(),
      "self-play folders or value-*.tgd.zst files from `tengen selfplay --value-data`")(
      "val-per-mille", po::value<int>(&a.val_per_mille)->default_value(50),
      "the held-out share of the self-play positions (as given to `tengen train value`)")(
      "game-positions", po::value<int>(&a.game_stride)->default_value(0),
      "also every Nth position of the held-out whole self-play games (as `train value --game-positions`)")(
      "all-selfplay", po::bool_switch(&a.all_selfplay), "evaluate every self-play position, not only the held-out ones")(
      "dataset", po::value<std::string>(&a.dataset), "a `tengen dataset build` folder: its val split's human games")(
      "positions", po::value<int64_t>(&a.positions)->default_value(20000),
      "human-game positions to evaluate, spread evenly over the split")(
      "final-area", po::value<int>(&a.final_area)->default_value(0),
      "also: how often the area count of the final position of the first N decided val games (dead strings "
      "judged by 32 rollouts of the shipped rollout policy), less komi, names the winner")(
      "human-positions", po::value<int>(&a.human_positions)->default_value(0),
      "instead: K positions per decided game of the val split, drawn as `train value --human-positions K` "
      "draws its validation positions (0: spread evenly)")(
      "symmetries", po::value<int64_t>(&a.symmetries)->default_value(0),
      "with --dataset: also v under the 8 symmetries of this many positions (how alike they are)")(
      "batch", po::value<int>(&a.batch)->default_value(256), "positions per network call")(
      "threads", po::value<int>(&a.threads)->default_value(1), "torch threads");
}

// The held-out self-play value positions (all of them with --all-selfplay), and with --game-positions
// positions of the held-out whole games by move range.
void eval_selfplay(nn::Evaluator& eval, const EvalValueArgs& a) {
  const int per_mille = a.all_selfplay ? 1000 : a.val_per_mille;
  nn::ValueSplit split = nn::load_value_split(nn::value_shard_files(a.selfplay), per_mille);
  const nn::PositionIndex index(std::move(split.val), nn::PositionIndex::Positions::kFinal);
  Tally t;
  evaluate_index(eval, index, index.positions(), a.batch, t, nullptr);
  t.print(a.all_selfplay ? "self-play (all)" : "self-play (val)");
  if (a.game_stride <= 0) return;
  nn::ValueSplit games = nn::load_value_split(nn::value_shard_files(a.selfplay, "selfplay-"), per_mille);
  const nn::PositionIndex positions(nn::positions_every(games.val, a.game_stride, 1), nn::PositionIndex::Positions::kFinal);
  Tally g;
  std::vector<Tally> ranges(6);
  evaluate_index(eval, positions, positions.positions(), a.batch, g, &ranges);
  g.print("self-play games");
  print_ranges(ranges);
}

// Positions of the human games of the dataset's val split, by move range (and the final-area baseline).
void eval_dataset(nn::Evaluator& eval, const EvalValueArgs& a) {
  nn::PositionIndex index = nn::PositionIndex::load(a.dataset, "val");
  if (a.final_area > 0) print_final_area(index.games(), a.final_area);
  int64_t positions = a.positions;
  if (a.human_positions > 0) {
    index = nn::PositionIndex(nn::positions_per_game(index.games(), a.human_positions, 1),
                              nn::PositionIndex::Positions::kFinal);
    positions = index.positions();
  }
  Tally all;
  std::vector<Tally> ranges(6);
  evaluate_index(eval, index, positions, a.batch, all, &ranges);
  all.print("human games");
  print_ranges(ranges);
  if (a.symmetries > 0) print_symmetry_spread(eval, index, a.symmetries);
}

}  // namespace

int run_eval_value(int argc, char** argv) {
  EvalValueArgs a;
  if (parse_args_or_help(argc, argv, "tengen eval value", add_eval_value_options, a)) return 0;
  if (a.selfplay.empty() && a.dataset.empty()) {
    std::cerr << "tengen eval value: give --selfplay and/or --dataset (see --help)\n";
    return 2;
  }
  if (a.batch < 1 || a.positions < 1 || a.symmetries < 0) {
    std::cerr << "tengen eval value: --batch and --positions must be positive, --symmetries at least 0\n";
    return 2;
  }
  std::string file;
  try {
    file = choose_weights(a.weights, "value-cpu.safetensors", "--weights");
    if (file.empty()) {
      std::cerr << "tengen eval value: no value network (--weights none): give --weights FILE\n";
      return 1;
    }
    const std::shared_ptr<nn::Evaluator> network = make_network_evaluator(NetworkFiles{"", file, "cpu", a.threads});
    std::printf("value network %s\n  %-16s %8s  %7s  %7s\n", file.c_str(), "positions", "count", "MSE", "winner");
    if (!a.selfplay.empty()) eval_selfplay(*network, a);
    if (!a.dataset.empty()) eval_dataset(*network, a);
    std::printf("(MSE of always answering v = 0: 1.0)\n");
  } catch (const std::exception& e) {
    std::cerr << "tengen eval value: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tengen::app
