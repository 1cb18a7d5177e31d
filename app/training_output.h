// What the training commands share: the options that size the network (`train sl`, `train value`,
// `bench train`), and what every `tengen train ...` command does when its trainer returns: plot
// RUN/curves.png from RUN/metrics.csv (a note on stderr when gnuplot cannot), and after an early stop
// say how to resume. Torch-free (the pattern trainer uses it too). Thread-safety: call from one thread.
#pragma once

#include <boost/program_options.hpp>

#include <string>

#include "train/training_curves.h"

namespace tengen::app {

// A network preset (nn/network_config.h) and the overrides of its size.
struct NetworkShape {
  std::string preset = "cpu";
  int layers = 0, filters = 0;  // 0: the preset's
  bool custom() const { return layers != 0 || filters != 0; }
};

// --preset, --layers and --filters.
void add_network_shape_options(boost::program_options::options_description& opts, NetworkShape& shape);

// `where` names the point reached ("step 1200", "iteration 40"). Returns 130 when the run stopped
// early (the checkpoint is saved; the same command resumes), else 0.
int finish_training_run(const std::string& run_dir, const nn::CurveLabels& labels, bool stopped_early,
                        const std::string& where);

// Today's date in UTC, YYYY-MM-DD: the "tengen.train.date" of the weights every trainer writes.
std::string utc_date_today();

}  // namespace tengen::app
