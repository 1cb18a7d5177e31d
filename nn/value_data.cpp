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

}  // namespace tengen::nn
