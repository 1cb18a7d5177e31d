// Walks SGF inputs (contract in io/sgf_source.h). Archives are streamed member by member through
// libarchive, so a 30 MB tar.gz of 70,000 games is read in place with one member in memory at a time.
// Errors never stop the walk: each one is reported once and the next input (or, for a directory,
// the next file in it) is read.
#include "io/sgf_source.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include "engine/text_file.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

// A member larger than this is not a game record; skipping it bounds memory on hostile archives.
constexpr int64_t kMaxMemberBytes = static_cast<int64_t>(kMaxSgfFileBytes);

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_sgf_name(std::string_view path) { return ends_with(lower(path), ".sgf"); }

std::string message(archive* a) {
  const char* m = archive_error_string(a);
  return m ? m : "unknown libarchive error";
}

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
    std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(a.get());
    archive_read_support_format_all(a.get());
    if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
      error(path, "cannot open archive: " + message(a.get()));
      return;
    }
    int64_t members = 0;
    std::string text;
    while (!stopped) {
      archive_entry* entry = nullptr;
      int r = archive_read_next_header(a.get(), &entry);
      if (r == ARCHIVE_EOF) break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {  // FAILED, RETRY, FATAL: the stream cannot be trusted
        error(path, "corrupt or truncated archive after " + std::to_string(members) +
                        " members: " + message(a.get()));
        return;
      }
      ++members;
      const char* raw_name = archive_entry_pathname(entry);
      std::string member = raw_name ? raw_name : "";
      if (archive_entry_filetype(entry) != AE_IFREG || !is_sgf_name(member)) continue;
      const std::string name = path + ":" + member;
      if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > kMaxMemberBytes) {
        error(name, "member too large for a game record; skipped");
        continue;
      }
      text.clear();
      char buf[1 << 16];
      la_ssize_t n;
      while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
        text.append(buf, static_cast<size_t>(n));
        if (static_cast<int64_t>(text.size()) > kMaxMemberBytes) break;
      }
      if (n == ARCHIVE_FAILED) {  // this member only (e.g. an unsupported zip method)
        error(name, "cannot read member: " + message(a.get()));
        continue;
      }
      if (n < 0) {
        error(name, "corrupt or truncated archive: " + message(a.get()));
        return;  // after a stream error the rest of a compressed archive cannot be read
      }
      if (static_cast<int64_t>(text.size()) > kMaxMemberBytes) {
        error(name, "member too large for a game record; skipped");
        continue;
      }
      deliver(name, text);
    }
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

bool is_archive_name(std::string_view path) {
  static const char* const kSuffixes[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz",
                                          ".txz", ".tar.zst", ".zip", ".7z"};
  const std::string l = lower(path);
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes), [&l](const char* s) { return ends_with(l, s); });
}

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
