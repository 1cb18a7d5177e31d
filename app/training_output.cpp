#include "app/training_output.h"

#include <ctime>
#include <iostream>

namespace tengen::app {

int finish_training_run(const std::string& run_dir, const nn::CurveLabels& labels, bool stopped_early,
                        const std::string& where) {
  const std::string plot = nn::plot_training_curves(run_dir, labels);
  if (!plot.empty()) std::cerr << "note: no curves.png: " << plot << "\n";
  if (!stopped_early) return 0;
  std::cerr << "stopped at " << where << " (checkpoint saved); run the same command to resume\n";
  return 130;
}

std::string utc_date_today() {
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  return date;
}

void add_network_shape_options(boost::program_options::options_description& opts, NetworkShape& shape) {
  namespace po = boost::program_options;
  opts.add_options()("preset", po::value<std::string>(&shape.preset)->default_value("cpu"),
                     "network preset: cpu, cpu-large or alphago")(
      "layers", po::value<int>(&shape.layers)->default_value(0), "override the preset's layer count")(
      "filters", po::value<int>(&shape.filters)->default_value(0), "override the preset's filter count");
}

}  // namespace tengen::app
