// The 8 board symmetries (engine/symmetry.h) and the equivariance of the feature planes under them.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "engine/features.h"
#include "engine/symmetry.h"
#include "testutil/ascii_board.h"

namespace tengen {
namespace {

TEST(Symmetry, InverseRoundTripOnEveryPoint) {
  for (int size : {5, 9, 13, 19})
    for (int s = 0; s < kNumSymmetries; ++s)
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const Point p = make_point(x, y);
          const Point q = apply_symmetry(p, s, size);
          EXPECT_GE(point_x(q), 0);
          EXPECT_LT(point_x(q), size);
          EXPECT_GE(point_y(q), 0);
          EXPECT_LT(point_y(q), size);
          EXPECT_EQ(apply_symmetry(q, inverse_symmetry(s), size), p) << "size " << size << " sym " << s;
        }
}

TEST(Symmetry, EightDistinctTransformsIdentityFirst) {
  const Point p = make_point(1, 3);  // no symmetry of 9x9 fixes it
  std::set<Point> images;
  for (int s = 0; s < kNumSymmetries; ++s) images.insert(apply_symmetry(p, s, 9));
  EXPECT_EQ(images.size(), 8u);
  EXPECT_EQ(apply_symmetry(p, 0, 9), p);
  EXPECT_EQ(apply_symmetry(p, 1, 9), make_point(7, 3));  // bit 0 flips x
  EXPECT_EQ(apply_symmetry(p, 2, 9), make_point(1, 5));  // bit 1 flips y
  EXPECT_EQ(apply_symmetry(p, 4, 9), make_point(3, 1));  // bit 2 transposes
  EXPECT_EQ(apply_symmetry(kPass, 5, 9), kPass);
}

// Features under symmetry s are the identity features moved by s: plane value at p goes to s(p).
TEST(Symmetry, FeaturesUnderEachSymmetryAreTheTransformedIdentityFeatures) {
  for (int size : {9, 19}) {
    for (int moves : {20, 90, 200}) {
      Game g = testutil::random_game(size, moves, 77 + moves);
      const std::vector<float> f0 = testutil::features_of(g);
      const int area = size * size;
      for (int s = 0; s < kNumSymmetries; ++s) {
        const std::vector<float> fs = testutil::features_of(g, FeatureSet::kValue49, s);
        for (int pl = 0; pl < kValuePlanes; ++pl)
          for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
              const Point q = apply_symmetry(make_point(x, y), s, size);
              ASSERT_EQ(fs[pl * area + point_y(q) * size + point_x(q)], f0[pl * area + y * size + x])
                  << "size " << size << " sym " << s << " plane " << pl << " at " << x << "," << y;
            }
      }
    }
  }
}

// Stronger: the features of the transformed game (every move played at its image) under the
// identity equal the features of the original under s. This catches any reading that depends on
// orientation (the ladder reader's move order, eye tests near edges).
TEST(Symmetry, FeaturesOfTheTransformedGameMatch) {
  for (int size : {9, 19}) {
    for (int moves : {30, 120, 250}) {
      const Game g = testutil::random_game(size, moves, 5 + moves);
      for (int s = 0; s < kNumSymmetries; ++s) {
        Game t(size);
        for (const Move& m : g.moves()) ASSERT_EQ(t.play(apply_symmetry(m.point, s, size), m.color), MoveError::kNone);
        EXPECT_EQ(testutil::features_of(t), testutil::features_of(g, FeatureSet::kValue49, s))
            << "size " << size << " sym " << s << " after " << moves << " moves";
      }
    }
  }
}

}  // namespace
}  // namespace tengen
