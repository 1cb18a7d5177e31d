// Second-level dispatch for `tengen <command> <subcommand> ...` (sgf check, dataset build, bench board,
// train sl, eval policy): -h/--help prints `usage` and exits 0; a missing or unknown subcommand prints
// it to stderr and exits 2; otherwise argv[0] becomes "tengen <command> <subcommand>" for the
// subcommand's own option parser and --help text.
#pragma once

#include <initializer_list>

namespace tengen::app {

struct SubcommandEntry {
  const char* name;
  int (*run)(int argc, char** argv);
};

int dispatch_subcommand(int argc, char** argv, const char* usage, std::initializer_list<SubcommandEntry> entries);

}  // namespace tengen::app
