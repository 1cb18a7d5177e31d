// Basic Go types shared by the whole engine: colours, points, moves and coordinate text.
// Contract: a Point is an index into a padded (19+2)x(19+2) mailbox; the playing size (5..19) is
// chosen at run time and only the top-left size x size corner is used. Pure values, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tengen {

constexpr int kMaxSize = 19;
constexpr int kMinSize = 5;
constexpr int kStride = kMaxSize + 2;          // padded row length
constexpr int kPadded = kStride * kStride;     // mailbox cells (441)
constexpr int kMaxPoints = kMaxSize * kMaxSize;  // 361

enum class Color : uint8_t { kEmpty = 0, kBlack = 1, kWhite = 2, kEdge = 3 };

constexpr Color opponent(Color c) {
  return c == Color::kBlack ? Color::kWhite : (c == Color::kWhite ? Color::kBlack : c);
}
// 0 for Black, 1 for White (only meaningful for those two).
constexpr int color_index(Color c) { return static_cast<int>(c) - 1; }
const char* color_name(Color c);  // "black"/"white"/"empty"/"edge"

// Padded index. Cells 0 and 1 are edge cells and are reused as the Pass and Resign moves.
using Point = int16_t;
constexpr Point kPass = 0;
constexpr Point kResign = 1;
constexpr Point kNoPoint = -1;

// x = column from the left, y = row from the top (SGF orientation), both 0-based.
constexpr Point make_point(int x, int y) { return static_cast<Point>((y + 1) * kStride + (x + 1)); }
constexpr int point_x(Point p) { return p % kStride - 1; }
constexpr int point_y(Point p) { return p / kStride - 1; }
// Dense index y*19+x (0..360), used by bitboards.
constexpr int dense_index(Point p) { return point_y(p) * kMaxSize + point_x(p); }
// The same as a table lookup, for hot paths (a load instead of a division by 21).
struct DenseIndexTable {
  int16_t of[kPadded];
  constexpr DenseIndexTable() : of{} {
    for (int p = 0; p < kPadded; ++p) {
      const int x = p % kStride - 1, y = p / kStride - 1;
      of[p] = static_cast<int16_t>(x >= 0 && y >= 0 && x < kMaxSize && y < kMaxSize ? y * kMaxSize + x : -1);
    }
  }
};
inline constexpr DenseIndexTable kDenseIndex{};
constexpr Point from_dense(int i) { return make_point(i % kMaxSize, i / kMaxSize); }

constexpr int kNeighbourOffsets[4] = {-kStride, -1, 1, kStride};
constexpr int kDiagonalOffsets[4] = {-kStride - 1, -kStride + 1, kStride - 1, kStride + 1};

struct Move {
  Color color = Color::kEmpty;
  Point point = kNoPoint;
  bool operator==(const Move& o) const { return color == o.color && point == o.point; }
  bool operator!=(const Move& o) const { return !(*this == o); }
};

// GTP vertex text ("D4", "pass"; letters skip I; rows count from the bottom).
std::string point_to_gtp(Point p, int size);
std::optional<Point> point_from_gtp(std::string_view text, int size);  // case-insensitive, accepts "pass"
std::optional<Color> color_from_text(std::string_view text);            // "b", "black", "w", "white"

}  // namespace tengen
