#include "app/eval_source.h"

#include <iostream>

#include "app/weights_locator.h"

namespace tengen::app {

namespace po = boost::program_options;

void add_eval_source_options(po::options_description& opts, EvalSource& source, const char* weights_help) {
  opts.add_options()("weights", po::value<std::string>(&source.weights), weights_help)(
      "games", po::value<std::vector<std::string>>(&source.games)->multitoken(), "SGF files, folders or archives")(
      "data", po::value<std::string>(&source.data), "instead of --games: a `tengen dataset build` folder")(
      "split", po::value<std::string>(&source.split)->default_value("val"), "with --data: val or train");
}

int complete_eval_source(EvalSource& source, const char* command, const char* shipped_file) {
  if (source.games.empty() == source.data.empty()) {
    std::cerr << command << ": give either --games or --data (see --help)\n";
    return 2;
  }
  try {
    if (source.weights.empty()) source.weights = require_shipped_weights(shipped_file, "--weights");
  } catch (const WeightsNotFound& e) {
    std::cerr << command << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tengen::app
