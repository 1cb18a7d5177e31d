#include "mcts/search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "engine/features.h"
#include "engine/random_playout.h"
#include "engine/symmetry.h"
#include "nn/softmax.h"
#include "rollout/rollout.h"

namespace tengen::mcts {

namespace {

// z for Black from a final score: +1 win, -1 loss, 0 jigo.
double outcome(double score_black) { return score_black > 0 ? 1.0 : (score_black < 0 ? -1.0 : 0.0); }

// A position's cache key: the stones, the side to move and the last two moves (the planes also
// depend on the recent history; two moves cover the common transpositions without mixing them up).
uint64_t position_key(const Game& g) {
  uint64_t k = g.board().hash() ^ (g.to_move() == Color::kWhite ? 0x9E3779B97F4A7C15ull : 0);
  const auto& m = g.moves();
  for (size_t i = m.size() >= 2 ? m.size() - 2 : 0; i < m.size(); ++i)
    k = (k ^ static_cast<uint64_t>(m[i].point + 1)) * 0xBF58476D1CE4E5B9ull;
  return k ? k : 1;
}

Point last_move(const Game& g, int back) {
  const auto& m = g.moves();
  return static_cast<int>(m.size()) > back ? m[m.size() - 1 - back].point : kNoPoint;
}

// Hands each request of `pending` whose answer has arrived (every one, waiting, when `wait`) to
// use(request, answer) and drops it; the rest keep their order (oldest first).
template <class Pending, class Use>
void take_answers(std::vector<Pending>& pending, bool wait, Use use) {
  for (size_t i = 0; i < pending.size();) {
    if (!wait && pending[i].answer.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++i;
      continue;
    }
    use(pending[i], pending[i].answer.get());
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace

struct Search::ThreadState {
  ThreadState(const Search& s, int index)
      : rng(s.params_.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(index) + 1),
        planes(static_cast<size_t>(kValuePlanes) * kMaxPoints) {
    if (s.rollout_policy_) {
      player = std::make_unique<nn::RolloutPlayer>(*s.rollout_policy_, rng.next(), s.params_.rollout_refuse_self_atari);
      player->reset(s.root_game_.board(), last_move(s.root_game_, 0), last_move(s.root_game_, 1));
      player->save_root();
    }
  }
  FastRng rng;
  std::unique_ptr<nn::RolloutPlayer> player;
  std::vector<float> planes;
  std::vector<Node*> path;
  // Policy requests for expanded nodes that were never evaluated (no value network): the thread
  // goes on searching on the tree policy's priors and applies each answer when it is there.
  struct PendingPolicy {
    Node* node;
    int symmetry;
    std::future<nn::EvalOutput> answer;
  };
  std::vector<PendingPolicy> pending;
  // Leaf values not answered by the end of their simulation's rollout, with the path to back up.
  struct PendingValue {
    std::vector<Node*> path;
    Color leaf_mover;
    int symmetry;
    std::future<nn::EvalOutput> answer;
  };
  std::vector<PendingValue> pending_values;
};

Search::Search(const Game& root, const SearchParams& params, nn::Evaluator* evaluator,
               const nn::PatternPolicy* rollout_policy, const nn::PatternPolicy* tree_policy)
    : root_game_(root),
      params_(params),
      evaluator_(evaluator),
      rollout_policy_(rollout_policy),
      tree_policy_(tree_policy),
      root_(std::make_unique<Node>()) {
  if (evaluator_ && evaluator_->board_size() != root.size()) evaluator_ = nullptr;  // no network for this size
  if (!evaluator_ || !evaluator_->has_value()) params_.use_value_net = false;
  if (!evaluator_ || !evaluator_->has_policy()) params_.use_policy_net = false;
  if (!params_.use_value_net) params_.lambda = 1.0;
}

Search::~Search() = default;

double Search::child_q(const Node& c) const {
  const int nr = c.rollout_visits.load(std::memory_order_relaxed);
  const int nv = c.value_visits.load(std::memory_order_relaxed);
  const double qr = nr > 0 ? c.rollout_wins.load(std::memory_order_relaxed) / nr : 0.0;
  const double qv = nv > 0 ? c.value_sum.load(std::memory_order_relaxed) / nv : 0.0;
  if (nr > 0 && nv > 0) return (1.0 - params_.lambda) * qv + params_.lambda * qr;
  return nv > 0 ? qv : qr;
}

Node& Search::select_child(Node& node, Color mover, int depth) {
  const int n = node.num_children();
  const bool fpu = params_.fpu_reduction >= 0;
  int64_t total = 0;
  double q_sum = 0, visited_prior = 0;  // for the first-play urgency only
  for (int i = 0; i < n; ++i) {
    const Node& c = node.child(i);
    const int nr = c.rollout_visits.load(std::memory_order_relaxed);
    total += nr;
    if (fpu && nr > 0) {
      q_sum += nr * child_q(c);
      visited_prior += c.prior.load(std::memory_order_relaxed);
    }
  }
  const double sqrt_total = std::sqrt(static_cast<double>(std::max<int64_t>(total, 1)));
  // An unvisited child's Q: the paper's 0 (a draw); with the reduction, the parent's value for the
  // player choosing (its tried children's visit-weighted Q) less R·√(their prior mass).
  const double unvisited_q =
      fpu && total > 0 ? q_sum / static_cast<double>(total) - params_.fpu_reduction * std::sqrt(visited_prior) : 0.0;
  const auto pick = [&](bool filtered) {
    int best = -1;
    double best_score = -1e300;
    for (int i = 0; i < n; ++i) {
      const Node& c = node.child(i);
      if (filtered && filter_.bars(mover, c.move, depth)) continue;
      const int visits = c.rollout_visits.load(std::memory_order_relaxed);
      const double u = params_.c_puct * c.prior.load(std::memory_order_relaxed) * sqrt_total / (1.0 + visits);
      const double score = (visits > 0 || c.value_visits.load(std::memory_order_relaxed) > 0 ? child_q(c) : unvisited_q) + u;
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    return best;
  };
  int best = pick(!filter_.empty());
  if (best < 0) best = pick(false);
  Node& chosen = node.child(best);
  chosen.rollout_visits.fetch_add(params_.virtual_loss, std::memory_order_relaxed);
  atomic_add(chosen.rollout_wins, -static_cast<float>(params_.virtual_loss));
  return chosen;
}

void Search::apply_policy(Node& node, const float* logits, int symmetry) const {
  const int size = root_game_.size();
  const int n = node.num_children();
  auto logit = [&](Point m) {
    const Point t = apply_symmetry(m, symmetry, size);
    return static_cast<double>(logits[point_y(t) * size + point_x(t)]);
  };
  std::vector<double> p;  // the board moves' weights, in child order (pass has its own prior)
  p.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    if (node.child(i).move != kPass) p.push_back(logit(node.child(i).move));
  const double z = nn::exp_shifted(p.data(), p.size(), params_.policy_temperature);
  const bool only_pass = z <= 0;
  size_t k = 0;
  for (int i = 0; i < n; ++i) {
    double prior = only_pass ? 1.0 : params_.pass_prior;
    if (node.child(i).move != kPass) prior = only_pass ? 0.0 : (1.0 - params_.pass_prior) * p[k++] / z;
    node.child(i).prior.store(static_cast<float>(prior), std::memory_order_relaxed);
  }
}

std::future<nn::EvalOutput> Search::request_evaluation(const Game& game, ThreadState& ts, int* symmetry) {
  *symmetry = static_cast<int>(ts.rng.below(kNumSymmetries));
  extract_features(game, FeatureSet::kValue49, *symmetry, ts.planes.data());
  evaluations_.fetch_add(1, std::memory_order_relaxed);
  return evaluator_->submit(ts.planes.data(), position_key(game) ^ static_cast<uint64_t>(*symmetry));
}

void Search::apply_pending(ThreadState& ts, bool wait) {
  take_answers(ts.pending, wait, [this](ThreadState::PendingPolicy& p, const nn::EvalOutput& out) {
    apply_policy(*p.node, out.logits.data(), p.symmetry);
    p.node->net_value = out.value;
    p.node->eval_state.store(Node::kEvaluated, std::memory_order_release);
  });
}

void Search::expand(Node& node, const Game& game, ThreadState& ts) {
  const Board& b = game.board();
  std::vector<Point> moves;
  for (int i = 0; i < b.num_empty(); ++i)
    if (game.is_legal(b.empty_at(i))) moves.push_back(b.empty_at(i));
  std::sort(moves.begin(), moves.end());  // a deterministic child order
  moves.push_back(kPass);
  const int n = static_cast<int>(moves.size());
  auto children = std::make_unique<Node[]>(static_cast<size_t>(n));
  // Placeholder priors: the tree policy p_τ over the legal points (uniform without one).
  std::vector<double> w(static_cast<size_t>(n), 1.0);
  if (tree_policy_ && n > 1) {
    const PatternBoard pb(b, last_move(game, 0), last_move(game, 1));
    const nn::LocalContext ctx = nn::make_local_context(pb);
    for (int i = 0; i + 1 < n; ++i) w[i] = tree_policy_->score(pb, ctx, moves[i]);
    nn::exp_shifted(w.data(), static_cast<size_t>(n - 1));
  }
  double z = 0;
  for (int i = 0; i + 1 < n; ++i) z += w[i];
  for (int i = 0; i < n; ++i) {
    children[i].move = moves[i];
    const double prior = n == 1 ? 1.0 : (i + 1 == n ? params_.pass_prior : (1.0 - params_.pass_prior) * w[i] / z);
    children[i].prior.store(static_cast<float>(prior), std::memory_order_relaxed);
  }
  node.set_children(std::move(children), n);
  node_count_.fetch_add(n, std::memory_order_relaxed);
  if (!params_.use_policy_net || n == 1) return;
  // The network's priors: from the node's own evaluation when it has been answered (else its
  // evaluating thread applies them on arrival); a node never evaluated asks now, without waiting.
  if (std::unique_ptr<NetPolicy> p = node.take_policy()) {
    apply_policy(node, p->logits.get(), p->symmetry);
    return;
  }
  uint8_t expected = Node::kNotEvaluated;
  if (!node.eval_state.compare_exchange_strong(expected, Node::kEvaluating, std::memory_order_acq_rel)) return;
  ThreadState::PendingPolicy pending{&node, 0, {}};
  pending.answer = request_evaluation(game, ts, &pending.symmetry);
  ts.pending.push_back(std::move(pending));
  if (!params_.async_evaluation) apply_pending(ts, /*wait=*/true);
}

double Search::rollout(const Game& game, ThreadState& ts) {
  int area;
  if (ts.player) {
    // From the root's state plus the path's moves: what reset(game.board(), ...) would read, cheaper.
    ts.player->restore_root();
    for (size_t i = 1; i < ts.path.size(); ++i) ts.player->play(ts.path[i]->move);
    area = ts.player->run(params_.max_rollout_moves).area_difference;
  } else {
    Board b = game.board();
    area = random_playout(b, ts.rng, params_.max_rollout_moves).area_difference;
  }
  return area - game.white_compensation();  // komi plus the rules' handicap bonus
}

void Search::add_score(const std::vector<Node*>& path, double score_black) {
  for (Node* n : path) {
    atomic_add(n->score_sum, static_cast<float>(score_black));
    n->scored.fetch_add(1, std::memory_order_relaxed);
  }
}

void Search::keep_evaluation(Node& leaf, const nn::EvalOutput& out, int symmetry) {
  leaf.net_value = out.value;
  if (params_.use_policy_net) {
    const size_t points = static_cast<size_t>(root_game_.size()) * root_game_.size();
    auto p = std::make_unique<NetPolicy>();
    p->symmetry = symmetry;
    p->logits = std::make_unique<float[]>(points);
    std::copy(out.logits.begin(), out.logits.begin() + static_cast<std::ptrdiff_t>(points), p->logits.get());
    leaf.put_policy(std::move(p));
  }
  leaf.eval_state.store(Node::kEvaluated, std::memory_order_release);
  // Expanded meanwhile (by another thread, on placeholder priors): the priors are due now.
  if (leaf.expanded_seq_cst())
    if (std::unique_ptr<NetPolicy> p = leaf.take_policy()) apply_policy(leaf, p->logits.get(), p->symmetry);
}

void Search::backup(const std::vector<Node*>& path, Color leaf_mover, double result, bool rollout) {
  // Each node's statistics are for the player who moved into it: the leaf mover's opponent at the
  // leaf, alternating upwards. Rollout results are z for Black; values are v for the leaf mover.
  for (size_t i = path.size(); i-- > 1;) {
    Node& n = *path[i];
    const bool mover_is_leaf_opponent = ((path.size() - 1 - i) % 2) == 0;
    const Color moved = mover_is_leaf_opponent ? opponent(leaf_mover) : leaf_mover;
    if (rollout) {
      const double z = moved == Color::kBlack ? result : -result;
      n.rollout_visits.fetch_add(1 - params_.virtual_loss, std::memory_order_relaxed);
      atomic_add(n.rollout_wins, static_cast<float>(params_.virtual_loss + z));
    } else {
      n.value_visits.fetch_add(1, std::memory_order_relaxed);
      atomic_add(n.value_sum, static_cast<float>(moved == leaf_mover ? result : -result));
    }
  }
}

void Search::back_up_values(ThreadState& ts, bool wait) {
  take_answers(ts.pending_values, wait, [this](ThreadState::PendingValue& p, const nn::EvalOutput& out) {
    keep_evaluation(*p.path.back(), out, p.symmetry);
    backup(p.path, p.leaf_mover, out.value, /*rollout=*/false);
  });
}

void Search::simulate(ThreadState& ts) {
  if (!ts.pending.empty()) apply_pending(ts, /*wait=*/false);
  if (!ts.pending_values.empty()) back_up_values(ts, /*wait=*/false);
  Game game = root_game_;
  if (!descend(game, ts)) return;
  Node& leaf = *ts.path.back();
  const Color leaf_mover = game.to_move();  // the side to move at the leaf
  const LeafResult r = game.is_over() ? finished_leaf(game, leaf_mover) : evaluate_leaf(leaf, game, leaf_mover, ts);
  backup(ts.path, leaf_mover, r.z_black, /*rollout=*/true);
  if (r.have_value) backup(ts.path, leaf_mover, r.value, /*rollout=*/false);
  if (r.have_score) add_score(ts.path, r.score_black);
  root_->rollout_visits.fetch_add(1, std::memory_order_relaxed);
  simulations_.fetch_add(1, std::memory_order_relaxed);
  // Expansion once the leaf has been visited often enough (the tree's memory limit permitting).
  if (!game.is_over() && leaf.rollout_visits.load(std::memory_order_relaxed) >= params_.expansion_threshold &&
      node_count_.load(std::memory_order_relaxed) < params_.max_nodes) {
    uint8_t expected = Node::kLeaf;
    if (leaf.expand_state.compare_exchange_strong(expected, Node::kExpanding, std::memory_order_acq_rel))
      expand(leaf, game, ts);
  }
}

bool Search::descend(Game& game, ThreadState& ts) {
  ts.path.clear();
  Node* node = root_.get();
  ts.path.push_back(node);
  while (node->expanded() && node->num_children() > 0 && !game.is_over()) {
    Node& child = select_child(*node, game.to_move(), static_cast<int>(ts.path.size()));
    if (game.play(child.move) != MoveError::kNone) {
      // Legal at expansion, illegal now: cannot happen (a node's position is fixed). Be safe anyway.
      child.prior.store(0);
      child.rollout_visits.fetch_add(-params_.virtual_loss);
      atomic_add(child.rollout_wins, static_cast<float>(params_.virtual_loss));
      return false;
    }
    node = &child;
    ts.path.push_back(node);
  }
  return true;
}

Search::LeafResult Search::finished_leaf(const Game& game, Color leaf_mover) const {
  LeafResult r;
  r.score_black = game.area_score();
  r.have_score = true;
  r.z_black = outcome(r.score_black);
  r.value = leaf_mover == Color::kBlack ? r.z_black : -r.z_black;
  r.have_value = params_.use_value_net;
  return r;
}

Search::LeafResult Search::evaluate_leaf(Node& leaf, const Game& game, Color leaf_mover, ThreadState& ts) {
  LeafResult r;
  std::future<nn::EvalOutput> pending;
  int symmetry = 0;
  uint8_t expected = Node::kNotEvaluated;
  if (params_.use_value_net &&
      leaf.eval_state.compare_exchange_strong(expected, Node::kEvaluating, std::memory_order_acq_rel)) {
    pending = request_evaluation(game, ts, &symmetry);
  } else if (expected == Node::kEvaluated) {
    r.value = leaf.net_value;
    r.have_value = true;
  }
  // The rollout runs while the evaluator works (λ = 0 needs none).
  const bool need_rollout = params_.lambda > 0 || !params_.use_value_net;
  if (need_rollout) {
    r.score_black = rollout(game, ts);
    r.have_score = true;
    r.z_black = outcome(r.score_black);
  }
  if (pending.valid()) {
    // Not answered yet after the rollout: the value is backed up when it arrives (AlphaGo's
    // asynchronous value backup), unless there is no rollout to back up or the search must be
    // reproducible.
    const bool ready = pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    if (ready || !need_rollout || !params_.async_evaluation) {
      const nn::EvalOutput out = pending.get();
      r.value = out.value;
      r.have_value = true;
      keep_evaluation(leaf, out, symmetry);
    } else {
      ts.pending_values.push_back({ts.path, leaf_mover, symmetry, std::move(pending)});
      if (static_cast<int>(ts.pending_values.size()) > params_.max_pending_values) {
        ts.pending_values.front().answer.wait();  // at the bound: the oldest first
        back_up_values(ts, /*wait=*/false);
      }
    }
  }
  if (!need_rollout) r.z_black = leaf_mover == Color::kBlack ? r.value : -r.value;  // λ = 0: outcomes are values
  return r;
}

namespace {

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

constexpr double kRaceCheckSeconds = 0.01;  // how often the timekeeper looks at the root

}  // namespace

RootRace Search::root_race(double elapsed) {
  RootRace race;
  if (!root_->expanded()) return race;
  Point leader = kNoPoint;
  for (int i = 0; i < root_->num_children(); ++i) {
    const Node& c = root_->child(i);
    const int64_t v = c.rollout_visits.load(std::memory_order_relaxed);
    if (v > race.best_visits) {
      race.second_visits = race.best_visits;
      race.second_q = race.best_q;
      race.best_visits = v;
      race.best_q = child_q(c);
      leader = c.move;
    } else if (v > race.second_visits) {
      race.second_visits = v;
      race.second_q = child_q(c);
    }
  }
  // A move is worth considering with a real prior or a real share of the visits.
  for (int i = 0; i < root_->num_children(); ++i) {
    const Node& c = root_->child(i);
    if (c.prior.load(std::memory_order_relaxed) >= 0.005f ||
        10 * c.rollout_visits.load(std::memory_order_relaxed) >= race.best_visits)
      ++race.candidates;
  }
  if (leader != race_leader_) {
    race_leader_ = leader;
    leader_since_ = elapsed;
  }
  race.since_best_changed = elapsed - leader_since_;
  return race;
}

bool Search::limit_reached(const SearchLimits& limits, SteadyClock::time_point start, bool timekeeper) {
  const auto stop_with = [this](StopReason r, double elapsed) {
    int none = 0;
    if (stop_reason_.compare_exchange_strong(none, static_cast<int>(r))) stopped_after_.store(elapsed);
    return true;
  };
  if (limits.visits > 0 && simulations_.load(std::memory_order_relaxed) >= limits.visits)
    return stop_with(StopReason::kVisits, seconds_since(start));
  if (limits.stop && limits.stop->load(std::memory_order_relaxed)) return stop_with(StopReason::kStopped, seconds_since(start));
  if (limits.seconds <= 0) return false;
  const double elapsed = seconds_since(start);
  const bool managed = limits.manage_time && limits.max_seconds > limits.seconds;
  const double hard = managed ? limits.max_seconds : limits.seconds;
  if (elapsed >= hard) return stop_with(managed ? StopReason::kMaximumTime : StopReason::kPlannedTime, elapsed);
  if (!timekeeper || !limits.manage_time || elapsed < next_race_check_) return false;
  next_race_check_ = elapsed + kRaceCheckSeconds;
  const StopReason r =
      clock_stop(ClockLimits{limits.seconds, limits.max_seconds, true}, elapsed, simulations_.load(), root_race(elapsed));
  if (r == StopReason::kNotYet) {
    extended_ = extended_ || elapsed >= limits.seconds;
    return false;
  }
  return stop_with(r == StopReason::kPlannedTime && extended_ ? StopReason::kExtendedTime : r, elapsed);
}

void Search::search_thread(ThreadState& ts, const SearchLimits& limits, SteadyClock::time_point start,
                           bool timekeeper) {
  try {
    while (!stop_.load(std::memory_order_relaxed) && !limit_reached(limits, start, timekeeper)) simulate(ts);
    stop_.store(true);  // one thread's limit ends them all
    back_up_values(ts, /*wait=*/true);  // the tree is whole when run() returns
    apply_pending(ts, /*wait=*/true);
  } catch (const std::exception& e) {
    if (!failed_.exchange(true)) failure_ = e.what();
    stop_.store(true);
  }
}

SearchResult Search::run(const SearchLimits& limits, int threads) {
  stop_.store(false);
  failed_.store(false);
  simulations_.store(0);
  evaluations_.store(0);
  stop_reason_.store(0);
  stopped_after_.store(0);
  extended_ = false;
  race_leader_ = kNoPoint;
  leader_since_ = 0;
  next_race_check_ = 0;
  const auto run_start = SteadyClock::now();
  const auto start = limits.started.value_or(run_start);
  threads = std::max(threads, 1);
  std::vector<std::unique_ptr<ThreadState>> states;
  for (int t = 0; t < threads; ++t) states.push_back(std::make_unique<ThreadState>(*this, t));
  if (!root_->expanded() && !root_game_.is_over()) {
    root_->expand_state.store(Node::kExpanding);
    expand(*root_, root_game_, *states[0]);
    apply_pending(*states[0], /*wait=*/true);  // the root's priors, before the first selection
  }
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back([&, t] { search_thread(*states[t], limits, start, false); });
  search_thread(*states[0], limits, start, true);
  for (std::thread& w : workers) w.join();
  if (failed_.load()) throw std::runtime_error("search failed: " + failure_);
  SearchResult r = summarise(seconds_since(run_start), simulations_.load());
  r.stop_reason = static_cast<StopReason>(stop_reason_.load());
  r.stopped_after = stop_reason_.load() != 0 ? stopped_after_.load() : seconds_since(start);
  return r;
}

std::vector<ChildStats> Search::root_children() const {
  std::vector<ChildStats> out;
  if (!root_->expanded()) return out;
  for (int i = 0; i < root_->num_children(); ++i) {
    const Node& c = root_->child(i);
    if (filter_.bars(root_game_.to_move(), c.move, 1)) continue;
    ChildStats s;
    s.move = c.move;
    s.visits = c.rollout_visits.load();
    s.prior = c.prior.load();
    s.q = child_q(c);
    s.value_visits = c.value_visits.load();
    s.value_mean = s.value_visits > 0 ? c.value_sum.load() / s.value_visits : 0.0;
    s.rollout_mean = s.visits > 0 ? c.rollout_wins.load() / s.visits : 0.0;
    s.scored = c.scored.load();
    s.score_mean = s.scored > 0 ? c.score_sum.load() / s.scored : 0.0;
    out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const ChildStats& a, const ChildStats& b) {
    // Ties go to the higher Q; unvisited moves (a search cut short by the clock) to the higher prior,
    // so that a search without a simulation plays the policy's move, not A19.
    if (a.visits != b.visits) return a.visits > b.visits;
    return a.visits == 0 ? a.prior > b.prior : a.q > b.q;
  });
  return out;
}

double finished_win_rate(const Game& game) {
  const double z_black = outcome(game.area_score());
  return ((game.to_move() == Color::kBlack ? z_black : -z_black) + 1) / 2;
}

SearchParams params_for(const Game& game, const nn::Evaluator* evaluator, const SearchParams& params,
                        const std::optional<SearchParams>& without_policy) {
  const bool network_priors =
      evaluator && evaluator->has_policy() && evaluator->board_size() == game.size() && params.use_policy_net;
  return network_priors || !without_policy ? params : *without_policy;
}

int64_t Search::root_visits() const { return root_->rollout_visits.load(); }

SearchResult Search::summarise(double seconds, int64_t simulations) const {
  SearchResult r;
  r.simulations = simulations;
  r.network_evaluations = evaluations_.load();
  r.seconds = seconds;
  r.tree_nodes = node_count_.load();
  if (root_game_.is_over()) {  // nothing to choose: the game's own result (best_move stays pass)
    r.win_rate = finished_win_rate(root_game_);
    return r;
  }
  const std::vector<ChildStats> children = root_children();
  if (children.empty()) return r;
  r.best_move = children[0].move;
  r.win_rate = (children[0].q + 1.0) / 2.0;
  r.principal_variation = principal_variation(r.best_move);
  return r;
}

std::vector<const Node*> Search::pv_nodes(Point first, int max_length) const {
  std::vector<const Node*> pv;
  const Node* node = nullptr;
  if (root_->expanded())
    for (int i = 0; i < root_->num_children(); ++i)
      if (root_->child(i).move == first) node = &root_->child(i);
  if (!node || node->rollout_visits.load() == 0) return pv;
  pv.push_back(node);
  while (node->expanded() && node->num_children() > 0 && static_cast<int>(pv.size()) < max_length) {
    const Node* best = nullptr;
    for (int i = 0; i < node->num_children(); ++i) {
      const Node& c = node->child(i);
      if (!best || c.rollout_visits.load() > best->rollout_visits.load()) best = &c;
    }
    if (best->rollout_visits.load() == 0) break;
    pv.push_back(best);
    node = best;
  }
  return pv;
}

std::vector<Point> Search::principal_variation(Point first, int max_length) const {
  std::vector<Point> pv;
  for (const Node* n : pv_nodes(first, max_length)) pv.push_back(n->move);
  return pv;
}

std::vector<int> Search::principal_variation_visits(Point first, int max_length) const {
  std::vector<int> visits;
  for (const Node* n : pv_nodes(first, max_length)) visits.push_back(n->rollout_visits.load());
  return visits;
}

void Search::advance(const Game& game) {
  const bool one_more = game.move_number() == root_game_.move_number() + 1 && game.size() == root_game_.size() &&
                        std::equal(root_game_.moves().begin(), root_game_.moves().end(), game.moves().begin());
  std::unique_ptr<Node> next = std::make_unique<Node>();
  if (one_more && root_->expanded()) {
    const Point played = game.moves().back().point;
    for (int i = 0; i < root_->num_children(); ++i)
      if (root_->child(i).move == played) {
        next->take_over(root_->child(i));
        break;
      }
  }
  root_ = std::move(next);
  root_game_ = game;
  node_count_.store(root_->subtree_size());
}

}  // namespace tengen::mcts
