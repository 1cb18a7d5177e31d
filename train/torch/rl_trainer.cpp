#include "train/torch/rl_trainer.h"
#include "nn/torch/torch_threads.h"

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
#include "selfplay/policy_game_file.h"
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
    Game game(size, GameRules{static_cast<double>(r.komi)});
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
        for (Point p : playable_moves(game)) {
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

namespace {

// The networks ρ plays against (the pool's snapshots, the SL policy), each loaded once.
class Opponents {
 public:
  explicit Opponents(std::string device) : device_(std::move(device)) {}
  Evaluator* get(const std::string& path) {
    auto& e = loaded_[path];
    if (!e) {
      TorchEvaluatorOptions o;
      o.policy_weights = path;
      o.device = device_;
      o.threads = 0;
      e = std::make_unique<TorchEvaluator>(o);
    }
    return e.get();
  }

 private:
  std::string device_;
  std::map<std::string, std::unique_ptr<TorchEvaluator>> loaded_;
};

// Iteration `iteration`'s opponent: drawn by the seed from the pool as it stands before it (the SL
// policy and every snapshot saved so far).
std::string opponent_at(const RlTrainConfig& c, const fs::path& pool_dir, int64_t iteration) {
  std::vector<std::string> pool{c.initial_weights};
  for (int64_t k = c.snapshot_every; c.snapshot_every > 0 && k <= iteration; k += c.snapshot_every)
    pool.push_back((pool_dir / snapshot_name(k)).string());
  return pool[mix(c.seed, static_cast<uint64_t>(iteration)) % pool.size()];
}

// Every rank plays the same number of games.
void check_ranks(const RlTrainConfig& c, int world) {
  if (c.games_per_iteration % world != 0 || (c.evaluate_every > 0 && c.evaluate_games % world != 0))
    throw std::invalid_argument("--games and --eval-games must be multiples of the " + std::to_string(world) + " ranks");
}

// The settings that make the updates what they are: a checkpoint made with others is not resumed.
std::string run_identity_of(const RlTrainConfig& c, const NetworkConfig& net) {
  const nlohmann::json identity = {
      {"initial", fs::path(c.initial_weights).filename().string()}, {"games", c.games_per_iteration},
      {"snapshot_every", c.snapshot_every}, {"lr", c.lr}, {"momentum", c.momentum}, {"temperature", c.temperature},
      {"komi", c.komi}, {"seed", c.seed}, {"network", net.to_metadata()}};
  return identity.dump();
}

// ρ's colour in game i (numbered over the iteration, all ranks): Black in the even ones.
Color rho_colour(int i) { return i % 2 == 0 ? Color::kBlack : Color::kWhite; }

// This rank's share of `count` games of iteration k: [rank count / W, (rank + 1) count / W),
// numbered globally; ρ (`rho`) takes Black in the even ones. `colours`: ρ's colour in each.
std::vector<GamePlan> make_plans(const RlTrainConfig& c, int rank, int world, Evaluator* rho, Evaluator* other,
                                 uint64_t stream, int64_t k, int count, std::vector<Color>& colours) {
  const int share = count / world, first = rank * share;
  std::vector<GamePlan> plans(static_cast<size_t>(share));
  colours.assign(static_cast<size_t>(share), Color::kBlack);
  for (int j = 0; j < share; ++j) {
    const int i = first + j;
    GamePlan& p = plans[static_cast<size_t>(j)];
    p.seed = mix(mix(c.seed ^ stream, static_cast<uint64_t>(k)), static_cast<uint64_t>(i));
    const bool rho_black = rho_colour(i) == Color::kBlack;
    colours[static_cast<size_t>(j)] = rho_colour(i);
    p.black = {rho_black ? rho : other, c.temperature};
    p.white = {rho_black ? other : rho, c.temperature};
  }
  return plans;
}

// ρ's share of wins in `games` (its colours in `colours`), over all ranks.
double win_rate(const std::vector<PolicyGame>& games, const std::vector<Color>& colours, DataParallel* dp) {
  std::vector<double> w{0, static_cast<double>(games.size())};
  for (size_t i = 0; i < games.size(); ++i)
    w[0] += (colours[i] == Color::kBlack ? games[i].record.winner : -games[i].record.winner) > 0 ? 1.0 : 0.0;
  if (dp) dp->sum(w);
  return w[0] / std::max(1.0, w[1]);
}

std::string metrics_row(const RlTrainConfig& c, const RlProgress& p, double wall) {
  char row[256];
  std::snprintf(row, sizeof row, "%lld,%.6g,%.5f,%.5f,,%s,%.1f,%.1f\n", static_cast<long long>(p.iteration), c.lr,
                p.loss, p.win_rate, p.win_rate_vs_sl ? std::to_string(*p.win_rate_vs_sl).c_str() : "",
                p.positions_per_second, wall);
  return row;
}

// The iteration's figures, summed over the ranks, and whether any rank asked to stop (`*stop`).
RlProgress iteration_progress(const RlTrainConfig& c, int64_t it, double loss, const std::vector<PolicyGame>& games,
                              const std::vector<Color>& colours, int64_t evaluated, double seconds, bool stop_asked,
                              DataParallel* dp, bool* stop) {
  double moves = 0;
  for (const PolicyGame& g : games) moves += static_cast<double>(g.record.moves.size());
  std::vector<double> totals{loss / (dp ? dp->world_size() : 1), moves, static_cast<double>(evaluated),
                             stop_asked ? 1.0 : 0.0};
  if (dp) dp->sum(totals);
  *stop = totals[3] > 0;
  RlProgress p;
  p.iteration = it;
  p.iterations = c.iterations;
  p.loss = totals[0];
  p.win_rate = win_rate(games, colours, dp);
  p.mean_length = totals[1] / std::max(1, c.games_per_iteration);
  p.positions_per_second = (totals[2] + totals[1] / 2) / std::max(1e-9, seconds);
  return p;
}

// RUN/policy.safetensors with the run's provenance.
std::string save_final_weights(const RlTrainConfig& c, PolicyNet& rho, const NetworkConfig& net_config,
                               int64_t iterations) {
  std::map<std::string, std::string> meta = c.provenance;
  meta["tengen.train.iterations"] = std::to_string(iterations);
  meta["tengen.train.games_per_iteration"] = std::to_string(c.games_per_iteration);
  const std::string path = (fs::path(c.run_dir) / "policy.safetensors").string();
  save_network(path, *rho, net_config, meta);
  return path;
}

// One policy-gradient step of ρ on the iteration's games (gradients averaged over the ranks, clipped);
// the REINFORCE loss of this rank's games.
double reinforce_step(const RlTrainConfig& c, PolicyNet& rho, torch::optim::Optimizer& opt,
                      const std::vector<PolicyGame>& games, const std::vector<Color>& colours, const torch::Device& dev,
                      DataParallel* dp) {
  opt.zero_grad();
  const double loss = reinforce_backward(rho, games, colours, c.temperature, c.gradient_batch, dev);
  if (dp && !c.fault_skip_gradient_average) dp->average_gradients();
  torch::nn::utils::clip_grad_norm_(rho->parameters(), c.clip_grad_norm);
  opt.step();
  return loss;
}

// ρ after iteration `it` into the opponent pool (rank 0 writes it; every rank waits until it is there).
void save_snapshot(const RlTrainConfig& c, PolicyNet& rho, const fs::path& pool_dir, int64_t it, DataParallel* dp) {
  if (!dp || dp->rank() == 0) save_network((pool_dir / snapshot_name(it)).string(), *rho, rho->config(), c.provenance);
  if (dp) dp->barrier();  // written before any rank can draw it
}

// The SL policy ρ starts from, on `dev` and in training mode (the torch threads set for a CPU run).
PolicyNet trainable_policy(const RlTrainConfig& c, const torch::Device& dev) {
  if (!dev.is_cuda()) set_torch_threads(c.threads);
  PolicyNet rho = load_policy_net(c.initial_weights);
  rho->to(dev);
  rho->train();
  return rho;
}

// The games of iteration `it` against the SL policy: ρ's win rate over all ranks.
double win_rate_against_sl(const RlTrainConfig& c, int rank, int world, Evaluator* rho, Opponents& opponents,
                           int64_t it, const PolicyGameOptions& play, const std::function<void(int)>& on_step,
                           DataParallel* dp) {
  std::vector<Color> colours;
  const std::vector<GamePlan> plans =
      make_plans(c, rank, world, rho, opponents.get(c.initial_weights), 0xe7a1, it, c.evaluate_games, colours);
  return win_rate(play_policy_games(plans, play, on_step), colours, dp);
}

// The file of this rank's games of iteration `number` (1-based) that start at global game `first`.
// The name every games file of iteration `number` (1-based) starts with.
std::string games_prefix(int64_t number) {
  char prefix[40];
  std::snprintf(prefix, sizeof prefix, "iteration-%09lld-from-", static_cast<long long>(number));
  return prefix;
}

fs::path games_file(const fs::path& dir, int64_t number, int first) {
  char start[16];
  std::snprintf(start, sizeof start, "%05d.games", first);
  return dir / (games_prefix(number) + start);
}

// This rank's share of iteration `number`'s recorded games (all ranks' files of it read, in game
// order; they must hold exactly `count` games), and ρ's colour in each.
std::vector<PolicyGame> replayed_games(const std::string& dir, int64_t number, int count, int rank, int world,
                                       std::vector<Color>& colours) {
  const std::string prefix = games_prefix(number);
  std::map<int, std::vector<PolicyGame>> parts;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) {
      selfplay::NumberedPolicyGames part = selfplay::read_policy_games(e.path().string());
      parts[part.first] = std::move(part.games);
    }
  if (ec) throw std::invalid_argument("--replay-games " + dir + ": " + ec.message());
  std::vector<PolicyGame> all;
  for (auto& [first, games] : parts) {
    if (first != static_cast<int>(all.size())) break;
    for (PolicyGame& g : games) all.push_back(std::move(g));
  }
  if (static_cast<int>(all.size()) != count)
    throw std::invalid_argument("--replay-games " + dir + ": iteration " + std::to_string(number) + " has " +
                                std::to_string(all.size()) + " consecutive recorded games, --games is " +
                                std::to_string(count));
  const int share = count / world, first = rank * share;
  std::vector<PolicyGame> mine(std::make_move_iterator(all.begin() + first),
                               std::make_move_iterator(all.begin() + first + share));
  colours.clear();
  for (int i = first; i < first + share; ++i) colours.push_back(rho_colour(i));
  return mine;
}

// Iteration `it`'s games of this rank: played by ρ against `opponent`, or read from c.replay_games;
// kept in RUN/games/ with record_games. ρ's colour in each goes to `colours`.
std::vector<PolicyGame> iteration_games(const RlTrainConfig& c, int rank, int world, int64_t it, Evaluator* rho,
                                        Evaluator* opponent, const PolicyGameOptions& play,
                                        const std::function<void(int)>& on_step, std::vector<Color>& colours) {
  std::vector<PolicyGame> games;
  if (!c.replay_games.empty())
    games = replayed_games(c.replay_games, it + 1, c.games_per_iteration, rank, world, colours);
  else
    games = play_policy_games(make_plans(c, rank, world, rho, opponent, 0, it, c.games_per_iteration, colours), play,
                              on_step);
  if (c.record_games) {
    const fs::path dir = fs::path(c.run_dir) / "games";
    fs::create_directories(dir);
    const int first = rank * (c.games_per_iteration / world);
    selfplay::write_policy_games(games_file(dir, it + 1, first).string(), {first, games});
  }
  return games;
}

}  // namespace

RlTrainer::RlTrainer(RlTrainConfig config) : config_(std::move(config)) {}

RlResult RlTrainer::run(const std::function<void(const RlProgress&)>& on_progress, DataParallel* dp) {
  const RlTrainConfig& c = config_;
  const int world = dp ? dp->world_size() : 1, rank = dp ? dp->rank() : 0;
  check_ranks(c, world);
  const fs::path pool_dir = fs::path(c.run_dir) / "pool", csv = fs::path(c.run_dir) / "metrics.csv";
  const bool replaying = !c.replay_games.empty();
  fs::create_directories(pool_dir);
  const torch::Device dev(c.device);
  PolicyNet rho = trainable_policy(c, dev);
  const NetworkConfig net_config = rho->config();
  torch::optim::SGD opt(rho->parameters(), torch::optim::SGDOptions(c.lr).momentum(c.momentum));
  const std::string identity = run_identity_of(c, net_config);
  // REINFORCE accumulates several backward passes per step: gradients are averaged after them.
  int64_t it = resume_run(c.run_dir, *rho, opt, identity, dp, "resume iteration", /*overlap=*/false);
  RlResult result{it, it, false, {}};
  std::ofstream metrics = rank == 0 ? open_metrics(csv.string(), it) : std::ofstream();
  std::unique_ptr<TorchEvaluator> current = make_module_evaluator(rho, nullptr, c.device);
  Opponents opponents(c.device);
  const PolicyGameOptions play{net_config.board_size, c.komi};
  int64_t evaluated = 0;  // this iteration's evaluations; one process stops at once, ranks between iterations
  auto stop_check = [&](int n) { evaluated += n; if (!dp && stop_.load()) throw StopRequested{}; };
  auto wall = [start = std::chrono::steady_clock::now()] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  int64_t last_checkpoint = it;
  auto checkpoint = [&](int64_t at) {
    if (rank == 0) save_checkpoint(c.run_dir, at, *rho, net_config, c.provenance, opt, identity);
    last_checkpoint = at;
  };
  bool stop = false;  // several ranks: any rank's request, agreed after each iteration
  try {
    while (it < c.iterations && !stop && !(dp == nullptr && stop_.load())) {
      const double t0 = wall();
      evaluated = 0;
      const std::string opp = opponent_at(c, pool_dir, it);
      std::vector<Color> colours;
      const std::vector<PolicyGame> games = iteration_games(c, rank, world, it, current.get(),
                                                            replaying ? nullptr : opponents.get(opp), play,
                                                            stop_check, colours);
      const double loss = reinforce_step(c, rho, opt, games, colours, dev, dp);
      ++it;
      RlProgress p = iteration_progress(c, it, loss, games, colours, evaluated, wall() - t0, stop_.load(), dp, &stop);
      p.opponent = fs::path(opp).filename().string();
      if (c.snapshot_every > 0 && it % c.snapshot_every == 0) save_snapshot(c, rho, pool_dir, it, dp);
      if (c.evaluate_every > 0 && !replaying && (it % c.evaluate_every == 0 || it == c.iterations))
        p.win_rate_vs_sl = win_rate_against_sl(c, rank, world, current.get(), opponents, it, play, stop_check, dp);
      if (rank == 0) append_metrics_row(metrics, csv.string(), metrics_row(c, p, wall()));
      if (on_progress) on_progress(p);
      if (it % c.checkpoint_every == 0 || it == c.iterations) checkpoint(it);
    }
  } catch (const StopRequested&) {
    // The iteration in progress is dropped: its games are replayed identically after a resume.
  }
  if (it > last_checkpoint) checkpoint(it);
  result.last_iteration = it;
  result.stopped_early = it < c.iterations;
  if (!result.stopped_early && rank == 0) result.final_weights = save_final_weights(c, rho, net_config, it);
  if (dp) dp->barrier();  // rank 0 serves the rendezvous store: the others finish first
  return result;
}

}  // namespace tengen::nn
