// Compact game records and the shard files that hold them (docs/DATA.md).
//
// A GameRecord keeps only what training needs: board size, komi, handicap, the set-up stones, the
// moves with their colours, and the result as a winner sign. Points are packed into 16-bit codes
// (bit 15: White; bits 0..8: y*19+x from the top left, 361 = pass), so a 250-move game takes ~520
// bytes in memory and ~250 bytes on disk after compression.
//
// Shard file (`train-00000.tgd.zst`): one zstd stream (with zstd's content checksum) of
//   header   8 bytes  magic "TGDSHARD"
//            u32      format version (kShardVersion)
//            u32      record count N
//   N records, each:
//            u64      id (game_id of the record; checked on read, so corruption inside is caught)
//            u8       board size (5..19)
//            u8       handicap (HA; 0 when none)
//            i8       winner: +1 Black won, -1 White won, 0 unknown, void or draw
//            u8       margin: the winner's margin from RE in half points (RE[B+3.5]: 7), clamped to
//                     255; 0 when RE gives none (resignation, time, forfeit, unknown). Version 1
//                     shards hold 0 here (read as "no margin").
//            f32      komi (IEEE 754; NaN when the record had none)
//            u16      set-up stone count S
//            u16      move count M
//            u16 x S  set-up stones (point codes as above, never pass), in the record's order
//            u16 x M  moves in order (point codes, passes as 361)
// All integers little-endian. Nothing may follow the last record. `zstd -d` decompresses a shard.
//
// Contract: write_shard writes through io::write_file_atomically (temporary file, fsync, rename,
// folder fsync), so a reader never sees a half-written shard; a failure is a DatasetError. read_shard never crashes on any input: a missing,
// empty, truncated, corrupt, wrong-magic or wrong-version file throws DatasetError whose message
// starts with the file name and says what is wrong.
// Thread-safety: free functions on values; independent calls may run on any threads.
#pragma once

#include <absl/status/statusor.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/game.h"
#include "engine/sgf.h"
#include "engine/types.h"

namespace tengen::nn {

class DatasetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

constexpr char kShardMagic[8] = {'T', 'G', 'D', 'S', 'H', 'A', 'R', 'D'};
constexpr uint32_t kShardVersion = 2;  // 2: the margin byte; version 1 shards are still read
constexpr const char* kShardExtension = ".tgd.zst";  // "Tengen game data", zstd-compressed

constexpr uint16_t kPassCode = kMaxPoints;  // 361
constexpr uint16_t kWhiteBit = 0x8000;
constexpr uint16_t kPointMask = 0x01ff;

// A point and colour as a 16-bit code; a pass keeps its colour. `m.point` must be a board point or kPass.
constexpr uint16_t encode_move(Move m) {
  const uint16_t where = m.point == kPass ? kPassCode : static_cast<uint16_t>(dense_index(m.point));
  return static_cast<uint16_t>(where | (m.color == Color::kWhite ? kWhiteBit : 0));
}
constexpr Move decode_move(uint16_t code) {
  const int where = code & kPointMask;
  return Move{(code & kWhiteBit) ? Color::kWhite : Color::kBlack, where == kPassCode ? kPass : from_dense(where)};
}
constexpr bool is_pass_code(uint16_t code) { return (code & kPointMask) == kPassCode; }

struct GameRecord {
  uint64_t id = 0;      // game_id(size, setup, moves): equal ids = the same game (deduplication key)
  uint8_t size = 19;
  uint8_t handicap = 0;
  int8_t winner = 0;    // +1 Black won, -1 White won, 0 unknown / void / jigo
  uint8_t margin2 = 0;  // the winner's margin in half points when RE gives one (B+3.5: 7); 0: none
  float komi = 0;       // NaN when the record gave none
  std::vector<uint16_t> setup;  // set-up stones in the record's order (order matters to replay)
  std::vector<uint16_t> moves;  // moves in order, passes included

  // Moves that put a stone on the board: the positions a policy network is trained on.
  int stone_moves() const;
  bool operator==(const GameRecord& o) const;
};

// 64-bit hash of size, set-up stones (as a set: their order does not change the position) and the
// move sequence with colours. Komi, handicap and result are left out on purpose: the same game
// copied into two collections often differs only there. Stable across runs and machines.
uint64_t game_id(int size, const std::vector<uint16_t>& setup, const std::vector<uint16_t>& moves);

// +1 for "B+..." (any margin or none: "B+R", "B+12.5", "B+"), -1 for "W+...", 0 otherwise
// ("Void", "Jigo", "0", "?", "Unfinished", missing).
int winner_from_result(std::string_view result);

// The margin of a result in half points: "B+3.5" -> 7, "W+12" -> 24 (clamped to 255); 0 for a
// result without a number ("B+R", "W+Time", "B+Forfeit", "B+") or without a winner.
int margin2_from_result(std::string_view result);

// The compact record of a parsed game, with its id. Fails (InvalidArgument, the reason as its
// message) only when the record cannot be represented: a board size outside 5..19, more than 65535
// moves or set-up stones, a move or stone off the board. Legality is not checked here: see replay_record.
absl::StatusOr<GameRecord> record_from_sgf(const SgfGame& game);

// True when no two consecutive moves have the same colour (passes count as moves). Records that
// break it are missing moves, so the side to move — and every plane relative to it — would be wrong.
bool colours_alternate(const GameRecord& record);

// Replays the set-up stones and the first `moves` moves into `out` (the position before move
// `moves`, 0-based), legality checked, exactly as the loader will. On an illegal move or set-up
// stone returns the reason ("illegal move at move 57 (W D4): point occupied") and sets *error (when
// given; kNone for a bad set-up stone). The side to move before the first move is that move's colour.
std::optional<std::string> replay_record(const GameRecord& record, int moves, Game& out, bool positional_superko,
                                         MoveError* error = nullptr);

// Shards. compression_level: zstd's 1..19 (higher: smaller and slower to write; reading speed does
// not depend on it).
void write_shard(const std::string& path, const std::vector<GameRecord>& records, int compression_level = 10);
std::vector<GameRecord> read_shard(const std::string& path);

// The steps of write_shard / read_shard, exposed so tests can build damaged files: the uncompressed
// bytes and their parse, and the zstd layer (decompress_bytes reports errors against `name`).
std::string serialize_records(const std::vector<GameRecord>& records);
std::vector<GameRecord> parse_records(std::string_view bytes, const std::string& name);
std::string compress_bytes(std::string_view raw, int compression_level, const std::string& name);
std::string decompress_bytes(std::string_view compressed, const std::string& name);

}  // namespace tengen::nn
