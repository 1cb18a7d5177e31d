// `tengen gtp`: the GTP engine on stdin/stdout, for GUIs and match runners.
#include <boost/program_options.hpp>
#include <iostream>

#include "app/commands.h"
#include "app/version.h"
#include "gtp/gtp_engine.h"

namespace po = boost::program_options;

namespace tengen::app {

int run_gtp(int argc, char** argv) {
  gtp::EngineSettings s;
  s.version = kVersion;
  po::options_description opts("Options for `tengen gtp`");
  opts.add_options()("help,h", "this text")(
      "boardsize", po::value<int>(&s.board_size)->default_value(19), "initial board size (5..19)")(
      "komi", po::value<double>(&s.komi)->default_value(7.5), "initial komi");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "tengen gtp: " << e.what() << "\nRun `tengen gtp --help` for the options.\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << "Usage: tengen gtp [options]\n\nSpeaks GTP version 2 on standard input and output. "
                 "Point your GUI (Sabaki, GoGui, Lizzie, qGo) at this command.\nThis version keeps the "
                 "board and the rules (play, undo, handicap, scoring, SGF); move generation (genmove) "
                 "comes with the search.\n\n"
              << opts;
    return 0;
  }
  if (s.board_size < kMinSize || s.board_size > kMaxSize) {
    std::cerr << "tengen gtp: --boardsize " << s.board_size << " is outside 5..19\n";
    return 2;
  }
  gtp::GtpEngine engine(s);
  return engine.run(std::cin, std::cout);
}

}  // namespace tengen::app
