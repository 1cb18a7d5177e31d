#include "data/dataset_builder.h"

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

}  // namespace

const std::vector<std::string>& skip_reasons() {
  static const std::vector<std::string> kReasons = {kParseError,  kWrongSize,   kTooShort,  kTooLong,
                                                    kNonAlternating, kBadSetup, kIllegalMove, kDuplicate};
  return kReasons;
}

std::string BuildOptions::validate() const {
  if (size < kMinSize || size > kMaxSize) return "--size must be 5..19";
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

void DatasetBuilder::add_inputs(const std::vector<std::string>& paths, const std::function<void()>& after_text,
                                const io::ErrorVisitor& on_error) {
  inputs_.insert(inputs_.end(), paths.begin(), paths.end());
  io::for_each_sgf(
      paths,
      [&](const std::string& name, std::string_view text) {
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

  nlohmann::ordered_json m;
  m["format"] = "tengen-dataset";
  m["shard_version"] = kShardVersion;
  m["created"] = date.empty() ? utc_now() : date;
  m["inputs"] = inputs_;
  m["options"] = {{"size", options_.size},
                  {"min_moves", options_.min_moves},
                  {"val_per_mille", options_.val_per_mille},
                  {"shard_games", options_.shard_games},
                  {"rules", options_.positional_superko ? "superko" : "simple"}};
  m["files_read"] = summary_.files;
  m["input_errors"] = summary_.input_error_messages;
  m["games_read"] = summary_.games_read;
  m["games_used"] = summary_.used();
  m["train"] = counts_json(summary_.train);
  m["val"] = counts_json(summary_.val);
  nlohmann::ordered_json skipped = nlohmann::ordered_json::object();
  for (const std::string& reason : skip_reasons()) {
    auto it = summary_.skipped.find(reason);
    skipped[reason] = it == summary_.skipped.end() ? 0 : it->second;
  }
  m["skipped"] = skipped;
  m["shards"] = nlohmann::ordered_json::array();
  for (const ShardInfo& s : summary_.shards)
    m["shards"].push_back({{"file", s.file}, {"split", s.split}, {"games", s.games}, {"positions", s.positions},
                           {"moves", s.moves}, {"bytes", s.bytes}});
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
