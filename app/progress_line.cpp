#include "app/progress_line.h"

#include <unistd.h>

#include <iostream>

namespace tengen::app {

ProgressLine::ProgressLine(double log_every_seconds, double tty_every_seconds)
    : tty_(isatty(STDERR_FILENO) == 1),
      log_every_(log_every_seconds),
      tty_every_(tty_every_seconds),
      last_(std::chrono::steady_clock::now() - std::chrono::hours(24)) {}

bool ProgressLine::due(bool milestone) const {
  const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count();
  return milestone || since >= (tty_ ? tty_every_ : log_every_);
}

void ProgressLine::show(const std::string& text, bool milestone) {
  if (!due(milestone)) return;
  last_ = std::chrono::steady_clock::now();
  if (tty_) {
    std::cerr << "\r" << text << "\033[K" << (milestone ? "\n" : "") << std::flush;
    open_ = !milestone;
  } else {
    std::cerr << text << "\n";
  }
}

void ProgressLine::finish() {
  if (open_) std::cerr << "\n";
  open_ = false;
}

}  // namespace tengen::app
