#include "train/training_curves.h"

#include <cstdlib>
#include <filesystem>

#include "io/atomic_file.h"
#include "data/dataset.h"

namespace fs = std::filesystem;

namespace tengen::nn {

namespace {
// Labels go inside gnuplot's single quotes, where a quote would end the string.
std::string quoted_text(std::string s) {
  for (char& c : s)
    if (c == '\'') c = '`';
  return s;
}
}  // namespace

std::string plot_training_curves(const std::string& run_dir, const CurveLabels& labels) {
  CurveLabels l;
  for (auto [from, to] : {std::pair{&labels.x, &l.x}, {&labels.loss, &l.loss}, {&labels.train_loss, &l.train_loss},
                          {&labels.val_loss, &l.val_loss}, {&labels.accuracy, &l.accuracy},
                          {&labels.train_accuracy, &l.train_accuracy}, {&labels.val_accuracy, &l.val_accuracy}})
    *to = quoted_text(*from);
  const fs::path run(run_dir);
  if (!fs::exists(run / "metrics.csv")) return "no metrics.csv in " + run_dir;
  const fs::path script = run / "curves.gp";
  const std::string csv = (run / "metrics.csv").string();
  io::write_file_atomically(script.string(),
                        "set terminal pngcairo size 1200,500 noenhanced\n"
                        "set output '" + (run / "curves.png.tmp").string() + "'\n"
                        "set datafile separator ','\n"
                        "set key autotitle columnhead\n"
                        "set multiplot layout 1,2 title '" + run_dir + "'\n"
                        "set xlabel '" + l.x + "'\nset ylabel '" + l.loss + "'\nset grid\n"
                        "plot '" + csv + "' using 1:3 with lines title '" + l.train_loss + "', "
                        "'' using 1:5 with linespoints title '" + l.val_loss + "'\n"
                        "set ylabel '" + l.accuracy + "'\n"
                        "plot '" + csv + "' using 1:4 with lines title '" + l.train_accuracy + "', "
                        "'' using 1:6 with linespoints title '" + l.val_accuracy + "'\n"
                        "unset multiplot\n");
  const std::string cmd = "gnuplot '" + script.string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return "gnuplot failed or is not installed (apt-get install gnuplot-nox)";
  std::error_code ec;
  fs::rename(run / "curves.png.tmp", run / "curves.png", ec);
  return ec ? "cannot move curves.png into place: " + ec.message() : "";
}

}  // namespace tengen::nn
