// torch's intra-op thread count, set in one place.
//
// set_torch_threads(n) sets torch's intra-op thread count to n (n <= 0: leaves torch's own count,
// which follows OMP_NUM_THREADS). The environment variable TENGEN_TORCH_THREADS=N (N >= 1), when
// set, replaces every count a command asks for, so the whole test suite can be run with another
// thread count, and meet the float summation orders of other machines (scripts/perturbed-tests.sh,
// docs/RELIABILITY.md). It is a testing lever: commands take their counts from their flags.
// Thread-safety: torch's count is process-wide; call it before the forward passes it is meant for.
#pragma once

namespace tengen::nn {

void set_torch_threads(int requested);

}  // namespace tengen::nn
