// Whole-file reads with a size cap. Game records and GTP's `loadsgf` are read into memory whole; a
// path such as /dev/zero, a FIFO that never ends or a huge file must give an error naming the limit,
// not exhaust memory. Standard library only. Thread-safety: a free function.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace tengen {

// The most an SGF file (one game or a collection) may hold: the largest KGS/pro collections are a
// few MiB; 64 MiB leaves room and bounds memory.
constexpr size_t kMaxSgfFileBytes = size_t{64} << 20;

// The file's bytes, or nullopt with *error set: "cannot open: <reason>", "read error", or
// "larger than the 64 MiB limit" (reading stops at the limit, so /dev/zero answers at once).
std::optional<std::string> read_file_capped(const std::string& path, size_t max_bytes, std::string* error);

// "64 MiB", "512 KiB", "100 bytes": a limit as people read it.
std::string size_text(size_t bytes);

}  // namespace tengen
