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

bool parse_options_or_help(int argc, char** argv, const boost::program_options::options_description& opts,
                           std::string_view usage, boost::program_options::variables_map* vm) {
  namespace po = boost::program_options;
  po::variables_map local;
  po::variables_map& values = vm ? *vm : local;
  po::store(po::parse_command_line(argc, argv, opts), values);
  if (values.count("help")) {  // before notify: --help needs none of the required options
    std::cout << usage << opts;
    return true;
  }
  po::notify(values);
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
      try {
        return e.run(argc - 1, argv + 1);
      } catch (const boost::program_options::error& error) {  // bad usage: exit code 2
        std::cerr << full << ": " << error.what() << "\nRun `" << full << " --help` for the options.\n";
        return 2;
      }
    }
  }
  std::cerr << argv[0] << ": unknown command '" << cmd << "'\n\n" << usage;
  return 2;
}

}  // namespace tengen::app
