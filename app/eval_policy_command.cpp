// `tengen eval policy --weights W --games G...`: how well a policy network predicts the moves of
// the given games (SGF files, folders, archives): top-1/3/5 and mean log-loss over every position
// whose next move is a stone move, by move-number range. Softmax over the legal points only.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "app/commands.h"
#include "app/weights_locator.h"
#include "engine/features.h"
#include "engine/sgf.h"
#include "io/sgf_source.h"
#include "data/data_loader.h"
#include "nn/policy_eval.h"
#include "nn/torch/torch_weights.h"

namespace po = boost::program_options;

namespace tengen::app {

int run_eval_policy(int argc, char** argv) {
  std::string weights, data, split = "val";
  std::vector<std::string> games;
  int batch = 64, threads = 1;
  int64_t max_games = 0;
  po::options_description opts("Options for `tengen eval policy`");
  opts.add_options()("help,h", "this text")(
      "weights", po::value<std::string>(&weights), "policy network (default: the shipped weights/sl-policy-cpu.safetensors)")(
      "games", po::value<std::vector<std::string>>(&games)->multitoken(), "SGF files, folders or archives")(
      "data", po::value<std::string>(&data), "instead of --games: a `tengen dataset build` folder")(
      "split", po::value<std::string>(&split)->default_value("val"), "with --data: val or train")(
      "batch", po::value<int>(&batch)->default_value(64), "positions per forward pass")(
      "threads", po::value<int>(&threads)->default_value(1), "torch threads")(
      "max-games", po::value<int64_t>(&max_games)->default_value(0), "stop after this many games (0: all)");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, opts), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: tengen eval policy --weights FILE --games PATH... [options]\n\nTop-1/3/5 accuracy "
                 "and mean log-loss of the network's prediction of every played stone move, by move "
                 "number (softmax over legal points).\n\n" << opts;
    return 0;
  }
  if ((games.empty() == data.empty()) || batch < 1) {
    std::cerr << "tengen eval policy: give either --games or --data (see --help)\n";
    return 2;
  }
  if (weights.empty()) weights = find_shipped_weights("sl-policy-cpu.safetensors");
  if (weights.empty()) {
    std::cerr << "tengen eval policy: no --weights given and no shipped weights/sl-policy-cpu.safetensors found "
                 "(set TENGEN_WEIGHTS to the folder that holds it)\n";
    return 1;
  }
  torch::set_num_threads(threads);
  torch::NoGradGuard no_grad;
  nn::PolicyNet net = nn::load_policy_net(weights);
  net->eval();
  const int size = net->config().board_size, area = size * size, planes = net->config().input_planes;
  if (planes != kPolicyPlanes) {
    std::cerr << "tengen eval policy: the network takes " << planes << " planes; only the 48-plane set is supported\n";
    return 1;
  }
  nn::PolicyEvalStats stats;
  std::vector<float> x, legal;
  std::vector<int> played, move_numbers;
  auto flush = [&] {
    const int n = static_cast<int>(played.size());
    if (n == 0) return;
    torch::Tensor logits = net->forward(torch::from_blob(x.data(), {n, planes, size, size}));
    torch::Tensor p = nn::masked_softmax(logits, torch::from_blob(legal.data(), {n, area}), 1.0).contiguous();
    for (int i = 0; i < n; ++i) stats.add(p[i].data_ptr<float>(), area, played[i], move_numbers[i]);
    x.clear();
    legal.clear();
    played.clear();
    move_numbers.clear();
  };
  // One position: the game before `next` is played, which is move number `number`.
  auto add_position = [&](const Game& g, Point next, int number) {
    const size_t off = x.size();
    x.resize(off + static_cast<size_t>(planes) * area);
    extract_features(g, FeatureSet::kPolicy48, 0, x.data() + off);
    for (int i = 0; i < area; ++i) legal.push_back(g.is_legal(make_point(i % size, i / size)) ? 1.f : 0.f);
    played.push_back(point_y(next) * size + point_x(next));
    move_numbers.push_back(number);
    if (static_cast<int>(played.size()) == batch) flush();
  };
  int64_t used = 0, skipped = 0;
  const auto start = std::chrono::steady_clock::now();
  io::SgfSourceStats src;
  if (!data.empty()) {
    const nn::PositionIndex index = nn::PositionIndex::load(data, split);
    if (index.board_size() != size) {
      std::cerr << "tengen eval policy: the data is " << index.board_size() << "x" << index.board_size()
                << ", the network " << size << "x" << size << "\n";
      return 1;
    }
    used = static_cast<int64_t>(index.games().size());
    Game g(size);
    for (int64_t i = 0; i < index.positions(); ++i) {
      index.replay(i, g);
      add_position(g, index.played(i).point, index.entry(i).move + 1);
    }
  } else src = io::for_each_sgf(
      games,
      [&](const std::string& name, std::string_view text) {
        SgfParseResult parsed = parse_sgf(text, name);
        for (const SgfGame& rec : parsed.games) {
          if (rec.size != size) {
            ++skipped;
            continue;
          }
          SgfGame setup_only = rec;
          setup_only.moves.clear();
          Game g(size);
          if (replay_sgf(setup_only, g, GameRules{7.5, false})) {
            ++skipped;
            continue;
          }
          ++used;
          int number = 0;
          for (const Move& m : rec.moves) {
            ++number;
            if (m.point != kPass && m.color == g.to_move()) add_position(g, m.point, number);
            if (g.play(m.point, m.color) != MoveError::kNone) break;  // the rest of a broken record
          }
        }
        return max_games == 0 || used < max_games;
      },
      [&](const std::string& name, const std::string& message) { std::cerr << name << ": " << message << "\n"; });
  flush();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "weights: " << weights << "\n" << (data.empty() ? "" : "data: " + data + " (" + split + " split)\n")
            << "games: " << used << " evaluated, " << skipped
            << " skipped (other board size or bad set-up); " << stats.total().positions << " positions in "
            << static_cast<int>(secs) << " s\n\n" << stats.report();
  return src.input_errors > 0 ? 1 : 0;
}

}  // namespace tengen::app
