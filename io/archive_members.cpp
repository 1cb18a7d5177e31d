// Streams archive members (contract in io/archive_members.h). Moved out of io/sgf_source.cpp so the
// SGF and Tygem readers share one libarchive loop: a 30 MB tar.gz is read with one member in memory.
#include "io/archive_members.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <iterator>
#include <memory>

#include "engine/text_file.h"

namespace tengen::io {
namespace {

std::string message(archive* a) {
  const char* m = archive_error_string(a);
  return m ? m : "unknown libarchive error";
}

enum class DataRead { kOk, kMemberError, kStreamError, kTooLarge };

// The current member's bytes into `text` (cleared first), stopping just past max_bytes.
DataRead read_data(archive* a, int64_t max_bytes, std::string& text) {
  text.clear();
  char buf[1 << 16];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    text.append(buf, static_cast<size_t>(n));
    if (static_cast<int64_t>(text.size()) > max_bytes) return DataRead::kTooLarge;
  }
  if (n == ARCHIVE_FAILED) return DataRead::kMemberError;  // this member only (e.g. an unsupported zip method)
  if (n < 0) return DataRead::kStreamError;  // after a stream error the rest of the archive cannot be read
  return DataRead::kOk;
}

}  // namespace

bool ends_with_ignoring_case(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::string_view tail = s.substr(s.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [&](char a, char b) { return lower(a) == lower(b); });
}

bool is_archive_name(std::string_view path) {
  static const char* const kSuffixes[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz",
                                          ".txz", ".tar.zst", ".zip", ".7z"};
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes),
                     [path](const char* s) { return ends_with_ignoring_case(path, s); });
}

MemberWalk for_each_member(const std::string& path, int64_t max_bytes, const MemberFilter& want,
                           const MemberVisitor& visit, const ErrorVisitor& on_error) {
  MemberWalk walk;
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    on_error(path, "cannot open archive: " + message(a.get()));
    return walk;
  }
  const std::string too_large = "member larger than the " + size_text(static_cast<size_t>(max_bytes)) + " limit; skipped";
  int64_t headers = 0;
  std::string text;
  while (!walk.stopped) {
    archive_entry* entry = nullptr;
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {  // FAILED, RETRY, FATAL: the stream cannot be trusted
      on_error(path, "corrupt or truncated archive after " + std::to_string(headers) + " members: " + message(a.get()));
      break;
    }
    ++headers;
    const char* raw_name = archive_entry_pathname(entry);
    const std::string member = raw_name ? raw_name : "";
    if (archive_entry_filetype(entry) != AE_IFREG || !want(member)) continue;
    ++walk.members;
    const std::string name = path + ":" + member;
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > max_bytes) {
      on_error(name, too_large);
      continue;
    }
    const DataRead read = read_data(a.get(), max_bytes, text);
    if (read == DataRead::kTooLarge) on_error(name, too_large);
    if (read == DataRead::kMemberError) on_error(name, "cannot read member: " + message(a.get()));
    if (read == DataRead::kStreamError) {
      on_error(name, "corrupt or truncated archive: " + message(a.get()));
      break;
    }
    if (read == DataRead::kOk && !visit(name, text)) walk.stopped = true;
  }
  return walk;
}

}  // namespace tengen::io
