// engine/text_number.h: the numbers of the text protocols, plain digits only, locale-free.
#include "engine/text_number.h"

#include <gtest/gtest.h>

namespace tengen {
namespace {

TEST(TextNumber, DigitsOnlyWithinTheLimit) {
  EXPECT_EQ(parse_digits("0", 9), 0);
  EXPECT_EQ(parse_digits("361", 9), 361);
  EXPECT_EQ(parse_digits("123456789", 9), 123456789);
  for (const char* bad : {"", "1234567890", "-1", "+1", " 1", "1 ", "0x10", "1e3", "12a"})
    EXPECT_FALSE(parse_digits(bad, 9)) << bad;
}

TEST(TextNumber, PlainDecimalsOnly) {
  EXPECT_DOUBLE_EQ(*parse_plain_decimal("6.5", 15), 6.5);
  EXPECT_DOUBLE_EQ(*parse_plain_decimal("-20.00", 15), -20.0);
  EXPECT_DOUBLE_EQ(*parse_plain_decimal("+3", 15), 3.0);
  EXPECT_DOUBLE_EQ(*parse_plain_decimal(".5", 15), 0.5);
  EXPECT_DOUBLE_EQ(*parse_plain_decimal("7.", 15), 7.0);
  for (const char* bad : {"", "-", ".", "0x10", "inf", "nan", "1e3", " 7.5", "7.5 ", "7,5", "1.2.3", "--1"})
    EXPECT_FALSE(parse_plain_decimal(bad, 15)) << bad;
  EXPECT_FALSE(parse_plain_decimal("1234567890123", 12));  // 13 digits over a limit of 12
}

}  // namespace
}  // namespace tengen
