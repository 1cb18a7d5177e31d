#include "data/dataset.h"

#include "engine/hash.h"
#include "engine/text_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "io/atomic_file.h"

namespace tengen::nn {

namespace {

constexpr size_t kHeaderBytes = 16;        // magic, version, count
constexpr size_t kRecordFixedBytes = 20;   // id .. move count
// A shard of 10,000 games is ~5 MB uncompressed. Refusing absurd sizes keeps a corrupt or hostile
// file from exhausting memory before its damage is noticed.
constexpr size_t kMaxShardBytes = size_t{1} << 32;


struct Fnv {
  uint64_t h = 0xcbf29ce484222325ull;
  void byte(uint8_t b) { h = (h ^ b) * 0x100000001b3ull; }
  void u16(uint16_t v) { byte(static_cast<uint8_t>(v)); byte(static_cast<uint8_t>(v >> 8)); }
  void u32(uint32_t v) { u16(static_cast<uint16_t>(v)); u16(static_cast<uint16_t>(v >> 16)); }
};

void put_u8(std::string& s, uint8_t v) { s.push_back(static_cast<char>(v)); }
void put_u16(std::string& s, uint16_t v) { put_u8(s, static_cast<uint8_t>(v)); put_u8(s, static_cast<uint8_t>(v >> 8)); }
void put_u32(std::string& s, uint32_t v) { put_u16(s, static_cast<uint16_t>(v)); put_u16(s, static_cast<uint16_t>(v >> 16)); }
void put_u64(std::string& s, uint64_t v) { put_u32(s, static_cast<uint32_t>(v)); put_u32(s, static_cast<uint32_t>(v >> 32)); }

// Bounds-checked little-endian reader over the decompressed bytes; every failure names the file.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}
  size_t left() const { return bytes_.size() - pos_; }
  void need(size_t n, const std::string& what) const {
    if (left() < n) fail("truncated: " + what + " needs " + std::to_string(n) + " bytes, " + std::to_string(left()) + " left");
  }
  uint8_t u8() { return static_cast<uint8_t>(bytes_[pos_++]); }
  uint16_t u16() { uint16_t lo = u8(); return static_cast<uint16_t>(lo | (u8() << 8)); }
  uint32_t u32() { uint32_t lo = u16(); return lo | (static_cast<uint32_t>(u16()) << 16); }
  uint64_t u64() { uint64_t lo = u32(); return lo | (static_cast<uint64_t>(u32()) << 32); }
  std::string_view take(size_t n) { std::string_view v = bytes_.substr(pos_, n); pos_ += n; return v; }
  [[noreturn]] void fail(const std::string& what) const { throw DatasetError(name_ + ": " + what); }

 private:
  std::string_view bytes_;
  const std::string& name_;
  size_t pos_ = 0;
};

// A code is valid for a board of `size` when it is a pass or a point inside the board.
bool valid_code(uint16_t code, int size, bool pass_allowed) {
  if (code & ~(kWhiteBit | kPointMask)) return false;
  const int where = code & kPointMask;
  if (where == kPassCode) return pass_allowed;
  if (where > kPassCode) return false;
  return where % kMaxSize < size && where / kMaxSize < size;
}

// A shard as written holds a few thousand games in a few MB; 1 GiB compressed is not a shard, and a
// FIFO or /dev/zero given as one must not exhaust memory.
constexpr size_t kMaxCompressedShardBytes = size_t{1} << 30;

}  // namespace

// Streaming decompression, so a truncated frame (which has no end) is told apart from a complete one
// and a lying content-size field is never trusted for an allocation.
std::string decompress_bytes(std::string_view compressed, const std::string& path) {
  if (compressed.empty()) throw DatasetError(path + ": empty file (not a shard)");
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) throw DatasetError(path + ": out of memory for zstd");
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  size_t ret = 0;
  bool output_full = false;
  do {  // also called once more after the input is used up while the output was full: it may hold more
    ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
    ret = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(ret)) {
      const std::string why = ZSTD_getErrorName(ret);
      if (ZSTD_getErrorCode(ret) == ZSTD_error_prefix_unknown) throw DatasetError(path + ": not a zstd-compressed shard (zstd: " + why + ")");
      throw DatasetError(path + ": corrupt compressed data (zstd: " + why + ")");
    }
    out.append(chunk.data(), o.pos);
    if (out.size() > kMaxShardBytes) throw DatasetError(path + ": corrupt: decompresses to more than 4 GiB");
    output_full = o.pos == o.size;
  } while (in.pos < in.size || output_full);
  // 0 means the last frame was decoded to its end (and its checksum verified).
  if (ret != 0) throw DatasetError(path + ": truncated: the zstd stream ends in the middle of a frame");
  return out;
}

int GameRecord::stone_moves() const {
  return static_cast<int>(std::count_if(moves.begin(), moves.end(), [](uint16_t c) { return !is_pass_code(c); }));
}

bool GameRecord::operator==(const GameRecord& o) const {
  const bool same_komi = (std::isnan(komi) && std::isnan(o.komi)) || komi == o.komi;
  return id == o.id && size == o.size && handicap == o.handicap && winner == o.winner && margin2 == o.margin2 &&
         same_komi &&
         setup == o.setup && moves == o.moves;
}

uint64_t game_id(int size, const std::vector<uint16_t>& setup, const std::vector<uint16_t>& moves) {
  std::vector<uint16_t> stones(setup);
  std::sort(stones.begin(), stones.end());
  Fnv f;
  f.u32(static_cast<uint32_t>(size));
  f.u32(static_cast<uint32_t>(stones.size()));
  for (uint16_t c : stones) f.u16(c);
  f.u32(static_cast<uint32_t>(moves.size()));
  for (uint16_t c : moves) f.u16(c);
  return mix64(f.h);
}

int winner_from_result(std::string_view result) {
  size_t i = 0;
  while (i < result.size() && (result[i] == ' ' || result[i] == '\t' || result[i] == '\n')) ++i;
  if (i + 1 >= result.size() || result[i + 1] != '+') return 0;
  const char c = result[i];
  if (c == 'B' || c == 'b') return 1;
  if (c == 'W' || c == 'w') return -1;
  return 0;
}

int margin2_from_result(std::string_view result) {
  if (winner_from_result(result) == 0) return 0;
  const size_t plus = result.find('+');
  const std::string number(result.substr(plus + 1));
  char* end = nullptr;
  const double margin = std::strtod(number.c_str(), &end);
  // Only a plain decimal margin counts ("R", "Resign", "T", hex or an exponent do not).
  if (end == number.c_str() || !std::isdigit(static_cast<unsigned char>(number[0])) ||
      number.find_first_of("xXeE") != std::string::npos || !(margin > 0) || std::isinf(margin))
    return 0;
  while (*end == ' ') ++end;
  if (*end != '\0') return 0;
  return static_cast<int>(std::lround(std::min(2 * margin, 255.0)));
}

absl::StatusOr<GameRecord> record_from_sgf(const SgfGame& game) {
  auto fail = [](const std::string& why) { return absl::InvalidArgumentError(why); };
  if (game.size < kMinSize || game.size > kMaxSize)
    return fail("unsupported board size " + std::to_string(game.size));
  if (game.moves.size() > 0xffff) return fail("more than 65535 moves");
  if (game.setup.size() > 0xffff) return fail("more than 65535 set-up stones");
  GameRecord r;
  r.size = static_cast<uint8_t>(game.size);
  r.handicap = static_cast<uint8_t>(std::clamp(game.handicap, 0, 255));
  r.winner = static_cast<int8_t>(winner_from_result(game.result));
  r.margin2 = static_cast<uint8_t>(margin2_from_result(game.result));
  r.komi = game.komi ? static_cast<float>(*game.komi) : std::numeric_limits<float>::quiet_NaN();
  r.setup.reserve(game.setup.size());
  for (const auto& [p, c] : game.setup) {
    if (p < 0 || point_x(p) < 0 || point_y(p) < 0 || point_x(p) >= game.size || point_y(p) >= game.size ||
        (c != Color::kBlack && c != Color::kWhite))
      return fail("set-up stone off the board");
    r.setup.push_back(encode_move(Move{c, p}));
  }
  r.moves.reserve(game.moves.size());
  for (const Move& m : game.moves) {
    const bool on_board = m.point >= 0 && point_x(m.point) >= 0 && point_y(m.point) >= 0 &&
                          point_x(m.point) < game.size && point_y(m.point) < game.size;
    if (m.point != kPass && !on_board) return fail("move off the board");
    if (m.color != Color::kBlack && m.color != Color::kWhite) return fail("move without colour");
    r.moves.push_back(encode_move(m));
  }
  r.id = game_id(r.size, r.setup, r.moves);
  return r;
}

bool colours_alternate(const GameRecord& record) {
  for (size_t i = 1; i < record.moves.size(); ++i)
    if ((record.moves[i] & kWhiteBit) == (record.moves[i - 1] & kWhiteBit)) return false;
  return true;
}

std::optional<std::string> replay_record(const GameRecord& record, int moves, Game& out, bool positional_superko,
                                         MoveError* error) {
  if (error) *error = MoveError::kNone;
  GameRules rules;
  rules.komi = std::isnan(record.komi) ? 0.0 : record.komi;
  rules.ko = positional_superko ? KoRule::kPositional : KoRule::kSimple;
  out = Game(record.size, rules);
  // As replay_sgf: the first move's own colour moves first (White after handicap stones).
  const Color first = !record.moves.empty() ? decode_move(record.moves[0]).color
                      : record.handicap >= 2 ? Color::kWhite
                                             : Color::kBlack;
  out.set_to_move(first);
  for (uint16_t code : record.setup) {
    const Move s = decode_move(code);
    if (s.point == kPass || !out.add_setup_stone(s.point, s.color))
      return std::string("bad set-up stone ") + (s.color == Color::kBlack ? "AB " : "AW ") +
             point_to_gtp(s.point, record.size) + ": point occupied or without liberty";
  }
  out.set_handicap(record.handicap);
  out.set_to_move(first);
  const int n = std::min<int>(moves, static_cast<int>(record.moves.size()));
  for (int i = 0; i < n; ++i) {
    const Move m = decode_move(record.moves[static_cast<size_t>(i)]);
    const MoveError e = out.play(m.point, m.color);
    if (e != MoveError::kNone) {
      if (error) *error = e;
      return "illegal move at move " + std::to_string(i + 1) + " (" + (m.color == Color::kBlack ? "B " : "W ") +
             point_to_gtp(m.point, record.size) + "): " + move_error_text(e);
    }
  }
  return std::nullopt;
}

std::string serialize_records(const std::vector<GameRecord>& records) {
  if (records.size() > std::numeric_limits<uint32_t>::max()) throw DatasetError("too many records for one shard");
  size_t total = kHeaderBytes;
  for (const GameRecord& r : records) total += kRecordFixedBytes + 2 * (r.setup.size() + r.moves.size());
  std::string s;
  s.reserve(total);
  s.append(kShardMagic, sizeof kShardMagic);
  put_u32(s, kShardVersion);
  put_u32(s, static_cast<uint32_t>(records.size()));
  for (const GameRecord& r : records) {
    if (r.setup.size() > 0xffff || r.moves.size() > 0xffff) throw DatasetError("record too long for the shard format");
    put_u64(s, r.id);
    put_u8(s, r.size);
    put_u8(s, r.handicap);
    put_u8(s, static_cast<uint8_t>(r.winner));
    put_u8(s, r.winner != 0 ? r.margin2 : 0);
    uint32_t komi_bits;
    std::memcpy(&komi_bits, &r.komi, 4);
    put_u32(s, komi_bits);
    put_u16(s, static_cast<uint16_t>(r.setup.size()));
    put_u16(s, static_cast<uint16_t>(r.moves.size()));
    for (uint16_t c : r.setup) put_u16(s, c);
    for (uint16_t c : r.moves) put_u16(s, c);
  }
  return s;
}

std::vector<GameRecord> parse_records(std::string_view bytes, const std::string& name) {
  ByteReader in(bytes, name);
  if (in.left() < sizeof kShardMagic || std::memcmp(bytes.data(), kShardMagic, sizeof kShardMagic) != 0)
    in.fail("wrong magic: not a Tengen game shard (expected \"TGDSHARD\")");
  in.take(sizeof kShardMagic);
  in.need(8, "the header");
  const uint32_t version = in.u32();
  if (version != 1 && version != kShardVersion)
    in.fail("unsupported shard version " + std::to_string(version) + " (this build reads 1 and " +
            std::to_string(kShardVersion) + ")");
  const uint32_t count = in.u32();
  std::vector<GameRecord> records;
  // Each record takes at least kRecordFixedBytes, so a corrupt count cannot make us reserve much.
  records.reserve(std::min<size_t>(count, in.left() / kRecordFixedBytes));
  for (uint32_t i = 0; i < count; ++i) {
    const std::string which = "record " + std::to_string(i) + " of " + std::to_string(count);
    in.need(kRecordFixedBytes, which);
    GameRecord r;
    r.id = in.u64();
    r.size = in.u8();
    r.handicap = in.u8();
    r.winner = static_cast<int8_t>(in.u8());
    r.margin2 = in.u8();
    const uint32_t komi_bits = in.u32();
    std::memcpy(&r.komi, &komi_bits, 4);
    const uint16_t setup_count = in.u16(), move_count = in.u16();
    if (r.size < kMinSize || r.size > kMaxSize || r.winner < -1 || r.winner > 1 ||
        (r.margin2 != 0 && (version == 1 || r.winner == 0)))
      in.fail("corrupt " + which + ": bad size, winner or margin byte");
    in.need(2 * (size_t{setup_count} + move_count), which + " (stones and moves)");
    r.setup.resize(setup_count);
    r.moves.resize(move_count);
    for (uint16_t& c : r.setup) c = in.u16();
    for (uint16_t& c : r.moves) c = in.u16();
    for (uint16_t c : r.setup)
      if (!valid_code(c, r.size, false)) in.fail("corrupt " + which + ": bad set-up stone code " + std::to_string(c));
    for (uint16_t c : r.moves)
      if (!valid_code(c, r.size, true)) in.fail("corrupt " + which + ": bad move code " + std::to_string(c));
    if (game_id(r.size, r.setup, r.moves) != r.id) in.fail("corrupt " + which + ": id does not match its moves");
    records.push_back(std::move(r));
  }
  if (in.left() != 0) in.fail("corrupt: " + std::to_string(in.left()) + " bytes after the last record");
  return records;
}

std::string compress_bytes(std::string_view raw, int compression_level, const std::string& name) {
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  if (!ctx) throw DatasetError(name + ": out of memory for zstd");
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, compression_level);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1);  // a flipped byte fails the read
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  const size_t n = ZSTD_compress2(ctx.get(), out.data(), out.size(), raw.data(), raw.size());
  if (ZSTD_isError(n)) throw DatasetError(name + ": zstd compression failed: " + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

void write_shard(const std::string& path, const std::vector<GameRecord>& records, int compression_level) {
  try {
    io::write_file_atomically(path, compress_bytes(serialize_records(records), compression_level, path));
  } catch (const io::WriteError& e) {
    throw DatasetError(e.what());
  }
}

std::vector<GameRecord> read_shard(const std::string& path) {
  std::string error;
  const std::optional<std::string> compressed = read_file_capped(path, kMaxCompressedShardBytes, &error);
  if (!compressed) throw DatasetError(path + ": " + error);
  return parse_records(decompress_bytes(*compressed, path), path);
}

}  // namespace tengen::nn
