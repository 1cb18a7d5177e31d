// `tengen eval policy --weights W --games G...`: how well a policy network predicts the moves of
// the given games (SGF files, folders, archives): top-1/3/5 and mean log-loss over every position
// whose next move is a stone move, by move-number range. Softmax over the legal points only.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "app/commands.h"
#include "nn/torch/torch_threads.h"
#include "app/eval_source.h"
#include "app/help_text.h"
#include "app/subcommands.h"
#include "engine/features.h"
#include "engine/sgf.h"
#include "io/sgf_source.h"
#include "data/data_loader.h"
#include "nn/policy_eval.h"
#include "nn/torch/torch_weights.h"

namespace po = boost::program_options;

namespace tengen::app {

namespace {

// Batches positions through the network and adds each prediction to the statistics.
class PolicyScorer {
 public:
  PolicyScorer(nn::PolicyNet net, int batch)
      : net_(std::move(net)), batch_(batch), size_(net_->config().board_size), area_(size_ * size_),
        planes_(net_->config().input_planes) {}
  // One position: the game before `next` is played, which is move number `number`.
  void add(const Game& g, Point next, int number) {
    const size_t off = x_.size();
    x_.resize(off + static_cast<size_t>(planes_) * area_);
    extract_features(g, FeatureSet::kPolicy48, 0, x_.data() + off);
    for (int i = 0; i < area_; ++i) legal_.push_back(g.is_legal(make_point(i % size_, i / size_)) ? 1.f : 0.f);
    played_.push_back(point_y(next) * size_ + point_x(next));
    move_numbers_.push_back(number);
    if (static_cast<int>(played_.size()) == batch_) flush();
  }
  void flush() {
    const int n = static_cast<int>(played_.size());
    if (n == 0) return;
    torch::Tensor logits = net_->forward(torch::from_blob(x_.data(), {n, planes_, size_, size_}));
    torch::Tensor p = nn::masked_softmax(logits, torch::from_blob(legal_.data(), {n, area_}), 1.0).contiguous();
    for (int i = 0; i < n; ++i) stats_.add(p[i].data_ptr<float>(), area_, played_[i], move_numbers_[i]);
    x_.clear();
    legal_.clear();
    played_.clear();
    move_numbers_.clear();
  }
  int board_size() const { return size_; }
  const nn::PolicyEvalStats& stats() const { return stats_; }

 private:
  nn::PolicyNet net_;
  const int batch_, size_, area_, planes_;
  nn::PolicyEvalStats stats_;
  std::vector<float> x_, legal_;
  std::vector<int> played_, move_numbers_;
};

// Every position of a `tengen dataset build` split; the games used, or -1 (message printed) when the
// data is for another board size.
int64_t score_dataset(PolicyScorer& scorer, const std::string& data, const std::string& split) {
  const nn::PositionIndex index = nn::PositionIndex::load(data, split);
  const int size = scorer.board_size();
  if (index.board_size() != size) {
    std::cerr << "tengen eval policy: the data is " << index.board_size() << "x" << index.board_size()
              << ", the network " << size << "x" << size << "\n";
    return -1;
  }
  Game g(size);
  for (int64_t i = 0; i < index.positions(); ++i) {
    index.replay(i, g);
    scorer.add(g, index.played(i).point, index.entry(i).move + 1);
  }
  return static_cast<int64_t>(index.games().size());
}

// Every stone move of the SGF games (up to max_games; 0: all) whose board size and set-up fit.
io::SgfSourceStats score_sgf(PolicyScorer& scorer, const std::vector<std::string>& games, int64_t max_games,
                             int64_t& used, int64_t& skipped) {
  const int size = scorer.board_size();
  return io::for_each_sgf(
      games,
      [&](const std::string& name, std::string_view text) {
        SgfParseResult parsed = parse_sgf(text, name);
        for (const SgfGame& rec : parsed.games) {
          SgfGame setup_only = rec;
          setup_only.moves.clear();
          Game g(size);
          if (rec.size != size || replay_sgf(setup_only, g, GameRules{7.5, KoRule::kSimple})) {
            ++skipped;
            continue;
          }
          ++used;
          int number = 0;
          for (const Move& m : rec.moves) {
            ++number;
            if (m.point != kPass && m.color == g.to_move()) scorer.add(g, m.point, number);
            if (g.play(m.point, m.color) != MoveError::kNone) break;  // the rest of a broken record
          }
        }
        return max_games == 0 || used < max_games;
      },
      [&](const std::string& name, const std::string& message) { std::cerr << name << ": " << message << "\n"; });
}

}  // namespace

int run_eval_policy(int argc, char** argv) {
  EvalSource source;
  int batch = 64, threads = 1;
  int64_t max_games = 0;
  po::options_description opts("Options for `tengen eval policy`");
  opts.add_options()("help,h", "this text");
  add_eval_source_options(opts, source, "policy network (default: the shipped weights/sl-policy-cpu.safetensors)");
  opts.add_options()(
      "batch", po::value<int>(&batch)->default_value(64), "positions per forward pass")(
      "threads", po::value<int>(&threads)->default_value(1), "torch threads")(
      "max-games", po::value<int64_t>(&max_games)->default_value(0), "stop after this many games (0: all)");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen eval policy"))) return 0;
  if (batch < 1) {
    std::cerr << "tengen eval policy: --batch must be at least 1\n";
    return 2;
  }
  if (const int code = complete_eval_source(source, "tengen eval policy", "sl-policy-cpu.safetensors")) return code;
  const std::string &weights = source.weights, &data = source.data, &split = source.split;
  nn::set_torch_threads(threads);
  torch::NoGradGuard no_grad;
  nn::PolicyNet net = nn::load_policy_net(weights);
  net->eval();
  if (net->config().input_planes != kPolicyPlanes) {
    std::cerr << "tengen eval policy: the network takes " << net->config().input_planes
              << " planes; only the 48-plane set is supported\n";
    return 1;
  }
  PolicyScorer scorer(net, batch);
  int64_t used = 0, skipped = 0;
  const auto start = std::chrono::steady_clock::now();
  io::SgfSourceStats src;
  if (!data.empty()) {
    if ((used = score_dataset(scorer, data, split)) < 0) return 1;
  } else {
    src = score_sgf(scorer, source.games, max_games, used, skipped);
  }
  scorer.flush();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "weights: " << weights << "\n" << (data.empty() ? "" : "data: " + data + " (" + split + " split)\n")
            << "games: " << used << " evaluated, " << skipped
            << " skipped (other board size or bad set-up); " << scorer.stats().total().positions << " positions in "
            << static_cast<int>(secs) << " s\n\n" << scorer.stats().report();
  return src.input_errors > 0 ? 1 : 0;
}

}  // namespace tengen::app
