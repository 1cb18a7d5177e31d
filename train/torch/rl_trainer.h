// Policy-gradient training of the policy network by self-play (docs/ALPHAGO.md §4): REINFORCE from the SL
// policy against opponents drawn from a pool of earlier snapshots.
//
// Iteration k: an opponent is drawn uniformly from the pool (the SL policy, then every snapshot of
// ρ taken every `snapshot_every` iterations) by an RNG seeded from (seed, k); n games are played by
// raw policy sampling (selfplay/policy_game.h), ρ taking Black in the even-numbered games and White in the
// odd ones; then one SGD step on  −(1/n) Σ_i Σ_{t: ρ's moves} (z_t − b) · log p_ρ(a_t | s_t),
// where p_ρ is the distribution the move was sampled from (softmax(logits / T) over the playable
// moves, under the symmetry used in play), z_t = ±1 the game's result for ρ and b = 0 (the paper's
// first pass). Only ρ's moves enter the gradient (the opponent's parameters are frozen).
// Moves without a choice (passes) and drawn or capped games contribute nothing.
//
// Recorded games: with record_games, rank r writes its share of iteration k's games to
// RUN/games/iteration-K-from-FIRST.games; a run with replay_games set to such a folder computes
// its updates from them instead of playing (on any number of ranks): two runs on the same games
// make the same updates up to float rounding, which is what tests/cli/data_parallel_test.sh checks
// (a run's own games are a chaotic function of its floats: a last-bit difference in a logit can
// flip a sampled move, so two runs that play their own games need not agree).
//
// Exact resume: a checkpoint holds ρ, the optimiser state and the iteration; the pool is the SL file
// plus RUN/pool/rho-NNNNNNNNN.safetensors up to that iteration, and iteration k's games depend only
// on (ρ at k, pool, seed, k), so a resumed run repeats what an uninterrupted one does (on the CPU;
// CUDA kernels need not be bit-reproducible). metrics.csv (kMetricsCsvHeader): train_loss is the
// REINFORCE loss, train_accuracy ρ's win rate against the iteration's opponent, val_accuracy ρ's
// win rate against the SL policy in the evaluation matches (every evaluate_every iterations).
// Thread-safety: one trainer per run folder; request_stop() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "selfplay/policy_game.h"
#include "nn/torch/networks.h"

namespace tengen::nn {

// The REINFORCE step's gradient: replays each game, and for every stone move of the colour
// rho_colours[i] accumulates the gradient of −(z/n)·log p(a|s) into net's parameters (p: softmax of
// logits / temperature over the playable moves, under the symmetry recorded in the game; z = ±1 for
// that colour's result, n = games.size()). Returns the loss value. Exposed for the tests.
double reinforce_backward(PolicyNet& net, const std::vector<PolicyGame>& games, const std::vector<Color>& rho_colours,
                          double temperature, int gradient_batch, const torch::Device& device);

struct RlTrainConfig {
  std::string run_dir;
  std::string initial_weights;     // the SL policy p_σ: ρ starts here; first member of the pool
  int64_t iterations = 10000;      // spec: 10,000 minibatches
  int games_per_iteration = 128;   // n (AlphaGo: 128)
  int64_t snapshot_every = 500;    // spec: 500
  double lr = 1e-4;                // not in the paper; see docs/TRAINING.md
  double momentum = 0.0;
  double clip_grad_norm = 5.0;
  double temperature = 1.0;        // sampling temperature of both players
  double komi = 7.5;
  int64_t checkpoint_every = 10;
  int64_t evaluate_every = 0;      // iterations between matches against p_σ (0: none)
  int evaluate_games = 64;
  int gradient_batch = 256;        // positions per backward pass (bounds memory only)
  uint64_t seed = 1;
  std::string device = "cpu";
  int threads = 1;                 // torch intra-op threads on the CPU
  std::map<std::string, std::string> provenance;
  // Each iteration's games kept in RUN/games/ (selfplay/policy_game_file.h), each rank its share.
  bool record_games = false;
  // A recording run's games/ folder: iteration k's games are read from it instead of played (no
  // opponent is loaded, no evaluation match is played), so the updates are recomputed from exactly
  // the recorded games, on any number of ranks.
  std::string replay_games;
  // Test-only fault (--test-fault skip-gradient-all-reduce): every rank steps on its own gradient,
  // never averaged, so the data-parallel test can show that its check catches a wrong update.
  bool fault_skip_gradient_average = false;
};

struct RlProgress {
  int64_t iteration = 0, iterations = 0;  // iterations done
  double loss = 0, win_rate = 0, mean_length = 0;
  std::string opponent;                    // file name of the iteration's opponent
  std::optional<double> win_rate_vs_sl;    // after an evaluation match
  double positions_per_second = 0;         // evaluated + trained positions per second
};

struct RlResult {
  int64_t first_iteration = 0, last_iteration = 0;
  bool stopped_early = false;
  std::string final_weights;  // run_dir/policy.safetensors
};

class DataParallel;

class RlTrainer {
 public:
  explicit RlTrainer(RlTrainConfig config);
  // Data-parallel with `parallel` (train/torch/data_parallel.h): rank r of W plays games
  // [r n / W, (r + 1) n / W) of each iteration (the same seeds and colours as one process) and the
  // gradients are averaged, so the step is one process's; evaluation games are shared likewise.
  // Rank 0 writes checkpoints, snapshots (then a barrier: every rank may draw them), metrics and the
  // final weights. A stop request ends the run after the iteration in progress, on every rank.
  RlResult run(const std::function<void(const RlProgress&)>& on_progress, DataParallel* parallel = nullptr);
  void request_stop() { stop_.store(true); }

 private:
  RlTrainConfig config_;
  std::atomic<bool> stop_{false};
};

}  // namespace tengen::nn
