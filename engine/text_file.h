// Whole-file reads with a size cap. Game records and GTP's `loadsgf` are read into memory whole; a
// path such as /dev/zero, a FIFO that never ends or a huge file must give an error naming the limit,
// not exhaust memory. Standard library only. Thread-safety: a free function.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

namespace tengen {

// The most an SGF file (one game or a collection) may hold: the largest KGS/pro collections are a
// few MiB; 64 MiB leaves room and bounds memory.
constexpr size_t kMaxSgfFileBytes = size_t{64} << 20;

// The file's bytes, or nullopt with *error set: "cannot open: <reason>", "read error", or
// "larger than the 64 MiB limit" (reading stops at the limit, so /dev/zero answers at once).
std::optional<std::string> read_file_capped(const std::string& path, size_t max_bytes, std::string* error);

// One line of a line protocol (GTP, the JSON analysis engine), without its '\n' (and a '\r' before
// it). kTooLong: more than max_bytes before the end of the line — the rest of that line is read and
// thrown away, so the next call starts on the next line and memory stays bounded. kEnd: nothing
// left (a last line without '\n' still comes back as kLine first).
enum class LineRead { kLine, kTooLong, kEnd };
LineRead read_line_capped(std::istream& in, std::string& line, size_t max_bytes);

// "64 MiB", "512 KiB", "100 bytes": a limit as people read it.
std::string size_text(size_t bytes);

}  // namespace tengen
