// Training checkpoints shared by every trainer (SL, value, RL): RUN/checkpoints/step-NNNNNNNNN/
// holds model.safetensors, optimizer.pt and state.json ({"step", "run"}), and RUN/latest names the
// newest complete one. A checkpoint is written under a temporary name and renamed, then `latest` is
// replaced atomically, so a crash or Ctrl-C at any moment leaves the previous checkpoint usable.
// "run" is the identity of the run (the settings that make the updates what they are): resuming with
// other settings is refused with an error saying so. The three newest checkpoints are kept.
// Thread-safety: one trainer per run folder.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "nn/network_config.h"
#include "train/torch/data_parallel.h"

namespace tengen::nn {

// The step of the latest complete checkpoint in run_dir; nullopt for a fresh run (no `latest` and no
// checkpoint folder). Without `latest` (a stop between the first checkpoint's rename and the pointer's
// write), the newest complete checkpoint folder. A damaged run is an error, never a silent restart
// from step 0: a `latest` that cannot be read, or a checkpoint without a readable state.json, throws
// std::runtime_error naming the file (move the run folder away to start over).
std::optional<int64_t> latest_checkpoint(const std::string& run_dir);

// The step (or iteration) a run continues from: its latest checkpoint loaded into `net` and
// `optimizer` (0 for a fresh run). With ranks: checked to be the same on all of them (`what` names it
// in the error), rank 0's weights broadcast, and gradient averaging attached (`overlap`:
// data_parallel.h). Throws what latest_checkpoint, load_checkpoint and the ranks throw.
int64_t resume_run(const std::string& run_dir, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                   const std::string& run_identity, DataParallel* dp, const char* what, bool overlap = true);

// RUN/metrics.csv opened for appending: created with its header when missing, its rows after `step`
// dropped first (they are about to be made again, also after a kill before the first checkpoint).
std::ofstream open_metrics(const std::string& csv, int64_t step);

// Writes checkpoint `step`; `run_identity` is a JSON text; `extra` (JSON object text, may be "{}")
// is stored in state.json under "extra" for the trainer's own state.
void save_checkpoint(const std::string& run_dir, int64_t step, torch::nn::Module& net, const NetworkConfig& config,
                     const std::map<std::string, std::string>& metadata, torch::optim::Optimizer& optimizer,
                     const std::string& run_identity, const std::string& extra = "{}");

// Loads checkpoint `step` into net and optimizer and returns its "extra" JSON text. Throws
// std::runtime_error when the run identity differs from `run_identity`, or a file is unreadable.
std::string load_checkpoint(const std::string& run_dir, int64_t step, torch::nn::Module& net,
                            torch::optim::Optimizer& optimizer, const std::string& run_identity);

// Appends one row to a trainer's metrics.csv (opened for appending) and flushes it; a failed write
// throws std::runtime_error naming the file ("disk full?"), so a run never goes on without its record.
void append_metrics_row(std::ofstream& metrics, const std::string& csv, const std::string& row);

// Keeps metrics.csv consistent with the checkpoint being resumed (step 0: a run starting afresh over
// rows of a run killed before its first checkpoint): rows after `step`, and rows torn by a kill, are
// dropped. A missing file is left missing.
void truncate_metrics(const std::string& csv, int64_t step);

}  // namespace tengen::nn
