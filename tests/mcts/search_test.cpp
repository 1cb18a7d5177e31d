// The search with fake evaluators: determinism, priors, tactics on small boards, λ mixing, virtual
// loss, tree reuse, time limits and failures.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

#include "mcts/search.h"
#include "nn/batching_evaluator.h"
#include "nn/fake_evaluator.h"
#include "testutil/ascii_board.h"

namespace tengen::mcts {
namespace {

nn::FakeEvaluatorOptions fake_options(int size) {
  nn::FakeEvaluatorOptions o;
  o.board_size = size;
  return o;
}

// White's five stones on the fourth row are in atari; Black captures at F4 (the only liberty) or
// White connects there next move and is safe.
const char* kCapture7 =
    ". . . . . . .\n"
    ". . . . . . .\n"
    "X X X X X . .\n"
    "O O O O O . .\n"
    "X X X X X O .\n"
    ". . . . . . .\n"
    ". . . . . . .\n";
const Point kCapturePoint = make_point(5, 3);

// A fake network with uniform logits that values every position at `value` for the side to move.
nn::FakeEvaluatorOptions worth_to_side_to_move(int size, float value) {
  nn::FakeEvaluatorOptions o = fake_options(size);
  o.fn = [value](const float*, nn::EvalOutput& out) {
    out.logits.fill(0.0f);
    out.value = value;
  };
  return o;
}

TEST(Search, SingleThreadSearchIsDeterministicForASeed) {
  nn::FakeEvaluator eval(fake_options(9));
  SearchParams p;
  p.expansion_threshold = 2;
  p.seed = 42;
  std::vector<ChildStats> first;
  for (int run = 0; run < 2; ++run) {
    Search s(Game(9), p, &eval, nullptr, nullptr);
    const SearchResult r = s.run(SearchLimits{300, 0}, 1);
    EXPECT_EQ(r.simulations, 300);
    const std::vector<ChildStats> c = s.root_children();
    if (run == 0) {
      first = c;
      continue;
    }
    ASSERT_EQ(c.size(), first.size());
    for (size_t i = 0; i < c.size(); ++i) {
      EXPECT_EQ(c[i].move, first[i].move);
      EXPECT_EQ(c[i].visits, first[i].visits);
      EXPECT_FLOAT_EQ(c[i].q, first[i].q);
    }
  }
  // A different seed searches differently.
  p.seed = 43;
  Search other(Game(9), p, &eval, nullptr, nullptr);
  other.run(SearchLimits{300, 0}, 1);
  bool differs = false;
  const std::vector<ChildStats> c = other.root_children();
  for (size_t i = 0; i < c.size() && i < first.size(); ++i) differs |= c[i].visits != first[i].visits || c[i].move != first[i].move;
  EXPECT_TRUE(differs);
}

TEST(Search, VisitsFollowThePriorsWhenValuesAreEqual) {
  // Priors: a few points get most of the mass; every value is 0 and λ = 0, so only u matters.
  const int size = 9;
  nn::FakeEvaluatorOptions o = fake_options(size);
  o.fn = [](const float*, nn::EvalOutput& out) {
    out.logits.fill(-20.0f);
    out.logits[4 * 9 + 4] = std::log(0.5f);  // E5 (the same point under every symmetry)
    out.value = 0;
  };
  nn::FakeEvaluator eval(o);
  SearchParams p;
  p.lambda = 0;
  p.policy_temperature = 1.0;
  p.expansion_threshold = 1000000;  // keep the tree one level deep
  Search s(Game(size), p, &eval, nullptr, nullptr);
  s.run(SearchLimits{2000, 0}, 1);
  const std::vector<ChildStats> c = s.root_children();
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].move, make_point(4, 4));
  EXPECT_NEAR(c[0].prior, 0.999, 0.002);
  // N ∝ P under PUCT with equal Q: the favourite takes nearly everything.
  EXPECT_GT(c[0].visits, 1900);
  // Two moves with priors 2:1 (the rest negligible) share visits about 2:1.
  o.fn = [](const float*, nn::EvalOutput& out) {
    out.logits.fill(-30.0f);
    for (int sym_point : {0, 8, 72, 80}) out.logits[sym_point] = std::log(2.0f);  // corners (symmetric)
    out.logits[4 * 9 + 4] = std::log(4.0f);                                    // centre: 4/(4·2 + 4)
    out.value = 0;
  };
  nn::FakeEvaluator eval2(o);
  Search s2(Game(size), p, &eval2, nullptr, nullptr);
  s2.run(SearchLimits{3000, 0}, 1);
  const std::vector<ChildStats> c2 = s2.root_children();
  int centre = 0, corner = 0;
  for (const ChildStats& x : c2) {
    if (x.move == make_point(4, 4)) centre = x.visits;
    if (x.move == make_point(0, 0)) corner = x.visits;
  }
  EXPECT_NEAR(static_cast<double>(centre) / corner, 2.0, 0.2);
}

TEST(Search, EachNewNodeCostsOneNetworkEvaluation) {
  // Value and priors come from one answer: a node's expansion reuses its own evaluation's logits.
  // (Asking again under a fresh symmetry made an expanded node cost two forward passes.)
  // n_thr 1: every simulation evaluates its new leaf and expands it at once, so asking again at the
  // expansion would cost two evaluations per simulation.
  nn::FakeEvaluator eval(fake_options(9));
  SearchParams p;
  p.expansion_threshold = 1;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{600, 0}, 1);
  EXPECT_EQ(eval.positions_evaluated(), r.network_evaluations);
  EXPECT_LE(r.network_evaluations, r.simulations + 1);  // each simulation evaluates at most its new leaf; +1 the root
  EXPECT_GT(r.network_evaluations, r.simulations * 9 / 10);  // and nearly every one reaches a new leaf
  EXPECT_GT(r.tree_nodes, 60 * 500);                         // each of them expanded
}

TEST(Search, WithoutAValueNetworkEachExpansionAsksOnceAndItsPriorsArrive) {
  // Policy only: a node is evaluated when it is expanded, the search goes on meanwhile, and every
  // answer is applied by the end of run(). The network likes E5 and then C3.
  nn::FakeEvaluatorOptions o = fake_options(9);
  o.has_value = false;
  o.fn = [](const float*, nn::EvalOutput& out) {
    out.logits.fill(-20.0f);
    out.logits[4 * 9 + 4] = 5.0f;  // E5: the centre under every symmetry
    for (int corner3 : {2 * 9 + 2, 2 * 9 + 6, 6 * 9 + 2, 6 * 9 + 6}) out.logits[corner3] = 0.0f;  // the 3-3 points
  };
  nn::FakeEvaluator eval(o);
  SearchParams p;
  p.expansion_threshold = 2;
  p.policy_temperature = 1.0;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{400, 0}, 1);
  EXPECT_EQ(eval.positions_evaluated(), r.network_evaluations);
  ASSERT_EQ(r.best_move, make_point(4, 4));
  Game after(9);
  ASSERT_EQ(after.play(make_point(4, 4)), MoveError::kNone);
  s.advance(after);
  const std::vector<ChildStats> c = s.root_children();  // E5's node, expanded during the search
  ASSERT_FALSE(c.empty());
  float corners = 0;
  for (const ChildStats& x : c)
    if (point_x(x.move) % 4 == 2 && point_y(x.move) % 4 == 2) corners += x.prior;
  EXPECT_NEAR(corners, 0.999, 0.002);  // the network's priors, not the placeholders
}

// Values that arrive after the rollout are backed up later, each exactly once, all by the end of run().
TEST(Search, LateValuesAreBackedUpOnceEachByTheEndOfTheSearch) {
  nn::FakeEvaluatorOptions o = worth_to_side_to_move(9, 0.5f);
  auto slow = o.fn;
  o.fn = [slow](const float* planes, nn::EvalOutput& out) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // slower than a 9x9 rollout
    slow(planes, out);
  };
  auto backend = std::make_shared<nn::FakeEvaluator>(o);
  for (bool async : {true, false}) {
    nn::BatchingEvaluator eval(backend, nn::BatchingOptions{});
    SearchParams p;
    p.expansion_threshold = 1000000;  // one level: each root child's first visit is its evaluation
    p.async_evaluation = async;
    Search s(Game(9), p, &eval, nullptr, nullptr);
    const SearchResult r = s.run(SearchLimits{150, 0}, 1);
    int64_t value_visits = 0, rollout_visits = 0, evaluated = 0;
    for (const ChildStats& c : s.root_children()) {
      value_visits += c.value_visits;
      rollout_visits += c.visits;
      evaluated += c.value_visits > 0 ? 1 : 0;
      // Worth 0.5 to the side to move after the child's move: -0.5 for the player who moved.
      if (c.value_visits > 0) {
        EXPECT_NEAR(c.value_mean, -0.5, 1e-6);
      }
    }
    EXPECT_EQ(rollout_visits, 150);
    EXPECT_EQ(r.network_evaluations, 1 + evaluated) << "async " << async;  // the root, and each child once
    // Every evaluated child got its value once, plus once per later visit made after it arrived.
    EXPECT_GE(value_visits, evaluated);
    EXPECT_LE(value_visits, rollout_visits);
    if (!async) {
      EXPECT_EQ(value_visits, rollout_visits);  // waiting: every visit has its value
    }
  }
}

// Network calls inline on the search threads (--network-threads 0): two threads share one backend
// through the inline batching evaluator; every answer is in before its caller goes on.
TEST(Search, TwoThreadsWithTheNetworkInlineGetEveryValue) {
  auto backend = std::make_shared<nn::FakeEvaluator>(worth_to_side_to_move(9, 0.5f));
  nn::BatchingOptions bo;
  bo.consumer_threads = 0;
  nn::BatchingEvaluator eval(backend, bo);
  SearchParams p;
  p.expansion_threshold = 1000000;  // one level: each root child's first visit is its evaluation
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{400, 0}, 2);
  int64_t visits = 0, value_visits = 0, evaluated = 0;
  for (const ChildStats& c : s.root_children()) {
    visits += c.visits;
    value_visits += c.value_visits;
    evaluated += c.value_visits > 0 ? 1 : 0;
    if (c.value_visits > 0) {
      EXPECT_NEAR(c.value_mean, -0.5, 1e-6);
    }
  }
  EXPECT_GE(visits, 400);
  EXPECT_GT(evaluated, 40);
  EXPECT_EQ(r.network_evaluations, 1 + evaluated);
  EXPECT_GE(value_visits, evaluated);
  EXPECT_EQ(eval.stats().batches, eval.stats().evaluations);  // one position per backend call
  EXPECT_EQ(backend->max_batch_seen(), 1);
}

TEST(Search, FirstPlayUrgencyDecidesWhetherALosingSearchTriesEveryMove) {
  // Every position is worth +0.6 to the side to move, so each root move is worth -0.6 to the root
  // player; uniform priors, a one-level tree. With the paper's Q = 0 for unvisited moves every
  // untried move looks better than every tried one, so 100 simulations visit all 82 moves once.
  // With Leela Zero's reduction an untried move is worth the parent's -0.6 less R·√(visited
  // prior), so the search revisits the moves it tried once that exceeds their shrinking u
  // (with R = 1 and c_puct = 5 about 20 moves get ~5 visits each).
  const int size = 9;
  nn::FakeEvaluator eval(worth_to_side_to_move(size, 0.6f));
  auto tried_moves = [&](double fpu_reduction) {
    SearchParams p;
    p.lambda = 0;
    p.expansion_threshold = 1000000;
    p.fpu_reduction = fpu_reduction;
    Search s(Game(size), p, &eval, nullptr, nullptr);
    s.run(SearchLimits{100, 0}, 1);
    int tried = 0;
    for (const ChildStats& c : s.root_children()) {
      tried += c.visits > 0;
      if (c.visits > 0) {
        EXPECT_NEAR(c.q, -0.6, 1e-5);
      }
    }
    return tried;
  };
  EXPECT_EQ(tried_moves(-1.0), 82);  // 81 points and the pass
  const int reduced = tried_moves(1.0);
  EXPECT_GE(reduced, 5);
  EXPECT_LE(reduced, 30);
}

TEST(Search, FindsTheCaptureOnASmallBoard) {
  const Game g = testutil::game_from_ascii(kCapture7, Color::kBlack);
  // Rollouts only (no network at all): uniform priors, uniform random playouts.
  {
    SearchParams p;
    p.expansion_threshold = 10;
    Search s(g, p, nullptr, nullptr, nullptr);
    const SearchResult r = s.run(SearchLimits{3000, 0}, 1);
    EXPECT_EQ(r.best_move, kCapturePoint) << point_to_gtp(r.best_move, 7);
    EXPECT_GT(r.win_rate, 0.5);
  }
  // A fake network that knows nothing (random logits, value noise) and λ = 0.5.
  {
    nn::FakeEvaluator eval(fake_options(7));
    SearchParams p;
    p.expansion_threshold = 10;
    Search s(g, p, &eval, nullptr, nullptr);
    const SearchResult r = s.run(SearchLimits{3000, 0}, 2);
    EXPECT_EQ(r.best_move, kCapturePoint) << point_to_gtp(r.best_move, 7);
  }
}

TEST(Search, LeafValueMixesValueNetAndRolloutsByLambda) {
  // Every position is worth +0.6 to the side to move; children are never expanded, so every leaf
  // is one move deep and its value, for the root player, is -0.6.
  const int size = 7;
  nn::FakeEvaluator eval(worth_to_side_to_move(size, 0.6f));
  for (double lambda : {0.0, 0.5, 1.0}) {
    SearchParams p;
    p.lambda = lambda;
    p.expansion_threshold = 1000000;
    Search s(Game(size), p, &eval, nullptr, nullptr);
    s.run(SearchLimits{400, 0}, 1);
    int checked = 0;
    for (const ChildStats& c : s.root_children()) {
      if (c.visits == 0) continue;
      EXPECT_EQ(c.value_visits, c.visits);
      EXPECT_NEAR(c.value_mean, -0.6, 1e-5);
      if (lambda == 0.0) EXPECT_NEAR(c.rollout_mean, -0.6, 1e-5);  // no rollouts: outcomes are values
      else EXPECT_LE(std::abs(c.rollout_mean), 1.0);
      EXPECT_NEAR(c.q, (1 - lambda) * c.value_mean + lambda * c.rollout_mean, 1e-5);
      ++checked;
    }
    EXPECT_GT(checked, 10);
  }
}

TEST(Search, VirtualLossIsRemovedAfterEveryBackupAcrossThreads) {
  nn::FakeEvaluator eval(fake_options(9));
  SearchParams p;
  p.expansion_threshold = 3;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{2000, 0}, 4);
  int64_t total = 0;
  for (const ChildStats& c : s.root_children()) {
    total += c.visits;
    EXPECT_GE(c.visits, 0);
    EXPECT_LE(std::abs(c.rollout_mean), 1.0 + 1e-6) << "virtual losses left in W_r";
  }
  // Every finished simulation passed through exactly one root child, once.
  EXPECT_EQ(total, r.simulations);
  EXPECT_GT(r.tree_nodes, 100);
}

TEST(Search, TreeReuseKeepsTheSubtreeOfTheMovePlayed) {
  nn::FakeEvaluator eval(fake_options(9));
  SearchParams p;
  p.expansion_threshold = 2;
  Game g(9);
  Search s(g, p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{1500, 0}, 1);
  const ChildStats best = s.root_children()[0];
  ASSERT_GT(best.visits, 10);
  g.play(r.best_move);
  s.advance(g);
  // The new root's children hold the visits that went through the played move.
  int64_t kept = 0;
  for (const ChildStats& c : s.root_children()) kept += c.visits;
  EXPECT_GT(kept, 0);
  EXPECT_LE(kept, best.visits);
  EXPECT_GT(s.tree_nodes(), 1);
  // A position that is not one move on starts afresh.
  Game other(9);
  other.play(make_point(0, 0));
  other.play(make_point(8, 8));
  s.advance(other);
  EXPECT_TRUE(s.root_children().empty());
  EXPECT_EQ(s.tree_nodes(), 1);
}

TEST(Search, StopsOnTimeAndOnRequest) {
  nn::FakeEvaluator eval(fake_options(9));
  SearchParams p;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{0, 0.3}, 2);
  EXPECT_GE(r.seconds, 0.3);
  EXPECT_LT(r.seconds, 5.0);  // generous: a stop, not a speed check
  EXPECT_GT(r.simulations, 0);
  // No limit at all: runs until stop().
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    s.stop();
  });
  const SearchResult r2 = s.run(SearchLimits{}, 2);
  stopper.join();
  EXPECT_GT(r2.simulations, 0);
}

// Under a clock (mcts/stop_rule.h): a position where the network sees one move only stops long
// before its planned time; a close race (uniform priors, equal values) goes on past it, never past
// the maximum; without time management the planned time is the limit.
SearchLimits managed(double planned, double maximum) {
  SearchLimits l{0, planned};
  l.max_seconds = maximum;
  l.manage_time = true;
  return l;
}

TEST(Search, UnderAClockOneSensibleMoveStopsEarly) {
  nn::FakeEvaluatorOptions o = fake_options(9);
  const int only = 4 * 9 + 4;  // E5: the network's one move
  o.fn = [only](const float*, nn::EvalOutput& out) {
    out.logits.fill(0.0f);
    out.logits[only] = 30.0f;
    out.value = 0.0f;
  };
  nn::FakeEvaluator eval(o);
  SearchParams p;
  p.expansion_threshold = 2;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(managed(20, 40), 2);
  EXPECT_TRUE(r.stop_reason == StopReason::kOnlyMove || r.stop_reason == StopReason::kCannotBeOvertaken)
      << stop_reason_text(r.stop_reason);
  EXPECT_LT(r.stopped_after, 20.0);
  EXPECT_EQ(r.best_move, make_point(4, 4));
}

TEST(Search, UnderAClockACloseRaceGetsMoreTimeButNeverPastTheMaximum) {
  // Two moves the network likes equally (E5, D4) and every position worth exactly 0 (λ = 0: no
  // rollout noise): the visits split evenly, a race that stays close however fast the machine is.
  nn::FakeEvaluatorOptions o = fake_options(9);
  o.fn = [](const float*, nn::EvalOutput& out) {
    out.logits.fill(0.0f);
    out.logits[4 * 9 + 4] = out.logits[5 * 9 + 3] = 10.0f;
    out.value = 0.0f;
  };
  nn::FakeEvaluator eval(o);
  SearchParams p;
  p.expansion_threshold = 2;
  p.lambda = 0;
  Search s(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult r = s.run(managed(0.2, 0.6), 2);
  EXPECT_TRUE(r.stop_reason == StopReason::kExtendedTime || r.stop_reason == StopReason::kMaximumTime)
      << stop_reason_text(r.stop_reason);
  EXPECT_GE(r.stopped_after, 0.2);
  EXPECT_LT(r.stopped_after, 0.6 + 0.5);  // the maximum, and one simulation's worth of slack
  // Without time management the planned time is the limit, whatever the race.
  Search plain(Game(9), p, &eval, nullptr, nullptr);
  const SearchResult q = plain.run(SearchLimits{0, 0.2}, 2);
  EXPECT_EQ(q.stop_reason, StopReason::kPlannedTime);
}

// The move's clock counts from SearchLimits::started (the GTP command's arrival), not from run().
TEST(Search, TheClockCountsFromTheMovesStart) {
  nn::FakeEvaluator eval(fake_options(9));
  Search s(Game(9), SearchParams{}, &eval, nullptr, nullptr);
  SearchLimits l{0, 1.0};
  l.started = std::chrono::steady_clock::now() - std::chrono::seconds(5);  // already spent elsewhere
  const SearchResult r = s.run(l, 1);
  EXPECT_EQ(r.stop_reason, StopReason::kPlannedTime);
  EXPECT_EQ(r.simulations, 0);
}

// SearchLimits::stop ends a run from any thread, and, unlike stop(), also one set before run() starts
// (tengen gtp sets it when its input ends during a genmove).
TEST(Search, TheLimitsStopFlagEndsARun) {
  nn::FakeEvaluator eval(fake_options(9));
  Search s(Game(9), SearchParams{}, &eval, nullptr, nullptr);
  std::atomic<bool> stop{true};
  EXPECT_EQ(s.run(SearchLimits{0, 30, &stop}, 2).simulations, 0);
  stop = false;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
  });
  const SearchResult r = s.run(SearchLimits{0, 30, &stop}, 2);
  stopper.join();
  EXPECT_GT(r.simulations, 0);
  EXPECT_LT(r.seconds, 5.0);
}

// A root whose game is over (two passes) reports the area score's result for the side to move:
//   . . . . .
//   . . X . .    Black C3, White passes, Black passes: 25 - 0.5 komi = B+24.5. White, to move, has
//   . . . . .    lost; with Black to move (set_to_move) Black has won; with komi 25, a jigo.
TEST(Search, AFinishedGameIsScoredByArea) {
  Game g(5, GameRules{0.5});
  ASSERT_EQ(g.play(make_point(2, 2)), MoveError::kNone);
  ASSERT_EQ(g.play(kPass), MoveError::kNone);
  ASSERT_EQ(g.play(kPass), MoveError::kNone);
  ASSERT_TRUE(g.is_over());
  Search s(g, SearchParams{}, nullptr, nullptr, nullptr);
  const SearchResult r = s.run(SearchLimits{20, 0}, 1);
  EXPECT_EQ(r.win_rate, 0.0);  // White to move
  EXPECT_EQ(r.best_move, kPass);
  EXPECT_EQ(finished_win_rate(g), 0.0);
  g.set_to_move(Color::kBlack);
  EXPECT_EQ(finished_win_rate(g), 1.0);
  Game jigo(5, GameRules{25});
  jigo.play(make_point(2, 2));
  jigo.play(kPass);
  jigo.play(kPass);
  EXPECT_EQ(finished_win_rate(jigo), 0.5);
}

// The parameters tuned for tree-policy priors where the policy network does not cover the board (a
// 19x19 network on 9x9, or none); the general ones where it does, or when no others are given.
TEST(Search, ParamsForChoosesByWhetherThePolicyNetworkCoversTheBoard) {
  nn::FakeEvaluator net19(fake_options(19));
  SearchParams general, tuned;
  tuned.c_puct = 1.5;
  const std::optional<SearchParams> without = tuned;
  EXPECT_EQ(params_for(Game(9), &net19, general, without).c_puct, 1.5);
  EXPECT_EQ(params_for(Game(9), nullptr, general, without).c_puct, 1.5);
  EXPECT_EQ(params_for(Game(19), &net19, general, without).c_puct, general.c_puct);
  EXPECT_EQ(params_for(Game(9), &net19, general, std::nullopt).c_puct, general.c_puct);
}

TEST(Search, AnEvaluatorFailureEndsTheSearchWithAnError) {
  nn::FakeEvaluatorOptions o = fake_options(9);
  o.fn = [](const float*, nn::EvalOutput&) { throw std::runtime_error("GPU on fire"); };
  nn::FakeEvaluator eval(o);
  SearchParams p;
  p.use_policy_net = false;  // the root expansion does not ask; the first leaf does
  Search s(Game(9), p, &eval, nullptr, nullptr);
  try {
    s.run(SearchLimits{100, 0}, 2);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("GPU on fire"), std::string::npos);
  }
}

}  // namespace
}  // namespace tengen::mcts
