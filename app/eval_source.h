// What `tengen eval policy` and `tengen eval rollout` measure, and on what: the weights, and either
// SGF games or a split of a `tengen dataset build` folder. One set of options and one check for both.
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace tengen::app {

struct EvalSource {
  std::string weights;             // "" until complete_eval_source: the shipped network
  std::vector<std::string> games;  // SGF files, folders or archives
  std::string data;                // or a dataset folder
  std::string split = "val";       // with data: val or train
};

// --weights (described by `weights_help`), --games, --data and --split.
void add_eval_source_options(boost::program_options::options_description& opts, EvalSource& source,
                             const char* weights_help);

// Checks that exactly one of --games and --data was given and puts the shipped `shipped_file` in place
// of a missing --weights. 0 when ready; otherwise the exit status (2 bad usage, 1 no shipped weights)
// after a message on standard error that starts with `command`.
int complete_eval_source(EvalSource& source, const char* command, const char* shipped_file);

}  // namespace tengen::app
