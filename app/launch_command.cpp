// `tengen launch --nproc N <subcommand ...>`: N local ranks of a data-parallel run, as torchrun
// --standalone would start them (docs/SCALING.md). Each child is this executable with the given
// subcommand and torchrun's environment: MASTER_ADDR=127.0.0.1, MASTER_PORT (a free port unless
// --master-port), WORLD_SIZE=N, RANK=LOCAL_RANK=k, LOCAL_WORLD_SIZE=N. Ctrl-C and SIGTERM are passed to
// every rank (the trainers checkpoint and stop together). When a rank fails, the others are given
// --grace seconds to stop on their own (they notice the lost rank within their --dist-timeout),
// then SIGTERM, then SIGKILL; the launcher exits with the first failing rank's status.
// Multi-machine runs: start one `tengen train ...` per rank with the same variables (torchrun, Slurm).
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/commands.h"
#include "app/help_text.h"
#include "app/self_process.h"

namespace tengen::app {

namespace {

volatile std::sig_atomic_t g_forward_signal = 0;
extern "C" void on_launcher_signal(int sig) { g_forward_signal = sig; }

// A port nobody listens on now (the kernel's choice for port 0).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 29500;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 29500;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

// Rank `rank` of `world`: this executable running `command`, with torchrun's variables. -1 (and a
// message) when it cannot be started.
pid_t start_rank(int rank, int world, int port, const std::vector<std::string>& command) {
  const std::string r = std::to_string(rank), w = std::to_string(world);
  const pid_t pid = start_self({command,
                               {{"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", std::to_string(port)},
                                {"WORLD_SIZE", w}, {"RANK", r}, {"LOCAL_RANK", r}, {"LOCAL_WORLD_SIZE", w}},
                               ""});
  if (pid < 0) std::cerr << "tengen launch: cannot start rank " << rank << ": " << std::strerror(errno) << "\n";
  return pid;
}

std::string status_text(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// Waits for every rank; returns the first failure's exit code (0 if none).
int supervise(std::vector<pid_t> pids, int grace_seconds) {
  int result = 0;
  size_t left = pids.size();
  std::chrono::steady_clock::time_point failed_at{};
  int signalled = 0;  // 0: none yet, 1: SIGTERM sent, 2: SIGKILL sent
  while (left > 0) {
    if (g_forward_signal) {
      for (pid_t p : pids)
        if (p > 0) kill(p, g_forward_signal);
      g_forward_signal = 0;
    }
    int status = 0;
    const pid_t done = waitpid(-1, &status, WNOHANG);
    if (done > 0) {
      for (size_t r = 0; r < pids.size(); ++r) {
        if (pids[r] != done) continue;
        pids[r] = -1;
        --left;
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok && result == 0) {
          const bool stopped = WIFEXITED(status) && WEXITSTATUS(status) == 130;  // Ctrl-C: checkpoint saved
          std::cerr << "tengen launch: rank " << r << (stopped ? " stopped" : " failed") << " ("
                    << status_text(status) << ")" << (left ? "; waiting for the others to stop" : "") << "\n";
          result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          failed_at = std::chrono::steady_clock::now();
        }
      }
      continue;
    }
    if (result != 0 && left > 0) {
      const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - failed_at).count();
      const int wanted = waited > grace_seconds + 10 ? 2 : waited > grace_seconds ? 1 : 0;
      if (wanted > signalled) {
        for (pid_t p : pids)
          if (p > 0) kill(p, wanted == 2 ? SIGKILL : SIGTERM);
        signalled = wanted;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return result;
}

}  // namespace

int run_launch(int argc, char** argv) {
  int nproc = 2, port = 0, grace = 60, i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << help_text("tengen launch");
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "tengen launch: " << a << " needs a value (see --help)\n";
      return 2;
    }
    const std::string_view text = argv[++i];
    int v = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (error != std::errc() || end != text.data() + text.size() || v < 0) {
      std::cerr << "tengen launch: " << a << " takes a non-negative integer, not '" << argv[i] << "'\n";
      return 2;
    }
    if (a == "--nproc") nproc = v;
    else if (a == "--master-port") port = v;
    else if (a == "--grace") grace = v;
    else {
      std::cerr << "tengen launch: unknown option " << a << " (see --help)\n";
      return 2;
    }
  }
  if (i >= argc || nproc < 1 || port > 65535) {
    std::cerr << "tengen launch: give --nproc N >= 1 and a subcommand, e.g. `tengen launch --nproc 2 train sl ...`"
                 " (see --help)\n";
    return 2;
  }
  if (port == 0) port = free_port();
  const std::vector<std::string> command(argv + i, argv + argc);
  std::signal(SIGINT, on_launcher_signal);
  std::signal(SIGTERM, on_launcher_signal);
  std::cerr << "tengen launch: " << nproc << " ranks, rendezvous at 127.0.0.1:" << port << "\n";
  std::vector<pid_t> pids;
  for (int r = 0; r < nproc; ++r) {
    const pid_t pid = start_rank(r, nproc, port, command);
    if (pid < 0) {  // the ranks started would wait for it at the rendezvous: stop them
      for (pid_t p : pids) kill(p, SIGTERM);
      for (pid_t p : pids) wait_for(p);
      return 127;
    }
    pids.push_back(pid);
  }
  return supervise(pids, grace);
}

}  // namespace tengen::app
