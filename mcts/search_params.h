// SearchParams: every constant of APV-MCTS (docs/ALPHAGO.md §6) as a value passed in, never a global.
// Defaults are the paper's. Thread-safety: a plain value.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <cstdint>

namespace tengen::mcts {

struct SearchParams {
  double c_puct = 5.0;             // exploration constant of u = c·P·√ΣN / (1 + N)
  double policy_temperature = 0.67;  // β: priors = softmax(logits / β) over legal points
  // First-play urgency: the Q an unvisited child is given. < 0: 0, the paper's (a draw, in [-1, 1]);
  // R >= 0: the parent's Q for the player choosing, minus R·√(prior mass of the visited children)
  // (Leela Zero's reduction: an untried move is assumed a little worse than the tried ones).
  double fpu_reduction = -1.0;
  double lambda = 0.5;             // leaf value = (1 − λ)·v_θ + λ·z; 0: value net only, 1: rollouts only
  int virtual_loss = 3;            // n_vl, on the rollout statistics only
  int expansion_threshold = 40;    // n_thr: a leaf is expanded once its rollout visits reach this
  double pass_prior = 1e-3;        // prior of the pass move (the networks have no pass output)
  int rollout_refuse_self_atari = 0;  // rollouts refuse self-atari of this many stones (0: off, the paper)
  int max_rollout_moves = 1000;    // rollouts stop here if two passes have not ended them
  int64_t max_nodes = 2'000'000;   // tree memory limit: no expansion beyond it (~100 B per node)
  bool use_value_net = true;       // false: rollouts only (λ taken as 1)
  bool use_policy_net = true;      // false: tree-policy (or uniform) priors only
  // Back up a leaf's value, and set an expanded node's network priors, when the answer arrives
  // instead of waiting for it (AlphaGo's asynchronous APV-MCTS). Off: every simulation waits, so
  // that one thread with a seed is reproducible whatever the evaluator's timing (the cost: the wait,
  // ~2 ms per call on a CPU).
  bool async_evaluation = true;
  // Values in flight per search thread at most; one more waits for the oldest. Without a bound, a
  // network slower than the rollouts (two search threads sharing two cores with it) fell seconds
  // behind: a 2.7 s mean wait, values backed up long after their simulations (docs/BENCHMARKS.md).
  int max_pending_values = 4;
  uint64_t seed = 1;               // per-thread RNGs are seeded from (seed, thread index)
};

// When to stop one search. Any limit that is set stops it; with none set it runs until stop().
struct SearchLimits {
  int64_t visits = 0;       // simulations started from this search's root (0: no limit)
  double seconds = 0;       // wall time (0: no limit)
  // Also stop once this is set, from any thread (null: never). Unlike Search::stop(), which run()
  // clears when it starts, it cannot be lost to a run that had not started yet.
  const std::atomic<bool>* stop = nullptr;
  // Under a clock (mcts/stop_rule.h, mcts/time_control.h): with manage_time, `seconds` is the planned
  // time, a settled search stops before it, and an unsure one goes on to max_seconds (never past it).
  double max_seconds = 0;
  bool manage_time = false;
  // When the move's clock started (the GTP command's arrival), so that work before the search counts;
  // unset: when run() starts.
  std::optional<std::chrono::steady_clock::time_point> started;
};

}  // namespace tengen::mcts
