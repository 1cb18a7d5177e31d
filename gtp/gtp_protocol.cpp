#include "gtp/gtp_protocol.h"

#include <cctype>
#include <sstream>

namespace tengen::gtp {

std::optional<Command> parse_command(std::string_view raw) {
  std::string line;
  for (char ch : raw) {
    if (ch == '#') break;
    const unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '\t') line += ' ';
    else if (u >= 32 && u != 127) line += ch;  // drops CR and other control bytes
  }
  std::istringstream in(line);
  std::string word;
  if (!(in >> word)) return std::nullopt;
  Command cmd;
  if (std::isdigit(static_cast<unsigned char>(word[0]))) {
    bool all_digits = word.size() <= 9;
    for (char ch : word) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(ch));
    if (all_digits) {
      cmd.id = std::stol(word);
      if (!(in >> word)) word.clear();  // an id alone: an empty command, answered as unknown
    }
  }
  cmd.name = word;
  while (in >> word) cmd.args.push_back(word);
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
