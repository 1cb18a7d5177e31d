// Reading SGF collections as they are published: a single .sgf file, a folder (recursive, sorted by
// path so runs are reproducible) or an archive (.tar.gz, .tgz, .tar.bz2, .tar, .zip) read in place
// through libarchive, never unpacked to disk.
// Contract: for_each_sgf calls `visit` once per .sgf member with its name ("archive.tar.gz:dir/x.sgf")
// and its bytes; an unreadable path or a corrupt archive is reported through `on_error` and the walk
// goes on with the next input. Returning false from `visit` stops the walk.
// Thread-safety: independent calls may run on different threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/archive_members.h"  // ErrorVisitor, is_archive_name

namespace tengen::io {

struct SgfSourceStats {
  int64_t files = 0;        // .sgf texts delivered to visit
  int64_t bytes = 0;
  int64_t input_errors = 0; // unreadable files, corrupt archives
};

using SgfVisitor = std::function<bool(const std::string& name, std::string_view text)>;

SgfSourceStats for_each_sgf(const std::vector<std::string>& paths, const SgfVisitor& visit,
                            const ErrorVisitor& on_error);

}  // namespace tengen::io
