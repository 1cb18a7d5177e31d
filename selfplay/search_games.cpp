#include "selfplay/search_games.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/fast_rng.h"
#include "mcts/search.h"

namespace tengen::selfplay {

namespace {

// Thrown inside a worker when another worker failed: stop quietly, the first error is reported.
struct Cancelled {};

Point choose_move(const Game& game, const mcts::Search& search, bool sample, double temperature, FastRng& rng) {
  const std::vector<Point> playable = nn::playable_moves(game);
  if (playable.empty()) return kPass;
  std::vector<std::pair<Point, double>> weighted;  // playable moves the search visited
  for (const mcts::ChildStats& c : search.root_children())
    if (c.visits > 0 && std::binary_search(playable.begin(), playable.end(), c.move))
      weighted.emplace_back(c.move, c.visits);
  // A search too short to visit any playable move: any of them, uniformly (still seeded).
  if (weighted.empty()) return playable[rng.below(static_cast<uint32_t>(playable.size()))];
  if (!sample || temperature <= 0) return weighted.front().first;  // root_children: most visits first
  double total = 0;
  for (auto& [move, w] : weighted) total += w = std::pow(w, 1.0 / temperature);
  double r = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 * total;
  for (const auto& [move, w] : weighted)
    if ((r -= w) < 0) return move;
  return weighted.back().first;
}

nn::PolicyGame play_one(uint64_t seed, const SearchGameOptions& o, const SearchGameParts& parts,
                        const std::function<void()>& on_move, const std::atomic<bool>& cancelled) {
  const int max_moves = o.max_moves > 0 ? o.max_moves : 3 * o.board_size * o.board_size;
  Game game(o.board_size, GameRules{o.komi});
  mcts::SearchParams params = o.search;
  params.seed = seed;
  mcts::Search search(game, params, parts.evaluator, parts.rollout_policy, parts.tree_policy);
  FastRng rng(seed ^ 0x5ea7c4a11ull);
  while (!game.is_over() && game.move_number() < max_moves) {
    if (cancelled.load(std::memory_order_relaxed)) throw Cancelled{};
    search.run(mcts::SearchLimits{o.visits, 0}, 1);
    const Point move = choose_move(game, search, game.move_number() < o.sample_moves, o.temperature, rng);
    game.play(move);
    search.advance(game);
    if (on_move) on_move();
  }
  nn::PolicyGame g;
  g.record = nn::record_of(game);
  g.score = game.area_score();
  g.hit_move_cap = !game.is_over();
  if (g.hit_move_cap) g.record.winner = 0;
  return g;
}

}  // namespace

std::vector<nn::PolicyGame> play_search_games(const std::vector<uint64_t>& seeds, const SearchGameOptions& options,
                                              const SearchGameParts& parts, int threads,
                                              const std::function<void()>& on_move,
                                              const std::function<void()>& on_wait) {
  std::vector<nn::PolicyGame> games(seeds.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> cancelled{false};
  std::atomic<int> running{0};
  std::mutex mu;
  std::exception_ptr failure;
  auto worker = [&] {
    for (size_t i; !cancelled.load() && (i = next.fetch_add(1)) < seeds.size();) {
      try {
        games[i] = play_one(seeds[i], options, parts, on_move, cancelled);
      } catch (const Cancelled&) {
        break;
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failure) failure = std::current_exception();
        cancelled.store(true);
        break;
      }
    }
    running.fetch_sub(1);
  };
  const int n = std::max(1, std::min<int>(threads, static_cast<int>(seeds.size())));
  running.store(n);
  std::vector<std::thread> workers;
  for (int t = 0; t < n; ++t) workers.emplace_back(worker);
  auto last = std::chrono::steady_clock::now();
  while (running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (on_wait && std::chrono::steady_clock::now() - last >= std::chrono::milliseconds(200)) {
      last = std::chrono::steady_clock::now();
      try {
        on_wait();
      } catch (...) {  // the caller abandons the games: stop the workers first, then rethrow
        std::lock_guard<std::mutex> lock(mu);
        if (!failure) failure = std::current_exception();
        cancelled.store(true);
      }
    }
  }
  for (std::thread& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  return games;
}

}  // namespace tengen::selfplay
