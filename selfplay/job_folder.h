// The files of a self-play job folder (layout in selfplay_job.h and selfplay/README.md): names,
// job.json (the defining settings, compared on rerun), recovery after an interruption, stats.json.
// Contract: every write is atomic (io::write_file_atomically: temp file, fsync, rename); failures throw
// JobError naming the file. Thread-safety: free functions; one job per folder (the caller locks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "selfplay/selfplay_job.h"

namespace tengen::selfplay {

std::string sgf_path(const std::string& out, int64_t game);                      // OUT/sgf/game-00000012.sgf
std::string shard_path(const std::string& out, const char* kind, int64_t group);  // OUT/shards/<kind>-00003.tgd.zst

// The settings that define the games, as JSON text (limits, threads and file paths left out).
std::string defining_settings_json(const JobSettings& s, const JobPlayers& p);

// Writes OUT/job.json when the folder holds no job yet (returns true); otherwise compares its
// defining settings with these and throws JobError listing each difference ("seed: the job has 1,
// this run 2"). Rewrites the informational part (limits, weights paths) on success.
bool check_or_create_job_json(const JobSettings& s, const JobPlayers& p);

// Done groups: the indices of the selfplay shards present, ascending (a fleet leaves gaps while
// its workers run).
std::vector<int64_t> done_groups(const std::string& out);

// Deletes what unfinished groups of this worker left: for each group g with `unfinished(g)`, its
// SGFs (games g * parallel ...), its shards, and temporary files of those; with `all_temporaries`
// (a job run by one process) every temporary file too. Returns how many files it removed.
int remove_leftovers(const std::string& out, int parallel, const std::function<bool(int64_t)>& unfinished,
                     bool all_temporaries);

// Totals recomputed from the shards of `groups` (value shards only in value mode). Group g's games
// are numbered from g * parallel. `sizes`, when given, receives each group's game count.
JobStats stats_from_shards(const std::string& out, const std::vector<int64_t>& groups, int parallel, bool value_mode,
                           std::vector<int>* sizes = nullptr);
void write_stats_json(const std::string& out, const JobStats& stats);

}  // namespace tengen::selfplay
