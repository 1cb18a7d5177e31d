// `tengen eval <what>` and `tengen train <what>`: the dispatchers. The measurements:
// app/eval_policy_command.cpp (policy), app/rollout_commands.cpp (rollout), app/eval_value_command.cpp
// (value). The trainers: app/train_supervised_command.cpp (sl, value), app/train_rl_command.cpp (rl),
// app/rollout_commands.cpp (rollout).
#include "app/commands.h"
#include "app/subcommands.h"

namespace tengen::app {

int run_eval(int argc, char** argv) {
  return dispatch_subcommand(argc, argv,
                             "Usage: tengen eval <what> [options]\n\n"
                             "  policy    move-prediction accuracy of a policy network on games\n"
                             "  rollout   the same for a rollout or tree pattern policy\n"
                             "  value     mean squared error of a value network on game results\n\n"
                             "Run `tengen eval <what> --help` for the options.\n",
                             {{"policy", run_eval_policy}, {"rollout", run_eval_rollout}, {"value", run_eval_value}});
}

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
