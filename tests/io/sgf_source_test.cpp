// Reading SGF inputs: loose files, folders (recursive, sorted, *.sgf and archives only), .tar.gz and
// .zip archives written here with libarchive, corrupt archives (reported, walk goes on), and the
// shared data archives read in place when they are present.
#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "engine/sgf.h"
#include "engine/text_file.h"
#include "io/sgf_source.h"
#include "testutil/temp_files.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

using testutil::TempDir;
using testutil::write_archive;

std::string game(const char* move) { return std::string("(;GM[1]FF[4]SZ[19];B[") + move + "])"; }

struct Collected {
  std::vector<std::string> names, texts, errors;
  SgfSourceStats stats;
};

Collected collect(const std::vector<std::string>& paths) {
  Collected c;
  c.stats = for_each_sgf(
      paths,
      [&c](const std::string& name, std::string_view text) {
        c.names.push_back(name);
        c.texts.emplace_back(text);
        return true;
      },
      [&c](const std::string& name, const std::string& message) { c.errors.push_back(name + ": " + message); });
  return c;
}

TEST(SgfSource, AnEndlessInputIsAnErrorNotAnOutOfMemory) {
  const Collected c = collect({"/dev/zero"});
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(c.names.empty());
  std::string why;
  EXPECT_FALSE(read_file_capped("/dev/zero", 1 << 20, &why));
  EXPECT_EQ(why, "larger than the 1 MiB limit");
  EXPECT_FALSE(read_file_capped("/nonexistent/x.sgf", 1 << 20, &why));
  EXPECT_EQ(why, "cannot open: No such file or directory");
}

TEST(SgfSource, ArchiveNames) {
  for (const char* yes : {"a.tar.gz", "B.TGZ", "x.tar.bz2", "x.tar.xz", "x.tar", "x.zip", "dir.d/y.Zip"})
    EXPECT_TRUE(is_archive_name(yes)) << yes;
  for (const char* no : {"a.sgf", "a.gz", "tar.gz.txt", "zip", "a.sgf.bak"}) EXPECT_FALSE(is_archive_name(no)) << no;
}

TEST(SgfSource, ReadsASingleFile) {
  TempDir dir;
  std::string path = dir.file("one.sgf", game("aa"));
  Collected c = collect({path});
  EXPECT_EQ(c.names, std::vector<std::string>{path});
  EXPECT_EQ(c.texts[0], game("aa"));
  EXPECT_EQ(c.stats.files, 1);
  EXPECT_EQ(c.stats.bytes, static_cast<int64_t>(game("aa").size()));
  EXPECT_EQ(c.stats.input_errors, 0);
}

TEST(SgfSource, FolderIsWalkedRecursivelyInPathOrderKeepingOnlySgfAndArchives) {
  TempDir dir;
  dir.file("b.sgf", game("bb"));
  dir.file("a/z.SGF", game("cc"));  // the extension is case-insensitive
  dir.file("a/notes.txt", "not a game");
  dir.file("a/deeper/y.sgf", game("dd"));
  dir.file("c.sgf.bak", game("ee"));
  write_archive(dir / "a/games.tar.gz", "tar", {{"k/1.sgf", game("ff")}, {"k/readme.txt", "x"}});
  Collected c = collect({dir.str()});
  EXPECT_TRUE(c.errors.empty());
  std::vector<std::string> want = {dir / "a/deeper/y.sgf", dir / "a/games.tar.gz" + ":k/1.sgf", dir / "a/z.SGF",
                                   dir / "b.sgf"};
  EXPECT_EQ(c.names, want);
  EXPECT_EQ(c.texts[1], game("ff"));
}

TEST(SgfSource, TarGzMembersAreReadInPlace) {
  TempDir dir;
  std::string tgz = dir / "kgs.tar.gz";
  write_archive(tgz, "tar",
                {{"kgs-19-2015/", ""},
                 {"kgs-19-2015/2015-01-01-1.sgf", game("aa")},
                 {"kgs-19-2015/index.html", "<html>"},
                 {"kgs-19-2015/2015-01-01-2.SGF", game("bb")}});
  Collected c = collect({tgz});
  EXPECT_TRUE(c.errors.empty());
  EXPECT_EQ(c.names, (std::vector<std::string>{tgz + ":kgs-19-2015/2015-01-01-1.sgf",
                                               tgz + ":kgs-19-2015/2015-01-01-2.SGF"}));
  EXPECT_EQ(c.texts[1], game("bb"));
  EXPECT_EQ(c.stats.files, 2);
  // Only the archive itself is in the folder: nothing was unpacked.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.str()), fs::directory_iterator()), 1);
}

TEST(SgfSource, ZipMembersAreRead) {
  TempDir dir;
  std::string zip = dir / "games.zip";
  std::string big(100000, ' ');
  big = game("cc") + big;  // compressible, so the zip stores it deflated
  write_archive(zip, "zip", {{"x/1.sgf", game("aa")}, {"x/2.sgf", big}, {"x/", ""}});
  Collected c = collect({zip});
  EXPECT_TRUE(c.errors.empty()) << c.errors[0];
  ASSERT_EQ(c.names.size(), 2u);
  EXPECT_EQ(c.names[0], zip + ":x/1.sgf");
  EXPECT_EQ(c.texts[1], big);
}

TEST(SgfSource, CorruptArchiveIsReportedAndTheWalkGoesOn) {
  TempDir dir;
  std::string good = dir.file("good.sgf", game("aa"));
  std::string garbage = dir.file("garbage.tar.gz", std::string(5000, '\x42'));
  // A real .tar.gz cut in half: the members before the cut may come through, then an error.
  std::string full = dir / "full.tar.gz";
  std::vector<std::pair<std::string, std::string>> members;
  std::mt19937 rng(3);
  for (int i = 0; i < 40; ++i) {
    std::string noise(3000, ' ');
    for (char& ch : noise) ch = static_cast<char>('a' + rng() % 26);  // barely compressible
    members.push_back({"g/" + std::to_string(i) + ".sgf", game("aa") + noise});
  }
  write_archive(full, "tar", members);
  std::string bytes;
  {
    std::ifstream in(full, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string truncated = dir.file("truncated.tar.gz", bytes.substr(0, bytes.size() / 2));
  Collected c = collect({garbage, truncated, dir / "missing.sgf", good});
  ASSERT_EQ(c.errors.size(), 3u);
  EXPECT_NE(c.errors[0].find(garbage), std::string::npos);
  EXPECT_NE(c.errors[1].find("truncated.tar.gz"), std::string::npos) << c.errors[1];
  EXPECT_NE(c.errors[1].find("corrupt or truncated"), std::string::npos) << c.errors[1];
  EXPECT_EQ(c.errors[2], dir / "missing.sgf" + ": no such file or directory");
  EXPECT_EQ(c.stats.input_errors, 3);
  ASSERT_FALSE(c.names.empty());
  EXPECT_EQ(c.names.back(), good);  // read after the failures
  EXPECT_LT(c.names.size(), 41u);
  for (size_t i = 0; i + 1 < c.names.size(); ++i) EXPECT_EQ(c.texts[i], members[i].second);  // whole members only
}

TEST(SgfSource, VisitorCanStopTheWalk) {
  TempDir dir;
  dir.file("1.sgf", game("aa"));
  dir.file("2.sgf", game("bb"));
  dir.file("3.sgf", game("cc"));
  int seen = 0;
  SgfSourceStats s = for_each_sgf(
      {dir.str()}, [&seen](const std::string&, std::string_view) { return ++seen < 2; },
      [](const std::string&, const std::string&) {});
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(s.files, 2);
}

TEST(SgfSource, ReadsTheSharedKgsArchiveInPlace) {
  const std::string path = std::string(TENGEN_SHARED_DATA) + "/kgs/KGS-2001-19-2298-.tar.gz";
  if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
  int parsed = 0;
  std::vector<std::string> errors;
  for_each_sgf(
      {path},
      [&](const std::string& name, std::string_view text) {
        EXPECT_EQ(name.rfind(path + ":KGS2001/", 0), 0u) << name;
        SgfParseResult r = parse_sgf(text, name);
        EXPECT_FALSE(r.error) << r.error->to_string();
        return ++parsed < 300;
      },
      [&](const std::string& name, const std::string& message) { errors.push_back(message); });
  EXPECT_EQ(parsed, 300);
  EXPECT_TRUE(errors.empty());
}

}  // namespace
}  // namespace tengen::io
