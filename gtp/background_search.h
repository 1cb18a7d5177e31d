// BackgroundSearch: a GTP session's one background search thread (pondering, lz-/kata-analyze) and the
// session's output, which that thread and the command loop share. The loop writes replies with
// write(); the thread writes info lines with emit(); both under one lock, so lines never interleave.
// stop() ends the running search (joining its thread) and, for a streamed reply, writes the blank
// line that ends it. Thread-safety: start/stop/set_output from the command loop's thread (or the
// worker it runs a genmove on and joins: one at a time); emit and write from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

namespace tengen::gtp {

class BackgroundSearch {
 public:
  BackgroundSearch() = default;
  ~BackgroundSearch() { stop(); }
  BackgroundSearch(const BackgroundSearch&) = delete;
  BackgroundSearch& operator=(const BackgroundSearch&) = delete;

  // The session's stream (null: no session, e.g. one command handled alone).
  void set_output(std::ostream* out);
  bool has_output() const { return out_ != nullptr; }
  void write(const std::string& text);  // as is, flushed
  void emit(const std::string& line);   // the line and "\n", flushed

  // Runs `work(stop_flag)` on the thread until stop(). `streamed`: stop() then ends the reply with
  // a blank line (analysis); pondering writes nothing.
  void start(std::function<void(const std::atomic<bool>&)> work, bool streamed);
  void stop();

 private:
  std::ostream* out_ = nullptr;
  std::mutex out_mu_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  bool streamed_ = false;
};

}  // namespace tengen::gtp
