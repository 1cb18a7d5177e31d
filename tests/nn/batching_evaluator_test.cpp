// The fake evaluator (nn/fake_evaluator.h) and the batching evaluator (nn/batching_evaluator.h),
// on real 9x9 positions: many search threads get exactly the answers the backend gives for their
// positions; batches are cut at max_batch or after max_wait; cached positions skip the backend; a
// failing backend fails its callers, not the process; shutting down with requests queued fails
// them and returns.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/features.h"
#include "nn/batching_evaluator.h"
#include "nn/fake_evaluator.h"
#include "testutil/ascii_board.h"

namespace tengen::nn {
namespace {

using namespace std::chrono_literals;
constexpr int kSize = 9;

struct Position {
  std::vector<float> planes;  // the 49 value planes
  uint64_t key;
};

// 32 positions from random 9x9 games of 4..66 moves; keys 1..32 (distinct by construction).
const std::vector<Position>& positions() {
  static const std::vector<Position> all = [] {
    std::vector<Position> v;
    for (int i = 0; i < 32; ++i) {
      const Game g = testutil::random_game(kSize, 4 + 2 * i, 1000 + static_cast<uint32_t>(i));
      v.push_back({testutil::features_of(g, FeatureSet::kValue49), static_cast<uint64_t>(i + 1)});
    }
    return v;
  }();
  return all;
}

FakeEvaluatorOptions fake_options(uint64_t seed = 7) {
  FakeEvaluatorOptions o;
  o.board_size = kSize;
  o.seed = seed;
  return o;
}

EvalOutput direct(Evaluator& e, const Position& p) {
  EvalOutput out;
  const EvalInput in{p.planes.data(), p.key};
  e.evaluate(&in, 1, &out);
  return out;
}

bool same(const EvalOutput& a, const EvalOutput& b) { return a.logits == b.logits && a.value == b.value; }

// Runs f on a thread of its own; false if it has not returned within `limit`. The thread is then
// left behind: a hang must fail the test rather than stall the whole suite.
bool finishes_within(std::chrono::seconds limit, std::function<void()> f) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread([f = std::move(f), done] {
    f();
    done->set_value();
  }).detach();
  return finished.wait_for(limit) == std::future_status::ready;
}

TEST(FakeEvaluator, AnswersDependOnThePositionAndSeedOnly) {
  FakeEvaluator a(fake_options(7)), b(fake_options(7)), other_seed(fake_options(8));
  const Position& p = positions()[5];
  const EvalOutput first = direct(a, p);
  EXPECT_TRUE(same(first, direct(b, p)));
  EXPECT_FALSE(same(first, direct(other_seed, p)));
  EXPECT_FALSE(same(first, direct(a, positions()[6])));
  // In a batch, at any index, the same answer.
  std::vector<EvalInput> in;
  for (int i = 0; i < 8; ++i) in.push_back({positions()[static_cast<size_t>(i)].planes.data(), 0});
  std::vector<EvalOutput> out(in.size());
  a.evaluate(in.data(), static_cast<int>(in.size()), out.data());
  EXPECT_TRUE(same(out[5], first));
  // Logits in [-1, 1] on the 81 points and 0 beyond; value in [-0.2, 0.2]; not all equal.
  for (int i = 0; i < kMaxPoints; ++i) {
    if (i < kSize * kSize) {
      EXPECT_LE(std::abs(first.logits[i]), 1.0f);
    } else {
      EXPECT_EQ(first.logits[i], 0.0f);
    }
  }
  EXPECT_NE(first.logits[0], first.logits[1]);
  EXPECT_LE(std::abs(first.value), 0.2f);
}

TEST(FakeEvaluator, CountsCallsPositionsAndTheLargestBatch) {
  FakeEvaluator f(fake_options());
  EXPECT_EQ(f.name(), "fake");
  EXPECT_EQ(f.board_size(), kSize);
  std::vector<EvalInput> in;
  for (int i = 0; i < 5; ++i) in.push_back({positions()[static_cast<size_t>(i)].planes.data(), 0});
  std::vector<EvalOutput> out(5);
  f.evaluate(in.data(), 5, out.data());
  f.evaluate(in.data(), 2, out.data());
  EXPECT_EQ(f.calls(), 2);
  EXPECT_EQ(f.positions_evaluated(), 7);
  EXPECT_EQ(f.max_batch_seen(), 5);
  FakeEvaluatorOptions no_board = fake_options();
  no_board.board_size = 0;
  EXPECT_THROW(FakeEvaluator{no_board}, std::invalid_argument);
}

TEST(FakeEvaluator, UsesTheGivenFunctionAndHonoursItsFlags) {
  FakeEvaluatorOptions o = fake_options();
  o.has_policy = false;
  // Value: the side to move's share of the stones (plane 0 own, plane 1 opponent).
  o.fn = [](const float* planes, EvalOutput& out) {
    float own = 0, opp = 0;
    for (int i = 0; i < kSize * kSize; ++i) {
      own += planes[plane::kStoneOwn * kSize * kSize + i];
      opp += planes[plane::kStoneOpponent * kSize * kSize + i];
    }
    out.value = own + opp > 0 ? own / (own + opp) : 0.5f;
  };
  FakeEvaluator f(o);
  EXPECT_FALSE(f.has_policy());
  EXPECT_TRUE(f.has_value());
  const Game empty(kSize);
  const std::vector<float> planes = testutil::features_of(empty);
  EXPECT_EQ(direct(f, Position{planes, 0}).value, 0.5f);
  const Game g = testutil::game_from_ascii(
      ". . . . . . . . .\n"
      ". . . . . . . . .\n"
      ". . X . . . O . .\n"
      ". . . . . . . . .\n"
      ". . . . X . . . .\n"
      ". . . . . . . . .\n"
      ". . X . . . O . .\n"
      ". . . . . . . . .\n"
      ". . . . . . . . .\n",
      Color::kBlack);
  EXPECT_FLOAT_EQ(direct(f, Position{testutil::features_of(g), 0}).value, 3.0f / 5.0f);
}

// 8 search threads x 200 requests, mixing evaluate() of one and of two positions and submit().
void check_many_threads(const BatchingOptions& options) {
  SCOPED_TRACE("consumers " + std::to_string(options.consumer_threads) + ", cache " +
               std::to_string(options.cache_entries));
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  FakeEvaluator reference(fake_options());
  std::vector<EvalOutput> expected;
  for (const Position& p : positions()) expected.push_back(direct(reference, p));

  constexpr int kThreads = 8, kRequests = 200;
  const int n = static_cast<int>(positions().size());
  std::vector<int> wrong(kThreads, 0);
  int64_t asked = 0;
  {
    BatchingEvaluator batcher(backend, options);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int j = 0; j < kRequests; ++j) {
          const int i = (t * 37 + j * 11) % n, k = (i + 1) % n;
          const Position &p = positions()[static_cast<size_t>(i)], &q = positions()[static_cast<size_t>(k)];
          if (j % 3 == 0) {
            if (!same(direct(batcher, p), expected[static_cast<size_t>(i)])) ++wrong[t];
          } else if (j % 3 == 1) {
            if (!same(batcher.submit(p.planes.data(), p.key).get(), expected[static_cast<size_t>(i)])) ++wrong[t];
          } else {
            const EvalInput in[2] = {{p.planes.data(), p.key}, {q.planes.data(), q.key}};
            EvalOutput out[2];
            batcher.evaluate(in, 2, out);
            if (!same(out[0], expected[static_cast<size_t>(i)]) || !same(out[1], expected[static_cast<size_t>(k)]))
              ++wrong[t];
          }
        }
      });
    for (std::thread& th : threads) th.join();
    for (int j = 0; j < kRequests; ++j) asked += j % 3 == 2 ? 2 : 1;
    asked *= kThreads;

    const BatchingStats s = batcher.stats();
    EXPECT_EQ(s.requests, asked);
    EXPECT_EQ(s.evaluations + s.cache_hits, asked);
    EXPECT_EQ(s.evaluations, backend->positions_evaluated());
    EXPECT_EQ(s.batches, backend->calls());
    EXPECT_EQ(s.failures, 0);
    EXPECT_NEAR(s.mean_batch_size, static_cast<double>(s.evaluations) / static_cast<double>(s.batches), 1e-9);
    EXPECT_GT(s.mean_wait_us, 0.0);
    if (options.consumer_threads == 0) {
      EXPECT_EQ(backend->max_batch_seen(), 1);  // inline: each position alone, on its caller's thread
    } else if (options.cache_entries == 0) {
      EXPECT_EQ(s.cache_hits, 0);
      // Concurrent searches share backend calls.
      EXPECT_GT(backend->max_batch_seen(), 1);
      EXPECT_GT(s.mean_batch_size, 1.0);
    } else {
      EXPECT_GT(s.cache_hits, 0);
    }
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
  EXPECT_LE(backend->max_batch_seen(), options.max_batch);
}

TEST(BatchingEvaluator, ManySearchThreadsGetTheBackendsAnswers) {
  BatchingOptions o;
  o.max_batch = 8;
  o.max_wait_us = 5000;
  check_many_threads(o);
  o.consumer_threads = 2;
  check_many_threads(o);
  o.consumer_threads = 3;
  o.cache_entries = 256;
  check_many_threads(o);
  o.consumer_threads = 0;
  check_many_threads(o);
}

TEST(BatchingEvaluator, InlineAnswersBeforeSubmitReturns) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  BatchingOptions o;
  o.consumer_threads = 0;
  o.max_wait_us = 10'000'000;  // would hold a queued request for 10 s: inline never queues
  o.cache_entries = 64;
  BatchingEvaluator batcher(backend, o);
  FakeEvaluator reference(fake_options());
  for (int round = 0; round < 2; ++round)
    for (const Position& p : positions()) {
      std::future<EvalOutput> f = batcher.submit(p.planes.data(), p.key);
      ASSERT_EQ(f.wait_for(std::chrono::seconds(0)), std::future_status::ready);
      EXPECT_TRUE(same(f.get(), direct(reference, p)));
    }
  const BatchingStats s = batcher.stats();
  EXPECT_EQ(s.evaluations + s.cache_hits, 2 * static_cast<int64_t>(positions().size()));
  EXPECT_GT(s.cache_hits, 0);  // the second round, from the cache (a lossy one: not every position)
  EXPECT_EQ(s.batches, s.evaluations);
  EXPECT_EQ(backend->max_batch_seen(), 1);
}

TEST(BatchingEvaluator, BatchesAreCutAtMaxBatch) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  BatchingOptions o;
  o.max_batch = 8;
  o.max_wait_us = 10'000'000;  // so long that only a full batch can leave the queue in this test
  BatchingEvaluator batcher(backend, o);
  FakeEvaluator reference(fake_options());
  std::vector<std::future<EvalOutput>> futures;
  for (int i = 0; i < 48; ++i) {
    const Position& p = positions()[static_cast<size_t>(i) % positions().size()];
    futures.push_back(batcher.submit(p.planes.data(), p.key));
  }
  for (int i = 0; i < 48; ++i) {
    ASSERT_EQ(futures[static_cast<size_t>(i)].wait_for(5s), std::future_status::ready) << i;
    EXPECT_TRUE(same(futures[static_cast<size_t>(i)].get(),
                     direct(reference, positions()[static_cast<size_t>(i) % positions().size()])));
  }
  EXPECT_EQ(backend->max_batch_seen(), 8);
  EXPECT_EQ(backend->calls(), 6);
  EXPECT_EQ(batcher.stats().batches, 6);
}

TEST(BatchingEvaluator, OneLargeEvaluateIsSplitIntoBatchesInOrder) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  BatchingOptions o;
  o.max_batch = 5;
  BatchingEvaluator batcher(backend, o);
  FakeEvaluator reference(fake_options());
  std::vector<EvalInput> in;
  for (const Position& p : positions()) in.push_back({p.planes.data(), p.key});
  std::vector<EvalOutput> out(in.size());
  batcher.evaluate(in.data(), static_cast<int>(in.size()), out.data());
  for (size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same(out[i], direct(reference, positions()[i]))) << i;
  EXPECT_LE(backend->max_batch_seen(), 5);
  EXPECT_GE(backend->calls(), 7);  // 32 positions, 5 at a time
}

TEST(BatchingEvaluator, ALoneRequestIsAnsweredAfterMaxWait) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  FakeEvaluator reference(fake_options());
  const Position& p = positions()[3];
  {
    BatchingOptions o;  // max_batch 16, max_wait 1 ms: a single search thread must not stall
    BatchingEvaluator batcher(backend, o);
    std::future<EvalOutput> f = batcher.submit(p.planes.data(), p.key);
    ASSERT_EQ(f.wait_for(2s), std::future_status::ready);
    EXPECT_TRUE(same(f.get(), direct(reference, p)));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(same(direct(batcher, p), direct(reference, p)));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  }
  {
    // And it does wait for company that long: max_wait 100 ms.
    BatchingOptions o;
    o.max_wait_us = 100'000;
    BatchingEvaluator batcher(backend, o);
    const auto start = std::chrono::steady_clock::now();
    std::future<EvalOutput> f = batcher.submit(p.planes.data(), p.key);
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
    EXPECT_GE(batcher.stats().mean_wait_us, 100'000.0);
  }
}

TEST(BatchingEvaluator, CachedPositionsSkipTheBackend) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  BatchingOptions o;
  o.max_wait_us = 0;
  o.cache_entries = 64;
  BatchingEvaluator batcher(backend, o);
  const Position& p = positions()[10];
  const EvalOutput first = direct(batcher, p);
  EXPECT_EQ(backend->positions_evaluated(), 1);
  EXPECT_TRUE(same(direct(batcher, p), first));
  std::future<EvalOutput> f = batcher.submit(p.planes.data(), p.key);
  ASSERT_EQ(f.wait_for(0s), std::future_status::ready);  // answered on the spot
  EXPECT_TRUE(same(f.get(), first));
  EXPECT_EQ(backend->positions_evaluated(), 1);
  EXPECT_EQ(batcher.stats().cache_hits, 2);
  // Key 0: never cached, always the backend.
  const Position uncached{p.planes, 0};
  EXPECT_TRUE(same(direct(batcher, uncached), first));
  EXPECT_TRUE(same(direct(batcher, uncached), first));
  EXPECT_EQ(backend->positions_evaluated(), 3);
  EXPECT_EQ(batcher.stats().cache_hits, 2);
}

TEST(BatchingEvaluator, BackendFailuresReachTheCallersAndTheEvaluatorRecovers) {
  std::atomic<bool> fail{true};
  FakeEvaluatorOptions fo = fake_options();
  fo.fn = [&fail](const float*, EvalOutput& out) {
    if (fail) throw std::runtime_error("the GPU fell off the bus");
    out.value = 0.25f;
  };
  auto backend = std::make_shared<FakeEvaluator>(fo);
  BatchingOptions o;
  o.max_wait_us = 0;
  BatchingEvaluator batcher(backend, o);
  const Position& p = positions()[0];
  try {
    direct(batcher, p);
    ADD_FAILURE() << "evaluate() did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("fell off the bus"), std::string::npos) << e.what();
  }
  std::future<EvalOutput> f = batcher.submit(p.planes.data(), p.key);
  EXPECT_THROW(f.get(), std::runtime_error);
  EXPECT_EQ(batcher.stats().failures, 2);
  fail = false;
  EXPECT_EQ(direct(batcher, p).value, 0.25f);

  // An exception that is not a runtime_error still arrives as one, with its message.
  FakeEvaluatorOptions lo = fake_options();
  lo.fn = [](const float*, EvalOutput&) { throw std::logic_error("bad tensor shape"); };
  BatchingEvaluator logic(std::make_shared<FakeEvaluator>(lo), o);
  try {
    direct(logic, p);
    ADD_FAILURE() << "evaluate() did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad tensor shape"), std::string::npos) << e.what();
  }
}

TEST(BatchingEvaluator, ShuttingDownFailsQueuedRequestsAndReturns) {
  FakeEvaluatorOptions fo = fake_options();
  fo.fn = [](const float*, EvalOutput& out) {
    std::this_thread::sleep_for(20ms);  // a slow network: requests pile up behind it
    out.value = 0.5f;
  };
  auto backend = std::make_shared<FakeEvaluator>(fo);
  BatchingOptions o;
  o.max_batch = 1;
  o.max_wait_us = 0;
  auto batcher = std::make_shared<BatchingEvaluator>(backend, o);
  std::vector<std::future<EvalOutput>> futures;
  for (int i = 0; i < 20; ++i) futures.push_back(batcher->submit(positions()[0].planes.data(), 0));
  ASSERT_TRUE(finishes_within(10s, [b = std::move(batcher)]() mutable { b.reset(); }))
      << "the destructor hung";
  int answered = 0, failed = 0;
  for (std::future<EvalOutput>& f : futures) {
    ASSERT_EQ(f.wait_for(0s), std::future_status::ready);
    try {
      EXPECT_EQ(f.get().value, 0.5f);
      ++answered;
    } catch (const std::runtime_error&) {
      ++failed;
    }
  }
  EXPECT_EQ(answered + failed, 20);
  EXPECT_EQ(answered, backend->positions_evaluated());
  EXPECT_GE(failed, 1);
}

TEST(BatchingEvaluator, RefusesBadOptionsAndNamesItsBackend) {
  auto backend = std::make_shared<FakeEvaluator>(fake_options());
  EXPECT_THROW(BatchingEvaluator(nullptr, BatchingOptions{}), std::invalid_argument);
  EXPECT_THROW(BatchingEvaluator(backend, BatchingOptions{0, 1000, 1, 0}), std::invalid_argument);
  EXPECT_THROW(BatchingEvaluator(backend, BatchingOptions{16, -1, 1, 0}), std::invalid_argument);
  EXPECT_THROW(BatchingEvaluator(backend, BatchingOptions{16, 1000, -1, 0}), std::invalid_argument);
  EXPECT_THROW(BatchingEvaluator(backend, BatchingOptions{16, 1000, 257, 0}), std::invalid_argument);
  BatchingEvaluator batcher(backend, BatchingOptions{});
  EXPECT_EQ(batcher.name(), "batched(fake)");
  EXPECT_EQ(batcher.board_size(), kSize);
  EXPECT_TRUE(batcher.has_policy());
  EXPECT_TRUE(batcher.has_value());
}

}  // namespace
}  // namespace tengen::nn
