// What every `tengen train ...` command does when its trainer returns: plot RUN/curves.png from
// RUN/metrics.csv (a note on stderr when gnuplot cannot), and after an early stop say how to resume.
// Torch-free (the pattern trainer uses it too). Thread-safety: call from one thread.
#pragma once

#include <string>

#include "train/training_curves.h"

namespace tengen::app {

// `where` names the point reached ("step 1200", "iteration 40"). Returns 130 when the run stopped
// early (the checkpoint is saved; the same command resumes), else 0.
int finish_training_run(const std::string& run_dir, const nn::CurveLabels& labels, bool stopped_early,
                        const std::string& where);

// Today's date in UTC, YYYY-MM-DD: the "tengen.train.date" of the weights every trainer writes.
std::string utc_date_today();

}  // namespace tengen::app
