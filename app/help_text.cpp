#include "app/help_text.h"

#include <stdexcept>
#include <string>

namespace tengen::app {

namespace {

// A raw string literal in a text file: the help is prose, and reads as prose there.
constexpr std::string_view kHelpTexts =
#include "app/help_texts.txt"
    ;

}  // namespace

std::string_view help_text(std::string_view command) {
  const std::string header = "\n@@ " + std::string(command) + "\n";
  const size_t at = kHelpTexts.find(header);
  if (at == std::string_view::npos) throw std::logic_error("no help text for `" + std::string(command) + "`");
  const size_t start = at + header.size();
  const size_t next = kHelpTexts.find("\n@@ ", start - 1);
  return kHelpTexts.substr(start, (next == std::string_view::npos ? kHelpTexts.size() : next + 1) - start);
}

}  // namespace tengen::app
