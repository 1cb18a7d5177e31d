#include "analysis/analysis_engine.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "engine/text_file.h"
#include "mcts/ownership.h"
#include "mcts/policy_readout.h"
#include "mcts/search.h"

namespace tengen::analysis {

using nlohmann::json;

namespace {
// Terminate is noticed within one round; a round is also the finest reporting interval's upper bound.
constexpr double kRoundSeconds = 0.25;
}  // namespace

struct AnalysisEngine::Task {
  std::string id;
  PositionRequest position;
  int64_t max_visits = 0;
  double report_every = 0;
  double max_seconds = 0;             // 0: none
  Perspective report_as = Perspective::kBlack;
  bool include_ownership = false, include_policy = false;
  mcts::MoveFilter filter;            // avoidMoves / allowMoves
  uint64_t sequence = 0;              // arrival order: ties of priority, and the search seed
  std::atomic<bool> terminated{false};
  mcts::Search* search = nullptr;     // while running; guarded by the engine's mu_
};

AnalysisEngine::AnalysisEngine(mcts::SearchNetworks networks, AnalysisSettings settings, Emit emit)
    : networks_(std::move(networks)), settings_(std::move(settings)), emit_(std::move(emit)) {
  if (settings_.analysis_threads < 1 || settings_.search_threads < 1)
    throw std::invalid_argument("analysis and search threads must be at least 1");
  for (int i = 0; i < settings_.analysis_threads; ++i) workers_.emplace_back([this] { worker(); });
}

AnalysisEngine::~AnalysisEngine() { finish(); }

void AnalysisEngine::write(const json& answer) {
  const std::string line = answer_line(answer);
  std::lock_guard<std::mutex> lock(emit_mu_);
  emit_(line);
}

void AnalysisEngine::submit(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // blank lines are not queries
  const ParsedQuery q = parse_query(line, limits_);
  for (const json& m : q.messages) write(m);
  if (q.kind == ParsedQuery::Kind::kAnalysis) {
    const nn::Evaluator* e = networks_.evaluator.get();
    if (q.analysis.include_policy && !(e && e->has_policy()))
      write({{"warning", "No policy network loaded: no policy is reported"}, {"field", "includePolicy"}, {"id", q.analysis.id}});
    else if (q.analysis.include_policy && !q.analysis.positions.empty() &&
             e->board_size() != q.analysis.positions[0].game.size())
      write({{"warning", "No policy network for this board size: no policy is reported"}, {"field", "includePolicy"},
             {"id", q.analysis.id}});
    enqueue(q.analysis);
  } else if (q.kind == ParsedQuery::Kind::kAction) {
    act(q.action);
  }
}

void AnalysisEngine::reject_long_line(size_t max_bytes) {
  write({{"error", "Query line longer than the " + size_text(max_bytes) + " limit; ignored"}});
}

void AnalysisEngine::enqueue(const AnalysisQuery& query) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const PositionRequest& p : query.positions) {
    auto t = std::make_shared<Task>();
    t->id = query.id;
    t->position = p;
    t->max_visits = query.max_visits > 0 ? query.max_visits : settings_.max_visits;
    t->report_every = query.report_every;
    t->max_seconds = query.max_seconds > 0 ? query.max_seconds : settings_.max_seconds;
    t->report_as = query.report_as.value_or(settings_.report_as);
    t->include_ownership = query.include_ownership;
    t->include_policy = query.include_policy;
    t->filter = query.filter;
    t->sequence = next_sequence_++;
    queued_.push_back(std::move(t));
  }
  work_cv_.notify_all();
}

void AnalysisEngine::act(const ActionQuery& action) {
  json echo = action.echo;
  if (action.action == "query_version") {
    echo["version"] = settings_.version;
    echo["git_hash"] = settings_.git_hash;
  } else if (action.action == "clear_cache") {
    if (networks_.evaluator) networks_.evaluator->clear_cache();
  } else if (action.action == "terminate") {
    terminate(action.terminate_id, action.turn_numbers ? &*action.turn_numbers : nullptr);
  } else if (action.action == "terminate_all") {
    terminate("", nullptr);
  }
  write(echo);
}

void AnalysisEngine::terminate(const std::string& id, const std::vector<int>* turns) {
  const auto matches = [&](const Task& t) {
    return (id.empty() || t.id == id) &&
           (!turns || std::find(turns->begin(), turns->end(), t.position.turn) != turns->end());
  };
  std::vector<std::shared_ptr<Task>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& t : running_)
      if (matches(*t)) {
        t->terminated.store(true);
        if (t->search) t->search->stop();
      }
    const auto keep_end = std::stable_partition(queued_.begin(), queued_.end(), [&](const auto& t) { return !matches(*t); });
    dropped.assign(keep_end, queued_.end());
    queued_.erase(keep_end, queued_.end());
    answered_ += static_cast<int64_t>(dropped.size());
  }
  for (const auto& t : dropped) write(no_results_answer(t->id, t->position.turn));
}

std::shared_ptr<AnalysisEngine::Task> AnalysisEngine::next_task() {
  std::unique_lock<std::mutex> lock(mu_);
  work_cv_.wait(lock, [&] { return finishing_ || !queued_.empty(); });
  if (queued_.empty()) return nullptr;
  const auto best = std::min_element(queued_.begin(), queued_.end(), [](const auto& a, const auto& b) {
    return a->position.priority != b->position.priority ? a->position.priority > b->position.priority
                                                        : a->sequence < b->sequence;
  });
  std::shared_ptr<Task> t = *best;
  queued_.erase(best);
  running_.push_back(t);
  max_in_flight_ = std::max(max_in_flight_, static_cast<int>(running_.size()));
  return t;
}

void AnalysisEngine::worker() {
  while (std::shared_ptr<Task> t = next_task()) {
    try {
      analyse(*t);
    } catch (const std::exception& e) {  // the evaluator failed: this position only
      write({{"error", std::string("Analysis failed: ") + e.what()}, {"id", t->id}, {"turnNumber", t->position.turn}});
    }
    std::lock_guard<std::mutex> lock(mu_);
    running_.erase(std::find(running_.begin(), running_.end(), t));
    ++answered_;
    work_cv_.notify_all();  // finish() waits on the same condition
  }
}

void AnalysisEngine::analyse(Task& task) {
  mcts::SearchParams params = mcts::params_for(task.position.game, networks_.evaluator.get(), settings_.search,
                                               settings_.search_without_policy);
  params.seed = settings_.search.seed + 0x9E3779B97F4A7C15ull * task.sequence;  // distinct per position, reproducible
  mcts::Search search(task.position.game, params, networks_.evaluator.get(), networks_.rollout_policy.get(),
                      networks_.tree_policy.get());
  search.set_move_filter(task.filter);
  {
    std::lock_guard<std::mutex> lock(mu_);
    task.search = &search;
  }
  int64_t simulations = 0;
  try {
    simulations = search_rounds(task, search);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    task.search = nullptr;
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    task.search = nullptr;
  }
  if (simulations == 0 && task.terminated.load())
    write(no_results_answer(task.id, task.position.turn));
  else
    write(answer(task, search, /*during_search=*/false));
}

int64_t AnalysisEngine::search_rounds(Task& task, mcts::Search& search) {
  int64_t simulations = 0;
  double elapsed = 0, since_report = 0;
  const double round = task.report_every > 0 ? std::min(task.report_every, kRoundSeconds) : kRoundSeconds;
  while (!task.terminated.load() && simulations < task.max_visits &&
         (task.max_seconds <= 0 || elapsed < task.max_seconds)) {
    double seconds = round;
    if (task.max_seconds > 0) seconds = std::min(seconds, task.max_seconds - elapsed);
    const mcts::SearchResult r =
        search.run(mcts::SearchLimits{task.max_visits - simulations, seconds}, settings_.search_threads);
    simulations += r.simulations;
    elapsed += r.seconds;
    since_report += r.seconds;
    if (r.simulations == 0) break;  // nothing to search (the game is over) or stopped at once
    const bool done = simulations >= task.max_visits || task.terminated.load();
    if (task.report_every > 0 && since_report >= task.report_every && !done) {
      write(answer(task, search, /*during_search=*/true));
      since_report = 0;
    }
  }
  return simulations;
}

json AnalysisEngine::answer(const Task& task, const mcts::Search& search, bool during_search) const {
  const Game& game = task.position.game;
  AnswerExtras extras;
  mcts::Ownership ownership;
  if (task.include_ownership) {
    const auto& m = game.moves();
    const Point last = m.empty() ? kNoPoint : m.back().point;
    const Point second = m.size() < 2 ? kNoPoint : m[m.size() - 2].point;
    ownership = mcts::estimate_ownership(game.board(), last, second, networks_.rollout_policy.get(),
                                         settings_.ownership_rollouts, settings_.search.seed + task.sequence);
    extras.ownership = &ownership;
  }
  std::vector<float> policy;
  if (task.include_policy) {
    policy = mcts::policy_over_legal_points(networks_.evaluator.get(), game);
    if (!policy.empty()) extras.policy = &policy;
  }
  return analysis_answer(task.id, task.position.turn, game, search, extras, task.report_as, during_search);
}

void AnalysisEngine::finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (workers_.empty()) return;
  }
  if (settings_.quit_without_waiting) terminate("", nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& w : workers_) w.join();
  workers_.clear();
}

int64_t AnalysisEngine::positions_answered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return answered_;
}

int AnalysisEngine::max_positions_in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return max_in_flight_;
}

}  // namespace tengen::analysis
