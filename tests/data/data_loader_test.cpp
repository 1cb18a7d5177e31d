// The data loader (data/data_loader.h): every batch entry equals the replayed position's planes under
// its symmetry with the symmetry-mapped played move; batches depend only on (seed, k), whatever the
// thread count; z has the right sign.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/features.h"
#include "engine/sgf.h"
#include "engine/symmetry.h"
#include "data/data_loader.h"
#include "data/dataset_builder.h"

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(TENGEN_FIXTURES) + "/sgf";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

SgfGame parse_file(const std::string& name) {
  SgfParseResult r = parse_sgf(read_file(kFixtures + "/" + name), name);
  EXPECT_FALSE(r.error);
  return r.games.at(0);
}

GameRecord record_of(const SgfGame& g) {
  absl::StatusOr<GameRecord> r = record_from_sgf(g);
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

// The 42 usable sample games, and each one's parsed SGF by id (for independent replays).
struct Sample {
  std::vector<GameRecord> games;
  std::map<uint64_t, SgfGame> sgf;
};

const Sample& sample() {
  static const Sample s = [] {
    Sample out;
    DatasetBuilder b{BuildOptions{}};
    b.add_inputs({kFixtures});
    out.games = b.train_games();
    out.games.insert(out.games.end(), b.val_games().begin(), b.val_games().end());
    for (const auto& e : fs::directory_iterator(kFixtures)) {
      if (e.path().extension() != ".sgf") continue;
      SgfParseResult r = parse_sgf(read_file(e.path().string()), e.path().string());
      for (const SgfGame& g : r.games)
        if (absl::StatusOr<GameRecord> rec = record_from_sgf(g); rec.ok()) out.sgf.emplace(rec->id, g);
    }
    return out;
  }();
  return s;
}

// The position before move m of an SGF game, each point moved by symmetry `sym`, replayed with
// the SGF reader's own replay (not the loader's).
Game replay_transformed(const SgfGame& record, int m, int sym) {
  SgfGame t = record;
  t.moves.resize(static_cast<size_t>(m));
  for (auto& [p, c] : t.setup) p = apply_symmetry(p, sym, t.size);
  for (Move& mv : t.moves) mv.point = apply_symmetry(mv.point, sym, t.size);
  Game g;
  GameRules rules;
  rules.ko = KoRule::kSimple;
  EXPECT_FALSE(replay_sgf(t, g, rules));
  return g;
}

TEST(DataLoader, IndexHoldsEveryStoneMoveOfEveryGame) {
  const PositionIndex index(sample().games);
  int64_t expected = 0;
  for (const GameRecord& g : sample().games) expected += g.stone_moves();
  EXPECT_EQ(index.positions(), expected);
  EXPECT_EQ(index.positions(), 7564);
  for (int64_t i = 0; i < index.positions(); ++i) ASSERT_NE(index.played(i).point, kPass);
}

TEST(DataLoader, BatchEntriesAreTheReplayedPositionUnderTheirSymmetry) {
  const PositionIndex index(sample().games);
  const int n = 19, area = n * n;
  for (FeatureSet set : {FeatureSet::kPolicy48, FeatureSet::kValue49}) {
    BatchOptions o;
    o.features = set;
    o.batch_size = 48;
    o.seed = 2016;
    const int c = num_planes(set);
    std::set<int> symmetries_seen;
    for (int64_t k : {0, 9}) {
      const Batch b = make_random_batch(index, o, k);
      ASSERT_EQ(b.size, 48);
      ASSERT_EQ(b.planes.size(), static_cast<size_t>(48 * c * area));
      EXPECT_EQ(b.index, k);
      const std::vector<Draw> draws = random_draws(o, k, index.positions());
      for (int slot = 0; slot < b.size; ++slot) {
        const Draw d = draws[static_cast<size_t>(slot)];
        symmetries_seen.insert(d.symmetry);
        const PositionIndex::Entry e = index.entry(d.position);
        const SgfGame& record = sample().sgf.at(index.games()[e.game].id);
        const float* got = b.planes.data() + static_cast<size_t>(slot) * c * area;
        // 1. The planes: extract_features of the independently replayed position under the symmetry.
        Game g;
        SgfGame prefix = record;
        prefix.moves.resize(e.move);
        GameRules rules;
        rules.ko = KoRule::kSimple;
        ASSERT_FALSE(replay_sgf(prefix, g, rules));
        std::vector<float> want(static_cast<size_t>(c) * area);
        extract_features(g, set, d.symmetry, want.data());
        ASSERT_TRUE(std::equal(want.begin(), want.end(), got)) << "slot " << slot << " k " << k;
        // 2. The target: the played move moved by the same symmetry...
        const Move played = record.moves[e.move];
        const Point q = apply_symmetry(played.point, d.symmetry, n);
        ASSERT_EQ(b.move[static_cast<size_t>(slot)], point_y(q) * n + point_x(q));
        // ...and planes and target agree: in the transformed game the target is a legal move of the
        // side to move onto an empty point, and its identity planes are the batch's planes.
        const Game t = replay_transformed(record, e.move, d.symmetry);
        EXPECT_EQ(t.to_move(), played.color);
        EXPECT_TRUE(t.is_legal(q, played.color));
        EXPECT_EQ(got[plane::kStoneEmpty * area + b.move[static_cast<size_t>(slot)]], 1.0f);
        std::vector<float> identity(static_cast<size_t>(c) * area);
        extract_features(t, set, 0, identity.data());
        ASSERT_TRUE(std::equal(identity.begin(), identity.end(), got)) << "slot " << slot;
        // 3. z: the game's winner from the mover's view.
        const int winner = winner_from_result(record.result);
        EXPECT_EQ(b.z[static_cast<size_t>(slot)], played.color == Color::kBlack ? winner : -winner);
      }
    }
    EXPECT_EQ(symmetries_seen.size(), 8u);
  }
}

bool same(const Batch& a, const Batch& b) {
  return a.size == b.size && a.index == b.index && a.planes == b.planes && a.move == b.move && a.z == b.z;
}

TEST(DataLoader, SameSeedAndIndexGiveTheSameBatchWhateverTheThreads) {
  auto index = std::make_shared<const PositionIndex>(sample().games);
  LoaderOptions o;
  o.batch.batch_size = 16;
  o.batch.seed = 99;
  std::vector<std::vector<Batch>> runs;
  for (int threads : {0, 1, 3}) {
    o.threads = threads;
    DataLoader loader(index, o);
    std::vector<Batch> batches;
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(loader.next_index(), i);
      batches.push_back(loader.next());
    }
    EXPECT_EQ(loader.stats().batches, 6);
    EXPECT_EQ(loader.stats().positions, 96);
    EXPECT_GT(loader.positions_per_second(), 0);
    runs.push_back(std::move(batches));
  }
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(runs[0][static_cast<size_t>(i)].index, i);
    EXPECT_TRUE(same(runs[0][static_cast<size_t>(i)], runs[1][static_cast<size_t>(i)])) << "batch " << i;
    EXPECT_TRUE(same(runs[0][static_cast<size_t>(i)], runs[2][static_cast<size_t>(i)])) << "batch " << i;
    EXPECT_TRUE(same(runs[0][static_cast<size_t>(i)], make_random_batch(*index, o.batch, i))) << "batch " << i;
  }
  EXPECT_FALSE(same(runs[0][0], runs[0][1]));
  // Resume: a loader started at batch 3 continues exactly where the first one was.
  o.threads = 2;
  o.first_batch = 3;
  DataLoader resumed(index, o);
  for (int i = 3; i < 6; ++i) EXPECT_TRUE(same(resumed.next(), runs[0][static_cast<size_t>(i)])) << "batch " << i;
  // Another seed, another stream.
  BatchOptions other = o.batch;
  other.seed = 100;
  EXPECT_FALSE(same(make_random_batch(*index, other, 0), runs[0][0]));
}

// Data-parallel shares: the parts of batch k, laid end to end, are batch k of one process.
TEST(DataLoader, ThePartsOfABatchAreItsSharesInOrder) {
  const PositionIndex index(sample().games);
  BatchOptions whole;
  whole.batch_size = 12;
  whole.seed = 7;
  for (int parts : {2, 3, 4}) {
    for (int64_t k : {0, 5}) {
      const Batch all = make_random_batch(index, whole, k);
      Batch joined;
      for (int part = 0; part < parts; ++part) {
        BatchOptions o = whole;
        o.part = part;
        o.parts = parts;
        Batch b = make_random_batch(index, o, k);
        ASSERT_EQ(b.size, 12 / parts);
        if (part == 0) {
          joined = b;
          continue;
        }
        joined.size += b.size;
        joined.planes.insert(joined.planes.end(), b.planes.begin(), b.planes.end());
        joined.move.insert(joined.move.end(), b.move.begin(), b.move.end());
        joined.z.insert(joined.z.end(), b.z.begin(), b.z.end());
      }
      EXPECT_EQ(joined.planes, all.planes) << parts << " parts, batch " << k;
      EXPECT_EQ(joined.move, all.move);
      EXPECT_EQ(joined.z, all.z);
    }
  }
  BatchOptions uneven = whole;
  uneven.parts = 5;  // 12 positions do not split into 5 equal shares
  EXPECT_THROW(make_random_batch(index, uneven, 0), DatasetError);
}

TEST(DataLoader, ZIsTheResultFromTheSideToMove) {
  // 02: B+Resign, 01: W+Resign, 09: Void (no winner).
  const std::vector<std::string> files = {"02-kgs-even-japanese-km6.5-B+Resign.sgf",
                                          "01-kgs-even-japanese-km6.5-W+Resign.sgf", "09-kgs-RE-Void.sgf"};
  std::vector<GameRecord> games;
  for (const std::string& f : files) games.push_back(record_of(parse_file(f)));
  ASSERT_EQ(games[0].winner, 1);
  ASSERT_EQ(games[1].winner, -1);
  ASSERT_EQ(games[2].winner, 0);
  const PositionIndex index(games);
  const Batch b = make_ordered_batch(index, FeatureSet::kValue49, 0, static_cast<int>(index.positions()));
  ASSERT_EQ(b.size, index.positions());
  const int area = 19 * 19;
  int checked[3] = {0, 0, 0};
  for (int i = 0; i < b.size; ++i) {
    // The 49th plane says whether Black is to move: an independent reading of the side to move.
    const bool black_to_move = b.planes[(static_cast<size_t>(i) * kValuePlanes + plane::kPlayerIsBlack) * area] == 1.0f;
    const int game = static_cast<int>(index.entry(i).game);
    const float want = game == 0 ? (black_to_move ? 1.0f : -1.0f) : game == 1 ? (black_to_move ? -1.0f : 1.0f) : 0.0f;
    ASSERT_EQ(b.z[static_cast<size_t>(i)], want) << "position " << i << " of game " << files[static_cast<size_t>(game)];
    ++checked[game];
  }
  for (int g = 0; g < 3; ++g) EXPECT_EQ(checked[g], games[static_cast<size_t>(g)].stone_moves());
}

TEST(DataLoader, OrderedBatchesAndErrors) {
  const PositionIndex index(sample().games);
  const Batch tail = make_ordered_batch(index, FeatureSet::kPolicy48, index.positions() - 5, 100, 3);
  EXPECT_EQ(tail.size, 5);
  EXPECT_EQ(tail.move[4], index.target(index.positions() - 1, 3));
  EXPECT_EQ(make_ordered_batch(index, FeatureSet::kPolicy48, index.positions(), 10).size, 0);

  const PositionIndex empty(std::vector<GameRecord>{});
  EXPECT_THROW(make_random_batch(empty, BatchOptions{}, 0), DatasetError);
  EXPECT_THROW(DataLoader(std::make_shared<const PositionIndex>(std::vector<GameRecord>{}), LoaderOptions{}), DatasetError);
  std::vector<GameRecord> mixed = {record_of(parse_file("41-pro-sz9.sgf")), sample().games[0]};
  EXPECT_THROW(PositionIndex{mixed}, DatasetError);
}

TEST(DataLoader, NineByNineTargetsStayOnTheBoard) {
  const PositionIndex index({record_of(parse_file("41-pro-sz9.sgf"))});
  EXPECT_EQ(index.board_size(), 9);
  BatchOptions o;
  o.batch_size = 64;
  const Batch b = make_random_batch(index, o, 0);
  EXPECT_EQ(b.board_size, 9);
  EXPECT_EQ(b.planes.size(), static_cast<size_t>(64 * kPolicyPlanes * 81));
  for (int32_t m : b.move) EXPECT_TRUE(m >= 0 && m < 81) << m;
}

TEST(DataLoader, LoadsASplitFromADatasetFolder) {
  BuildOptions bo;
  bo.shard_games = 8;
  DatasetBuilder b(bo);
  b.add_inputs({kFixtures});
  const fs::path dir = fs::temp_directory_path() / ("tengen-loader-" + std::to_string(::getpid()));
  b.write(dir.string());
  const PositionIndex train = PositionIndex::load(dir.string(), "train");
  const PositionIndex val = PositionIndex::load(dir.string(), "val");
  EXPECT_EQ(train.positions(), b.summary().train.positions);
  EXPECT_EQ(val.positions(), b.summary().val.positions);
  EXPECT_EQ(static_cast<int64_t>(train.games().size()), b.summary().train.games);
  fs::remove_all(dir);
  EXPECT_THROW(PositionIndex::load(dir.string(), "train"), DatasetError);
}

}  // namespace
}  // namespace tengen::nn

namespace tengen::nn {
namespace {

// Value data: one position per record, the one after its last move, z for the side to move then.
TEST(PositionIndexFinal, OnePositionPerGameAfterTheLastMove) {
  GameRecord r;
  r.size = 9;
  r.komi = 7.5f;
  r.moves = {encode_move({Color::kBlack, make_point(2, 2)}), encode_move({Color::kWhite, make_point(6, 6)}),
             encode_move({Color::kBlack, make_point(4, 4)})};
  r.winner = 1;
  GameRecord w = r;
  w.moves.pop_back();
  w.winner = 1;
  const PositionIndex index({r, w}, PositionIndex::Positions::kFinal);
  ASSERT_EQ(index.positions(), 2);
  Game g(9);
  index.replay(0, g);
  EXPECT_EQ(g.move_number(), 3);
  EXPECT_EQ(g.to_move(), Color::kWhite);
  EXPECT_EQ(index.z(0), -1.0f);  // Black won; White to move
  EXPECT_EQ(index.target(0, 3), -1);
  index.replay(1, g);
  EXPECT_EQ(g.move_number(), 2);
  EXPECT_EQ(index.z(1), 1.0f);  // Black to move and Black won
  const Batch b = make_random_batch(index, BatchOptions{FeatureSet::kValue49, 8, 1}, 0);
  EXPECT_EQ(b.channels, kValuePlanes);
  for (float z : b.z) EXPECT_TRUE(z == 1.0f || z == -1.0f);
}

// Auxiliary targets: a counted game gives its final owners and margin from the side to move's view,
// under the batch's symmetry; a resigned game masks both.
TEST(PositionIndexFinal, AuxiliaryTargetsFromTheSideToMoveAndMaskedForResignedGames) {
  GameRecord counted;
  counted.size = 9;
  counted.moves = {encode_move({Color::kBlack, make_point(2, 2)}), encode_move({Color::kWhite, make_point(6, 6)}),
                   encode_move({Color::kBlack, make_point(4, 4)})};  // White to move after it
  counted.winner = -1;
  counted.margin2 = 7;  // W+3.5
  counted.id = game_id(9, counted.setup, counted.moves);
  GameRecord resigned = counted;
  resigned.moves.pop_back();  // Black to move
  resigned.margin2 = 0;       // W+R
  resigned.id = game_id(9, resigned.setup, resigned.moves);
  PositionIndex index({counted, resigned}, PositionIndex::Positions::kFinal);
  // The counted game's final owners: Black owns the top-left point A9, White the rest of row 9.
  std::vector<int8_t> table(81, 0);
  table[0] = 1;
  for (int x = 1; x < 9; ++x) table[static_cast<size_t>(x)] = -1;
  index.set_final_owners(table, {0, PositionIndex::kNoOwners});
  EXPECT_THROW(index.set_final_owners(table, {0}), DatasetError);  // one row per game
  for (int sym = 0; sym < kNumSymmetries; ++sym) {
    const Batch b = make_ordered_batch(index, FeatureSet::kValue49, 0, 2, sym);
    ASSERT_EQ(b.ownership.size(), 2u * 81);
    EXPECT_EQ(b.ownership_mask[0], 1.0f);
    EXPECT_EQ(b.ownership_mask[1], 0.0f);  // resigned: masked
    EXPECT_EQ(b.score_mask[0], 1.0f);
    EXPECT_EQ(b.score[0], 3.5f);  // White won by 3.5 and White is to move
    EXPECT_EQ(b.score_mask[1], 0.0f);
    const Point a9 = apply_symmetry(make_point(0, 0), sym, 9), b9 = apply_symmetry(make_point(1, 0), sym, 9);
    EXPECT_EQ(b.ownership[static_cast<size_t>(point_y(a9) * 9 + point_x(a9))], -1.0f) << sym;  // Black's: not White's
    EXPECT_EQ(b.ownership[static_cast<size_t>(point_y(b9) * 9 + point_x(b9))], 1.0f) << sym;   // White's
    float owned = 0;
    for (size_t p = 0; p < 81; ++p) owned += std::abs(b.ownership[p]) + std::abs(b.ownership[81 + p]);
    EXPECT_EQ(owned, 9.0f);  // the nine points of row 9, once
  }
  // Without final owners a batch has no ownership targets; the score is still there.
  const PositionIndex plain({counted}, PositionIndex::Positions::kFinal);
  const Batch b = make_ordered_batch(plain, FeatureSet::kValue49, 0, 1);
  EXPECT_TRUE(b.ownership.empty());
  EXPECT_EQ(b.score[0], 3.5f);
}

}  // namespace
}  // namespace tengen::nn
