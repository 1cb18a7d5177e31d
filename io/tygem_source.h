// Reading the Tygem 9-dan archive as published (godmoves/Standard_Computer_Go_Dataset, folder
// Tygem_9d_1516031; format in tests/fixtures/tygem/README.md and docs/DATA.md): a folder holding
//   Kifu/   monthly files YYYY-MM.zip, each holding one text `YYYY-MM`: `<id>\t;B[pd];W[dp]...` a line
//   index/  yearly files KifuYYYY.index.tar.gz (and deepmind.index.tar.gz), each holding lines of
//           11 TAB-separated fields: id, C+date, White name, login, country, Black name, login,
//           country, result, move count (passes not counted), time control. White comes first.
// Files in Kifu/ and index/ may also be plain (unpacked) texts; files whose names start with '.' are
// ignored, and both folders are read in sorted order, so runs are reproducible.
//
// Contract: for_each_tygem_game loads every index file, then streams every Kifu line, joins it to
// its index record by id and hands `visit` each joined game as an SgfGame: 19x19, KM 6.5, no
// handicap, RU Japanese (the archive has no komi, handicap or size field; its own converter,
// tygem.cpp, writes exactly these), RE from the index, the moves with passes. Nothing is guessed:
//   * a Kifu line that yields no game is counted under one reason (tygem_skip_reasons(), in the
//     order tested) and reported through `on_problem` with "file:member:line";
//   * an index line with other than 11 fields or a non-numeric id or move count is a "malformed
//     index line" (the 2016 index glues two records into one 21-field line: the line is dropped whole);
//   * a further well-formed record of an id already indexed is a "duplicate index record": the first
//     one read is kept;
//   * a missing, empty, damaged or non-Tygem file or archive member is an "unreadable file"; reading
//     goes on with the next member or file (the published snapshot lacks 61 of its files).
// Never throws or crashes on bad input; memory: the index (~70 bytes a record) and one file's text.
// Thread-safety: independent calls may run on different threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sgf.h"

namespace tengen::io {

// The archive has no komi field; its converter writes KM[6.5] (and every counted margin ends in .5).
constexpr double kTygemKomi = 6.5;
// The index's move count is off by one in ~0.2% of games; a bigger gap means the Kifu line lost
// moves (27 of 632,717 games, e.g. 70 moves of a 224-move game), so its result belongs to moves
// that are not there.
constexpr int kTygemMoveCountTolerance = 2;

// Problem kinds that are not games: reported through on_problem, counted in TygemStats.
inline constexpr const char* kTygemUnreadableFile = "unreadable file";
inline constexpr const char* kTygemMalformedIndexLine = "malformed index line";
inline constexpr const char* kTygemDuplicateIndexRecord = "duplicate index record";

// Why a Kifu line gave no game, in the order tested: "malformed game line" (no TAB, a non-numeric
// id, a character outside ;B[..]/W[..] nodes), "truncated line" (ends inside a node), "no index
// line", "move count mismatch" (more than kTygemMoveCountTolerance from the index's count).
const std::vector<std::string>& tygem_skip_reasons();

struct TygemStats {
  int64_t kifu_files = 0, index_files = 0;  // texts read (archive members or plain files)
  int64_t bytes = 0;                        // their bytes
  int64_t kifu_lines = 0;                   // game lines read (joined or skipped)
  int64_t games = 0;                        // joined games handed to visit
  int64_t index_records = 0;                // index records kept (one per id)
  int64_t index_without_game = 0;           // kept records that no Kifu line joined
  int64_t unreadable_files = 0, malformed_index_lines = 0, duplicate_index_records = 0;
  std::map<std::string, int64_t> skipped;   // Kifu lines by tygem_skip_reasons() reason
  TygemStats& operator+=(const TygemStats& o);
};

using TygemGameVisitor = std::function<void(const std::string& name, const SgfGame& game)>;
// kind: one of tygem_skip_reasons() or the three kinds above; where: "file[:member][:line]".
using TygemProblemVisitor =
    std::function<void(const std::string& kind, const std::string& where, const std::string& message)>;

// True when `path` is a folder holding both Kifu/ and index/ folders.
bool is_tygem_folder(const std::string& path);

TygemStats for_each_tygem_game(const std::string& folder, const TygemGameVisitor& visit,
                               const TygemProblemVisitor& on_problem);

}  // namespace tengen::io
