// `tengen train <what>`: the dispatcher. The trainers: app/train_supervised_command.cpp (sl, value),
// app/train_rl_command.cpp (rl), app/rollout_commands.cpp (rollout).
#include "app/commands.h"
#include "app/subcommands.h"

namespace tengen::app {

int run_train(int argc, char** argv) {
  return dispatch_subcommand(argc, argv,
                             "Usage: tengen train <what> [options]\n\n"
                             "  sl        supervised policy training on `tengen dataset build` shards\n"
                             "  rollout   the rollout (or, with --policy tree, tree) pattern policy\n"
                             "  rl        the RL policy by REINFORCE self-play from the SL policy\n"
                             "  value     the value network on `tengen selfplay --value-data` positions\n\n"
                             "Run `tengen train <what> --help` for the options.\n",
                             {{"sl", run_train_sl}, {"rollout", run_train_rollout}, {"rl", run_train_rl},
                              {"value", run_train_value}});
}

}  // namespace tengen::app
