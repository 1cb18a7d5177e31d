// Joining the other ranks of a data-parallel training run (train/torch/data_parallel.h), shared by
// `tengen train sl|value|rl`: when torchrun's environment says WORLD_SIZE > 1 (set by `tengen launch`,
// torchrun, Slurm, ...), this process becomes one rank. Needs a build with libtorch.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "train/torch/data_parallel.h"

namespace tengen::app {

// nullptr for a single process. Otherwise the rendezvous, the agreement on `statement` (what this
// rank trains on and with which settings: any difference between ranks is an error on all of them)
// and the process group. Throws nn::DistributedError with a message for the user.
std::unique_ptr<nn::DataParallel> join_ranks(const std::string& statement, int timeout_seconds);

// The --dist-timeout option of every train command (default 60 s).
void add_rank_options(boost::program_options::options_description& opts, int& timeout_seconds);

}  // namespace tengen::app
