// The files of a self-play job folder (layout in selfplay_job.h and selfplay/README.md): names,
// job.json (the defining settings, compared on rerun), recovery after an interruption, stats.json.
// Contract: every write is atomic (io::write_file_atomically: temp file, fsync, rename); failures throw
// JobError naming the file. Thread-safety: free functions; one job per folder (the caller locks).
#pragma once

#include <cstdint>
#include <string>

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

// Done groups: selfplay shards 0, 1, ... present without a gap.
int64_t count_done_groups(const std::string& out);

// Deletes what an unfinished group left: SGFs of games >= first_undone_game, shards of groups >=
// groups_done, and temporary files. Returns how many files it removed.
int remove_leftovers(const std::string& out, int64_t groups_done, int64_t first_undone_game);

// Totals recomputed from the shards of groups 0..groups-1 (value shards only in value mode).
JobStats stats_from_shards(const std::string& out, int64_t groups, bool value_mode);
void write_stats_json(const std::string& out, const JobStats& stats);

}  // namespace tengen::selfplay
