// libFuzzer harness: bytes as `tengen gtp`'s config file (`--config FILE`, `name = value` lines) →
// parse_gtp_options (app/gtp_options.h), the code the command runs. Every input must end in an exit
// code (2 with a reason for a bad file) or settings, never an exception or a crash. The bytes go
// through a file because the option parser reads one, as the command does.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "app/gtp_options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/tengen-config-fuzz-" + std::to_string(getpid()) + ".conf";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::string arg0 = "tengen gtp", arg1 = "--config", arg2 = path, arg3 = "--threads", arg4 = "1";
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), arg3.data(), arg4.data(), nullptr};
  tengen::app::GtpOptions options;
  (void)tengen::app::parse_gtp_options(5, argv, options);
  return 0;
}
