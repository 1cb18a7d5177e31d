// Search: AlphaGo's asynchronous policy-and-value MCTS (docs/ALPHAGO.md §6, docs/SEARCH.md).
//
// A simulation walks down from the root by argmax Q + u, with u = c_puct · P · √(Σ_b N_r(b)) / (1 + N_r)
// and Q = (1 − λ)·W_v/N_v + λ·W_r/N_r (whichever part exists when only one does; before any visit 0,
// or with params.fpu_reduction R >= 0 the parent's Q less R·√(prior mass already visited)),
// adding a virtual loss of n_vl to the rollout statistics of every edge it takes. At the leaf it
// submits the position to the evaluator (value v_θ and policy logits together: one network
// evaluation per node), plays a rollout with the rollout policy while the evaluator works, then backs
// up z (rollout) and v (value) along the path, removing the virtual loss. A leaf whose rollout visits
// reach n_thr is expanded: children for every legal move and pass, priors from the SL policy's
// softmax(logits / β) of the node's own evaluation. A node expanded before its evaluation was
// answered — or never evaluated, without a value network — starts on the tree policy's priors
// (AlphaGo's placeholder) and gets the network's when the answer arrives; no thread waits for priors
// (except for the root's, once per search). The value, too, is backed up when it arrives: a simulation
// whose leaf's answer is not there when its rollout ends leaves it for a later one (AlphaGo's
// asynchronous backup), so a search thread never waits for the network; with
// params.async_evaluation off it waits for values and priors alike, and one thread with a fixed
// seed then searches the same tree whatever the evaluator's timing. Without a policy network the priors stay the tree
// policy's (uniform without one); without a value network λ is 1.
//
// Threads: run() uses `threads` search threads, each with its own Game copy, rollout player and RNG
// seeded from (params.seed, thread index); with one thread, the same seed and either a synchronous
// evaluator or async_evaluation off, a search is deterministic. Tree reuse: advance() keeps the subtree of the move played.
// A root whose game is over (two passes) has nothing to search: its result is its area score
// (Game::area_score), and run() reports that, not the 0.5 of a tree without children.
// A MoveFilter (set_move_filter: analysis's avoid/allow) keeps selection off the moves it bars, at
// the root and below, down to each rule's depth; root_children() leaves out the root moves it bars.
// Thread-safety: run() may be called from one thread at a time; stop() from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/game.h"
#include "mcts/move_filter.h"
#include "mcts/node.h"
#include "mcts/search_params.h"
#include "mcts/stop_rule.h"
#include "nn/evaluator.h"
#include "rollout/pattern_policy.h"

namespace tengen::mcts {

struct ChildStats {
  Point move = kNoPoint;
  int visits = 0;        // N_r
  float prior = 0;
  double q = 0;          // the mixed Q used by selection, for the player to move at the root
  int value_visits = 0;  // N_v
  double value_mean = 0;    // W_v / N_v
  double rollout_mean = 0;  // W_r / N_r
  int scored = 0;           // rollouts and finished games through this move with a final score
  double score_mean = 0;    // their mean final score for Black (area lead less komi); 0 when none

  double win_rate() const { return (q + 1.0) / 2.0; }  // q as a win rate in [0, 1]
  // A lower confidence bound on win_rate(): the mean minus two standard errors (outcomes are in
  // [-1, 1], so a win rate's standard error is at most 1/(2·√N)); 0 without visits. What GUIs show
  // as "lcb" (Leela Zero's and KataGo's analysis).
  double win_rate_lcb() const {
    return visits > 0 ? std::max(0.0, win_rate() - 1.0 / std::sqrt(static_cast<double>(visits))) : 0.0;
  }
};

// A finished game's result for the side to move, from its area score (komi included): 1 won, 0 lost,
// 0.5 jigo. What a search of a game that is over reports as its win rate.
double finished_win_rate(const Game& game);

// The parameters a search of `game` runs with: `params` where the policy network gives the priors,
// else `without_policy` when given (tuned apart for tree-policy priors: docs/TUNING.md) — on 9x9 with
// a 19x19 network, or with none. The one choice for every command that searches any board size.
SearchParams params_for(const Game& game, const nn::Evaluator* evaluator, const SearchParams& params,
                        const std::optional<SearchParams>& without_policy);

struct SearchResult {
  int64_t simulations = 0;   // finished in this run
  int64_t network_evaluations = 0;  // positions this run asked the evaluator about (one per new node)
  double seconds = 0;
  Point best_move = kPass;   // most visits (ties: higher Q)
  double win_rate = 0.5;     // of the best move, for the side to move at the root, in [0, 1]
                             // (a finished game's root: finished_win_rate, best_move pass)
  std::vector<Point> principal_variation;
  int64_t tree_nodes = 0;
  StopReason stop_reason = StopReason::kNotYet;  // why the search threads stopped
  // Seconds from the move's start (SearchLimits::started, else run()'s start) to the decision to
  // stop: what follows it (answers in flight, joining threads) is lag (mcts/time_control.h).
  double stopped_after = 0;
};

class Search {
 public:
  // evaluator, rollout_policy and tree_policy may be null (no networks: uniform priors and uniform
  // random playouts). The pointed-to objects must outlive the Search.
  Search(const Game& root, const SearchParams& params, nn::Evaluator* evaluator,
         const nn::PatternPolicy* rollout_policy, const nn::PatternPolicy* tree_policy);
  ~Search();

  SearchResult run(const SearchLimits& limits, int threads);
  void stop() { stop_.store(true); }

  // The game moved on to `game`. If it is the root position plus one move, that move's subtree
  // becomes the new root; otherwise the tree starts afresh. Not during run().
  void advance(const Game& game);

  const Game& root_game() const { return root_game_; }
  // By visits, most first (ties: higher Q; unvisited: higher prior); none the filter bars.
  std::vector<ChildStats> root_children() const;
  // The most-visited line starting with the root move `first` (at most `max_length` moves).
  std::vector<Point> principal_variation(Point first, int max_length = 30) const;
  // The visits of each move of principal_variation(first, max_length), in the same order (KataGo's pvVisits).
  std::vector<int> principal_variation_visits(Point first, int max_length = 30) const;
  // Moves selection may not try (analysis's avoid/allow). Not during run(). Statistics the tree
  // already holds stay: a caller wanting none of the barred moves' visits starts a fresh Search.
  void set_move_filter(MoveFilter filter) { filter_ = std::move(filter); }
  const MoveFilter& move_filter() const { return filter_; }
  int64_t tree_nodes() const { return node_count_.load(); }
  int64_t root_visits() const;  // simulations through the root, over every run()
  const SearchParams& params() const { return params_; }

 private:
  struct ThreadState;
  void search_thread(ThreadState& ts, const SearchLimits& limits, std::chrono::steady_clock::time_point start,
                     bool timekeeper);
  // Whether the loop of a search thread ends now (the limits, and for the timekeeper thread the
  // clock rule of mcts/stop_rule.h); sets stop_reason_ when it does.
  bool limit_reached(const SearchLimits& limits, std::chrono::steady_clock::time_point start, bool timekeeper);
  RootRace root_race(double elapsed);  // the timekeeper's snapshot of the root (tracks best-move changes)
  // What one simulation learnt at its leaf.
  struct LeafResult {
    double z_black = 0;      // the outcome backed up as the rollout result, for Black
    double value = 0;        // v_θ for the side to move at the leaf
    double score_black = 0;  // the final score, when a rollout or the game gives one
    bool have_value = false, have_score = false;
  };
  void simulate(ThreadState& ts);
  // Selection from the root: game and ts.path end at the leaf; false when the simulation is dropped.
  bool descend(Game& game, ThreadState& ts);
  LeafResult finished_leaf(const Game& game, Color leaf_mover) const;
  // The value net's answer (or a deferred one) and the rollout for an unfinished leaf.
  LeafResult evaluate_leaf(Node& leaf, const Game& game, Color leaf_mover, ThreadState& ts);
  // argmax Q + u over the children `mover` may play at `depth` (1: the root's move) under filter_;
  // over all of them when the filter bars every one (a search never stalls on its filter).
  Node& select_child(Node& node, Color mover, int depth);
  // The most-visited line from the root child `first`: its nodes, `first`'s first.
  std::vector<const Node*> pv_nodes(Point first, int max_length) const;
  void expand(Node& node, const Game& game, ThreadState& ts);
  // Priors = softmax(logits / β) over the node's children (logits in the orientation `symmetry`).
  void apply_policy(Node& node, const float* logits, int symmetry) const;
  // Submits the position under a random symmetry (written to *symmetry); counts the evaluation.
  std::future<nn::EvalOutput> request_evaluation(const Game& game, ThreadState& ts, int* symmetry);
  // A leaf's answer: its value, and its logits kept for (or applied to) its expansion.
  void keep_evaluation(Node& leaf, const nn::EvalOutput& out, int symmetry);
  void apply_pending(ThreadState& ts, bool wait);
  // Adds one simulation's rollout result (z for Black) or value (for the leaf mover) along the path.
  void backup(const std::vector<Node*>& path, Color leaf_mover, double result, bool rollout);
  void back_up_values(ThreadState& ts, bool wait);  // the deferred leaf values that have arrived
  double child_q(const Node& child) const;
  double rollout(const Game& game, ThreadState& ts);  // the final score for Black: area lead less komi
  void add_score(const std::vector<Node*>& path, double score_black);
  SearchResult summarise(double seconds, int64_t simulations) const;

  Game root_game_;
  SearchParams params_;
  nn::Evaluator* evaluator_;
  const nn::PatternPolicy* rollout_policy_;
  const nn::PatternPolicy* tree_policy_;
  std::unique_ptr<Node> root_;
  std::atomic<int64_t> node_count_{1};
  std::atomic<int64_t> simulations_{0};
  std::atomic<int64_t> evaluations_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  std::string failure_;
  MoveFilter filter_;
  // The timekeeper thread's (thread 0's) state during run(): the stop decision and the race.
  std::atomic<int> stop_reason_{0};
  std::atomic<double> stopped_after_{0};
  bool extended_ = false;       // the race was unsure at the planned time, so the search went on
  Point race_leader_ = kNoPoint;
  double leader_since_ = 0;     // elapsed seconds when race_leader_ took the lead
  double next_race_check_ = 0;
};

}  // namespace tengen::mcts
