// The rollout and tree policies: feature semantics on drawn boards, keys shared by symmetric and
// colour-swapped positions, the rollout's fast sampling distribution equal to the softmax of the full
// scores, rollouts that play legal moves to a finished game without allocating, weights files, and
// training that learns.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>

#include <unistd.h>

#include "engine/random_playout.h"
#include "engine/symmetry.h"
#include "data/dataset.h"
#include "train/pattern_trainer.h"
#include "rollout/rollout.h"
#include "nn/weights_file.h"
#include "testutil/ascii_board.h"
#include "testutil/positions.h"

// Counts heap allocations while enabled, to check that rollouts do not allocate.
namespace {
std::atomic<bool> g_count_allocations{false};
std::atomic<long> g_allocations{0};
}  // namespace
void* operator new(std::size_t n) {
  if (g_count_allocations.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace tengen::nn {
namespace {

namespace fs = std::filesystem;

// A policy whose every possible 3x3 and response pattern seen in some random games has a random
// weight, and random fixed-feature weights: exercises every group.
PatternPolicy random_policy(PatternPolicyKind kind, uint64_t seed) {
  std::vector<uint64_t> k3, kr, kd;
  FastRng rng(seed);
  for (int game = 0; game < 6; ++game) {
    PatternBoard pb{Board(9)};
    for (int m = 0; m < 120 && pb.board().consecutive_passes() < 2; ++m) {
      for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 9; ++x) {
          const Point p = make_point(x, y);
          if (pb.board().at(p) != Color::kEmpty) continue;
          if (rng.below(3) == 0) k3.push_back(canonical_key3(raw_key3(pb.code3(p), pb.to_move())));
          if (rng.below(3) == 0) kd.push_back(canonical_key_diamond(raw_key_diamond(compute_diamond(pb.board(), p), pb.to_move())));
          const Point last = pb.last_move();
          if (last != kNoPoint && last != kPass) {
            const int dx = x - point_x(last), dy = y - point_y(last);
            if (std::abs(dx) + std::abs(dy) <= 2 && rng.below(2) == 0)
              kr.push_back(canonical_key_response(raw_key_response(compute_diamond(pb.board(), last), diamond_index(dx, dy), pb.to_move())));
          }
        }
      pb.play(random_move(pb.board(), rng));
    }
  }
  for (auto* v : {&k3, &kr, &kd}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  PatternPolicy policy(kind, k3, kr, kd);
  for (float& w : policy.mutable_weights()) w = static_cast<float>(static_cast<int>(rng.below(2001)) - 1000) / 500.0f;
  policy.finalize();
  return policy;
}

TEST(PatternKeys, CanonicalKeysAreSharedBySymmetricAndColourSwappedPositions) {
  const int size = 11;
  for (int sym = 0; sym < kNumSymmetries; ++sym) {
    FastRng rng(500 + sym);
    Board b(size), t(size);
    for (int i = 0; i < 70; ++i) {
      const Point p = random_move(b, rng);
      b.play(p);
      t.play(apply_symmetry(p, sym, size));
    }
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const Point p = make_point(x, y), tp = apply_symmetry(p, sym, size);
        const uint64_t k = canonical_key3(raw_key3(compute_code3(b, p), Color::kBlack));
        ASSERT_EQ(k, canonical_key3(raw_key3(compute_code3(t, tp), Color::kBlack)));
        // White to move in the colour-swapped position: the same key.
        ASSERT_EQ(k, canonical_key3(raw_key3(swap_colours3(compute_code3(t, tp)), Color::kWhite)));
        ASSERT_EQ(canonical_key_diamond(raw_key_diamond(compute_diamond(b, p), Color::kWhite)),
                  canonical_key_diamond(raw_key_diamond(swap_colours_diamond(compute_diamond(t, tp)), Color::kBlack)));
        const uint64_t d = compute_diamond(b, p), td = compute_diamond(t, tp);
        for (int i = 0; i < 12; ++i)
          ASSERT_EQ(canonical_key_response(raw_key_response(d, i, Color::kBlack)),
                    canonical_key_response(raw_key_response(td, transform_diamond_index(i, sym), Color::kBlack)));
      }
  }
  // The response key a position computes once per move is the canonical key of the raw pattern
  // (what the trainer harvests), for every place in the diamond and either colour to move.
  FastRng rng(8);
  PatternBoard pb{Board(size)};
  int checked = 0;
  for (int m = 0; m < 150; ++m) {
    pb.play(random_move(pb.board(), rng));
    const LocalContext ctx = make_local_context(pb);
    if (ctx.last == kNoPoint) continue;
    const uint64_t raw = compute_diamond(pb.board(), ctx.last);
    for (int i = 0; i < 12; ++i, ++checked)
      ASSERT_EQ(response_key(ctx, i), canonical_key_response(raw_key_response(raw, i, pb.to_move()))) << m << " " << i;
  }
  EXPECT_GT(checked, 1500);
  // Different patterns stay apart: own and opponent stones are not the same thing.
  EXPECT_NE(canonical_key3(raw_key3(1u << 12, Color::kBlack)), canonical_key3(raw_key3(4u << 12, Color::kBlack)));
}

// The position after White's `last` move, Black to move.
PatternBoard after_white_move(const char* picture, Point last) {
  const Game g = testutil::game_from_ascii(picture, Color::kWhite);
  PatternBoard pb(g.board());
  pb.play(last);
  return pb;
}

TEST(PatternFeatures, SaveAtariFindsTheEscapeAndTheCapture) {
  // White C6 puts the black stone C7 in atari. Black saves it by extending to D7 (three liberties)
  // or by capturing the white stone B7, itself in atari, at B8.
  const PatternBoard pb = after_white_move(
      ". . . . . . . . .\n"
      ". . O . . . . . .\n"
      "X O X . . . . . .\n"
      ". X . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      make_point(2, 3));
  const LocalContext ctx = make_local_context(pb);
  ASSERT_EQ(ctx.mover, Color::kBlack);
  ASSERT_EQ(ctx.num_save, 2);
  const bool extend_first = ctx.save_atari[0] == make_point(3, 2);
  EXPECT_EQ(ctx.save_atari[extend_first ? 0 : 1], make_point(3, 2));
  EXPECT_EQ(ctx.save_atari[extend_first ? 1 : 0], make_point(1, 1));
  EXPECT_EQ(ctx.vital_point, kNoPoint);
}

TEST(PatternFeatures, EscapingIntoASmallerAtariIsNoSave) {
  // White C6 puts C7 in atari, but extending to D7 (between D8 and E7) leaves the pair one liberty,
  // D6: that is no rescue, so no save-atari move.
  const PatternBoard pb = after_white_move(
      ". . . . . . . . .\n"
      ". . O O . . . . .\n"
      ". O X . O . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      make_point(2, 3));
  EXPECT_EQ(pb.board().liberties(make_point(2, 2)), 1);
  EXPECT_EQ(make_local_context(pb).num_save, 0);
}

TEST(PatternFeatures, TheVitalPointOfTheCapturedThreeIsAFeature) {
  // Black D6 captures the white straight three; White's vital point is the middle, C7.
  const Game g = testutil::game_from_ascii(
      ". . . . . . . . .\n"
      "X X X X X . . . .\n"
      "X O O O X . . . .\n"
      "X X X . X . . . .\n"
      ". . . X . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  PatternBoard pb(g.board());
  pb.play(make_point(3, 3));
  ASSERT_EQ(pb.num_captured(), 3);
  const LocalContext ctx = make_local_context(pb);
  EXPECT_EQ(ctx.vital_point, make_point(2, 2));
  // The same shape elsewhere, turned and with colours swapped, gives the same feature.
  const Game h = testutil::game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . O . . .\n"
      ". . . . O X O . .\n"
      ". . . . O X O . .\n"
      ". . . . O X O . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kWhite);
  PatternBoard ph(h.board());
  ph.play(make_point(5, 6));
  ASSERT_EQ(ph.num_captured(), 3);
  const LocalContext hctx = make_local_context(ph);
  EXPECT_EQ(hctx.vital_point, make_point(5, 4));
  EXPECT_EQ(hctx.vital_shape, ctx.vital_shape);
  EXPECT_GE(ctx.vital_shape, 0);
  EXPECT_LT(ctx.vital_shape, kVitalPointShapes);
}

TEST(RolloutPlayer, FastDistributionEqualsTheSoftmaxOfFullScores) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 3);
  ASSERT_GT(policy.num_patterns3(), 100);
  ASSERT_GT(policy.num_response_patterns(), 100);
  int positions = 0, local_hits = 0;
  for (int size : {9, 19}) {
    RolloutPlayer player(policy, 11 + size);
    player.reset(Board(size));
    std::array<float, kPadded> fast;
    for (int move = 0; move < 200 && player.state().board().consecutive_passes() < 2; ++move) {
      const PatternBoard& pb = player.state();
      const Board& b = pb.board();
      player.move_probabilities(fast);
      const LocalContext ctx = make_local_context(pb);
      double z = 0;
      std::array<double, kPadded> expected{};
      for (int i = 0; i < b.num_empty(); ++i) {
        const Point p = b.empty_at(i);
        if (!b.is_playout_move(p, b.to_move())) continue;
        z += expected[p] = std::exp(static_cast<double>(policy.score(pb, ctx, p)));
        local_hits += policy.local_score(pb, ctx, p) != 0.0f;
      }
      for (int q = 0; q < kPadded; ++q) {
        const double want = z > 0 ? expected[q] / z : 0.0;
        ASSERT_NEAR(fast[q], want, 1e-5 + 1e-4 * want) << "size " << size << " move " << move << " point " << q;
      }
      ++positions;
      player.play(player.choose());
    }
  }
  EXPECT_GE(positions, 300);
  EXPECT_GT(local_hits, 1000);  // the response features were active, not just the 3x3 ones
}

// The sampler gives each move an interval of the uniform number as long as its probability: sweeping
// u over a fine grid hits every move in proportion (each count within one grid step), through the
// local points, the ko point and every row.
TEST(RolloutPlayer, SamplerIntervalsMatchTheMoveProbabilities) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 4);
  constexpr int kGrid = 4000;
  int positions = 0;
  for (int size : {9, 19}) {
    RolloutPlayer player(policy, 7 + size);
    player.reset(Board(size));
    std::array<float, kPadded> probability;
    for (int move = 0; move < 150 && player.state().board().consecutive_passes() < 2; ++move) {
      if (move % 3 == 0) {
        player.move_probabilities(probability);
        std::array<int, kPadded> hits{};
        int passes = 0;
        for (int k = 0; k < kGrid; ++k) {
          const Point p = player.choose_at((k + 0.5) / kGrid);
          if (p == kPass) ++passes; else ++hits[p];
        }
        double sum = 0;
        for (int q = 0; q < kPadded; ++q) {
          sum += probability[q];
          ASSERT_NEAR(static_cast<double>(hits[q]) / kGrid, probability[q], 1.0 / kGrid + 1e-5)
              << "size " << size << " move " << move << " point " << point_to_gtp(static_cast<Point>(q), size);
          if (probability[q] == 0.0f) ASSERT_EQ(hits[q], 0);
        }
        EXPECT_EQ(passes, sum > 0 ? 0 : kGrid);
        ++positions;
      }
      player.play(player.choose());
    }
  }
  EXPECT_GT(positions, 50);  // 19x19 alone gives 50; 9x9's game length varies with the float path
}

// The search starts each rollout from the root's saved state plus the tree's moves: the same
// distribution as reading the leaf's board afresh (where the last move captured nothing: a fresh
// reset() knows no captures).
TEST(RolloutPlayer, RestoringTheRootAndPlayingEqualsAFreshReset) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 6);
  int compared = 0;
  for (int size : {9, 19}) {
    RolloutPlayer walker(policy, 5 + size), from_root(policy, 1), fresh(policy, 2);
    walker.reset(Board(size));
    for (int move = 0; move < 30; ++move) walker.play(walker.choose());
    from_root.reset(walker.state().board(), walker.state().last_move(), walker.state().second_last_move());
    from_root.save_root();
    std::vector<Point> line;
    std::array<float, kPadded> a, b;
    for (int k = 0; k < 40 && walker.state().board().consecutive_passes() < 2; ++k) {
      const Point p = walker.choose();
      walker.play(p);
      line.push_back(p);
      if (walker.state().num_captured() > 0) continue;
      from_root.restore_root();
      for (Point q : line) from_root.play(q);
      const PatternBoard& w = walker.state();
      fresh.reset(w.board(), w.last_move(), w.second_last_move());
      ASSERT_EQ(from_root.state().board().hash(), w.board().hash());
      from_root.move_probabilities(a);
      fresh.move_probabilities(b);
      for (int q = 0; q < kPadded; ++q) ASSERT_NEAR(a[q], b[q], 1e-6) << "size " << size << " after " << k + 1 << " moves";
      ++compared;
    }
  }
  EXPECT_GT(compared, 30);  // 19x19 alone gives up to 40 (less its captures)
}

TEST(RolloutPlayer, PlaysLegalMovesToAFinishedGameWithoutAllocating) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 5);
  for (int size : {9, 13, 19}) {
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      RolloutPlayer player(policy, seed);
      player.reset(Board(size));
      Board shadow(size);
      int moves = 0;
      g_allocations = 0;
      g_count_allocations = true;
      bool all_legal = true;
      while (shadow.consecutive_passes() < 2 && moves < 3 * size * size) {
        const Point p = player.choose();
        all_legal &= p == kPass || (shadow.is_legal(p) && shadow.is_playout_move(p, shadow.to_move()));
        shadow.play(p);
        player.play(p);
        ++moves;
      }
      g_count_allocations = false;
      EXPECT_TRUE(all_legal) << size << "x" << size << " seed " << seed;
      EXPECT_EQ(g_allocations.load(), 0) << "a rollout allocated";
      EXPECT_EQ(shadow.consecutive_passes(), 2) << "the rollout did not finish in " << moves << " moves";
      EXPECT_EQ(player.state().board().hash(), shadow.hash());
      // Finished: neither side has a playout move left, and the stones mostly fill the board.
      for (int i = 0; i < shadow.num_empty(); ++i) {
        EXPECT_FALSE(shadow.is_playout_move(shadow.empty_at(i), Color::kBlack) &&
                     shadow.is_playout_move(shadow.empty_at(i), Color::kWhite));
      }
    }
  }
  // run() agrees with the loop above.
  RolloutPlayer a(policy, 9), b(policy, 9);
  a.reset(Board(9));
  b.reset(Board(9));
  const RolloutPlayer::Result r = a.run(1000);
  int moves = 0;
  while (b.state().board().consecutive_passes() < 2) {
    b.play(b.choose());
    ++moves;
  }
  EXPECT_EQ(r.moves, moves);
  EXPECT_EQ(r.area_difference, area_difference(b.state().board()));
}

TEST(PatternPolicyFile, RoundTripsAndRejectsBadFiles) {
  const fs::path dir = fs::temp_directory_path() / ("tengen-pattern-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (PatternPolicyKind kind : {PatternPolicyKind::kRollout, PatternPolicyKind::kTree}) {
    const PatternPolicy policy = random_policy(kind, 21);
    const std::string path = (dir / "p.safetensors").string();
    policy.save(path, {{"tengen.train.data", "test"}});
    const PatternPolicy back = PatternPolicy::load(path);
    EXPECT_EQ(back.kind(), kind);
    EXPECT_EQ(back.weights(), policy.weights());
    EXPECT_EQ(back.num_patterns3(), policy.num_patterns3());
    EXPECT_EQ(back.num_diamond_patterns(), policy.num_diamond_patterns());
    EXPECT_EQ(back.metadata().at("tengen.train.data"), "test");
    FastRng rng(4);
    PatternBoard pb{Board(9)};
    for (int m = 0; m < 60; ++m) {
      const LocalContext ctx = make_local_context(pb);
      for (int i = 0; i < pb.board().num_empty(); ++i) {
        const Point p = pb.board().empty_at(i);
        if (pb.board().is_legal(p)) ASSERT_EQ(back.score(pb, ctx, p), policy.score(pb, ctx, p));
      }
      pb.play(random_move(pb.board(), rng));
    }
  }
  const std::string good = (dir / "p.safetensors").string();
  auto expect_error = [&](const std::string& path, const std::string& words) {
    try {
      PatternPolicy::load(path);
      ADD_FAILURE() << "loaded " << path;
    } catch (const WeightsError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  expect_error((dir / "missing.safetensors").string(), "cannot open");
  // Truncated.
  {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream((dir / "short.safetensors").string(), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  expect_error((dir / "short.safetensors").string(), "short.safetensors");
  // Not a pattern policy: a valid weights file of another kind.
  WeightsFile other = load_weights(good);
  other.metadata["tengen.kind"] = "policy-network";
  save_weights((dir / "other.safetensors").string(), other);
  expect_error((dir / "other.safetensors").string(), "not a rollout or tree policy");
  // Weights that do not match the dictionaries.
  WeightsFile bad = load_weights(good);
  for (TensorData& t : bad.tensors)
    if (t.name == "weights") {
      t.shape[0] -= 1;
      t.bytes.resize(t.bytes.size() - 4);
    }
  save_weights((dir / "bad.safetensors").string(), bad);
  expect_error((dir / "bad.safetensors").string(), "dictionaries need");
  fs::remove_all(dir);
}

std::vector<GameRecord> fixture_records() {
  std::vector<GameRecord> out;
  for (const auto& entry : fs::directory_iterator(std::string(TENGEN_FIXTURES) + "/sgf")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    for (const SgfGame& g : parse_sgf(text, entry.path().string()).games) {
      if (auto r = record_from_sgf(g); r.ok() && r->size == 19 && colours_alternate(*r)) out.push_back(std::move(*r));
    }
  }
  std::sort(out.begin(), out.end(), [](const GameRecord& a, const GameRecord& b) { return a.id < b.id; });
  return out;
}

TEST(PatternTrainer, LearnsToPredictMovesFarAboveChance) {
  const std::vector<GameRecord> games = fixture_records();
  ASSERT_GE(games.size(), 10u);
  int64_t positions = 0;
  for (const GameRecord& g : games) for_each_position(g, [&](const PatternBoard&, Point, int) { ++positions; });
  ASSERT_GT(positions, 1500);
  for (PatternPolicyKind kind : {PatternPolicyKind::kRollout, PatternPolicyKind::kTree}) {
    PatternTrainOptions o;
    o.kind = kind;
    o.harvest_positions = positions;
    o.min_count = 2;
    o.positions = positions;
    o.epochs = 4;
    o.learning_rate = 0.1;
    double last_loss = 1e9, first_loss = 0;
    const PatternPolicy trained = train_pattern_policy(games, o, [&](const PatternTrainProgress& p) {
      if (std::string(p.phase) == "fit" && p.done == p.total) {
        if (p.epoch == 1) first_loss = p.mean_loss;
        last_loss = p.mean_loss;
      }
    });
    EXPECT_LT(last_loss, first_loss) << pattern_policy_kind_name(kind);
    const PolicyEvalStats stats = evaluate_pattern_policy(trained, games);
    EXPECT_EQ(stats.total().positions, positions);
    const double top1 = stats.total().top1 / static_cast<double>(stats.total().positions);
    // Chance is about 1/250; what a trained pattern policy reaches on games it saw is ~30%.
    EXPECT_GT(top1, 0.15) << pattern_policy_kind_name(kind);
    const PatternPolicy untrained(kind, {}, {}, {});
    EXPECT_LT(evaluate_pattern_policy(untrained, games).total().top1 / static_cast<double>(positions), 0.02);
  }
}

// Refusing self-atari keeps a seki: nobody fills the shared liberty C9, so both inner strings
// live to the end of every rollout. Without it the side to move eventually fills C9 and loses its
// string, in every rollout.
TEST(Rollout, RefusingSelfAtariKeepsTheSeki) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 7);
  const Game g = testutil::game_from_ascii(testutil::kSeki9, Color::kBlack);
  const Point c9 = make_point(2, 0), b9 = make_point(1, 0), d9 = make_point(3, 0);
  auto seki_kept = [&](int refuse, uint64_t seed) {
    RolloutPlayer player(policy, seed, refuse);
    player.reset(g.board());
    player.run(1000);
    const Board& end = player.state().board();
    EXPECT_EQ(end.consecutive_passes(), 2);
    return end.at(c9) == Color::kEmpty && end.at(b9) == Color::kWhite && end.at(d9) == Color::kBlack;
  };
  int kept_with = 0, kept_without = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    kept_with += seki_kept(2, seed);
    kept_without += seki_kept(0, seed);
  }
  EXPECT_EQ(kept_with, 40);
  EXPECT_EQ(kept_without, 0);
}

// The nakade exception: refusing self-atari must not keep a dead group alive. White's top-left
// group of kNakade9 has only the two liberties it shares with Black's stones inside; Black kills
// it by a sacrifice (engine/nakade.h), which the rule lets through, so rollouts that refuse
// self-atari still end with the group captured — while the seki test above keeps its 40 of 40.
// Before the exception no rollout could: neither side may fill B8 or C8. With these random weights
// Black finds the vital point after White's capture only some of the time (26 of these 40 seeds;
// White then makes two eyes), so the bar is "most", not "all".
TEST(Rollout, RefusingSelfAtariStillKillsByNakade) {
  const PatternPolicy policy = random_policy(PatternPolicyKind::kRollout, 7);
  const Game g = testutil::game_from_ascii(testutil::kNakade9, Color::kBlack);
  const Point a9 = make_point(0, 0), d7 = make_point(3, 2);
  int killed = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    RolloutPlayer player(policy, seed, 2);
    player.reset(g.board());
    player.run(1000);
    const Board& end = player.state().board();
    EXPECT_EQ(end.consecutive_passes(), 2);
    killed += end.at(a9) != Color::kWhite && end.at(d7) != Color::kWhite;
  }
  EXPECT_GE(killed, 20);
}

}  // namespace
}  // namespace tengen::nn
