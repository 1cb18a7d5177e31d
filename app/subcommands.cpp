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

namespace {
namespace po = boost::program_options;

bool help_or_notify(po::variables_map& values, const po::options_description& opts, std::string_view usage) {
  if (values.count("help")) {  // before notify: --help needs none of the required options
    std::cout << usage << opts;
    return true;
  }
  po::notify(values);
  return false;
}
}  // namespace

// "; did you mean --visits 100?" for "visits=100" or "visits" when `opts` has --visits; "" otherwise.
static std::string flag_suggestion(const std::string& word, const po::options_description& opts) {
  const size_t eq = word.find('=');
  const std::string name = word.substr(0, eq);
  if (name.empty() || !opts.find_nothrow(name, false)) return "";
  return "; did you mean --" + name + (eq == std::string::npos ? "" : " " + word.substr(eq + 1)) + "?";
}

po::parsed_options parse_command_line_without_inputs(int argc, char** argv, const po::options_description& opts) {
  po::parsed_options parsed = po::command_line_parser(argc, argv).options(opts).run();
  for (const po::option& o : parsed.options)
    if (o.position_key >= 0 && !o.value.empty())
      throw po::error("stray word '" + o.value.front() + "': this command takes no inputs, only --options" +
                      flag_suggestion(o.value.front(), opts));
  return parsed;
}

bool parse_options_or_help(int argc, char** argv, const po::options_description& opts, std::string_view usage,
                           po::variables_map* vm) {
  po::variables_map local;
  po::variables_map& values = vm ? *vm : local;
  po::store(parse_command_line_without_inputs(argc, argv, opts), values);
  return help_or_notify(values, opts, usage);
}

bool parse_options_and_inputs_or_help(int argc, char** argv, const po::options_description& opts,
                                      std::string_view usage, std::vector<std::string>* inputs,
                                      po::variables_map* vm) {
  po::options_description all;
  all.add(opts).add_options()("tengen-inputs", po::value<std::vector<std::string>>(inputs));
  po::positional_options_description positional;
  positional.add("tengen-inputs", -1);
  po::variables_map local;
  po::variables_map& values = vm ? *vm : local;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), values);
  return help_or_notify(values, opts, usage);
}

int dispatch_subcommand(int argc, char** argv, std::string_view usage, std::initializer_list<SubcommandEntry> entries) {
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
