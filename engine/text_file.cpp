#include "engine/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace tengen {

std::string size_text(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (size_t{1} << 10) && bytes % (size_t{1} << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::optional<std::string> read_file_capped(const std::string& path, size_t max_bytes, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) return fail("larger than the " + size_text(max_bytes) + " limit");
  }
  if (in.bad()) return fail("read error");
  return text;
}

}  // namespace tengen

namespace tengen {

LineRead read_line_capped(std::istream& in, std::string& line, size_t max_bytes) {
  line.clear();
  bool any = false, too_long = false;
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    any = true;
    if (c == '\n') break;
    if (line.size() < max_bytes)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
  if (!any) return LineRead::kEnd;
  if (too_long) {
    line.clear();
    return LineRead::kTooLong;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return LineRead::kLine;
}

}  // namespace tengen
