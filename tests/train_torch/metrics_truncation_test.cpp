// metrics.csv after a kill: rows beyond the checkpoint resumed from, and a row torn in mid-write, are
// dropped, so a resumed run writes every step once (tests/cli/kill_torture_test.py found a step
// written twice by a run killed before its first checkpoint).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "train/torch/checkpoints.h"

namespace tengen::nn {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TruncateMetrics, KeepsTheRowsUpToTheCheckpointAndDropsATornRow) {
  const std::string csv = (std::filesystem::temp_directory_path() / "tengen-truncate-metrics.csv").string();
  std::ofstream(csv) << "step,lr,train_loss\n4,0.01,5.8\n8,0.01,5.7\n12,0.01,5.6\n16,0.0";
  truncate_metrics(csv, 8);
  EXPECT_EQ(read(csv), "step,lr,train_loss\n4,0.01,5.8\n8,0.01,5.7\n");
  std::ofstream(csv, std::ios::app) << "1x,0.01,5.5\n,0.01,5.5\n";
  truncate_metrics(csv, 0);  // a fresh start over a run killed before its first checkpoint
  EXPECT_EQ(read(csv), "step,lr,train_loss\n");
  std::filesystem::remove(csv);
  truncate_metrics(csv, 4);  // no file: nothing made
  EXPECT_FALSE(std::filesystem::exists(csv));
}

}  // namespace
}  // namespace tengen::nn
