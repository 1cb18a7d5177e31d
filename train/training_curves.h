// Training metrics as CSV and their curves as a PNG (gnuplot), shared by `tengen train sl` and
// `tengen train rollout`. The CSV has kMetricsCsvHeader's columns; validation columns are empty on
// rows without a validation. Torch-free. Thread-safety: free functions.
#pragma once

#include <string>

namespace tengen::nn {

constexpr const char* kMetricsCsvHeader = "step,lr,train_loss,train_accuracy,val_loss,val_accuracy,positions_per_s,wall_s";

// What the columns mean in a given run: the SL policy's defaults; the value and RL trainers
// give their own (MSE and winner named; REINFORCE loss and win rates).
struct CurveLabels {
  std::string x = "step";
  std::string loss = "loss", train_loss = "train loss", val_loss = "validation loss";
  std::string accuracy = "top-1 accuracy", train_accuracy = "train accuracy", val_accuracy = "validation accuracy";
};

// Writes run_dir/curves.png from run_dir/metrics.csv with gnuplot; returns "" or why it could not
// (no CSV, gnuplot missing or failing). The PNG appears atomically.
std::string plot_training_curves(const std::string& run_dir, const CurveLabels& labels = {});

}  // namespace tengen::nn
