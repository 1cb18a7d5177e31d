// Test positions shared by several test files.
#pragma once

namespace tengen::testutil {

// 9x9. O at (2,3) with X left, below and diagonally up-right. Black's atari at (2,2) chases White
// towards the lower right, the one at (3,3) towards the upper left: both ladders work.
inline constexpr const char* kLadder9 =
    ". . . . . . . . .\n"
    ". . . . . . . . .\n"
    ". . . X . . . . .\n"
    ". X O . . . . . .\n"
    ". . X . . . . . .\n"
    ". . . . . . . . .\n"
    ". . . . . . . . .\n"
    ". . . . . . . . .\n"
    ". . . . . . . . .\n";

}  // namespace tengen::testutil
