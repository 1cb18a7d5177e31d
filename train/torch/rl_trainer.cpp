#include "train/torch/rl_trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "engine/features.h"
#include "engine/hash.h"
#include "engine/symmetry.h"
#include "io/atomic_file.h"
#include "train/torch/checkpoints.h"
#include "train/torch/data_parallel.h"
#include "nn/torch/module_evaluator.h"
#include "nn/torch/torch_weights.h"
#include "train/training_curves.h"

namespace fs = std::filesystem;

namespace tengen::nn {

namespace {

uint64_t mix(uint64_t a, uint64_t b) { return mix64(a ^ (b + kGoldenGamma + (a << 6) + (a >> 2))); }

struct StopRequested {};

std::string snapshot_name(int64_t iteration) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "rho-%09lld.safetensors", static_cast<long long>(iteration));
  return buf;
}

// Positions of one chunk of the gradient, gathered before one forward/backward pass.
struct Chunk {
  std::vector<float> planes;
  std::vector<uint8_t> legal;
  std::vector<int64_t> target;
  std::vector<float> weight;  // z / n
  int count = 0;
};

}  // namespace

double reinforce_backward(PolicyNet& net, const std::vector<PolicyGame>& games, const std::vector<Color>& rho_colours,
                          double temperature, int gradient_batch, const torch::Device& device) {
  const int size = net->config().board_size, points = size * size;
  const int planes = net->config().input_planes;
  const size_t floats = static_cast<size_t>(planes) * points;
  const double n = static_cast<double>(games.size());
  std::vector<float> scratch(static_cast<size_t>(kValuePlanes) * points);
  Chunk chunk;
  double total = 0;
  auto flush = [&] {
    if (chunk.count == 0) return;
    const int64_t b = chunk.count;
    torch::Tensor x = torch::from_blob(chunk.planes.data(), {b, planes, size, size}, torch::kFloat32).to(device);
    torch::Tensor legal = torch::from_blob(chunk.legal.data(), {b, points}, torch::kUInt8).to(device, torch::kBool);
    torch::Tensor target = torch::from_blob(chunk.target.data(), {b, 1}, torch::kInt64).to(device);
    torch::Tensor weight = torch::from_blob(chunk.weight.data(), {b}, torch::kFloat32).to(device);
    torch::Tensor logits = (net->forward(x) / temperature).masked_fill(legal.logical_not(),
                                                                       -std::numeric_limits<float>::infinity());
    torch::Tensor logp = torch::log_softmax(logits, 1).gather(1, target).squeeze(1);
    torch::Tensor loss = -(weight * logp).sum();
    loss.backward();
    total += loss.item<double>();
    chunk = Chunk{};
  };
  for (size_t g = 0; g < games.size(); ++g) {
    const GameRecord& r = games[g].record;
    const float z = static_cast<float>(rho_colours[g] == Color::kBlack ? r.winner : -r.winner);
    if (z == 0) continue;
    Game game(size, GameRules{static_cast<double>(r.komi), true});
    for (size_t t = 0; t < r.moves.size(); ++t) {
      const Move m = decode_move(r.moves[t]);
      const int sym = t < games[g].symmetries.size() ? games[g].symmetries[t] : 255;
      if (m.color == rho_colours[g] && m.point != kPass && sym < kNumSymmetries) {
        if (chunk.count == 0) {
          chunk.planes.reserve(floats * static_cast<size_t>(gradient_batch));
          chunk.legal.reserve(static_cast<size_t>(points) * gradient_batch);
        }
        extract_features(game, FeatureSet::kValue49, sym, scratch.data());
        chunk.planes.insert(chunk.planes.end(), scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(floats));
        const size_t base = chunk.legal.size();
        chunk.legal.resize(base + static_cast<size_t>(points), 0);
        for (Point p : sensible_moves(game)) {
          const Point q = apply_symmetry(p, sym, size);
          chunk.legal[base + static_cast<size_t>(point_y(q) * size + point_x(q))] = 1;
        }
        const Point a = apply_symmetry(m.point, sym, size);
        chunk.target.push_back(point_y(a) * size + point_x(a));
        chunk.weight.push_back(static_cast<float>(z / n));
        if (++chunk.count == gradient_batch) flush();
      }
      if (game.play(m.point, m.color) != MoveError::kNone)
        throw std::runtime_error("reinforce: a self-play game does not replay at move " + std::to_string(t + 1));
    }
  }
  flush();
  return total;
}

RlTrainer::RlTrainer(RlTrainConfig config) : config_(std::move(config)) {}

RlResult RlTrainer::run(const std::function<void(const RlProgress&)>& on_progress, DataParallel* dp) {
  const RlTrainConfig& c = config_;
  const int world = dp ? dp->world_size() : 1, rank = dp ? dp->rank() : 0;
  const bool writer = rank == 0;
  if (c.games_per_iteration % world != 0 || (c.evaluate_every > 0 && c.evaluate_games % world != 0))
    throw std::invalid_argument("--games and --eval-games must be multiples of the " + std::to_string(world) + " ranks");
  const fs::path run(c.run_dir), pool_dir = run / "pool", csv = run / "metrics.csv";
  fs::create_directories(pool_dir);
  const bool cuda = c.device.rfind("cuda", 0) == 0;
  const torch::Device dev(c.device);
  if (!cuda) torch::set_num_threads(c.threads);
  std::map<std::string, std::string> sl_meta;
  PolicyNet rho = load_policy_net(c.initial_weights, &sl_meta);
  const NetworkConfig net_config = rho->config();
  rho->to(dev);
  rho->train();
  torch::optim::SGD opt(rho->parameters(), torch::optim::SGDOptions(c.lr).momentum(c.momentum));
  const nlohmann::json identity = {
      {"initial", fs::path(c.initial_weights).filename().string()}, {"games", c.games_per_iteration},
      {"snapshot_every", c.snapshot_every}, {"lr", c.lr}, {"momentum", c.momentum}, {"temperature", c.temperature},
      {"komi", c.komi}, {"seed", c.seed}, {"network", net_config.to_metadata()}};
  RlResult result;
  int64_t it = 0;
  if (std::optional<int64_t> s = latest_checkpoint(c.run_dir)) {
    load_checkpoint(c.run_dir, *s, *rho, opt, identity.dump());
    it = *s;
  }
  if (dp) {
    dp->check_same(it, "resume iteration");
    dp->broadcast(*rho);
    dp->attach(*rho, /*overlap=*/false);  // reinforce_backward accumulates several backward passes
  }
  if (writer) truncate_metrics(csv.string(), it);  // also after a kill before the first checkpoint
  result.first_iteration = it;
  if (writer && !fs::exists(csv)) io::write_file_atomically(csv.string(), std::string(kMetricsCsvHeader) + "\n");
  std::ofstream metrics;
  if (writer) metrics.open(csv, std::ios::app);

  std::unique_ptr<TorchEvaluator> current = make_module_evaluator(rho, nullptr, c.device);
  std::map<std::string, std::unique_ptr<TorchEvaluator>> opponents;
  auto opponent = [&](const std::string& path) -> Evaluator* {
    auto& e = opponents[path];
    if (!e) {
      TorchEvaluatorOptions o;
      o.policy_weights = path;
      o.device = c.device;
      o.threads = 0;
      e = std::make_unique<TorchEvaluator>(o);
    }
    return e.get();
  };
  auto pool_at = [&](int64_t iteration) {  // the pool as it stands before iteration `iteration`
    std::vector<std::string> pool{c.initial_weights};
    for (int64_t k = c.snapshot_every; c.snapshot_every > 0 && k <= iteration; k += c.snapshot_every)
      pool.push_back((pool_dir / snapshot_name(k)).string());
    return pool;
  };
  PolicyGameOptions play;
  play.board_size = net_config.board_size;
  play.komi = c.komi;
  int64_t evaluated = 0;
  auto stop_check = [&](int n) {
    evaluated += n;
    if (!dp && stop_.load()) throw StopRequested{};  // ranks stop together, between iterations
  };
  // This rank's share of `count` games: [rank count / W, (rank + 1) count / W), numbered globally.
  auto make_plans = [&](uint64_t stream, int64_t k, int count, Evaluator* other, std::vector<Color>& colours) {
    const int share = count / world, first = rank * share;
    std::vector<GamePlan> plans(static_cast<size_t>(share));
    colours.assign(static_cast<size_t>(share), Color::kBlack);
    for (int j = 0; j < share; ++j) {
      const int i = first + j;
      GamePlan& p = plans[static_cast<size_t>(j)];
      p.seed = mix(mix(c.seed ^ stream, static_cast<uint64_t>(k)), static_cast<uint64_t>(i));
      const bool rho_black = i % 2 == 0;
      colours[static_cast<size_t>(j)] = rho_black ? Color::kBlack : Color::kWhite;
      p.black = {rho_black ? current.get() : other, c.temperature};
      p.white = {rho_black ? other : current.get(), c.temperature};
    }
    return plans;
  };
  // Sums over the ranks (in place); a no-op in one process.
  auto sum_over_ranks = [&](std::vector<double>& v) {
    if (dp) dp->sum(v);
  };
  auto wins_of = [&](const std::vector<PolicyGame>& games, const std::vector<Color>& colours) {
    std::vector<double> w{0, static_cast<double>(games.size())};
    for (size_t i = 0; i < games.size(); ++i)
      w[0] += (colours[i] == Color::kBlack ? games[i].record.winner : -games[i].record.winner) > 0 ? 1.0 : 0.0;
    sum_over_ranks(w);
    return w[0] / std::max(1.0, w[1]);
  };

  const auto start = std::chrono::steady_clock::now();
  auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  int64_t last_checkpoint = it;
  auto checkpoint = [&](int64_t at) {
    if (writer) save_checkpoint(c.run_dir, at, *rho, net_config, c.provenance, opt, identity.dump());
    last_checkpoint = at;
  };
  bool stop = false;  // several ranks: any rank's request, agreed after each iteration
  try {
    while (it < c.iterations && !stop && !(dp == nullptr && stop_.load())) {
      const double t0 = wall();
      evaluated = 0;
      const std::vector<std::string> pool = pool_at(it);
      const std::string& opp = pool[mix(c.seed, static_cast<uint64_t>(it)) % pool.size()];
      std::vector<Color> colours;
      const std::vector<GamePlan> plans = make_plans(0, it, c.games_per_iteration, opponent(opp), colours);
      const std::vector<PolicyGame> games = play_policy_games(plans, play, stop_check);
      opt.zero_grad();
      double loss = reinforce_backward(rho, games, colours, c.temperature, c.gradient_batch, dev);
      if (dp) dp->average_gradients();
      torch::nn::utils::clip_grad_norm_(rho->parameters(), c.clip_grad_norm);
      opt.step();
      ++it;
      double moves = 0;
      for (const PolicyGame& g : games) moves += static_cast<double>(g.record.moves.size());
      std::vector<double> totals{loss / world, moves, static_cast<double>(evaluated), stop_.load() ? 1.0 : 0.0};
      sum_over_ranks(totals);
      loss = totals[0];
      moves = totals[1];
      evaluated = static_cast<int64_t>(totals[2]);
      stop = totals[3] > 0;
      RlProgress p;
      p.iteration = it;
      p.iterations = c.iterations;
      p.loss = loss;
      p.win_rate = wins_of(games, colours);
      p.mean_length = moves / std::max(1, c.games_per_iteration);
      p.opponent = fs::path(opp).filename().string();
      p.positions_per_second = (static_cast<double>(evaluated) + moves / 2) / std::max(1e-9, wall() - t0);
      if (c.snapshot_every > 0 && it % c.snapshot_every == 0) {
        if (writer) save_network((pool_dir / snapshot_name(it)).string(), *rho, net_config, c.provenance);
        if (dp) dp->barrier();  // written before any rank can draw it
      }
      if (c.evaluate_every > 0 && (it % c.evaluate_every == 0 || it == c.iterations)) {
        std::vector<Color> ec;
        const std::vector<GamePlan> ep = make_plans(0xe7a1, it, c.evaluate_games, opponent(c.initial_weights), ec);
        p.win_rate_vs_sl = wins_of(play_policy_games(ep, play, stop_check), ec);
      }
      char row[256];
      std::snprintf(row, sizeof row, "%lld,%.6g,%.5f,%.5f,,%s,%.1f,%.1f\n", static_cast<long long>(it), c.lr, loss,
                    p.win_rate, p.win_rate_vs_sl ? std::to_string(*p.win_rate_vs_sl).c_str() : "",
                    p.positions_per_second, wall());
      if (writer) append_metrics_row(metrics, csv.string(), row);
      if (on_progress) on_progress(p);
      if (it % c.checkpoint_every == 0 || it == c.iterations) checkpoint(it);
    }
  } catch (const StopRequested&) {
    // The iteration in progress is dropped: its games are replayed identically after a resume.
  }
  if (it > last_checkpoint) checkpoint(it);
  result.last_iteration = it;
  result.stopped_early = it < c.iterations;
  if (!result.stopped_early && writer) {
    std::map<std::string, std::string> meta = c.provenance;
    meta["tengen.train.iterations"] = std::to_string(it);
    meta["tengen.train.games_per_iteration"] = std::to_string(c.games_per_iteration);
    result.final_weights = (run / "policy.safetensors").string();
    save_network(result.final_weights, *rho, net_config, meta);
  }
  if (dp) dp->barrier();  // rank 0 serves the rendezvous store: the others finish first
  return result;
}

}  // namespace tengen::nn
