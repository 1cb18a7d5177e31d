// The options of `tengen gtp`: the command line and the config file (`--config FILE`, `name = value`
// lines), read into one value. Kept apart from the command so the config-file parser can be fuzzed
// (tests/fuzz/config_fuzzer.cpp). Thread-safety: plain functions over values.
#pragma once

#include <string>

#include "app/search_networks_loader.h"
#include "gtp/gtp_session.h"

namespace tengen::app {

// Everything `tengen gtp`'s options set.
struct GtpOptions {
  gtp::GtpSettings s;
  gtp::PlayerSettings p;
  NetworkChoice networks;
  std::string config, log_file;
  bool quiet = false, reproducible = false;
};

// Reads the command line and the config file into `o`; the command line wins, and the config file's
// values are checked even where a flag overrides them. Returns an exit code (0 after --help, 2 for
// bad usage or an unreadable or out-of-range config file, with the reason on stderr), or -1 to go on.
int parse_gtp_options(int argc, char** argv, GtpOptions& o);

}  // namespace tengen::app
