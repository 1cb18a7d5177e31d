#include "mcts/node.h"

namespace tengen::mcts {

void Node::take_over(Node& from) {
  move = from.move;
  prior.store(from.prior.load());
  rollout_visits.store(from.rollout_visits.load());
  rollout_wins.store(from.rollout_wins.load());
  value_visits.store(from.value_visits.load());
  value_sum.store(from.value_sum.load());
  eval_state.store(from.eval_state.load());
  net_value = from.net_value;
  put_policy(from.take_policy());
  children_ = std::move(from.children_);
  num_children_ = from.num_children_;
  from.num_children_ = 0;
  // A node caught mid-expansion cannot happen here (no search runs), so the state is leaf or expanded.
  expand_state.store(children_ ? kExpanded : kLeaf, std::memory_order_release);
  from.expand_state.store(kLeaf);
}

int64_t Node::subtree_size() const {
  int64_t n = 1;
  if (expand_state.load(std::memory_order_acquire) == kExpanded)
    for (int i = 0; i < num_children_; ++i) n += children_[i].subtree_size();
  return n;
}

}  // namespace tengen::mcts
