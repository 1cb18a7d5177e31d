// DatasetBuilder: game records (SGF texts, Tygem archive folders) in, train/validation shards and a
// manifest out — the library half of `tengen dataset build` (docs/DATA.md).
//
// Each game is parsed, checked and either kept or skipped for one reason, tested in this order:
//   Tygem Kifu lines only (io/tygem_source.h): "malformed game line", "truncated line",
//                              "no index line", "move count mismatch"
//   "parse error"              the SGF text is malformed (one count per text that fails, as sgf check)
//   "wrong size"               the board is not options.size (also rectangles and sizes outside 5..19)
//   "too short"                fewer than options.min_moves moves (passes count as moves)
//   value filters, when on (data/game_filters.h): "handicap", "komi out of range",
//                              "undecided result", "rank below minimum"
//   "too long"                 more than 65535 moves or set-up stones (the shard format's limit)
//   "non-alternating colours"  two consecutive moves of one colour: moves are missing from the record
//   "bad set-up"               a set-up stone on an occupied point or without liberty
//   "illegal move"             a move illegal under options.rules (simple ko by default: records of
//                              Japanese-rules games may legally repeat a position)
//   "duplicate"                the same id (size, set-up and move sequence) as a game kept earlier;
//                              the first one read (and not filtered out) is kept
// A kept game goes to validation when id % 1000 < val_per_mille, else to training. The id depends
// only on the game, so the split does not depend on the order or grouping of the inputs, and a game
// is in one split only.
// Inputs: a folder holding Kifu/ and index/ is read as a Tygem archive (io/tygem_source.h); every
// other path through io::for_each_sgf. An SGF text (file or archive member) or Tygem folder whose
// name matches an options.exclude glob is not read (counted in files_excluded).
// Errors: an unreadable SGF input is an input error (the command then writes nothing); an
// unreadable Tygem file is counted and named (summary.tygem, problem_examples) and reading goes on,
// since the published Tygem snapshot itself lacks 61 files.
// write() sorts each split by id before cutting it into shards, so the shards are the same bytes
// whatever the input order (only the first-kept copy's komi/result can differ between duplicates).
// All kept games are held in memory (compact: ~0.5 KB per game) until write().
// Thread-safety: none; one builder per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "data/dataset.h"
#include "data/game_filters.h"
#include "io/sgf_source.h"
#include "io/tygem_source.h"

namespace tengen::nn {

struct BuildOptions {
  int size = 19;             // board size kept
  int min_moves = 20;        // games with fewer moves are skipped
  int val_per_mille = 20;    // validation share, 0..1000
  int shard_games = 10000;   // games per shard (the last shard of a split holds the rest)
  bool positional_superko = false;  // rules for the legality check; false = simple ko only
  int compression_level = 10;       // zstd level of the shards
  GameFilters filters;              // value-data filters (all off by default)
  std::vector<std::string> exclude; // fnmatch globs on input names ('*' also matches '/')
  std::string validate() const;     // "" when fine, else what is wrong
};

struct SplitCounts {
  int64_t games = 0;
  int64_t moves = 0;      // every move, passes included
  int64_t positions = 0;  // stone moves: the training positions (the loader's index)
};

struct ShardInfo {
  std::string file;   // name inside the output folder
  std::string split;  // "train" / "val"
  int64_t games = 0, positions = 0, moves = 0, bytes = 0;
};

struct BuildSummary {
  int64_t files = 0, bytes = 0;  // SGF texts and Tygem Kifu/index texts, and their bytes
  int64_t games_read = 0;        // game trees, plus one per text that failed to parse and per Tygem
                                 // Kifu line that gave no game
  int64_t input_errors = 0;      // unreadable files, corrupt archives
  std::vector<std::string> input_error_messages;  // "name: message"
  SplitCounts train, val;
  std::map<std::string, int64_t> skipped;  // reason -> games (reasons above)
  int64_t files_excluded = 0;              // SGF texts and Tygem folders matched by options.exclude
  int64_t tygem_folders = 0;               // Tygem archive folders read
  io::TygemStats tygem;                    // their counts (skipped lines are in `skipped` too)
  // The first kMaxProblemExamples messages of each Tygem problem kind and skip reason ("where: what").
  std::map<std::string, std::vector<std::string>> problem_examples;
  std::vector<ShardInfo> shards;           // filled by write()
  int64_t used() const { return train.games + val.games; }
  int64_t skipped_total() const;
};

// The skip reasons every build tests (SGF checks and duplicates), in the order they are tested.
const std::vector<std::string>& skip_reasons();
constexpr size_t kMaxProblemExamples = 10;

class DatasetBuilder {
 public:
  explicit DatasetBuilder(BuildOptions options);

  // Every game tree of one SGF text. `name` is for messages.
  void add_text(const std::string& name, std::string_view text);
  // Every game under the paths: Tygem folders (io::for_each_tygem_game) and SGF files, folders and
  // archives (io::for_each_sgf). `after_text` runs after each SGF text and each Tygem line (progress),
  // `on_error` on each unreadable SGF input (also counted in the summary). Remembers the paths for
  // the manifest.
  void add_inputs(const std::vector<std::string>& paths, const std::function<void()>& after_text = {},
                  const io::ErrorVisitor& on_error = {});

  // Writes `<split>-NNNNN.tgd.zst` shards and manifest.json into out_dir (created if needed), every
  // file atomically, the manifest last. `date` goes into the manifest (e.g. "2026-11-22T10:00:00Z";
  // empty: the current UTC time). Throws DatasetError on a write failure.
  const BuildSummary& write(const std::string& out_dir, const std::string& date = "");

  const BuildSummary& summary() const { return summary_; }
  const BuildOptions& options() const { return options_; }
  // The skip reasons this build tests, in order: Tygem reasons when a Tygem folder was read, the
  // filters that are on, and skip_reasons() (the printed summary and the manifest list these).
  std::vector<std::string> reasons() const;
  // The kept games of each split, in the order they were read.
  const std::vector<GameRecord>& train_games() const { return train_; }
  const std::vector<GameRecord>& val_games() const { return val_; }

  static bool is_validation(uint64_t id, int val_per_mille) { return static_cast<int>(id % 1000) < val_per_mille; }

 private:
  void add_game(const SgfGame& game);
  void add_tygem(const std::string& folder, const std::function<void()>& after_game);
  void add_sgf_input(const std::string& path, const std::function<void()>& after_text, const io::ErrorVisitor& on_error);
  bool excluded(const std::string& name);
  void note_problem(const std::string& kind, const std::string& message);
  void skip(const std::string& reason) { ++summary_.skipped[reason]; }

  BuildOptions options_;
  BuildSummary summary_;
  std::vector<std::string> inputs_;
  std::unordered_set<uint64_t> seen_ids_;
  std::vector<GameRecord> train_, val_;
};

// The shard files listed in <dir>/manifest.json for a split ("train" or "val"), as full paths.
// Throws DatasetError when the manifest is missing or malformed.
std::vector<std::string> manifest_shards(const std::string& dir, const std::string& split);

}  // namespace tengen::nn
