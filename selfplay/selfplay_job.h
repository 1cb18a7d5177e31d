// SelfplayJob: one self-play generation job (`tengen selfplay`; docs/ALPHAGO.md §4 RL games, §5.2 value
// data). It plays games in groups of `parallel`, by raw policy networks (selfplay/policy_game.h) or by the
// search (mcts/), and writes them to an output folder (selfplay/README.md):
//   OUT/job.json                       the settings that define the games (checked on every rerun)
//   OUT/sgf/game-NNNNNNNN.sgf          one per game, numbered from 0
//   OUT/shards/selfplay-NNNNN.tgd.zst  group N's full GameRecords, in game order
//   OUT/shards/value-NNNNN.tgd.zst     value mode: one record per kept game, cut after its move U
//   OUT/stats.json                     totals over every finished group
// A group's files are written after all its games end, each atomically, its selfplay shard last: a
// group is done exactly when that shard exists with all its games. Group g holds games g * parallel
// onwards (the last group is short when --games is not a multiple of --parallel). open() finds
// the done groups, deletes what this worker's unfinished groups left behind, and the job continues
// with this worker's first undone group. Game g's randomness comes only from (seed, g), so a job stopped at any moment and run
// again plays exactly the games an uninterrupted run would have played (for the same --games).
//
// Torch-free: the networks arrive as nn::Evaluator pointers chosen by the caller (app/).
// Thread-safety: one job object per output folder and worker, used from one thread (open, then run).
// run() starts its own threads in search mode; `stop` may be set from any thread or a signal handler.
// A second process on the same folder is refused (an exclusive flock on OUT/.lock), except workers of
// a fleet (a shared flock on OUT/.lock, an exclusive one on OUT/.lock-worker-K).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "mcts/search_params.h"
#include "data/dataset.h"
#include "nn/evaluator.h"
#include "rollout/pattern_policy.h"

namespace tengen::selfplay {

// Folder problems (unwritable, another job's settings, locked by another process).
class JobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Mode {
  kPolicy,  // raw policy networks sample every move (RL-style games)
  kSearch,  // every move by mcts::Search with a visit budget
  kValue,   // value data: SL policy to move U-1, a random move at U, RL policy to the end
};
const char* mode_name(Mode mode);  // "policy", "search", "value"

// A network the job plays with, and what identifies it in job.json.
struct NetworkRef {
  nn::Evaluator* evaluator = nullptr;
  std::string weights;  // the file it was loaded from ("" for test evaluators)
  std::string sha256;   // of that file when known: then a rerun may load the same bytes from elsewhere
  std::string name() const;  // file stem ("sl-policy-cpu"), else the evaluator's name
  std::string id() const;    // sha256, else weights, else name(): what job.json compares
};

struct JobPlayers {
  NetworkRef policy;    // policy mode: plays both colours (and alternates with `opponent` if set);
                        // search mode: the search's network (priors; value too if it has one)
  NetworkRef opponent;  // policy mode, optional
  NetworkRef sl_policy, rl_policy;  // value mode: moves 1..U-1, then U+1.. (both colours)
  // Search mode, optional (null: uniform random playouts / no tree priors). *_id as NetworkRef::id.
  const nn::PatternPolicy* rollout_policy = nullptr;
  const nn::PatternPolicy* tree_policy = nullptr;
  std::string rollout_id, tree_id;
};

struct JobSettings {
  std::string out;            // output folder (created if missing)
  Mode mode = Mode::kPolicy;
  uint64_t seed = 1;
  int board_size = 19;
  double komi = 7.5;
  int parallel = 64;          // games per group (policy/value: one batch per step; search: in flight)
  int64_t games = 0;          // total over every run; 0: no limit
  double hours = 0;           // this run stops after the group during which this is exceeded; 0: none
  double temperature = 1.0;   // policy/value: softmax(logits / T); search: visits^(1/T) for sample_moves
  int max_moves = 0;          // safety cap per game; 0: 3 x size x size (such games are void)
  int max_u = 450;            // value mode: U uniform on 1..max_u
  // Search mode.
  int visits = 100;           // simulations per move
  int threads = 1;            // games searched at once (one search thread each)
  int sample_moves = 30;      // the first this many moves are sampled by visits; later: most visits
  mcts::SearchParams search;  // its seed is replaced by each game's seed
  int compression_level = 10; // shards' zstd level
  // A fleet (docs/SCALING.md): N processes or machines sharing OUT, this one worker K of N. Group g
  // (games g * parallel ...) is played by worker g % N; games are pure functions of (seed, number),
  // so the fleet writes exactly the games one process would, each once. Not a defining setting:
  // any fleet size may continue a job (workers of one fleet must agree on N).
  int worker = 0, workers = 1;
};

// Totals over every done group, recomputed from the shards on open() and kept after each group.
struct JobStats {
  int64_t groups = 0, games = 0;
  int64_t black_wins = 0, white_wins = 0, void_games = 0;  // void: move cap reached (or jigo)
  int64_t moves = 0;           // over all games, passes included
  int64_t stone_moves = 0;     // training positions in the selfplay shards
  int64_t value_positions = 0; // value mode: records written
  int64_t value_skipped = 0;   // value mode: games without one (ended before U, or void)
  // Games won by the side that is Black in even-numbered games and White in odd ones: with an
  // --opponent, the --policy network's wins (the match result of policy against opponent).
  int64_t alternating_wins = 0;
  // Counts one more finished game, game `number` of the job.
  void add_game(const nn::GameRecord& r, int64_t number) {
    if (r.winner == (number % 2 == 0 ? 1 : -1)) ++alternating_wins;
    ++games;
    moves += static_cast<int64_t>(r.moves.size());
    stone_moves += r.stone_moves();
    (r.winner > 0 ? black_wins : r.winner < 0 ? white_wins : void_games) += 1;
  }
  double mean_length() const { return games ? static_cast<double>(moves) / games : 0; }
};

struct JobProgress {
  JobStats stats;              // done groups, every run
  int64_t target_games = 0;    // settings.games (0: none)
  int64_t run_games = 0;       // games of this run's done groups
  int64_t run_evaluated = 0;   // positions sent to the networks by this run (groups in progress too)
  double run_seconds = 0;
  bool final = false;          // the last call of run()
};
// "games 128/1000  412 games/h  1830 pos/s  mean length 212.4  B 52.3%  W 47.7%" (win rates over done games).
std::string progress_line(const JobProgress& p);

struct ResumeInfo {
  bool created = false;        // a new job.json was written
  int64_t groups_done = 0, games_done = 0;
  int removed_files = 0;       // leftovers of an unfinished group
};

enum class StopReason { kGames, kHours, kStopped };
struct JobResult {
  JobStats stats;
  int64_t run_games = 0;
  double run_seconds = 0;
  StopReason reason = StopReason::kGames;
};

// The per-game seed and, in value mode, U: pure functions of (job seed, game number).
uint64_t game_seed(uint64_t job_seed, int64_t game);
int value_move_number(uint64_t job_seed, int64_t game, int max_u);  // uniform on 1..max_u

class SelfplayJob {
 public:
  // Throws std::invalid_argument for bad settings or missing/mismatched networks (board size, no policy).
  SelfplayJob(JobSettings settings, JobPlayers players);
  ~SelfplayJob();
  SelfplayJob(const SelfplayJob&) = delete;
  SelfplayJob& operator=(const SelfplayJob&) = delete;

  // Creates OUT or checks its job.json against these settings (JobError naming every difference),
  // locks it, counts done groups and removes an unfinished group's files. Call once, before run().
  ResumeInfo open();

  // Plays groups until the game count or the hours are reached, or `stop` becomes true (checked
  // after every step of the policy games / every move of the search games: the group in progress is
  // abandoned, nothing of it is written). `progress` is called on this thread after every step
  // (search mode: about every 200 ms) and after every group. Throws JobError on write failures
  // and whatever an evaluator throws.
  using ProgressFn = std::function<void(const JobProgress&)>;
  JobResult run(const std::atomic<bool>& stop, const ProgressFn& progress = {});

  const JobSettings& settings() const { return settings_; }

 private:
  struct Group;
  void play_group(Group& group, const std::atomic<bool>& stop, const std::function<void(int)>& on_step);
  void play_search_group(Group& group, const std::atomic<bool>& stop, const std::function<void(int)>& on_step);
  void play_policy_group(Group& group, const std::atomic<bool>& stop, const std::function<void(int)>& on_step);
  int write_group(const Group& group);  // returns the value records written
  void record_group(const Group& group);  // writes it, marks it done, counts it in the stats

  bool mine(int64_t group) const;        // this worker's, and within the game count
  int group_size(int64_t group) const;   // its games under this run's --games
  bool finished(int64_t group) const;    // its shard holds all its games
  int64_t next_group(int64_t from) const;  // this worker's first unfinished group >= from; -1: none
  void lock_folder();

  JobSettings settings_;
  JobPlayers players_;
  JobStats stats_;
  // done_[g]: the games in group g's selfplay shard (0: none yet). A job grown after a short last group
  // finds it unfinished and plays it again whole (the same games, then the rest).
  std::vector<int> done_;
  int lock_fd_ = -1, worker_lock_fd_ = -1;
  bool opened_ = false;
};

}  // namespace tengen::selfplay
