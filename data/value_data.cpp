#include "data/value_data.h"

#include <algorithm>
#include <filesystem>

#include "data/dataset_builder.h"
#include "engine/hash.h"

namespace fs = std::filesystem;

namespace tengen::nn {

std::vector<std::string> value_shard_files(const std::vector<std::string>& inputs, const std::string& prefix) {
  std::vector<std::string> files;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_regular_file(in, ec)) {
      files.push_back(in);
      continue;
    }
    if (!fs::is_directory(in, ec)) throw DatasetError(in + ": no such file or folder");
    for (const fs::path& dir : {fs::path(in), fs::path(in) / "shards"}) {
      if (!fs::is_directory(dir, ec)) continue;
      for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind(prefix, 0) == 0 && name.size() > 8 &&
            name.compare(name.size() - 8, 8, kShardExtension) == 0)
          files.push_back(e.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty())
    throw DatasetError("no " + prefix + "*.tgd.zst shards found; make them with `tengen selfplay [--value-data] --out DIR`");
  return files;
}

ValueSplit load_value_split(const std::vector<std::string>& files, int val_per_mille) {
  ValueSplit split;
  for (const std::string& f : files)
    for (GameRecord& r : read_shard(f))
      (DatasetBuilder::is_validation(r.id, val_per_mille) ? split.val : split.train).push_back(std::move(r));
  return split;
}

namespace {
uint64_t draw(uint64_t seed, uint64_t id) { return mix64(seed ^ (id * kGoldenGamma)); }
}  // namespace

GameRecord value_record(const GameRecord& g, size_t moves) {
  GameRecord r = g;  // the same game (size, handicap, result, komi, set-up), cut after `moves` moves
  r.moves.resize(moves);
  r.id = game_id(r.size, r.setup, r.moves);
  return r;
}

std::vector<GameRecord> positions_per_game(const std::vector<GameRecord>& games, int per_game, uint64_t seed,
                                           ValueSampleCounts* counts, std::vector<uint32_t>* source) {
  ValueSampleCounts c;
  std::vector<GameRecord> out;
  if (source) source->clear();
  const size_t k_max = static_cast<size_t>(std::max(1, per_game));
  for (size_t gi = 0; gi < games.size(); ++gi) {
    const GameRecord& g = games[gi];
    if (g.winner == 0) {
      ++c.no_result;
      continue;
    }
    if (g.moves.empty()) {
      ++c.no_moves;
      continue;
    }
    ++c.games;
    const size_t moves = g.moves.size(), k_count = std::min(k_max, moves);
    for (size_t k = 0; k < k_count; ++k) {
      // Stretch k holds moves lo+1..hi; stretch 0 of one uses draw(seed, id) as ever.
      const size_t lo = k * moves / k_count, hi = (k + 1) * moves / k_count;
      const uint64_t r = draw(seed + k * 0x632BE59BD9B4E019ull, g.id);
      out.push_back(value_record(g, lo + 1 + r % (hi - lo)));
      if (source) source->push_back(static_cast<uint32_t>(gi));
    }
  }
  c.positions = static_cast<int64_t>(out.size());
  if (counts) *counts = c;
  return out;
}

std::vector<GameRecord> positions_every(const std::vector<GameRecord>& games, int stride, uint64_t seed) {
  std::vector<GameRecord> out;
  const size_t step = static_cast<size_t>(std::max(1, stride));
  for (const GameRecord& g : games) {
    if (g.winner == 0) continue;
    for (size_t m = 1 + draw(seed, g.id) % step; m <= g.moves.size(); m += step) out.push_back(value_record(g, m));
  }
  return out;
}

}  // namespace tengen::nn
