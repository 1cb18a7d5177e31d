#include "engine/types.h"

#include <cctype>

namespace tengen {

const char* color_name(Color c) {
  switch (c) {
    case Color::kBlack: return "black";
    case Color::kWhite: return "white";
    case Color::kEmpty: return "empty";
    default: return "edge";
  }
}

std::string point_to_gtp(Point p, int size) {
  if (p == kPass) return "pass";
  if (p == kResign) return "resign";
  int x = point_x(p);
  char letter = static_cast<char>('A' + x + (x >= 8 ? 1 : 0));  // GTP skips I
  return std::string(1, letter) + std::to_string(size - point_y(p));
}

std::optional<Point> point_from_gtp(std::string_view text, int size) {
  std::string t;
  for (char ch : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "pass") return kPass;
  if (t.size() < 2 || t.size() > 3) return std::nullopt;
  char letter = t[0];
  if (letter < 'a' || letter > 'z' || letter == 'i') return std::nullopt;
  int x = letter - 'a' - (letter > 'i' ? 1 : 0);
  int row = 0;
  for (size_t i = 1; i < t.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
    row = row * 10 + (t[i] - '0');
  }
  if (t[1] == '0' || x >= size || row < 1 || row > size) return std::nullopt;
  return make_point(x, size - row);
}

std::optional<Color> color_from_text(std::string_view text) {
  std::string t;
  for (char ch : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "b" || t == "black") return Color::kBlack;
  if (t == "w" || t == "white") return Color::kWhite;
  return std::nullopt;
}

}  // namespace tengen
