// Removing a folder tree (io/remove_tree.h): everything under it goes, a symlink goes without its
// target, a missing path is fine, and a failure names the entry.
#include "io/remove_tree.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/atomic_file.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(RemoveTree, RemovesACheckpointFolderWithEverythingUnderIt) {
  const fs::path root = fresh_dir("tengen_remove_tree");
  const fs::path ckpt = root / "checkpoints" / "step-000004000";
  fs::create_directories(ckpt / "nested" / "deeper");
  for (const char* f : {"model.safetensors", "optimizer.pt", "state.json", "nested/deeper/x"})
    std::ofstream(ckpt / f) << "bytes";
  std::ofstream(root / "checkpoints" / "keep.txt") << "kept";
  remove_tree(ckpt.string());
  EXPECT_FALSE(fs::exists(ckpt));
  EXPECT_TRUE(fs::exists(root / "checkpoints" / "keep.txt"));
}

TEST(RemoveTree, RemovesASymlinkButNotWhatItPointsTo) {
  const fs::path root = fresh_dir("tengen_remove_tree_link");
  fs::create_directories(root / "outside");
  std::ofstream(root / "outside" / "precious") << "data";
  fs::create_directories(root / "doomed");
  fs::create_directory_symlink(root / "outside", root / "doomed" / "link");
  remove_tree((root / "doomed").string());
  EXPECT_FALSE(fs::exists(root / "doomed"));
  EXPECT_TRUE(fs::exists(root / "outside" / "precious"));
}

TEST(RemoveTree, AMissingPathOrAPlainFileIsFine) {
  const fs::path root = fresh_dir("tengen_remove_tree_file");
  EXPECT_NO_THROW(remove_tree((root / "never-made").string()));
  std::ofstream(root / "file") << "x";
  remove_tree((root / "file").string());
  EXPECT_FALSE(fs::exists(root / "file"));
}

TEST(RemoveTree, APathThatCannotBeLookedAtIsAnError) {
  try {
    remove_tree("/dev/null/checkpoint");  // ENOTDIR, also as root
    ADD_FAILURE() << "expected a WriteError";
  } catch (const WriteError& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/null/checkpoint"), std::string::npos) << e.what();
  }
}

TEST(RemoveTree, AFolderThatCannotBeEmptiedIsAnErrorNamingTheEntry) {
  if (::geteuid() == 0) GTEST_SKIP() << "root removes entries of a read-only folder";
  const fs::path root = fresh_dir("tengen_remove_tree_ro");
  fs::create_directories(root / "locked");
  std::ofstream(root / "locked" / "file") << "x";
  ::chmod((root / "locked").c_str(), 0555);
  try {
    remove_tree((root / "locked").string());
    ADD_FAILURE() << "expected a WriteError";
  } catch (const WriteError& e) {
    EXPECT_NE(std::string(e.what()).find("locked/file"), std::string::npos) << e.what();
  }
  ::chmod((root / "locked").c_str(), 0755);
  EXPECT_TRUE(fs::exists(root / "locked" / "file"));
}

}  // namespace
}  // namespace tengen::io
