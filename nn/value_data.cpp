#include "nn/value_data.h"

#include <algorithm>
#include <filesystem>

#include "nn/dataset_builder.h"

namespace fs = std::filesystem;

namespace tengen::nn {

std::vector<std::string> value_shard_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_regular_file(in, ec)) {
      files.push_back(in);
      continue;
    }
    if (!fs::is_directory(in, ec)) throw DatasetError(in + ": no such file or folder");
    for (const fs::path dir : {fs::path(in), fs::path(in) / "shards"}) {
      if (!fs::is_directory(dir, ec)) continue;
      for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind("value-", 0) == 0 && name.size() > 8 &&
            name.compare(name.size() - 8, 8, kShardExtension) == 0)
          files.push_back(e.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty())
    throw DatasetError("no value-*.tgd.zst shards found; make them with `tengen selfplay --value-data --out DIR`");
  return files;
}

ValueSplit load_value_split(const std::vector<std::string>& files, int val_per_mille) {
  ValueSplit split;
  for (const std::string& f : files)
    for (GameRecord& r : read_shard(f))
      (DatasetBuilder::is_validation(r.id, val_per_mille) ? split.val : split.train).push_back(std::move(r));
  return split;
}

std::vector<GameRecord> one_position_per_game(const std::vector<GameRecord>& games, uint64_t seed) {
  std::vector<GameRecord> out;
  out.reserve(games.size());
  for (const GameRecord& g : games) {
    if (g.winner == 0 || g.moves.empty()) continue;
    uint64_t z = seed ^ (g.id * 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    GameRecord r = g;
    r.moves.resize(1 + static_cast<size_t>(z % g.moves.size()));
    r.id = game_id(r.size, r.setup, r.moves);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tengen::nn
