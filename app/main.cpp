// `tengen`: one executable, subcommands in the style of git. Each subcommand owns its options.
#include <malloc.h>

#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/subcommands.h"
#include "app/version.h"
#include "app/version_text.h"

namespace {

struct Subcommand {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

constexpr Subcommand kSubcommands[] = {
    {"gtp", tengen::app::run_gtp, "speak GTP on stdin/stdout (for Sabaki, GoGui, Lizzie, qGo, gogui-twogtp)"},
    {"analysis", tengen::app::run_analysis, "KataGo's JSON analysis engine on stdin/stdout (for KaTrain, web boards)"},
    {"sgf", tengen::app::run_sgf, "work with game records: `sgf check FILE|DIR|ARCHIVE...`"},
    {"dataset", tengen::app::run_dataset, "build training shards from game records: `dataset build`"},
    {"train", tengen::app::run_train, "train networks: `train sl`, `train rollout`, `train rl`, `train value`"},
    {"eval", tengen::app::run_eval, "measure networks: `eval policy`, `eval rollout`, `eval value`"},
    {"launch", tengen::app::run_launch, "start N local ranks of a data-parallel run: `launch --nproc 2 train sl ...`"},
    {"selfplay", tengen::app::run_selfplay, "generate self-play games and training shards: `selfplay --out DIR`"},
    {"bench", tengen::app::run_bench, "measure speed: `bench board`, `bench features`, `bench nn`"},
    {"weights", tengen::app::run_weights, "where the shipped networks are found, each checked against its MANIFEST"},
};

void print_usage(std::ostream& out) {
  out << "Tengen " << tengen::kVersion << " - a Go engine after AlphaGo (Silver et al. 2016)\n\n"
      << "Usage: tengen <command> [options]\n       tengen <command> --help\n\nCommands:\n";
  for (const Subcommand& s : kSubcommands) out << "  " << s.name << std::string(10 - std::strlen(s.name), ' ') << s.summary << "\n";
  out << "\nOptions:\n  -h [ --help ]     this text\n  --version         print the version, the build type, libtorch and CUDA, "
         "the commit\n";
}

// Network activations of a batch are megabytes. glibc maps every block above its mmap threshold
// afresh and returns freed memory above its trim threshold, so each forward pass of a batch paid
// page faults on new zeroed pages: batch 64 ran slower per position than batch 1
// (docs/BENCHMARKS.md, "Networks"). Keeping blocks up to 32 MiB (glibc's ceiling) on the heap and
// not trimming it makes the activations reuse warm memory; peak memory is unchanged.
void keep_tensor_memory_warm() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  keep_tensor_memory_warm();
  if (argc < 2) {
    print_usage(std::cerr);
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (cmd == "--version") {
    std::cout << tengen::app::version_text();
    return 0;
  }
  for (int i = 2; i < argc; ++i)
    if (tengen::app::has_option_placeholder(argv[i])) {
      std::cerr << "tengen: argument " << i << " ('" << argv[i] << "') holds a '%name%' sequence, which no "
                << "option takes (the option parser could not report an error about it)\n";
      return 2;
    }
  for (const Subcommand& s : kSubcommands) {
    if (cmd == s.name) {
      std::string full = std::string("tengen ") + s.name;
      argv[1] = full.data();
      try {
        return s.run(argc - 1, argv + 1);
      } catch (const boost::program_options::error& e) {  // bad usage: exit code 2
        std::cerr << "tengen " << s.name << ": " << e.what() << "\nRun `tengen " << s.name
                  << " --help` for the options.\n";
        return 2;
      } catch (const std::exception& e) {
        std::cerr << "tengen " << s.name << ": error: " << e.what() << "\n";
        return 1;
      }
    }
  }
  std::cerr << "tengen: unknown command '" << cmd << "'. Run `tengen --help` for the list.\n";
  return 2;
}
