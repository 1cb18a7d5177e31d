// Second-level dispatch for `tengen <command> <subcommand> ...` (sgf check, dataset build, bench board,
// train sl, eval policy): -h/--help prints `usage` and exits 0; a missing or unknown subcommand prints
// it to stderr and exits 2; otherwise argv[0] becomes "tengen <command> <subcommand>" for the
// subcommand's own option parser and --help text. parse_options_or_help is every command's option
// parsing. Stateless; any thread.
#pragma once

#include <boost/program_options.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/help_text.h"

namespace tengen::app {

struct SubcommandEntry {
  const char* name;
  int (*run)(int argc, char** argv);
};

// Whether `text` holds a `%name%` sequence. Boost.Program_options builds its error messages by
// replacing such placeholders (%value%, %original_token%, ...) with the offending text until none is
// left, so an argument or config line containing one never gets its error: the parser loops forever
// (found by tests/fuzz/config_fuzzer.cpp). Such text is refused before it reaches the parser.
bool has_option_placeholder(std::string_view text);

// argv parsed against `opts` for a command that takes no inputs: a word that is no option's ("visits=100")
// throws boost::program_options::error naming it, with the flag it looks like ("--visits 100") — Boost
// alone drops such words, and the command ran on its defaults as if they had been read.
boost::program_options::parsed_options parse_command_line_without_inputs(
    int argc, char** argv, const boost::program_options::options_description& opts);

// Parses argv against `opts` (parse_command_line_without_inputs). With -h/--help: prints `usage`, then the options, to standard output and
// returns true (the caller exits 0). Otherwise stores the values into the variables `opts` binds (and
// into `vm` when given: which flags were given) and returns false. A bad option or value throws
// boost::program_options::error (main exits 2 with its message).
bool parse_options_or_help(int argc, char** argv, const boost::program_options::options_description& opts,
                           std::string_view usage, boost::program_options::variables_map* vm = nullptr);

// As parse_options_or_help, and the words that are no option's (input files and folders) go to `inputs`;
// `vm`, when given, receives the parsed values (for options bound to no variable).
bool parse_options_and_inputs_or_help(int argc, char** argv, const boost::program_options::options_description& opts,
                                      std::string_view usage, std::vector<std::string>* inputs,
                                      boost::program_options::variables_map* vm = nullptr);

// For a command whose options all bind into one struct: `add_options` declares them (captioned with
// the command's name), then parse_options_or_help with the command's help text (app/help_text.h).
template <class Args>
bool parse_args_or_help(int argc, char** argv, std::string_view command,
                        void (*add_options)(boost::program_options::options_description&, Args&), Args& args) {
  boost::program_options::options_description opts("Options for `" + std::string(command) + "`");
  add_options(opts, args);
  return parse_options_or_help(argc, argv, opts, help_text(command));
}

int dispatch_subcommand(int argc, char** argv, std::string_view usage, std::initializer_list<SubcommandEntry> entries);

}  // namespace tengen::app
