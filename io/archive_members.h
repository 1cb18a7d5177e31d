// The regular files inside one archive (.tar.gz, .tgz, .tar.bz2, .tar, .zip, ...), streamed through
// libarchive one member at a time, never unpacked to disk. Shared by the SGF reader (io/sgf_source.h)
// and the Tygem reader (io/tygem_source.h), so archive errors are handled in one place.
// Contract: for_each_member calls `visit` with "archive:member" and the member's bytes for each
// regular member that `want` accepts; every problem is reported once through `on_error` with the
// archive's or the member's name: an archive that cannot be opened, a member over max_bytes or one
// that cannot be decoded (skipped; the next member is read), a corrupt stream (the rest of that
// archive is given up). Never throws on bad input. Returning false from `visit` stops the walk.
// Thread-safety: independent calls may run on different threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace tengen::io {

using ErrorVisitor = std::function<void(const std::string& name, const std::string& message)>;
using MemberFilter = std::function<bool(std::string_view member)>;
using MemberVisitor = std::function<bool(const std::string& name, std::string_view bytes)>;

struct MemberWalk {
  int64_t members = 0;  // regular members accepted by `want`, delivered or not
  bool stopped = false; // `visit` returned false
};

MemberWalk for_each_member(const std::string& path, int64_t max_bytes, const MemberFilter& want,
                           const MemberVisitor& visit, const ErrorVisitor& on_error);

// True for the archive file names libarchive is asked to read (by suffix, case-insensitive).
bool is_archive_name(std::string_view path);
// True when `s` ends with `suffix`, ASCII letters compared without case (file-name suffix tests).
bool ends_with_ignoring_case(std::string_view s, std::string_view suffix);

}  // namespace tengen::io
