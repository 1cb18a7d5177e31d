// Numbers in the text protocols (SGF properties, GTP arguments), parsed by hand: the result never
// depends on the C locale, and only plain digits are taken (std::stoi and std::strtod accept hex,
// "inf", "nan", exponents and leading spaces: "komi 0x10" was once 16). Standard library only; pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tengen {

// Digits only (no sign, no spaces), at most `max_digits` of them.
std::optional<int> parse_digits(std::string_view s, size_t max_digits);

// [+-]digits[.digits] or [+-].digits, at most `max_digits` digits in all.
std::optional<double> parse_plain_decimal(std::string_view s, int max_digits);

}  // namespace tengen
