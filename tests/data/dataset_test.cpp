// Compact game records and shard files (data/dataset.h): encoding, ids, results, the round trip, and
// a clear error (never a crash) for each kind of damaged file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/sgf.h"
#include "data/dataset.h"

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

// A fresh empty folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / (std::string("tengen-dataset-") + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_raw(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

GameRecord record_of(const std::string& sgf) {
  SgfParseResult r = parse_sgf(sgf, "test");
  EXPECT_FALSE(r.error) << r.error->to_string();
  absl::StatusOr<GameRecord> rec = record_from_sgf(r.games.at(0));
  EXPECT_TRUE(rec.ok()) << rec.status();
  return *rec;
}

std::vector<GameRecord> sample_records() {
  return {
      record_of("(;SZ[19]KM[6.5]RE[B+R];B[pd];W[dp];B[pp];W[dd];B[];W[])"),
      record_of("(;SZ[19]HA[2]AB[pd][dp]RE[W+3.5];W[dd];B[pp];W[qq])"),
      record_of("(;SZ[9]RE[Void];B[ee];W[cc])"),  // no KM: komi NaN
      record_of("(;SZ[19])"),                      // no moves at all
  };
}

TEST(DatasetRecord, MoveCodesRoundTripEveryPointAndPass) {
  for (Color c : {Color::kBlack, Color::kWhite}) {
    for (int i = 0; i < kMaxPoints; ++i) {
      const Move m{c, from_dense(i)};
      EXPECT_EQ(decode_move(encode_move(m)), m);
      EXPECT_FALSE(is_pass_code(encode_move(m)));
    }
    EXPECT_EQ(decode_move(encode_move(Move{c, kPass})), (Move{c, kPass}));
    EXPECT_TRUE(is_pass_code(encode_move(Move{c, kPass})));
  }
}

TEST(DatasetRecord, WinnerFromResultText) {
  for (const char* b : {"B+R", "B+Resign", "B+12.50", "B+", "B+T", "b+3", " B+F"}) EXPECT_EQ(winner_from_result(b), 1) << b;
  for (const char* w : {"W+R", "W+Time", "W+0.5", "W+", "W+1\xe5\x8d\x8a"}) EXPECT_EQ(winner_from_result(w), -1) << w;
  for (const char* u : {"", "Void", "Jigo", "0", "?", "Unfinished", "X+", "Game suspended", "B", "W"})
    EXPECT_EQ(winner_from_result(u), 0) << u;
}

TEST(DatasetRecord, MarginFromResultTextInHalfPoints) {
  const std::pair<const char*, int> cases[] = {{"B+3.5", 7}, {"W+12", 24}, {"W+0.5", 1}, {"b+3", 6},
                                               {"B+12.50", 25}, {"W+200", 255}, {"B+3.5 ", 7}};
  for (const auto& [text, half_points] : cases) EXPECT_EQ(margin2_from_result(text), half_points) << text;
  // No number, no winner, or not a plain decimal: no margin.
  for (const char* none : {"B+R", "B+Resign", "W+Time", "B+T", "W+F", "B+", "0", "Jigo", "Void", "?", "", "B+0x10",
                           "B+1e3", "W+-3", "B+inf", "B+nan", "B+3.5x", "W+1\xe5\x8d\x8a"})
    EXPECT_EQ(margin2_from_result(none), 0) << none;
}

TEST(DatasetRecord, FieldsFromSgf) {
  const std::vector<GameRecord> r = sample_records();
  EXPECT_EQ(r[0].size, 19);
  EXPECT_FLOAT_EQ(r[0].komi, 6.5f);
  EXPECT_EQ(r[0].winner, 1);
  EXPECT_EQ(r[0].moves.size(), 6u);
  EXPECT_EQ(r[0].stone_moves(), 4);
  EXPECT_EQ(decode_move(r[0].moves[1]), (Move{Color::kWhite, make_point(3, 15)}));  // dp
  EXPECT_EQ(r[1].handicap, 2);
  EXPECT_EQ(r[1].winner, -1);
  EXPECT_EQ(r[1].setup.size(), 2u);
  EXPECT_EQ(r[2].size, 9);
  EXPECT_TRUE(std::isnan(r[2].komi));
  EXPECT_EQ(r[2].winner, 0);
  for (const GameRecord& g : r) EXPECT_EQ(g.id, game_id(g.size, g.setup, g.moves));
}

// What a record cannot hold is refused as InvalidArgument, the reason as its message.
TEST(DatasetRecord, AnUnrepresentableGameIsAnInvalidArgumentSayingWhy) {
  SgfGame g;
  g.size = 0;  // a rectangular board (SZ[19:13])
  absl::StatusOr<GameRecord> r = record_from_sgf(g);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(r.status().message()), "unsupported board size 0");
  g.size = 9;
  g.moves.push_back(Move{Color::kBlack, make_point(10, 3)});  // off a 9x9 board
  r = record_from_sgf(g);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.status().message()), "move off the board");
  g.moves.back().point = make_point(2, 3);
  EXPECT_TRUE(record_from_sgf(g).ok());
}

TEST(DatasetRecord, IdIsTheGameNotTheMetadataNorTheSetUpOrder) {
  const GameRecord a = record_of("(;SZ[19]KM[6.5]RE[B+R]AB[aa][bb]AW[cc];B[pd];W[dp])");
  EXPECT_EQ(record_of("(;SZ[19]KM[0.5]RE[W+2]AW[cc]AB[bb][aa];B[pd];W[dp])").id, a.id);  // same game
  EXPECT_NE(record_of("(;SZ[19]AB[aa][bb]AW[cc];B[pd];W[dq])").id, a.id);                  // one move differs
  EXPECT_NE(record_of("(;SZ[19]AB[aa][bb]AW[cc];W[pd];B[dp])").id, a.id);                  // colours differ
  EXPECT_NE(record_of("(;SZ[19]AB[aa][bb];B[pd];W[dp])").id, a.id);                        // set-up differs
  EXPECT_NE(record_of("(;SZ[13]AB[aa][bb]AW[cc];B[jd];W[dj])").id,
            record_of("(;SZ[19]AB[aa][bb]AW[cc];B[jd];W[dj])").id);                          // size differs
  EXPECT_NE(record_of("(;SZ[19];B[pd];W[dp];B[])").id, record_of("(;SZ[19];B[pd];W[dp])").id);  // a pass counts
}

TEST(DatasetRecord, ReplayGivesThePositionBeforeTheMove) {
  const GameRecord r = record_of("(;SZ[19]HA[2]AB[pd][dp];W[dd];B[pp];W[qq])");
  Game g;
  ASSERT_FALSE(replay_record(r, 2, g, true));
  EXPECT_EQ(g.move_number(), 2);
  EXPECT_EQ(g.to_move(), Color::kWhite);
  EXPECT_EQ(g.board().at(make_point(15, 15)), Color::kBlack);
  EXPECT_EQ(g.handicap(), 2);
  const GameRecord bad = record_of("(;SZ[19];B[pd];W[pd])");
  MoveError e = MoveError::kNone;
  std::optional<std::string> why = replay_record(bad, 2, g, false, &e);
  ASSERT_TRUE(why);
  EXPECT_EQ(e, MoveError::kOccupied);
  EXPECT_NE(why->find("move 2"), std::string::npos) << *why;
}

TEST(DatasetShard, WriteReadRoundTripIsExact) {
  TempDir dir;
  const std::vector<GameRecord> records = sample_records();
  const std::string path = dir.file("a.tgd.zst");
  write_shard(path, records);
  const std::vector<GameRecord> back = read_shard(path);
  ASSERT_EQ(back.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) EXPECT_TRUE(back[i] == records[i]) << "record " << i;
  // Empty shards are valid too; rewriting replaces the file and leaves no temporary behind.
  write_shard(path, {});
  EXPECT_TRUE(read_shard(path).empty());
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
}

TEST(DatasetShard, LayoutStartsWithMagicVersionAndCount) {
  const std::string raw = serialize_records(sample_records());
  ASSERT_GE(raw.size(), 16u);
  EXPECT_EQ(raw.substr(0, 8), "TGDSHARD");
  EXPECT_EQ(static_cast<uint8_t>(raw[8]), kShardVersion);
  EXPECT_EQ(static_cast<uint8_t>(raw[12]), 4);  // record count, little-endian
  // The file is a plain zstd stream (zstd's magic 28 b5 2f fd).
  const std::string z = compress_bytes(raw, 3, "x");
  EXPECT_EQ(static_cast<uint8_t>(z[0]), 0x28);
  EXPECT_EQ(static_cast<uint8_t>(z[3]), 0xfd);
}

TEST(DatasetShard, TheMarginByteRoundTripsAndVersionOneShardsStillRead) {
  const GameRecord scored = record_of("(;SZ[19]KM[6.5]RE[W+12.5];B[pd];W[dp])");
  ASSERT_EQ(scored.margin2, 25);
  std::string raw = serialize_records({scored});
  EXPECT_EQ(parse_records(raw, "v2")[0].margin2, 25);
  // Header: magic (8), version (4), count (4); the record: id (8), size, handicap, winner, margin.
  constexpr size_t kMargin = 16 + 8 + 3;
  ASSERT_EQ(static_cast<uint8_t>(raw[kMargin]), 25);
  raw[8] = 1;  // a version 1 shard: the byte was reserved, so a margin there is damage
  EXPECT_THROW(parse_records(raw, "v1"), DatasetError);
  raw[kMargin] = 0;
  const std::vector<GameRecord> v1 = parse_records(raw, "v1");
  ASSERT_EQ(v1.size(), 1u);
  EXPECT_EQ(v1[0].margin2, 0);
  EXPECT_EQ(v1[0].winner, -1);
}

// Every damaged file gives a DatasetError whose message names the file and contains `what`.
void expect_error(const std::string& path, const std::string& what) {
  try {
    read_shard(path);
    ADD_FAILURE() << path << ": no error, expected one containing '" << what << "'";
  } catch (const DatasetError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path, 0), 0u) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << "expected '" << what << "' in: " << msg;
  }
}

TEST(DatasetShard, DamagedFilesGiveClearErrors) {
  TempDir dir;
  const std::vector<GameRecord> records = sample_records();
  const std::string raw = serialize_records(records);
  const std::string good = compress_bytes(raw, 10, "good");

  expect_error(dir.file("missing.tgd.zst"), "cannot open");
  write_raw(dir.file("empty"), "");
  expect_error(dir.file("empty"), "empty file");
  write_raw(dir.file("text"), "this is not a shard at all, just some text\n");
  expect_error(dir.file("text"), "not a zstd-compressed shard");
  write_raw(dir.file("raw"), raw);  // uncompressed
  expect_error(dir.file("raw"), "not a zstd-compressed shard");
  for (size_t cut : {size_t{5}, good.size() / 2, good.size() - 1}) {
    write_raw(dir.file("cut"), good.substr(0, cut));
    expect_error(dir.file("cut"), "truncated");
  }
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  write_raw(dir.file("flipped"), flipped);
  expect_error(dir.file("flipped"), "corrupt");

  // Valid zstd around bad contents: the shard layer's own checks.
  auto with_raw = [&](const std::string& name, const std::string& bytes, const std::string& what) {
    write_raw(dir.file(name), compress_bytes(bytes, 3, name));
    expect_error(dir.file(name), what);
  };
  with_raw("magic", "NOTASHRD" + raw.substr(8), "wrong magic");
  with_raw("short", "TGD", "wrong magic");
  std::string v = raw;
  v[8] = 7;
  with_raw("version", v, "unsupported shard version 7");
  with_raw("records-cut", raw.substr(0, raw.size() - 3), "truncated");
  with_raw("header-cut", raw.substr(0, 12), "truncated");
  with_raw("trailing", raw + "xx", "after the last record");
  std::string count = raw;
  count[12] = 9;  // claims 9 records, holds 4
  with_raw("count", count, "truncated");
  std::string move = raw;
  move[16 + 20] ^= 0x01;  // first record's first move: still a valid point, but not this game's
  with_raw("move", move, "id does not match");
  std::string size = raw;
  size[16 + 8] = 25;  // first record's board size
  with_raw("size", size, "bad size");
}

// Random damage, on both layers: the read either succeeds or throws DatasetError; it never crashes.
TEST(DatasetShard, RandomDamageNeverCrashes) {
  TempDir dir;
  const std::string raw = serialize_records(sample_records());
  const std::string good = compress_bytes(raw, 10, "good");
  std::mt19937 rng(7);
  int errors = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const bool compressed = trial % 2 == 0;
    std::string bytes = compressed ? good : raw;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    try {
      if (compressed) {
        write_raw(dir.file("x"), bytes);
        read_shard(dir.file("x"));
      } else {
        parse_records(bytes, "x");
      }
    } catch (const DatasetError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 1500);  // nearly every damaged file is caught (flips of padding-free data)
}

TEST(DatasetShard, WriteFailureNamesTheFile) {
  try {
    write_shard("/nonexistent-folder/x.tgd.zst", sample_records());
    ADD_FAILURE() << "no error";
  } catch (const DatasetError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.tgd.zst"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tengen::nn
