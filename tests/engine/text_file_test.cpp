// Capped reads: whole files and protocol lines stay within their limits, and a line over the limit
// is skipped whole so the next read starts on the next line.
#include "engine/text_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tengen {
namespace {

TEST(ReadLineCapped, LinesWithoutTheirEndingsThenTheEnd) {
  std::istringstream in("play b D4\r\n\nlast line without newline");
  std::string line;
  EXPECT_EQ(read_line_capped(in, line, 100), LineRead::kLine);
  EXPECT_EQ(line, "play b D4");
  EXPECT_EQ(read_line_capped(in, line, 100), LineRead::kLine);
  EXPECT_EQ(line, "");
  EXPECT_EQ(read_line_capped(in, line, 100), LineRead::kLine);
  EXPECT_EQ(line, "last line without newline");
  EXPECT_EQ(read_line_capped(in, line, 100), LineRead::kEnd);
}

TEST(ReadLineCapped, ALongLineIsSkippedWholeAndTheNextOneRead) {
  std::istringstream in(std::string(5000, 'x') + "\nshort\n");
  std::string line;
  EXPECT_EQ(read_line_capped(in, line, 64), LineRead::kTooLong);
  EXPECT_TRUE(line.empty());
  EXPECT_EQ(read_line_capped(in, line, 64), LineRead::kLine);
  EXPECT_EQ(line, "short");
  EXPECT_EQ(read_line_capped(in, line, 64), LineRead::kEnd);
}

TEST(ReadFileCapped, DevZeroStopsAtTheLimit) {
  std::string error;
  EXPECT_FALSE(read_file_capped("/dev/zero", 1 << 16, &error).has_value());
  EXPECT_NE(error.find("64 KiB"), std::string::npos) << error;
}

}  // namespace
}  // namespace tengen
