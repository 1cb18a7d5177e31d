// Starting this executable again as a child process: the one way `tengen launch` starts its ranks
// and `tengen bench train` its training runs. posix_spawn of /proc/self/exe (the same build, wherever
// it was started from), with variables set on top of this process's environment and, optionally,
// stdout and stderr into a file. Linux only (/proc). Thread-safety: call from one thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace tengen::app {

struct SelfProcess {
  std::vector<std::string> args;                         // after argv[0] ("tengen")
  std::vector<std::pair<std::string, std::string>> env;  // set (or replaced) in the child's environment
  std::string log;                                       // stdout and stderr into this file; empty: inherited
};

// The child's pid, or -1 with errno set when it cannot be started.
pid_t start_self(const SelfProcess& process);

// Waits for the child: its exit code, 128 + the signal that ended it.
int wait_for(pid_t pid);

}  // namespace tengen::app
