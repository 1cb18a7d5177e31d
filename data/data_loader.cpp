#include "data/data_loader.h"

#include <algorithm>
#include <limits>

#include "engine/hash.h"
#include "engine/symmetry.h"
#include "data/dataset_builder.h"

namespace tengen::nn {

namespace {

using Clock = std::chrono::steady_clock;

// splitmix64 with our own bounded draw: std:: distributions differ between standard libraries, and
// exact resume must not depend on which one built the binary.
class BatchRng {
 public:
  BatchRng(uint64_t seed, int64_t k)
      : state_(mix64(seed + kGoldenGamma) ^ mix64(static_cast<uint64_t>(k) ^ 0xD1B54A32D192ED03ull)) {}
  uint64_t next() { return splitmix64(state_); }
  // Uniform in [0, n) by a 64x64->128 multiply (Lemire); bias below n / 2^64, negligible.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }

 private:
  uint64_t state_;
};

Batch empty_batch(const PositionIndex& index, FeatureSet features, int count) {
  Batch b;
  b.size = count;
  b.channels = num_planes(features);
  b.board_size = index.board_size();
  const size_t area = static_cast<size_t>(b.board_size) * b.board_size;
  b.planes.resize(static_cast<size_t>(count) * b.channels * area);
  b.move.resize(static_cast<size_t>(count));
  b.z.resize(static_cast<size_t>(count));
  b.score.resize(static_cast<size_t>(count));
  b.score_mask.resize(static_cast<size_t>(count));
  if (index.has_final_owners()) {
    b.ownership.resize(static_cast<size_t>(count) * area);
    b.ownership_mask.resize(static_cast<size_t>(count));
  }
  return b;
}

// The auxiliary targets of slot `slot` (position i under symmetry sym), from the side to move's view.
void fill_aux(const PositionIndex& index, int64_t i, int sym, Batch& b, int slot) {
  const GameRecord& g = index.games()[index.entry(i).game];
  const float side = index.played(i).color == Color::kBlack ? 1.0f : -1.0f;
  const size_t at = static_cast<size_t>(slot);
  b.score_mask[at] = g.margin2 > 0 ? 1.0f : 0.0f;
  b.score[at] = side * static_cast<float>(g.winner) * static_cast<float>(g.margin2) / 2.0f;
  if (!index.has_final_owners()) return;
  const int n = b.board_size;
  float* out = b.ownership.data() + at * static_cast<size_t>(n) * n;
  const int8_t* owners = index.final_owners(i);
  b.ownership_mask[at] = owners ? 1.0f : 0.0f;
  std::fill(out, out + static_cast<size_t>(n) * n, 0.0f);
  if (!owners) return;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const Point t = apply_symmetry(make_point(x, y), sym, n);
      out[point_y(t) * n + point_x(t)] = side * owners[y * n + x];
    }
}

// Fills entry `slot` of the batch with position i under symmetry `sym`; `game` is scratch.
void fill(const PositionIndex& index, FeatureSet features, int64_t i, int sym, Batch& b, int slot, Game& game) {
  index.replay(i, game);
  const size_t per_position = static_cast<size_t>(b.channels) * b.board_size * b.board_size;
  extract_features(game, features, sym, b.planes.data() + per_position * static_cast<size_t>(slot));
  b.move[static_cast<size_t>(slot)] = index.target(i, sym);
  b.z[static_cast<size_t>(slot)] = index.z(i);
  fill_aux(index, i, sym, b, slot);
}

}  // namespace

PositionIndex::PositionIndex(std::vector<GameRecord> games, Positions positions)
    : games_(std::move(games)), mode_(positions) {
  if (!games_.empty()) board_size_ = games_[0].size;
  if (games_.size() > std::numeric_limits<uint32_t>::max()) throw DatasetError("too many games for one index");
  first_position_.reserve(games_.size() + 1);
  first_position_.push_back(0);
  for (const GameRecord& g : games_) {
    if (g.size != board_size_)
      throw DatasetError("games of board sizes " + std::to_string(board_size_) + " and " + std::to_string(g.size) +
                         " cannot share one index");
    first_position_.push_back(first_position_.back() + (mode_ == Positions::kFinal ? 1 : g.stone_moves()));
  }
}

PositionIndex::Entry PositionIndex::entry(int64_t i) const {
  // The last game whose first position is <= i (games without stone moves share a value: skip them).
  const auto it = std::upper_bound(first_position_.begin(), first_position_.end(), i) - 1;
  const size_t g = static_cast<size_t>(it - first_position_.begin());
  int64_t left = i - *it;  // the left-th stone move of game g
  if (mode_ == Positions::kFinal) return {static_cast<uint32_t>(g), static_cast<uint16_t>(games_[g].moves.size())};
  const std::vector<uint16_t>& moves = games_[g].moves;
  for (size_t m = 0; m < moves.size(); ++m) {
    if (is_pass_code(moves[m])) continue;
    if (left-- == 0) return {static_cast<uint32_t>(g), static_cast<uint16_t>(m)};
  }
  throw DatasetError("position " + std::to_string(i) + " out of range");  // unreachable for valid i
}

PositionIndex PositionIndex::from_shards(const std::vector<std::string>& files, Positions positions) {
  std::vector<GameRecord> games;
  for (const std::string& f : files) {
    std::vector<GameRecord> shard = read_shard(f);
    games.insert(games.end(), std::make_move_iterator(shard.begin()), std::make_move_iterator(shard.end()));
  }
  return PositionIndex(std::move(games), positions);
}

PositionIndex PositionIndex::load(const std::string& dir, const std::string& split) {
  return from_shards(manifest_shards(dir, split));
}

void PositionIndex::replay(int64_t i, Game& out) const {
  const Entry e = entry(i);
  const GameRecord& g = games_[e.game];
  if (std::optional<std::string> why = replay_record(g, e.move, out, /*positional_superko=*/false))
    throw DatasetError("game " + std::to_string(g.id) + " no longer replays: " + *why);
}

Move PositionIndex::played(int64_t i) const {
  const Entry e = entry(i);
  if (mode_ == Positions::kFinal) {
    // No move follows; the side to move is the one after the last recorded move.
    const std::vector<uint16_t>& m = games_[e.game].moves;
    return Move{m.empty() || decode_move(m.back()).color == Color::kWhite ? Color::kBlack : Color::kWhite, kPass};
  }
  return decode_move(games_[e.game].moves[e.move]);
}

float PositionIndex::z(int64_t i) const {
  const Entry e = entry(i);
  const int winner = games_[e.game].winner;
  // Colours alternate in every kept game, so the mover of the recorded move is the side to move.
  return static_cast<float>(played(i).color == Color::kBlack ? winner : -winner);
}

void PositionIndex::set_final_owners(std::vector<int8_t> table, std::vector<uint32_t> row_of_game) {
  const size_t area = static_cast<size_t>(board_size_) * board_size_;
  if (row_of_game.size() != games_.size() || table.size() % area != 0)
    throw DatasetError("final owners: " + std::to_string(row_of_game.size()) + " rows for " +
                       std::to_string(games_.size()) + " games, or a table that is not whole boards");
  for (uint32_t r : row_of_game)
    if (r != kNoOwners && static_cast<size_t>(r) >= table.size() / area)
      throw DatasetError("final owners: row " + std::to_string(r) + " is past the table");
  owner_table_ = std::move(table);
  owner_row_ = std::move(row_of_game);
}

const int8_t* PositionIndex::final_owners(int64_t i) const {
  if (owner_row_.empty()) return nullptr;
  const uint32_t r = owner_row_[entry(i).game];
  return r == kNoOwners ? nullptr : owner_table_.data() + static_cast<size_t>(r) * board_size_ * board_size_;
}

int32_t PositionIndex::target(int64_t i, int symmetry) const {
  if (mode_ == Positions::kFinal) return -1;
  const Point p = apply_symmetry(played(i).point, symmetry, board_size_);
  return static_cast<int32_t>(point_y(p) * board_size_ + point_x(p));
}

std::vector<Draw> random_draws(const BatchOptions& options, int64_t k, int64_t positions) {
  std::vector<Draw> draws(static_cast<size_t>(std::max(options.batch_size, 0)));
  BatchRng rng(options.seed, k);
  for (Draw& d : draws) {
    d.position = static_cast<int64_t>(rng.below(static_cast<uint64_t>(std::max<int64_t>(positions, 0))));
    d.symmetry = static_cast<int>(rng.next() >> 61);  // top 3 bits: one of 8 symmetries
  }
  return draws;
}

Batch make_random_batch(const PositionIndex& index, const BatchOptions& options, int64_t k) {
  if (index.positions() == 0) throw DatasetError("no training positions to draw from");
  if (options.batch_size < 1) throw DatasetError("batch size must be at least 1");
  if (options.parts < 1 || options.part < 0 || options.part >= options.parts || options.batch_size % options.parts)
    throw DatasetError("batch of " + std::to_string(options.batch_size) + " cannot be shared as part " +
                       std::to_string(options.part) + " of " + std::to_string(options.parts));
  const int share = options.batch_size / options.parts, first = options.part * share;
  Batch b = empty_batch(index, options.features, share);
  b.index = k;
  const std::vector<Draw> draws = random_draws(options, k, index.positions());
  Game game;
  for (int slot = 0; slot < b.size; ++slot)
    fill(index, options.features, draws[static_cast<size_t>(first + slot)].position,
         draws[static_cast<size_t>(first + slot)].symmetry, b, slot, game);
  return b;
}

Batch make_ordered_batch(const PositionIndex& index, FeatureSet features, int64_t first, int count, int symmetry) {
  const int64_t end = std::min<int64_t>(index.positions(), first + std::max(count, 0));
  Batch b = empty_batch(index, features, static_cast<int>(std::max<int64_t>(0, end - first)));
  Game game;
  for (int slot = 0; slot < b.size; ++slot) fill(index, features, first + slot, symmetry, b, slot, game);
  return b;
}

DataLoader::DataLoader(std::shared_ptr<const PositionIndex> index, LoaderOptions options)
    : index_(std::move(index)),
      options_(options),
      start_(Clock::now()),
      next_claim_(options.first_batch),
      next_out_(options.first_batch) {
  if (!index_ || index_->positions() == 0) throw DatasetError("data loader: no training positions");
  if (options_.batch.batch_size < 1) throw DatasetError("data loader: batch size must be at least 1");
  options_.threads = std::max(0, options_.threads);
  if (options_.ahead <= 0) options_.ahead = 2 * options_.threads + 1;
  for (int t = 0; t < options_.threads; ++t) workers_.emplace_back([this] { work(); });
}

DataLoader::~DataLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  space_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void DataLoader::work() {
  for (;;) {
    int64_t k;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Bounded window: never more than `ahead` batches past the consumer, built or in progress.
      space_.wait(lock, [this] { return stop_ || next_claim_ < next_out_ + options_.ahead; });
      if (stop_) return;
      k = next_claim_++;
    }
    const Clock::time_point t0 = Clock::now();
    Batch b;
    std::exception_ptr error;
    try {
      b = make_random_batch(*index_, options_.batch, k);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.build_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
      if (error) {
        if (!error_) error_ = error;
      } else {
        built_.emplace(k, std::move(b));
      }
    }
    ready_.notify_all();
  }
}

Batch DataLoader::next() {
  const Clock::time_point t0 = Clock::now();
  Batch b;
  if (workers_.empty()) {
    b = make_random_batch(*index_, options_.batch, next_out_);
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.build_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    ++next_out_;
  } else {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return error_ || built_.count(next_out_) > 0; });
    if (error_) std::rethrow_exception(error_);
    auto it = built_.find(next_out_);
    b = std::move(it->second);
    built_.erase(it);
    ++next_out_;
    stats_.wait_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.batches;
    stats_.positions += b.size;
  }
  space_.notify_all();
  return b;
}

int64_t DataLoader::next_index() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_out_;
}

LoaderStats DataLoader::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  LoaderStats s = stats_;
  s.wall_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  return s;
}

}  // namespace tengen::nn
