// One progress line on stderr for the long commands (train, selfplay, train rollout): on a terminal a
// line rewritten in place ("\r", then clear to the end of the line) at most every `tty_every`
// seconds; in a log, a plain line at most every `log_every` seconds, so logs stay readable.
// Milestones (a validation, the last line) are always shown and stay on their own line.
// Thread-safety: one per command, used from one thread.
#pragma once

#include <chrono>
#include <string>

namespace tengen::app {

class ProgressLine {
 public:
  explicit ProgressLine(double log_every_seconds, double tty_every_seconds = 0);
  // Whether a show() now would print (callers may skip building the text).
  bool due(bool milestone = false) const;
  void show(const std::string& text, bool milestone = false);
  // Ends a line left open on a terminal (call before printing anything else).
  void finish();
  bool tty() const { return tty_; }

 private:
  bool tty_;
  double log_every_, tty_every_;
  bool open_ = false;  // a rewritten line is on the terminal without its newline
  std::chrono::steady_clock::time_point last_;
};

}  // namespace tengen::app
