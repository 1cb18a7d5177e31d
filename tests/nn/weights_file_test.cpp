// Weights files: bit-exact round trips, and every kind of damaged file gives its own clear error.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

#include "nn/network_config.h"
#include "nn/weights_file.h"

namespace tengen::nn {
namespace {

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "tengen_wf_" + name; }

WeightsFile sample_weights() {
  WeightsFile w;
  w.metadata = {{"tengen.arch.kind", "policy"}, {"note", "ünïcode ok"}};
  std::mt19937 rng(7);
  for (auto [name, shape] : std::vector<std::pair<std::string, std::vector<int64_t>>>{
           {"trunk.convs.0.weight", {4, 3, 5, 5}}, {"trunk.convs.0.bias", {4}}, {"point_bias", {361}}, {"empty", {0}}}) {
    TensorData t;
    t.name = name;
    t.shape = shape;
    t.bytes.resize(static_cast<size_t>(t.numel()) * 4);
    for (auto& b : t.bytes) b = static_cast<uint8_t>(rng());
    w.tensors.push_back(t);
  }
  return w;
}

std::vector<uint8_t> read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
void write_bytes(const std::string& p, const std::vector<uint8_t>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::string load_error(const std::string& path) {
  try {
    load_weights(path);
  } catch (const WeightsError& e) {
    return e.what();
  }
  return "";
}

TEST(WeightsFile, RoundTripIsBitExact) {
  const std::string p = temp_path("rt.safetensors");
  const WeightsFile w = sample_weights();
  save_weights(p, w);
  const WeightsFile r = load_weights(p);
  ASSERT_EQ(r.tensors.size(), w.tensors.size());
  for (size_t i = 0; i < w.tensors.size(); ++i) {
    EXPECT_EQ(r.tensors[i].name, w.tensors[i].name);
    EXPECT_EQ(r.tensors[i].shape, w.tensors[i].shape);
    EXPECT_EQ(r.tensors[i].bytes, w.tensors[i].bytes);
  }
  EXPECT_EQ(r.metadata.at("note"), "ünïcode ok");
  EXPECT_EQ(r.metadata.at("tengen.data_sha256").size(), 64u);
  // The header is safetensors: 8-byte length, JSON, data aligned to 8 bytes.
  const std::vector<uint8_t> bytes = read_bytes(p);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t{bytes[i]} << (8 * i);
  EXPECT_EQ((8 + n) % 8, 0u);
  EXPECT_EQ(bytes[8], '{');
  EXPECT_EQ(file_sha256(p).size(), 64u);
  std::remove(p.c_str());
}

TEST(WeightsFile, MissingFile) {
  EXPECT_NE(load_error("/does/not/exist.safetensors").find("cannot open"), std::string::npos);
}

TEST(WeightsFile, EveryTruncationIsRejectedWithAMessage) {
  const std::string p = temp_path("trunc.safetensors");
  save_weights(p, sample_weights());
  const std::vector<uint8_t> full = read_bytes(p);
  for (size_t len = 0; len < full.size(); len += 1 + len / 16) {
    write_bytes(p, std::vector<uint8_t>(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(len)));
    const std::string err = load_error(p);
    ASSERT_FALSE(err.empty()) << "truncated to " << len << " bytes was accepted";
    EXPECT_NE(err.find(p), std::string::npos) << err;  // names the file
  }
  std::remove(p.c_str());
}

TEST(WeightsFile, FlippedDataByteIsCaughtByTheChecksum) {
  const std::string p = temp_path("flip.safetensors");
  save_weights(p, sample_weights());
  std::vector<uint8_t> b = read_bytes(p);
  b[b.size() - 100] ^= 0x10;
  write_bytes(p, b);
  EXPECT_NE(load_error(p).find("corrupt data"), std::string::npos) << load_error(p);
  std::remove(p.c_str());
}

TEST(WeightsFile, DamagedHeadersAreRejected) {
  const std::string p = temp_path("hdr.safetensors");
  auto with_header = [&](const std::string& json, size_t data_bytes) {
    std::vector<uint8_t> b(8);
    for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(json.size() >> (8 * i));
    b.insert(b.end(), json.begin(), json.end());
    b.resize(b.size() + data_bytes);
    write_bytes(p, b);
    return load_error(p);
  };
  EXPECT_NE(with_header("{not json", 0).find("corrupt header"), std::string::npos);
  EXPECT_NE(with_header("[1,2]", 0).find("not a JSON object"), std::string::npos);
  EXPECT_NE(with_header(R"({"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}})", 4).find("unsupported dtype"),
            std::string::npos);
  EXPECT_NE(with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4).find("does not match"),
            std::string::npos);
  EXPECT_NE(with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 2).find("outside the file"),
            std::string::npos);
  EXPECT_NE(with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8)
                .find("overlap"), std::string::npos);
  EXPECT_NE(with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4).find("data_sha256"),
            std::string::npos);
  // A header length larger than the file.
  write_bytes(p, {0xff, 0xff, 0xff, 0x00, 0, 0, 0, 0, '{', '}'});
  EXPECT_NE(load_error(p).find("exceeds the file"), std::string::npos);
  std::remove(p.c_str());
}

TEST(WeightsFile, RandomByteFlipsNeverCrash) {
  const std::string p = temp_path("fuzz.safetensors");
  save_weights(p, sample_weights());
  const std::vector<uint8_t> good = read_bytes(p);
  std::mt19937 rng(1);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> b = good;
    for (int k = 0; k < 3; ++k) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    write_bytes(p, b);
    try {
      load_weights(p);  // a flip inside padding spaces may still load: that is fine
    } catch (const WeightsError&) {
    }
  }
  std::remove(p.c_str());
}

TEST(WeightsFile, SaveIsAtomic) {
  const std::string p = temp_path("atomic.safetensors");
  save_weights(p, sample_weights());
  WeightsFile bad = sample_weights();
  bad.tensors[0].bytes.pop_back();  // inconsistent: refused before anything is written
  EXPECT_THROW(save_weights(p, bad), WeightsError);
  EXPECT_NO_THROW(load_weights(p));  // the earlier file is intact
  EXPECT_THROW(save_weights("/does/not/exist/x.safetensors", sample_weights()), WeightsError);
  std::remove(p.c_str());
}

TEST(NetworkConfig, PresetsAndMetadataRoundTrip) {
  auto a = network_preset("alphago", NetKind::kPolicy);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->layers, 13);
  EXPECT_EQ(a->filters, 192);
  EXPECT_EQ(network_preset("alphago", NetKind::kValue)->input_planes, 49);
  EXPECT_FALSE(network_preset("huge", NetKind::kPolicy));
  // A refusal is InvalidArgument, its message naming the entry.
  auto refused_naming = [](const absl::StatusOr<NetworkConfig>& c, const std::string& name) {
    return !c.ok() && c.status().code() == absl::StatusCode::kInvalidArgument &&
           std::string(c.status().message()).find(name) != std::string::npos;
  };
  auto back = NetworkConfig::from_metadata(a->to_metadata());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->filters, 192);
  EXPECT_EQ(back->preset, "alphago");
  auto meta = a->to_metadata();
  meta["tengen.arch.filters"] = "12x";
  EXPECT_TRUE(refused_naming(NetworkConfig::from_metadata(meta), "tengen.arch.filters"));
  meta = a->to_metadata();
  meta["tengen.arch.layers"] = "1";
  EXPECT_TRUE(refused_naming(NetworkConfig::from_metadata(meta), "layers"));
  EXPECT_TRUE(refused_naming(NetworkConfig::from_metadata({}), "tengen.arch.kind"));
  // Auxiliary value heads: named when present, absent in older files; unknown ones are refused by name.
  NetworkConfig v = *network_preset("cpu", NetKind::kValue);
  EXPECT_EQ(v.to_metadata().count("tengen.arch.value_aux"), 0u);
  v.value_aux = true;
  meta = v.to_metadata();
  ASSERT_TRUE(NetworkConfig::from_metadata(meta).ok());
  EXPECT_TRUE(NetworkConfig::from_metadata(meta)->value_aux);
  meta["tengen.arch.value_aux"] = "ownership,score,territory";
  EXPECT_TRUE(refused_naming(NetworkConfig::from_metadata(meta), "ownership,score,territory"));
  EXPECT_TRUE(v.validate().ok());
  v.filters = 0;
  EXPECT_EQ(v.validate().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tengen::nn

namespace tengen::nn {
namespace {

// The paper's 13 x 192 policy: 5x5x48x192 + 11 x 3x3x192x192 + 192 multiply-adds per point, 361
// points, two operations each; the value network adds its FC layers.
TEST(NetworkConfig, ForwardFlopsCountTheConvolutions) {
  const NetworkConfig policy = *network_preset("alphago", NetKind::kPolicy);
  EXPECT_DOUBLE_EQ(policy.forward_flops(), 2.0 * 361 * (5 * 5 * 48 * 192 + 11 * 9 * 192 * 192 + 192));
  const NetworkConfig value = *network_preset("alphago", NetKind::kValue);
  EXPECT_DOUBLE_EQ(value.forward_flops(),
                   2.0 * (361 * (5 * 5 * 49 * 192 + 11 * 9 * 192 * 192 + 192) + 361 * 256 + 256));
  EXPECT_EQ(network_preset("cpu-large", NetKind::kPolicy)->layers, 10);
}

}  // namespace
}  // namespace tengen::nn
