#include "nn/training_curves.h"

#include <cstdlib>
#include <filesystem>

#include "nn/dataset.h"

namespace fs = std::filesystem;

namespace tengen::nn {

std::string plot_training_curves(const std::string& run_dir, const std::string& x_label) {
  const fs::path run(run_dir);
  if (!fs::exists(run / "metrics.csv")) return "no metrics.csv in " + run_dir;
  const fs::path script = run / "curves.gp";
  const std::string csv = (run / "metrics.csv").string();
  write_file_atomically(script.string(),
                        "set terminal pngcairo size 1200,500 noenhanced\n"
                        "set output '" + (run / "curves.png.tmp").string() + "'\n"
                        "set datafile separator ','\n"
                        "set key autotitle columnhead\n"
                        "set multiplot layout 1,2 title '" + run_dir + "'\n"
                        "set xlabel '" + x_label + "'\nset ylabel 'loss'\nset grid\n"
                        "plot '" + csv + "' using 1:3 with lines title 'train loss', "
                        "'' using 1:5 with linespoints title 'validation loss'\n"
                        "set ylabel 'top-1 accuracy'\n"
                        "plot '" + csv + "' using 1:4 with lines title 'train accuracy', "
                        "'' using 1:6 with linespoints title 'validation accuracy'\n"
                        "unset multiplot\n");
  const std::string cmd = "gnuplot '" + script.string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return "gnuplot failed or is not installed (apt-get install gnuplot-nox)";
  std::error_code ec;
  fs::rename(run / "curves.png.tmp", run / "curves.png", ec);
  return ec ? "cannot move curves.png into place: " + ec.message() : "";
}

}  // namespace tengen::nn
