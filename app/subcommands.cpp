#include "app/subcommands.h"

#include <iostream>
#include <string>

namespace tengen::app {

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
