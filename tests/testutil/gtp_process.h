// Test helper: runs a GTP engine (GNU Go as the oracle) as a child process over pipes and sends it
// commands one at a time. A failed reply ("? ...") or a dead child throws std::runtime_error.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace tengen::testutil {

class GtpProcess {
 public:
  explicit GtpProcess(const std::vector<std::string>& argv) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(to_child[0], 0);
      dup2(from_child[1], 1);
      close(to_child[1]);
      close(from_child[0]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    in_ = fdopen(to_child[1], "w");
    out_ = fdopen(from_child[0], "r");
  }
  GtpProcess(const GtpProcess&) = delete;
  GtpProcess& operator=(const GtpProcess&) = delete;
  ~GtpProcess() {
    if (in_) {
      std::fputs("quit\n", in_);
      std::fclose(in_);
    }
    if (out_) std::fclose(out_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

  // Sends one command and returns the reply text after "= " (multi-line replies joined by '\n').
  std::string send(const std::string& command) {
    std::fputs((command + "\n").c_str(), in_);
    std::fflush(in_);
    std::string reply, line;
    bool first = true;
    for (;;) {
      line.clear();
      int ch;
      while ((ch = std::fgetc(out_)) != EOF && ch != '\n') line += static_cast<char>(ch);
      if (ch == EOF) throw std::runtime_error("GTP engine died after: " + command);
      if (line.empty()) {
        if (first) continue;  // tolerate stray blank lines before a reply
        break;
      }
      if (first) {
        if (line[0] == '?') throw std::runtime_error("GTP error for '" + command + "': " + line);
        line = line.size() > 2 ? line.substr(2) : "";
        first = false;
        reply = line;
      } else {
        reply += "\n" + line;
      }
    }
    return reply;
  }

 private:
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  FILE* out_ = nullptr;
};

}  // namespace tengen::testutil
