#include "data/dataset_builder.h"

#include <fnmatch.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/atomic_file.h"

namespace tengen::nn {

namespace fs = std::filesystem;

namespace {

const char* const kParseError = "parse error";
const char* const kWrongSize = "wrong size";
const char* const kTooShort = "too short";
const char* const kTooLong = "too long";
const char* const kNonAlternating = "non-alternating colours";
const char* const kBadSetup = "bad set-up";
const char* const kIllegalMove = "illegal move";
const char* const kDuplicate = "duplicate";

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string shard_name(const std::string& split, size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%05zu", index);
  return split + buf + kShardExtension;
}

void count_game(SplitCounts& c, const GameRecord& r) {
  ++c.games;
  c.moves += static_cast<int64_t>(r.moves.size());
  c.positions += r.stone_moves();
}

nlohmann::ordered_json counts_json(const SplitCounts& c) {
  return {{"games", c.games}, {"moves", c.moves}, {"positions", c.positions}};
}

nlohmann::ordered_json tygem_json(const io::TygemStats& t) {
  return {{"kifu_files", t.kifu_files},
          {"index_files", t.index_files},
          {"kifu_lines", t.kifu_lines},
          {"games_joined", t.games},
          {"index_records", t.index_records},
          {"index_without_game", t.index_without_game},
          {"unreadable_files", t.unreadable_files},
          {"malformed_index_lines", t.malformed_index_lines},
          {"duplicate_index_records", t.duplicate_index_records}};
}

}  // namespace

const std::vector<std::string>& skip_reasons() {
  static const std::vector<std::string> kReasons = {kParseError,  kWrongSize,   kTooShort,  kTooLong,
                                                    kNonAlternating, kBadSetup, kIllegalMove, kDuplicate};
  return kReasons;
}

std::string BuildOptions::validate() const {
  if (size < kMinSize || size > kMaxSize) return "--size must be 5..19";
  if (const std::string f = filters.validate(); !f.empty()) return f;
  if (min_moves < 0) return "--min-moves must be 0 or more";
  if (val_per_mille < 0 || val_per_mille > 1000) return "--val-per-mille must be 0..1000";
  if (shard_games < 1) return "--shard-games must be at least 1";
  if (compression_level < 1 || compression_level > 19) return "the zstd level must be 1..19";
  return "";
}

int64_t BuildSummary::skipped_total() const {
  int64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

DatasetBuilder::DatasetBuilder(BuildOptions options) : options_(std::move(options)) {
  const std::string problem = options_.validate();
  if (!problem.empty()) throw DatasetError("dataset options: " + problem);
}

void DatasetBuilder::add_text(const std::string& name, std::string_view text) {
  ++summary_.files;
  summary_.bytes += static_cast<int64_t>(text.size());
  SgfParseResult parsed = parse_sgf(text, name);
  for (const SgfGame& game : parsed.games) add_game(game);
  if (parsed.error) {  // the malformed rest of the text counts as one game, as in `sgf check`
    ++summary_.games_read;
    skip(kParseError);
  }
}

void DatasetBuilder::add_game(const SgfGame& game) {
  ++summary_.games_read;
  if (game.size != options_.size) return skip(kWrongSize);
  if (static_cast<int64_t>(game.moves.size()) < options_.min_moves) return skip(kTooShort);
  if (const char* reason = filtered_out(options_.filters, game)) return skip(reason);
  if (game.moves.size() > 0xffff || game.setup.size() > 0xffff) return skip(kTooLong);
  absl::StatusOr<GameRecord> record = record_from_sgf(game);
  if (!record.ok()) return skip(kIllegalMove);  // only a move or stone off the board is left to fail here
  if (!colours_alternate(*record)) return skip(kNonAlternating);
  Game replayed;
  MoveError error = MoveError::kNone;
  if (replay_record(*record, static_cast<int>(record->moves.size()), replayed, options_.positional_superko, &error))
    return skip(error == MoveError::kNone ? kBadSetup : kIllegalMove);
  if (!seen_ids_.insert(record->id).second) return skip(kDuplicate);
  const bool val = is_validation(record->id, options_.val_per_mille);
  count_game(val ? summary_.val : summary_.train, *record);
  (val ? val_ : train_).push_back(std::move(*record));
}

std::vector<std::string> DatasetBuilder::reasons() const {
  std::vector<std::string> out;
  if (summary_.tygem_folders > 0) out = io::tygem_skip_reasons();
  const std::vector<std::string>& base = skip_reasons();
  out.insert(out.end(), base.begin(), base.begin() + 3);  // parse error, wrong size, too short
  const GameFilters& f = options_.filters;
  const bool on[] = {f.no_handicap, f.komi_range, f.decided_only, f.min_rank != kNoMinRank};
  for (size_t i = 0; i < filter_reasons().size(); ++i)
    if (on[i]) out.push_back(filter_reasons()[i]);
  out.insert(out.end(), base.begin() + 3, base.end());
  return out;
}

bool DatasetBuilder::excluded(const std::string& name) {
  for (const std::string& glob : options_.exclude) {
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) {
      ++summary_.files_excluded;
      return true;
    }
  }
  return false;
}

void DatasetBuilder::note_problem(const std::string& kind, const std::string& message) {
  std::vector<std::string>& examples = summary_.problem_examples[kind];
  if (examples.size() < kMaxProblemExamples) examples.push_back(message);
}

void DatasetBuilder::add_tygem(const std::string& folder, const std::function<void()>& after_game) {
  const std::vector<std::string>& line_reasons = io::tygem_skip_reasons();
  const io::TygemStats stats = io::for_each_tygem_game(
      folder,
      [&](const std::string&, const SgfGame& game) {
        add_game(game);
        if (after_game) after_game();
      },
      [&](const std::string& kind, const std::string& where, const std::string& message) {
        note_problem(kind, where + ": " + message);
        if (std::find(line_reasons.begin(), line_reasons.end(), kind) == line_reasons.end()) return;
        ++summary_.games_read;  // a Kifu line that gave no game is a game read and skipped
        skip(kind);
        if (after_game) after_game();
      });
  ++summary_.tygem_folders;
  summary_.tygem += stats;
  summary_.files += stats.kifu_files + stats.index_files;
  summary_.bytes += stats.bytes;
}

void DatasetBuilder::add_sgf_input(const std::string& path, const std::function<void()>& after_text,
                                   const io::ErrorVisitor& on_error) {
  io::for_each_sgf(
      {path},
      [&](const std::string& name, std::string_view text) {
        if (excluded(name)) return true;
        add_text(name, text);
        if (after_text) after_text();
        return true;
      },
      [&](const std::string& name, const std::string& message) {
        ++summary_.input_errors;
        summary_.input_error_messages.push_back(name + ": " + message);
        if (on_error) on_error(name, message);
      });
}

void DatasetBuilder::add_inputs(const std::vector<std::string>& paths, const std::function<void()>& after_text,
                                const io::ErrorVisitor& on_error) {
  inputs_.insert(inputs_.end(), paths.begin(), paths.end());
  for (const std::string& path : paths) {
    if (!io::is_tygem_folder(path)) add_sgf_input(path, after_text, on_error);
    else if (!excluded(path)) add_tygem(path, after_text);
  }
}

namespace {

nlohmann::ordered_json options_json(const BuildOptions& o) {
  const GameFilters& f = o.filters;
  using J = nlohmann::ordered_json;
  return {{"size", o.size},
          {"min_moves", o.min_moves},
          {"val_per_mille", o.val_per_mille},
          {"shard_games", o.shard_games},
          {"rules", o.positional_superko ? "superko" : "simple"},
          {"no_handicap", f.no_handicap},
          {"komi_range", f.komi_range ? J::array({f.komi_min, f.komi_max}) : J(nullptr)},
          {"decided_only", f.decided_only},
          {"min_rank", f.min_rank != kNoMinRank ? J(f.min_rank) : J(nullptr)},
          {"exclude", o.exclude}};
}

nlohmann::ordered_json manifest_json(const BuildOptions& options, const BuildSummary& summary,
                                     const std::vector<std::string>& inputs, const std::vector<std::string>& reasons,
                                     const std::string& date) {
  nlohmann::ordered_json m;
  m["format"] = "tengen-dataset";
  m["shard_version"] = kShardVersion;
  m["created"] = date;
  m["inputs"] = inputs;
  m["options"] = options_json(options);
  m["files_read"] = summary.files;
  m["files_excluded"] = summary.files_excluded;
  m["input_errors"] = summary.input_error_messages;
  m["games_read"] = summary.games_read;
  m["games_used"] = summary.used();
  m["train"] = counts_json(summary.train);
  m["val"] = counts_json(summary.val);
  nlohmann::ordered_json skipped = nlohmann::ordered_json::object();
  for (const std::string& reason : reasons) {
    auto it = summary.skipped.find(reason);
    skipped[reason] = it == summary.skipped.end() ? 0 : it->second;
  }
  m["skipped"] = skipped;
  if (summary.tygem_folders > 0) m["tygem"] = tygem_json(summary.tygem);
  m["shards"] = nlohmann::ordered_json::array();
  for (const ShardInfo& s : summary.shards)
    m["shards"].push_back({{"file", s.file}, {"split", s.split}, {"games", s.games}, {"positions", s.positions},
                           {"moves", s.moves}, {"bytes", s.bytes}});
  return m;
}

}  // namespace

const BuildSummary& DatasetBuilder::write(const std::string& out_dir, const std::string& date) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec || !fs::is_directory(out_dir)) throw DatasetError(out_dir + ": cannot create the output folder: " + ec.message());
  summary_.shards.clear();
  for (const auto& [split, games] : {std::pair<std::string, std::vector<GameRecord>*>{"train", &train_},
                                     std::pair<std::string, std::vector<GameRecord>*>{"val", &val_}}) {
    // Sorted by id: the shards do not depend on input order, and each shard is a random mix of sources.
    std::vector<const GameRecord*> order;
    order.reserve(games->size());
    for (const GameRecord& r : *games) order.push_back(&r);
    std::sort(order.begin(), order.end(), [](const GameRecord* a, const GameRecord* b) { return a->id < b->id; });
    const size_t per_shard = static_cast<size_t>(options_.shard_games);
    for (size_t first = 0, index = 0; first < order.size(); first += per_shard, ++index) {
      std::vector<GameRecord> chunk;
      ShardInfo info;
      info.split = split;
      info.file = shard_name(split, index);
      for (size_t i = first; i < std::min(order.size(), first + per_shard); ++i) {
        chunk.push_back(*order[i]);
        ++info.games;
        info.moves += static_cast<int64_t>(order[i]->moves.size());
        info.positions += order[i]->stone_moves();
      }
      const std::string path = (fs::path(out_dir) / info.file).string();
      write_shard(path, chunk, options_.compression_level);
      info.bytes = static_cast<int64_t>(fs::file_size(path, ec));
      summary_.shards.push_back(info);
    }
  }

  const nlohmann::ordered_json m =
      manifest_json(options_, summary_, inputs_, reasons(), date.empty() ? utc_now() : date);
  io::write_file_atomically((fs::path(out_dir) / "manifest.json").string(), m.dump(2) + "\n");
  return summary_;
}

std::vector<std::string> manifest_shards(const std::string& dir, const std::string& split) {
  const std::string path = (fs::path(dir) / "manifest.json").string();
  std::ifstream in(path);
  if (!in) throw DatasetError(path + ": cannot open (is " + dir + " a folder written by `tengen dataset build`?)");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json m = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (m.is_discarded() || !m.is_object() || !m.contains("shards") || !m["shards"].is_array())
    throw DatasetError(path + ": not a dataset manifest (no \"shards\" list)");
  std::vector<std::string> files;
  for (const nlohmann::json& s : m["shards"]) {
    if (!s.is_object() || !s.contains("file") || !s["file"].is_string() || !s.contains("split") || !s["split"].is_string())
      throw DatasetError(path + ": malformed shard entry " + s.dump());
    const std::string file = s["file"].get<std::string>();
    // Names only: a manifest must not point outside its folder.
    if (file.find('/') != std::string::npos || file == ".." || file.empty())
      throw DatasetError(path + ": bad shard file name '" + file + "'");
    if (s["split"].get<std::string>() == split) files.push_back((fs::path(dir) / file).string());
  }
  return files;
}

}  // namespace tengen::nn
