// `tengen eval <what>` and `tengen train <what>`: the dispatchers. The measurements:
// app/eval_policy_command.cpp (policy), app/rollout_commands.cpp (rollout), app/eval_value_command.cpp
// (value). The trainers: app/train_supervised_command.cpp (sl, value), app/train_rl_command.cpp (rl),
// app/rollout_commands.cpp (rollout).
#include "app/commands.h"
#include "app/help_text.h"
#include "app/subcommands.h"

namespace tengen::app {

int run_eval(int argc, char** argv) {
  return dispatch_subcommand(argc, argv, help_text("tengen eval"),
                             {{"policy", run_eval_policy}, {"rollout", run_eval_rollout}, {"value", run_eval_value}});
}

int run_train(int argc, char** argv) {
  return dispatch_subcommand(argc, argv, help_text("tengen train"),
                             {{"sl", run_train_sl}, {"rollout", run_train_rollout}, {"rl", run_train_rl},
                              {"value", run_train_value}});
}

}  // namespace tengen::app
