// Subcommands of the `tengen` executable (without libtorch, app/without_torch.cpp answers for the
// commands that are nothing but networks). Each parses its own arguments (argv[0] is the subcommand
// path, e.g. "tengen sgf check") with Boost.Program_options, prints --help, and returns the exit code.
#pragma once

namespace tengen::app {

int run_gtp(int argc, char** argv);
int run_analysis(int argc, char** argv);        // KataGo's JSON analysis engine: app/analysis_command.cpp
int run_bench(int argc, char** argv);             // dispatches to the two below
int run_bench_board(int argc, char** argv);
int run_bench_features(int argc, char** argv);
int run_bench_nn(int argc, char** argv);         // network forward speed (needs libtorch)
int run_bench_loader(int argc, char** argv);     // training batches per second from dataset shards
int run_bench_rollout(int argc, char** argv);    // rollout-policy rollouts per second
int run_bench_search(int argc, char** argv);     // search simulations per second
int run_bench_analysis(int argc, char** argv);   // analysis-engine positions per second: app/bench_analysis.cpp
int run_bench_train(int argc, char** argv);      // training positions per second by ranks x threads: app/bench_train.cpp
int run_sgf(int argc, char** argv);               // "sgf check ..."
int run_dataset(int argc, char** argv);           // "dataset build ..."
int run_train(int argc, char** argv);             // "train sl ...", "train rollout ...": app/command_groups.cpp
int run_train_sl(int argc, char** argv);          // app/train_supervised_command.cpp (libtorch builds)
int run_train_value(int argc, char** argv);       // app/train_supervised_command.cpp (libtorch builds)
int run_train_rollout(int argc, char** argv);     // app/rollout_commands.cpp
int run_train_rl(int argc, char** argv);          // app/train_rl_command.cpp
int run_eval_value(int argc, char** argv);        // app/eval_value_command.cpp
int run_eval(int argc, char** argv);              // "eval policy ...", "eval rollout ...": app/command_groups.cpp
int run_eval_policy(int argc, char** argv);       // app/eval_policy_command.cpp (libtorch builds)
int run_eval_rollout(int argc, char** argv);
int run_launch(int argc, char** argv);            // N local ranks of a data-parallel run: app/launch_command.cpp
int run_selfplay(int argc, char** argv);
int run_weights(int argc, char** argv);           // where the shipped networks are: app/weights_command.cpp          // "selfplay --out DIR ...": app/selfplay_command.cpp

}  // namespace tengen::app
