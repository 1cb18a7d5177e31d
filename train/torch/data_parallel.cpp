#include "train/torch/data_parallel.h"

#include <cstdlib>
#include <sstream>

#if TENGEN_HAVE_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace tengen::nn {

namespace {

std::optional<int> env_int(const char* name) {
  const char* text = std::getenv(name);
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (*end != '\0' || v < 0 || v > 1 << 30)
    throw DistributedError(std::string(name) + "='" + text + "' is not a non-negative integer");
  return static_cast<int>(v);
}

#if TENGEN_HAVE_GLOO
std::string seconds_text(std::chrono::milliseconds t) {
  std::ostringstream out;
  out << t.count() / 1000.0 << " s";
  return out.str();
}

// c10's errors carry a stack trace in what(): a user needs the first line.
std::string reason(const std::exception& e) {
  if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) return c10->what_without_backtrace();
  return e.what();
}

// The first line where two statements differ, for an error message.
std::string first_difference(const std::string& ours, const std::string& theirs) {
  std::istringstream a(ours), b(theirs);
  std::string la, lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) return "";
    if (!ga) la = "(nothing)";
    if (!gb) lb = "(nothing)";
    if (la != lb || !ga || !gb) return "'" + lb + "' there, '" + la + "' here";
  }
}
#endif

}  // namespace

std::optional<DistributedEnv> DistributedEnv::from_environment() {
  const std::optional<int> world = env_int("WORLD_SIZE");
  if (!world || *world <= 1) return std::nullopt;
  DistributedEnv env;
  env.world_size = *world;
  const std::optional<int> rank = env_int("RANK"), port = env_int("MASTER_PORT");
  const char* addr = std::getenv("MASTER_ADDR");
  if (!rank) throw DistributedError("WORLD_SIZE is " + std::to_string(*world) + " but RANK is not set");
  if (*rank >= *world)
    throw DistributedError("RANK " + std::to_string(*rank) + " is not below WORLD_SIZE " + std::to_string(*world));
  if (!addr || !*addr) throw DistributedError("WORLD_SIZE is set but MASTER_ADDR is not");
  if (!port || *port < 1 || *port > 65535) throw DistributedError("MASTER_PORT must be set to a port 1..65535");
  env.rank = *rank;
  env.master_addr = addr;
  env.master_port = *port;
  env.local_rank = env_int("LOCAL_RANK").value_or(*rank);
  return env;
}

#if TENGEN_HAVE_GLOO

bool data_parallel_available() { return true; }

struct DataParallel::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  // Gradient buckets: flat buffers of consecutive parameters (in reverse registration order, roughly
  // the order backward produces them).
  struct Slot {
    torch::Tensor param;
    int bucket = 0;
    int64_t offset = 0;
    bool filled = false;
    unsigned hook = 0;
  };
  std::vector<Slot> slots;
  std::vector<torch::Tensor> buckets;
  std::vector<int> pending;  // slots of each bucket not filled yet this step
  std::vector<c10::intrusive_ptr<c10d::Work>> work;
  int next_launch = 0;
  bool hooked = false;  // the hooks fill the buckets; else average_gradients() copies .grad

  void launch_ready() {
    while (next_launch < static_cast<int>(buckets.size()) && pending[next_launch] == 0) {
      std::vector<torch::Tensor> one{buckets[next_launch]};
      work[next_launch] = group->allreduce(one);
      ++next_launch;
    }
  }
  void on_gradient(size_t i, const torch::Tensor& g) {
    Slot& s = slots[i];
    if (s.filled) return;  // a second backward without average_gradients(): keep the first
    buckets[s.bucket].narrow(0, s.offset, s.param.numel()).copy_(g.reshape({-1}));
    s.filled = true;
    --pending[s.bucket];
    launch_ready();
  }
};

DataParallel::DataParallel(const DistributedEnv& env, std::chrono::milliseconds timeout, const std::string& what)
    : env_(env), timeout_(timeout), impl_(std::make_unique<Impl>()) {
  const std::string where = env.master_addr + ":" + std::to_string(env.master_port);
  c10d::TCPStoreOptions options;
  options.port = static_cast<uint16_t>(env.master_port);
  options.isServer = env.rank == 0;
  options.numWorkers = env.world_size;
  options.waitWorkers = false;  // the statements below check the ranks, with a better message
  options.timeout = timeout;
  try {
    impl_->store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, options);
  } catch (const std::exception& e) {
    if (env.rank == 0)
      throw DistributedError("rank 0 cannot serve the rendezvous on " + where +
                             " (is MASTER_PORT in use? choose another): " + reason(e));
    throw DistributedError("rank " + std::to_string(env.rank) + " cannot reach the master at " + where + " within " +
                           seconds_text(timeout) + " (is rank 0 running, are MASTER_ADDR and MASTER_PORT right?): " +
                           reason(e));
  }
  agree(what);
  auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
  const bool loopback = env.master_addr == "127.0.0.1" || env.master_addr == "localhost";
  const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
  try {
    if (interface && *interface) gloo->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
    else if (loopback) gloo->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else gloo->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("tengen/gloo", impl_->store);
    impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, env.rank, env.world_size, gloo);
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(env.rank) + ": the Gloo process group did not form within " +
                           seconds_text(timeout) + " (a rank stopped?): " + reason(e));
  }
}

DataParallel::~DataParallel() {
  if (!impl_->hooked) return;
  for (Impl::Slot& s : impl_->slots) {
    try {
      s.param.remove_hook(s.hook);
    } catch (const std::exception&) {
    }
  }
}

void DataParallel::agree(const std::string& what) {
  const std::string ours = "WORLD_SIZE=" + std::to_string(env_.world_size) + "\n" + what;
  const std::string me = "rank " + std::to_string(env_.rank);
  auto key = [](int r) { return "tengen/statement/" + std::to_string(r); };
  try {
    impl_->store->set(key(env_.rank), std::vector<uint8_t>(ours.begin(), ours.end()));
  } catch (const std::exception& e) {
    throw DistributedError(me + ": the rendezvous failed (rank 0 stopped?): " + reason(e));
  }
  for (int r = 0; r < env_.world_size; ++r) {
    if (r == env_.rank) continue;
    std::vector<uint8_t> bytes;
    try {
      impl_->store->wait({key(r)}, timeout_);
      bytes = impl_->store->get(key(r));
    } catch (const std::exception& e) {
      throw DistributedError(me + ": rank " + std::to_string(r) + " of " + std::to_string(env_.world_size) +
                             " did not arrive within " + seconds_text(timeout_) +
                             " (did it start? is WORLD_SIZE the same on every rank?): " + reason(e));
    }
    const std::string theirs(bytes.begin(), bytes.end());
    if (theirs != ours)
      throw DistributedError(me + ": rank " + std::to_string(r) + " disagrees: " + first_difference(ours, theirs) +
                             " (every rank needs the same WORLD_SIZE, data and settings)");
  }
}

void DataParallel::broadcast(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> all = module.parameters();
  for (const torch::Tensor& b : module.buffers()) all.push_back(b);
  for (torch::Tensor& t : all) {
    std::vector<torch::Tensor> one{t.detach()};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    try {
      impl_->group->broadcast(one, options)->wait(timeout_);
    } catch (const std::exception& e) {
      throw DistributedError("rank " + std::to_string(env_.rank) + ": the parameter broadcast failed: " + reason(e));
    }
  }
}

void DataParallel::attach(torch::nn::Module& module, bool overlap, int64_t bucket_bytes) {
  if (!impl_->slots.empty()) throw std::logic_error("DataParallel::attach called twice");
  std::vector<torch::Tensor> params = module.parameters();
  std::vector<int64_t> bucket_numel;
  int64_t bytes = bucket_bytes;  // start a new bucket with the first parameter
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    if (!it->requires_grad()) continue;
    if (bytes + it->numel() * 4 > bucket_bytes && !(bucket_numel.size() && bucket_numel.back() == 0)) {
      bucket_numel.push_back(0);
      bytes = 0;
    }
    Impl::Slot s;
    s.param = *it;
    s.bucket = static_cast<int>(bucket_numel.size()) - 1;
    s.offset = bucket_numel.back();
    bucket_numel.back() += it->numel();
    bytes += it->numel() * 4;
    impl_->slots.push_back(s);
  }
  for (int64_t n : bucket_numel)
    impl_->buckets.push_back(torch::zeros({n}, params.front().options().requires_grad(false)));
  impl_->pending.assign(impl_->buckets.size(), 0);
  for (const Impl::Slot& s : impl_->slots) ++impl_->pending[s.bucket];
  impl_->work.assign(impl_->buckets.size(), {});
  impl_->hooked = overlap;
  if (!overlap) return;
  Impl* impl = impl_.get();
  for (size_t i = 0; i < impl_->slots.size(); ++i)
    impl_->slots[i].hook = impl_->slots[i].param.register_hook([impl, i](const torch::Tensor& g) { impl->on_gradient(i, g); });
}

void DataParallel::average_gradients() {
  Impl& m = *impl_;
  torch::NoGradGuard no_grad;
  for (Impl::Slot& s : m.slots) {  // without hooks: every .grad; with: zeros for a parameter without one
    if (s.filled) continue;
    torch::Tensor slot = m.buckets[s.bucket].narrow(0, s.offset, s.param.numel());
    if (!m.hooked && s.param.grad().defined()) slot.copy_(s.param.grad().reshape({-1}));
    else slot.zero_();
    s.filled = true;
    --m.pending[s.bucket];
  }
  m.launch_ready();
  for (auto& w : m.work) {
    try {
      w->wait(timeout_);
    } catch (const std::exception& e) {
      throw DistributedError("rank " + std::to_string(env_.rank) + ": the gradient all-reduce failed within " +
                             seconds_text(timeout_) + " (another rank stopped?): " + reason(e));
    }
  }
  for (torch::Tensor& b : m.buckets) b.div_(env_.world_size);
  for (Impl::Slot& s : m.slots) {
    torch::Tensor mean = m.buckets[s.bucket].narrow(0, s.offset, s.param.numel()).view_as(s.param);
    if (s.param.grad().defined()) s.param.mutable_grad().copy_(mean);
    else s.param.mutable_grad() = mean.clone();
    s.filled = false;
  }
  for (const Impl::Slot& s : m.slots) ++m.pending[s.bucket];
  m.next_launch = 0;
}

void DataParallel::sum(std::vector<double>& values) {
  torch::Tensor t = torch::tensor(values, torch::kFloat64);
  std::vector<torch::Tensor> one{t};
  try {
    impl_->group->allreduce(one)->wait(timeout_);
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(env_.rank) + ": a metrics all-reduce failed (another rank "
                           "stopped?): " + reason(e));
  }
  for (size_t i = 0; i < values.size(); ++i) values[i] = t[static_cast<int64_t>(i)].item<double>();
}

void DataParallel::check_same(int64_t value, const std::string& what) {
  torch::Tensor first = torch::tensor({value}, torch::kInt64);  // becomes rank 0's value
  std::vector<torch::Tensor> one{first};
  c10d::BroadcastOptions options;
  options.rootRank = 0;
  try {
    impl_->group->broadcast(one, options)->wait(timeout_);
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(env_.rank) + ": a broadcast failed (another rank stopped?): " +
                           reason(e));
  }
  const int64_t theirs = first.item<int64_t>();
  std::vector<double> differ{theirs != value ? 1.0 : 0.0};
  sum(differ);  // so that every rank learns of any difference
  if (differ[0] > 0)
    throw DistributedError("rank " + std::to_string(env_.rank) + " has " + what + " " + std::to_string(value) +
                           ", rank 0 " + std::to_string(theirs) +
                           " or another rank differs (every rank needs the same run folder: share it)");
}

void DataParallel::barrier() {
  try {
    impl_->group->barrier()->wait(timeout_);
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(env_.rank) + ": a barrier failed (another rank stopped?): " +
                           reason(e));
  }
}

#else  // built without Gloo's headers: single-process training only

bool data_parallel_available() { return false; }
struct DataParallel::Impl {};
DataParallel::DataParallel(const DistributedEnv& env, std::chrono::milliseconds timeout, const std::string&)
    : env_(env), timeout_(timeout) {
  throw DistributedError("this tengen was built without Gloo (Debian: apt install libgloo-dev, then rebuild): "
                         "WORLD_SIZE > 1 needs it");
}
DataParallel::~DataParallel() = default;
void DataParallel::agree(const std::string&) {}
void DataParallel::broadcast(torch::nn::Module&) {}
void DataParallel::attach(torch::nn::Module&, bool, int64_t) {}
void DataParallel::average_gradients() {}
void DataParallel::sum(std::vector<double>&) {}
void DataParallel::check_same(int64_t, const std::string&) {}
void DataParallel::barrier() {}

#endif

}  // namespace tengen::nn
