// NetworkConfig: the shape of a policy or value network (docs/ALPHAGO.md §2.1, §5.1) as plain data, with the
// named presets and its round trip through weights-file metadata. Torch-free.
//   policy: conv 5x5 (k filters) -> (layers-2) x conv 3x3 (k) -> conv 1x1 (1 filter, no bias) +
//           a separate bias per point -> logits over the board points (softmax outside).
//   value:  the same (layers-1) k-filter convolutions -> conv 1x1 (1 filter, no ReLU) -> FC 256 + ReLU
//           -> FC 1 -> tanh. (A ReLU on that single channel, which the paper leaves unconfirmed, died
//           in training without normalisation: every position then got the same value.)  (AlphaGo: layers = 13, k = 192, inputs 48 / 49 planes, 19x19.)
// Thread-safety: plain values.
#pragma once

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tengen::nn {

enum class NetKind { kPolicy, kValue };

struct NetworkConfig {
  NetKind kind = NetKind::kPolicy;
  std::string preset = "custom";
  int layers = 13;        // policy: conv layers including the 1x1 output layer (AlphaGo: 13)
  int filters = 192;      // k
  int first_kernel = 5;   // the first layer's kernel (5x5 in AlphaGo)
  int input_planes = 48;  // 48 for policy, 49 for value
  int board_size = 19;
  int value_hidden = 256; // value net only: the fully connected layer
  // Value net only: auxiliary heads trained alongside the value (KataGo): the final owner of every
  // point (1x1 conv on the trunk, tanh) and the final score margin (linear on the FC layer). Files
  // without them say nothing ("tengen.arch.value_aux" absent = false) and load as before.
  bool value_aux = false;
  // Value net only: the head normalised (AlphaGo Zero's and Leela Zero's value head): the 1x1
  // convolution without bias, then batch normalisation and a ReLU before the FC layers. Without it
  // the head sits on the unnormalised trunk copied from the policy, and every run on human games
  // collapsed to a constant (docs/TRAINING.md). Files say "tengen.arch.value_head": "bn"; absent =
  // the plain head, so older files load as before. Batch norm keeps running statistics (buffers in
  // the weights file): in eval mode, which inference uses, the output depends on one position only.
  bool value_head_bn = false;

  // "policy" / "value"
  std::string kind_name() const { return kind == NetKind::kPolicy ? "policy" : "value"; }
  // Metadata entries "tengen.arch.*" for a weights file, and back (an InvalidArgument status saying
  // which entry is missing or wrong).
  std::map<std::string, std::string> to_metadata() const;
  static absl::StatusOr<NetworkConfig> from_metadata(const std::map<std::string, std::string>& meta);
  // Checks ranges (layers >= 2, filters 1..1024, odd kernel, size 5..19): OK, or InvalidArgument
  // naming the field.
  absl::Status validate() const;
  // Floating-point operations of one forward pass on one position (2 per multiply-add; convolutions
  // and fully connected layers, biases and activations left out): for GFLOP/s and a GPU's share of
  // its peak (`tengen bench nn`). A training step costs about 3 times as much.
  double forward_flops() const;
};

// Presets: "alphago" (13 layers, 192 filters: the paper's match network) and "cpu" (small enough to
// play on one CPU core). Returns nullopt for an unknown name.
std::optional<NetworkConfig> network_preset(std::string_view name, NetKind kind);
std::vector<std::string> network_preset_names();

}  // namespace tengen::nn
