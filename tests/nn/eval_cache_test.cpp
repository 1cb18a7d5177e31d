// The evaluation cache (nn/eval_cache.h): a position's answer comes back as stored; key 0 and a
// disabled cache store nothing; a slot holds the latest answer; concurrent searches never see a
// torn or foreign answer.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "nn/eval_cache.h"

namespace tengen::nn {
namespace {

// An answer that says which position it belongs to, everywhere in it.
EvalOutput answer_for(uint64_t key) {
  EvalOutput out;
  for (size_t i = 0; i < out.logits.size(); ++i) out.logits[i] = static_cast<float>(key % 100000) + i * 1e-3f;
  out.value = static_cast<float>(key % 1000) / 1000.0f;
  return out;
}

bool is_answer_for(const EvalOutput& out, uint64_t key) {
  const EvalOutput want = answer_for(key);
  return out.logits == want.logits && out.value == want.value;
}

TEST(EvalCache, ReturnsTheStoredAnswerAndCountsHitsAndMisses) {
  EvalCache cache(1024);
  EXPECT_TRUE(cache.enabled());
  EvalOutput out;
  EXPECT_FALSE(cache.lookup(0x1234, &out));
  cache.insert(0x1234, answer_for(0x1234));
  ASSERT_TRUE(cache.lookup(0x1234, &out));
  EXPECT_TRUE(is_answer_for(out, 0x1234));
  EXPECT_FALSE(cache.lookup(0x5678, &out));
  EXPECT_EQ(cache.hits(), 1);
  EXPECT_EQ(cache.misses(), 2);
  cache.clear();
  EXPECT_FALSE(cache.lookup(0x1234, &out));
}

TEST(EvalCache, KeyZeroAndADisabledCacheStoreNothing) {
  EvalCache cache(16);
  cache.insert(0, answer_for(7));
  EvalOutput out;
  EXPECT_FALSE(cache.lookup(0, &out));
  EXPECT_EQ(cache.misses(), 0);  // key 0 is not a question to the cache at all

  EvalCache off(0);
  EXPECT_FALSE(off.enabled());
  off.insert(42, answer_for(42));
  EXPECT_FALSE(off.lookup(42, &out));
  EXPECT_EQ(off.hits(), 0);
}

TEST(EvalCache, ASlotHoldsTheLatestAnswer) {
  EvalCache one(1);  // every key shares the single slot
  one.insert(11, answer_for(11));
  one.insert(22, answer_for(22));
  EvalOutput out;
  EXPECT_FALSE(one.lookup(11, &out));
  ASSERT_TRUE(one.lookup(22, &out));
  EXPECT_TRUE(is_answer_for(out, 22));
  one.insert(22, answer_for(33));  // the same position answered anew replaces the old answer
  ASSERT_TRUE(one.lookup(22, &out));
  EXPECT_TRUE(is_answer_for(out, 33));
}

TEST(EvalCache, ConcurrentSearchesNeverSeeAForeignAnswer) {
  EvalCache cache(97);  // small: threads keep overwriting each other's slots
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0), hits(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (uint64_t i = 1; i <= 20000; ++i) {
        const uint64_t key = (i * 7919 + static_cast<uint64_t>(t)) % 500 + 1;
        EvalOutput out;
        if (cache.lookup(key, &out)) {
          ++hits[t];
          if (!is_answer_for(out, key)) ++bad[t];
        } else {
          cache.insert(key, answer_for(key));
        }
      }
    });
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(bad[t], 0) << "thread " << t;
  int64_t total_hits = 0;
  for (int h : hits) total_hits += h;
  EXPECT_EQ(cache.hits(), total_hits);
  EXPECT_EQ(cache.hits() + cache.misses(), 4 * 20000);
  EXPECT_GT(cache.hits(), 0);
}

}  // namespace
}  // namespace tengen::nn
