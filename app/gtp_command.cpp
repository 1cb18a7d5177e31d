// `tengen gtp`: the GTP engine on stdin/stdout, for GUIs and match runners. The composition root of
// play: it loads the shipped networks (or those given), puts the policy/value network behind a
// batching evaluator, and hands them to the GTP engine's search player.
#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "app/gtp_options.h"
#include "app/search_networks_loader.h"
#include "gtp/gtp_session.h"

namespace tengen::app {

int run_gtp(int argc, char** argv) {
  GtpOptions o;
  if (const int code = parse_gtp_options(argc, argv, o); code >= 0) return code;
  gtp::GtpSettings& s = o.s;
  gtp::PlayerSettings& p = o.p;
  mcts::SearchNetworks parts;
  try {
    std::string summary;
    parts = load_search_networks(o.networks, p.threads, &summary);
    if (!o.quiet)
      std::cerr << "tengen gtp: " << summary << ", " << p.threads << " threads, " << p.seconds_per_move
                << " s per move\n";
  } catch (const std::exception& e) {
    std::cerr << "tengen gtp: " << e.what() << "\n";
    return 1;
  }
  std::ofstream log;
  if (!o.log_file.empty()) {
    log.open(o.log_file, std::ios::app);
    if (!log) {
      std::cerr << "tengen gtp: cannot open the log file " << o.log_file << "\n";
      return 1;
    }
  }
  std::ostream* log_stream = o.quiet ? nullptr : (o.log_file.empty() ? &std::cerr : static_cast<std::ostream*>(&log));
  gtp::GtpSession session(s, parts, p, log_stream);
  return session.run(std::cin, std::cout);
}

}  // namespace tengen::app
