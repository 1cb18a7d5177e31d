#include "app/ranks.h"

#include <chrono>
#include <iostream>

namespace tengen::app {

std::unique_ptr<nn::DataParallel> join_ranks(const std::string& statement, int timeout_seconds) {
  const std::optional<nn::DistributedEnv> env = nn::DistributedEnv::from_environment();
  if (!env) return nullptr;
  std::cerr << "rank " << env->rank << " of " << env->world_size << ": joining " << env->master_addr << ":"
            << env->master_port << "\n";
  return std::make_unique<nn::DataParallel>(*env, std::chrono::seconds(timeout_seconds), statement);
}

void add_rank_options(boost::program_options::options_description& opts, int& timeout_seconds) {
  opts.add_options()("dist-timeout", boost::program_options::value<int>(&timeout_seconds)->default_value(60),
                     "data-parallel runs (WORLD_SIZE > 1, e.g. under `tengen launch`): seconds to wait for another "
                     "rank before stopping with an error");
}

}  // namespace tengen::app
