#include "gtp/background_search.h"

#include <ostream>

namespace tengen::gtp {

void BackgroundSearch::set_output(std::ostream* out) {
  std::lock_guard<std::mutex> lock(out_mu_);
  out_ = out;
}

void BackgroundSearch::write(const std::string& text) {
  std::lock_guard<std::mutex> lock(out_mu_);
  if (out_) *out_ << text << std::flush;
}

void BackgroundSearch::emit(const std::string& line) { write(line + "\n"); }

void BackgroundSearch::start(std::function<void(const std::atomic<bool>&)> work, bool streamed) {
  stop();
  stop_.store(false);
  streamed_ = streamed;
  thread_ = std::thread([this, work = std::move(work)] { work(stop_); });
}

void BackgroundSearch::stop() {
  if (!thread_.joinable()) return;
  stop_.store(true);
  thread_.join();
  if (streamed_) write("\n");  // the blank line that ends lz-analyze's reply
}

}  // namespace tengen::gtp
