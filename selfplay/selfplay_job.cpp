#include "selfplay/selfplay_job.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <vector>

#include "engine/random_playout.h"
#include "engine/sgf.h"
#include "io/atomic_file.h"
#include "data/dataset.h"
#include "selfplay/policy_game.h"
#include "data/value_data.h"
#include "selfplay/job_folder.h"
#include "selfplay/search_games.h"

namespace fs = std::filesystem;

namespace tengen::selfplay {

namespace {

// Thrown from a step callback when the stop flag is set: abandons the group in progress.
struct Abandoned {};

uint64_t mix(uint64_t a, uint64_t b, uint64_t stream) {
  FastRng r(a * 0x9E3779B97F4A7C15ull ^ (b + 1) * 0xD1B54A32D192ED03ull ^ stream);
  r.next();
  return r.next();
}

// Counts the positions asked of an evaluator (search mode: the searches call it directly).
class CountingEvaluator : public nn::Evaluator {
 public:
  CountingEvaluator(nn::Evaluator* inner, std::atomic<int64_t>* count) : inner_(inner), count_(count) {}
  std::string name() const override { return inner_->name(); }
  int board_size() const override { return inner_->board_size(); }
  bool has_policy() const override { return inner_->has_policy(); }
  bool has_value() const override { return inner_->has_value(); }
  void evaluate(const nn::EvalInput* in, int n, nn::EvalOutput* out) override {
    count_->fetch_add(n, std::memory_order_relaxed);
    inner_->evaluate(in, n, out);
  }
  std::future<nn::EvalOutput> submit(const float* planes, uint64_t key) override {
    count_->fetch_add(1, std::memory_order_relaxed);
    return inner_->submit(planes, key);  // keeps the batching evaluator's asynchrony
  }

 private:
  nn::Evaluator* inner_;
  std::atomic<int64_t>* count_;
};

std::string result_text(const nn::PolicyGame& g) {
  if (g.hit_move_cap || g.record.winner == 0) return g.hit_move_cap ? "Void" : "0";
  std::ostringstream s;
  s << (g.score > 0 ? "B+" : "W+") << std::fabs(g.score);
  return s.str();
}

// The SGF of one game: names, result, a root comment saying where it came from, and for value games
// a comment on move U (write_sgf keeps no move comments, so it is put into its text).
std::string game_sgf(const nn::PolicyGame& g, const std::string& black, const std::string& white,
                     const std::string& root_comment, int u) {
  SgfGame s;
  s.size = g.record.size;
  s.komi = static_cast<double>(g.record.komi);
  s.result = result_text(g);
  s.black_name = black;
  s.white_name = white;
  s.root_properties["GC"] = {root_comment};
  for (uint16_t code : g.record.moves) s.moves.push_back(nn::decode_move(code));
  std::string text = write_sgf(s);
  if (u > 0 && u <= static_cast<int>(s.moves.size())) {
    // Moves follow the root as ";B[..]" nodes starting at the first "\n;": the U-th ';' from there.
    size_t at = text.find("\n;");
    for (int k = 1; at != std::string::npos && k < u; ++k) at = text.find(';', at + 2);
    if (at != std::string::npos && (at = text.find(']', at)) != std::string::npos)
      text.insert(at + 1, "C[random move " + std::to_string(u) + ": the value-data position is the one after it]");
  }
  return text;
}

void check_network(const NetworkRef& ref, const char* role, int size, bool needs_policy) {
  if (!ref.evaluator) throw std::invalid_argument(std::string("selfplay: no ") + role + " network");
  if (needs_policy && !ref.evaluator->has_policy())
    throw std::invalid_argument(std::string("selfplay: the ") + role + " network " + ref.name() + " has no policy");
  if (ref.evaluator->board_size() != size)
    throw std::invalid_argument(std::string("selfplay: the ") + role + " network " + ref.name() + " is for " +
                                std::to_string(ref.evaluator->board_size()) + "x" +
                                std::to_string(ref.evaluator->board_size()) + ", the job plays " +
                                std::to_string(size) + "x" + std::to_string(size));
}

}  // namespace

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::kPolicy: return "policy";
    case Mode::kSearch: return "search";
    case Mode::kValue: return "value";
  }
  return "?";
}

std::string NetworkRef::name() const {
  if (!weights.empty()) return fs::path(weights).stem().string();
  return evaluator ? evaluator->name() : "none";
}

std::string NetworkRef::id() const { return !sha256.empty() ? sha256 : !weights.empty() ? weights : name(); }

uint64_t game_seed(uint64_t job_seed, int64_t game) { return mix(job_seed, static_cast<uint64_t>(game), 0x6a6d); }

int value_move_number(uint64_t job_seed, int64_t game, int max_u) {
  // A stream of its own, so U is independent of the game's moves. Modulo bias: max_u / 2^64.
  return 1 + static_cast<int>(mix(job_seed, static_cast<uint64_t>(game), 0x7a1e) % static_cast<uint64_t>(max_u));
}

std::string progress_line(const JobProgress& p) {
  const JobStats& s = p.stats;
  const double secs = std::max(p.run_seconds, 1e-9);
  const double decided = static_cast<double>(std::max<int64_t>(1, s.black_wins + s.white_wins + s.void_games));
  char buf[256];
  std::string games = std::to_string(s.games) + (p.target_games > 0 ? "/" + std::to_string(p.target_games) : "");
  std::snprintf(buf, sizeof buf, "games %s  %.0f games/h  %.0f pos/s  mean length %.1f  B %.1f%%  W %.1f%%",
                games.c_str(), p.run_games * 3600.0 / secs, p.run_evaluated / secs, s.mean_length(),
                100.0 * s.black_wins / decided, 100.0 * s.white_wins / decided);
  std::string line = buf;
  if (s.value_positions + s.value_skipped > 0)
    line += "  value positions " + std::to_string(s.value_positions) + " (skipped " + std::to_string(s.value_skipped) + ")";
  return line;
}

struct SelfplayJob::Group {
  int64_t index = 0, first_game = 0;
  int size = 0;
  std::vector<nn::PolicyGame> games;
  std::vector<int> us;                          // value mode: U per game
  std::vector<std::string> black, white;        // player names per game
};

SelfplayJob::SelfplayJob(JobSettings settings, JobPlayers players)
    : settings_(std::move(settings)), players_(std::move(players)) {
  const JobSettings& s = settings_;
  if (s.out.empty()) throw std::invalid_argument("selfplay: no output folder");
  if (s.workers < 1 || s.worker < 0 || s.worker >= s.workers)
    throw std::invalid_argument("selfplay: worker " + std::to_string(s.worker) + " of " + std::to_string(s.workers) +
                                ": need 0 <= K < N");
  if (s.board_size < kMinSize || s.board_size > kMaxSize) throw std::invalid_argument("selfplay: board size outside 5..19");
  if (s.parallel < 1 || s.games < 0 || s.hours < 0 || s.temperature < 0 || s.max_moves < 0 || s.max_u < 1 ||
      s.visits < 1 || s.threads < 1 || s.sample_moves < 0)
    throw std::invalid_argument("selfplay: need parallel >= 1, games >= 0, hours >= 0, temperature >= 0, "
                                "max_moves >= 0, max_u >= 1, visits >= 1, threads >= 1, sample_moves >= 0");
  switch (s.mode) {
    case Mode::kPolicy:
      check_network(players_.policy, "policy", s.board_size, true);
      if (players_.opponent.evaluator) check_network(players_.opponent, "opponent", s.board_size, true);
      break;
    case Mode::kValue:
      check_network(players_.sl_policy, "SL policy", s.board_size, true);
      check_network(players_.rl_policy, "RL policy", s.board_size, true);
      break;
    case Mode::kSearch:
      if (players_.policy.evaluator) check_network(players_.policy, "search", s.board_size, false);
      break;
  }
}

SelfplayJob::~SelfplayJob() {
  for (int fd : {worker_lock_fd_, lock_fd_})
    if (fd >= 0) ::close(fd);  // releases the flocks
}

void SelfplayJob::lock_folder() {
  // Two processes writing one folder would play the same groups twice; a fleet's workers share it.
  const fs::path out(settings_.out);
  const bool fleet = settings_.workers > 1;
  auto lock = [&](const fs::path& file, int how) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw JobError(file.string() + ": cannot open");
    if (::flock(fd, how | LOCK_NB) == 0) return fd;
    ::close(fd);
    throw JobError(settings_.out + (fleet ? ": another tengen selfplay is writing this folder as worker " +
                                                std::to_string(settings_.worker) + ", or alone"
                                          : ": another tengen selfplay is writing this folder"));
  };
  lock_fd_ = lock(out / ".lock", fleet ? LOCK_SH : LOCK_EX);
  if (fleet) {
    try {
      worker_lock_fd_ = lock(out / (".lock-worker-" + std::to_string(settings_.worker)), LOCK_EX);
    } catch (...) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw;
    }
  }
}

bool SelfplayJob::mine(int64_t group) const {
  const JobSettings& s = settings_;
  return group % s.workers == s.worker && (s.games == 0 || group * s.parallel < s.games);
}

int SelfplayJob::group_size(int64_t group) const {
  const JobSettings& s = settings_;
  return static_cast<int>(s.games > 0 ? std::min<int64_t>(s.parallel, s.games - group * s.parallel) : s.parallel);
}

bool SelfplayJob::finished(int64_t group) const {
  return group < static_cast<int64_t>(done_.size()) && done_[static_cast<size_t>(group)] >= group_size(group);
}

int64_t SelfplayJob::next_group(int64_t from) const {
  const JobSettings& s = settings_;
  int64_t g = from + ((s.worker - from % s.workers) % s.workers + s.workers) % s.workers;
  for (; mine(g); g += s.workers)
    if (!finished(g)) return g;
  return -1;
}

ResumeInfo SelfplayJob::open() {
  if (opened_) throw std::logic_error("SelfplayJob::open called twice");
  const fs::path out(settings_.out);
  std::error_code ec;
  for (const fs::path& dir : {out, out / "sgf", out / "shards"})
    if (!fs::create_directories(dir, ec) && ec) throw JobError(dir.string() + ": cannot create: " + ec.message());
  lock_folder();
  ResumeInfo info;
  try {
    info.created = check_or_create_job_json(settings_, players_);
    const bool value = settings_.mode == Mode::kValue;
    std::vector<int64_t> done = done_groups(settings_.out);
    std::vector<int> sizes;
    stats_ = stats_from_shards(settings_.out, done, settings_.parallel, value, &sizes);
    for (size_t i = 0; i < done.size(); ++i) {
      if (done[i] >= static_cast<int64_t>(done_.size())) done_.resize(static_cast<size_t>(done[i]) + 1, 0);
      done_[static_cast<size_t>(done[i])] = sizes[i];
    }
    auto unfinished = [this](int64_t g) { return mine(g) && !finished(g); };
    info.removed_files = remove_leftovers(settings_.out, settings_.parallel, unfinished, settings_.workers == 1);
    // A short group of this worker that the job outgrew was just removed: count without it.
    const size_t before = done.size();
    done.erase(std::remove_if(done.begin(), done.end(), unfinished), done.end());
    if (done.size() != before) {
      for (int64_t g = 0; g < static_cast<int64_t>(done_.size()); ++g)
        if (unfinished(g)) done_[static_cast<size_t>(g)] = 0;
      stats_ = stats_from_shards(settings_.out, done, settings_.parallel, value);
    }
    write_stats_json(settings_.out, stats_);
  } catch (...) {
    for (int* fd : {&lock_fd_, &worker_lock_fd_}) {  // a refused job must not keep the folder from the right one
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
    throw;
  }
  info.groups_done = stats_.groups;
  info.games_done = stats_.games;
  opened_ = true;
  return info;
}

void SelfplayJob::play_group(Group& g, const std::atomic<bool>& stop, const std::function<void(int)>& on_step) {
  if (settings_.mode == Mode::kSearch) play_search_group(g, stop, on_step);
  else play_policy_group(g, stop, on_step);
}

void SelfplayJob::play_search_group(Group& g, const std::atomic<bool>& stop, const std::function<void(int)>& on_step) {
  const JobSettings& s = settings_;
  std::vector<uint64_t> seeds;
  for (int i = 0; i < g.size; ++i) seeds.push_back(game_seed(s.seed, g.first_game + i));
  // In SearchGameOptions' order: board_size, komi, max_moves, visits, sample_moves, temperature, search.
  const SearchGameOptions o{s.board_size, s.komi, s.max_moves, s.visits, s.sample_moves, s.temperature, s.search};
  std::atomic<int64_t> evaluated{0};
  std::unique_ptr<CountingEvaluator> counted;
  if (players_.policy.evaluator) counted = std::make_unique<CountingEvaluator>(players_.policy.evaluator, &evaluated);
  int64_t reported = 0;
  const std::string name = "search(" + (counted ? players_.policy.name() : std::string("no network")) + ", " +
                           std::to_string(s.visits) + " visits)";
  g.games = play_search_games(
      seeds, o, SearchGameParts{counted.get(), players_.rollout_policy, players_.tree_policy}, s.threads,
      [&stop] {
        if (stop.load()) throw Abandoned{};
      },
      [&] {
        if (stop.load()) throw Abandoned{};
        const int64_t now = evaluated.load();
        on_step(static_cast<int>(now - reported));
        reported = now;
      });
  g.black.assign(g.size, name);
  g.white.assign(g.size, name);
}

void SelfplayJob::play_policy_group(Group& g, const std::atomic<bool>& stop, const std::function<void(int)>& on_step) {
  const JobSettings& s = settings_;
  const bool value = s.mode == Mode::kValue;
  std::vector<nn::GamePlan> plans;
  for (int i = 0; i < g.size; ++i) {
    const int64_t number = g.first_game + i;
    nn::GamePlan plan;
    plan.seed = game_seed(s.seed, number);
    const NetworkRef *black = &players_.policy, *white = &players_.policy;
    if (value) {
      const int u = value_move_number(s.seed, number, s.max_u);
      plan.random_move_at = u;
      plan.opening = nn::PolicyPlayer{players_.sl_policy.evaluator, s.temperature};
      black = white = &players_.rl_policy;
      g.us.push_back(u);
      const std::string name = (u > 1 ? players_.sl_policy.name() + " moves 1-" + std::to_string(u - 1) + ", " : "") +
                               "random move " + std::to_string(u) + ", then " + players_.rl_policy.name();
      g.black.push_back(name);
      g.white.push_back(name);
    } else {
      // With an opponent, colours alternate by game number so neither network keeps Black.
      if (players_.opponent.evaluator) (number % 2 == 0 ? white : black) = &players_.opponent;
      g.black.push_back(black->name());
      g.white.push_back(white->name());
    }
    plan.black = nn::PolicyPlayer{black->evaluator, s.temperature};
    plan.white = nn::PolicyPlayer{white->evaluator, s.temperature};
    plans.push_back(plan);
  }
  nn::PolicyGameOptions o;
  o.board_size = s.board_size;
  o.komi = s.komi;
  o.max_moves = s.max_moves;
  g.games = nn::play_policy_games(plans, o, [&](int evaluated) {
    if (stop.load()) throw Abandoned{};
    on_step(evaluated);
  });
}

int SelfplayJob::write_group(const Group& g) {
  const JobSettings& s = settings_;
  const bool value = s.mode == Mode::kValue;
  std::vector<nn::GameRecord> records, value_records;
  try {
    for (int i = 0; i < g.size; ++i) {
      const nn::PolicyGame& game = g.games[i];
      const int64_t number = g.first_game + i;
      const int u = value ? g.us[i] : 0;
      const std::string comment = std::string("tengen selfplay, mode ") + mode_name(s.mode) + ", job seed " +
                                  std::to_string(s.seed) + ", game " + std::to_string(number) +
                                  (value ? ", U = " + std::to_string(u) : "");
      io::write_file_atomically(sgf_path(s.out, number), game_sgf(game, g.black[i], g.white[i], comment, u));
      records.push_back(game.record);
      // Value data (docs/ALPHAGO.md §5.2): the position after move U, labelled with the game's final result.
      // A game that ended before U, or without a result, gives none.
      if (value && game.sampled_position == u && game.record.winner != 0) {
        value_records.push_back(nn::value_record(game.record, static_cast<size_t>(u)));
      }
    }
    if (value) nn::write_shard(shard_path(s.out, "value", g.index), value_records, s.compression_level);
    nn::write_shard(shard_path(s.out, "selfplay", g.index), records, s.compression_level);  // last: the commit
  } catch (const nn::DatasetError& e) {
    throw JobError(e.what());
  }
  return static_cast<int>(value_records.size());
}

void SelfplayJob::record_group(const Group& g) {
  const int kept = write_group(g);
  if (g.index >= static_cast<int64_t>(done_.size())) done_.resize(static_cast<size_t>(g.index) + 1, 0);
  done_[static_cast<size_t>(g.index)] = g.size;
  ++stats_.groups;
  int64_t number = g.first_game;
  for (const nn::PolicyGame& game : g.games) stats_.add_game(game.record, number++);
  if (settings_.mode == Mode::kValue) {
    stats_.value_positions += kept;
    stats_.value_skipped += g.size - kept;
  }
  write_stats_json(settings_.out, stats_);
}

JobResult SelfplayJob::run(const std::atomic<bool>& stop, const ProgressFn& progress) {
  if (!opened_) throw std::logic_error("SelfplayJob::run before open");
  const JobSettings& s = settings_;
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  JobResult result;
  int64_t evaluated = 0;
  auto report = [&](bool final) {
    if (!progress) return;
    JobProgress p;
    p.stats = stats_;
    p.target_games = s.games;
    p.run_games = result.run_games;
    p.run_evaluated = evaluated;
    p.run_seconds = seconds();
    p.final = final;
    progress(p);
  };
  for (int64_t next = next_group(0);; next = next_group(next + 1)) {
    if (next < 0) {
      result.reason = StopReason::kGames;
      break;
    }
    if (stop.load()) {
      result.reason = StopReason::kStopped;
      break;
    }
    Group g;
    g.index = next;
    g.first_game = next * s.parallel;
    g.size = group_size(next);
    try {
      play_group(g, stop, [&](int n) {
        evaluated += n;
        report(false);
      });
    } catch (const Abandoned&) {
      result.reason = StopReason::kStopped;
      break;
    }
    record_group(g);
    result.run_games += g.size;
    report(false);
    // Checked after a group, so every run plays at least one (unless its games are all done).
    if (s.hours > 0 && seconds() >= s.hours * 3600 && next_group(next + 1) >= 0) {
      result.reason = StopReason::kHours;
      break;
    }
  }
  result.stats = stats_;
  result.run_seconds = seconds();
  report(true);
  return result;
}

}  // namespace tengen::selfplay
