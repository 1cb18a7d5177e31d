// GTP version 2 framing (the protocol's section 3): preprocessing of a raw input line, the optional
// numeric id, the command name and its arguments, and formatting of "=id ..." / "?id ..." replies.
// Pure functions, no state; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tengen::gtp {

struct Command {
  std::optional<long> id;
  std::string name;
  std::vector<std::string> args;
};

// Removes control characters other than HT and LF, turns HT into a space and drops a '#' comment.
// Returns nullopt for a line that is then empty or only whitespace (GTP says: ignore it).
std::optional<Command> parse_command(std::string_view raw_line);

// "=id text\n\n" or "?id text\n\n"; a multi-line text is sent as is.
std::string format_reply(const Command& cmd, bool success, std::string_view text);

}  // namespace tengen::gtp
