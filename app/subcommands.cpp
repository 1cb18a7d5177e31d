#include "app/subcommands.h"

#include <absl/strings/ascii.h>

#include <iostream>
#include <string>

namespace tengen::app {

bool has_option_placeholder(std::string_view text) {
  for (size_t open = text.find('%'); open != std::string_view::npos; open = text.find('%', open + 1)) {
    size_t end = open + 1;
    while (end < text.size() && (absl::ascii_isalnum(text[end]) || text[end] == '_')) ++end;
    if (end > open + 1 && end < text.size() && text[end] == '%') return true;
  }
  return false;
}

int dispatch_subcommand(int argc, char** argv, const char* usage, std::initializer_list<SubcommandEntry> entries) {
  if (argc < 2) {
    std::cerr << usage;
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::cout << usage;
    return 0;
  }
  for (const SubcommandEntry& e : entries) {
    if (cmd == e.name) {
      std::string full = std::string(argv[0]) + " " + cmd;
      argv[1] = full.data();
      return e.run(argc - 1, argv + 1);
    }
  }
  std::cerr << argv[0] << ": unknown command '" << cmd << "'\n\n" << usage;
  return 2;
}

}  // namespace tengen::app
