// Training metrics as CSV and their curves as a PNG (gnuplot), shared by `tengen train sl` and
// `tengen train rollout`. The CSV has kMetricsCsvHeader's columns; validation columns are empty on
// rows without a validation. Torch-free. Thread-safety: free functions.
#pragma once

#include <string>

namespace tengen::nn {

constexpr const char* kMetricsCsvHeader = "step,lr,train_loss,train_accuracy,val_loss,val_accuracy,positions_per_s,wall_s";

// Writes run_dir/curves.png from run_dir/metrics.csv (x axis labelled `x_label`) with gnuplot;
// returns "" or why it could not (no CSV, gnuplot missing or failing). The PNG appears atomically.
std::string plot_training_curves(const std::string& run_dir, const std::string& x_label = "step");

}  // namespace tengen::nn
