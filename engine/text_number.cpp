#include "engine/text_number.h"

namespace tengen {

std::optional<int> parse_digits(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<double> parse_plain_decimal(std::string_view s, int max_digits) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  double value = 0, scale = 1;
  int digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) value = value * 10 + (s[i] - '0');
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      scale /= 10;
      value += (s[i] - '0') * scale;
    }
  }
  if (digits == 0 || i != s.size() || digits > max_digits) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace tengen
