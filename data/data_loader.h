// Training batches from dataset shards: planes + move target + value target (docs/DATA.md).
//
// PositionIndex holds the games of a split in memory (compact records) and an index of the usable
// positions: every position whose next move puts a stone on the board (pass moves are not targets,
// as in AlphaGo). A position is rebuilt when it is drawn, by replaying its game up to that move —
// a few tens of microseconds — so memory stays at ~0.5 KB per game instead of ~70 KB per position.
//
// Determinism: batch k for a seed depends on (seed, k) only. Its positions are drawn uniformly with
// replacement by an RNG seeded from (seed, k), each with a random one of the 8 symmetries; so
// training resumes exactly by asking for batch k again, whatever the thread count or timing.
// Targets under a symmetry s: the planes are extract_features(game, set, s) and the move is
// apply_symmetry(move, s) as y*size+x; z is the game result from the side to move's view (+1 won,
// -1 lost, 0 unknown or drawn).
//
// DataLoader runs worker threads that build batches ahead into a bounded window and hands them out
// strictly in order k, k+1, ... .
// Thread-safety: PositionIndex and the make_*_batch functions are immutable/pure and safe from any
// thread. A DataLoader is used by one consumer thread; its destructor stops and joins its workers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/features.h"
#include "engine/game.h"
#include "data/dataset.h"

namespace tengen::nn {

struct Batch {
  int size = 0;                // positions in the batch (B)
  std::vector<float> planes;   // B x C x N x N, NCHW (C = num_planes(set), N = board size)
  std::vector<int32_t> move;   // B targets, y*N+x of the played move after the symmetry
  std::vector<float> z;        // B value targets from the side to move's view: +1, -1 or 0
  // Auxiliary value targets (docs/TRAINING.md). score: the final margin in points from the side to
  // move's view, with score_mask 1 when the record gave one (0: resigned, timed out, unknown).
  // ownership (only when the index has final owners): B x N x N, the final owner of each point from
  // the side to move's view (+1 its, -1 the opponent's, 0 neither) under the batch's symmetry, with
  // ownership_mask 1 where the position's game has an ownership target.
  std::vector<float> score, score_mask;
  std::vector<float> ownership, ownership_mask;
  int64_t index = -1;          // k for a random batch; -1 otherwise
  int channels = 0;            // C
  int board_size = 0;          // N
};

class PositionIndex {
 public:
  struct Entry {
    uint32_t game;  // index into games()
    uint16_t move;  // the move to predict; the position is the one before it
  };

  // Which positions of each game are training positions.
  enum class Positions {
    kStoneMoves,  // every position before a stone move, with that move as the target (policy data)
    kFinal,       // one per game: the position after the record's last move (value data from
                  // `tengen selfplay --value-data`); no move target (target() is -1)
  };

  // Throws DatasetError if the games do not all have one board size.
  explicit PositionIndex(std::vector<GameRecord> games, Positions positions = Positions::kStoneMoves);
  // Every shard of a split listed in <dir>/manifest.json ("train" or "val").
  static PositionIndex load(const std::string& dir, const std::string& split);
  static PositionIndex from_shards(const std::vector<std::string>& files, Positions positions = Positions::kStoneMoves);

  int64_t positions() const { return first_position_.back(); }
  const std::vector<GameRecord>& games() const { return games_; }
  int board_size() const { return board_size_; }
  Entry entry(int64_t i) const;  // 0 <= i < positions()

  // The position before entry i's move, replayed (simple ko: the moves were checked at build time).
  void replay(int64_t i, Game& out) const;
  Move played(int64_t i) const;     // the move to predict (a stone move), untransformed; kFinal: a pass
  float z(int64_t i) const;         // the value target
  int32_t target(int64_t i, int symmetry) const;  // y*N+x of the move after the symmetry; kFinal: -1
  Positions mode() const { return mode_; }

  // Final owners for value training's ownership head: `table` holds rows of N*N owners (+1 Black,
  // -1 White, 0 neither; y*N+x), row_of_game[g] is game g's row or kNoOwners. Throws DatasetError
  // if the sizes disagree.
  static constexpr uint32_t kNoOwners = 0xffffffffu;
  void set_final_owners(std::vector<int8_t> table, std::vector<uint32_t> row_of_game);
  bool has_final_owners() const { return !owner_row_.empty(); }
  const int8_t* final_owners(int64_t i) const;  // position i's game's row, or null

 private:
  std::vector<GameRecord> games_;
  Positions mode_ = Positions::kStoneMoves;
  // first_position_[g] = positions in games before g (games + 1 entries). A position is found by a
  // binary search here: 8 bytes per game instead of 8 per position (160 MB for 20 M positions).
  std::vector<int64_t> first_position_;
  int board_size_ = kMaxSize;
  std::vector<int8_t> owner_table_;
  std::vector<uint32_t> owner_row_;
};

struct BatchOptions {
  FeatureSet features = FeatureSet::kPolicy48;
  int batch_size = 256;
  uint64_t seed = 1;
  // Data-parallel share (train/torch/data_parallel.h): batch k holds only draws
  // [part * batch_size / parts, (part + 1) * batch_size / parts) of the whole batch k, so `parts`
  // ranks together train on exactly the batches one process would. batch_size % parts must be 0.
  int part = 0, parts = 1;
};

// The positions and symmetries of batch k, drawn from an RNG seeded from (options.seed, k) only:
// batch_size draws, each a position uniform in [0, positions) and a symmetry uniform in 0..7.
struct Draw {
  int64_t position;
  int symmetry;
};
std::vector<Draw> random_draws(const BatchOptions& options, int64_t k, int64_t positions);
// Batch k: the draws above (this part's share of them), filled in. Throws DatasetError if the index has
// no positions or the parts do not divide the batch.
Batch make_random_batch(const PositionIndex& index, const BatchOptions& options, int64_t k);
// Positions [first, first + count) in index order (clipped to the end), one fixed symmetry: for
// passes over a whole validation split.
Batch make_ordered_batch(const PositionIndex& index, FeatureSet features, int64_t first, int count, int symmetry = 0);

struct LoaderOptions {
  BatchOptions batch;
  int threads = 2;          // worker threads; 0 builds each batch in next() on the caller's thread
  int64_t first_batch = 0;  // the k of the first next(): resume point
  int ahead = 0;            // batches built ahead of the consumer at most; 0: 2 x threads + 1
};

struct LoaderStats {
  int64_t batches = 0;        // batches handed out by next()
  int64_t positions = 0;      // their positions
  double wall_seconds = 0;    // since the loader was constructed
  double wait_seconds = 0;    // time next() spent waiting for a batch (the consumer was starved)
  double build_seconds = 0;   // summed over workers: time spent building batches
  double positions_per_second() const { return wall_seconds > 0 ? positions / wall_seconds : 0; }
};

class DataLoader {
 public:
  DataLoader(std::shared_ptr<const PositionIndex> index, LoaderOptions options);
  ~DataLoader();
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  // The next batch in order; rethrows a worker's exception.
  Batch next();
  int64_t next_index() const;  // k of the batch the next call to next() returns
  LoaderStats stats() const;
  double positions_per_second() const { return stats().positions_per_second(); }

 private:
  void work();

  std::shared_ptr<const PositionIndex> index_;
  LoaderOptions options_;
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
  std::condition_variable space_, ready_;
  int64_t next_claim_;   // next k a worker will build
  int64_t next_out_;     // next k next() returns
  bool stop_ = false;
  std::map<int64_t, Batch> built_;
  std::exception_ptr error_;
  LoaderStats stats_;
  std::vector<std::thread> workers_;
};

}  // namespace tengen::nn
