// Walks SGF inputs (contract in io/sgf_source.h). Archives are streamed member by member
// (io/archive_members.h), so a 30 MB tar.gz of 70,000 games is read in place with one member in memory at a time.
// Errors never stop the walk: each one is reported once and the next input (or, for a directory,
// the next file in it) is read.
#include "io/sgf_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include "engine/text_file.h"
#include "io/archive_members.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

// A member larger than this is not a game record; skipping it bounds memory on hostile archives.
constexpr int64_t kMaxMemberBytes = static_cast<int64_t>(kMaxSgfFileBytes);

bool is_sgf_name(std::string_view path) { return ends_with_ignoring_case(path, ".sgf"); }

struct Walk {
  const SgfVisitor& visit;
  const ErrorVisitor& on_error;
  SgfSourceStats stats;
  bool stopped = false;

  void error(const std::string& name, const std::string& message) {
    ++stats.input_errors;
    on_error(name, message);
  }

  void deliver(const std::string& name, std::string_view text) {
    ++stats.files;
    stats.bytes += static_cast<int64_t>(text.size());
    if (!visit(name, text)) stopped = true;
  }

  void read_plain(const std::string& path) {
    std::string why;
    const std::optional<std::string> text = read_file_capped(path, kMaxSgfFileBytes, &why);
    if (!text) {
      error(path, why + (why.rfind("larger", 0) == 0 ? " for a game record file; skipped" : ""));
      return;
    }
    deliver(path, *text);
  }

  void read_archive(const std::string& path) {
    const MemberWalk walk = for_each_member(
        path, kMaxMemberBytes, [](std::string_view member) { return is_sgf_name(member); },
        [this](const std::string& name, std::string_view text) {
          deliver(name, text);
          return !stopped;
        },
        [this](const std::string& name, const std::string& message) { error(name, message); });
    if (walk.stopped) stopped = true;
  }

  void read_file(const std::string& path) {
    if (is_archive_name(path)) read_archive(path);
    else read_plain(path);
  }

  void read_directory(const std::string& path) {
    // Collect then sort, so the order (and so every derived split) does not depend on the file system.
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      error(path, "cannot read directory: " + ec.message());
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        error(path, "cannot read directory: " + ec.message());
        break;
      }
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      std::string p = it->path().string();
      if (is_sgf_name(p) || is_archive_name(p)) files.push_back(std::move(p));
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      if (stopped) return;
      read_file(f);
    }
  }
};

}  // namespace

SgfSourceStats for_each_sgf(const std::vector<std::string>& paths, const SgfVisitor& visit,
                            const ErrorVisitor& on_error) {
  Walk walk{visit, on_error, {}, false};
  for (const std::string& path : paths) {
    if (walk.stopped) break;
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      walk.error(path, "no such file or directory");
    } else if (fs::is_directory(st)) {
      walk.read_directory(path);
    } else {
      walk.read_file(path);  // a file named explicitly is read whatever its extension
    }
  }
  return walk.stats;
}

}  // namespace tengen::io
