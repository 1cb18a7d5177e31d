// AnalysisEngine: KataGo's JSON analysis-engine protocol over Tengen's search (`tengen analysis`;
// docs/USAGE.md). Queries arrive as lines (submit); every position they ask for becomes a task in one
// priority queue (highest `priority` first, then arrival order); `analysis_threads` workers each
// search one position at a time with `search_threads` threads, all sharing the same networks — so
// the positions in flight share one evaluator and, behind a batching evaluator, its batches.
// Every analysed position ends with exactly one answer whose isDuringSearch is false (partial results
// when terminated mid-search, `noResults` when terminated before it started), as KataGo promises.
//
// Threads: submit() and finish() from one reading thread; answers are written by the workers and the
// reader through `emit`, one whole line per call, never two calls at once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analysis/query.h"
#include "analysis/response.h"
#include "mcts/search_networks.h"
#include "mcts/search_params.h"

namespace tengen::analysis {

struct AnalysisSettings {
  mcts::SearchParams search;
  // For positions the policy network does not cover (another board size, or no network): priors from
  // the tree policy, parameters tuned apart (as tengen gtp's PlayerSettings). Unset: `search`.
  std::optional<mcts::SearchParams> search_without_policy;
  int analysis_threads = 2;         // positions searched at once
  int search_threads = 1;           // search threads per position
  int64_t max_visits = 500;         // per position when the query gives no maxVisits
  double max_seconds = 0;           // per position, 0: no time limit
  int ownership_rollouts = 100;     // rollouts behind each "ownership" map
  Perspective report_as = Perspective::kBlack;  // KataGo's reportAnalysisWinratesAs
  bool quit_without_waiting = false;  // at the end of input, terminate what is queued or running
  std::string version = "0.0.0", git_hash = "<omitted>";  // query_version's answer
};

class AnalysisEngine {
 public:
  using Emit = std::function<void(const std::string& line)>;  // one JSON answer, without the newline

  // Starts the worker threads. Throws std::invalid_argument for thread counts below 1.
  AnalysisEngine(mcts::SearchNetworks networks, AnalysisSettings settings, Emit emit);
  ~AnalysisEngine();  // finish() if it was not called
  AnalysisEngine(const AnalysisEngine&) = delete;
  AnalysisEngine& operator=(const AnalysisEngine&) = delete;

  // One query line: answers errors, warnings and actions at once, queues the positions to search.
  void submit(std::string_view line);
  // The end of the input: waits until every queued position is answered (or, with
  // quit_without_waiting, terminates them), then stops the workers. Idempotent.
  void finish();
  // Answers a line that was too long to read (the reader's cap), in KataGo's error form.
  void reject_long_line(size_t max_bytes);

  int64_t positions_answered() const;
  int max_positions_in_flight() const;  // the most positions searched at the same moment so far

 private:
  struct Task;
  void worker();
  std::shared_ptr<Task> next_task();  // blocks; null when finishing and nothing is queued
  void analyse(Task& task);
  // Searches in rounds (terminate is checked between them), reporting during the search if asked.
  int64_t search_rounds(Task& task, mcts::Search& search);
  nlohmann::json answer(const Task& task, const mcts::Search& search, bool during_search) const;
  void enqueue(const AnalysisQuery& query);
  void act(const ActionQuery& action);
  // Ends the matching tasks: queued ones are answered `noResults` now, running ones stop and answer.
  void terminate(const std::string& id, const std::vector<int>* turns);
  void write(const nlohmann::json& answer);

  const mcts::SearchNetworks networks_;
  const AnalysisSettings settings_;
  const Emit emit_;
  QueryLimits limits_;

  mutable std::mutex mu_;  // guards everything below but the threads
  std::condition_variable work_cv_;
  std::vector<std::shared_ptr<Task>> queued_, running_;
  uint64_t next_sequence_ = 0;
  int64_t answered_ = 0;
  int max_in_flight_ = 0;
  bool finishing_ = false;

  std::mutex emit_mu_;
  std::vector<std::thread> workers_;
};

}  // namespace tengen::analysis
