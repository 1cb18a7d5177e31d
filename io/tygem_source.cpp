// The Tygem archive reader (contract in io/tygem_source.h). The index is held as one vector sorted
// by id (a stable sort, so the first record read for an id wins): ~1.3 M records fit in ~90 MB,
// where a hash map of strings would take several times that.
#include "io/tygem_source.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "engine/text_file.h"
#include "io/archive_members.h"

namespace tengen::io {
namespace {

namespace fs = std::filesystem;

// The largest real texts are ~25 MB (an index year); a bigger member is not a Tygem file.
constexpr int64_t kMaxTygemTextBytes = int64_t{256} << 20;
constexpr int kIndexFields = 11;
const char* const kMalformedGameLine = "malformed game line";
const char* const kTruncatedLine = "truncated line";
const char* const kNoIndexLine = "no index line";
const char* const kMoveCountMismatch = "move count mismatch";

struct IndexRecord {
  uint64_t id = 0;
  std::string result;
  int moves = 0;       // the index's count of stone moves
  uint32_t source = 0; // index into Reader::sources_ ("file:member")
  uint32_t line = 0;
  bool joined = false;
};

// Decimal digits only, at most 18 of them (so the value fits): the ids and the move counts.
bool parse_number(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

// Calls f(line_number, line) for each line, 1-based, without its '\n' or a '\r' before it.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  uint32_t number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(++number, line);
    start = end + 1;
  }
}

std::string_view first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// A Tygem file starts with "<digits>\t" followed by ';' (Kifu) or 'C' (index: the date field).
bool looks_like(std::string_view text, char after_tab) {
  const std::string_view line = first_line(text);
  const size_t tab = line.find('\t');
  uint64_t id;
  return tab != std::string_view::npos && parse_number(line.substr(0, tab), id) &&
         (tab + 1 == line.size() ? after_tab == ';' : line[tab + 1] == after_tab);
}

enum class MovesParse { kOk, kMalformed, kTruncated };

// ";B[pd];W[dp];B[]..." into moves (passes as kPass). Ends inside a node: kTruncated.
MovesParse parse_moves(std::string_view s, std::vector<Move>& moves) {
  moves.clear();
  size_t i = 0;
  auto coordinate = [](char c) { return c >= 'a' && c <= 's'; };
  while (i < s.size()) {
    if (s[i] != ';') return MovesParse::kMalformed;
    if (i + 1 >= s.size()) return MovesParse::kTruncated;
    if (s[i + 1] != 'B' && s[i + 1] != 'W') return MovesParse::kMalformed;
    const Color color = s[i + 1] == 'B' ? Color::kBlack : Color::kWhite;
    if (i + 2 >= s.size()) return MovesParse::kTruncated;
    if (s[i + 2] != '[') return MovesParse::kMalformed;
    const size_t close = s.find(']', i + 3);
    const std::string_view value = s.substr(i + 3, close == std::string_view::npos ? s.npos : close - i - 3);
    for (char c : value)
      if (!coordinate(c)) return MovesParse::kMalformed;
    if (close == std::string_view::npos) return value.size() <= 2 ? MovesParse::kTruncated : MovesParse::kMalformed;
    if (value.size() == 1) return MovesParse::kMalformed;
    moves.push_back(Move{color, value.empty() ? kPass : make_point(value[0] - 'a', value[1] - 'a')});
    i = close + 1;
  }
  return MovesParse::kOk;
}

int stone_moves(const std::vector<Move>& moves) {
  return static_cast<int>(std::count_if(moves.begin(), moves.end(), [](const Move& m) { return m.point != kPass; }));
}

// Regular, non-hidden files directly in `dir`, sorted; an error message when it cannot be listed.
std::vector<std::string> files_in(const std::string& dir, std::string& error) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (it->path().filename().string().rfind('.', 0) == 0 || !it->is_regular_file(fec)) continue;
    files.push_back(it->path().string());
  }
  if (ec) error = "cannot read directory: " + ec.message();
  std::sort(files.begin(), files.end());
  return files;
}

class Reader {
 public:
  Reader(const TygemGameVisitor& visit, const TygemProblemVisitor& on_problem)
      : visit_(visit), on_problem_(on_problem) {}

  TygemStats run(const std::string& folder) {
    for (const std::string& f : list(folder + "/index")) read_file(f, /*index=*/true);
    finish_index();
    for (const std::string& f : list(folder + "/Kifu")) read_file(f, /*index=*/false);
    for (const IndexRecord& r : index_) stats_.index_without_game += r.joined ? 0 : 1;
    return stats_;
  }

 private:
  void problem(std::string_view kind, const std::string& where, const std::string& message) {
    if (kind == kTygemUnreadableFile) ++stats_.unreadable_files;
    if (kind == kTygemMalformedIndexLine) ++stats_.malformed_index_lines;
    if (kind == kTygemDuplicateIndexRecord) ++stats_.duplicate_index_records;
    if (on_problem_) on_problem_(std::string(kind), where, message);
  }

  void skip_line(const char* reason, const std::string& where, const std::string& message) {
    ++stats_.skipped[reason];
    if (on_problem_) on_problem_(reason, where, message);
  }

  std::vector<std::string> list(const std::string& dir) {
    std::string error;
    std::vector<std::string> files = files_in(dir, error);
    if (!error.empty()) problem(kTygemUnreadableFile, dir, error);
    return files;
  }

  // One file of Kifu/ or index/: an archive's members, or the file itself.
  void read_file(const std::string& path, bool index) {
    auto text = [&](const std::string& name, std::string_view bytes) {
      read_text(name, bytes, index);
      return true;
    };
    if (!is_archive_name(path)) {
      std::string why;
      const std::optional<std::string> bytes = read_file_capped(path, kMaxTygemTextBytes, &why);
      if (!bytes) return problem(kTygemUnreadableFile, path, why);
      text(path, *bytes);
      return;
    }
    int errors = 0;
    const MemberWalk walk = for_each_member(
        path, kMaxTygemTextBytes, [](std::string_view) { return true; }, text,
        [&](const std::string& name, const std::string& message) {
          ++errors;
          problem(kTygemUnreadableFile, name, message);
        });
    // libarchive reads an empty file as an empty archive; the snapshot's missing files are empty.
    if (walk.members == 0 && errors == 0)
      problem(kTygemUnreadableFile, path, "no file inside (empty, missing or not an archive)");
  }

  void read_text(const std::string& name, std::string_view bytes, bool index) {
    if (!looks_like(bytes, index ? 'C' : ';'))
      return problem(kTygemUnreadableFile, name,
                     index ? "not a Tygem index file (a line starts with <id> TAB C<date>)"
                           : "not a Tygem Kifu file (a line starts with <id> TAB ;B[..])");
    ++(index ? stats_.index_files : stats_.kifu_files);
    stats_.bytes += static_cast<int64_t>(bytes.size());
    if (index) sources_.push_back(name);
    for_each_line(bytes, [&](uint32_t number, std::string_view line) {
      if (line.empty()) return;  // a blank line (e.g. at the end) holds no record
      if (index) read_index_line(name, number, line);
      else read_kifu_line(name, number, line);
    });
  }

  void read_index_line(const std::string& name, uint32_t number, std::string_view line) {
    const std::string where = name + ":" + std::to_string(number);
    const std::vector<std::string_view> f = split_tabs(line);
    uint64_t id = 0, moves = 0;
    if (f.size() != kIndexFields)
      return problem(kTygemMalformedIndexLine, where,
                     std::to_string(f.size()) + " TAB-separated fields, expected " + std::to_string(kIndexFields));
    if (!parse_number(f[0], id)) return problem(kTygemMalformedIndexLine, where, "the id is not a number");
    if (!parse_number(f[9], moves) || moves > 100000)
      return problem(kTygemMalformedIndexLine, where, "the move count (field 10) is not a number");
    IndexRecord r;
    r.id = id;
    r.result = std::string(f[8]);
    r.moves = static_cast<int>(moves);
    r.source = static_cast<uint32_t>(sources_.size() - 1);
    r.line = number;
    index_.push_back(std::move(r));
  }

  // Sorts by id, keeping the first record read for each id; the others are reported.
  void finish_index() {
    std::stable_sort(index_.begin(), index_.end(), [](const IndexRecord& a, const IndexRecord& b) { return a.id < b.id; });
    std::vector<IndexRecord> kept;
    kept.reserve(index_.size());
    for (IndexRecord& r : index_) {
      if (!kept.empty() && kept.back().id == r.id) {
        problem(kTygemDuplicateIndexRecord, sources_[r.source] + ":" + std::to_string(r.line),
                "another record of id " + std::to_string(r.id) + " (the first, kept, is at " +
                    sources_[kept.back().source] + ":" + std::to_string(kept.back().line) + ")");
        continue;
      }
      kept.push_back(std::move(r));
    }
    index_ = std::move(kept);
    stats_.index_records = static_cast<int64_t>(index_.size());
  }

  IndexRecord* find(uint64_t id) {
    auto it = std::lower_bound(index_.begin(), index_.end(), id, [](const IndexRecord& r, uint64_t v) { return r.id < v; });
    return it != index_.end() && it->id == id ? &*it : nullptr;
  }

  void read_kifu_line(const std::string& name, uint32_t number, std::string_view line) {
    ++stats_.kifu_lines;
    const std::string where = name + ":" + std::to_string(number);
    const size_t tab = line.find('\t');
    uint64_t id = 0;
    if (tab == std::string_view::npos || !parse_number(line.substr(0, tab), id))
      return skip_line(kMalformedGameLine, where, "not <id> TAB <moves>");
    IndexRecord* record = find(id);
    if (record) record->joined = true;  // the record has its game, even if the line is damaged
    const MovesParse parsed = parse_moves(line.substr(tab + 1), moves_);
    if (parsed == MovesParse::kMalformed) return skip_line(kMalformedGameLine, where, "a character outside ;B[..] nodes");
    if (parsed == MovesParse::kTruncated) return skip_line(kTruncatedLine, where, "the line ends inside a move");
    if (!record) return skip_line(kNoIndexLine, where, "no index record for game " + std::to_string(id));
    const int stones = stone_moves(moves_);
    if (std::abs(stones - record->moves) > kTygemMoveCountTolerance)
      return skip_line(kMoveCountMismatch, where,
                       std::to_string(stones) + " moves, the index says " + std::to_string(record->moves));
    deliver(where, *record);
  }

  void deliver(const std::string& where, const IndexRecord& record) {
    game_ = SgfGame{};
    game_.size = 19;
    game_.komi = kTygemKomi;
    game_.rules = "Japanese";
    game_.result = record.result;
    game_.moves = moves_;
    ++stats_.games;
    visit_(where, game_);
  }

  const TygemGameVisitor& visit_;
  const TygemProblemVisitor& on_problem_;
  TygemStats stats_;
  std::vector<std::string> sources_;  // index texts, "file:member"
  std::vector<IndexRecord> index_;
  std::vector<Move> moves_;  // reused across lines
  SgfGame game_;
};

}  // namespace

const std::vector<std::string>& tygem_skip_reasons() {
  static const std::vector<std::string> kReasons = {kMalformedGameLine, kTruncatedLine, kNoIndexLine,
                                                    kMoveCountMismatch};
  return kReasons;
}

TygemStats& TygemStats::operator+=(const TygemStats& o) {
  kifu_files += o.kifu_files;
  index_files += o.index_files;
  bytes += o.bytes;
  kifu_lines += o.kifu_lines;
  games += o.games;
  index_records += o.index_records;
  index_without_game += o.index_without_game;
  unreadable_files += o.unreadable_files;
  malformed_index_lines += o.malformed_index_lines;
  duplicate_index_records += o.duplicate_index_records;
  for (const auto& [reason, n] : o.skipped) skipped[reason] += n;
  return *this;
}

bool is_tygem_folder(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(fs::path(path) / "Kifu", ec) && fs::is_directory(fs::path(path) / "index", ec);
}

TygemStats for_each_tygem_game(const std::string& folder, const TygemGameVisitor& visit,
                               const TygemProblemVisitor& on_problem) {
  return Reader(visit, on_problem).run(folder);
}

}  // namespace tengen::io
