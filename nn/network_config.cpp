#include "nn/network_config.h"

#include <stdexcept>

namespace tengen::nn {

std::map<std::string, std::string> NetworkConfig::to_metadata() const {
  std::map<std::string, std::string> m = {{"tengen.arch.kind", kind_name()},
          {"tengen.arch.preset", preset},
          {"tengen.arch.layers", std::to_string(layers)},
          {"tengen.arch.filters", std::to_string(filters)},
          {"tengen.arch.first_kernel", std::to_string(first_kernel)},
          {"tengen.arch.input_planes", std::to_string(input_planes)},
          {"tengen.arch.board_size", std::to_string(board_size)},
          {"tengen.arch.value_hidden", std::to_string(value_hidden)}};
  if (value_aux) m["tengen.arch.value_aux"] = "ownership,score";
  if (value_head_bn) m["tengen.arch.value_head"] = "bn";
  return m;
}

absl::StatusOr<NetworkConfig> NetworkConfig::from_metadata(const std::map<std::string, std::string>& meta) {
  auto fail = [](const std::string& why) { return absl::InvalidArgumentError(why); };
  auto get = [&](const char* key) -> const std::string* {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
  };
  NetworkConfig c;
  const std::string* kind = get("tengen.arch.kind");
  if (!kind) return fail("no tengen.arch.kind in the metadata (not a Tengen network file?)");
  if (*kind == "policy") c.kind = NetKind::kPolicy;
  else if (*kind == "value") c.kind = NetKind::kValue;
  else return fail("unknown network kind '" + *kind + "'");
  if (const std::string* p = get("tengen.arch.preset")) c.preset = *p;
  struct Field { const char* key; int* out; };
  const Field fields[] = {{"tengen.arch.layers", &c.layers}, {"tengen.arch.filters", &c.filters},
                          {"tengen.arch.first_kernel", &c.first_kernel}, {"tengen.arch.input_planes", &c.input_planes},
                          {"tengen.arch.board_size", &c.board_size}, {"tengen.arch.value_hidden", &c.value_hidden}};
  for (const Field& f : fields) {
    const std::string* v = get(f.key);
    if (!v) return fail(std::string("missing ") + f.key + " in the metadata");
    try {
      size_t used = 0;
      *f.out = std::stoi(*v, &used);
      if (used != v->size()) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      return fail(std::string("bad value '") + *v + "' for " + f.key);
    }
  }
  if (const std::string* aux = get("tengen.arch.value_aux")) {
    if (*aux != "ownership,score") return fail("unknown auxiliary heads '" + *aux + "' (this build knows ownership,score)");
    c.value_aux = true;
  }
  if (const std::string* head = get("tengen.arch.value_head")) {
    if (*head != "bn") return fail("unknown value head '" + *head + "' (this build knows bn)");
    c.value_head_bn = true;
  }
  if (absl::Status s = c.validate(); !s.ok()) return s;
  return c;
}

absl::Status NetworkConfig::validate() const {
  auto bad = [](const std::string& why) { return absl::InvalidArgumentError(why); };
  if (layers < 2 || layers > 64) return bad("layers must be 2..64, not " + std::to_string(layers));
  if (filters < 1 || filters > 1024) return bad("filters must be 1..1024, not " + std::to_string(filters));
  if (first_kernel < 1 || first_kernel > 9 || first_kernel % 2 == 0) return bad("first_kernel must be odd, 1..9");
  if (input_planes < 1 || input_planes > 64) return bad("input_planes must be 1..64");
  if (board_size < 5 || board_size > 19) return bad("board_size must be 5..19");
  if (value_hidden < 1 || value_hidden > 4096) return bad("value_hidden must be 1..4096");
  return absl::OkStatus();
}

double NetworkConfig::forward_flops() const {
  const double points = static_cast<double>(board_size) * board_size, f = filters;
  const double trunk = first_kernel * first_kernel * input_planes * f + (layers - 2) * 9.0 * f * f;
  double macs = points * (trunk + f);  // the trunk, then the 1x1 head
  if (kind == NetKind::kValue) macs += points * value_hidden + value_hidden;
  return 2 * macs;
}

std::optional<NetworkConfig> network_preset(std::string_view name, NetKind kind) {
  NetworkConfig c;
  c.kind = kind;
  c.input_planes = kind == NetKind::kPolicy ? 48 : 49;
  if (name == "alphago") {
    c.layers = 13;
    c.filters = 192;
  } else if (name == "cpu") {
    // Chosen by `tengen bench nn` on one core of the dev machine (docs/BENCHMARKS.md).
    c.layers = 7;
    c.filters = 64;
  } else if (name == "cpu-large") {
    // About 3x the cpu preset's cost per evaluation, for more accuracy at a few seconds per move
    // (docs/TRAINING.md, "The cpu-large policy"; trained data-parallel, docs/SCALING.md).
    c.layers = 10;
    c.filters = 96;
  } else {
    return std::nullopt;
  }
  c.preset = std::string(name);
  return c;
}

std::vector<std::string> network_preset_names() { return {"alphago", "cpu", "cpu-large"}; }

}  // namespace tengen::nn
