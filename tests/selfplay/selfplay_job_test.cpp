// Self-play generation jobs (selfplay/selfplay_job.h) with the fake evaluator on 9x9: well-formed
// SGFs and shards, resume after an interruption without duplicates or losses, the value-data U
// schedule (one position per game, U uniform on 1..max_u), refusing another job's folder, search mode.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/sgf.h"
#include "data/dataset.h"
#include "nn/fake_evaluator.h"
#include "selfplay/job_folder.h"
#include "selfplay/selfplay_job.h"

namespace tengen::selfplay {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test (and tag), removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("tengen-selfplay-" + std::string(info->name()) + "-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Nets {
  nn::FakeEvaluator a{{9, true, true, 1, {}}};
  nn::FakeEvaluator b{{9, true, true, 2, {}}};
  JobPlayers players() {
    JobPlayers p;
    p.policy = NetworkRef{&a, "nets/alpha.safetensors", ""};
    p.sl_policy = NetworkRef{&a, "nets/alpha.safetensors", ""};
    p.rl_policy = NetworkRef{&b, "nets/beta.safetensors", ""};
    return p;
  }
};

JobSettings small_job(const std::string& out, Mode mode, int64_t games, int parallel) {
  JobSettings s;
  s.out = out;
  s.mode = mode;
  s.board_size = 9;
  s.games = games;
  s.parallel = parallel;
  s.seed = 7;
  return s;
}

JobResult run_job(const JobSettings& s, const JobPlayers& p, ResumeInfo* info = nullptr) {
  SelfplayJob job(s, p);
  ResumeInfo i = job.open();
  if (info) *info = i;
  std::atomic<bool> stop{false};
  return job.run(stop);
}

// Every record of the selfplay (or value) shards, in group order.
std::vector<nn::GameRecord> all_records(const std::string& out, const char* kind) {
  std::vector<nn::GameRecord> all;
  for (int64_t g = 0; fs::exists(shard_path(out, kind, g)); ++g)
    for (nn::GameRecord& r : nn::read_shard(shard_path(out, kind, g))) all.push_back(std::move(r));
  return all;
}

std::vector<std::string> sgf_names(const std::string& out) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(out) / "sgf")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SelfplayJob, PolicyGamesGiveWellFormedSgfsAndShards) {
  Nets nets;
  TempDir dir("out");
  JobPlayers players = nets.players();
  players.opponent = NetworkRef{&nets.b, "nets/beta.safetensors", ""};
  const JobResult r = run_job(small_job(dir.str(), Mode::kPolicy, 6, 4), players);
  EXPECT_EQ(r.reason, StopReason::kGames);
  EXPECT_EQ(r.stats.games, 6);
  EXPECT_EQ(r.stats.groups, 2);  // 4 + a partial group of 2
  EXPECT_EQ(nn::read_shard(shard_path(dir.str(), "selfplay", 1)).size(), 2u);

  const std::vector<nn::GameRecord> records = all_records(dir.str(), "selfplay");
  ASSERT_EQ(records.size(), 6u);
  ASSERT_EQ(sgf_names(dir.str()).size(), 6u);
  int64_t moves = 0;
  for (int g = 0; g < 6; ++g) {
    const nn::GameRecord& rec = records[g];
    moves += static_cast<int64_t>(rec.moves.size());
    Game replayed;
    EXPECT_FALSE(nn::replay_record(rec, static_cast<int>(rec.moves.size()), replayed, true)) << "game " << g;
    EXPECT_TRUE(replayed.is_over() || rec.winner == 0);

    const std::string text = read_text(sgf_path(dir.str(), g));
    const SgfParseResult parsed = parse_sgf(text, "game.sgf");
    ASSERT_FALSE(parsed.error) << parsed.error->to_string();
    ASSERT_EQ(parsed.games.size(), 1u);
    const SgfGame& sgf = parsed.games[0];
    Game game;
    ASSERT_FALSE(replay_sgf(sgf, game, GameRules{})) << "game " << g;
    EXPECT_EQ(sgf.size, 9);
    EXPECT_EQ(*sgf.komi, 7.5);
    ASSERT_EQ(sgf.moves.size(), rec.moves.size());
    for (size_t m = 0; m < rec.moves.size(); ++m) EXPECT_EQ(nn::encode_move(sgf.moves[m]), rec.moves[m]);
    EXPECT_EQ(nn::winner_from_result(sgf.result), rec.winner) << sgf.result;
    const int area = game.area_score() > 0 ? 1 : -1;
    if (rec.winner != 0) {
      EXPECT_EQ(area, rec.winner);
    }
    // With an opponent the colours alternate by game number.
    EXPECT_EQ(sgf.black_name, g % 2 == 0 ? "alpha" : "beta");
    EXPECT_EQ(sgf.white_name, g % 2 == 0 ? "beta" : "alpha");
  }
  EXPECT_EQ(r.stats.moves, moves);
  EXPECT_EQ(r.stats.black_wins + r.stats.white_wins + r.stats.void_games, 6);
  const std::string stats = read_text(dir.str() + "/stats.json");
  EXPECT_NE(stats.find("\"games\": 6"), std::string::npos) << stats;
  EXPECT_TRUE(fs::exists(dir.str() + "/job.json"));
}

TEST(SelfplayJob, InterruptedJobResumesWithTheSameGames) {
  Nets nets;
  TempDir whole("whole"), parts("parts"), grown("grown");
  const JobResult ref = run_job(small_job(whole.str(), Mode::kPolicy, 10, 4), nets.players());
  ASSERT_EQ(ref.stats.games, 10);

  {  // Stopped a few steps into the second group: the first group stays, the second is abandoned.
    SelfplayJob job(small_job(parts.str(), Mode::kPolicy, 10, 4), nets.players());
    job.open();
    std::atomic<bool> stop{false};
    int steps_in_second_group = 0;
    const JobResult r = job.run(stop, [&](const JobProgress& p) {
      if (p.run_games >= 4 && ++steps_in_second_group == 5) stop.store(true);
    });
    EXPECT_EQ(r.reason, StopReason::kStopped);
    EXPECT_EQ(r.stats.games, 4);
  }
  EXPECT_EQ(sgf_names(parts.str()).size(), 4u);
  // What a kill during the second group's writes would leave: some SGFs, a temporary file.
  std::ofstream(sgf_path(parts.str(), 5)) << "(;GM[1]SZ[9])";
  std::ofstream(shard_path(parts.str(), "selfplay", 1) + ".tmp-12345") << "partial";
  ResumeInfo info;
  const JobResult rest = run_job(small_job(parts.str(), Mode::kPolicy, 10, 4), nets.players(), &info);
  EXPECT_FALSE(info.created);
  EXPECT_EQ(info.groups_done, 1);
  EXPECT_EQ(info.games_done, 4);
  EXPECT_EQ(info.removed_files, 2);
  EXPECT_EQ(rest.run_games, 6);
  EXPECT_EQ(rest.stats.games, 10);

  // A job grown from 6 to 10 games plays the same games too (groups 4, 2; then the short group is
  // played again whole, 4, and the last 2).
  run_job(small_job(grown.str(), Mode::kPolicy, 6, 4), nets.players());
  run_job(small_job(grown.str(), Mode::kPolicy, 10, 4), nets.players());

  auto ids = [](const std::string& out) {
    std::vector<uint64_t> v;
    for (const nn::GameRecord& r : all_records(out, "selfplay")) v.push_back(r.id);
    return v;
  };
  const std::vector<uint64_t> expected = ids(whole.str());
  EXPECT_EQ(std::set<uint64_t>(expected.begin(), expected.end()).size(), 10u);  // no duplicates
  EXPECT_EQ(ids(parts.str()), expected);
  EXPECT_EQ(ids(grown.str()), expected);
  EXPECT_EQ(sgf_names(parts.str()), sgf_names(whole.str()));
  for (int g = 0; g < 10; ++g) EXPECT_EQ(read_text(sgf_path(parts.str(), g)), read_text(sgf_path(whole.str(), g)));
  for (const std::string& name : sgf_names(parts.str())) EXPECT_EQ(name.find(".tmp"), std::string::npos);
}

// Chi-square of counts against a uniform expectation.
double chi_square(const std::vector<int>& counts) {
  double total = 0, chi = 0;
  for (int c : counts) total += c;
  const double expected = total / static_cast<double>(counts.size());
  for (int c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

TEST(SelfplayJob, ValueMoveNumbersAreUniform) {
  std::vector<int> counts(20, 0);
  for (int64_t g = 0; g < 20000; ++g) {
    const int u = value_move_number(3, g, 20);
    ASSERT_GE(u, 1);
    ASSERT_LE(u, 20);
    ++counts[u - 1];
  }
  // 19 degrees of freedom: P(chi2 > 50) ~ 1e-4. U always max_u would give 380000.
  EXPECT_LT(chi_square(counts), 50.0);
  int same = 0;  // another job seed draws other Us
  for (int64_t g = 0; g < 1000; ++g) same += value_move_number(3, g, 450) == value_move_number(4, g, 450);
  EXPECT_LT(same, 20);
}

TEST(SelfplayJob, ValueModeKeepsOnePositionPerGameAtItsU) {
  Nets nets;
  TempDir dir("value");
  JobSettings s = small_job(dir.str(), Mode::kValue, 120, 60);
  s.max_u = 20;
  const JobResult r = run_job(s, nets.players());
  const std::vector<nn::GameRecord> games = all_records(dir.str(), "selfplay");
  const std::vector<nn::GameRecord> values = all_records(dir.str(), "value");
  ASSERT_EQ(games.size(), 120u);
  std::vector<int> bins(5, 0);  // U in 1..4, 5..8, ...: 24 expected per bin
  size_t v = 0;
  for (int g = 0; g < 120; ++g) {
    const int u = value_move_number(s.seed, g, s.max_u);
    const nn::GameRecord& game = games[g];
    if (static_cast<int>(game.moves.size()) < u || game.winner == 0) continue;  // no position
    ASSERT_LT(v, values.size());
    const nn::GameRecord& pos = values[v++];
    ASSERT_EQ(static_cast<int>(pos.moves.size()), u) << "game " << g;
    EXPECT_TRUE(std::equal(pos.moves.begin(), pos.moves.end(), game.moves.begin()));
    EXPECT_EQ(pos.winner, game.winner);
    Game replayed;
    EXPECT_FALSE(nn::replay_record(pos, u, replayed, true));
    ++bins[(u - 1) / 4];
    EXPECT_NE(read_text(sgf_path(dir.str(), g)).find("C[random move " + std::to_string(u) + ":"), std::string::npos);
  }
  EXPECT_EQ(v, values.size());  // exactly one per kept game, none extra
  EXPECT_GE(v, 100u);           // 9x9 games are longer than 20 moves
  EXPECT_EQ(r.stats.value_positions, static_cast<int64_t>(v));
  EXPECT_EQ(r.stats.value_skipped, 120 - static_cast<int64_t>(v));
  // 4 degrees of freedom: P(chi2 > 25) ~ 5e-5; U always max_u would give 4 x (v - v/5)^2/(v/5) ~ 400+.
  EXPECT_LT(chi_square(bins), 25.0);
}

TEST(SelfplayJob, ValueGamesEndingBeforeUAreSkipped) {
  Nets nets;
  TempDir dir("late");
  JobSettings s = small_job(dir.str(), Mode::kValue, 30, 30);
  s.max_u = 400;  // beyond most 9x9 games (capped at 243 moves)
  const JobResult r = run_job(s, nets.players());
  int expected_kept = 0;
  const std::vector<nn::GameRecord> games = all_records(dir.str(), "selfplay");
  for (int g = 0; g < 30; ++g)
    if (static_cast<int>(games[g].moves.size()) >= value_move_number(s.seed, g, s.max_u) && games[g].winner != 0)
      ++expected_kept;
  EXPECT_EQ(r.stats.value_positions, expected_kept);
  EXPECT_EQ(r.stats.value_skipped, 30 - expected_kept);
  EXPECT_GT(r.stats.value_skipped, 0);
}

TEST(SelfplayJob, RefusesAFolderOfAnotherJob) {
  Nets nets;
  TempDir dir("mismatch");
  run_job(small_job(dir.str(), Mode::kPolicy, 2, 2), nets.players());
  JobSettings other = small_job(dir.str(), Mode::kPolicy, 2, 2);
  other.seed = 8;
  other.komi = 6.5;
  SelfplayJob job(other, nets.players());
  try {
    job.open();
    FAIL() << "a job with another seed continued";
  } catch (const JobError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("seed: the job has 7, this run 8"), std::string::npos) << what;
    EXPECT_NE(what.find("komi"), std::string::npos) << what;
  }
  // Another network is another job too; more games and more hours are not.
  JobPlayers swapped = nets.players();
  swapped.policy = NetworkRef{&nets.b, "nets/beta.safetensors", ""};
  EXPECT_THROW(SelfplayJob(small_job(dir.str(), Mode::kPolicy, 2, 2), swapped).open(), JobError);
  JobSettings more = small_job(dir.str(), Mode::kPolicy, 4, 2);
  more.hours = 3;
  EXPECT_EQ(run_job(more, nets.players()).stats.games, 4);
}

TEST(SelfplayJob, HoursStopAfterTheGroupInProgress) {
  Nets nets;
  TempDir dir("hours");
  JobSettings s = small_job(dir.str(), Mode::kPolicy, 0, 3);  // no game limit
  s.hours = 1e-9;
  const JobResult r = run_job(s, nets.players());
  EXPECT_EQ(r.reason, StopReason::kHours);
  EXPECT_EQ(r.run_games, 3);  // the first group is always played to its end
}

TEST(SelfplayJob, OneProcessPerFolder) {
  Nets nets;
  TempDir dir("lock");
  SelfplayJob first(small_job(dir.str(), Mode::kPolicy, 2, 2), nets.players());
  first.open();
  SelfplayJob second(small_job(dir.str(), Mode::kPolicy, 2, 2), nets.players());
  EXPECT_THROW(second.open(), JobError);
}

// A fleet (--worker K/N) sharing one folder writes exactly the files of one process: every game once,
// byte for byte, value shards included; a worker stopped mid-job and run again finishes its share.
TEST(SelfplayJob, AFleetWritesTheGamesOfOneProcessEachOnce) {
  TempDir whole("fleet-whole"), fleet("fleet");
  {
    Nets nets;
    run_job(small_job(whole.str(), Mode::kValue, 11, 2), nets.players());  // groups of 2, the last of 1
  }
  auto worker = [&](int k, bool stop_early) {
    Nets nets;  // each worker its own networks, as in its own process
    JobSettings s = small_job(fleet.str(), Mode::kValue, 11, 2);
    s.worker = k;
    s.workers = 3;
    SelfplayJob job(s, nets.players());
    job.open();
    std::atomic<bool> stop{false};
    return job.run(stop, [&](const JobProgress& p) {
      if (stop_early && p.run_games >= 2) stop.store(true);
    });
  };
  const JobResult first = worker(1, /*stop_early=*/true);  // groups 1 (games 2-3); stopped before group 4
  EXPECT_EQ(first.run_games, 2);
  std::vector<std::thread> others;
  for (int k : {0, 2}) others.emplace_back([&, k] { worker(k, false); });
  for (std::thread& t : others) t.join();
  const JobResult rest = worker(1, false);  // group 4 (games 8-9)
  EXPECT_EQ(rest.run_games, 2);
  EXPECT_EQ(rest.reason, StopReason::kGames);
  for (const char* kind : {"selfplay", "value"}) {
    std::vector<uint64_t> a, b;
    for (const nn::GameRecord& r : all_records(whole.str(), kind)) a.push_back(r.id);
    for (const nn::GameRecord& r : all_records(fleet.str(), kind)) b.push_back(r.id);
    EXPECT_EQ(b, a) << kind;
  }
  ASSERT_EQ(sgf_names(fleet.str()), sgf_names(whole.str()));
  EXPECT_EQ(sgf_names(fleet.str()).size(), 11u);
  for (int g = 0; g < 11; ++g) EXPECT_EQ(read_text(sgf_path(fleet.str(), g)), read_text(sgf_path(whole.str(), g)));
  // One process on the finished folder finds nothing left to play.
  Nets nets;
  EXPECT_EQ(run_job(small_job(fleet.str(), Mode::kValue, 11, 2), nets.players()).run_games, 0);
}

TEST(SelfplayJob, FleetWorkersShareTheFolderButNotTheirShare) {
  Nets nets;
  TempDir dir("fleet-lock");
  auto settings = [&](int k, int n) {
    JobSettings s = small_job(dir.str(), Mode::kPolicy, 4, 2);
    s.worker = k;
    s.workers = n;
    return s;
  };
  SelfplayJob zero(settings(0, 2), nets.players());
  zero.open();
  SelfplayJob one(settings(1, 2), nets.players());
  EXPECT_NO_THROW(one.open());
  SelfplayJob zero_again(settings(0, 2), nets.players());
  EXPECT_THROW(zero_again.open(), JobError);
  SelfplayJob alone(settings(0, 1), nets.players());
  EXPECT_THROW(alone.open(), JobError);
  EXPECT_THROW(SelfplayJob(settings(2, 2), nets.players()), std::invalid_argument);
}

TEST(SelfplayJob, RejectsNetworksOfAnotherSize) {
  nn::FakeEvaluator big({19, true, true, 1, {}});
  JobPlayers p;
  p.policy = NetworkRef{&big, "big.safetensors", ""};
  EXPECT_THROW(SelfplayJob(small_job("/tmp/unused", Mode::kPolicy, 1, 1), p), std::invalid_argument);
}

TEST(SelfplayJob, SearchGamesAreWellFormedAndRepeatable) {
  Nets nets;
  TempDir one("one"), two("two");
  JobSettings s = small_job(one.str(), Mode::kSearch, 2, 2);
  s.visits = 8;
  s.threads = 2;
  s.search.expansion_threshold = 2;
  const JobResult r = run_job(s, nets.players());
  EXPECT_EQ(r.stats.games, 2);
  const std::vector<nn::GameRecord> records = all_records(one.str(), "selfplay");
  ASSERT_EQ(records.size(), 2u);
  for (int g = 0; g < 2; ++g) {
    const SgfParseResult parsed = parse_sgf(read_text(sgf_path(one.str(), g)), "game.sgf");
    ASSERT_FALSE(parsed.error);
    Game game;
    ASSERT_FALSE(replay_sgf(parsed.games[0], game, GameRules{}));
    EXPECT_EQ(nn::winner_from_result(parsed.games[0].result), records[g].winner);
    EXPECT_EQ(parsed.games[0].black_name, "search(alpha, 8 visits)");
    EXPECT_GT(records[g].moves.size(), 40u);  // played out, not passed early
  }
  // One thread instead of two plays the same games (threads is not a defining setting).
  s.out = two.str();
  s.threads = 1;
  run_job(s, nets.players());
  const std::vector<nn::GameRecord> again = all_records(two.str(), "selfplay");
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].id, records[0].id);
  EXPECT_EQ(again[1].id, records[1].id);
}

// With an --opponent the --policy network is Black in even-numbered games: its wins are counted
// from the game number and the winner.
TEST(JobStats, AlternatingWinsFollowTheGameNumber) {
  JobStats st;
  nn::GameRecord r;
  r.moves = {0};
  for (int winner : {+1, +1, -1, +1, 0, -1}) {
    r.winner = static_cast<int8_t>(winner);
    st.add_game(r, st.games);
  }
  // game 0 B won (policy Black: win), 1 B won (policy White: loss), 2 W won (policy Black: loss),
  // 3 B won (policy White: loss), 4 void, 5 W won (policy White: win).
  EXPECT_EQ(st.alternating_wins, 2);
  EXPECT_EQ(st.black_wins, 3);
  EXPECT_EQ(st.white_wins, 2);
  EXPECT_EQ(st.void_games, 1);
  EXPECT_EQ(st.games, 6);
}

}  // namespace
}  // namespace tengen::selfplay
