#include "gtp/gtp_protocol.h"

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>

#include <algorithm>

namespace tengen::gtp {

std::optional<Command> parse_command(std::string_view raw) {
  std::string line;
  for (char ch : raw) {
    if (ch == '#') break;
    const unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '\t') line += ' ';
    else if (u >= 32 && u != 127) line += ch;  // drops CR and other control bytes
  }
  std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (words.empty()) return std::nullopt;
  Command cmd;
  auto word = words.begin();
  // An id is plain digits (no sign: SimpleAtoi would take one), at most 9 so that it fits a long.
  const bool is_id = word->size() <= 9 && std::all_of(word->begin(), word->end(), absl::ascii_isdigit);
  long id = 0;
  if (is_id && absl::SimpleAtoi(*word, &id)) {
    cmd.id = id;
    ++word;  // an id alone: an empty command, answered as unknown
  }
  if (word != words.end()) cmd.name = *word++;
  cmd.args.assign(word, words.end());
  return cmd;
}

std::string format_reply(const Command& cmd, bool success, std::string_view text) {
  std::string out(1, success ? '=' : '?');
  if (cmd.id) out += std::to_string(*cmd.id);
  if (!text.empty()) {
    out += ' ';
    out += text;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out += "\n\n";
  return out;
}

}  // namespace tengen::gtp
