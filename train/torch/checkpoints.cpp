#include "train/torch/checkpoints.h"

#include <algorithm>
#include <cstdio>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>
#include <vector>

#include "io/atomic_file.h"
#include "io/remove_tree.h"
#include "nn/torch/torch_weights.h"
#include "train/training_curves.h"

namespace fs = std::filesystem;

namespace tengen::nn {

namespace {

std::string step_dir_name(int64_t step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "step-%09lld", static_cast<long long>(step));
  return buf;
}

// The optimizer's per-parameter state is keyed by the parameter's address: a text in libtorch 1.13,
// a pointer in later versions.
template <class Key>
Key state_key(const torch::Tensor& p) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << p.unsafeGetTensorImpl();
    return text.str();
  } else {
    return p.unsafeGetTensorImpl();
  }
}

// Every loaded buffer has its parameter's shape. libtorch's optimizer files do not carry across its
// versions: one written by 1.13 and read by 2.11 handed parameters each other's momentum buffers
// (docs/SCALING.md), which would otherwise surface as a shape error in the first step.
void check_optimizer_state(torch::optim::Optimizer& optimizer, const std::string& file) {
  auto& states = optimizer.state();
  using Key = typename std::decay_t<decltype(states)>::key_type;
  for (auto& group : optimizer.param_groups())
    for (const torch::Tensor& p : group.params()) {
      const auto it = states.find(state_key<Key>(p));
      if (it == states.end()) continue;
      torch::Tensor buffer;
      if (auto* sgd = dynamic_cast<torch::optim::SGDParamState*>(it->second.get())) buffer = sgd->momentum_buffer();
      if (auto* adam = dynamic_cast<torch::optim::AdamParamState*>(it->second.get())) buffer = adam->exp_avg();
      if (buffer.defined() && buffer.sizes() != p.sizes())
        throw std::runtime_error(
            file + ": the optimizer state does not fit this network's parameters (was it written by another "
            "libtorch version? its optimizer files do not carry across versions). Resume where the run was "
            "written, or start a new run from the checkpoint's model.safetensors with --init-from");
    }
}

}  // namespace

void append_metrics_row(std::ofstream& metrics, const std::string& csv, const std::string& row) {
  metrics << row << std::flush;
  if (!metrics) throw std::runtime_error(csv + ": cannot append a metrics row (disk full? read-only folder?)");
}

std::optional<int64_t> latest_checkpoint(const std::string& run_dir) {
  const fs::path run(run_dir), latest = run / "latest", ckpts = run / "checkpoints";
  std::error_code ec;
  auto damaged = [&](const std::string& what) {
    return std::runtime_error(what + "; the run cannot resume. Restore it, or move " + run_dir +
                              " away to start over");
  };
  std::string name;
  if (fs::exists(latest, ec)) {
    std::ifstream in(latest);
    if (!(in >> name) || name.rfind("step-", 0) != 0 || name.find('/') != std::string::npos)
      throw damaged(latest.string() + " does not name a checkpoint");
  } else {
    // No pointer: a fresh run, or one stopped after its first checkpoint folder was renamed into
    // place but before `latest` was written. A folder without ".tmp" is complete (save_checkpoint
    // renames it only after every file in it is synced), so the newest one is where to resume.
    if (fs::is_directory(ckpts, ec))
      for (const auto& e : fs::directory_iterator(ckpts, ec)) {
        const std::string dir = e.path().filename().string();
        if (e.is_directory() && e.path().extension() != ".tmp" && dir.rfind("step-", 0) == 0)
          name = std::max(name, dir);  // zero-padded step numbers: the text order is the step order
      }
    if (name.empty()) return std::nullopt;
  }
  const fs::path state_path = ckpts / name / "state.json";
  const std::string named_by = fs::exists(latest, ec) ? latest.string() + " names " : "the newest checkpoint is ";
  std::ifstream state(state_path);
  if (!state) throw damaged(named_by + name + ", but " + state_path.string() + " cannot be read");
  try {
    return nlohmann::json::parse(state).at("step").get<int64_t>();
  } catch (const std::exception&) {
    throw damaged(state_path.string() + " is not a checkpoint state (no \"step\")");
  }
}

int64_t resume_run(const std::string& run_dir, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                   const std::string& run_identity, DataParallel* dp, const char* what, bool overlap) {
  int64_t step = 0;
  if (std::optional<int64_t> s = latest_checkpoint(run_dir)) {
    load_checkpoint(run_dir, *s, net, optimizer, run_identity);
    step = *s;
  }
  if (dp) {
    dp->check_same(step, what);
    dp->broadcast(net);
    dp->attach(net, overlap);
  }
  return step;
}

std::ofstream open_metrics(const std::string& csv, int64_t step) {
  truncate_metrics(csv, step);
  if (!fs::exists(csv)) io::write_file_atomically(csv, std::string(kMetricsCsvHeader) + "\n");
  return std::ofstream(csv, std::ios::app);
}

void save_checkpoint(const std::string& run_dir, int64_t step, torch::nn::Module& net, const NetworkConfig& config,
                     const std::map<std::string, std::string>& metadata, torch::optim::Optimizer& optimizer,
                     const std::string& run_identity, const std::string& extra) {
  const fs::path run(run_dir), ckpts = run / "checkpoints";
  const fs::path dir = ckpts / step_dir_name(step), tmp = ckpts / (step_dir_name(step) + ".tmp");
  fs::create_directories(ckpts);
  // io::remove_tree, not fs::remove_all, for every removal here: see io/remove_tree.h.
  io::remove_tree(tmp.string());
  fs::create_directories(tmp);
  save_network((tmp / "model.safetensors").string(), net, config, metadata);
  // Into memory first: torch's file writer fails in a destructor on a full disk, which terminates the
  // process (found by tests/cli/disk_full_test.sh); this way the write error is ours to report.
  std::ostringstream optimizer_bytes;
  torch::save(optimizer, optimizer_bytes);
  io::write_file_atomically((tmp / "optimizer.pt").string(), optimizer_bytes.str());
  const nlohmann::json state = {{"step", step}, {"run", nlohmann::json::parse(run_identity)},
                                {"extra", nlohmann::json::parse(extra)}};
  io::write_file_atomically((tmp / "state.json").string(), state.dump(2));
  io::sync_folder(tmp.string());
  io::remove_tree(dir.string());
  fs::rename(tmp, dir);
  io::sync_folder(ckpts.string());
  io::write_file_atomically((run / "latest").string(), step_dir_name(step) + "\n");
  std::vector<fs::path> all;
  for (const auto& e : fs::directory_iterator(ckpts))
    if (e.is_directory() && e.path().extension() != ".tmp") all.push_back(e.path());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i + 3 < all.size(); ++i) io::remove_tree(all[i].string());
}

std::string load_checkpoint(const std::string& run_dir, int64_t step, torch::nn::Module& net,
                            torch::optim::Optimizer& optimizer, const std::string& run_identity) {
  const fs::path dir = fs::path(run_dir) / "checkpoints" / step_dir_name(step);
  std::ifstream in(dir / "state.json");
  if (!in) throw std::runtime_error((dir / "state.json").string() + ": cannot read the checkpoint state");
  const nlohmann::json state = nlohmann::json::parse(in);
  if (state.at("run") != nlohmann::json::parse(run_identity))
    throw std::runtime_error(run_dir + ": the checkpoint was made with other settings (network, batch, seed, "
                             "schedule); resume with the same flags or use a new --out folder");
  const std::string model = (dir / "model.safetensors").string();
  weights_to_module(load_weights(model), net, model);
  // Onto the network's device: the momentum buffers were saved from wherever the run was (a CPU run
  // resumed on a GPU, or back), and an SGD step with a buffer on another device fails.
  const std::vector<torch::Tensor> params = net.parameters();
  const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();
  torch::load(optimizer, (dir / "optimizer.pt").string(), device);
  check_optimizer_state(optimizer, (dir / "optimizer.pt").string());
  return state.contains("extra") ? state.at("extra").dump() : "{}";
}

void truncate_metrics(const std::string& csv, int64_t step) {
  std::ifstream in(csv);
  if (!in) return;
  std::ostringstream kept;
  std::string header, line;
  if (!std::getline(in, header)) return;
  kept << header << "\n";
  const auto fields = std::count(header.begin(), header.end(), ',');
  while (std::getline(in, line)) {
    // A row torn by a kill in mid-write has fewer fields (or no number first): dropped with the rest.
    if (std::count(line.begin(), line.end(), ',') != fields) continue;
    int64_t row_step = 0;
    const auto [end, err] = std::from_chars(line.data(), line.data() + line.find(','), row_step);
    if (err == std::errc() && end == line.data() + line.find(',') && row_step <= step) kept << line << "\n";
  }
  in.close();
  io::write_file_atomically(csv, kept.str());
}

}  // namespace tengen::nn
