// `tengen eval <what>`: the dispatcher. The measurements: app/eval_policy_command.cpp (policy),
// app/rollout_commands.cpp (rollout), app/eval_value_command.cpp (value).
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

}  // namespace tengen::app
