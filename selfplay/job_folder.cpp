#include "selfplay/job_folder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "io/atomic_file.h"
#include "data/dataset.h"

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace tengen::selfplay {

namespace {

constexpr int kJobFormat = 1;

json search_json(const mcts::SearchParams& s) {
  return json{{"c_puct", s.c_puct},
              {"policy_temperature", s.policy_temperature},
              {"lambda", s.lambda},
              {"virtual_loss", s.virtual_loss},
              {"expansion_threshold", s.expansion_threshold},
              {"pass_prior", s.pass_prior},
              {"max_rollout_moves", s.max_rollout_moves},
              {"max_nodes", s.max_nodes},
              {"use_value_net", s.use_value_net},
              {"use_policy_net", s.use_policy_net}};
}

json defining(const JobSettings& s, const JobPlayers& p) {
  json d{{"mode", mode_name(s.mode)}, {"seed", s.seed},           {"board_size", s.board_size},
         {"komi", s.komi},            {"parallel", s.parallel},   {"temperature", s.temperature},
         {"max_moves", s.max_moves}};
  // Only the players this mode uses: an unused flag must not make a rerun refuse.
  json players = json::object();
  switch (s.mode) {
    case Mode::kPolicy:
      players["policy"] = p.policy.id();
      players["opponent"] = p.opponent.evaluator ? p.opponent.id() : "";
      break;
    case Mode::kValue:
      d["max_u"] = s.max_u;
      players["sl_policy"] = p.sl_policy.id();
      players["rl_policy"] = p.rl_policy.id();
      break;
    case Mode::kSearch:
      d["visits"] = s.visits;
      d["sample_moves"] = s.sample_moves;
      d["search"] = search_json(s.search);
      players["network"] = p.policy.evaluator ? p.policy.id() : "";
      players["rollout_policy"] = p.rollout_id;
      players["tree_policy"] = p.tree_id;
      break;
  }
  d["players"] = players;
  return d;
}

json informational(const JobSettings& s, const JobPlayers& p) {
  json weights = json::object();
  for (const auto& [role, ref] : {std::pair<const char*, const NetworkRef*>{"policy", &p.policy},
                                  {"opponent", &p.opponent}, {"sl_policy", &p.sl_policy}, {"rl_policy", &p.rl_policy}})
    if (ref->evaluator) weights[role] = ref->weights.empty() ? ref->name() : ref->weights;
  return json{{"limits", {{"games", s.games}, {"hours", s.hours}}}, {"threads", s.threads}, {"weights", weights}};
}

// "a.b: the job has X, this run Y" for every leaf that differs.
void diff(const json& was, const json& now, const std::string& path, std::vector<std::string>& out) {
  if (was.is_object() && now.is_object()) {
    for (const auto& [key, value] : now.items()) {
      const std::string sub = path.empty() ? key : path + "." + key;
      if (!was.contains(key)) out.push_back(sub + ": the job has none, this run " + value.dump());
      else diff(was[key], value, sub, out);
    }
    for (const auto& [key, value] : was.items())
      if (!now.contains(key)) out.push_back((path.empty() ? key : path + "." + key) + ": the job has " + value.dump() + ", this run none");
    return;
  }
  if (was != now) out.push_back(path + ": the job has " + was.dump() + ", this run " + now.dump());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw JobError(path.string() + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_json(const fs::path& path, const json& j) {
  try {
    io::write_file_atomically(path.string(), j.dump(2) + "\n");
  } catch (const nn::DatasetError& e) {
    throw JobError(e.what());
  }
}

// The number in "game-00000012.sgf" / "selfplay-00003.tgd.zst", or -1.
int64_t number_in(const std::string& name, const std::string& prefix, const std::string& suffix) {
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

}  // namespace

std::string sgf_path(const std::string& out, int64_t game) {
  char name[40];
  std::snprintf(name, sizeof name, "game-%08lld.sgf", static_cast<long long>(game));
  return (fs::path(out) / "sgf" / name).string();
}

std::string shard_path(const std::string& out, const char* kind, int64_t group) {
  char name[64];
  std::snprintf(name, sizeof name, "%s-%05lld%s", kind, static_cast<long long>(group), nn::kShardExtension);
  return (fs::path(out) / "shards" / name).string();
}

std::string defining_settings_json(const JobSettings& s, const JobPlayers& p) { return defining(s, p).dump(); }

bool check_or_create_job_json(const JobSettings& s, const JobPlayers& p) {
  const fs::path out(s.out), file = out / "job.json";
  const json now = defining(s, p);
  bool created = false;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    json was;
    try {
      was = json::parse(read_text(file));
    } catch (const json::exception& e) {
      throw JobError(file.string() + ": not a job file (" + e.what() + ")");
    }
    if (!was.contains("defines") || was.value("tengen_selfplay_job", 0) != kJobFormat)
      throw JobError(file.string() + ": not a tengen selfplay job file of format " + std::to_string(kJobFormat));
    std::vector<std::string> differences;
    diff(was["defines"], now, "", differences);
    if (!differences.empty()) {
      std::string msg = s.out + " holds a job with other settings; use them again to continue it, or another --out:";
      for (const std::string& d : differences) msg += "\n  " + d;
      throw JobError(msg);
    }
  } else {
    // Files without a job.json belong to something else: never mix or delete them.
    for (const char* sub : {"sgf", "shards"})
      if (fs::exists(out / sub, ec) && !fs::is_empty(out / sub, ec))
        throw JobError(s.out + ": has " + sub + "/ files but no job.json; not a folder this job can continue");
    created = true;
  }
  json j{{"tengen_selfplay_job", kJobFormat}, {"defines", now}};
  j.update(informational(s, p));
  write_json(file, j);
  return created;
}

std::vector<int64_t> done_groups(const std::string& out) {
  std::vector<int64_t> groups;
  std::error_code ec;
  const fs::path dir = fs::path(out) / "shards";
  if (!fs::is_directory(dir, ec)) return groups;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const int64_t g = number_in(e.path().filename().string(), "selfplay-", nn::kShardExtension);
    if (g >= 0 && e.is_regular_file()) groups.push_back(g);
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

int remove_leftovers(const std::string& out, int parallel, const std::function<bool(int64_t)>& unfinished,
                     bool all_temporaries) {
  // Whether a (non-temporary) file name belongs to an unfinished group of this worker.
  auto stale = [&](const std::string& name) {
    const int64_t game = number_in(name, "game-", ".sgf");
    if (game >= 0) return unfinished(game / parallel);
    for (const char* kind : {"selfplay-", "value-"}) {
      const int64_t g = number_in(name, kind, nn::kShardExtension);
      if (g >= 0) return unfinished(g);
    }
    return false;
  };
  int removed = 0;
  const fs::path root(out);
  for (const fs::path& dir : {root, root / "sgf", root / "shards"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> doomed;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      const size_t tmp = name.find(".tmp");
      const bool doom = tmp == std::string::npos ? stale(name) : all_temporaries || stale(name.substr(0, tmp));
      if (doom && e.is_regular_file()) doomed.push_back(e.path());
    }
    for (const fs::path& f : doomed)
      if (fs::remove(f, ec)) ++removed;
  }
  return removed;
}

JobStats stats_from_shards(const std::string& out, const std::vector<int64_t>& groups, int parallel, bool value_mode,
                           std::vector<int>* sizes) {
  JobStats st;
  st.groups = static_cast<int64_t>(groups.size());
  try {
    for (int64_t g : groups) {
      int64_t number = g * parallel;
      for (const nn::GameRecord& r : nn::read_shard(shard_path(out, "selfplay", g))) st.add_game(r, number++);
      if (sizes) sizes->push_back(static_cast<int>(number - g * parallel));
      if (value_mode) st.value_positions += static_cast<int64_t>(nn::read_shard(shard_path(out, "value", g)).size());
    }
  } catch (const nn::DatasetError& e) {
    throw JobError(std::string("cannot continue the job: ") + e.what());
  }
  if (value_mode) st.value_skipped = st.games - st.value_positions;
  return st;
}

void write_stats_json(const std::string& out, const JobStats& s) {
  write_json(fs::path(out) / "stats.json",
             json{{"groups", s.groups},
                  {"games", s.games},
                  {"black_wins", s.black_wins},
                  {"white_wins", s.white_wins},
                  {"void_games", s.void_games},
                  {"moves", s.moves},
                  {"mean_length", s.mean_length()},
                  {"positions", s.stone_moves},
                  {"value_positions", s.value_positions},
                  {"value_skipped", s.value_skipped},
                  {"alternating_wins", s.alternating_wins}});
}

}  // namespace tengen::selfplay
