// Atomic, durable writes (io/atomic_file.h): the new bytes replace the old whole, no temporary is
// left behind, and a failure names the file and leaves the old one as it was.
#include "io/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicFile, ReplacesTheFileWholeAndLeavesNoTemporary) {
  const fs::path dir = fs::path(::testing::TempDir()) / "tengen_atomic_file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "state.json").string();
  write_file_atomically(path, "first");
  EXPECT_EQ(read(path), "first");
  const std::string big(3 << 20, 'x');  // several write() calls
  write_file_atomically(path, big);
  EXPECT_EQ(read(path), big);
  write_file_atomically(path, "");
  EXPECT_EQ(read(path), "");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(entries, 1);
  EXPECT_NO_THROW(sync_folder(dir.string()));
}

TEST(AtomicFile, AFailureNamesTheFileAndKeepsTheOldOne) {
  const std::string missing = "/nonexistent-tengen-folder/weights.safetensors";
  try {
    write_file_atomically(missing, "bytes");
    ADD_FAILURE() << "no error";
  } catch (const WriteError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(missing + ": cannot create", 0), 0u) << e.what();
  }
  // A target that is a folder cannot be replaced by a file: the rename fails, the folder stays.
  const fs::path dir = fs::path(::testing::TempDir()) / "tengen_atomic_file_dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "target");
  EXPECT_THROW(write_file_atomically((dir / "target").string(), "x"), WriteError);
  EXPECT_TRUE(fs::is_directory(dir / "target"));
  int entries = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++entries;
  EXPECT_EQ(entries, 1);  // no temporary left behind
  EXPECT_THROW(sync_folder("/nonexistent-tengen-folder"), WriteError);
}

}  // namespace
}  // namespace tengen::io
