// Node: one edge/state of the search tree with AlphaGo's separate statistics (docs/ALPHAGO.md §6):
//   rollout_visits N_r and rollout_wins W_r (virtual losses included while a simulation is in
//   flight), value_visits N_v and value_sum W_v, all from the view of the player who made `move`
//   (so a parent picks the child with the best Q for itself), and the prior P.
// Children are created once, by the one thread that wins the expansion flag, and published with a
// release store of expand_state = kExpanded; readers check it with an acquire load first.
// A node's one network evaluation (value and policy logits together, asked for on its first visit)
// leaves the logits in a NetPolicy until the node is expanded; whichever of the evaluating and the
// expanding thread comes second takes them (take_policy) and sets the children's priors.
// Thread-safety: statistics are atomics updated lock-free; children are immutable once published
// except their priors (replaced when the policy network's answer arrives) and statistics.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "engine/types.h"

namespace tengen::mcts {

inline void atomic_add(std::atomic<float>& a, float x) {
  float old = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(old, old + x, std::memory_order_relaxed)) {
  }
}

// The policy network's logits for a node's position, in the orientation it was evaluated under.
struct NetPolicy {
  int symmetry = 0;
  std::unique_ptr<float[]> logits;  // S*S, y*S+x
};

class Node {
 public:
  enum ExpandState : uint8_t { kLeaf = 0, kExpanding = 1, kExpanded = 2 };
  enum EvalState : uint8_t { kNotEvaluated = 0, kEvaluating = 1, kEvaluated = 2 };

  Node() = default;
  ~Node() { delete policy_.load(std::memory_order_relaxed); }
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  Point move = kNoPoint;
  std::atomic<float> prior{0};
  std::atomic<int32_t> rollout_visits{0};
  std::atomic<float> rollout_wins{0};
  std::atomic<int32_t> value_visits{0};
  std::atomic<float> value_sum{0};
  // Final scores of the rollouts (and finished games) through this node: Black's area lead less komi,
  // summed, and how many (the search's score estimate: analysis's scoreLead).
  std::atomic<float> score_sum{0};
  std::atomic<int32_t> scored{0};
  std::atomic<uint8_t> expand_state{kLeaf};
  std::atomic<uint8_t> eval_state{kNotEvaluated};
  float net_value = 0;  // v_θ for the side to move at this node; valid once eval_state == kEvaluated

  // Leaves the evaluation's logits for the expansion (seq_cst: see take_policy).
  void put_policy(std::unique_ptr<NetPolicy> p) { delete policy_.exchange(p.release(), std::memory_order_seq_cst); }
  // The logits left by put_policy, once (null if none or already taken). The evaluating thread calls
  // put_policy then reads expanded(); the expanding one publishes the children then calls this: with
  // sequentially consistent order at least one of them sees the other's write.
  std::unique_ptr<NetPolicy> take_policy() {
    return std::unique_ptr<NetPolicy>(policy_.exchange(nullptr, std::memory_order_seq_cst));
  }
  bool expanded_seq_cst() const { return expand_state.load(std::memory_order_seq_cst) == kExpanded; }

  bool expanded() const { return expand_state.load(std::memory_order_acquire) == kExpanded; }
  int num_children() const { return num_children_; }
  Node& child(int i) { return children_[i]; }
  const Node& child(int i) const { return children_[i]; }

  // Called only by the thread holding kExpanding; publishes with kExpanded.
  void set_children(std::unique_ptr<Node[]> children, int n) {
    children_ = std::move(children);
    num_children_ = n;
    expand_state.store(kExpanded, std::memory_order_seq_cst);
  }
  // Tree reuse: this node takes over `from`'s statistics and subtree (no search may be running).
  void take_over(Node& from);
  // Nodes in this subtree, this one included.
  int64_t subtree_size() const;

 private:
  std::unique_ptr<Node[]> children_;
  int num_children_ = 0;
  std::atomic<NetPolicy*> policy_{nullptr};  // owned; see put_policy / take_policy
};

}  // namespace tengen::mcts
