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

// 9x9, a finished game with a seki at the top: White's B9-A8-B8-C8 (eye A9) and Black's
// D9-D8-E8-F8-F9 (eye E9) share one liberty, C9, and whoever fills it is captured. Everything else
// is settled: Black has the left side, White the right. GNU Go 3.8 lists both top strings as seki
// and scores W+21.5 at komi 7.5 (Black 30 stones + 3 eyes, White 40 + 7, C9 neither: B-W = -14).
inline constexpr const char* kSeki9 =
    ". O . X . X O . .\n"
    "O O O X X X O . .\n"
    "X X X O O O O O O\n"
    "X X X X O O O O O\n"
    ". X X X O O O O .\n"
    "X X X X O O O O O\n"
    ". X X X O O O O .\n"
    "X X X X O O O O O\n"
    "X X X X O O O O O\n";

// 9x9, a finished game in which White's top-left group A9-D9-D7-A7 is dead although it has two
// liberties, B8 and C8, which it shares with Black's B9 C9 inside: Black at either makes a bent
// three in atari, White takes it, and Black's stone on the vital point leaves White one eye.
// GNU Go 3.8 lists those eight stones dead. Everything else is settled: Black has eyes at F9, F7,
// A5, C5, B3 and A1, White at J9, J7, J5, H4, F2, H2, E1 and J1.
inline constexpr const char* kNakade9 =
    "O X X O X . X O .\n"
    "O . . O X X X O O\n"
    "O O O O X . X O .\n"
    "X X X X X X X O O\n"
    ". X . X X X O O .\n"
    "X X X X X O O . O\n"
    "X . X X O O O O O\n"
    "X X X O O . O . O\n"
    ". X X O . O O O .\n";

}  // namespace tengen::testutil
