// `tengen weights`: which folders are searched for the shipped networks, which one each network comes
// from, and whether its bytes are the ones that folder's MANIFEST lists (app/weights_locator.h). Exit 0
// when every shipped network is found and checks; 1 otherwise (each problem named on its line).
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "app/commands.h"
#include "app/subcommands.h"
#include "app/weights_locator.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace tengen::app {

namespace {

void print_folders() {
  std::cout << "Folders searched for the shipped networks, in order (the first that holds a file wins):\n";
  if (!std::getenv("TENGEN_WEIGHTS")) std::cout << "  " << std::left << std::setw(22) << "$TENGEN_WEIGHTS" << "(not set)\n";
  for (const WeightsFolder& d : shipped_weights_folders()) {
    std::error_code ec;
    const bool exists = fs::is_directory(d.path, ec);
    const bool manifest = fs::is_regular_file(fs::path(d.path) / "MANIFEST", ec);
    std::cout << "  " << std::left << std::setw(22) << d.source << d.path
              << (!exists ? "  (no such folder)" : manifest ? "  (with MANIFEST)" : "") << "\n";
  }
}

// One line for `net`; false when it is missing or damaged.
bool print_network(const ShippedNetwork& net) {
  std::cout << "  " << std::left << std::setw(33) << net.file;
  try {
    const std::string path = find_shipped_weights(net.file);
    if (path.empty()) {
      std::cout << "NOT FOUND in any folder above\n";
      return false;
    }
    const std::string folder = fs::path(path).parent_path().string();
    std::cout << path << (manifest_sha256(folder, net.file).empty() ? "  (not in MANIFEST: unchecked)" : "  (SHA-256 as MANIFEST)")
              << "\n" << std::string(35, ' ') << net.use << "\n";
    return true;
  } catch (const std::exception& e) {
    std::cout << "DAMAGED: " << e.what() << "\n";
    return false;
  }
}

}  // namespace

int run_weights(int argc, char** argv) {
  po::options_description opts("Options for `tengen weights`");
  opts.add_options()("help,h", "this text");
  if (parse_options_or_help(argc, argv, opts, help_text("tengen weights"))) return 0;
  print_folders();
  std::cout << "Shipped networks:\n";
  bool all_good = true;
  for (const ShippedNetwork& net : kShippedNetworks) all_good = print_network(net) && all_good;
  if (!all_good)
    std::cout << "Some shipped networks are missing or damaged: reinstall them, or set TENGEN_WEIGHTS to a folder "
                 "that holds them (docs/USAGE.md, \"Installing\").\n";
  return all_good ? 0 : 1;
}

}  // namespace tengen::app
